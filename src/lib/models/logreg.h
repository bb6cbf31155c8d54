/* logreg.h: L2-regularised logistic regression, binary and multinomial,
 * fitted exactly (Newton's method, exact Hessian) for the 1x2_v2 model
 * (docs/design.md §3): three one-vs-rest binary scores, then a multinomial
 * calibrator mapping them to one distribution.
 *
 * Binary (struct logreg). Features are standardised on the training rows,
 * z_j = (x_j - mean_j) / sd_j, with the UNWEIGHTED mean and population sd
 * (ddof = 0) of all n rows, whatever the weights; a constant feature gets
 * its value as mean and sd 1 (so z = 0 exactly and its coef is 0). Then
 *
 *   minimise  sum_i w_i [log(1 + e^eta_i) - y_i eta_i] + lambda/2 ||coef||^2,
 *   eta_i = intercept + coef . z_i,
 *
 * the intercept not penalised: scikit-learn's LogisticRegression(C = 1 /
 * lambda) on the standardised features, with unit weights. Weights are
 * frequency weights in the likelihood only: w = 2 equals duplicating a row
 * when lambda = 0 or when every row is doubled, but since the
 * standardisation is unweighted, doubling some rows and weighting them 2
 * standardise differently and so are penalised differently.
 *
 * Multinomial (struct mlogit), no standardisation:
 *
 *   minimise  sum_i [log sum_k e^eta_ik - eta_i,y_i] + lambda/2 sum_kj coef_kj^2,
 *   eta_ik = intercept_k + coef_k . x_i,
 *
 * every class's coefficients penalised (scikit-learn's multinomial
 * LogisticRegression), which makes them identifiable: at the optimum they
 * sum to 0 over the classes for each feature. The intercepts are not
 * penalised; the fit pins the first at 0 and centres them afterwards to sum
 * 0. With lambda = 0 the first class's coefficients are pinned at 0 too and
 * the coefficients are centred afterwards: the minimum-norm optimum, the
 * limit of lambda -> 0.
 *
 * Both fits start from the constant model (intercepts from the class
 * frequencies, coefficients 0), take Newton steps with step halving, and
 * are converged when the largest |gradient| of the objective is below
 * 1e-10 × the total weight (n for unit weights). One more Newton step is
 * then taken, and kept if it lowers the largest |gradient|: convergence
 * being quadratic, that brings the parameters from about 1e-10 n /
 * curvature to rounding level (the diagnostics report the final state).
 * Where the step before came from a gradient within 1e4 times the
 * tolerance, the gradient is computed first without the Hessian, and at
 * convergence that last step takes the Hessian of the point before.
 * They fail (return -1, reason in err) on no rows, a non-finite number, a
 * label out of range, a class without weight (its intercept would be
 * infinite), or no convergence: in particular separable data with lambda =
 * 0, where the gradient vanishes only as the coefficients diverge, which
 * shows as a final Newton step still moving some row's linear predictor by
 * more than 1e-3. */
#ifndef LF_LOGREG_H
#define LF_LOGREG_H

#include <cjson/cJSON.h>
#include <stddef.h>

#define LOGREG_GRAD_TOL 1e-10 /* max |gradient| / total weight at convergence */

struct logreg {
    int nfeat;
    double *mean, *sd;  /* standardisation of the training rows (nfeat each) */
    double intercept;   /* not penalised */
    double *coef;       /* nfeat, on standardised features */
    double lambda;
    /* Diagnostics: rows, Newton steps, objective and max |gradient| at the
     * returned parameters. */
    int n, iterations;
    double objective, grad_norm;
    /* The Hessian the fit's last step took ((nfeat + 1)², column-major,
     * its lower triangle set), for a fit started from this one; NULL in a
     * model read from a file. How many Hessians the fit built (the
     * cost of a fit: each costs nfeat + 1 times a gradient). */
    double *hessian;
    int hessians;
};

/* X is n × p row-major, y 0 or 1, w NULL (all 1) or n finite weights >= 0
 * with both classes weighted; lambda >= 0. p may be 0 (an intercept only).
 * On failure *out is left empty (logreg_free is safe on it). */
int logreg_fit(const double *X, const double *y, const double *w, size_t n, int p,
               double lambda, struct logreg *out, char *err, size_t errlen);

/* The same in two steps, for several fits on the same rows (the three
 * outcomes of 1x2_v2): the rows standardised once, then each fit. The
 * models are those logreg_fit gives, to the bit. */
struct logreg_design {
    double *Z;          /* n × p standardised */
    double *mean, *sd;  /* p each */
    size_t n;
    int p;
};
/* 0, or -1 with a reason (no rows, a non-finite number). */
int logreg_design_init(struct logreg_design *d, const double *X, size_t n, int p, char *err,
                       size_t errlen);
int logreg_fit_design(const struct logreg_design *d, const double *y, const double *w,
                      double lambda, struct logreg *out, char *err, size_t errlen);
/* The same with Newton's iterations started at `start` (a model of the
 * same features, the last week's of a walk), its linear predictor carried
 * into d's standardisation; NULL, or a model of other features: the
 * constant model. With start's Hessian, the first steps are chord steps
 * from it (a Newton step with that Hessian in place of the point's own,
 * costing the gradient alone), as long as each divides max |gradient| by
 * ten: on the rows of last week and a week more, Newton's own steps take
 * over seldom. The minimum is the same, to the convergence tolerance.
 * Where the fit from start fails (a start far from the minimum, where the
 * objective is flat to rounding), it is the fit from the constant model. */
int logreg_fit_design_from(const struct logreg_design *d, const double *y, const double *w,
                           double lambda, const struct logreg *start, struct logreg *out,
                           char *err, size_t errlen);
void logreg_design_free(struct logreg_design *d);

/* What a warm start reads of a model (logreg_fit_design_from's start),
 * as numbers, exactly, for a walk's chain kept between runs
 * (walkforward.h): the intercept, then coef, mean and sd, whether it has
 * a Hessian (1 or 0) and its lower triangle (or zeros), column by column;
 * writes LOGREG_START_SIZE(nfeat) numbers into v. logreg_start_load makes a
 * start of them (logreg_free frees it). */
#define LOGREG_START_SIZE(nfeat) \
    (2 + 3 * (size_t)(nfeat) + ((size_t)(nfeat) + 1) * ((size_t)(nfeat) + 2) / 2)
void logreg_start_save(const struct logreg *m, double *v);
void logreg_start_load(struct logreg *m, int nfeat, const double *v);

/* intercept + coef . standardised x (x has nfeat raw features). */
double logreg_linear(const struct logreg *m, const double *x);
double logreg_prob(const struct logreg *m, const double *x);
void logreg_free(struct logreg *m);

/* {"features":[names], "mean":[...], "sd":[...], "intercept":..., "coef":[...],
 *  "lambda":..., "diagnostics":{"n","iterations","objective","gradient_norm"}}
 * with numbers that read back bit-identical. */
cJSON *logreg_to_json(const struct logreg *m, const char *const *feature_names);
/* Strict: dies naming path when a member is missing, of the wrong type or
 * length, or out of range (sd <= 0, lambda < 0). */
void logreg_from_json(const cJSON *obj, const char *path, struct logreg *m);

struct mlogit {
    int nfeat, nclass;
    double *intercept;  /* nclass, centred to sum 0 */
    double *coef;       /* nclass × nfeat, row-major */
    double lambda;
    int n, iterations;
    double objective, grad_norm;
    /* As struct logreg's: over the nfree parameters the fit moves. */
    int nfree;
    double *hessian;
    int hessians;
};

/* X is n × p row-major (p may be 0), y in 0..K-1 with every class present,
 * K >= 2, lambda >= 0. */
int mlogit_fit(const double *X, const int *y, size_t n, int p, int K, double lambda,
               struct mlogit *out, char *err, size_t errlen);
/* The same started at `start` (a model of as many features and classes;
 * else, or NULL, the constant model), as logreg_fit_design_from, its
 * Hessian too, and afresh where the fit from start fails. */
int mlogit_fit_from(const double *X, const int *y, size_t n, int p, int K, double lambda,
                    const struct mlogit *start, struct mlogit *out, char *err, size_t errlen);

/* The same for a multinomial model: its intercepts, its coef, the number
 * of parameters its Hessian is over (0: none) and its lower triangle,
 * padded with zeros to room for all nclass × (nfeat + 1);
 * MLOGIT_START_SIZE(nfeat, nclass) numbers. */
#define MLOGIT_FULL(nfeat, nclass) ((size_t)(nclass) * (1 + (size_t)(nfeat)))
#define MLOGIT_START_SIZE(nfeat, nclass) \
    (MLOGIT_FULL(nfeat, nclass) + 1 + MLOGIT_FULL(nfeat, nclass) * (MLOGIT_FULL(nfeat, nclass) + 1) / 2)
void mlogit_start_save(const struct mlogit *m, double *v);
void mlogit_start_load(struct mlogit *m, int nfeat, int nclass, const double *v);

/* prob[0..K) = softmax(intercept + coef x); sums to 1. */
void mlogit_prob(const struct mlogit *m, const double *x, double *prob);
void mlogit_free(struct mlogit *m);

/* {"features":[names], "classes":[names], "intercept":[K], "coef":[[p] × K],
 *  "lambda":..., "diagnostics":{"n","iterations","objective","gradient_norm"}} */
cJSON *mlogit_to_json(const struct mlogit *m, const char *const *feature_names,
                      const char *const *class_names);
void mlogit_from_json(const cJSON *obj, const char *path, struct mlogit *m);

#endif
