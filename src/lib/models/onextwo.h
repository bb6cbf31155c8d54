/* onextwo.h: the 1x2_v2 model: three one-vs-rest L2 logistic regressions
 * (home win, draw, away win) on pre-match features, and a multinomial
 * calibrator that maps their three linear scores to one distribution.
 *
 * Chronological split: of the eligible matches (played, before `until`,
 * both sides with at least `min_history` earlier matches in the league), the
 * earlier part fits the binary models and the latest `split` share (by
 * date; a date is never cut in two) fits the calibrator. Matches with too
 * little history are left out of fitting and still predicted. */
#ifndef LF_ONEXTWO_H
#define LF_ONEXTWO_H

#include "logreg.h"
#include "prematch.h"

/* The bench of candidate features (bench/feature-candidates.sh) builds
 * variants with another list: X12_FEATURE_LIST, X12_NFEATURES features. */
#ifndef X12_FEATURE_LIST
#define X12_NFEATURES 22
#endif

extern const int x12_features[X12_NFEATURES];      /* indices into enum feature */
extern const char *const x12_outcomes[3];          /* home, draw, away */

/* The features a model's binaries were fitted on, as indices into enum
 * feature: x12_features for a model this version fits; a model of an
 * earlier version names its own (fewer, or in another order), which it
 * keeps predicting from, read by name from the feature table. */
struct x12_feature_list {
    int n;
    int which[NFEATURES];
};
extern const struct x12_feature_list X12_CURRENT; /* x12_features */

struct x12_options {
    int until;         /* INT_MAX: all */
    double split;      /* share of the latest eligible matches for calibration */
    double lambda;     /* L2 penalty of the binary models */
    double cal_lambda; /* and of the calibrator */
    int min_history;
};

extern const struct x12_options X12_DEFAULTS;

struct x12_model {
    struct logreg bin[3];
    struct mlogit cal;
    struct x12_feature_list features; /* of the three binary models */
};

/* The date from which eligible matches go to the calibrator; INT_MAX when
 * there are too few to split. *n_fit and *n_cal count the two parts. */
int x12_split_date(const struct feature_table *t, const struct x12_options *o,
                   size_t *n_fit, size_t *n_cal);

int x12_eligible(const struct feature_table *t, size_t i, const struct x12_options *o);

/* Indices of the eligible rows of one part, the earlier (calibration = 0)
 * or the later one, given the split date; returns how many. */
size_t x12_part_rows(const struct feature_table *t, const struct x12_options *o, int split,
                     int calibration, size_t *rows);

/* The features of row i this version fits on (x12_features), and those
 * of a list (f->n of them). */
void x12_row(const struct feature_table *t, size_t i, double x[X12_NFEATURES]);
void x12_row_of(const struct x12_feature_list *f, const struct feature_table *t, size_t i,
                double *x);

/* Fits the binary model of one outcome (0 home, 1 draw, 2 away) on the
 * earlier part; 0, or -1 with a reason. */
int x12_fit_binary(const struct feature_table *t, int outcome, const struct x12_options *o,
                   struct logreg *out, char *err, size_t errlen);

/* Fits the calibrator on the later part, given the three binary models
 * and the features they were fitted on. */
int x12_fit_calibrator(const struct feature_table *t, const struct logreg bin[3],
                       const struct x12_feature_list *f, const struct x12_options *o,
                       struct mlogit *out, char *err, size_t errlen);

/* Both steps: the whole model as of o->until. */
int x12_fit(const struct feature_table *t, const struct x12_options *o, struct x12_model *m,
            char *err, size_t errlen);
/* The same, each fit's Newton iterations started at start's (the last
 * week's model of a walk; NULL: afresh): the same minima, to the
 * convergence tolerance (logreg.h). */
int x12_fit_from(const struct feature_table *t, const struct x12_options *o,
                 const struct x12_model *start, struct x12_model *m, char *err, size_t errlen);

/* x: the row's features through m->features (x12_row_of). */
void x12_predict(const struct x12_model *m, const double *x, double p[3]);
void x12_free(struct x12_model *m);

/* The week_fn (walkforward.h) of 1x2_v2: binary models and calibrator
 * refitted on the matches before the week (ctx: a struct x12_walk, whose
 * options' `until` is set to each Monday), every match of the week
 * predicted. A week's fits start from the last week's models (their
 * coefficients, and their Hessians for chord steps: logreg.h), the walk's
 * first week afresh; x12_walk_free frees the last models. X12_CHAIN keeps
 * the chain in a walk cache: the numbers the next week's fits start
 * from. */
#include "walkforward.h"
struct x12_walk {
    const struct feature_table *t;
    struct x12_options o;
    struct x12_model last; /* the chain: the last week fitted, and that week */
    int last_week, has_last;
};
int x12_walk_week(const struct fixture_set *set, int week, const size_t *idx, size_t k,
                  double *p, void *ctx);
void x12_walk_free(struct x12_walk *walk);
extern const struct week_chain X12_CHAIN;

/* Reading a model directory (dies naming the file on a bad one): the
 * options the binary models were fitted with, one binary model (with the
 * features it names), all. */
#include <cjson/cJSON.h>
void x12_options_from_json(const cJSON *opt, const char *path, struct x12_options *o);
void x12_read_binary(const char *dir, int outcome, struct logreg *m, struct x12_options *o,
                     struct x12_feature_list *f);
/* The members every file of a 1x2_v2 or draw_specialist model starts with:
 * model_type, version, league, part, options, diagnostics (first_date,
 * last_date, split_date, matches, fit_matches, calibration_matches). */
cJSON *x12_header_json(const struct feature_table *t, const struct x12_options *o,
                       const char *model_type, const char *part);

int x12_options_equal(const struct x12_options *a, const struct x12_options *b);
int x12_feature_lists_equal(const struct x12_feature_list *a, const struct x12_feature_list *b);
/* The three binary models, checked to share their options and features. */
void x12_read_binaries(const char *dir, struct logreg bin[3], struct x12_options *o,
                       struct x12_feature_list *f);
/* The whole model; returns its league (to free). */
char *x12_read_dir(const char *dir, struct x12_model *m, struct x12_options *o);

#endif
