/* fixtures.h: the canonical fixtures CSV (docs/design.md §3), read and written.
 *
 *   league,season,date,home_team,away_team,home_goals,away_goals,
 *   odds_home,odds_draw,odds_away
 *
 * and optionally odds_source and the match statistics home_shots,
 * away_shots, home_shots_on_target, away_shots_on_target, home_corners,
 * away_corners, and source_line: the row's line in the file it was
 * imported from (import-fixtures --into writes it, so that the merge of
 * the imports names the user's lines; a row read gets it as its line).
 * Columns are found by name; extra columns are ignored.
 * Empty goals, or no goal columns at all, mean a fixture not yet played;
 * empty odds mean none known. */
#ifndef LF_FIXTURES_H
#define LF_FIXTURES_H

#include <stddef.h>
#include <stdio.h>

#include "textbuf.h"

#define NO_GOALS (-1)

/* Match statistics per side, as football-data.co.uk's HS, AS, HST, AST,
 * HC, AC give them. */
enum match_stat { STAT_HOME_SHOTS, STAT_AWAY_SHOTS, STAT_HOME_SHOTS_ON_TARGET,
            STAT_AWAY_SHOTS_ON_TARGET, STAT_HOME_CORNERS, STAT_AWAY_CORNERS, NSTATS };
extern const char *const stat_names[NSTATS]; /* the canonical column names */
#define ALL_STATS ((1u << NSTATS) - 1)

struct fixture {
    char *league, *season, *home, *away;
    int date;                  /* days since 1970-01-01 */
    int home_goals, away_goals; /* NO_GOALS when not played */
    double odds[3];            /* decimal H, D, A; 0 when missing */
    int odds_source;           /* enum odds_source (odds.h); 0: none */
    int stats[NSTATS];         /* valid where stats_present has bit 1 << stat */
    unsigned stats_present;
    long line;                 /* line in the input, for messages */
    const char *source;        /* the input's name, for messages (not owned) */
    /* 1 + the rank of the team's name among all teams of the set, when the
     * set was interned (fixtures_intern); 0 otherwise. Lets the fits index
     * teams without comparing strings. */
    int home_key, away_key;
    /* 1 + the rank of the season's name likewise: lets a fit group its
     * rows by season without comparing strings at every fit. */
    int season_key;
    /* Set when league, season, home and away point into a row image's
     * text, mapped for the life of the process (rowimage.h): not freed. */
    unsigned char borrowed;
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

/* The same without the team keys (left 0): for a caller that needs none
 * (split-league), or that reads many files into one set and renames their
 * teams after (import-fixtures), where interning the growing set at each
 * file would cost the square of the number of files. */
size_t fixtures_read_unkeyed(FILE *fp, const char *name, struct fixture_set *set);
size_t fixtures_read_path_unkeyed(const char *path, struct fixture_set *set);

/* fixtures_read_path (keyed 1) or _unkeyed (0), setting *id to the
 * identity of the file read (rowimage.h; empty when it has none: stdin,
 * or no images kept), for what is kept of its rows (versionmemo.h). */
struct row_image_key;
size_t fixtures_read_path_as(const char *path, struct fixture_set *set, int keyed,
                             struct row_image_key *id);

/* For import-fixtures, which reads the user's files: the same, unkeyed,
 * except that a match's unplayed row and its played row in one file (a
 * fixture kept where its result was added) are no repeat; the caller
 * drops the fixture for its result (drop_played_fixtures, repeats.h).
 * Two played rows of a match are repeats as above, and so are two
 * unplayed where no row gives the match played: as in two files. */
size_t fixtures_read_input(FILE *fp, const char *name, struct fixture_set *set);
size_t fixtures_read_path_input(const char *path, struct fixture_set *set);

void fixtures_free(struct fixture_set *set);

/* Keeps the rows set->v[first + i] whose keep[i] is set, in their order,
 * and frees the others; returns how many went. */
size_t fixtures_keep(struct fixture_set *set, size_t first, const char *keep);

/* Frees the strings of one fixture. */
void fixture_free(struct fixture *f);

/* Dies at the first row of another league than the first row's: the
 * models are per league, and mixing leagues would join unrelated teams. */
void fixtures_require_one_league(const struct fixture_set *set, const char *name);

/* Sets home_key, away_key and season_key of every fixture (fixtures_read
 * does it).
 * Keys are comparable only within one interning of one set. */
void fixtures_intern(struct fixture_set *set);

/* side[2i] and side[2i+1]: the ranks of v[i]'s home and away sides among
 * the distinct team names of v[0 .. n), sorted (names.h); returns how many
 * there are, and *distinct (when not NULL) gets them. */
size_t fixtures_team_ranks(const struct fixture *v, size_t n, int *side, const char ***distinct);

/* A new array: [i] whether v[i] is of league (the rows of a fit's pool
 * that are the league's, worked out once for a walk's many fits). */
char *fixtures_of_league(const struct fixture *v, size_t n, const char *league);

/* Sorts by date, then league, home team, away team (a stable total order). */
int fixture_order(const struct fixture *a, const struct fixture *b);
void fixtures_sort(struct fixture_set *set);
/* Whether set's rows are in date order (no row dated before the one
 * before it). */
int fixtures_in_date_order(const struct fixture_set *set);

/* Inline: the fits test it for every row of every weekly refit. */
static inline int fixture_played(const struct fixture *f) { return f->home_goals != NO_GOALS; }

/* All six statistics of the row are known. */
int fixture_has_stats(const struct fixture *f);

/* Goals as a field holds them: a whole number 0..99, or empty (NO_GOALS).
 * 0, or -1 when malformed. */
int parse_goals(const char *s, int *out);

/* A match statistic: a whole number 0..999. 0, or -1 when malformed. */
int parse_stat(const char *s, int *out);

extern const char FIXTURES_HEADER[];
void fixture_write_header(FILE *fp);
void fixture_write(FILE *fp, const struct fixture *f);

/* The optional columns a set needs: odds_source when a row has odds, the
 * statistics when a row has one. Writers of whole sets (import-fixtures,
 * split-league) add them; a set without either writes as before. */
struct fixture_columns {
    int odds_source, stats;
    int source_line; /* each row's line, as source_line (never digested) */
};
struct fixture_columns fixtures_columns(const struct fixture_set *set);
void fixture_write_header_with(FILE *fp, struct fixture_columns cols);
void fixture_write_with(FILE *fp, const struct fixture *f, struct fixture_columns cols);
/* The lines of v[0 .. n), as fixture_write_with writes them one by one. */
void fixtures_write_with(FILE *fp, const struct fixture *v, size_t n,
                         struct fixture_columns cols);

/* Writes s as one CSV field, quoted only when it has to be. */
void csv_write_field(FILE *fp, const char *s);

/* The canonical line of f, or the header, as fixture_write_with and
 * fixture_write_header_with write it ('\n' included), in place of l's text:
 * the writers' lines, which a digest (dataversion.h) takes as they would
 * be written. */
void fixture_line(struct text_buf *l, const struct fixture *f, struct fixture_columns cols);
void fixture_header_line(struct text_buf *l, struct fixture_columns cols);

#endif
