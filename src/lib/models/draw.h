/* draw.h: the draw_specialist model: an L2 logistic regression of the draw
 * on draw-relevant inputs (drawinputs.h: how balanced and how low-scoring
 * the match looks, the goals model's own P(draw), both sides' recent draws,
 * the time of the season, how alike the sides' shares of shots on
 * target), fitted on every eligible match (both parts of onextwo.h's
 * chronological split, same options), and the decision
 * threshold on its probability (a call: p >= threshold): the lowest, so
 * the most draws called, whose calls on the later part reach a precision
 * of DRAW_CALL_LIFT_FIT × its draw rate, with at least DRAW_CALL_MIN_SHARE
 * of its matches called. Where none does, the model calls no draw
 * (threshold "none").
 *
 * The regression's probability is the model's: on 2014-15 to 2018-19 a
 * Platt calibration of its score on the later part scored worse than none
 * (docs/quality.md). Model files of older versions, fitted on other
 * inputs and with such a calibration (and, older still, a threshold
 * maximising the F1 of the calls), read and predict as they were fitted. */
#ifndef LF_DRAW_H
#define LF_DRAW_H

#include "drawinputs.h"
#include "onextwo.h"

#define DRAW_NFEATURES 16 /* inputs of the model this version fits */
#define DRAW_MAX_INPUTS 32 /* of a model file read */
/* A call must be worth making: 1.15 × the draw rate out of sample is the
 * aim; the in-sample target is higher by the optimism of choosing the
 * threshold on the same matches (measured on 2014-15 to 2018-19,
 * docs/quality.md). */
#define DRAW_CALL_LIFT_FIT 1.3
#define DRAW_CALL_MIN_SHARE 0.05

extern const int draw_features[DRAW_NFEATURES]; /* drawinputs.h indices */
extern const struct x12_options DRAW_DEFAULTS;

struct draw_model {
    int ninputs, inputs[DRAW_MAX_INPUTS]; /* drawinputs.h indices */
    struct logreg lr;
    int calibrated;      /* 0: lr's probability; 1 (older files): platt's */
    struct logreg platt; /* one feature: lr's linear score; no penalty */
    double threshold;             /* INFINITY: no draw is called */
    double f1, precision, recall; /* of the calls on the later part */
    double call_rate, draw_rate;  /* share called, share drawn there */
    int lift_rule;                /* 1: the threshold rule above; 0: F1 (older) */
};

/* The model's inputs of row i of t into x (m->ninputs numbers). */
void draw_row(const struct draw_model *m, const struct feature_table *t, size_t i,
              double x[DRAW_MAX_INPUTS]);

/* 0, or -1 with a reason. */
int draw_fit(const struct feature_table *t, const struct x12_options *o,
             struct draw_model *m, char *err, size_t errlen);
/* The same, the regression's Newton iterations started at start's (the
 * last week's model of a walk; NULL: afresh): the same minimum, to the
 * convergence tolerance (logreg.h). */
int draw_fit_from(const struct feature_table *t, const struct x12_options *o,
                  const struct draw_model *start, struct draw_model *m, char *err,
                  size_t errlen);

double draw_prob(const struct draw_model *m, const double x[DRAW_MAX_INPUTS]);
int draw_call(const struct draw_model *m, double p);
void draw_free(struct draw_model *m);

cJSON *draw_to_json(const struct draw_model *m);
void draw_from_json(const cJSON *obj, const char *path, struct draw_model *m);

/* The week_fn of draw_specialist (ctx: a struct draw_walk, whose options'
 * `until` is set to each Monday): refits before the week and writes, per
 * fixture, p[0] = P(draw), p[1] = the call (0 or 1). Its fits are chained
 * from the walk's first week on, as 1x2_v2's (x12_walk_week); draw_walk_free
 * frees the last model. DRAW_CHAIN keeps the chain in a walk cache: the
 * numbers the next week's regression starts from. */
struct draw_walk {
    const struct feature_table *t;
    struct x12_options o;
    struct draw_model last; /* the chain: the last week fitted, and that week */
    int last_week, has_last;
};
int draw_walk_week(const struct fixture_set *set, int week, const size_t *idx, size_t k,
                   double *p, void *ctx);
void draw_walk_free(struct draw_walk *walk);
extern const struct week_chain DRAW_CHAIN;

#endif
