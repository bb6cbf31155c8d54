/* draw.h: the draw_specialist model: an L2 logistic regression of the draw
 * on draw-relevant pre-match features, fitted on every eligible match (both
 * parts of onextwo.h's chronological split, same options: on 2014-15 to
 * 2018-19 this scored better than the earlier part alone), then on the
 * later part a Platt calibration of its score, p = 1 / (1 + e^−(a + b·score)),
 * and the decision threshold on that p (a call: p >= threshold): the
 * lowest, so the most draws called, whose calls on the later part reach a
 * precision of DRAW_CALL_LIFT_FIT × its draw rate, with at least
 * DRAW_CALL_MIN_SHARE of its matches called. Where none does, the model
 * calls no draw (threshold "none"). Models of older versions, whose
 * threshold maximised the F1 of the calls, read as they were. */
#ifndef LF_DRAW_H
#define LF_DRAW_H

#include "onextwo.h"

#define DRAW_NFEATURES 8
/* A call must be worth making: 1.15 × the draw rate out of sample is the
 * aim; the in-sample target is higher by the optimism of choosing the
 * threshold on the same matches (measured on 2014-15 to 2018-19,
 * docs/quality.md). */
#define DRAW_CALL_LIFT_FIT 1.3
#define DRAW_CALL_MIN_SHARE 0.05

extern const int draw_features[DRAW_NFEATURES];
extern const struct x12_options DRAW_DEFAULTS;

struct draw_model {
    struct logreg lr;
    struct logreg platt; /* one feature: lr's linear score; no penalty */
    double threshold;             /* INFINITY: no draw is called */
    double f1, precision, recall; /* of the calls on the later part */
    double call_rate, draw_rate;  /* share called, share drawn there */
    int lift_rule;                /* 1: the threshold rule above; 0: F1 (older) */
};

void draw_row(const struct feature_table *t, size_t i, double x[DRAW_NFEATURES]);

/* 0, or -1 with a reason. */
int draw_fit(const struct feature_table *t, const struct x12_options *o,
             struct draw_model *m, char *err, size_t errlen);

double draw_prob(const struct draw_model *m, const double x[DRAW_NFEATURES]);
int draw_call(const struct draw_model *m, double p);
void draw_free(struct draw_model *m);

cJSON *draw_to_json(const struct draw_model *m);
void draw_from_json(const cJSON *obj, const char *path, struct draw_model *m);

/* The week_fn of draw_specialist (ctx: a struct x12_walk): refits before the
 * week and writes, per fixture, p[0] = P(draw), p[1] = the call (0 or 1). */
int draw_walk_week(const struct fixture_set *set, int week, const size_t *idx, size_t k,
                   double *p, void *ctx);

#endif
