/* teams.h: one club, one name. The alias table (data/teams.csv)
 *
 *   league,alias,name
 *   bundesliga,M'gladbach,M'Gladbach
 *
 * renames a team's other spellings in a league to the name the models
 * know (the spellings it does not name are reported as probable aliases,
 * never merged silently: probablealias.h); and unknown teams
 * are matched to the closest known names for the message. */
#ifndef LF_TEAMS_H
#define LF_TEAMS_H

#include <stddef.h>

struct team_alias {
    char *league, *alias, *name;
    long line; /* in the table */
};

struct team_aliases {
    char *path;
    struct team_alias *v;
    size_t n, cap;
};

/* Reads the table at t->path; dies with "path:line: reason" on a bad one
 * (an alias given twice, an alias that is itself a name aliased). */
void teams_load(struct team_aliases *t);
void teams_free(struct team_aliases *t);

/* The name of `team` in `league`: its alias's target, or team itself. */
const char *teams_resolve(const struct team_aliases *t, const char *league,
                          const char *team);

/* A new string: name lowercased, Latin accents dropped, and everything but
 * letters and digits removed ("M'Gladbach" and "M'gladbach" both give
 * "mgladbach"; "Atlético" gives "atletico"). */
char *team_fold(const char *name);

/* Edit distance between the folded names (insertions, deletions and
 * substitutions of one byte each). */
size_t team_distance(const char *a, const char *b);
/* The same of two names folded already (team_fold). */
size_t team_folded_distance(const char *x, const char *y);

#endif
