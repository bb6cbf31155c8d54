/* prematch.h: pre-match features of a league's fixtures (1x2_v2 and
 * draw_specialist). Every feature of a match is computed only from matches
 * of the same league dated strictly before it; docs/features.md defines
 * each one and its parameters. */
#ifndef LF_PREMATCH_H
#define LF_PREMATCH_H

#include "blend.h"
#include "fixtures.h"
#include "rowimage.h"
#include <cjson/cJSON.h>

enum feature {
    F_ELO_HOME,      /* Elo rating of the home side */
    F_ELO_AWAY,
    F_ELO_DIFF,      /* home − away + home advantage, in Elo points */
    F_PI_HOME,       /* pi-rating of the home side at home */
    F_PI_AWAY,       /* pi-rating of the away side away */
    F_PI_GD,         /* goal difference the pi-ratings expect */
    F_FORM_HOME,     /* points per game over the last FORM_N matches */
    F_FORM_AWAY,
    F_FORM_HOME_AT_HOME, /* home side's last FORM_N home matches */
    F_FORM_AWAY_AWAY,    /* away side's last FORM_N away matches */
    F_GF_HOME,       /* goals for and against per game, last GOALS_N */
    F_GA_HOME,
    F_GF_AWAY,
    F_GA_AWAY,
    F_DRAW_RATE_HOME, /* share of draws in the last GOALS_N matches */
    F_DRAW_RATE_AWAY,
    F_DC_HOME,       /* Dixon–Coles P(H), P(D), P(A) refitted weekly */
    F_DC_DRAW,
    F_DC_AWAY,
    F_DC_GOALS,      /* Dixon–Coles expected total goals */
    F_ABS_ELO_DIFF,  /* |elo difference|, for draws */
    F_DC_LOGIT_HOME, /* log(dc_p_home / dc_p_draw): linear for a logistic model */
    F_DC_LOGIT_AWAY, /* log(dc_p_away / dc_p_draw) */
    F_ABS_PI_GD,     /* |pi_gd|, for draws */
    F_DC_BALANCE,    /* |log(dc_p_home / dc_p_away)|, for draws */
    F_DC_FAST_LOGIT_HOME, /* the same logits of a goals model of short memory */
    F_DC_FAST_LOGIT_AWAY,
    F_SHOT_SHARE_HOME, /* shots / (shots + shots against), last SHOTS_N matches */
    F_SHOT_SHARE_AWAY,
    F_SOT_SHARE_HOME,  /* the same of shots on target */
    F_SOT_SHARE_AWAY,
    F_REST_HOME,       /* days since the side's last match in the league, at most REST_CAP */
    F_REST_AWAY,
    NFEATURES
};

struct feature_params {
    double elo_k, elo_home, elo_regress, elo_start, elo_new_team;
    double pi_lambda, pi_gamma;
    int form_n, goals_n, shots_n;
    int rest_cap;        /* days of rest counted at most */
    double dc_decay;     /* the goals model of the features */
    double dc_fast_decay; /* its second view, of recent form */
    int dc_window_days;  /* it sees the matches of this many days before */
    double dc_ridge, dc_link_weight; /* its prior (dc.h, promoted.h) */
    struct blend dc_blend;           /* its goals response (blend.h) */
};

extern const struct feature_params FEATURE_DEFAULTS;
extern const char *const feature_names[NFEATURES];

/* Features of every fixture of set (one league): X[i * NFEATURES + k];
 * history[i] = the fewer matches either side had played before, in this
 * league. Played matches before `from` only warm the ratings up; their
 * goals-model features are not computed (left 0), which saves the weekly
 * refits. */
void features_compute(const struct fixture_set *set, const struct feature_params *p,
                      int from, double *X, int *history);

/* The same, the goals model also fitted on the rows of other divisions in
 * `feeder` (linked divisions, promoted.h; NULL or empty: none). */
void features_compute_linked(const struct fixture_set *set, const struct fixture_set *feeder,
                             const struct feature_params *p, int from, double *X,
                             int *history);

/* The same for the rows from `from` on only: X and history of the rows
 * before it are left as they are (an extended table's, its base's), and
 * those rows only replayed for the ratings and the goals model they leave
 * (the features of every later row are those features_compute_linked
 * gives). */
void features_compute_after(const struct fixture_set *set, const struct fixture_set *feeder,
                            const struct feature_params *p, int from, double *X, int *history);

/* Index of a feature by name, -1 if unknown. */
int feature_index(const char *name);

/* The JSON array `names` (a model's feature list) as indices into enum
 * feature, in its order; returns how many. A model may name fewer features
 * than this version computes, or another order (one of an earlier version),
 * each once; a name this version does not compute dies naming path. */
int features_from_names(const cJSON *names, int which[NFEATURES], const char *path);

/* {"name": ..., "parameters": {...}} of the features listed, in order. */
cJSON *features_to_json(const struct feature_params *p, const int *which, int n);

/* A league's fixtures with their features, as league-features writes them:
 * the canonical columns, `history`, then one column a feature. */
struct feature_table {
    struct fixture_set set;
    double *X;     /* set.n × NFEATURES */
    int *history;
    struct row_image_key id; /* of the file read (rowimage.h; empty: none) */
    /* Set when X and history were loaded from a row image: they point
     * into its mapping (read-only, for the process's life), not freed. */
    unsigned char mapped;
};

void feature_table_write(FILE *fp, const struct feature_table *t);

/* The same in two parts: the header line, and the rows from `first` on. */
void feature_table_write_header(FILE *fp, const struct feature_table *t);
void feature_table_write_rows(FILE *fp, const struct feature_table *t, size_t first);

/* Keeps the row image (rowimage.h) of table t, just written to path (by
 * feature_table_write, or extended from a base by featurecache.h), the len
 * bytes at `written` what was written (the file must still hold them): the
 * fitters and metrics that read it next load it instead of parsing it.
 * Nothing when a row would not read back as t holds it (a name with a line
 * break, a feature not finite), or images are not kept. */
void feature_table_keep_image(const char *path, const char *written, size_t len,
                              const struct feature_table *t);

/* Reads a feature table (path "-" is stdin); bad rows are reported as
 * "prog: name:line: reason" and counted in the return value; a missing
 * column is fatal. */
size_t feature_table_read(const char *path, struct feature_table *t);

/* As a fitter needs it: dies on bad rows, no rows, more than one league or
 * rows out of date order. */
void feature_table_load(const char *path, struct feature_table *t);

void feature_table_free(struct feature_table *t);

/* Whether the header line of the table at path names every feature this
 * program computes: a table of an earlier program (fewer features) does
 * not, and is not extended (featurecache.h) but computed again. Dies when
 * the file cannot be read. */
int feature_table_has_every_feature(const char *path);

#endif
