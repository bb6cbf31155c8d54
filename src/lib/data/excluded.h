/* excluded.h: matches left out of fitting and scoring (data/excluded.csv)
 *
 *   league,date,home,away,reason
 *
 * results decided off the pitch (awarded, annulled), which say nothing of
 * the teams' strength. import-fixtures drops each listed match it reads. */
#ifndef LF_EXCLUDED_H
#define LF_EXCLUDED_H

#include <stddef.h>

struct fixture_set;
struct team_aliases;

struct excluded_match {
    char *league, *home, *away, *reason;
    int date;
    long line;
    int found;
};

struct excluded {
    char *path;
    struct excluded_match *v;
    size_t n, cap;
};

/* Reads the list at x->path; dies with "path:line: reason" on a bad one.
 * Its teams are named through the alias table teams (NULL: as written),
 * as the data's are when read: a listed match is the same match whether
 * the list spells a side as the site does or as the table names it. */
void excluded_load(struct excluded *x, const struct team_aliases *teams);
void excluded_free(struct excluded *x);

/* Drops the listed matches from set, reporting each drop on stderr
 * ("file:line: excluded: league date home v away: reason"), and warns of
 * each listed match not found though other matches of its league on its
 * date were read.
 * Returns the number dropped. */
size_t excluded_apply(struct excluded *x, struct fixture_set *set);

#endif
