/* fixtures.h: the canonical fixtures CSV (docs/design.md §3), read and written.
 *
 *   league,season,date,home_team,away_team,home_goals,away_goals,
 *   odds_home,odds_draw,odds_away
 *
 * Columns are found by name; extra columns are ignored. Empty goals mean a
 * fixture not yet played; empty odds mean none known. */
#ifndef LF_FIXTURES_H
#define LF_FIXTURES_H

#include <stddef.h>
#include <stdio.h>

#define NO_GOALS (-1)

struct fixture {
    char *league, *season, *home, *away;
    int date;                  /* days since 1970-01-01 */
    int home_goals, away_goals; /* NO_GOALS when not played */
    double odds[3];            /* decimal H, D, A; 0 when missing */
    long line;                 /* line in the input, for messages */
    /* 1 + the rank of the team's name among all teams of the set, when the
     * set was interned (fixtures_intern); 0 otherwise. Lets the fits index
     * teams without comparing strings. */
    int home_key, away_key;
};

struct fixture_set {
    struct fixture *v;
    size_t n, cap;
};

/* Reads canonical CSV from fp (name is used in messages). Every bad row is
 * reported as "prog: name:line: reason"; returns the number of bad rows
 * (the good ones are kept). A missing required column or a CSV syntax error
 * is fatal. */
size_t fixtures_read(FILE *fp, const char *name, struct fixture_set *set);

/* For files wider than the canonical columns: `header` sees the header row,
 * `row` each row that parsed as a fixture, with the index it will have in
 * the set; a reason returned by `row` reports the row as bad. */
struct csv_row;
struct fixture_extra {
    void (*header)(const struct csv_row *row, void *data);
    const char *(*row)(const struct csv_row *row, size_t index, void *data);
    void *data;
};
size_t fixtures_read_extra(FILE *fp, const char *name, struct fixture_set *set,
                           const struct fixture_extra *extra);
size_t fixtures_read_path_extra(const char *path, struct fixture_set *set,
                                const struct fixture_extra *extra);

/* Reads a file by path ("-" is stdin); same contract as fixtures_read. */
size_t fixtures_read_path(const char *path, struct fixture_set *set);

void fixtures_free(struct fixture_set *set);

/* Dies at the first row of another league than the first row's: the
 * models are per league, and mixing leagues would join unrelated teams. */
void fixtures_require_one_league(const struct fixture_set *set, const char *name);

/* Sets home_key and away_key of every fixture (fixtures_read does it).
 * Keys are comparable only within one interning of one set. */
void fixtures_intern(struct fixture_set *set);

/* Sorts by date, then league, home team, away team (a stable total order). */
int fixture_order(const struct fixture *a, const struct fixture *b);
void fixtures_sort(struct fixture_set *set);

int fixture_played(const struct fixture *f);

/* Goals as a field holds them: a whole number 0..99, or empty (NO_GOALS).
 * 0, or -1 when malformed. */
int parse_goals(const char *s, int *out);

extern const char FIXTURES_HEADER[];
void fixture_write_header(FILE *fp);
void fixture_write(FILE *fp, const struct fixture *f);

/* Writes s as one CSV field, quoted only when it has to be. */
void csv_write_field(FILE *fp, const char *s);

#endif
