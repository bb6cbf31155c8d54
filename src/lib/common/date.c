/* date.c: civil-date arithmetic (H. Hinnant's days_from_civil algorithm). */
#include "date.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

int same_month(int a, int b)
{
    return month_start(a) == month_start(b);
}

int month_start(int days)
{
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    return days - (d - 1);
}

static int valid_date(int y, int m, int d, int *days)
{
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return -1;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap)
        return -1;
    *days = days_from_civil(y, m, d);
    return 0;
}

/* Reads exactly n digits. */
static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int date_parse_iso(const char *s, int *days)
{
    int y, m, d;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
        digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
        return -1;
    return valid_date(y, m, d, days);
}

int date_parse_dmy(const char *s, int *days)
{
    int y, m, d;
    size_t n = strlen(s);
    if ((n != 8 && n != 10) || s[2] != '/' || s[5] != '/' ||
        digits(s, 2, &d) || digits(s + 3, 2, &m) || digits(s + 6, (int)n - 6, &y))
        return -1;
    if (n == 8)
        y += y >= 50 ? 1900 : 2000;
    return valid_date(y, m, d, days);
}

void date_format(int days, char buf[11])
{
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    /* "%04u-%02u-%02u" of the year mod 10000, month and day, digit by
     * digit: every row written or digested formats its date. */
    unsigned yy = (unsigned)y % 10000u, mm = (unsigned)m % 100u, dd = (unsigned)d % 100u;
    const unsigned part[3] = { yy, mm, dd }, width[3] = { 4, 2, 2 };
    char *p = buf;
    for (int i = 0; i < 3; i++) {
        for (unsigned w = width[i], scale = w == 4 ? 1000u : 10u; w > 0; w--, scale /= 10)
            *p++ = (char)('0' + part[i] / scale % 10);
        *p++ = i < 2 ? '-' : '\0';
    }
}

void season_of(int days, char buf[8])
{
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    int start = m >= 7 ? y : y - 1;
    snprintf(buf, 8, "%04u-%02u", (unsigned)start % 10000u,
             (unsigned)(start + 1) % 100u);
}

int date_option(const char *option, const char *arg)
{
    int days;
    if (date_parse_iso(arg, &days))
        die_code(EXIT_USAGE, "%s: want a date YYYY-MM-DD, got '%s'", option, arg);
    return days;
}
