/* json.c: exact number printing and strict reading around cJSON. */
#define _POSIX_C_SOURCE 200809L
#include "json.h"
#include "date.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
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

/* ---- %.Pg by exact integer arithmetic ----
 *
 * A feature table prints millions of computed numbers, each taking two or
 * three %.Pg to find its shortest form, and glibc's printf works those out
 * in multiple precision: a third of league-features' time. For |v| in
 * [EXACT_LO, EXACT_HI) the digits come from 128-bit integers instead,
 * exactly: v = m 2^e, and v 10^s = m 10^s / 2^-e (or m / (2^-e 10^-s))
 * rounded half to even, as printf rounds (in the default rounding mode).
 * The text is then laid out as %g lays it out. */
#define EXACT_LO 1e-5
#define EXACT_HI 1e15

__extension__ typedef unsigned __int128 u128;

/* 10^k, 0 <= k <= 38, from a table made on first use. */
static u128 pow10_u128(int k)
{
    static u128 table[39];
    if (table[0] == 0) {
        u128 r = 1;
        for (int i = 0; i < 39; i++, r *= 10)
            table[i] = r;
    }
    return table[k];
}

/* num / den rounded half to even, or (truncate) rounded down. */
static u128 divide(u128 num, u128 den, int truncate)
{
    u128 q = num / den, r = num % den;
    if (!truncate && (2 * r > den || (2 * r == den && (q & 1))))
        q++;
    return q;
}

/* |v| 10^s as an integer, |v| = m 2^e (e < 0 here). */
static u128 scaled(uint64_t m, int e, int s, int truncate)
{
    if (s >= 0)
        return divide((u128)m * pow10_u128(s), (u128)1 << -e, truncate);
    return divide(m, ((u128)1 << -e) * pow10_u128(-s), truncate);
}

/* The P significant digits of |v| (1 <= P <= 17) into d, and the decimal
 * exponent of the first. */
static void exact_digits(double v, int prec, char d[18], int *exp10)
{
    int e;
    double f = frexp(fabs(v), &e); /* |v| = f 2^e, f in [0.5, 1) */
    uint64_t m = (uint64_t)ldexp(f, 53);
    e -= 53;
    /* 10^x <= |v| < 10^(x + 1), from log10 and put right where it is off
     * by one (near a power of ten): |v| 10^(16 - x) rounded down has 17
     * digits. */
    int x = (int)floor(log10(fabs(v)));
    u128 top = scaled(m, e, 16 - x, 1);
    if (top < pow10_u128(16))
        x--;
    else if (top >= pow10_u128(17))
        x++;
    u128 digits = scaled(m, e, prec - 1 - x, 0);
    if (digits == pow10_u128(prec)) { /* rounded up to the next power of ten */
        x++;
        digits = pow10_u128(prec - 1);
    }
    uint64_t low = (uint64_t)digits; /* below 10^17 */
    for (int i = prec - 1; i >= 0; i--, low /= 10)
        d[i] = (char)('0' + (int)(low % 10));
    d[prec] = '\0';
    *exp10 = x;
}

/* snprintf(buf, 32, "%.*g", prec, v), the digits found exactly where v is
 * in range. */
static void format_g(double v, int prec, char buf[32])
{
    double a = fabs(v);
    if (!(a >= EXACT_LO && a < EXACT_HI)) {
        snprintf(buf, 32, "%.*g", prec, v);
        return;
    }
    char d[18];
    int x, n = prec;
    exact_digits(v, prec, d, &x);
    while (n > 1 && d[n - 1] == '0') /* %g drops trailing zeros */
        n--;
    char *out = buf;
    if (v < 0)
        *out++ = '-';
    if (x < -4 || x >= prec) {
        *out++ = d[0];
        if (n > 1) {
            *out++ = '.';
            memcpy(out, d + 1, (size_t)n - 1);
            out += n - 1;
        }
        sprintf(out, "e%c%02d", x < 0 ? '-' : '+', x < 0 ? -x : x);
    } else if (x < 0) {
        *out++ = '0';
        *out++ = '.';
        for (int z = -1; z > x; z--)
            *out++ = '0';
        memcpy(out, d, (size_t)n);
        out[n] = '\0';
    } else {
        int whole = x + 1;
        memcpy(out, d, (size_t)(whole < n ? whole : n));
        out += whole < n ? whole : n;
        for (int z = n; z < whole; z++)
            *out++ = '0';
        if (n > whole) {
            *out++ = '.';
            memcpy(out, d + whole, (size_t)(n - whole));
            out += n - whole;
        }
        *out = '\0';
    }
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
    format_g(v, 15, buf);
    if (strtod(buf, NULL) != v) {
        format_g(v, 16, buf);
        printed = 16;
        lo = hi = strtod(buf, NULL) == v ? 16 : 17;
    } else {
        /* Numbers read from data (odds, rates) have a few digits: try
         * those upward first. */
        for (hi = 15; lo <= 4; lo++) {
            format_g(v, printed = lo, buf);
            if (strtod(buf, NULL) == v) {
                hi = lo;
                break;
            }
        }
    }
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        format_g(v, printed = mid, buf);
        if (strtod(buf, NULL) == v)
            hi = mid;
        else
            lo = mid + 1;
    }
    int prec = lo;
    if (printed != prec) /* (a table of features prints millions) */
        format_g(v, prec, buf);
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

cJSON *json_number_array(const double *v, int n)
{
    cJSON *arr = cJSON_CreateArray();
    if (!arr)
        die("out of memory");
    for (int i = 0; i < n; i++)
        if (!cJSON_AddItemToArray(arr, json_number(v[i])))
            die("out of memory");
    return arr;
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
