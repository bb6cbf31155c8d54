/* linalg.c: Cholesky solves with a ridge fallback, for the Newton fits, and
 * Gaussian elimination for the small systems of their constraints. */
#include "linalg.h"
#include "util.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Cholesky factor of the lower triangle of A (column-major n x n), in
 * place, column by column, each column's updates running down contiguous
 * columns. The Newton systems have a few dozen unknowns, where LAPACK's
 * blocked routines spend more on their calls than on the arithmetic.
 * -1 where a pivot is not positive, not a number, or no more than the
 * rounding of its diagonal (n ulps of it): A is then singular to working
 * precision, and a factor of it would give a step of rounding noise. */
static int cholesky(int n, double *A)
{
    for (int j = 0; j < n; j++) {
        double *cj = A + (size_t)j * n, diagonal = cj[j];
        int k = 0;
        /* Four earlier columns at a time: each entry still takes their
         * updates one by one in column order (the same bits), but is
         * loaded and stored once for the four. */
        for (; k + 4 <= j; k += 4) {
            const double *c0 = A + (size_t)k * n, *c1 = c0 + n, *c2 = c1 + n, *c3 = c2 + n;
            double f0 = c0[j], f1 = c1[j], f2 = c2[j], f3 = c3[j];
            for (int i = j; i < n; i++) {
                double x = cj[i];
                x -= f0 * c0[i];
                x -= f1 * c1[i];
                x -= f2 * c2[i];
                x -= f3 * c3[i];
                cj[i] = x;
            }
        }
        for (; k < j; k++) {
            const double *ck = A + (size_t)k * n;
            double f = ck[j];
            for (int i = j; i < n; i++)
                cj[i] -= f * ck[i];
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
