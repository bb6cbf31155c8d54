/* linalg.h: the linear solves of a Newton step. */
#ifndef LF_LINALG_H
#define LF_LINALG_H

/* Solves A x = b for a symmetric A (column-major n × n, lower triangle
 * used) by Cholesky; where A is not positive definite (far from an
 * optimum), adds a growing ridge to its diagonal. 0, or -1 if no ridge
 * helped. A and b are left unchanged. */
int solve_spd_ridge(int n, const double *A, const double *b, double *x);

/* With on, solve_spd_ridge factors with the baseline instruction set
 * even where the CPU has wider vectors (it takes the widest by default):
 * for the test that both give the same bits. */
void linalg_baseline_only(int on);

/* Copies the lower triangle of a column-major n × n matrix, the half the
 * solves read and the Newton fits fill. */
void copy_lower(int n, const double *from, double *to);

/* Solves A x = b in place for a small general A (column-major n × n) by
 * Gaussian elimination with partial pivoting: A is destroyed (left as U
 * and what elimination left below it), b overwritten by x. 0, or -1 when
 * a pivot is exactly zero (A singular), as LAPACK's dgesv reports it. For
 * the few constraints a Newton step holds on rho's edge. */
int solve_small(int n, double *A, double *b);

double vec_dot(const double *a, const double *b, int n);
double vec_max_abs(const double *v, int n);

#endif
