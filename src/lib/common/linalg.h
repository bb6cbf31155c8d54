/* linalg.h: the linear solve of a Newton step. */
#ifndef LF_LINALG_H
#define LF_LINALG_H

/* Solves A x = b for a symmetric A (column-major n × n, lower triangle
 * used) by Cholesky; where A is not positive definite (far from an
 * optimum), adds a growing ridge to its diagonal. 0, or -1 if no ridge
 * helped. A and b are left unchanged. */
int solve_spd_ridge(int n, const double *A, const double *b, double *x);

double vec_dot(const double *a, const double *b, int n);
double vec_max_abs(const double *v, int n);

#endif
