/* test_logreg.c: binary and multinomial logistic regression (logreg.h)
 * against closed forms, a value solved here by bisection, finite
 * differences of the objective written out here, and identities between
 * the two models; JSON round trips bit for bit; strict reading and fit
 * failures. TAP output. */
#define _GNU_SOURCE
#include "json.h"
#include "logreg.h"
#include "rng.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

static char err[256];

static double logit(double p) { return log(p / (1 - p)); }

static double rel(double got, double want)
{
    return fabs(got - want) / fmax(1, fabs(want));
}

/* n rows of p correlated features on different scales, y from a logistic
 * model; w (when given) uniform on [0.5, 2). */
static void make_data(uint64_t seed, size_t n, int p, double *X, double *y, double *w)
{
    struct rng r;
    rng_seed(&r, seed);
    for (size_t i = 0; i < n; i++) {
        double common = rng_normal(&r), eta = 0.2;
        for (int j = 0; j < p; j++) {
            double z = 0.6 * common + 0.8 * rng_normal(&r);
            X[i * p + j] = z * pow(10, j - 1) + 3 * j;
            eta += (j % 2 ? -0.7 : 0.5) * z;
        }
        y[i] = rng_uniform(&r) < 1 / (1 + exp(-eta));
        if (w)
            w[i] = 0.5 + 1.5 * rng_uniform(&r);
    }
}

/* ---- binary ---- */

static void test_intercept_only(void)
{
    const double y[5] = { 1, 0, 0, 1, 1 }, w[5] = { 1, 2, 3, 4, 5 };
    struct logreg m;
    int rc = logreg_fit(NULL, y, NULL, 5, 0, 1, &m, err, sizeof err);
    ok(rc == 0 && m.nfeat == 0, "no features: fits (%s)", rc ? err : "ok");
    is_close(m.intercept, logit(3.0 / 5), 1e-15, "no features: intercept = logit(mean y) = log 1.5");
    is_close(logreg_prob(&m, NULL), 0.6, 1e-15, "no features: probability = mean y");
    logreg_free(&m);
    rc = logreg_fit(NULL, y, w, 5, 0, 1, &m, err, sizeof err);
    ok(rc == 0, "no features, weighted: fits");
    is_close(m.intercept, log(2), 1e-15,
             "no features, weights 1..5: intercept = logit(10/15) = log 2");
    logreg_free(&m);
}

/* One 0/1 feature, lambda = 0: the saturated model, whose probabilities
 * are the group means 3/10 and 6/8. */
static void test_two_groups(void)
{
    double x[18], y[18];
    for (int i = 0; i < 18; i++) {
        x[i] = i >= 10;
        y[i] = i < 10 ? i < 3 : i < 16;
    }
    struct logreg m;
    int rc = logreg_fit(x, y, NULL, 18, 1, 0, &m, err, sizeof err);
    ok(rc == 0, "two groups, lambda 0: fits (%s)", rc ? err : "ok");
    const double x0 = 0, x1 = 1;
    is_close(logreg_prob(&m, &x0), 0.3, 1e-14, "two groups: P(y | x=0) = 3/10");
    is_close(logreg_prob(&m, &x1), 0.75, 1e-14, "two groups: P(y | x=1) = 6/8");
    is_close(m.mean[0], 8.0 / 18, 1e-16, "two groups: mean of x is 8/18");
    is_close(m.sd[0], sqrt(8.0 / 18 * 10.0 / 18), 1e-15,
             "two groups: sd of x is sqrt(p(1-p)) (population, ddof 0)");
    is_close(m.coef[0] / m.sd[0], logit(0.75) - logit(0.3), 1e-13,
             "two groups: coef / sd = log odds ratio");
    logreg_free(&m);
}

/* x = +1: 3 of 4 y = 1; x = -1: 1 of 4. Standardised x is x itself, the
 * intercept is 0 by symmetry, and the coefficient b solves
 * 8 sigmoid(b) - 6 + lambda b = 0, i.e. 4 tanh(b/2) + lambda b = 2. */
static double symmetric_root(double lambda)
{
    double lo = 0, hi = 10;
    for (int i = 0; i < 200; i++) {
        double mid = (lo + hi) / 2;
        if (4 * tanh(mid / 2) + lambda * mid < 2)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

static void test_symmetric(void)
{
    const double x[8] = { 1, 1, 1, 1, -1, -1, -1, -1 }, y[8] = { 1, 1, 1, 0, 1, 0, 0, 0 };
    for (int k = 0; k < 3; k++) {
        double lambda = (double[]){ 0, 1, 10 }[k];
        struct logreg m;
        int rc = logreg_fit(x, y, NULL, 8, 1, lambda, &m, err, sizeof err);
        ok(rc == 0 && m.mean[0] == 0 && m.sd[0] == 1,
           "symmetric, lambda %g: fits, x standardised to itself", lambda);
        is_close(m.intercept, 0, 1e-15, "symmetric: intercept 0");
        is_close(m.coef[0], symmetric_root(lambda), 1e-14,
                 "symmetric: coef solves 4 tanh(b/2) + lambda b = 2 (bisection)");
        if (lambda == 0)
            is_close(m.coef[0], log(3), 1e-14, "symmetric, lambda 0: coef = log 3 (closed form)");
        logreg_free(&m);
    }
}

/* The documented objective, written out independently of logreg.c. */
static double objective(const struct logreg *m, const double *X, const double *y,
                        const double *w, size_t n, double b, const double *coef)
{
    double f = 0, pen = 0;
    int p = m->nfeat;
    for (size_t i = 0; i < n; i++) {
        double eta = b;
        for (int j = 0; j < p; j++)
            eta += coef[j] * (X[i * p + j] - m->mean[j]) / m->sd[j];
        f += (w ? w[i] : 1) * (log1p(exp(-fabs(eta))) + fmax(eta, 0) - y[i] * eta);
    }
    for (int j = 0; j < p; j++)
        pen += coef[j] * coef[j];
    return f + m->lambda / 2 * pen;
}

/* Central difference of the objective along parameter k (0 = intercept). */
static double fd_gradient(const struct logreg *m, const double *X, const double *y,
                          const double *w, size_t n, const double *theta, int k)
{
    double t[8], h = 1e-5 * fmax(1, fabs(theta[k]));
    memcpy(t, theta, (m->nfeat + 1) * sizeof *t);
    t[k] = theta[k] + h;
    double fp = objective(m, X, y, w, n, t[0], t + 1);
    t[k] = theta[k] - h;
    double fm = objective(m, X, y, w, n, t[0], t + 1);
    return (fp - fm) / (2 * h);
}

static void test_gradient_fd(void)
{
    enum { N = 300, P = 3 };
    double X[N * P], y[N], w[N], wsum = 0, theta[P + 1];
    make_data(11, N, P, X, y, w);
    for (int i = 0; i < N; i++)
        wsum += w[i];
    struct logreg m;
    int rc = logreg_fit(X, y, w, N, P, 0.7, &m, err, sizeof err);
    ok(rc == 0, "weighted, 3 features: fits (%s)", rc ? err : "ok");
    theta[0] = m.intercept;
    memcpy(theta + 1, m.coef, P * sizeof *theta);
    double f = objective(&m, X, y, w, N, m.intercept, m.coef);
    is_close(m.objective, f, 1e-12 * f, "objective in diagnostics = the formula's");
    ok(m.grad_norm < LOGREG_GRAD_TOL * wsum, "diagnostics: max |gradient| %g < 1e-10 * sum w",
       m.grad_norm);
    double worst = 0, moved = INFINITY;
    for (int k = 0; k <= P; k++) {
        worst = fmax(worst, fabs(fd_gradient(&m, X, y, w, N, theta, k)));
        /* the test can see a gradient: 1e-3 away from the optimum */
        double t[P + 1];
        memcpy(t, theta, sizeof t);
        t[k] += 1e-3;
        moved = fmin(moved, fabs(fd_gradient(&m, X, y, w, N, t, k)));
    }
    ok(worst < 1e-6, "finite-difference gradient at the optimum ~ 0 (max %g)", worst);
    ok(moved > 1e-3, "and not ~ 0 when a parameter is 1e-3 off (min %g)", moved);
    int lower = 1;
    for (int k = 0; k <= P; k++)
        for (int s = -1; s <= 1; s += 2) {
            double t[P + 1];
            memcpy(t, theta, sizeof t);
            t[k] += s * 1e-4;
            lower &= objective(&m, X, y, w, N, t[0], t + 1) > f;
        }
    ok(lower, "every parameter moved 1e-4 either way raises the objective");
    logreg_free(&m);
}

/* Same bits: two models whose every number is equal. */
static int same_model(const struct logreg *a, const struct logreg *b)
{
    int same = a->nfeat == b->nfeat && a->intercept == b->intercept && a->n == b->n &&
               a->iterations == b->iterations && a->objective == b->objective &&
               a->grad_norm == b->grad_norm;
    for (int j = 0; same && j < a->nfeat; j++)
        same = a->mean[j] == b->mean[j] && a->sd[j] == b->sd[j] && a->coef[j] == b->coef[j];
    return same;
}

/* One design, several fits (the 1x2_v2 outcomes): each is logreg_fit's. */
static void test_design(void)
{
    enum { N = 300, P = 3 };
    double X[N * P], y[N], w[N], y2[N];
    make_data(17, N, P, X, y, w);
    for (int i = 0; i < N; i++)
        y2[i] = 1 - y[i];
    struct logreg_design d;
    ok(logreg_design_init(&d, X, N, P, err, sizeof err) == 0, "a design of 300 rows");
    const double *labels[2] = { y, y2 }, *weights[2] = { NULL, w };
    for (int k = 0; k < 2; k++)
        for (int u = 0; u < 2; u++) {
            struct logreg a, b;
            int rc = logreg_fit_design(&d, labels[k], weights[u], 0.7, &a, err, sizeof err) |
                     logreg_fit(X, labels[k], weights[u], N, P, 0.7, &b, err, sizeof err);
            ok(rc == 0 && same_model(&a, &b),
               "labels %d, %s: the design's fit is logreg_fit's, to the bit", k,
               u ? "weighted" : "unweighted");
            logreg_free(&a), logreg_free(&b);
        }
    logreg_design_free(&d);
    double bad[2] = { 1, NAN };
    ok(logreg_design_init(&d, bad, 2, 1, err, sizeof err) == -1 && strstr(err, "row 2"),
       "a design with a non-finite feature: refused (%s)", err);
    logreg_design_free(&d);
}

static void test_weights(void)
{
    enum { N = 200, P = 2 };
    double X[2 * N * P], y[2 * N], w[2 * N];
    make_data(5, N, P, X, y, NULL);
    /* All rows twice vs weight 2: the same standardisation and fit. */
    memcpy(X + N * P, X, N * P * sizeof *X);
    memcpy(y + N, y, N * sizeof *y);
    for (int i = 0; i < N; i++)
        w[i] = 2;
    struct logreg a, b;
    int rc = logreg_fit(X, y, w, N, P, 0.5, &a, err, sizeof err) |
             logreg_fit(X, y, NULL, 2 * N, P, 0.5, &b, err, sizeof err);
    double d = rel(a.intercept, b.intercept);
    for (int j = 0; j < P; j++)
        d = fmax(d, fmax(rel(a.coef[j], b.coef[j]), rel(a.mean[j], b.mean[j])));
    ok(rc == 0 && d < 1e-12, "w = 2 on every row = every row twice, lambda 0.5 (off by %g)", d);
    is_close(a.objective, b.objective, 1e-12 * b.objective, "  and the same objective");
    logreg_free(&a);
    logreg_free(&b);

    /* Some rows twice vs weight 2 on them; rows with weight 0 vs left out.
     * The standardisation is unweighted, so these agree on probabilities
     * (not on standardised coefficients) and only without a penalty. */
    int m2 = 0;
    for (int i = 0; i < N; i++)
        w[i] = i % 3 == 0 ? 2 : i % 3 == 1 ? 1 : 0;
    double Xd[2 * N * P], yd[2 * N];
    for (int i = 0; i < N; i++)
        for (int c = 0; c < (int)w[i]; c++) {
            memcpy(Xd + m2 * P, X + i * P, P * sizeof *X);
            yd[m2++] = y[i];
        }
    rc = logreg_fit(X, y, w, N, P, 0, &a, err, sizeof err) |
         logreg_fit(Xd, yd, NULL, m2, P, 0, &b, err, sizeof err);
    d = 0;
    for (int i = 0; i < N; i++)
        d = fmax(d, fabs(logreg_prob(&a, X + i * P) - logreg_prob(&b, X + i * P)));
    ok(rc == 0 && d < 1e-12,
       "lambda 0: w = 2 = a row twice, w = 0 = no row (probabilities off by %g)", d);
    logreg_free(&a);
    logreg_free(&b);
}

static void test_constant_feature(void)
{
    enum { N = 100 };
    double X[N * 2], y[N];
    make_data(9, N, 2, X, y, NULL);
    for (int i = 0; i < N; i++)
        X[i * 2 + 1] = 0.1 * 3; /* not exactly the mean of its sum / N */
    for (int k = 0; k < 2; k++) {
        double lambda = k ? 0 : 1;
        struct logreg m;
        int rc = logreg_fit(X, y, NULL, N, 2, lambda, &m, err, sizeof err);
        ok(rc == 0 && m.mean[1] == 0.1 * 3 && m.sd[1] == 1 && m.coef[1] == 0,
           "constant feature, lambda %g: mean its value, sd 1, coef 0 (%s)", lambda,
           rc ? err : "ok");
        logreg_free(&m);
    }
}

static void test_separable(void)
{
    enum { N = 20 };
    double x[N], y[N];
    for (int i = 0; i < N; i++) {
        x[i] = i;
        y[i] = i >= 10;
    }
    for (int k = 0; k < 3; k++) {
        double lambda = (double[]){ 1, 1e-2, 1e-6 }[k];
        struct logreg m;
        int rc = logreg_fit(x, y, NULL, N, 1, lambda, &m, err, sizeof err);
        double x9 = 9, x10 = 10;
        ok(rc == 0 && m.grad_norm < LOGREG_GRAD_TOL * N && logreg_prob(&m, &x9) < 0.5 &&
               logreg_prob(&m, &x10) > 0.5,
           "separable, lambda %g: converges in %d steps (coef %g)", lambda, m.iterations,
           m.coef[0]);
        logreg_free(&m);
    }
    struct logreg m;
    int rc = logreg_fit(x, y, NULL, N, 1, 0, &m, err, sizeof err);
    ok(rc == -1 && strstr(err, "no convergence"), "separable, lambda 0: fails: %s", err);
    logreg_free(&m);
}

static void test_fit_errors(void)
{
    const double X[4] = { 1, 2, NAN, 4 }, Xok[4] = { 1, 2, 3, 4 };
    const double y[4] = { 0, 1, 0, 1 }, yhalf[4] = { 0, 0.5, 0, 1 }, yzero[4] = { 0 };
    const double wneg[4] = { 1, -1, 1, 1 }, wpos0[4] = { 1, 0, 1, 0 };
    struct logreg m;
    ok(logreg_fit(Xok, y, NULL, 0, 1, 1, &m, err, sizeof err) == -1 && strstr(err, "no rows"),
       "n = 0: %s", err);
    ok(logreg_fit(X, y, NULL, 4, 1, 1, &m, err, sizeof err) == -1 && strstr(err, "row 3"),
       "NaN feature: %s", err);
    ok(logreg_fit(Xok, yhalf, NULL, 4, 1, 1, &m, err, sizeof err) == -1 &&
           strstr(err, "0 or 1"),
       "y = 0.5: %s", err);
    ok(logreg_fit(Xok, yzero, NULL, 4, 1, 1, &m, err, sizeof err) == -1 &&
           strstr(err, "infinite"),
       "y all 0: %s", err);
    ok(logreg_fit(Xok, y, wpos0, 4, 1, 1, &m, err, sizeof err) == -1 && strstr(err, "weight"),
       "every y = 1 row of weight 0: %s", err);
    ok(logreg_fit(Xok, y, wneg, 4, 1, 1, &m, err, sizeof err) == -1 && strstr(err, "weight"),
       "negative weight: %s", err);
    ok(logreg_fit(Xok, y, NULL, 4, 1, -1, &m, err, sizeof err) == -1 && strstr(err, "lambda"),
       "lambda -1: %s", err);
    ok(logreg_fit(Xok, y, NULL, 4, 1, NAN, &m, err, sizeof err) == -1, "lambda NaN: fails");
    ok(m.mean == NULL && m.coef == NULL, "a failed fit leaves the model empty");
}

/* ---- JSON ---- */

static cJSON *reparse(const cJSON *obj, char **text)
{
    *text = cJSON_Print(obj);
    const char *end;
    cJSON *back = cJSON_ParseWithLengthOpts(*text, strlen(*text) + 1, &end, 1);
    if (!back)
        die("reparse: invalid JSON");
    return back;
}

static int same_bits(const double *a, const double *b, int n)
{
    return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

static void test_logreg_json(void)
{
    enum { N = 250, P = 4 };
    double X[N * P], y[N];
    make_data(3, N, P, X, y, NULL);
    struct logreg m, back;
    int rc = logreg_fit(X, y, NULL, N, P, 0.3, &m, err, sizeof err);
    const char *names[P] = { "elo_diff", "form_home", "form_away", "goals" };
    cJSON *j = logreg_to_json(&m, names);
    char *t1, *t2;
    cJSON *parsed = reparse(j, &t1);
    logreg_from_json(parsed, "test.json", &back);
    ok(rc == 0 && back.nfeat == P && back.intercept == m.intercept &&
           back.lambda == m.lambda && same_bits(back.mean, m.mean, P) &&
           same_bits(back.sd, m.sd, P) && same_bits(back.coef, m.coef, P),
       "logreg JSON round trip: every parameter bit-identical");
    ok(back.n == N && back.iterations == m.iterations && back.objective == m.objective &&
           back.grad_norm == m.grad_norm,
       "logreg JSON round trip: diagnostics identical");
    int same = 1;
    for (int i = 0; i < N; i++)
        same &= logreg_prob(&back, X + i * P) == logreg_prob(&m, X + i * P);
    ok(same, "logreg JSON round trip: identical probabilities");
    cJSON *j2 = logreg_to_json(&back, names);
    cJSON_Delete(reparse(j2, &t2));
    ok(strcmp(t1, t2) == 0, "logreg JSON: written again, byte-identical text");
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(parsed, "features");
    ok(cJSON_GetArraySize(f) == P && strcmp(cJSON_GetArrayItem(f, 1)->valuestring, "form_home") == 0,
       "logreg JSON: feature names in order");
    free(t1);
    free(t2);
    cJSON_Delete(j);
    cJSON_Delete(j2);
    cJSON_Delete(parsed);
    logreg_free(&m);
    logreg_free(&back);
}

/* ---- multinomial ---- */

/* Three classes from a softmax of p features. */
static void make_classes(uint64_t seed, size_t n, int p, double *X, int *y)
{
    struct rng r;
    rng_seed(&r, seed);
    for (size_t i = 0; i < n; i++) {
        double eta[3] = { 0.3, 0, -0.2 }, s = 0, u = rng_uniform(&r);
        for (int j = 0; j < p; j++) {
            X[i * p + j] = rng_normal(&r) * (j + 1);
            for (int k = 0; k < 3; k++)
                eta[k] += X[i * p + j] * ((k + j) % 3 - 1) * 0.6;
        }
        for (int k = 0; k < 3; k++)
            s += exp(eta[k]);
        y[i] = u < exp(eta[0]) / s ? 0 : u < (exp(eta[0]) + exp(eta[1])) / s ? 1 : 2;
    }
}

static void test_mlogit_intercepts(void)
{
    int y[10] = { 0, 0, 1, 2, 2, 2, 2, 1, 0, 2 }; /* counts 3, 2, 5 */
    struct mlogit m;
    int rc = mlogit_fit(NULL, y, 10, 0, 3, 1, &m, err, sizeof err);
    double mean = (log(3) + log(2) + log(5)) / 3, prob[3];
    ok(rc == 0, "mlogit, no features: fits (%s)", rc ? err : "ok");
    is_close(m.intercept[0], log(3) - mean, 1e-15, "mlogit, no features: intercept 0 = log 3 - mean log count");
    is_close(m.intercept[1], log(2) - mean, 1e-15, "mlogit, no features: intercept 1 = log 2 - mean");
    is_close(m.intercept[2], log(5) - mean, 1e-15, "mlogit, no features: intercept 2 = log 5 - mean");
    mlogit_prob(&m, NULL, prob);
    is_close(prob[2], 0.5, 1e-15, "mlogit, no features: P(class 2) = 5/10");
    mlogit_free(&m);
}

/* One 0/1 feature, lambda 0: saturated, P(k | x) are the group's class
 * frequencies; the coefficients come out centred (minimum norm). */
static void test_mlogit_saturated(void)
{
    /* x = 0: classes 0,0,1,2 (2/4, 1/4, 1/4); x = 1: 0,1,1,1,2,2 (1/6, 3/6, 2/6) */
    const double x[10] = { 0, 0, 0, 0, 1, 1, 1, 1, 1, 1 };
    const int y[10] = { 0, 0, 1, 2, 0, 1, 1, 1, 2, 2 };
    struct mlogit m;
    int rc = mlogit_fit(x, y, 10, 1, 3, 0, &m, err, sizeof err);
    double p0[3], p1[3], x0 = 0, x1 = 1;
    ok(rc == 0, "mlogit saturated, lambda 0: fits (%s)", rc ? err : "ok");
    mlogit_prob(&m, &x0, p0);
    mlogit_prob(&m, &x1, p1);
    double d = fmax(fmax(fabs(p0[0] - 0.5), fabs(p0[1] - 0.25)), fabs(p0[2] - 0.25));
    d = fmax(d, fmax(fmax(fabs(p1[0] - 1.0 / 6), fabs(p1[1] - 0.5)), fabs(p1[2] - 1.0 / 3)));
    ok(d < 1e-13, "mlogit saturated: probabilities = group frequencies (off by %g)", d);
    is_close(m.coef[0] + m.coef[1] + m.coef[2], 0, 1e-15, "mlogit, lambda 0: coefs centred");
    is_close(m.intercept[0] + m.intercept[1] + m.intercept[2], 0, 1e-15,
             "mlogit: intercepts centred");
    is_close(m.coef[1] - m.coef[0], log(3) - log(1.0 / 2), 1e-13,
             "mlogit saturated: coef 1 - coef 0 = log odds ratio of class 1 vs 0, log 3 - log 0.5");
    mlogit_free(&m);
}

static void test_mlogit_sums(void)
{
    enum { N = 400, P = 3 };
    double X[N * P];
    int y[N];
    make_classes(21, N, P, X, y);
    struct mlogit m;
    int rc = mlogit_fit(X, y, N, P, 3, 0.5, &m, err, sizeof err);
    ok(rc == 0 && m.grad_norm < LOGREG_GRAD_TOL * N,
       "mlogit, 3 classes, 3 features: converges in %d steps (max |gradient| %g)",
       m.iterations, m.grad_norm);
    double worst = 0, csum = 0;
    struct rng r;
    rng_seed(&r, 4);
    for (int i = 0; i < 1000; i++) {
        double x[P], prob[3];
        for (int j = 0; j < P; j++)
            x[j] = rng_normal(&r) * (i < 10 ? 1000 : 3);
        mlogit_prob(&m, x, prob);
        worst = fmax(worst, fabs(prob[0] + prob[1] + prob[2] - 1));
        if (!(prob[0] >= 0 && prob[1] >= 0 && prob[2] >= 0))
            worst = INFINITY;
    }
    ok(worst <= 4 * DBL_EPSILON, "mlogit: probabilities >= 0 and sum to 1 (off by %g), "
                                 "also for |x| ~ 1000", worst);
    for (int j = 0; j < P; j++)
        csum = fmax(csum, fabs(m.coef[j] + m.coef[P + j] + m.coef[2 * P + j]));
    ok(csum < 1e-12, "mlogit, lambda > 0: coefs sum to 0 over classes (off by %g)", csum);

    struct mlogit back;
    const char *feat[P] = { "h", "d", "a" }, *cls[3] = { "home", "draw", "away" };
    cJSON *j = mlogit_to_json(&m, feat, cls);
    char *t1, *t2;
    cJSON *parsed = reparse(j, &t1);
    mlogit_from_json(parsed, "cal.json", &back);
    ok(back.nfeat == P && back.nclass == 3 && same_bits(back.intercept, m.intercept, 3) &&
           same_bits(back.coef, m.coef, 3 * P) && back.lambda == m.lambda &&
           back.objective == m.objective && back.grad_norm == m.grad_norm &&
           back.n == N && back.iterations == m.iterations,
       "mlogit JSON round trip: every number bit-identical");
    cJSON *j2 = mlogit_to_json(&back, feat, cls);
    cJSON_Delete(reparse(j2, &t2));
    ok(strcmp(t1, t2) == 0, "mlogit JSON: written again, byte-identical text");
    free(t1);
    free(t2);
    cJSON_Delete(j);
    cJSON_Delete(j2);
    cJSON_Delete(parsed);
    mlogit_free(&back);

    /* determinism */
    struct mlogit again;
    mlogit_fit(X, y, N, P, 3, 0.5, &again, err, sizeof err);
    ok(same_bits(again.coef, m.coef, 3 * P) && same_bits(again.intercept, m.intercept, 3) &&
           again.objective == m.objective,
       "mlogit: the same fit twice is bit-identical");
    mlogit_free(&again);
    mlogit_free(&m);
}

/* K = 2: at the optimum coef_0 = -coef_1, so the penalty lambda/2 (|c0|^2 +
 * |c1|^2) is lambda/4 |c1 - c0|^2: the softmax difference is the binary
 * model with lambda/2. Binary with lambda = multinomial with 2 lambda. */
static void test_k2_binary(void)
{
    enum { N = 300, P = 3 };
    double X[N * P], y[N], Z[N * P];
    int cls[N];
    make_data(17, N, P, X, y, NULL);
    for (int i = 0; i < N; i++)
        cls[i] = (int)y[i];
    struct logreg b;
    struct mlogit m, wrong;
    const double lambda = 0.8;
    int rc = logreg_fit(X, y, NULL, N, P, lambda, &b, err, sizeof err);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < P; j++)
            Z[i * P + j] = (X[i * P + j] - b.mean[j]) / b.sd[j];
    rc |= mlogit_fit(Z, cls, N, P, 2, 2 * lambda, &m, err, sizeof err);
    rc |= mlogit_fit(Z, cls, N, P, 2, lambda / 2, &wrong, err, sizeof err);
    ok(rc == 0, "K = 2: binary and multinomial fits");
    double d = rel(m.intercept[1] - m.intercept[0], b.intercept), dw = 0, dp = 0;
    for (int j = 0; j < P; j++) {
        d = fmax(d, rel(m.coef[P + j] - m.coef[j], b.coef[j]));
        dw = fmax(dw, fabs(wrong.coef[P + j] - wrong.coef[j] - b.coef[j]));
    }
    for (int i = 0; i < N; i++) {
        double prob[2];
        mlogit_prob(&m, Z + i * P, prob);
        dp = fmax(dp, fabs(prob[1] - logreg_prob(&b, X + i * P)));
    }
    ok(d < 1e-10, "K = 2, 2 lambda: softmax difference = binary logit with lambda (off by %g)",
       d);
    ok(dp < 1e-12, "K = 2, 2 lambda: P(class 1) = binary probability (off by %g)", dp);
    ok(dw > 1e-3, "K = 2, lambda/2: does not (off by %g): the relation is not the reverse", dw);
    logreg_free(&b);
    mlogit_free(&m);
    mlogit_free(&wrong);
}

static void test_mlogit_separable_and_errors(void)
{
    double x[12];
    int y[12];
    for (int i = 0; i < 12; i++) {
        x[i] = i;
        y[i] = i / 4; /* classes 0, 1, 2 in order along x */
    }
    struct mlogit m;
    int rc = mlogit_fit(x, y, 12, 1, 3, 0.1, &m, err, sizeof err);
    double prob[3], x5 = 5;
    mlogit_prob(&m, &x5, prob);
    ok(rc == 0 && m.grad_norm < LOGREG_GRAD_TOL * 12 && prob[1] > prob[0] && prob[1] > prob[2],
       "mlogit separable, lambda 0.1: converges (%d steps)", m.iterations);
    mlogit_free(&m);
    ok(mlogit_fit(x, y, 12, 1, 3, 0, &m, err, sizeof err) == -1 &&
           strstr(err, "no convergence"),
       "mlogit separable, lambda 0: fails: %s", err);
    ok(mlogit_fit(x, y, 12, 1, 4, 1, &m, err, sizeof err) == -1 && strstr(err, "class 3"),
       "mlogit, class without rows: %s", err);
    y[3] = 7;
    ok(mlogit_fit(x, y, 12, 1, 3, 1, &m, err, sizeof err) == -1 && strstr(err, "range"),
       "mlogit, class out of range: %s", err);
    ok(mlogit_fit(x, y, 0, 1, 3, 1, &m, err, sizeof err) == -1 && strstr(err, "no rows"),
       "mlogit, n = 0: %s", err);
    ok(mlogit_fit(x, y, 12, 1, 1, 1, &m, err, sizeof err) == -1 && strstr(err, "2 classes"),
       "mlogit, K = 1: %s", err);
    x[2] = INFINITY;
    y[3] = 0;
    ok(mlogit_fit(x, y, 12, 1, 3, 1, &m, err, sizeof err) == -1 && strstr(err, "not finite"),
       "mlogit, infinite feature: %s", err);
}

/* ---- strict reading: each case dies in a child ---- */

static char errlog[64];
static cJSON *child_obj; /* reachable when the child dies: no leak report */

static int dies_with(const char *json, int multinomial, const char *want)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(errlog, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || dup2(fd, 2) < 0)
            _exit(98);
        set_progname("test_logreg");
        child_obj = cJSON_Parse(json);
        if (multinomial) {
            struct mlogit m;
            mlogit_from_json(child_obj, "bad.json", &m);
        } else {
            struct logreg m;
            logreg_from_json(child_obj, "bad.json", &m);
        }
        cJSON_Delete(child_obj);
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    char buf[512] = "";
    FILE *fp = fopen(errlog, "r");
    if (fp) {
        size_t len = fread(buf, 1, sizeof buf - 1, fp);
        buf[len] = '\0';
        fclose(fp);
    }
    int good = WIFEXITED(status) && WEXITSTATUS(status) == 1 && strstr(buf, want);
    if (!good)
        diag("  exit status %d, stderr: %s", WIFEXITED(status) ? WEXITSTATUS(status) : -1, buf);
    return good;
}

#define DIAG_OK "\"diagnostics\":{\"n\":3,\"iterations\":2,\"objective\":1.5,\"gradient_norm\":0}"

static void test_strict_reading(void)
{
    snprintf(errlog, sizeof errlog, "/tmp/test_logreg.%ld.err", (long)getpid());
    const char *good = "{\"features\":[\"a\",\"b\"],\"mean\":[1,2],\"sd\":[1,3],"
                       "\"intercept\":0.5,\"coef\":[1,-1],\"lambda\":1," DIAG_OK "}";
    cJSON *obj = cJSON_Parse(good);
    struct logreg m;
    logreg_from_json(obj, "good.json", &m);
    const double x[2] = { 2, 5 };
    is_close(logreg_linear(&m, x), 0.5 + 1 * (2 - 1) / 1.0 - 1 * (5 - 2) / 3.0, 1e-15,
             "from_json: a hand-written model's linear predictor");
    logreg_free(&m);
    cJSON_Delete(obj);
    ok(dies_with("{\"features\":[\"a\"],\"mean\":[1],\"sd\":[1],\"intercept\":0,\"lambda\":1,"
                 DIAG_OK "}", 0, "bad.json: missing member 'coef'"),
       "from_json: a missing member dies naming the path and member");
    ok(dies_with("{\"features\":[\"a\",\"b\"],\"mean\":[1,2],\"sd\":[1],\"intercept\":0,"
                 "\"coef\":[1,2],\"lambda\":1," DIAG_OK "}", 0,
                 "bad.json: member 'sd' has 1 numbers, want 2"),
       "from_json: sd shorter than features dies");
    ok(dies_with("{\"features\":[\"a\"],\"mean\":[1],\"sd\":[0],\"intercept\":0,"
                 "\"coef\":[1],\"lambda\":1," DIAG_OK "}", 0, "must be > 0"),
       "from_json: sd 0 dies");
    ok(dies_with("{\"features\":[\"a\"],\"mean\":[1],\"sd\":[1],\"intercept\":\"0\","
                 "\"coef\":[1],\"lambda\":1," DIAG_OK "}", 0, "'intercept' is not a finite number"),
       "from_json: a string for a number dies");
    ok(dies_with("{\"features\":[\"a\"],\"mean\":[1],\"sd\":[1],\"intercept\":0,"
                 "\"coef\":[1],\"lambda\":1,\"diagnostics\":{\"n\":2.5,\"iterations\":1,"
                 "\"objective\":0,\"gradient_norm\":0}}", 0, "'n' is not a count"),
       "from_json: a fractional count dies");
    ok(dies_with("{\"features\":[\"a\"],\"classes\":[\"h\",\"d\",\"a\"],\"intercept\":[0,0,0],"
                 "\"coef\":[[1],[2]],\"lambda\":1," DIAG_OK "}", 1, "bad.json: member 'coef'"),
       "mlogit from_json: 2 coef rows for 3 classes dies");
    ok(dies_with("{\"features\":[\"a\"],\"classes\":[\"h\",\"d\"],\"intercept\":[0,0],"
                 "\"coef\":[[1],[2,3]],\"lambda\":1," DIAG_OK "}", 1, "arrays of 1 numbers"),
       "mlogit from_json: a coef row of the wrong length dies");
    ok(dies_with("{\"features\":[],\"classes\":[\"h\"],\"intercept\":[0],"
                 "\"coef\":[[]],\"lambda\":1," DIAG_OK "}", 1, "at least 2 classes"),
       "mlogit from_json: one class dies");
    unlink(errlog);
}

/* ---- started fits (a walk's weeks) ---- */

/* The largest difference of two binary models' linear predictors over X. */
static double eta_diff(const struct logreg *a, const struct logreg *b, const double *X, size_t n,
                       int p)
{
    double worst = 0;
    for (size_t i = 0; i < n; i++)
        worst = fmax(worst, fabs(logreg_linear(a, X + i * p) - logreg_linear(b, X + i * p)));
    return worst;
}

/* A fit started at a model of fewer rows (their standardisation other than
 * the fit's: the start carried into it): the fit afresh's minimum, in fewer
 * iterations; a start of other features is not taken. */
static void test_fit_from(void)
{
    enum { N = 400, FEW = 360, P = 3 };
    double X[N * P], y[N];
    make_data(29, N, P, X, y, NULL);
    struct logreg_design few, all;
    struct logreg earlier, cold, warm, other, from_other;
    err[0] = '\0';
    int rc = logreg_design_init(&few, X, FEW, P, err, sizeof err) |
             logreg_design_init(&all, X, N, P, err, sizeof err) |
             logreg_fit_design(&few, y, NULL, 0.7, &earlier, err, sizeof err) |
             logreg_fit_design(&all, y, NULL, 0.7, &cold, err, sizeof err) |
             logreg_fit_design_from(&all, y, NULL, 0.7, &earlier, &warm, err, sizeof err);
    ok(rc == 0 && earlier.mean[2] != cold.mean[2], "fit from: the fits converge, on "
                                                   "differently standardised rows (%s)", err);
    ok(eta_diff(&warm, &cold, X, N, P) < 1e-9 && fabs(warm.objective - cold.objective) <
                                                     1e-12 * cold.objective,
       "fit from an earlier model: the minimum afresh (linear predictors within %.1e)",
       eta_diff(&warm, &cold, X, N, P));
    ok(warm.iterations < cold.iterations, "fit from an earlier model: fewer iterations (%d, "
                                          "afresh %d)", warm.iterations, cold.iterations);
    /* The last step, from the Hessian of the point before when the
     * gradient alone showed convergence (logreg.c), still ends at the
     * rounding level of the gradient, far below the tolerance. */
    ok(warm.grad_norm < 1e-3 * LOGREG_GRAD_TOL * N && cold.grad_norm < 1e-3 * LOGREG_GRAD_TOL * N,
       "fit from an earlier model and afresh: max |gradient| %.1e and %.1e, at rounding level",
       warm.grad_norm, cold.grad_norm);
    rc = logreg_fit(X, y, NULL, N, 2, 0.7, &other, err, sizeof err) |
         logreg_fit_design_from(&all, y, NULL, 0.7, &other, &from_other, err, sizeof err);
    ok(rc == 0 && same_model(&from_other, &cold),
       "a start of other features: the fit afresh, to the bit");
    logreg_free(&earlier), logreg_free(&cold), logreg_free(&warm);
    logreg_free(&other), logreg_free(&from_other);
    logreg_design_free(&few), logreg_design_free(&all);
}

/* Chord steps (logreg.h): from a fit on nearly the same rows, with its
 * Hessian, the fit builds none of its own and comes to the same minimum;
 * from a Hessian far from the point's own the chord steps stop and
 * Newton's take over, to the same minimum; at lambda 0, where the minimum
 * may be at infinity (which only the point's own Hessian tells), no chord
 * step is taken. */
static void test_chord(void)
{
    enum { N = 400, FEW = 392, P = 3 };
    double X[N * P], y[N];
    make_data(37, N, P, X, y, NULL);
    struct logreg_design few, all;
    struct logreg earlier, cold, warm, from_far, earlier0, warm0;
    int rc = logreg_design_init(&few, X, FEW, P, err, sizeof err) |
             logreg_design_init(&all, X, N, P, err, sizeof err) |
             logreg_fit_design(&few, y, NULL, 0.7, &earlier, err, sizeof err) |
             logreg_fit_design(&all, y, NULL, 0.7, &cold, err, sizeof err) |
             logreg_fit_design_from(&all, y, NULL, 0.7, &earlier, &warm, err, sizeof err);
    ok(rc == 0 && earlier.hessian && warm.hessians == 0 && cold.hessians >= 3 &&
           eta_diff(&warm, &cold, X, N, P) < 1e-9,
       "chord: from the fit on 392 of the 400 rows, no Hessian built (afresh %d), the same "
       "minimum (linear predictors within %.1e)",
       cold.hessians, eta_diff(&warm, &cold, X, N, P));
    for (int j = 0; j <= P; j++)
        for (int i = j; i <= P; i++)
            earlier.hessian[j * (P + 1) + i] *= 50;
    rc = logreg_fit_design_from(&all, y, NULL, 0.7, &earlier, &from_far, err, sizeof err);
    ok(rc == 0 && from_far.hessians >= 1 && eta_diff(&from_far, &cold, X, N, P) < 1e-9,
       "chord: from a Hessian 50 times the point's, Newton's steps take over (%d Hessians), "
       "the same minimum (within %.1e)",
       from_far.hessians, eta_diff(&from_far, &cold, X, N, P));
    rc = logreg_fit_design(&few, y, NULL, 0, &earlier0, err, sizeof err) |
         logreg_fit_design_from(&all, y, NULL, 0, &earlier0, &warm0, err, sizeof err);
    ok(rc == 0 && earlier0.hessian && warm0.hessians >= 1,
       "chord: none at lambda 0 (%d Hessians built)", warm0.hessians);
    logreg_free(&earlier), logreg_free(&cold), logreg_free(&warm), logreg_free(&from_far);
    logreg_free(&earlier0), logreg_free(&warm0);
    logreg_design_free(&few), logreg_design_free(&all);
}

/* A start far from the minimum: the fit with every label flipped, at a
 * penalty so light that its coefficients are large. From there Newton's
 * method stalls where the objective is flat to rounding ("no step lowers
 * the objective"), and the fit is then the one from the constant model,
 * to the bit (logreg_fit_design_from starts afresh). */
static void test_far_start(void)
{
    enum { N = 40, P = 8 };
    double X[N * P], y[N], flipped[N];
    make_data(33, N, P, X, y, NULL);
    for (int i = 0; i < N; i++)
        flipped[i] = 1 - y[i];
    struct logreg_design d;
    struct logreg start, cold, far;
    int rc = logreg_design_init(&d, X, N, P, err, sizeof err) |
             logreg_fit_design(&d, flipped, NULL, 1e-6, &start, err, sizeof err) |
             logreg_fit_design(&d, y, NULL, 1e-6, &cold, err, sizeof err) |
             logreg_fit_design_from(&d, y, NULL, 1e-6, &start, &far, err, sizeof err);
    ok(rc == 0 && same_model(&far, &cold), "a far start: the fit from the constant model (%s)",
       rc ? err : "ok");
    logreg_free(&start), logreg_free(&cold), logreg_free(&far);
    logreg_design_free(&d);
}

/* The same for the multinomial fit, penalised and not (where the first
 * class's coefficients are pinned and the start is moved onto them). */
static void test_mlogit_from(void)
{
    enum { N = 400, FEW = 360, P = 2 };
    double X[N * P];
    int y[N];
    make_classes(31, N, P, X, y);
    for (int pen = 0; pen < 2; pen++) {
        double lambda = pen ? 0.5 : 0;
        struct mlogit earlier, cold, warm;
        int rc = mlogit_fit(X, y, FEW, P, 3, lambda, &earlier, err, sizeof err) |
                 mlogit_fit(X, y, N, P, 3, lambda, &cold, err, sizeof err) |
                 mlogit_fit_from(X, y, N, P, 3, lambda, &earlier, &warm, err, sizeof err);
        double worst = 0;
        for (size_t i = 0; rc == 0 && i < N; i++) {
            double a[3], b[3];
            mlogit_prob(&warm, X + i * P, a);
            mlogit_prob(&cold, X + i * P, b);
            for (int k = 0; k < 3; k++)
                worst = fmax(worst, fabs(a[k] - b[k]));
        }
        ok(rc == 0 && worst < 1e-9, "mlogit from an earlier model, lambda %g: the "
                                    "probabilities afresh (within %.1e)", lambda, worst);
        ok(warm.iterations < cold.iterations, "mlogit from an earlier model, lambda %g: fewer "
                                              "iterations (%d, afresh %d)", lambda,
           warm.iterations, cold.iterations);
        mlogit_free(&earlier), mlogit_free(&cold), mlogit_free(&warm);
    }
}

int main(void)
{
    set_progname("test_logreg");
    test_intercept_only();
    test_two_groups();
    test_symmetric();
    test_gradient_fd();
    test_weights();
    test_design();
    test_constant_feature();
    test_separable();
    test_fit_errors();
    test_logreg_json();
    test_mlogit_intercepts();
    test_mlogit_saturated();
    test_mlogit_sums();
    test_k2_binary();
    test_mlogit_separable_and_errors();
    test_strict_reading();
    test_fit_from();
    test_chord();
    test_far_start();
    test_mlogit_from();
    return done_testing();
}
