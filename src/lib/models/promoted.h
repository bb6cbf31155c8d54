/* promoted.h: what the goals model knows about a team new to its league.
 *
 * Two sources of evidence, both optional:
 *
 * - Linked divisions. Rows of other divisions (the feeder below, the
 *   division above) enter the fit when the division shares at least
 *   LINK_MIN_TEAMS teams with the league in the last LINK_DAYS: the teams
 *   that moved between them put both on one scale, so a promoted side comes
 *   up with its strength measured by its results below.
 * - A promoted-team prior learned from history. A side new to the league
 *   this season with no linked rows is shrunk toward the mean strength of
 *   the sides that came up in the PROMOTED_SEASONS seasons before, as the
 *   same fit rates them; a side not in the fit at all is predicted with it.
 *
 * Both work through the ridge of the fit (dc_options.ridge): every team of
 * the league has the prior attack ~ N(centre, 1/ridge), defence likewise,
 * the centre being 0 (the league's average) or, for a newcomer, the mean
 * of the recently promoted. Teams seen only in a linked division carry no
 * prior (their 46 matches a season say enough). */
#ifndef LF_PROMOTED_H
#define LF_PROMOTED_H

#include "fixtures.h"
#include <stddef.h>

#define LINK_DAYS 730      /* rows of a linked division: the last two years */
/* and those after the league's last match (a division starting its season,
 * or ending its play-offs, weeks apart from the league) up to this many
 * days after it: a league whose data stopped is not fitted on its linked
 * division's later seasons, whose rows would weigh more than its own
 * (their age counted back from its last match is negative). The longest
 * break of the target leagues' seasons since 1993 is about 100 days. */
#define LINK_AHEAD_DAYS 120
#define LINK_MIN_TEAMS 2   /* teams a division must share to be linked */
#define PROMOTED_SEASONS 3 /* the promoted-team prior looks back this far */
#define EARLY_DAYS 42      /* "first six weeks" of a promoted side */

/* One ridge term: team `team`'s attack and defence shrink toward the mean
 * of the teams ref[0..nref) (toward 0 when nref = 0). */
struct prior_term {
    int team, nref;
    int *ref;
};

struct dc_prior {
    double ridge;
    struct prior_term *term;
    int nterms;
    int *promoted;  /* the recently promoted teams (the newcomers' ref) */
    int npromoted;
    int newcomers;  /* teams shrunk toward them */
};

/* What the fit knows of each of its teams. */
struct team_record {
    int in_league;        /* it has a match of the league in the fit */
    int promoted_season;  /* the latest season (index) it played in the league
                           * without having played the one before; -1: none */
    int linked_matches;   /* matches in linked divisions */
};

/* The records of a fit's teams from its rows (home[i], away[i] team
 * indices, date[i], in_league[i]: a row of the league, else of a linked
 * division), those with keep[i] (keep NULL: all n). season_start[0..nseasons)
 * are the first days of the league's seasons in the fit, oldest first (the
 * last is the current season). */
void team_records(struct team_record *rec, int nteams, size_t n, const int *home,
                  const int *away, const int *date, const char *in_league, const char *keep,
                  const int *season_start, int nseasons);

/* Builds the prior of a fit's nteams teams, the league's seasons in the fit
 * numbered 0..nseasons-1 (the last the current one). */
void prior_build(struct dc_prior *pr, double ridge, const struct team_record *rec,
                 int nteams, int nseasons);
void prior_free(struct dc_prior *pr);

/* The penalty (ridge / 2) Σ (x_t − mean x_ref)² over attack and defence,
 * given each team's attack att[t] and defence def[t]. */
double prior_penalty(const struct dc_prior *pr, const double *att, const double *def);

/* Subtracts the penalty's gradient from G and adds its Hessian to the
 * lower triangle of NH (npar × npar, column-major); ix_att[t] and ix_def[t]
 * are the free indices of team t's parameters (-1: fixed). */
void prior_derivatives(const struct dc_prior *pr, const double *att, const double *def,
                       const int *ix_att, const int *ix_def, int npar, double *G, double *NH);

/* The linked divisions of one fit: given the candidate rows (league,
 * teams as indices < nteams, date; main[i] whether a row is of the
 * league, whose league[i] is not read), clears keep[i] of the rows of
 * divisions that share fewer than LINK_MIN_TEAMS teams with the league's
 * rows from `since` on. */
void link_divisions(size_t n, const char *const *league, const int *home, const int *away,
                    const int *date, const char *main, int nteams, int since, char *keep);

/* early[i] = 1 when fixture i of a league's date-ordered set is a match of
 * a side new to the league that season (it did not play the season before
 * in this set) within EARLY_DAYS of that side's first match of the season.
 * The set's first season has no newcomers. */
void promoted_early_flags(const struct fixture_set *set, char *early);

/* Marks keep[i] of the rows v[0..n) that a fit of `league` may link: its
 * own and those of the divisions that ever share LINK_MIN_TEAMS teams with
 * it (the fit then picks among them by the last LINK_DAYS: fewer rows to
 * scan every week). Returns how many are marked. */
size_t linkable_rows(const struct fixture *v, size_t n, const char *league, char *keep);

/* The rows of a set as indices of their division and sides, among the
 * distinct names, sorted: the linkable rows of many leagues of one set
 * (split-league --into) then cost a pass over the rows each, without a
 * name compared. */
struct link_index {
    size_t n;
    int *division;      /* a row's */
    int *side;          /* 2 a row: home, away */
    const char **divisions, **teams;
    size_t ndiv, nteams;
};
void link_index_build(struct link_index *ix, const struct fixture *v, size_t n);
void link_index_free(struct link_index *ix);

/* The index of the division named league; -1 when no row has it. */
int link_index_division(const struct link_index *ix, const char *league);

/* linkable_rows of the rows where use[i] (use NULL: every row), for the
 * league of index `division`: keep[i] of the others is 0. */
size_t link_index_linkable(const struct link_index *ix, int division, const char *use, char *keep);

/* Appends the rows of a feeder file (canonical CSV, any divisions: e.g.
 * the whole data/fixtures.csv) to set, interning the whole set anew: those
 * of the divisions that ever share LINK_MIN_TEAMS teams with the league's
 * rows league_rows, not those of `league` itself, which its own file holds
 * (so a feeder may be a newer or older import than it); dies on bad rows.
 * Returns how many rows were appended. league_rows may be set itself, but
 * no other view of set's rows: the file is read onto set's array, which
 * may move. */
size_t feeder_append(struct fixture_set *set, const char *path,
                     const struct fixture_set *league_rows, const char *league);
/* The same without interning set (for readers that key no team: the rows
 * of a version, versionrows.h). */
size_t feeder_append_unkeyed(struct fixture_set *set, const char *path,
                             const struct fixture_set *league_rows, const char *league);
/* Either (keyed 1: feeder_append), setting *id (not NULL) to the identity
 * of the file read (fixtures_read_path_as). */
struct row_image_key;
size_t feeder_append_as(struct fixture_set *set, const char *path,
                        const struct fixture_set *league_rows, const char *league, int keyed,
                        struct row_image_key *id);

/* A league's rows and a feeder's in one date-ordered set, interned
 * together: shallow copies (the strings stay the two sets'), so out is
 * freed with free(out->v) alone. */
void linked_rows_join(const struct fixture_set *league, const struct fixture_set *feeder,
                      struct fixture_set *out);

#endif
