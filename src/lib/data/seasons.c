/* seasons.c: season labels, parsed and derived from dates. */
#include "seasons.h"
#include "date.h"
#include "util.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

int season_parse(const char *s, char buf[8])
{
    size_t n = strlen(s);
    if (n < 4 || !all_digits(s, 4))
        return -1;
    int first = atoi(s);
    if (n == 4) {
        snprintf(buf, 8, "%04u", (unsigned)first % 10000u);
        return 0;
    }
    if ((s[4] != '/' && s[4] != '-') || (n != 7 && n != 9) || !all_digits(s + 5, n - 5))
        return -1;
    int second = atoi(s + 5);
    if (n == 7 ? second != (first + 1) % 100 : second != first + 1)
        return -1;
    snprintf(buf, 8, "%04u-%02u", (unsigned)first % 10000u, (unsigned)(first + 1) % 100u);
    return 0;
}

int season_check(const char *s, int days)
{
    char canonical[8];
    int y, m, d;
    if (season_parse(s, canonical) || strcmp(s, canonical) != 0)
        return -1;
    civil_from_days(days, &y, &m, &d);
    int first = atoi(s);
    return y == first || y == first + 1 ? 0 : -1;
}

void season_of_league(int days, int calendar, char buf[8])
{
    int y, m, d;
    if (!calendar) {
        season_of(days, buf);
        return;
    }
    civil_from_days(days, &y, &m, &d);
    snprintf(buf, 8, "%04u", (unsigned)y % 10000u);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

#define MIN_BREAK_DAYS 21

/* The first day of the season after the summer of year y: the end of the
 * longest gap between sorted[] dates that starts from mid-April to August
 * and ends from mid-June to October of y (a break for a pandemic from
 * March to June is not a summer), else the 1st of July; INT_MAX (none)
 * when there is no such gap and the dates end by August: a season that
 * ran into the summer (2019-20), with nothing after it, stays one. */
static int season_break(const int *sorted, size_t n, int y)
{
    int last_from = days_from_civil(y, 4, 15), last_to = days_from_civil(y, 8, 31);
    int next_from = days_from_civil(y, 6, 15), next_to = days_from_civil(y, 10, 31);
    int best_gap = MIN_BREAK_DAYS - 1, start = days_from_civil(y, 7, 1);
    for (size_t i = 0; i + 1 < n; i++) {
        int gap = sorted[i + 1] - sorted[i];
        if (sorted[i] >= last_from && sorted[i] <= last_to && sorted[i + 1] >= next_from &&
            sorted[i + 1] <= next_to && gap > best_gap) {
            best_gap = gap;
            start = sorted[i + 1];
        }
    }
    if (best_gap < MIN_BREAK_DAYS && sorted[n - 1] <= last_to)
        return INT_MAX;
    return start;
}

/* The label of a season whose matches run from first to last: the season
 * of its first match, unless the last falls after that season's second
 * year (a first match in June: "2018-19" would not hold a match of 2020),
 * when the season that ends in the last match's year, so that every
 * match's year is one the label names (season_check). */
static void season_label(int first, int last, char label[8])
{
    int m, d, last_year;
    season_of(first, label);
    civil_from_days(last, &last_year, &m, &d);
    if (last_year > atoi(label) + 1)
        season_of(days_from_civil(last_year - 1, 7, 1), label);
}

size_t seasons_by_date(const int *dates, size_t n, char (*labels)[8])
{
    if (n == 0)
        return 0;
    int *sorted = xmalloc(n * sizeof *sorted);
    memcpy(sorted, dates, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_int);
    int y0, y1, m, d;
    civil_from_days(sorted[0], &y0, &m, &d);
    civil_from_days(sorted[n - 1], &y1, &m, &d);
    /* starts[k]: first day of the k-th season of the file. */
    int starts[512], nstarts = 0;
    starts[nstarts++] = INT_MIN;
    if (sorted[n - 1] - sorted[0] > 366)
        for (int y = y0; y <= y1 && nstarts < 512; y++) {
            int b = season_break(sorted, n, y);
            if (b > sorted[0] && b <= sorted[n - 1])
                starts[nstarts++] = b;
        }
    size_t seasons = 0;
    for (int k = 0; k < nstarts; k++) {
        int end = k + 1 < nstarts ? starts[k + 1] : INT_MAX, first = INT_MAX, last = INT_MIN;
        for (size_t i = 0; i < n; i++)
            if (dates[i] >= starts[k] && dates[i] < end) {
                first = dates[i] < first ? dates[i] : first;
                last = dates[i] > last ? dates[i] : last;
            }
        if (first == INT_MAX)
            continue;
        char label[8];
        season_label(first, last, label);
        seasons++;
        for (size_t i = 0; i < n; i++)
            if (dates[i] >= starts[k] && dates[i] < end)
                memcpy(labels[i], label, 8);
    }
    free(sorted);
    return seasons;
}
