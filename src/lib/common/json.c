/* json.c: exact number printing and strict reading around cJSON. */
#define _POSIX_C_SOURCE 200809L
#include "json.h"
#include "date.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Writes |n| (< 2^50) with a point before its last `places` digits, as %g
 * writes such a number in plain notation ("0.05", "2.1", "1500"). */
static void write_scaled(char *out, long long n, int places)
{
    /* The digits by hand: every canonical row's odds pass here when a
     * data version or a week's key is digested, and snprintf was a tenth
     * of a metrics run. */
    char digits[24], *p = digits + sizeof digits;
    unsigned long long u = (unsigned long long)n;
    *--p = '\0';
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    int len = (int)(digits + sizeof digits - 1 - p);
    memmove(digits, p, (size_t)len + 1);
    int whole = len - places;
    if (whole <= 0) {
        *out++ = '0';
        *out++ = '.';
        for (; whole < 0; whole++)
            *out++ = '0';
        memcpy(out, digits, (size_t)len + 1);
        return;
    }
    memcpy(out, digits, (size_t)whole);
    out += whole;
    if (places > 0)
        *out++ = '.';
    memcpy(out, digits + whole, (size_t)places + 1);
}

/* The numbers read from data (odds, counts, rates) are short decimals: v
 * is n / 10^j exactly, as strtod reads "n e-j", for the least j of 0..4
 * (n then has no trailing zero unless j is 0). With |n| < 2^50 no decimal
 * with fewer significant digits lies within half an ulp of v, so n's
 * digits are the shortest %g that reads back, in plain notation (an
 * exponent of at least -4; an integer's zeros are written out, as the
 * plain form below does). 1 when v is such a number, 0 otherwise. */
static int format_short_decimal(double v, char buf[32])
{
    static const double ten[] = { 1, 10, 100, 1000, 10000 };
    const double limit = 1125899906842624.0; /* 2^50 */
    double a = fabs(v);
    if (!(a * ten[4] < limit))
        return 0;
    for (int j = 0; j <= 4; j++) {
        double n = rint(a * ten[j]);
        if (n == 0 || n / ten[j] != a)
            continue;
        if (j > 0 && (long long)n % 10 == 0) /* (n is whole, below 2^50) */
            return 0;
        char *out = buf;
        if (v < 0)
            *out++ = '-';
        write_scaled(out, (long long)n, j);
        return 1;
    }
    return 0;
}

void format_double(double v, char buf[32])
{
    if (v == 0) { /* also folds -0 to 0, for byte-identical files */
        strcpy(buf, "0");
        return;
    }
    if (format_short_decimal(v, buf))
        return;
    /* Whether a precision reads back exactly is monotone in it (17 always
     * does): bisect for the least. Most computed numbers need 16 or 17
     * digits: 15 and 16 are tried first, and the bisection runs only below
     * a 15 that reads back (after 1 to 4 digits). */
    int lo = 1, hi = 17, printed = 15; /* buf holds %.{printed}g */
    snprintf(buf, 32, "%.15g", v);
    if (strtod(buf, NULL) != v) {
        snprintf(buf, 32, "%.16g", v);
        printed = 16;
        lo = hi = strtod(buf, NULL) == v ? 16 : 17;
    } else {
        /* Numbers read from data (odds, rates) have a few digits: try
         * those upward first. */
        for (hi = 15; lo <= 4; lo++) {
            snprintf(buf, 32, "%.*g", printed = lo, v);
            if (strtod(buf, NULL) == v) {
                hi = lo;
                break;
            }
        }
    }
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        snprintf(buf, 32, "%.*g", printed = mid, v);
        if (strtod(buf, NULL) == v)
            hi = mid;
        else
            lo = mid + 1;
    }
    int prec = lo;
    if (printed != prec) /* (a table of features prints millions) */
        snprintf(buf, 32, "%.*g", prec, v);
    /* 1500, not 1.5e+03: plain notation where it is as exact. */
    if (strchr(buf, 'e') && fabs(v) >= 1e-4 && fabs(v) < 1e15)
        for (int more = prec; more <= 17; more++) {
            char plain[32];
            snprintf(plain, sizeof plain, "%.*g", more, v);
            if (!strchr(plain, 'e') && strtod(plain, NULL) == v) {
                strcpy(buf, plain);
                return;
            }
        }
}

cJSON *json_number(double v)
{
    char buf[32];
    if (!isfinite(v))
        die("internal error: non-finite number in JSON output");
    format_double(v, buf);
    cJSON *item = cJSON_CreateRaw(buf);
    if (!item)
        die("out of memory");
    return item;
}

static cJSON *add(cJSON *obj, const char *key, cJSON *item)
{
    if (!item || !cJSON_AddItemToObject(obj, key, item))
        die("out of memory");
    return item;
}

cJSON *json_add_number(cJSON *obj, const char *key, double v)
{
    return add(obj, key, json_number(v));
}

cJSON *json_add_string(cJSON *obj, const char *key, const char *s)
{
    return add(obj, key, cJSON_CreateString(s));
}

cJSON *json_add_date(cJSON *obj, const char *key, int days)
{
    char buf[11];
    date_format(days, buf);
    return json_add_string(obj, key, buf);
}

cJSON *json_add_object(cJSON *obj, const char *key)
{
    return add(obj, key, cJSON_CreateObject());
}

cJSON *json_add_array(cJSON *obj, const char *key)
{
    return add(obj, key, cJSON_CreateArray());
}

void json_write(FILE *fp, const cJSON *obj)
{
    char *text = cJSON_Print(obj);
    if (!text)
        die("out of memory");
    fputs(text, fp);
    fputc('\n', fp);
    cJSON_free(text);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        die("%s: %s", path, strerror(errno));
    char *buf = read_all(fp, len);
    if (!buf)
        die("%s: read error", path);
    fclose(fp);
    return buf;
}

cJSON *json_read_file(const char *path)
{
    size_t len;
    char *text = slurp(path, &len);
    const char *end = NULL;
    if (memchr(text, '\0', len))
        die("%s: NUL byte in JSON", path);
    /* The length includes the final NUL: cJSON checks for it there. */
    cJSON *obj = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
    if (!obj) {
        long line = 1;
        for (const char *p = text; end && p < end; p++)
            line += *p == '\n';
        die("%s:%ld: invalid JSON", path, line);
    }
    free(text);
    return obj;
}

const cJSON *json_get_item(const cJSON *obj, const char *key, const char *what)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item)
        die("%s: missing member '%s'", what, key);
    return item;
}

double json_get_number(const cJSON *obj, const char *key, const char *what)
{
    const cJSON *item = json_get_item(obj, key, what);
    if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble))
        die("%s: member '%s' is not a finite number", what, key);
    return item->valuedouble;
}

int json_get_int(const cJSON *obj, const char *key, int lo, int hi, const char *what)
{
    double v = json_get_number(obj, key, what);
    if (v != floor(v) || v < lo || v > hi)
        die("%s: member '%s' is not a whole number from %d to %d", what, key, lo, hi);
    return (int)v;
}

const char *json_get_string(const cJSON *obj, const char *key, const char *what)
{
    const cJSON *item = json_get_item(obj, key, what);
    if (!cJSON_IsString(item))
        die("%s: member '%s' is not a string", what, key);
    return item->valuestring;
}
