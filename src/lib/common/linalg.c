/* linalg.c: Cholesky solves with a ridge fallback, for the Newton fits, and
 * Gaussian elimination for the small systems of their constraints. */
#include "linalg.h"
#include "util.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* No multiply and add fused here, whatever the flags (the Makefile gives
 * -ffp-contract=off; clang, whose default fuses, is told so here too):
 * the factor's two forms below must round alike. */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

/* The update of column j (cj, from row `from`) by the four earlier columns
 * c0..c3 (f[0..3]: their entries in row j) and, with pair, of column j + 1
 * (cn, from row from + 1) by the same columns (g[0..3]: their entries in
 * row j + 1). Each entry takes its updates one by one in column order, so
 * the bits are those of one column at a time, but c0..c3 are loaded once
 * for the two. (pair is a constant where this is inlined: the test leaves
 * the loop.) */
static inline __attribute__((always_inline)) void update_by_four(
    int n, int from, double *cj, double *cn, int pair, const double *c0, const double *c1,
    const double *c2, const double *c3, const double f[4], const double g[4])
{
    double x = cj[from];
    x -= f[0] * c0[from], x -= f[1] * c1[from], x -= f[2] * c2[from], x -= f[3] * c3[from];
    cj[from] = x;
    for (int i = from + 1; i < n; i++) {
        double a0 = c0[i], a1 = c1[i], a2 = c2[i], a3 = c3[i];
        double y = cj[i];
        y -= f[0] * a0, y -= f[1] * a1, y -= f[2] * a2, y -= f[3] * a3;
        cj[i] = y;
        if (pair) {
            double z = cn[i];
            z -= g[0] * a0, z -= g[1] * a1, z -= g[2] * a2, z -= g[3] * a3;
            cn[i] = z;
        }
    }
}

/* Column j's updates by every earlier column, and with pair column
 * j + 1's by the same (cn), in column order. */
static inline __attribute__((always_inline)) void update_by_earlier(int n, double *A, int j,
                                                                     double *cj, double *cn,
                                                                     int pair)
{
    int k = 0;
    for (; k + 4 <= j; k += 4) {
        const double *c0 = A + (size_t)k * n, *c1 = c0 + n, *c2 = c1 + n, *c3 = c2 + n;
        const double f[4] = { c0[j], c1[j], c2[j], c3[j] };
        const double g[4] = { pair ? c0[j + 1] : 0, pair ? c1[j + 1] : 0,
                              pair ? c2[j + 1] : 0, pair ? c3[j + 1] : 0 };
        update_by_four(n, j, cj, cn, pair, c0, c1, c2, c3, f, g);
    }
    for (; k < j; k++) {
        const double *ck = A + (size_t)k * n;
        double f = ck[j], g = pair ? ck[j + 1] : 0;
        cj[j] -= f * ck[j];
        for (int i = j + 1; i < n; i++) {
            cj[i] -= f * ck[i];
            if (pair)
                cn[i] -= g * ck[i];
        }
    }
}

/* Column j's pivot and the division of the rest of it by it; -1 where the
 * pivot is not positive, not a number, or no more than the rounding of
 * the column's diagonal as it was (n ulps of `diagonal`). */
static inline __attribute__((always_inline)) int finish_column(int n, double *cj, int j,
                                                                 double diagonal)
{
    if (!(cj[j] > 0) || cj[j] <= n * DBL_EPSILON * diagonal)
        return -1;
    double d = sqrt(cj[j]);
    cj[j] = d;
    for (int i = j + 1; i < n; i++)
        cj[i] /= d;
    return 0;
}

/* Cholesky factor of the lower triangle of A (column-major n x n), in
 * place, column by column, each column's updates running down contiguous
 * columns, two columns at a time: the second takes its updates by the
 * columns before the first with it, then the first's. The Newton systems
 * have up to a few hundred unknowns, where LAPACK's blocked routines spend
 * more on their calls than on the arithmetic. -1 where a pivot is not
 * positive, not a number, or no more than the rounding of its diagonal:
 * A is then singular to working precision, and a factor of it would give
 * a step of rounding noise. */
static inline __attribute__((always_inline)) int factor_in_place(int n, double *A)
{
    int j = 0;
    for (; j + 1 < n; j += 2) {
        double *cj = A + (size_t)j * n, *cn = cj + n;
        double diagonal = cj[j], next_diagonal = cn[j + 1];
        update_by_earlier(n, A, j, cj, cn, 1);
        if (finish_column(n, cj, j, diagonal) != 0)
            return -1;
        double f = cj[j + 1];
        for (int i = j + 1; i < n; i++)
            cn[i] -= f * cj[i];
        if (finish_column(n, cn, j + 1, next_diagonal) != 0)
            return -1;
    }
    if (j < n) {
        double *cj = A + (size_t)j * n, diagonal = cj[j];
        update_by_earlier(n, A, j, cj, NULL, 0);
        if (finish_column(n, cj, j, diagonal) != 0)
            return -1;
    }
    return 0;
}

/* The factor compiled twice: for the baseline x86-64 (two doubles a
 * vector) and, where the CPU has it, for AVX2 (four). Neither fuses a
 * multiply and a subtraction (above), so both give the same bits: the
 * factor does not make a model depend on the machine that fitted it
 * (test_linalg compares them). */
#if defined(__x86_64__) && defined(__GNUC__)
#define WIDE_FACTOR 1
__attribute__((target("avx2"))) static int factor_avx2(int n, double *A)
{
    return factor_in_place(n, A);
}
#endif

static int factor_baseline(int n, double *A) { return factor_in_place(n, A); }

static int baseline_only;

void linalg_baseline_only(int on) { baseline_only = on; }

static int cholesky(int n, double *A)
{
#ifdef WIDE_FACTOR
    if (!baseline_only && __builtin_cpu_supports("avx2"))
        return factor_avx2(n, A);
#endif
    return factor_baseline(n, A);
}

/* Solves L L' x = b in place, L from cholesky(). */
static void cholesky_solve(int n, const double *L, double *x)
{
    for (int j = 0; j < n; j++) {
        const double *cj = L + (size_t)j * n;
        x[j] /= cj[j];
        for (int i = j + 1; i < n; i++)
            x[i] -= x[j] * cj[i];
    }
    for (int j = n - 1; j >= 0; j--) {
        const double *cj = L + (size_t)j * n;
        double s = x[j];
        for (int i = j + 1; i < n; i++)
            s -= cj[i] * x[i];
        x[j] = s / cj[j];
    }
}

void copy_lower(int n, const double *from, double *to)
{
    for (size_t j = 0; j < (size_t)n; j++)
        memcpy(to + j * n + j, from + j * n + j, (n - j) * sizeof *to);
}

int solve_spd_ridge(int n, const double *A, const double *b, double *x)
{
    size_t nn = (size_t)n * n;
    double *work = xmalloc(nn * sizeof *work);
    double ridge = 0, scale = 0;
    for (int i = 0; i < n; i++)
        scale = fmax(scale, A[(size_t)i * n + i]);
    for (int tries = 0; tries < 20; tries++) {
        copy_lower(n, A, work); /* all that is read */
        memcpy(x, b, n * sizeof *x);
        for (int i = 0; i < n; i++)
            work[(size_t)i * n + i] += ridge;
        if (cholesky(n, work) == 0) {
            cholesky_solve(n, work, x);
            free(work);
            return 0;
        }
        ridge = ridge ? ridge * 10 : 1e-10 * fmax(scale, 1);
    }
    free(work);
    return -1;
}

int solve_small(int n, double *A, double *b)
{
    for (int j = 0; j < n; j++) {
        int pivot = j;
        for (int i = j + 1; i < n; i++)
            if (fabs(A[(size_t)j * n + i]) > fabs(A[(size_t)j * n + pivot]))
                pivot = i;
        if (A[(size_t)j * n + pivot] == 0)
            return -1;
        if (pivot != j) {
            for (int k = 0; k < n; k++) {
                double t = A[(size_t)k * n + j];
                A[(size_t)k * n + j] = A[(size_t)k * n + pivot];
                A[(size_t)k * n + pivot] = t;
            }
            double t = b[j];
            b[j] = b[pivot];
            b[pivot] = t;
        }
        for (int i = j + 1; i < n; i++) {
            double f = A[(size_t)j * n + i] / A[(size_t)j * n + j];
            for (int k = j + 1; k < n; k++)
                A[(size_t)k * n + i] -= f * A[(size_t)k * n + j];
            b[i] -= f * b[j];
        }
    }
    for (int j = n - 1; j >= 0; j--) {
        double s = b[j];
        for (int k = j + 1; k < n; k++)
            s -= A[(size_t)k * n + j] * b[k];
        b[j] = s / A[(size_t)j * n + j];
    }
    return 0;
}

double vec_dot(const double *a, const double *b, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

double vec_max_abs(const double *v, int n)
{
    double m = 0;
    for (int i = 0; i < n; i++)
        m = fmax(m, fabs(v[i]));
    return m;
}
