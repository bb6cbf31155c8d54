/* test_logreg_derivs.c: the derivatives Newton's method takes, with and
 * without the Hessian. The check after the last step asks for the
 * gradient alone (H NULL); it must be the gradient a full evaluation
 * gives, bit for bit, or the fits' final steps (kept when they lower the
 * gradient) would change. Binary and multinomial, on random designs,
 * weights and parameters. The file includes logreg.c to reach its static
 * parts. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "../../src/lib/models/logreg.c"

#include "rng.h"

#include <stdio.h>

#include "tap.h"

enum { ROWS = 203, FEATURES = 7, CLASSES = 3, TRIALS = 20 };

static void random_design(struct rng *r, double *X, size_t n, int p)
{
    for (size_t i = 0; i < n * (size_t)p; i++)
        X[i] = rng_normal(r) * (1 + 3 * rng_uniform(r));
}

static void random_params(struct rng *r, double *th, int n)
{
    for (int i = 0; i < n; i++)
        th[i] = rng_normal(r) / 2;
}

static int same_bits(const double *a, const double *b, int n)
{
    return memcmp(a, b, (size_t)n * sizeof *a) == 0;
}

static char err_of_test[160];

static void test_binary(struct rng *r, int trial)
{
    double X[ROWS * FEATURES], y[ROWS], w[ROWS], th[FEATURES + 1];
    double G[FEATURES + 1], G_alone[FEATURES + 1], H[(FEATURES + 1) * (FEATURES + 1)];
    random_design(r, X, ROWS, FEATURES);
    for (size_t i = 0; i < ROWS; i++) {
        y[i] = rng_uniform(r) < 0.4;
        w[i] = 0.2 + 2 * rng_uniform(r);
    }
    random_params(r, th, FEATURES + 1);
    struct logreg_design d;
    if (!ok(logreg_design_init(&d, X, ROWS, FEATURES, err_of_test, sizeof err_of_test) == 0,
            "binary %d: design", trial))
        return;
    double exp_eta[ROWS + 1], th_seen[FEATURES + 1];
    struct binary b = { d.Z, y, trial % 2 ? w : NULL, ROWS, FEATURES, 0.5 * trial,
                        exp_eta, th_seen, 0 };
    /* As Newton's method calls them: the objective first (which keeps the
     * rows' exps), then the derivatives at the same parameters. */
    binary_objective(&b, th);
    binary_derivs(&b, th, G, H);
    binary_derivs(&b, th, G_alone, NULL);
    ok(same_bits(G, G_alone, FEATURES + 1), "binary %d: the gradient alone, the same bits",
       trial);
    logreg_design_free(&d);
}

static void test_multinomial(struct rng *r, int trial)
{
    enum { P1 = FEATURES + 1, NFULL = CLASSES * P1 };
    double X[ROWS * FEATURES], th[NFULL], full[NFULL], gfull[NFULL], hfull[NFULL * NFULL];
    double G[NFULL], G_alone[NFULL], H[NFULL * NFULL], eta[CLASSES], prob[CLASSES];
    int y[ROWS], free_ix[NFULL];
    random_design(r, X, ROWS, FEATURES);
    for (size_t i = 0; i < ROWS; i++)
        y[i] = (int)rng_below(r, CLASSES);
    double lambda = trial % 3 == 0 ? 0 : 0.3 * trial;
    struct multi m = { .X = X, .y = y, .n = ROWS, .p = FEATURES, .K = CLASSES,
                       .nfull = NFULL, .lambda = lambda, .free_ix = free_ix, .full = full,
                       .gfull = gfull, .hfull = hfull, .eta = eta, .prob = prob };
    for (int f = 0; f < NFULL; f++)
        free_ix[f] = f == 0 || (lambda == 0 && f < P1) ? -1 : m.nfree++;
    random_params(r, th, m.nfree);
    multi_derivs(&m, th, G, H);
    multi_derivs(&m, th, G_alone, NULL);
    ok(same_bits(G, G_alone, m.nfree), "multinomial %d (lambda %g): the gradient alone, the same bits",
       trial, lambda);
}

int main(void)
{
    struct rng r;
    rng_seed(&r, 20261130);
    for (int t = 0; t < TRIALS; t++)
        test_binary(&r, t);
    for (int t = 0; t < TRIALS; t++)
        test_multinomial(&r, t);
    return done_testing();
}
