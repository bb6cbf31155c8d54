/* test_date.c: calendar arithmetic, date parsing, season labels and match
 * weeks, against a day-by-day calendar kept by the test itself and dates
 * worked out by hand. TAP output. */
#include "date.h"
#include "walkforward.h"

#include <string.h>

#include "tap.h"

/* The test's own calendar, independent of date.c. */
static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
    static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

/* Day of the week by Sakamoto's method: 0 Sunday, 1 Monday, ... 6 Saturday. */
static int weekday(int y, int m, int d)
{
    static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
    y -= m < 3;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

static void test_known_days(void)
{
    ok(days_from_civil(1970, 1, 1) == 0, "1970-01-01 is day 0");
    ok(days_from_civil(1969, 12, 31) == -1, "1969-12-31 is day -1");
    ok(days_from_civil(2000, 1, 1) == 10957, "2000-01-01 is day 10957 (30 years, 7 leap days)");
    ok(days_from_civil(2000, 3, 1) == 10957 + 31 + 29, "2000-03-01 follows a 29-day February");
    ok(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28) == 1,
       "1900 has no February 29 (divisible by 100)");
    ok(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28) == 2,
       "2000 has a February 29 (divisible by 400)");
    ok(days_from_civil(1800, 1, 1) == -62091, "1800-01-01 is day -62091");
}

/* Walks every day from 1800-01-01 to 2200-12-31 with the test's calendar:
 * days_from_civil must count up by one, civil_from_days must invert it, and
 * date_format/date_parse_iso must round-trip. Reported as one point each. */
static void test_round_trip(void)
{
    int y = 1800, m = 1, d = 1, expect = days_from_civil(1800, 1, 1);
    int bad_count = 0, bad_inverse = 0, bad_format = 0, bad_parse = 0, ndays = 0;
    char buf[11], want[40];
    while (y <= 2200) {
        int days = days_from_civil(y, m, d), yy, mm, dd, back;
        if (days != expect && bad_count++ == 0)
            diag("days_from_civil(%d, %d, %d) = %d, want %d", y, m, d, days, expect);
        civil_from_days(expect, &yy, &mm, &dd);
        if ((yy != y || mm != m || dd != d) && bad_inverse++ == 0)
            diag("civil_from_days(%d) = %d-%d-%d, want %d-%d-%d", expect, yy, mm, dd, y, m, d);
        date_format(expect, buf);
        snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
        if (strcmp(buf, want) != 0 && bad_format++ == 0)
            diag("date_format(%d) = %s, want %s", expect, buf, want);
        if ((date_parse_iso(want, &back) != 0 || back != expect) && bad_parse++ == 0)
            diag("date_parse_iso(%s) failed or gave %d", want, back);
        ndays++;
        expect++;
        if (++d > month_days(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    /* 401 years, 97 of them leap (101 multiples of 4 less 1800, 1900, 2100, 2200). */
    ok(ndays == 401 * 365 + 97, "1800-01-01 .. 2200-12-31 walked: %d days", ndays);
    ok(bad_count == 0, "days_from_civil counts up by one each day 1800..2200 (%d wrong)",
       bad_count);
    ok(bad_inverse == 0, "civil_from_days inverts days_from_civil 1800..2200 (%d wrong)",
       bad_inverse);
    ok(bad_format == 0, "date_format writes YYYY-MM-DD 1800..2200 (%d wrong)", bad_format);
    ok(bad_parse == 0, "date_parse_iso reads date_format back 1800..2200 (%d wrong)",
       bad_parse);
}

static int iso(const char *s)
{
    int days = 123456789;
    return date_parse_iso(s, &days) == 0 ? days : 123456789;
}

static int dmy(const char *s)
{
    int days = 123456789;
    return date_parse_dmy(s, &days) == 0 ? days : 123456789;
}

#define INVALID 123456789

static void test_parse_iso(void)
{
    ok(iso("2019-08-09") == days_from_civil(2019, 8, 9), "iso: 2019-08-09");
    ok(iso("2000-02-29") == days_from_civil(2000, 2, 29), "iso: 2000-02-29 is a real date");
    ok(iso("2024-02-29") == days_from_civil(2024, 2, 29), "iso: 2024-02-29 is a real date");
    ok(iso("1900-02-29") == INVALID, "iso: 1900-02-29 is not (1900 is not a leap year)");
    ok(iso("2023-02-29") == INVALID, "iso: 2023-02-29 is not");
    ok(iso("1800-01-01") == days_from_civil(1800, 1, 1), "iso: 1800-01-01, first year accepted");
    ok(iso("2200-12-31") == days_from_civil(2200, 12, 31), "iso: 2200-12-31, last day accepted");
    static const char *const bad[] = {
        "", "2019-8-09", "2019-08-9", "19-08-09", "2019/08/09", "2019-08-09 ", " 2019-08-09",
        "2019-08-09T00:00", "2019-00-10", "2019-13-01", "2019-04-31", "2019-01-32",
        "2019-01-00", "+019-01-01", "2019-0a-01", "1799-12-31", "2201-01-01", "09/08/2019",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ok(iso(bad[i]) == INVALID, "iso: '%s' rejected", bad[i]);
}

static void test_parse_dmy(void)
{
    ok(dmy("09/08/19") == days_from_civil(2019, 8, 9), "dmy: 09/08/19 is 2019-08-09");
    ok(dmy("09/08/2019") == days_from_civil(2019, 8, 9), "dmy: 09/08/2019 is 2019-08-09");
    ok(dmy("01/01/49") == days_from_civil(2049, 1, 1), "dmy: two-digit 49 is 2049");
    ok(dmy("01/01/50") == days_from_civil(1950, 1, 1), "dmy: two-digit 50 is 1950");
    ok(dmy("31/12/99") == days_from_civil(1999, 12, 31), "dmy: two-digit 99 is 1999");
    ok(dmy("01/01/00") == days_from_civil(2000, 1, 1), "dmy: two-digit 00 is 2000");
    ok(dmy("29/02/00") == days_from_civil(2000, 2, 29), "dmy: 29/02/00 (2000, leap)");
    ok(dmy("29/02/2000") == days_from_civil(2000, 2, 29), "dmy: 29/02/2000 (leap)");
    ok(dmy("29/02/1900") == INVALID, "dmy: 29/02/1900 rejected (not leap)");
    ok(dmy("29/02/19") == INVALID, "dmy: 29/02/19 rejected (not leap)");
    static const char *const bad[] = {
        "", "9/8/19", "09/8/19", "09/08/019", "09-08-2019", "2019-08-09", "32/01/2019",
        "00/01/2019", "01/13/2019", "31/04/2019", "09/08/19 ", "09/08/2019x", "0a/08/2019",
        "09/08/1", "09/08/20190",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ok(dmy(bad[i]) == INVALID, "dmy: '%s' rejected", bad[i]);
}

static int season_is(int y, int m, int d, const char *want)
{
    char buf[8];
    memset(buf, 'x', sizeof buf);
    season_of(days_from_civil(y, m, d), buf);
    int good = strcmp(buf, want) == 0;
    ok(good, "season_of(%04d-%02d-%02d) is %s", y, m, d, want);
    if (!good)
        diag("  got '%.8s'", buf);
    return good;
}

/* season_of labels the season that *starts* on a date: a start from July on
 * begins "YYYY-YY+1", earlier in the year is taken as the tail of a season
 * that began the year before. It is a function of one date, so a late match
 * of a season (2020-07-26, the Covid-delayed end of 2019-20) is labelled
 * 2020-21 by it: callers that want a match's season read the season column,
 * or take season_of of the season's first match. */
static void test_season_of(void)
{
    season_is(2019, 8, 9, "2019-20");
    season_is(2020, 7, 26, "2020-21");
    season_is(2020, 5, 1, "2019-20");
    season_is(2020, 6, 30, "2019-20");
    season_is(2020, 7, 1, "2020-21");
    season_is(2021, 1, 1, "2020-21");
    season_is(1999, 8, 1, "1999-00");
    season_is(2000, 3, 1, "1999-00");
    season_is(2099, 12, 31, "2099-00");
    season_is(1993, 8, 14, "1993-94");
}

/* Monday of the week: a Monday maps to itself, the rest of the week to the
 * Monday before; checked against Sakamoto's weekday for 1800..2200. */
static void test_week_start(void)
{
    int mon = days_from_civil(2024, 1, 1); /* a Monday */
    ok(weekday(2024, 1, 1) == 1, "the test's weekday: 2024-01-01 is a Monday");
    ok(week_start_of(mon) == mon, "week_start_of(Monday 2024-01-01) is itself");
    ok(week_start_of(mon + 6) == mon, "week_start_of(Sunday 2024-01-07) is 2024-01-01");
    ok(week_start_of(mon + 7) == mon + 7, "week_start_of(Monday 2024-01-08) is itself");
    ok(week_start_of(mon - 1) == mon - 7, "week_start_of(Sunday 2023-12-31) is 2023-12-25");
    ok(week_start_of(0) == days_from_civil(1969, 12, 29),
       "week_start_of(Thursday 1970-01-01) is 1969-12-29 (negative days)");
    ok(week_start_of(days_from_civil(1969, 12, 28)) == days_from_civil(1969, 12, 22),
       "week_start_of(Sunday 1969-12-28) is 1969-12-22");
    ok(week_start_of(days_from_civil(1969, 12, 29)) == days_from_civil(1969, 12, 29),
       "week_start_of(Monday 1969-12-29) is itself");

    int wrong = 0;
    for (int days = days_from_civil(1800, 1, 1); days <= days_from_civil(2200, 12, 31); days++) {
        int ws = week_start_of(days), y, m, d;
        civil_from_days(ws, &y, &m, &d);
        if ((ws > days || days - ws > 6 || weekday(y, m, d) != 1) && wrong++ == 0)
            diag("week_start_of(%d) = %d", days, ws);
    }
    ok(wrong == 0, "week_start_of is the Monday on or before every day 1800..2200 (%d wrong)",
       wrong);
}

/* A good option value is its day (the bad ones are the programs' usage
 * errors, tested through them: tests/cli/fit-poisson.bats and others). */
static void test_date_option(void)
{
    ok(date_option("--until", "2024-05-01") == days_from_civil(2024, 5, 1),
       "date_option gives the day of a YYYY-MM-DD");
}

int main(void)
{
    test_known_days();
    test_round_trip();
    test_parse_iso();
    test_parse_dmy();
    test_season_of();
    test_week_start();
    test_date_option();
    return done_testing();
}
