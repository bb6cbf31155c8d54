/* seasons.h: season labels. August-to-May leagues write "2023-24",
 * calendar-year leagues "2024" (docs/design.md §3); seasons compare as text. */
#ifndef LF_SEASONS_H
#define LF_SEASONS_H

#include <stddef.h>

/* A season as a file or an option writes it: "2012", or "2012/2013",
 * "2012-2013", "2012/13", "2012-13" (consecutive years) into the canonical
 * "2012" or "2012-13". 0, or -1 when it is none of those. */
int season_parse(const char *s, char buf[8]);

/* 0 if s is a canonical season ("2023-24", consecutive years, or "2024")
 * that can hold a match on `days`: its year the season's first year or the
 * next (2019-20 ran into August 2020, Brazil's 2020 into 2021); else -1.
 * Features read the season's year and compare labels as text, so "23-24"
 * or "2023/24" beside "2023-24" would be misread, never refused later. */
int season_check(const char *s, int days);

/* The season of a match on `days` in a league whose seasons are calendar
 * years (calendar != 0: "2024") or run from July to June ("2023-24"). */
void season_of_league(int days, int calendar, char buf[8]);

/* Seasons of the rows of one August-to-May file (dates[i], n rows) into
 * labels[i]. A file of one season (its dates within 366 days) gets the
 * season of its first match, so that a season running into the summer
 * (2019-20 ended in August 2020) stays one; a season whose first match is
 * before July is named for its last match's year instead when the first's
 * would not hold it (season_check). A longer file is cut at each
 * summer's break: the longest gap between matches that starts from May to
 * September (at least 3 weeks), else at the 1st of July, unless the dates
 * end by August (the last season ran into the summer). Returns the
 * number of seasons. */
size_t seasons_by_date(const int *dates, size_t n, char (*labels)[8]);

#endif
