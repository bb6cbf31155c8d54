/* dc.h: the Dixon–Coles goals model (poisson_v2; its file: docs/design.md §3).
 *
 *   home goals ~ Poisson(lambda = exp(mu + home + attack[h] - defence[a]))
 *   away goals ~ Poisson(nu     = exp(mu + attack[a] - defence[h]))
 *
 * with Dixon & Coles' correction tau(x, y) of the four scores 0-0, 1-0, 0-1
 * and 1-1 by rho, sum-to-zero attack and defence, and each match weighted
 * decay^(age_days / 365.25), its age counted back from the last match fitted.
 * With shots ratings (dc_options.shots_decay; poisson_v2's default rates
 * total shots and corners) each log rate also takes, for each statistic
 * rated, beta × the log rate a rating of the teams by that statistic gives
 * the side (shotrating.h): beta × (shot_attack of the side − shot_defence
 * of its opponent), each beta fitted with the rest; with split_beta one
 * beta for the attack and one for the defence of each (dc_rating_terms).
 * The ratings have their own, faster decay: the goals ratings, under their
 * ridge, are then what the goals say beyond the shots. */
#ifndef LF_DC_H
#define LF_DC_H

#include <limits.h>

#include "blend.h"
#include "fixtures.h"
#include <cjson/cJSON.h>
#include <stddef.h>

#define DC_MAX_GOALS 20 /* score matrix 0..20 goals a side, renormalised */
#define DC_CELLS ((DC_MAX_GOALS + 1) * (DC_MAX_GOALS + 1))

/* The statistics a shots rating may rate (dc_options.rating_stats): bits. */
enum dc_rated { DC_RATE_SHOTS_ON_TARGET = 1, DC_RATE_SHOTS = 2, DC_RATE_CORNERS = 4 };
#define DC_RATINGS 3      /* statistics rated at most */
#define DC_RATING_TERMS 6 /* their terms in the rates at most (split: two each) */

struct dc_team {
    char *name;
    double attack, defence;
    /* Its shots ratings, one a statistic rated (dc_options.rating_stats, in
     * the order of enum dc_rated); 0 without one. */
    double shot_attack[DC_RATINGS], shot_defence[DC_RATINGS];
    double weight;  /* total decay weight of its matches in the fit */
    int matches;    /* matches it played in the fit */
    int last_date;  /* its last match in the fit */
};

struct dc_model {
    char *league;
    struct dc_team *team;
    int nteams;
    double mu, home, rho, decay;
    double level_decay; /* of mu and home (dc_options); = decay when they share it */
    double season_weight;   /* dc_options; 1: none */
    double goals_min_weight; /* dc_options; 0 in models of older versions */
    int use_rho, min_team_matches;
    /* Parameters given to a team the model does not know (a promoted side):
     * with a ridge and recently promoted sides in the fit, their mean
     * (promoted.h); else the mean of the weakest teams of the last season
     * (by their strength in the rates, the shots ratings' terms counted). */
    double fallback_attack, fallback_defence;
    int fallback_promoted; /* which of the two: the number of sides averaged, or 0 */
    /* The prior (promoted.h); 0 and none in models of older versions. */
    double ridge, link_weight;
    int newcomers;        /* teams shrunk toward the recently promoted */
    char **linked;        /* leagues whose rows entered the fit, and how many */
    int *linked_matches;
    int nlinked;
    /* The goals response (blend.h): its weights, the window's conversion
     * rates and how many rows took the statistics; zeros in goals-only
     * models and in models of older versions. */
    struct blend blend;
    double goals_per_shot_on_target, goals_per_corner;
    int blended_matches;
    /* The shots ratings (dc_options.shots_decay): their decay, ridge and
     * statistics, the weights beta of their terms (dc_rating_terms), the
     * ratings given to an unknown team (of the same teams as
     * fallback_attack's), and how many rows each was fitted on; zeros
     * without one. rating_min_weight: dc_options'; 0 in models of older
     * versions (every row rated). */
    double shots_decay, shots_ridge, shots_beta[DC_RATING_TERMS], rating_min_weight;
    unsigned rating_stats;
    int split_beta, nratings, rating_terms;
    double fallback_shot_attack[DC_RATINGS], fallback_shot_defence[DC_RATINGS];
    int rated_matches[DC_RATINGS];
    /* Each rating's levels, mu and home (log shots a side): where the
     * next week's rating starts (dc_options.start); not in the file. */
    double shot_levels[DC_RATINGS][2];
    /* Diagnostics of the fit. */
    double loglik, grad_norm;
    int rho_at_bound; /* the maximum lies on the edge of rho's feasible range */
    int iterations, nmatches, first_date, last_date, until;
};

/* Defaults, chosen by walk-forward backtests on 2014-15 to 2018-19: decay
 * per year (docs/decay.md, retuned with the season weight in
 * docs/quality.md), and the fewest matches a team needs in the fit before
 * its own parameters beat the fallback (docs/decay.md). */
#define DC_DEFAULT_DECAY 0.75
#define DC_DEFAULT_MIN_TEAM_MATCHES 8

struct dc_options {
    double decay;    /* per year; 1 = no decay */
    int use_rho;
    int until;       /* fit only matches before this day; INT_MAX = all */
    int min_matches; /* fewer played matches than this is an error */
    /* A team with fewer matches in the fit is left out (and predicted with
     * the fallback): a handful of matches says less than the fallback. */
    int min_team_matches;
    /* Prior precision of each team's attack and defence (promoted.h);
     * 0: none, the maximum-likelihood fit of older versions. */
    double ridge;
    /* With a ridge and `league` set, rows of other leagues are candidates
     * for linked divisions (promoted.h), each weighted link_weight times
     * its decay weight; NULL: every row is the league's. Linked rows need
     * the set interned (fixtures_intern) together with the league's. */
    const char *league;
    /* With league set, in_league[i] whether row i of the rows given to
     * dc_fit is the league's: what comparing their names says, computed
     * once by a caller that fits the same rows week after week (the names
     * of every row were compared at every fit). NULL: compared. */
    const char *in_league;
    double link_weight;
    /* The linked rows' window (the last LINK_DAYS) and the linking count
     * back from until, the fit's cutoff, where this is set: the features'
     * weekly goals model, whose cutoffs are its weeks. Else from the day
     * after the league's last match, as the time weights do, so that a
     * fit is of its rows alone (dc_fit.c, select_candidates). */
    int window_at_until;
    /* The Poisson part's response (blend.h); zeros: goals alone. */
    struct blend blend;
    /* Per year, the decay of the league's levels mu and home: after the
     * fit, they are refitted on the same matches weighted
     * level_decay^(age_days / 365.25), the teams and rho held. 0 (or
     * decay): one decay for all, the fit of older versions. */
    double level_decay;
    /* Each row of an earlier season of the league weighed season_weight^k
     * more, k the number of the league's seasons begun after it (teams
     * change most between seasons: transfers, managers). 0 or 1: none. */
    double season_weight;
    /* In a ridge fit, a row of the league whose weight (decay, season
     * weight) is below this fraction of the newest match's is left out of
     * the goals likelihood, the levels' refit (level_decay) leaving out the
     * same rows; which teams the fit holds, and their prior, still come
     * from every row (0: every row in the likelihood too). A fit left with
     * fewer of the league's rows than min_matches fails. */
    double goals_min_weight;
    /* A fitted model to start Newton's iterations from (its teams by name,
     * a team it lacks at 0), or NULL: the fit starts from each team's
     * goals for and against over an average side's (shrunk by a few
     * average matches), as it also does when some fitted score's
     * probability would be negative at the model's parameters. The
     * maximum is the same, to the convergence tolerance. */
    const struct dc_model *start;
    /* Ratings of the teams by their shots, shots on target or corners
     * (shotrating.h) with this decay per year, each fitted on the kept rows
     * that have that statistic for both sides, each weighed as in the goals
     * fit otherwise (linked rows, season weight), under the ridge
     * shots_ridge (> 0); the goals rates take beta × their log rates, beta
     * fitted (or, with hold_shots_beta, every beta held at shots_beta: for
     * tests). 0: none, goals alone. rating_stats: the statistics rated,
     * each its own rating (enum dc_rated; 0: shots on target); split_beta:
     * a beta for a rating's attack and one for its defence.
     * rating_min_weight: a row whose rating weight is below this fraction
     * of the newest match's is left out of the ratings (0: none); a team
     * left without rows is rated 0, the prior's mode. */
    double shots_decay, shots_ridge, shots_beta, rating_min_weight;
    int hold_shots_beta;
    unsigned rating_stats;
    int split_beta;
    /* What the fit reads of the rows given to dc_fit, row i at rows[i]
     * (dc_rows_of), made once by a caller that fits the same rows week
     * after week; NULL: the fit reads each fixture. */
    const struct dc_row *rows;
};

/* What a fit reads of each row, compact: its passes over thousands of
 * rows, at every week of a walk, then read 36 bytes a row rather than the
 * 136 of each fixture (fixtures.h), which spans two or three cache lines. */
struct dc_row {
    int date, home_key, away_key, season_key; /* the fixture's */
    short home_goals, away_goals;             /* NO_GOALS when not played */
    unsigned short stats_present;
    short stats[NSTATS];                      /* at most 999 (fixtures.h) */
};

/* The rows of f[0..n) as the fits read them (malloc'd). */
struct dc_row *dc_rows_of(const struct fixture *f, size_t n);

/* poisson_v2's defaults of the prior, of the season weight and of the
 * shots ratings (a rating of total shots and one of corners, decay 0.2231
 * a year, their teams under a ridge of 3), chosen together by walk-forward
 * on 2014-15 to 2018-19 (docs/quality.md, "A shots rating for
 * poisson_v2"): with ratings that carry the teams' strength, a stronger
 * ridge on the goals ratings pays. The level decay has no default beside
 * the decay: a faster one did not pay there. */
#define DC_DEFAULT_RIDGE 10
#define DC_DEFAULT_LINK_WEIGHT 0.25
#define DC_DEFAULT_SEASON_WEIGHT 0.6
#define DC_DEFAULT_SHOTS_DECAY 0.2231
#define DC_DEFAULT_SHOTS_RIDGE 3
#define DC_DEFAULT_RATING_STATS (DC_RATE_SHOTS | DC_RATE_CORNERS)
/* Rows too light to move a forecast by 1e-6, left out to save the fits
 * work: the goals likelihood's weights (decay 0.75 and season weight 0.6
 * a season) make a row 20 seasons old weigh about 1e-7 of a new one, the
 * ratings' (decay 0.2231) a row 9 seasons old about 1e-8; the ratings
 * then solve for the teams of recent seasons only. Over the 8 leagues'
 * walk-forward of 2019-20 to 2023-24 the forecasts move by at most
 * 1.5e-7 (2.0e-7 with each league walked alone; backtest.bats checks the
 * Premier League's 2023-24, 3.4e-8: below 1e-6; docs/design.md). */
#define DC_DEFAULT_GOALS_MIN_WEIGHT 1e-7
#define DC_DEFAULT_RATING_MIN_WEIGHT 1e-8

/* poisson_v2's options as fit-poisson, backtest and the benches take them
 * by default, with at least min_matches played matches to fit. */
#define DC_POISSON_V2_OPTIONS(min_matches_)                                                   \
    {                                                                                      \
        .decay = DC_DEFAULT_DECAY, .use_rho = 1, .until = INT_MAX,                         \
        .min_matches = (min_matches_), .min_team_matches = DC_DEFAULT_MIN_TEAM_MATCHES,    \
        .ridge = DC_DEFAULT_RIDGE, .link_weight = DC_DEFAULT_LINK_WEIGHT,                  \
        .blend = DC_DEFAULT_BLEND, .season_weight = DC_DEFAULT_SEASON_WEIGHT,              \
        .shots_decay = DC_DEFAULT_SHOTS_DECAY, .shots_ridge = DC_DEFAULT_SHOTS_RIDGE,      \
        .rating_stats = DC_DEFAULT_RATING_STATS,                                           \
        .rating_min_weight = DC_DEFAULT_RATING_MIN_WEIGHT,                                 \
        .goals_min_weight = DC_DEFAULT_GOALS_MIN_WEIGHT                                    \
    }

/* The names of the statistics rated (enum dc_rated's bits, in its order):
 * "sot", "shots", "corners". dc_rating_stats_parse reads a comma-separated
 * list of them into bits (0, or -1 when a name is unknown or the list
 * empty). */
extern const char *const dc_rated_names[DC_RATINGS];
int dc_rating_stats_parse(const char *arg, unsigned *bits);

/* The shots ratings' options and the goals likelihood's floor as
 * fit-poisson and backtest take them, by their long names ("shots-ridge",
 * "rating-stats", "rating-min-weight", "goals-min-weight"), into opt; a bad
 * value is a usage error (exit 2) naming the option. */
void dc_rating_option(const char *name, const char *arg, struct dc_options *opt);

/* The response's default weights (blend.h), chosen the same way. */
#define DC_DEFAULT_BLEND_SHOTS_ON_TARGET 0
#define DC_DEFAULT_BLEND_CORNERS 0
#define DC_DEFAULT_BLEND \
    { .shots_on_target = DC_DEFAULT_BLEND_SHOTS_ON_TARGET, .corners = DC_DEFAULT_BLEND_CORNERS }

/* Fits on the played matches of f[0..n) (one league) before opt->until.
 * Returns 0, or -1 with a reason in err. */
int dc_fit(const struct fixture *f, size_t n, const struct dc_options *opt,
           struct dc_model *m, char *err, size_t errlen);

void dc_free(struct dc_model *m);

/* Index of a team by name, -1 if unknown. */
int dc_team_index(const struct dc_model *m, const char *name);

/* The terms of the shots ratings in a side's log rate, c[0..k): each
 * rating's attack of the side (sa) minus defence of its opponent (sd), or
 * with split_beta the two apart (sa, then -sd); returns k. */
int dc_rating_terms(const struct dc_model *m, const double sa[DC_RATINGS],
                    const double sd[DC_RATINGS], double c[DC_RATING_TERMS]);

/* Scoring rates of home team h against away team a; an index of -1 takes the
 * fallback parameters. */
void dc_rates(const struct dc_model *m, int h, int a, double *lambda, double *nu);

/* Dixon–Coles correction factor of score (x, y). Inline: a fit takes it
 * for every low score of every pair at every step. */
static inline double dc_tau(int x, int y, double lambda, double nu, double rho)
{
    if (x == 0 && y == 0)
        return 1 - lambda * nu * rho;
    if (x == 0 && y == 1)
        return 1 + lambda * rho;
    if (x == 1 && y == 0)
        return 1 + nu * rho;
    if (x == 1 && y == 1)
        return 1 - rho;
    return 1;
}

/* p[x * (DC_MAX_GOALS + 1) + y] = P(home x, away y), normalised to sum 1. */
void dc_score_matrix(double lambda, double nu, double rho, double p[DC_CELLS]);

struct dc_probs {
    double home, draw, away;    /* 1X2 */
    double over_2_5, btts;
    double xg_home, xg_away;    /* expectations under the score matrix */
    int best_home, best_away;   /* most likely score */
};

void dc_probs_from_matrix(const double p[DC_CELLS], struct dc_probs *out);

/* Convenience: probabilities of one fixture. */
void dc_predict(const struct dc_model *m, int h, int a, struct dc_probs *out);

/* P(home win, draw, away win) of one fixture. */
void dc_predict3(const struct dc_model *m, int h, int a, double p[3]);

cJSON *dc_to_json(const struct dc_model *m);
/* Reads a model written by dc_to_json; dies naming path on a bad file. */
void dc_from_json(const cJSON *obj, const char *path, struct dc_model *m);

#endif
