/* linalg.c: Cholesky solves with a ridge fallback, for the Newton fits. */
#include "linalg.h"
#include "util.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int solve_spd_ridge(int n, const double *A, const double *b, double *x)
{
    size_t nn = (size_t)n * n;
    double *work = xmalloc(nn * sizeof *work);
    double ridge = 0, scale = 0;
    for (int i = 0; i < n; i++)
        scale = fmax(scale, A[(size_t)i * n + i]);
    for (int tries = 0; tries < 20; tries++) {
        memcpy(work, A, nn * sizeof *work);
        memcpy(x, b, n * sizeof *x);
        for (int i = 0; i < n; i++)
            work[(size_t)i * n + i] += ridge;
        if (LAPACKE_dposv(LAPACK_COL_MAJOR, 'L', n, 1, work, n, x, n) == 0) {
            free(work);
            return 0;
        }
        ridge = ridge ? ridge * 10 : 1e-10 * fmax(scale, 1);
    }
    free(work);
    return -1;
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
