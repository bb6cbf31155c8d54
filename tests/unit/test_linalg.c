/* test_linalg.c: solve_spd_ridge, the Newton fits' linear solve: exact on
 * positive definite systems of the fits' sizes, a ridge where the matrix
 * is not positive definite, and its inputs left as they were; its steps
 * the same bits as a factor of one column at a time, whichever
 * instruction set factors them; solve_small,
 * the constraints' small general systems: exact where rows must be
 * swapped, -1 on a singular matrix. TAP. */
#include "linalg.h"
#include "rng.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* The textbook factor below must not fuse a multiply and an add either
 * (the Makefile gives -ffp-contract=off; clang's default fuses). */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

/* A = B B' + n I (column-major, symmetric, well conditioned) of random B. */
static double *random_spd(int n, struct rng *r)
{
    double *b = malloc((size_t)n * n * sizeof *b), *a = calloc((size_t)n * n, sizeof *a);
    for (int i = 0; i < n * n; i++)
        b[i] = rng_uniform(r) - 0.5;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = i == j ? n : 0;
            for (int k = 0; k < n; k++)
                s += b[(size_t)k * n + i] * b[(size_t)k * n + j];
            a[(size_t)j * n + i] = s;
        }
    free(b);
    return a;
}

/* max_i |(A x - b)_i|, A symmetric (both triangles filled). */
static double residual(int n, const double *a, const double *x, const double *b)
{
    double worst = 0;
    for (int i = 0; i < n; i++) {
        double s = -b[i];
        for (int j = 0; j < n; j++)
            s += a[(size_t)j * n + i] * x[j];
        worst = fmax(worst, fabs(s));
    }
    return worst;
}

static void test_spd(void)
{
    struct rng r;
    rng_seed(&r, 7);
    const int sizes[] = { 1, 2, 5, 23, 63, 130 };
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        int n = sizes[k];
        double *a = random_spd(n, &r), *b = malloc(n * sizeof *b), *x = malloc(n * sizeof *x);
        for (int i = 0; i < n; i++)
            b[i] = rng_uniform(&r) * 10 - 5;
        /* The upper triangle is not read: spoil it, and keep copies. */
        double *a_used = malloc((size_t)n * n * sizeof *a);
        memcpy(a_used, a, (size_t)n * n * sizeof *a);
        for (int j = 1; j < n; j++)
            for (int i = 0; i < j; i++)
                a_used[(size_t)j * n + i] = NAN;
        double *a_copy = malloc((size_t)n * n * sizeof *a), b_first = b[0];
        memcpy(a_copy, a_used, (size_t)n * n * sizeof *a);
        int rc = solve_spd_ridge(n, a_used, b, x);
        double res = residual(n, a, x, b);
        ok(rc == 0 && res < 1e-10 * n, "n = %d: A x = b, lower triangle only (residual %.2g)",
           n, res);
        ok(memcmp(a_copy, a_used, (size_t)n * n * sizeof *a) == 0 && b[0] == b_first,
           "n = %d: A and b unchanged", n);
        free(a), free(a_used), free(a_copy), free(b), free(x);
    }
}

/* The textbook factor of a (the lower triangle, a copy): column j takes
 * the updates of columns 0 .. j - 1 one by one, in that order, then is
 * divided by its pivot; -1 where a pivot is not positive or no more than
 * n ulps of its diagonal (solve_spd_ridge's rule). */
static int reference_factor(int n, double *l)
{
    for (int j = 0; j < n; j++) {
        double *cj = l + (size_t)j * n, diagonal = cj[j];
        for (int k = 0; k < j; k++) {
            const double *ck = l + (size_t)k * n;
            for (int i = j; i < n; i++)
                cj[i] -= ck[j] * ck[i];
        }
        if (!(cj[j] > 0) || cj[j] <= n * DBL_EPSILON * diagonal)
            return -1;
        double d = sqrt(cj[j]);
        cj[j] = d;
        for (int i = j + 1; i < n; i++)
            cj[i] /= d;
    }
    return 0;
}

/* solve_spd_ridge as the fits' models were first made: the textbook
 * factor, its ridges growing tenfold from 1e-10 × the largest diagonal,
 * and the two triangular solves. A faster factor must give the same
 * bits and the same answer (0 or -1). */
static int reference_solve(int n, const double *a, const double *b, double *x)
{
    double *l = malloc((size_t)n * n * sizeof *l), scale = 0, ridge = 0;
    for (int i = 0; i < n; i++)
        scale = fmax(scale, a[(size_t)i * n + i]);
    int rc = -1;
    for (int tries = 0; tries < 20 && rc != 0; tries++) {
        memcpy(l, a, (size_t)n * n * sizeof *l);
        for (int i = 0; i < n; i++)
            l[(size_t)i * n + i] += ridge;
        rc = reference_factor(n, l);
        ridge = ridge ? ridge * 10 : 1e-10 * fmax(scale, 1);
    }
    memcpy(x, b, n * sizeof *x);
    for (int j = 0; rc == 0 && j < n; j++) {
        x[j] /= l[(size_t)j * n + j];
        for (int i = j + 1; i < n; i++)
            x[i] -= x[j] * l[(size_t)j * n + i];
    }
    for (int j = n - 1; rc == 0 && j >= 0; j--) {
        double s = x[j];
        for (int i = j + 1; i < n; i++)
            s -= l[(size_t)j * n + i] * x[i];
        x[j] = s / l[(size_t)j * n + j];
    }
    free(l);
    return rc;
}

/* A symmetric matrix of the kind k: 0 positive definite, 1 indefinite (a
 * ridge must be added), 2 rank-deficient (B B' of a B of n / 2 columns: a
 * pivot of rounding, a ridge), 3 positive definite but a NaN on the
 * diagonal (no ridge helps). */
static double *random_matrix(int n, int kind, struct rng *r)
{
    double *a = random_spd(n, r);
    if (kind == 1)
        for (int i = 0; i < n; i++)
            a[(size_t)i * n + i] -= 1.5 * n;
    if (kind == 2) {
        int m = n / 2 > 0 ? n / 2 : 1;
        double *b = malloc((size_t)n * m * sizeof *b);
        for (int i = 0; i < n * m; i++)
            b[i] = rng_uniform(r) - 0.5;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < m; k++)
                    s += b[(size_t)k * n + i] * b[(size_t)k * n + j];
                a[(size_t)j * n + i] = s;
            }
        free(b);
    }
    if (kind == 3)
        a[(size_t)(n / 2) * n + n / 2] = NAN;
    return a;
}

/* Sizes with every remainder of the factor's blocks (two columns, four
 * updates), matrices of every kind above: the step is the textbook's to
 * the bit, and the answer the same, with the widest instruction set this
 * CPU has and with the baseline one. */
static void test_same_bits(void)
{
    struct rng r;
    rng_seed(&r, 13);
    const int sizes[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 23, 64, 97, 130, 181 };
    int same_reference = 1, same_baseline = 1, failed = 0, cases = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++)
        for (int kind = 0; kind < 4; kind++) {
            int n = sizes[k];
            double *a = random_matrix(n, kind, &r), *b = malloc(n * sizeof *b);
            double *x = calloc(n, sizeof *x), *xb = calloc(n, sizeof *xb);
            double *xr = calloc(n, sizeof *xr);
            for (int i = 0; i < n; i++)
                b[i] = rng_uniform(&r) * 10 - 5;
            int rc = solve_spd_ridge(n, a, b, x);
            linalg_baseline_only(1);
            int rcb = solve_spd_ridge(n, a, b, xb);
            linalg_baseline_only(0);
            int rcr = reference_solve(n, a, b, xr);
            failed += rcr != 0;
            cases++;
            same_reference &= rc == rcr && (rc != 0 || memcmp(x, xr, n * sizeof *x) == 0);
            same_baseline &= rcb == rc && (rc != 0 || memcmp(x, xb, n * sizeof *x) == 0);
            free(a), free(b), free(x), free(xb), free(xr);
        }
    ok(same_reference, "%d systems of 14 sizes from 1 to 181 unknowns, definite, indefinite, "
                       "singular and NaN (%d with no answer): the step and the answer are the "
                       "one-column-at-a-time factor's, to the bit", cases, failed);
    ok(same_baseline, "the baseline instruction set gives the same bits and answers");
}

/* Not positive definite: a ridge is added until the factor exists, and the
 * step is then that of A + ridge I, a direction of ascent for a maximum.
 * The ridges grow tenfold from 1e-10 × the largest diagonal: here one of
 * them, 1, makes A + ridge I singular (eigenvalue -1 + 1), which must not
 * pass for a factor (a step of 1e15, rounding noise), so the next, 10, is
 * taken: x = (A + 10 I)^-1 b. */
static void test_indefinite(void)
{
    /* Eigenvalues 3 and -1. */
    const double a[4] = { 1, 2, 2, 1 }, b[2] = { 1, 0 };
    double x[2];
    ok(solve_spd_ridge(2, a, b, x) == 0, "indefinite: solved with a ridge");
    /* (A + 10 I)^-1 = [11 2; 2 11] / 117 */
    ok(fabs(x[0] - 11.0 / 117) < 1e-12 && fabs(x[1] + 2.0 / 117) < 1e-12,
       "indefinite: the step of A + 10 I, past the singular A + I (x = %g, %g)", x[0], x[1]);
    const double nan_a[1] = { NAN }, one[1] = { 1 };
    double y[1];
    ok(solve_spd_ridge(1, nan_a, one, y) == -1, "a NaN pivot: no ridge helps, -1");
}

static void test_small(void)
{
    struct rng r;
    rng_seed(&r, 11);
    double worst = 0;
    for (int n = 1; n <= 8; n++)
        for (int run = 0; run < 20; run++) {
            double a[64], f[64], b[8], x[8];
            for (int i = 0; i < n * n; i++)
                a[i] = rng_uniform(&r) - 0.5;
            a[0] = n > 1 && run % 2 ? 0 : a[0]; /* a zero first pivot: rows must swap */
            for (int i = 0; i < n; i++)
                b[i] = x[i] = rng_uniform(&r) - 0.5;
            memcpy(f, a, (size_t)n * n * sizeof *a);
            if (solve_small(n, f, x) != 0) {
                worst = INFINITY;
                continue;
            }
            double na = 0, nx = 0; /* max |A| max |x|: the residual's scale */
            for (int i = 0; i < n * n; i++)
                na = fmax(na, fabs(a[i]));
            for (int i = 0; i < n; i++)
                nx = fmax(nx, fabs(x[i]));
            worst = fmax(worst, residual(n, a, x, b) / fmax(na * nx, 1));
        }
    ok(worst < 1e-12, "small general systems, 1 to 8 unknowns, some needing a row swap: "
                      "solved (worst scaled residual %.1e)", worst);
    double singular[4] = { 1, 2, 2, 4 }, b[2] = { 1, 1 }, zero[1] = { 0 }, c[1] = { 1 };
    ok(solve_small(2, singular, b) == -1 && solve_small(1, zero, c) == -1,
       "a singular matrix: a zero pivot, -1");
}

int main(void)
{
    test_spd();
    test_same_bits();
    test_indefinite();
    test_small();
    return done_testing();
}
