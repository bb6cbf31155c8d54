/* test_dialect.c: delimiter, date order and decimal mark of a file, told
 * from its own contents; dates read in either order. TAP output. */
#include "date.h"
#include "dialect.h"

#include <string.h>

#include "tap.h"

static const char *const known[] = { "Div", "Date", "HomeTeam", "AwayTeam", "FTHG", NULL };

static void test_delimiter(void)
{
    char d = 0, why[256];
    ok(dialect_delimiter("Div,Date,HomeTeam,AwayTeam", known, &d, why, sizeof why) == 0 &&
           d == ',', "commas");
    ok(dialect_delimiter("Div; Date; HomeTeam ; AwayTeam", known, &d, why, sizeof why) == 0 &&
           d == ';', "spaces around the names");
    ok(dialect_delimiter("\"Div\";\"Date\";\"HomeTeam\"", known, &d, why, sizeof why) == 0 &&
           d == ';', "quoted names (a spreadsheet quoting every text cell)");
    ok(dialect_delimiter("Div;Date;HomeTeam;AwayTeam;B365H", known, &d, why, sizeof why) == 0 &&
           d == ';', "semicolons");
    ok(dialect_delimiter("Div\tDate\tHomeTeam\tAwayTeam\r", known, &d, why, sizeof why) == 0 &&
           d == '\t', "tabs, CR at the end");
    /* a semicolon inside a comma-separated header: the commas give more names */
    ok(dialect_delimiter("Div,Date,HomeTeam,Away;Team,FTHG", known, &d, why, sizeof why) == 0 &&
           d == ',', "the delimiter that gives the most known names wins");
    ok(dialect_delimiter("E0;10.08.2019;Liverpool;Norwich", known, &d, why, sizeof why) == -1 &&
           strstr(why, "0 commas, 3 semicolons, 0 tabs"), "no known names: says what it saw");
    ok(dialect_delimiter("Div,Date,x;HomeTeam;AwayTeam", known, &d, why, sizeof why) == -1 &&
           strstr(why, "cannot tell the delimiter"), "a tie is an error: '%s'", why);
}

static int parsed(const char *s, enum date_order o, int y, int m, int d)
{
    int days;
    return date_parse_ordered(s, o, &days) == 0 && days == days_from_civil(y, m, d);
}

static void test_dates(void)
{
    int days;
    ok(parsed("10/08/2019", DAY_FIRST, 2019, 8, 10), "dd/mm/yyyy");
    ok(parsed("10/08/19", DAY_FIRST, 2019, 8, 10), "dd/mm/yy");
    ok(parsed("10.08.2019", DAY_FIRST, 2019, 8, 10), "dd.mm.yyyy");
    ok(parsed("1.8.93", DAY_FIRST, 1993, 8, 1), "d.m.yy, 19yy from 50 up");
    ok(parsed("08/10/2019", MONTH_FIRST, 2019, 8, 10), "mm/dd/yyyy");
    ok(parsed("10-08-2019", DAY_FIRST, 2019, 8, 10), "dd-mm-yyyy");
    ok(date_parse_ordered("10/08.2019", DAY_FIRST, &days) == -1, "two separators refused");
    ok(parsed("2019-08-10", DAY_FIRST, 2019, 8, 10), "yyyy-mm-dd in a day-first file");
    ok(parsed("2019-08-10", MONTH_FIRST, 2019, 8, 10), "yyyy-mm-dd in a month-first file");
    ok(parsed("2019/8/1", DAY_FIRST, 2019, 8, 1), "yyyy/m/d");
    ok(parsed("2020.02.29", DAY_FIRST, 2020, 2, 29), "yyyy.mm.dd, a leap day");
    ok(date_parse_ordered("2019-13-10", DAY_FIRST, &days) == -1, "year first: no month 13");
    ok(date_parse_ordered("2019-08/10", DAY_FIRST, &days) == -1, "year first: two separators");
    ok(date_parse_ordered("2019-08-10 15:00", DAY_FIRST, &days) == -1,
       "year first: no trailing time");
    ok(date_parse_ordered("2019-08-100", DAY_FIRST, &days) == -1, "year first: a day of 3 digits");
    ok(date_parse_ordered("2019-08-", DAY_FIRST, &days) == -1, "year first: no day");
    ok(date_parse_ordered("20190810", DAY_FIRST, &days) == -1, "digits alone refused");
    ok(date_parse_ordered("10 Aug 2019", DAY_FIRST, &days) == -1, "a month's name refused");
    ok(date_parse_ordered("31/02/2019", DAY_FIRST, &days) == -1, "no 31 February");
    ok(date_parse_ordered("10/08/2019 15:00", DAY_FIRST, &days) == -1, "no trailing time");
    ok(date_parse_ordered("10/08/219", DAY_FIRST, &days) == -1, "three-digit year refused");
}

static void test_date_order(void)
{
    enum date_order o;
    char why[256];
    char *us[] = { "08/01/2019", "08/12/2019", "08/13/2019" };
    char *eu[] = { "01/08/2019", "13/08/2019" };
    char *none[] = { "01/08/2019", "12/08/2019", "bad" };
    char *both[] = { "25/08/2019", "08/26/2019" };
    char *iso[] = { "2019-08-26", "08/13/2019" };
    long lines[] = { 2, 3, 4 };
    ok(dialect_date_order(us, lines, 3, &o, why, sizeof why) == 0 && o == MONTH_FIRST,
       "a month-first file is told by its day above 12, wherever it is");
    ok(dialect_date_order(eu, lines, 2, &o, why, sizeof why) == 0 && o == DAY_FIRST,
       "day first");
    ok(dialect_date_order(none, lines, 3, &o, why, sizeof why) == 0 && o == DAY_FIRST,
       "nothing above 12: day first, football-data.co.uk's order");
    ok(dialect_date_order(iso, lines, 2, &o, why, sizeof why) == 0 && o == MONTH_FIRST,
       "a year-first date says nothing of the others' order");
    ok(dialect_date_order(both, lines, 2, &o, why, sizeof why) == -1 &&
           strstr(why, "'25/08/2019' (line 2) and '08/26/2019' (line 3)"),
       "both orders: an error naming one date of each ('%s')", why);
}

/* Without a number above 12: how close together the dates lie. */
static void test_date_order_by_span(void)
{
    enum date_order o;
    char why[256];
    char *us_week[] = { "12/05/2026", "12/06/2026", "12/07/2026" };
    char *eu_week[] = { "05/12/2026", "06/12/2026", "08/12/2026" };
    char *with_iso[] = { "2026-12-05", "06/12/2026" };
    char *one_day[] = { "05/12/2026", "05/12/2026" };
    char *as_far[] = { "01/02/2026", "02/01/2026" };
    char *same_parts[] = { "05/05/2026", "07/07/2026" };
    long lines[] = { 2, 3, 4 };
    ok(dialect_date_order(us_week, lines, 3, &o, why, sizeof why) == 0 && o == MONTH_FIRST,
       "a week re-saved month first: 2 days month-first, 61 day-first");
    ok(dialect_date_order(eu_week, lines, 3, &o, why, sizeof why) == 0 && o == DAY_FIRST,
       "a week day first: 3 days day-first, 92 month-first");
    ok(dialect_date_order(with_iso, lines, 2, &o, why, sizeof why) == 0 && o == DAY_FIRST,
       "a year-first date counts in the spans (1 day against 176)");
    why[0] = '\0';
    ok(dialect_date_order(one_day, lines, 2, &o, why, sizeof why) == 1 && o == DAY_FIRST &&
           strstr(why, "read day-first") && strstr(why, "'05/12/2026', line 2, is 2026-12-05"),
       "one date, read two ways: day first, and a note naming it ('%s')", why);
    ok(dialect_date_order(as_far, lines, 2, &o, why, sizeof why) == 1 && o == DAY_FIRST,
       "dates as far apart either way (30 days): day first, noted");
    ok(dialect_date_order(same_parts, lines, 2, &o, why, sizeof why) == 0 && o == DAY_FIRST,
       "day equal to month in every date: one reading, nothing to note");
    char *bad_first[] = { "05/00/2026", "03/04/2026" };
    ok(dialect_date_order(bad_first, lines, 2, &o, why, sizeof why) == 1 &&
           strstr(why, "'03/04/2026', line 3, is 2026-04-03"),
       "the note names a date that reads both ways, not a bad one ('%s')", why);
}

static void test_decimal(void)
{
    char mark, why[256];
    char *comma[] = { "2,35", "3", "1,5" }, *point[] = { "2.35", "3" };
    char *both[] = { "2,35", "3.5" };
    long lines[] = { 2, 3, 4 };
    double v;
    ok(dialect_decimal(comma, lines, 3, &mark, why, sizeof why) == 0 && mark == ',',
       "decimal comma (whatever the delimiter)");
    ok(dialect_decimal(point, lines, 2, &mark, why, sizeof why) == 0 && mark == '.',
       "decimal point (whatever the delimiter)");
    ok(dialect_decimal(both, lines, 2, &mark, why, sizeof why) == -1 &&
           strstr(why, "'2,35' (line 2) and '3.5' (line 3)"), "both marks: an error");
    ok(parse_decimal("2,35", ',', &v) == 0 && v == 2.35, "2,35 read with a comma");
    ok(parse_decimal("2.35", ',', &v) == -1, "2.35 refused when the mark is a comma");
    ok(parse_decimal("2,35", '.', &v) == -1, "2,35 refused when the mark is a point");
    ok(parse_decimal("1,2,3", ',', &v) == -1, "two commas refused");
}

int main(void)
{
    test_delimiter();
    test_dates();
    test_date_order();
    test_date_order_by_span();
    test_decimal();
    return done_testing();
}
