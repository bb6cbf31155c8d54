/* draw.h: the draw_specialist model: an L2 logistic regression of the draw
 * on draw-relevant pre-match features, fitted on the earlier part of the
 * chronological split (onextwo.h's split, same options), then on the later
 * part a Platt calibration of its score, p = 1 / (1 + e^−(a + b·score)),
 * and the decision threshold on that p that maximises the F1 of draw calls
 * (a call: p >= threshold). */
#ifndef LF_DRAW_H
#define LF_DRAW_H

#include "onextwo.h"

#define DRAW_NFEATURES 8

extern const int draw_features[DRAW_NFEATURES];
extern const struct x12_options DRAW_DEFAULTS;

struct draw_model {
    struct logreg lr;
    struct logreg platt; /* one feature: lr's linear score; no penalty */
    double threshold;
    double f1, precision, recall; /* of the calls on the later part */
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
