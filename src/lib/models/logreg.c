/* logreg.c: binary and multinomial L2-regularised logistic regression by
 * Newton's method (exact gradient and Hessian, Cholesky solves with
 * a ridge fallback, step halving), and their JSON. See logreg.h. */
#include "logreg.h"
#include "json.h"
#include "linalg.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITER 200
#define MAX_HALVINGS 60
/* Relative rounding of an objective summed over many rows: a step that
 * promises less than this can no longer be judged by the objective. */
#define OBJ_ROUNDING 1e-13
/* Without a penalty, a Newton step at a vanishing gradient that still
 * moves a linear predictor this much means that the optimum is at infinity
 * (separable data: the gradient vanishes as the coefficients diverge). */
#define MAX_FINAL_MOVE 1e-3

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen,
                                                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* log(1 + e^a) without overflow or loss of the small tail, given
 * e = e^-|a| (which is e^a for a <= 0; the sigmoids take it too). */
static double softplus(double a, double e)
{
    return a > 0 ? a + log1p(e) : log1p(e);
}

/* 1 / (1 + e^-a), accurate in both tails. */
static double sigmoid(double a)
{
    if (a >= 0)
        return 1 / (1 + exp(-a));
    double e = exp(a);
    return e / (1 + e);
}

/* sigmoid(a) and sigmoid(-a), bit for bit the two calls, given the one
 * exp both take, e = e^-|a|. */
static void sigmoid_pair(double a, double e, double *s, double *s_neg)
{
    if (a > 0 || a < 0) {
        *(a > 0 ? s : s_neg) = 1 / (1 + e);
        *(a > 0 ? s_neg : s) = e / (1 + e);
    } else { /* ±0 or NaN */
        *s = sigmoid(a);
        *s_neg = sigmoid(-a);
    }
}

/* ---- Newton's method on a smooth convex objective ---- */

struct newton {
    int npar;
    double tol; /* stop at max |gradient| below this */
    double (*objective)(void *ctx, const double *th);
    /* Gradient G and Hessian H (column-major npar × npar, lower triangle
     * used) of the objective at th; with H NULL the gradient alone, the
     * same bits (the check after the last step needs no Hessian, which
     * costs npar times the gradient). */
    void (*derivs)(void *ctx, const double *th, double *G, double *H);
    /* Optional (set when lambda = 0): the largest change of any row's
     * linear predictor a step makes. */
    double (*moved)(void *ctx, const double *step);
    void *ctx;
    /* Optional: a Hessian near this one's (the last week's fit of a walk,
     * lower triangle), for chord steps (newton_minimise). */
    const double *H0;
    int *hessians; /* counts the Hessians built (not NULL) */
};

/* nw's derivatives at th; the Hessian too unless H is NULL. */
static void derivatives(const struct newton *nw, const double *th, double *G, double *H)
{
    nw->derivs(nw->ctx, th, G, H);
    *nw->hessians += H != NULL;
}

/* A chord step must divide max |gradient| by this much at least, else the
 * point's own Hessian takes over. With the Hessian of last week's fit on
 * nearly the same rows, a chord step divides it by two to four hundred. */
#define CHORD_RATE 0.1

/* After a step from a max |gradient| below this many times the tolerance,
 * the next point is most likely converged (convergence being quadratic):
 * its gradient is computed alone first, which costs 1 / (npar + 1) of the
 * Hessian, and the Hessian only when the gradient is not below the
 * tolerance after all. */
#define LIKELY_CONVERGED 1e4

/* Chord steps from nw->H0: th -= H0⁻¹ G, each kept when it divides max
 * |gradient| by 1 / CHORD_RATE. They are judged on the gradient alone,
 * without the objective: the objective being convex, a point whose
 * gradient is ten times smaller on the same Hessian's scale is nearer the
 * minimum. Leaves th, G and *gmax at the last point kept; returns the steps
 * kept. */
static int chord_steps(const struct newton *nw, double *th, double *G, double *gmax,
                       double *step, double *trial)
{
    int np = nw->npar, steps = 0;
    double *G_trial = xmalloc(np * sizeof *G_trial);
    derivatives(nw, th, G, NULL);
    *gmax = vec_max_abs(G, np);
    while (steps < MAX_ITER && isfinite(*gmax) && !(*gmax < nw->tol) &&
           solve_spd_ridge(np, nw->H0, G, step) == 0) {
        for (int i = 0; i < np; i++)
            trial[i] = th[i] - step[i];
        derivatives(nw, trial, G_trial, NULL);
        double g = vec_max_abs(G_trial, np);
        if (!(g < CHORD_RATE * *gmax))
            break;
        memcpy(th, trial, np * sizeof *th);
        memcpy(G, G_trial, np * sizeof *G);
        *gmax = g;
        steps++;
    }
    free(G_trial);
    return steps;
}

/* Minimises from th (updated in place). Converged when max |gradient| <
 * tol; then one more Newton step is taken and kept if it lowers max
 * |gradient|: convergence being quadratic, that takes the parameters from
 * about tol / curvature to rounding level. That step takes the last
 * Hessian computed, at this point or (LIKELY_CONVERGED) the one before,
 * whose difference from this point's is of the size of the last step: the
 * step then still takes the parameters to rounding level (or H0's, where
 * chord steps alone reached the tolerance). With nw->H0 and no `moved`
 * test, chord steps come first (chord_steps). Returns 0 with the Newton steps
 * taken and the final objective and max |gradient|; -1 with a reason.
 * H_used (not NULL) receives the lower triangle of the last step's Hessian. */
static int newton_minimise(const struct newton *nw, double *th, int *iters, double *obj,
                           double *gmax, double *H_used, char *err, size_t errlen)
{
    int np = nw->npar, rc = 0, it = 0;
    double *G = xmalloc(np * sizeof *G), *H = xmalloc((size_t)np * np * sizeof *H);
    double *step = xmalloc(np * sizeof *step), *trial = xmalloc(np * sizeof *trial);
    double last_gmax = INFINITY;
    /* Chord steps first, from a Hessian given (not where the minimum may
     * be at infinity: lambda 0, whose test needs the point's own). When
     * they reach the tolerance, G is current and H0 is the last step's. */
    int current = 0;
    if (nw->H0 && !nw->moved) {
        it = chord_steps(nw, th, G, gmax, step, trial);
        current = *gmax < nw->tol;
        if (current)
            copy_lower(np, nw->H0, H);
        /* else the point's gradient is known not converged: Newton's
         * first step builds the Hessian with it at once */
    }
    double f = nw->objective(nw->ctx, th);
    for (;; it++) {
        if (!current) {
            /* Likely at the minimum: the gradient alone first, H kept. */
            int alone = last_gmax < LIKELY_CONVERGED * nw->tol;
            derivatives(nw, th, G, alone ? NULL : H);
            *gmax = vec_max_abs(G, np);
            if (alone && !(*gmax < nw->tol)) {
                derivatives(nw, th, G, H);
                *gmax = vec_max_abs(G, np);
            }
            last_gmax = *gmax;
        }
        current = 0;
        *iters = it;
        *obj = f;
        if (!isfinite(f) || !isfinite(*gmax)) {
            rc = fail(err, errlen, "no convergence: the objective overflowed");
            break;
        }
        if (*gmax < nw->tol)
            break;
        if (it >= MAX_ITER) {
            rc = fail(err, errlen, "no convergence after %d Newton steps (max |gradient| %g)",
                      MAX_ITER, *gmax);
            break;
        }
        if (solve_spd_ridge(np, H, G, step) != 0) {
            rc = fail(err, errlen, "singular Hessian (max |gradient| %g)", *gmax);
            break;
        }
        /* Near the optimum the decrease a step promises is below the
         * rounding of the objective, which can no longer judge it. */
        int trust = vec_dot(G, step, np) / 2 < OBJ_ROUNDING * (1 + fabs(f));
        double t = 1, ft = INFINITY;
        int half;
        for (half = 0; half < MAX_HALVINGS; half++, t /= 2) {
            for (int i = 0; i < np; i++)
                trial[i] = th[i] - t * step[i];
            ft = nw->objective(nw->ctx, trial);
            if (ft <= f || (trust && isfinite(ft)))
                break;
        }
        if (half == MAX_HALVINGS) {
            rc = fail(err, errlen,
                      "no convergence: no step lowers the objective (max |gradient| %g)", *gmax);
            break;
        }
        memcpy(th, trial, np * sizeof *th);
        f = ft;
    }
    if (rc == 0 && solve_spd_ridge(np, H, G, step) == 0) {
        double move = nw->moved ? nw->moved(nw->ctx, step) : 0;
        if (!(move < MAX_FINAL_MOVE)) {
            rc = fail(err, errlen,
                      "no convergence: the coefficients diverge (a linear predictor moves by "
                      "%g at max |gradient| %g): separable data? use lambda > 0",
                      move, *gmax);
        } else {
            for (int i = 0; i < np; i++)
                trial[i] = th[i] - step[i];
            double ft = nw->objective(nw->ctx, trial);
            derivatives(nw, trial, G, NULL);
            double g = vec_max_abs(G, np);
            if (isfinite(ft) && g < *gmax) {
                memcpy(th, trial, np * sizeof *th);
                *obj = ft;
                *gmax = g;
                ++*iters;
            }
        }
    }
    if (H_used)
        copy_lower(np, H, H_used);
    free(G);
    free(H);
    free(step);
    free(trial);
    return rc;
}

/* ---- binary ---- */

struct binary {
    const double *Z; /* n × p standardised */
    const double *y, *w;
    size_t n;
    int p;
    double lambda;
    /* e^-|eta_i| of every row at the parameters the objective saw last,
     * th_seen: Newton's method takes the derivatives where it last
     * evaluated the objective (the step it accepted), and they take the
     * same exps. */
    double *exp_eta, *th_seen;
    int seen;
};

/* eta = intercept + sum_j coef_j z_j, in this order (logreg_linear too). */
static double linear(double intercept, const double *coef, const double *z, int p)
{
    double eta = intercept;
    for (int j = 0; j < p; j++)
        eta += coef[j] * z[j];
    return eta;
}

static double weight(const struct binary *b, size_t i)
{
    return b->w ? b->w[i] : 1;
}

static double binary_objective(void *ctx, const double *th)
{
    struct binary *b = ctx;
    double f = 0;
    for (size_t i = 0; i < b->n; i++) {
        double eta = linear(th[0], th + 1, b->Z + i * b->p, b->p);
        double e = b->exp_eta[i] = exp(-fabs(eta));
        /* log(1 + e^eta) - y eta */
        f += weight(b, i) * (b->y[i] != 0 ? softplus(-eta, e) : softplus(eta, e));
    }
    memcpy(b->th_seen, th, (b->p + 1) * sizeof *th);
    b->seen = 1;
    return f + b->lambda / 2 * vec_dot(th + 1, th + 1, b->p);
}

/* Rows taken at once by the derivatives: each sum still adds its terms
 * row by row, in order, but loads and stores its element once a block
 * (add_scaled_rows writes the block of four out). */
#define ROW_BLOCK 4

/* Two doubles, multiplied and added lane by lane: each lane's operations
 * are the scalar ones, rounded the same (the vector extension of GCC and
 * clang; SSE2 on x86-64). */
typedef double double2 __attribute__((vector_size(2 * sizeof(double))));

static double2 load2(const double *p)
{
    double2 v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* y[j] += x[b][j] × a[b] for b = 0, 1, .. nb - 1 in turn, j < len: the
 * sums of nb calls y[j] += x[j] × a, two elements at a time. A whole
 * block's four rows are written out, their factors held in registers. */
static void add_scaled_rows(double *restrict y, const double *const *x, const double *a,
                            int nb, int len)
{
    int j = 0;
    if (nb == ROW_BLOCK) {
        double2 a0 = { a[0], a[0] }, a1 = { a[1], a[1] }, a2 = { a[2], a[2] },
                a3 = { a[3], a[3] };
        for (; j + 2 <= len; j += 2) {
            double2 acc = load2(y + j);
            acc += load2(x[0] + j) * a0;
            acc += load2(x[1] + j) * a1;
            acc += load2(x[2] + j) * a2;
            acc += load2(x[3] + j) * a3;
            memcpy(y + j, &acc, sizeof acc);
        }
    }
    for (; j < len; j++) {
        double acc = y[j];
        for (int b = 0; b < nb; b++)
            acc += x[b][j] * a[b];
        y[j] = acc;
    }
}

/* Adds rows z[0..nb) with residuals r and curvatures c to the gradient G
 * and, unless H is NULL, the lower triangle of the Hessian H (column-major
 * np × np). */
static void add_rows(double *G, double *H, int p, const double *const *z, const double *r,
                     const double *c, int nb, double *cz_block)
{
    int np = p + 1;
    const double *cz[ROW_BLOCK], *xk[ROW_BLOCK];
    double one[ROW_BLOCK], zk[ROW_BLOCK];
    for (int b = 0; b < nb; b++)
        G[0] += r[b];
    add_scaled_rows(G + 1, z, r, nb, p);
    if (!H)
        return;
    for (int b = 0; b < nb; b++) {
        double *czb = cz_block + (size_t)b * p;
        for (int j = 0; j < p; j++)
            czb[j] = c[b] * z[b][j];
        cz[b] = czb;
        one[b] = 1;
        H[0] += c[b];
    }
    add_scaled_rows(H + 1, cz, one, nb, p); /* column 0: c z_j (× 1, exact) */
    /* Column 1 + k, rows 1 + k..: c z_j z_k = cz[j] × z[k], contiguous. */
    for (int k = 0; k < p; k++) {
        for (int b = 0; b < nb; b++) {
            xk[b] = cz[b] + k;
            zk[b] = z[b][k];
        }
        add_scaled_rows(H + (size_t)(1 + k) * np + 1 + k, xk, zk, nb, p - k);
    }
}

static void binary_derivs(void *ctx, const double *th, double *G, double *H)
{
    const struct binary *b = ctx;
    int p = b->p, np = p + 1;
    int seen = b->seen && memcmp(b->th_seen, th, np * sizeof *th) == 0;
    double *cz = xmalloc(((size_t)ROW_BLOCK * p + 1) * sizeof *cz);
    memset(G, 0, np * sizeof *G);
    if (H)
        memset(H, 0, (size_t)np * np * sizeof *H);
    for (size_t i = 0; i < b->n; i += ROW_BLOCK) {
        const double *z[ROW_BLOCK];
        double r[ROW_BLOCK], c[ROW_BLOCK];
        int nb = b->n - i < ROW_BLOCK ? (int)(b->n - i) : ROW_BLOCK;
        for (int k = 0; k < nb; k++) {
            z[k] = b->Z + (i + k) * p;
            double eta = linear(th[0], th + 1, z[k], p);
            double mu, mu_neg, wi = weight(b, i + k);
            sigmoid_pair(eta, seen ? b->exp_eta[i + k] : exp(-fabs(eta)), &mu, &mu_neg);
            r[k] = wi * (mu - b->y[i + k]);
            c[k] = wi * mu * mu_neg;
        }
        add_rows(G, H, p, z, r, c, nb, cz);
    }
    free(cz);
    for (int j = 0; j < b->p; j++) {
        G[1 + j] += b->lambda * th[1 + j];
        if (H)
            H[(size_t)(1 + j) * np + 1 + j] += b->lambda;
    }
}

static double binary_moved(void *ctx, const double *step)
{
    const struct binary *b = ctx;
    double m = 0;
    for (size_t i = 0; i < b->n; i++)
        m = fmax(m, fabs(linear(step[0], step + 1, b->Z + i * b->p, b->p)));
    return m;
}

/* Unweighted means and population sds of X's p columns; a constant column
 * gets its value as mean (so that it standardises to exactly 0) and sd 1.
 * Row by row, each column's sums in row order: the numbers of a pass per
 * column, without striding through X once a column. */
static void standardisation(const double *X, size_t n, int p, double *mean, double *sd)
{
    if (p == 0) /* (an intercept only: X may be NULL) */
        return;
    double *lo = xmalloc(3 * (p ? p : 1) * sizeof *lo), *hi = lo + p, *ss = hi + p;
    for (int j = 0; j < p; j++) {
        lo[j] = hi[j] = X[j];
        mean[j] = ss[j] = 0;
    }
    for (size_t i = 0; i < n; i++) {
        const double *x = X + i * p;
        for (int j = 0; j < p; j++) {
            mean[j] += x[j];
            lo[j] = fmin(lo[j], x[j]);
            hi[j] = fmax(hi[j], x[j]);
        }
    }
    for (int j = 0; j < p; j++)
        mean[j] = lo[j] == hi[j] ? lo[j] : mean[j] / n;
    for (size_t i = 0; i < n; i++) {
        const double *x = X + i * p;
        for (int j = 0; j < p; j++) {
            double d = x[j] - mean[j];
            ss[j] += d * d;
        }
    }
    for (int j = 0; j < p; j++) {
        sd[j] = lo[j] == hi[j] ? 1 : sqrt(ss[j] / n);
        if (!(sd[j] > 0))
            sd[j] = 1;
    }
    free(lo);
}

static int check_lambda(double lambda, char *err, size_t errlen)
{
    if (!(isfinite(lambda) && lambda >= 0))
        return fail(err, errlen, "lambda must be a finite number >= 0, got %g", lambda);
    return 0;
}

static int check_rows(const double *X, size_t n, int p, char *err, size_t errlen)
{
    if (n == 0)
        return fail(err, errlen, "no rows to fit");
    if (n > INT_MAX)
        return fail(err, errlen, "too many rows (%zu)", n);
    if (p < 0)
        return fail(err, errlen, "negative number of features (%d)", p);
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < p; j++)
            if (!isfinite(X[i * p + j]))
                return fail(err, errlen, "row %zu: feature %d is not finite", i + 1, j + 1);
    return 0;
}

int logreg_design_init(struct logreg_design *d, const double *X, size_t n, int p, char *err,
                       size_t errlen)
{
    memset(d, 0, sizeof *d);
    if (check_rows(X, n, p, err, errlen))
        return -1;
    d->n = n;
    d->p = p;
    d->mean = xmalloc((p ? p : 1) * sizeof *d->mean);
    d->sd = xmalloc((p ? p : 1) * sizeof *d->sd);
    double *Z = xmalloc(n * (p ? p : 1) * sizeof *Z);
    standardisation(X, n, p, d->mean, d->sd);
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < p; j++)
            Z[i * p + j] = (X[i * p + j] - d->mean[j]) / d->sd[j];
    d->Z = Z;
    return 0;
}

void logreg_design_free(struct logreg_design *d)
{
    free(d->mean);
    free(d->sd);
    free(d->Z);
    memset(d, 0, sizeof *d);
}

static double *copy_of(const double *v, int n)
{
    double *c = xmalloc((n ? n : 1) * sizeof *c);
    memcpy(c, v, n * sizeof *c);
    return c;
}

/* A Hessian's lower triangle (n × n, column-major) packed column by
 * column into v, or unpacked from it. */
static void pack_lower(const double *h, int n, double *v)
{
    for (int j = 0; j < n; j++, v += n - j + 1)
        memcpy(v, h + (size_t)j * n + j, (n - j) * sizeof *v);
}

static double *unpack_lower(const double *v, int n)
{
    double *h = xcalloc((size_t)n * n, sizeof *h);
    for (int j = 0; j < n; j++, v += n - j + 1)
        memcpy(h + (size_t)j * n + j, v, (n - j) * sizeof *v);
    return h;
}

/* th (intercept, then p coefficients on d's standardised features) at
 * start's linear predictor: eta = b + sum c_j (x_j - m_j) / s_j is
 * b' + sum c'_j (x_j - m'_j) / s'_j with c'_j = c_j s'_j / s_j and
 * b' = b + sum c_j (m'_j - m_j) / s_j. */
static void carry_start(const struct logreg_design *d, const struct logreg *start, double *th)
{
    th[0] = start->intercept;
    for (int j = 0; j < d->p; j++) {
        th[0] += start->coef[j] * (d->mean[j] - start->mean[j]) / start->sd[j];
        th[1 + j] = start->coef[j] * d->sd[j] / start->sd[j];
    }
}

int logreg_fit_design(const struct logreg_design *d, const double *y, const double *w,
                      double lambda, struct logreg *out, char *err, size_t errlen)
{
    return logreg_fit_design_from(d, y, w, lambda, NULL, out, err, errlen);
}

static int binary_fit(const struct logreg_design *d, const double *y, const double *w,
                      double lambda, const struct logreg *start, struct logreg *out, char *err,
                      size_t errlen)
{
    size_t n = d->n;
    int p = d->p;
    memset(out, 0, sizeof *out);
    if (check_lambda(lambda, err, errlen))
        return -1;
    double wpos = 0, wneg = 0;
    for (size_t i = 0; i < n; i++) {
        if (y[i] != 0 && y[i] != 1)
            return fail(err, errlen, "row %zu: y must be 0 or 1, got %g", i + 1, y[i]);
        double wi = w ? w[i] : 1;
        if (!(isfinite(wi) && wi >= 0))
            return fail(err, errlen, "row %zu: weight must be finite and >= 0, got %g", i + 1,
                        wi);
        if (y[i] != 0)
            wpos += wi;
        else
            wneg += wi;
    }
    if (!(wpos > 0) || !(wneg > 0))
        return fail(err, errlen, "y is %d in every row%s: the intercept would be infinite",
                    wpos > 0 ? 1 : 0, w ? " of positive weight" : "");

    struct logreg m = { .nfeat = p, .lambda = lambda, .n = (int)n };
    m.mean = copy_of(d->mean, p);
    m.sd = copy_of(d->sd, p);
    m.coef = xcalloc(p ? p : 1, sizeof *m.coef);
    struct binary b = { d->Z, y, w, n, p, lambda, xmalloc((n + 1) * sizeof(double)),
                        xmalloc((p + 1) * sizeof(double)), 0 };
    struct newton nw = { p + 1, LOGREG_GRAD_TOL * (wpos + wneg), binary_objective,
                         binary_derivs, lambda == 0 ? binary_moved : NULL, &b, NULL,
                         &m.hessians };
    double *th = xcalloc(p + 1, sizeof *th);
    if (start && start->nfeat == p) {
        carry_start(d, start, th);
        nw.H0 = start->hessian;
    } else {
        th[0] = log(wpos / wneg); /* the constant model */
    }
    m.hessian = xmalloc((size_t)(p + 1) * (p + 1) * sizeof *m.hessian);
    int rc = newton_minimise(&nw, th, &m.iterations, &m.objective, &m.grad_norm, m.hessian,
                             err, errlen);
    m.intercept = th[0];
    memcpy(m.coef, th + 1, p * sizeof *th);
    free(th);
    free(b.exp_eta);
    free(b.th_seen);
    if (rc != 0) {
        logreg_free(&m);
        return -1;
    }
    *out = m;
    return 0;
}

/* A start far from the minimum (not last week's model) can leave Newton's
 * method where the objective is flat to rounding; the constant model's
 * start is the fit's own. */
int logreg_fit_design_from(const struct logreg_design *d, const double *y, const double *w,
                           double lambda, const struct logreg *start, struct logreg *out,
                           char *err, size_t errlen)
{
    int rc = binary_fit(d, y, w, lambda, start, out, err, errlen);
    if (rc != 0 && start)
        rc = binary_fit(d, y, w, lambda, NULL, out, err, errlen);
    return rc;
}

int logreg_fit(const double *X, const double *y, const double *w, size_t n, int p,
               double lambda, struct logreg *out, char *err, size_t errlen)
{
    struct logreg_design d;
    memset(out, 0, sizeof *out);
    if (logreg_design_init(&d, X, n, p, err, errlen))
        return -1;
    int rc = logreg_fit_design(&d, y, w, lambda, out, err, errlen);
    logreg_design_free(&d);
    return rc;
}

void logreg_start_save(const struct logreg *m, double *v)
{
    size_t p = (size_t)m->nfeat, np = p + 1;
    v[0] = m->intercept;
    memcpy(v + 1, m->coef, p * sizeof *v);
    memcpy(v + 1 + p, m->mean, p * sizeof *v);
    memcpy(v + 1 + 2 * p, m->sd, p * sizeof *v);
    v += 1 + 3 * p;
    *v++ = m->hessian != NULL;
    if (m->hessian)
        pack_lower(m->hessian, (int)np, v);
    else
        memset(v, 0, np * (np + 1) / 2 * sizeof *v);
}

void logreg_start_load(struct logreg *m, int nfeat, const double *v)
{
    size_t p = (size_t)nfeat, np = p + 1;
    memset(m, 0, sizeof *m);
    m->nfeat = nfeat;
    m->intercept = v[0];
    m->coef = copy_of(v + 1, nfeat);
    m->mean = copy_of(v + 1 + p, nfeat);
    m->sd = copy_of(v + 1 + 2 * p, nfeat);
    v += 1 + 3 * p;
    if (*v++ != 0)
        m->hessian = unpack_lower(v, (int)np);
}

double logreg_linear(const struct logreg *m, const double *x)
{
    double eta = m->intercept;
    for (int j = 0; j < m->nfeat; j++)
        eta += m->coef[j] * ((x[j] - m->mean[j]) / m->sd[j]);
    return eta;
}

double logreg_prob(const struct logreg *m, const double *x)
{
    return sigmoid(logreg_linear(m, x));
}

void logreg_free(struct logreg *m)
{
    free(m->mean);
    free(m->sd);
    free(m->coef);
    free(m->hessian);
    memset(m, 0, sizeof *m);
}

/* ---- multinomial ---- */

/* Full parameters: class k's intercept at k*(p+1), its coefficients after
 * it. The first class's intercept is pinned at 0, and with lambda = 0 its
 * coefficients too: free_ix gives -1 for them. */
struct multi {
    const double *X;
    const int *y;
    size_t n;
    int p, K, nfull, nfree;
    double lambda;
    int *free_ix; /* nfull */
    double *full, *gfull, *hfull, *eta, *prob;
};

static void expand(const struct multi *m, const double *th, double *full)
{
    for (int f = 0; f < m->nfull; f++)
        full[f] = m->free_ix[f] >= 0 ? th[m->free_ix[f]] : 0;
}

/* Softmax of eta[0..K) into prob; returns log sum_k e^eta_k. */
static double softmax(const double *eta, int K, double *prob)
{
    double top = eta[0], s = 0;
    for (int k = 1; k < K; k++)
        top = fmax(top, eta[k]);
    for (int k = 0; k < K; k++)
        s += prob[k] = exp(eta[k] - top);
    for (int k = 0; k < K; k++)
        prob[k] /= s;
    return top + log(s);
}

static void class_linear(const double *full, const double *x, int p, int K, double *eta)
{
    for (int k = 0; k < K; k++)
        eta[k] = linear(full[k * (p + 1)], full + k * (p + 1) + 1, x, p);
}

static double penalty(const double *full, int p, int K, double lambda)
{
    double s = 0;
    for (int k = 0; k < K; k++)
        s += vec_dot(full + k * (p + 1) + 1, full + k * (p + 1) + 1, p);
    return lambda / 2 * s;
}

static double full_objective(const struct multi *m, const double *full)
{
    double f = 0;
    for (size_t i = 0; i < m->n; i++) {
        class_linear(full, m->X + i * m->p, m->p, m->K, m->eta);
        f += softmax(m->eta, m->K, m->prob) - m->eta[m->y[i]];
    }
    return f + penalty(full, m->p, m->K, m->lambda);
}

static double multi_objective(void *ctx, const double *th)
{
    struct multi *m = ctx;
    expand(m, th, m->full);
    return full_objective(m, m->full);
}

/* Gradient of the objective over all parameters into m->gfull, and with
 * hessian set its Hessian into m->hfull (column-major nfull × nfull). */
static void full_derivs(struct multi *m, const double *full, int hessian)
{
    int p1 = m->p + 1, K = m->K, q = m->nfull;
    memset(m->gfull, 0, q * sizeof *m->gfull);
    if (hessian)
        memset(m->hfull, 0, (size_t)q * q * sizeof *m->hfull);
    double *xt = xmalloc(p1 * sizeof *xt); /* (1, x) */
    xt[0] = 1;
    for (size_t i = 0; i < m->n; i++) {
        memcpy(xt + 1, m->X + i * m->p, m->p * sizeof *xt);
        class_linear(full, xt + 1, m->p, K, m->eta);
        softmax(m->eta, K, m->prob);
        for (int k = 0; k < K; k++) {
            double r = m->prob[k] - (m->y[i] == k);
            for (int j = 0; j < p1; j++)
                m->gfull[k * p1 + j] += r * xt[j];
            for (int l = 0; hessian && l <= k; l++) {
                double c = m->prob[k] * ((k == l) - m->prob[l]);
                /* The lower triangle: every a of an earlier class, a <= j
                 * of the same. */
                for (int j = 0; j < p1; j++) {
                    double *col = m->hfull + (size_t)l * p1 * q + k * p1 + j;
                    for (int a = 0; a < (l < k ? p1 : j + 1); a++)
                        col[(size_t)a * q] += c * xt[j] * xt[a];
                }
            }
        }
    }
    free(xt);
    for (int k = 0; k < K; k++)
        for (int j = 1; j < p1; j++) {
            m->gfull[k * p1 + j] += m->lambda * full[k * p1 + j];
            if (hessian)
                m->hfull[(size_t)(k * p1 + j) * q + k * p1 + j] += m->lambda;
        }
}

static void multi_derivs(void *ctx, const double *th, double *G, double *H)
{
    struct multi *m = ctx;
    int q = m->nfull, np = m->nfree;
    expand(m, th, m->full);
    full_derivs(m, m->full, H != NULL);
    for (int a = 0; a < q; a++) {
        int fa = m->free_ix[a];
        if (fa < 0)
            continue;
        G[fa] = m->gfull[a];
        for (int b = a; H && b < q; b++)
            if (m->free_ix[b] >= 0)
                H[(size_t)fa * np + m->free_ix[b]] = m->hfull[(size_t)a * q + b];
    }
}

static double multi_moved(void *ctx, const double *step)
{
    struct multi *m = ctx;
    double move = 0;
    expand(m, step, m->full);
    for (size_t i = 0; i < m->n; i++) {
        class_linear(m->full, m->X + i * m->p, m->p, m->K, m->eta);
        for (int k = 0; k < m->K; k++)
            move = fmax(move, fabs(m->eta[k]));
    }
    return move;
}

int mlogit_fit(const double *X, const int *y, size_t n, int p, int K, double lambda,
               struct mlogit *out, char *err, size_t errlen)
{
    return mlogit_fit_from(X, y, n, p, K, lambda, NULL, out, err, errlen);
}

/* th (the free parameters) at start's: each class's intercept and
 * coefficients less the first class's where the fit pins those at 0 (the
 * intercept always, the coefficients at lambda 0): softmax does not see
 * the shift. */
static void carry_mlogit_start(const struct multi *mp, const struct mlogit *start, double *th)
{
    int p1 = mp->p + 1;
    for (int k = 0; k < mp->K; k++)
        for (int j = 0; j < p1; j++) {
            int f = k * p1 + j;
            if (mp->free_ix[f] < 0)
                continue;
            double v = j == 0 ? start->intercept[k] : start->coef[(size_t)k * mp->p + j - 1];
            double pinned = j == 0 ? start->intercept[0] : start->coef[j - 1];
            th[mp->free_ix[f]] = v - (mp->free_ix[j] < 0 ? pinned : 0);
        }
}

static int multi_fit(const double *X, const int *y, size_t n, int p, int K, double lambda,
                     const struct mlogit *start, struct mlogit *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (check_rows(X, n, p, err, errlen) || check_lambda(lambda, err, errlen))
        return -1;
    if (K < 2)
        return fail(err, errlen, "need at least 2 classes, got %d", K);
    size_t *count = xcalloc(K, sizeof *count);
    for (size_t i = 0; i < n; i++) {
        if (y[i] < 0 || y[i] >= K) {
            free(count);
            return fail(err, errlen, "row %zu: class %d out of range 0..%d", i + 1, y[i],
                        K - 1);
        }
        count[y[i]]++;
    }
    for (int k = 0; k < K; k++)
        if (count[k] == 0) {
            free(count);
            return fail(err, errlen, "class %d has no rows: its intercept would be infinite",
                        k);
        }

    int p1 = p + 1;
    static const double no_features[1];
    struct multi mp = { .X = p ? X : no_features, .y = y, .n = n, .p = p, .K = K,
                        .lambda = lambda };
    mp.nfull = K * p1;
    mp.free_ix = xmalloc(mp.nfull * sizeof *mp.free_ix);
    for (int f = 0; f < mp.nfull; f++)
        mp.free_ix[f] = f == 0 || (lambda == 0 && f < p1) ? -1 : mp.nfree++;
    mp.full = xmalloc(mp.nfull * sizeof *mp.full);
    mp.gfull = xmalloc(mp.nfull * sizeof *mp.gfull);
    mp.hfull = xmalloc((size_t)mp.nfull * mp.nfull * sizeof *mp.hfull);
    mp.eta = xmalloc(K * sizeof *mp.eta);
    mp.prob = xmalloc(K * sizeof *mp.prob);

    /* The constant model: intercepts log(count_k / count_0). */
    double *th = xcalloc(mp.nfree, sizeof *th);
    if (start && start->nfeat == p && start->nclass == K)
        carry_mlogit_start(&mp, start, th);
    else
        for (int k = 1; k < K; k++)
            th[mp.free_ix[k * p1]] = log((double)count[k] / count[0]);
    free(count);
    struct newton nw = { mp.nfree, LOGREG_GRAD_TOL * n, multi_objective, multi_derivs,
                         lambda == 0 ? multi_moved : NULL, &mp, NULL, NULL };
    if (start && start->nfeat == p && start->nclass == K && start->nfree == mp.nfree)
        nw.H0 = start->hessian;
    struct mlogit m = { .nfeat = p, .nclass = K, .lambda = lambda, .n = (int)n,
                        .nfree = mp.nfree };
    nw.hessians = &m.hessians;
    m.hessian = xmalloc((size_t)mp.nfree * mp.nfree * sizeof *m.hessian);
    double obj, gmax;
    int rc = newton_minimise(&nw, th, &m.iterations, &obj, &gmax, m.hessian, err, errlen);
    if (rc != 0)
        free(m.hessian);
    if (rc == 0) {
        /* Centre the intercepts (softmax does not see a shift) and the
         * coefficients of each feature (at lambda > 0 they sum to 0 already,
         * up to rounding; at lambda = 0 this picks the minimum norm). */
        expand(&mp, th, mp.full);
        for (int j = 0; j < p1; j++) {
            double s = 0;
            for (int k = 0; k < K; k++)
                s += mp.full[k * p1 + j];
            for (int k = 0; k < K; k++)
                mp.full[k * p1 + j] -= s / K;
        }
        m.intercept = xmalloc(K * sizeof *m.intercept);
        m.coef = xmalloc((size_t)K * (p ? p : 1) * sizeof *m.coef);
        for (int k = 0; k < K; k++) {
            m.intercept[k] = mp.full[k * p1];
            memcpy(m.coef + (size_t)k * p, mp.full + k * p1 + 1, p * sizeof *m.coef);
        }
        /* Diagnostics over all parameters, at the centred ones. */
        m.objective = full_objective(&mp, mp.full);
        full_derivs(&mp, mp.full, 0);
        m.grad_norm = vec_max_abs(mp.gfull, mp.nfull);
        *out = m;
    }
    free(th);
    free(mp.free_ix);
    free(mp.full);
    free(mp.gfull);
    free(mp.hfull);
    free(mp.eta);
    free(mp.prob);
    return rc;
}

int mlogit_fit_from(const double *X, const int *y, size_t n, int p, int K, double lambda,
                    const struct mlogit *start, struct mlogit *out, char *err, size_t errlen)
{
    int rc = multi_fit(X, y, n, p, K, lambda, start, out, err, errlen);
    if (rc != 0 && start)
        rc = multi_fit(X, y, n, p, K, lambda, NULL, out, err, errlen);
    return rc;
}

void mlogit_start_save(const struct mlogit *m, double *v)
{
    size_t nfull = (size_t)m->nclass * (m->nfeat + 1);
    memcpy(v, m->intercept, (size_t)m->nclass * sizeof *v);
    memcpy(v + m->nclass, m->coef, (size_t)m->nclass * m->nfeat * sizeof *v);
    v += nfull;
    memset(v, 0, (1 + nfull * (nfull + 1) / 2) * sizeof *v);
    if (m->hessian && m->nfree > 0 && (size_t)m->nfree <= nfull) {
        v[0] = m->nfree;
        pack_lower(m->hessian, m->nfree, v + 1);
    }
}

void mlogit_start_load(struct mlogit *m, int nfeat, int nclass, const double *v)
{
    size_t nfull = (size_t)nclass * (nfeat + 1);
    memset(m, 0, sizeof *m);
    m->nfeat = nfeat;
    m->nclass = nclass;
    m->intercept = copy_of(v, nclass);
    m->coef = copy_of(v + nclass, nclass * nfeat);
    v += nfull;
    if (v[0] >= 1 && v[0] <= (double)nfull) {
        m->nfree = (int)v[0];
        m->hessian = unpack_lower(v + 1, m->nfree);
    }
}

void mlogit_prob(const struct mlogit *m, const double *x, double *prob)
{
    double *eta = xmalloc(m->nclass * sizeof *eta);
    for (int k = 0; k < m->nclass; k++)
        eta[k] = linear(m->intercept[k], m->coef + (size_t)k * m->nfeat, x, m->nfeat);
    softmax(eta, m->nclass, prob);
    free(eta);
}

void mlogit_free(struct mlogit *m)
{
    free(m->intercept);
    free(m->coef);
    free(m->hessian);
    memset(m, 0, sizeof *m);
}

/* ---- JSON ---- */

static void add_item(cJSON *obj, const char *key, cJSON *item)
{
    if (!item || !cJSON_AddItemToObject(obj, key, item))
        die("out of memory");
}

/* names[0..n), or prefix1..prefixn / 0..n-1 when names is NULL. */
static cJSON *name_array(const char *const *names, int n, const char *prefix, int first)
{
    cJSON *arr = cJSON_CreateArray();
    if (!arr)
        die("out of memory");
    for (int i = 0; i < n; i++) {
        char buf[32];
        if (!names)
            snprintf(buf, sizeof buf, "%s%d", prefix, i + first);
        cJSON *s = cJSON_CreateString(names ? names[i] : buf);
        if (!s || !cJSON_AddItemToArray(arr, s))
            die("out of memory");
    }
    return arr;
}

static void add_diagnostics(cJSON *obj, int n, int iterations, double objective,
                            double grad_norm)
{
    cJSON *d = json_add_object(obj, "diagnostics");
    json_add_number(d, "n", n);
    json_add_number(d, "iterations", iterations);
    json_add_number(d, "objective", objective);
    json_add_number(d, "gradient_norm", grad_norm);
}

cJSON *logreg_to_json(const struct logreg *m, const char *const *feature_names)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        die("out of memory");
    add_item(root, "features", name_array(feature_names, m->nfeat, "x", 1));
    add_item(root, "mean", json_number_array(m->mean, m->nfeat));
    add_item(root, "sd", json_number_array(m->sd, m->nfeat));
    json_add_number(root, "intercept", m->intercept);
    add_item(root, "coef", json_number_array(m->coef, m->nfeat));
    json_add_number(root, "lambda", m->lambda);
    add_diagnostics(root, m->n, m->iterations, m->objective, m->grad_norm);
    return root;
}

cJSON *mlogit_to_json(const struct mlogit *m, const char *const *feature_names,
                      const char *const *class_names)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        die("out of memory");
    add_item(root, "features", name_array(feature_names, m->nfeat, "x", 1));
    add_item(root, "classes", name_array(class_names, m->nclass, "", 0));
    add_item(root, "intercept", json_number_array(m->intercept, m->nclass));
    cJSON *coef = json_add_array(root, "coef");
    for (int k = 0; k < m->nclass; k++)
        if (!cJSON_AddItemToArray(coef, json_number_array(m->coef + (size_t)k * m->nfeat, m->nfeat)))
            die("out of memory");
    json_add_number(root, "lambda", m->lambda);
    add_diagnostics(root, m->n, m->iterations, m->objective, m->grad_norm);
    return root;
}

/* Length of the array member key, each element checked to be a string
 * (strings) or a finite number; dies naming path otherwise. */
static int get_array(const cJSON *obj, const char *key, const char *path, int strings,
                     const cJSON **arr)
{
    const cJSON *a = json_get_item(obj, key, path), *e;
    if (!cJSON_IsArray(a))
        die("%s: member '%s' is not an array", path, key);
    cJSON_ArrayForEach(e, a) {
        if (strings ? !cJSON_IsString(e)
                    : !(cJSON_IsNumber(e) && isfinite(e->valuedouble)))
            die("%s: member '%s' holds %s", path, key,
                strings ? "a non-string" : "a non-number");
    }
    *arr = a;
    return cJSON_GetArraySize(a);
}

static double *read_numbers(const cJSON *obj, const char *key, const char *path, int want)
{
    const cJSON *a, *e;
    int n = get_array(obj, key, path, 0, &a);
    if (n != want)
        die("%s: member '%s' has %d numbers, want %d", path, key, n, want);
    double *v = xmalloc((want ? want : 1) * sizeof *v), *p = v;
    cJSON_ArrayForEach(e, a)
        *p++ = e->valuedouble;
    return v;
}

static int read_count(const cJSON *obj, const char *key, const char *path)
{
    double v = json_get_number(obj, key, path);
    if (!(v >= 0 && v <= INT_MAX && v == floor(v)))
        die("%s: member '%s' is not a count", path, key);
    return (int)v;
}

static double read_lambda(const cJSON *obj, const char *path)
{
    double v = json_get_number(obj, "lambda", path);
    if (!(v >= 0))
        die("%s: member 'lambda' is negative", path);
    return v;
}

static void read_diagnostics(const cJSON *obj, const char *path, int *n, int *iterations,
                             double *objective, double *grad_norm)
{
    const cJSON *d = json_get_item(obj, "diagnostics", path);
    if (!cJSON_IsObject(d))
        die("%s: member 'diagnostics' is not an object", path);
    *n = read_count(d, "n", path);
    *iterations = read_count(d, "iterations", path);
    *objective = json_get_number(d, "objective", path);
    *grad_norm = json_get_number(d, "gradient_norm", path);
}

void logreg_from_json(const cJSON *obj, const char *path, struct logreg *m)
{
    const cJSON *names;
    memset(m, 0, sizeof *m);
    if (!cJSON_IsObject(obj))
        die("%s: a logistic regression must be a JSON object", path);
    m->nfeat = get_array(obj, "features", path, 1, &names);
    m->mean = read_numbers(obj, "mean", path, m->nfeat);
    m->sd = read_numbers(obj, "sd", path, m->nfeat);
    for (int j = 0; j < m->nfeat; j++)
        if (!(m->sd[j] > 0))
            die("%s: member 'sd' holds %g: must be > 0", path, m->sd[j]);
    m->intercept = json_get_number(obj, "intercept", path);
    m->coef = read_numbers(obj, "coef", path, m->nfeat);
    m->lambda = read_lambda(obj, path);
    read_diagnostics(obj, path, &m->n, &m->iterations, &m->objective, &m->grad_norm);
}

void mlogit_from_json(const cJSON *obj, const char *path, struct mlogit *m)
{
    const cJSON *names, *coef, *row;
    memset(m, 0, sizeof *m);
    if (!cJSON_IsObject(obj))
        die("%s: a multinomial regression must be a JSON object", path);
    m->nfeat = get_array(obj, "features", path, 1, &names);
    m->nclass = get_array(obj, "classes", path, 1, &names);
    if (m->nclass < 2)
        die("%s: member 'classes' must name at least 2 classes", path);
    m->intercept = read_numbers(obj, "intercept", path, m->nclass);
    coef = json_get_item(obj, "coef", path);
    if (!cJSON_IsArray(coef) || cJSON_GetArraySize(coef) != m->nclass)
        die("%s: member 'coef' must be an array of %d arrays (one a class)", path,
            m->nclass);
    m->coef = xmalloc((size_t)m->nclass * (m->nfeat ? m->nfeat : 1) * sizeof *m->coef);
    double *dst = m->coef;
    cJSON_ArrayForEach(row, coef) {
        const cJSON *e;
        if (!cJSON_IsArray(row) || cJSON_GetArraySize(row) != m->nfeat)
            die("%s: member 'coef' must hold arrays of %d numbers (one a feature)", path,
                m->nfeat);
        cJSON_ArrayForEach(e, row) {
            if (!(cJSON_IsNumber(e) && isfinite(e->valuedouble)))
                die("%s: member 'coef' holds a non-number", path);
            *dst++ = e->valuedouble;
        }
    }
    m->lambda = read_lambda(obj, path);
    read_diagnostics(obj, path, &m->n, &m->iterations, &m->objective, &m->grad_norm);
}
