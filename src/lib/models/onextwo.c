/* onextwo.c: fitting and prediction of the 1x2_v2 model. */
#include "onextwo.h"
#include "date.h"
#include "metrics.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Ratings and their expectation, form, goal averages, the goals model's
 * two views (dc_p_draw is left out, being 1 − the other two), the shot
 * shares and the days of rest. */
#ifndef X12_FEATURE_LIST
#define X12_FEATURE_LIST                                                                  \
    F_ELO_DIFF, F_PI_HOME, F_PI_AWAY, F_PI_GD, F_FORM_HOME, F_FORM_AWAY,                 \
        F_FORM_HOME_AT_HOME, F_FORM_AWAY_AWAY, F_GF_HOME, F_GA_HOME, F_GF_AWAY, F_GA_AWAY, \
        F_DC_LOGIT_HOME, F_DC_LOGIT_AWAY, F_DC_FAST_LOGIT_HOME, F_DC_FAST_LOGIT_AWAY,     \
        F_SHOT_SHARE_HOME, F_SHOT_SHARE_AWAY, F_SOT_SHARE_HOME, F_SOT_SHARE_AWAY,         \
        F_REST_HOME, F_REST_AWAY
#endif
const int x12_features[X12_NFEATURES] = { X12_FEATURE_LIST };
const struct x12_feature_list X12_CURRENT = { X12_NFEATURES, { X12_FEATURE_LIST } };

const char *const x12_outcomes[3] = { "home", "draw", "away" };

const struct x12_options X12_DEFAULTS = {
    .until = INT_MAX, .split = 0.3, .lambda = 100, .cal_lambda = 1, .min_history = 5,
};

/* Fewer eligible matches than this in either part: no model. */
#define MIN_PART 30

/* The bench of training windows (bench/train-window.sh) builds variants
 * that fit on the matches of the X12_TRAIN_DAYS days before `until` only
 * (a walk's weeks; a final fit, until INT_MAX, takes every match). 0, the
 * default: every earlier match, which scored best on the tuning seasons
 * (docs/quality.md). */
#ifndef X12_TRAIN_DAYS
#define X12_TRAIN_DAYS 0
#endif

static int in_training_window(const struct fixture *f, const struct x12_options *o)
{
    return X12_TRAIN_DAYS == 0 || o->until == INT_MAX || f->date >= o->until - X12_TRAIN_DAYS;
}

/* A row whose goals-model features were not computed (league-features
 * --from) has dc_p_draw 0, which no fitted model gives: not eligible. */
int x12_eligible(const struct feature_table *t, size_t i, const struct x12_options *o)
{
    const struct fixture *f = &t->set.v[i];
    return fixture_played(f) && f->date < o->until && t->history[i] >= o->min_history &&
           t->X[i * NFEATURES + F_DC_DRAW] > 0 && in_training_window(f, o);
}

int x12_split_date(const struct feature_table *t, const struct x12_options *o,
                   size_t *n_fit, size_t *n_cal)
{
    size_t n = 0, k = 0;
    for (size_t i = 0; i < t->set.n; i++)
        n += x12_eligible(t, i, o);
    size_t want = n - (size_t)floor(n * o->split); /* matches for the binary fits */
    int split = INT_MAX;
    for (size_t i = 0; i < t->set.n; i++)
        if (x12_eligible(t, i, o) && k++ == want) {
            split = t->set.v[i].date;
            break;
        }
    *n_fit = *n_cal = 0;
    for (size_t i = 0; i < t->set.n; i++)
        if (x12_eligible(t, i, o))
            (t->set.v[i].date < split ? (*n_fit)++ : (*n_cal)++);
    return split;
}

void x12_row_of(const struct x12_feature_list *f, const struct feature_table *t, size_t i,
                double *x)
{
    for (int k = 0; k < f->n; k++)
        x[k] = t->X[i * NFEATURES + f->which[k]];
}

void x12_row(const struct feature_table *t, size_t i, double x[X12_NFEATURES])
{
    x12_row_of(&X12_CURRENT, t, i, x);
}

size_t x12_part_rows(const struct feature_table *t, const struct x12_options *o,
                        int split, int calibration, size_t *rows)
{
    size_t k = 0;
    for (size_t i = 0; i < t->set.n; i++)
        if (x12_eligible(t, i, o) && (t->set.v[i].date >= split) == calibration)
            rows[k++] = i;
    return k;
}

static int check_parts(size_t n_fit, size_t n_cal, char *err, size_t errlen)
{
    if (n_fit >= MIN_PART && n_cal >= MIN_PART)
        return 0;
    snprintf(err, errlen,
             "%zu matches to fit and %zu to calibrate on, fewer than %d in a part",
             n_fit, n_cal, MIN_PART);
    return -1;
}

static int outcome_at(const struct feature_table *t, size_t i)
{
    return outcome_of(t->set.v[i].home_goals, t->set.v[i].away_goals);
}

/* The earlier part's rows (*rows) and their features (*X, n × X12_NFEATURES);
 * returns n. */
static size_t fit_part(const struct feature_table *t, const struct x12_options *o, int split,
                       size_t **rows, double **X)
{
    *rows = xmalloc((t->set.n + 1) * sizeof **rows);
    size_t n = x12_part_rows(t, o, split, 0, *rows);
    *X = xmalloc((n * X12_NFEATURES + 1) * sizeof **X);
    for (size_t r = 0; r < n; r++)
        x12_row(t, (*rows)[r], *X + r * X12_NFEATURES);
    return n;
}

static void outcome_labels(const struct feature_table *t, const size_t *rows, size_t n,
                           int outcome, double *y)
{
    for (size_t r = 0; r < n; r++)
        y[r] = outcome_at(t, rows[r]) == outcome;
}

int x12_fit_binary(const struct feature_table *t, int outcome, const struct x12_options *o,
                   struct logreg *out, char *err, size_t errlen)
{
    size_t n_fit, n_cal, *rows;
    double *X;
    int split = x12_split_date(t, o, &n_fit, &n_cal);
    memset(out, 0, sizeof *out);
    if (check_parts(n_fit, n_cal, err, errlen))
        return -1;
    size_t n = fit_part(t, o, split, &rows, &X);
    double *y = xmalloc((n + 1) * sizeof *y);
    outcome_labels(t, rows, n, outcome, y);
    int rc = logreg_fit(X, y, NULL, n, X12_NFEATURES, o->lambda, out, err, errlen);
    free(rows), free(X), free(y);
    return rc;
}

/* The three binary models at once: x12_fit_binary's, the part's rows
 * selected and standardised once for the three. */
static int fit_binaries(const struct feature_table *t, const struct x12_options *o,
                        const struct logreg *start, struct logreg bin[3], char *err,
                        size_t errlen)
{
    size_t n_fit, n_cal, *rows;
    double *X;
    int split = x12_split_date(t, o, &n_fit, &n_cal);
    if (check_parts(n_fit, n_cal, err, errlen))
        return -1;
    size_t n = fit_part(t, o, split, &rows, &X);
    double *y = xmalloc((n + 1) * sizeof *y);
    struct logreg_design d;
    int rc = logreg_design_init(&d, X, n, X12_NFEATURES, err, errlen);
    for (int k = 0; rc == 0 && k < 3; k++) {
        outcome_labels(t, rows, n, k, y);
        rc = logreg_fit_design_from(&d, y, NULL, o->lambda, start ? &start[k] : NULL, &bin[k],
                                    err, errlen);
    }
    logreg_design_free(&d); /* (zeroed when its init failed) */
    free(rows), free(X), free(y);
    return rc;
}

/* The calibrator's inputs: the three binary models' linear scores. */
static void scores(const struct logreg bin[3], const double *x, double z[3])
{
    for (int k = 0; k < 3; k++)
        z[k] = logreg_linear(&bin[k], x);
}

static int fit_calibrator(const struct feature_table *t, const struct logreg bin[3],
                          const struct x12_feature_list *f, const struct x12_options *o,
                          const struct mlogit *start, struct mlogit *out, char *err,
                          size_t errlen)
{
    size_t n_fit, n_cal;
    int split = x12_split_date(t, o, &n_fit, &n_cal);
    memset(out, 0, sizeof *out);
    if (check_parts(n_fit, n_cal, err, errlen))
        return -1;
    size_t *rows = xmalloc((t->set.n + 1) * sizeof *rows);
    size_t n = x12_part_rows(t, o, split, 1, rows);
    double *Z = xmalloc((3 * n + 1) * sizeof *Z);
    int *y = xmalloc((n + 1) * sizeof *y);
    for (size_t r = 0; r < n; r++) {
        double x[NFEATURES];
        x12_row_of(f, t, rows[r], x);
        scores(bin, x, Z + 3 * r);
        y[r] = outcome_at(t, rows[r]);
    }
    int rc = mlogit_fit_from(Z, y, n, 3, 3, o->cal_lambda, start, out, err, errlen);
    free(rows), free(Z), free(y);
    return rc;
}

int x12_fit_calibrator(const struct feature_table *t, const struct logreg bin[3],
                       const struct x12_feature_list *f, const struct x12_options *o,
                       struct mlogit *out, char *err, size_t errlen)
{
    return fit_calibrator(t, bin, f, o, NULL, out, err, errlen);
}

int x12_fit(const struct feature_table *t, const struct x12_options *o, struct x12_model *m,
            char *err, size_t errlen)
{
    return x12_fit_from(t, o, NULL, m, err, errlen);
}

int x12_fit_from(const struct feature_table *t, const struct x12_options *o,
                 const struct x12_model *start, struct x12_model *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    m->features = X12_CURRENT;
    if (fit_binaries(t, o, start ? start->bin : NULL, m->bin, err, errlen) != 0) {
        x12_free(m);
        return -1;
    }
    if (fit_calibrator(t, m->bin, &m->features, o, start ? &start->cal : NULL, &m->cal, err,
                       errlen) != 0) {
        x12_free(m);
        return -1;
    }
    return 0;
}

void x12_predict(const struct x12_model *m, const double *x, double p[3])
{
    double z[3];
    scores(m->bin, x, z);
    mlogit_prob(&m->cal, z, p);
}

void x12_free(struct x12_model *m)
{
    for (int k = 0; k < 3; k++)
        logreg_free(&m->bin[k]);
    mlogit_free(&m->cal);
}

static void forget_last(struct x12_walk *walk)
{
    if (walk->has_last)
        x12_free(&walk->last);
    walk->has_last = 0;
}

int x12_walk_week(const struct fixture_set *set, int week, const size_t *idx, size_t k,
                  double *p, void *ctx)
{
    struct x12_walk *c = ctx;
    struct x12_options o = c->o;
    struct x12_model m;
    char err[160];
    (void)set;
    o.until = week;
    int chained = c->has_last && c->last_week < week;
    int rc = x12_fit_from(c->t, &o, chained ? &c->last : NULL, &m, err, sizeof err);
    forget_last(c);
    if (rc != 0)
        return -1;
    for (size_t i = 0; i < k; i++) {
        double x[NFEATURES];
        x12_row_of(&m.features, c->t, idx[i], x);
        x12_predict(&m, x, p + 3 * i);
    }
    c->last = m;
    c->last_week = week;
    c->has_last = 1;
    return 0;
}

void x12_walk_free(struct x12_walk *walk)
{
    forget_last(walk);
}

/* The chain's state: each binary model's start (logreg.h), then the
 * calibrator's. */
_Static_assert(3 * LOGREG_START_SIZE(X12_NFEATURES) + MLOGIT_START_SIZE(3, 3) <= WALK_STATE_MAX,
               "1x2_v2's chain outgrows a walk's state");

static size_t chain_size(int nfeat)
{
    return 3 * LOGREG_START_SIZE(nfeat) + MLOGIT_START_SIZE(3, 3);
}

static size_t chain_save(const void *ctx, double *state)
{
    const struct x12_walk *c = ctx;
    if (!c->has_last)
        return 0;
    size_t at = 0, size = LOGREG_START_SIZE(c->last.bin[0].nfeat);
    for (int k = 0; k < 3; k++, at += size)
        logreg_start_save(&c->last.bin[k], state + at);
    mlogit_start_save(&c->last.cal, state + at);
    return chain_size(c->last.bin[0].nfeat);
}

static void chain_restore(void *ctx, int week, const double *state, size_t n)
{
    struct x12_walk *c = ctx;
    forget_last(c);
    if (n != chain_size(X12_NFEATURES))
        return;
    size_t at = 0, size = LOGREG_START_SIZE(X12_NFEATURES);
    for (int k = 0; k < 3; k++, at += size)
        logreg_start_load(&c->last.bin[k], X12_NFEATURES, state + at);
    mlogit_start_load(&c->last.cal, 3, 3, state + at);
    c->last.features = X12_CURRENT;
    c->last_week = week;
    c->has_last = 1;
}

const struct week_chain X12_CHAIN = { chain_save, chain_restore };
