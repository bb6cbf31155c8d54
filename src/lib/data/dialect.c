/* dialect.c: delimiter, decimal mark and date order, decided per file. */
#include "dialect.h"
#include "date.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many fields of line, split at delim (quotes ignored: header names
 * are plain), are known column names. */
static int known_fields(const char *line, char delim, const char *const *known)
{
    int count = 0;
    const char *p = line;
    for (;;) {
        const char *name = p;
        while (*name == ' ')
            name++;
        size_t len = strcspn(name, (char[]){ delim, '\r', '\n', '\0' });
        while (len && name[len - 1] == ' ')
            len--;
        if (len >= 2 && name[0] == '"' && name[len - 1] == '"') /* "Div";"Date" */
            name++, len -= 2;
        for (const char *const *k = known; *k; k++)
            if (strlen(*k) == len && strncmp(name, *k, len) == 0) {
                count++;
                break;
            }
        p += strcspn(p, (char[]){ delim, '\r', '\n', '\0' });
        if (*p != delim)
            return count;
        p++;
    }
}

static const char *delim_name(char d)
{
    return d == ',' ? "commas" : d == ';' ? "semicolons" : "tabs";
}

int dialect_delimiter(const char *line, const char *const *known, char *delim,
                      char *why, size_t whylen)
{
    static const char candidates[] = { ',', ';', '\t' };
    int best = 0, ties = 0, count[3];
    for (int i = 0; i < 3; i++) {
        count[i] = known_fields(line, candidates[i], known);
        if (count[i] > count[best])
            best = i;
    }
    for (int i = 0; i < 3; i++)
        ties += count[i] == count[best];
    if (count[best] >= 2 && ties == 1) {
        *delim = candidates[best];
        return 0;
    }
    size_t n[3] = { 0, 0, 0 }, len = strcspn(line, "\r\n");
    for (size_t i = 0; i < len; i++)
        for (int c = 0; c < 3; c++)
            n[c] += line[i] == candidates[c];
    if (count[best] < 2)
        snprintf(why, whylen,
                 "header not recognised (%zu commas, %zu semicolons, %zu tabs; no "
                 "delimiter gives the columns of a football-data.co.uk or canonical "
                 "file): '%.60s'", n[0], n[1], n[2], line);
    else {
        int other = 0;
        while (other == best || count[other] != count[best])
            other++;
        snprintf(why, whylen, "cannot tell the delimiter: %s and %s both give %d known "
                 "columns", delim_name(candidates[best]), delim_name(candidates[other]),
                 count[best]);
    }
    return -1;
}

/* The three numbers of a d/m/y date and the length of its year, or -1.
 * Both separators must be the same one of '/', '.' and '-'. */
static int date_parts(const char *s, int part[3], int *year_digits)
{
    const char *p = s;
    char sep = 0;
    for (int k = 0; k < 3; k++) {
        int len = 0, v = 0;
        while (isdigit((unsigned char)p[len]) && len < 5)
            v = v * 10 + (p[len++] - '0');
        if (k < 2 ? len < 1 || len > 2 : len != 2 && len != 4)
            return -1;
        part[k] = v;
        p += len;
        if (k == 2) {
            *year_digits = len;
            break;
        }
        if (!sep && (*p == '/' || *p == '.' || *p == '-'))
            sep = *p;
        if (*p != sep)
            return -1;
        p++;
    }
    return *p ? -1 : 0;
}

/* A date written year first, "yyyy-mm-dd" (ISO 8601, as a spreadsheet set
 * to that format saves it), or with '/' or '.' in place of both '-': its
 * four-digit year leaves no doubt which number is which, whatever order
 * the file's other dates use. 0 and days, or -1 when s is not one. */
static int year_first_date(const char *s, int *days)
{
    size_t year = strspn(s, "0123456789");
    char sep = s[year];
    if (year != 4 || (sep != '-' && sep != '/' && sep != '.'))
        return -1;
    const char *p = s + year + 1;
    int mmdd[2];
    for (int k = 0; k < 2; k++) {
        size_t len = strspn(p, "0123456789");
        if (len < 1 || len > 2 || p[len] != (k == 0 ? sep : '\0'))
            return -1;
        mmdd[k] = len == 1 ? p[0] - '0' : 10 * (p[0] - '0') + (p[1] - '0');
        p += len + 1;
    }
    char iso[32];
    snprintf(iso, sizeof iso, "%.4s-%02d-%02d", s, mmdd[0], mmdd[1]);
    return date_parse_iso(iso, days);
}

int date_parse_ordered(const char *s, enum date_order order, int *days)
{
    int part[3], ydigits;
    if (year_first_date(s, days) == 0)
        return 0;
    if (date_parts(s, part, &ydigits))
        return -1;
    int d = order == DAY_FIRST ? part[0] : part[1];
    int m = order == DAY_FIRST ? part[1] : part[0];
    int y = part[2];
    if (ydigits == 2)
        y += y >= 50 ? 1900 : 2000;
    char iso[32];
    snprintf(iso, sizeof iso, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    return date_parse_iso(iso, days);
}

/* The days from the first to the last of the dates, read in `order`
 * (those that read so; year-first ones whatever the order). */
static int date_span(char *const *dates, size_t n, enum date_order order)
{
    int first = 0, last = 0, any = 0;
    for (size_t i = 0; i < n; i++) {
        int days;
        if (date_parse_ordered(dates[i], order, &days))
            continue;
        first = any && first < days ? first : days;
        last = any && last > days ? last : days;
        any = 1;
    }
    return last - first;
}

int dialect_date_order(char *const *dates, const long *lines, size_t n,
                       enum date_order *order, char *why, size_t whylen)
{
    long day_first = -1, month_first = -1; /* index of the evidence */
    long two_ways = -1; /* a date that reads as two days, */
    int two_ways_day = 0; /* its day-first one */
    for (size_t i = 0; i < n; i++) {
        int part[3], ydigits;
        if (date_parts(dates[i], part, &ydigits))
            continue;
        if (part[0] > 12 && part[1] <= 12 && day_first < 0)
            day_first = (long)i;
        if (part[1] > 12 && part[0] <= 12 && month_first < 0)
            month_first = (long)i;
        int day_first_day, month_first_day; /* (a bad date, 05/00/2026, reads no way) */
        if (two_ways < 0 && part[0] != part[1] &&
            date_parse_ordered(dates[i], DAY_FIRST, &day_first_day) == 0 &&
            date_parse_ordered(dates[i], MONTH_FIRST, &month_first_day) == 0)
            two_ways = (long)i, two_ways_day = day_first_day;
    }
    if (day_first >= 0 && month_first >= 0) {
        snprintf(why, whylen, "dates fit neither day-first nor month-first: '%s' (line "
                 "%ld) and '%s' (line %ld)", dates[day_first], lines[day_first],
                 dates[month_first], lines[month_first]);
        return -1;
    }
    *order = month_first >= 0 ? MONTH_FIRST : DAY_FIRST;
    if (day_first >= 0 || month_first >= 0 || two_ways < 0)
        return 0;
    /* No day or month above 12 (a week of fixtures early in a month): the
     * matches of one file lie close together, so a reading that puts
     * them in a quarter of the days the other does is the file's (05/12
     * to 08/12: 3 days day-first, 92 month-first). */
    int span_day = date_span(dates, n, DAY_FIRST), span_month = date_span(dates, n, MONTH_FIRST);
    if (span_day > 0 && 4 * span_month <= span_day) {
        *order = MONTH_FIRST;
        return 0;
    }
    if (span_month > 0 && 4 * span_day <= span_month)
        return 0;
    char iso[11];
    date_format(two_ways_day, iso);
    snprintf(why, whylen, "no date tells whether the day or the month comes first (no "
             "number above 12, and the dates lie as close together either way): read "
             "day-first, as football-data.co.uk writes them ('%s', line %ld, is %s)",
             dates[two_ways], lines[two_ways], iso);
    return 1;
}

int parse_decimal(const char *s, char mark, double *out)
{
    if (mark == '.' || !strchr(s, ','))
        return mark == ',' && strchr(s, '.') ? -1 : parse_double(s, out);
    char buf[64];
    if (strlen(s) >= sizeof buf || strchr(s, ',') != strrchr(s, ','))
        return -1;
    strcpy(buf, s);
    *strchr(buf, ',') = '.';
    return parse_double(buf, out);
}

/* 1 if s is digits, one mark, digits (a number written with that mark). */
static int written_with(const char *s, char mark)
{
    size_t a = strspn(s, "0123456789");
    return a > 0 && s[a] == mark && s[a + 1 + strspn(s + a + 1, "0123456789")] == '\0' &&
           isdigit((unsigned char)s[a + 1]);
}

int dialect_decimal(char *const *cells, const long *lines, size_t n,
                    char *decimal, char *why, size_t whylen)
{
    long comma = -1, point = -1;
    *decimal = '.';
    for (size_t i = 0; i < n; i++) {
        if (comma < 0 && written_with(cells[i], ','))
            comma = (long)i;
        if (point < 0 && written_with(cells[i], '.'))
            point = (long)i;
    }
    if (comma >= 0 && point >= 0) {
        snprintf(why, whylen, "numbers with both a decimal comma and a decimal point: "
                 "'%s' (line %ld) and '%s' (line %ld)", cells[comma], lines[comma],
                 cells[point], lines[point]);
        return -1;
    }
    if (comma >= 0)
        *decimal = ',';
    return 0;
}
