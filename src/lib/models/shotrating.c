/* shotrating.c: the shots-on-target rating (shotrating.h), a ridge
 * Poisson fit by Newton's method (exact gradient and Hessian, Cholesky
 * solves, step halving). */
#include "shotrating.h"
#include "linalg.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITER 100
#define GRAD_TOL 1e-9

/* The rows of one home side against one away side, summed: the
 * derivatives are linear in the weights. */
struct pair {
    int h, a;
    double w, wx, wy; /* weight, and weight × home's and × away's shots */
};

/* Sums the rows into pairs; returns how many. */
static size_t sum_rows(const struct shot_rows *rows, int T, struct pair **out)
{
    int *slot = xmalloc(((size_t)T * T + 1) * sizeof *slot);
    for (size_t i = 0; i < (size_t)T * T; i++)
        slot[i] = -1;
    struct pair *p = xmalloc((rows->n + 1) * sizeof *p);
    size_t n = 0;
    for (size_t k = 0; k < rows->n; k++) {
        int h = rows->home[k], a = rows->away[k], *s = &slot[(size_t)h * T + a];
        if (*s < 0) {
            *s = (int)n;
            p[n++] = (struct pair){ .h = h, .a = a };
        }
        p[*s].w += rows->w[k];
        p[*s].wx += rows->w[k] * rows->home_shots[k];
        p[*s].wy += rows->w[k] * rows->away_shots[k];
    }
    free(slot);
    *out = p;
    return n;
}

/* One side of a pair: the parameters its linear predictor takes and
 * their signs (m, home for the home side, its attack, the opponent's
 * defence; returns how many), the predictor eta at th, and the side's
 * weighted shots y. */
static int side_of(const struct pair *p, int T, int at_home, const double *th, int ix[4],
                   double sign[4], double *eta, double *y)
{
    int k = 0, side = at_home ? p->h : p->a, opponent = at_home ? p->a : p->h;
    ix[k] = 0, sign[k++] = 1;
    if (at_home)
        ix[k] = 1, sign[k++] = 1;
    ix[k] = 2 + side, sign[k++] = 1;
    ix[k] = 2 + T + opponent, sign[k++] = -1;
    *eta = 0;
    for (int j = 0; j < k; j++)
        *eta += sign[j] * th[ix[j]];
    *y = at_home ? p->wx : p->wy;
    return k;
}

static double objective(const struct pair *p, size_t n, int T, double ridge, const double *th)
{
    double ll = 0;
    for (size_t i = 0; i < n; i++)
        for (int at_home = 1; at_home >= 0; at_home--) {
            int ix[4];
            double sign[4], eta, y;
            side_of(&p[i], T, at_home, th, ix, sign, &eta, &y);
            ll += y * eta - p[i].w * exp(eta);
        }
    for (int t = 0; t < 2 * T; t++)
        ll -= ridge / 2 * th[2 + t] * th[2 + t];
    return ll;
}

/* The gradient G and the lower triangle of the negated Hessian NH
 * (column-major np × np). */
static void derivatives(const struct pair *p, size_t n, int T, double ridge, const double *th,
                        double *G, double *NH)
{
    int np = 2 + 2 * T;
    memset(G, 0, np * sizeof *G);
    memset(NH, 0, (size_t)np * np * sizeof *NH);
    for (size_t i = 0; i < n; i++)
        for (int at_home = 1; at_home >= 0; at_home--) {
            int ix[4];
            double sign[4], eta, y;
            int k = side_of(&p[i], T, at_home, th, ix, sign, &eta, &y);
            double rate = p[i].w * exp(eta), g = y - rate;
            for (int a = 0; a < k; a++) {
                G[ix[a]] += sign[a] * g;
                for (int b = 0; b < k; b++)
                    if (ix[a] >= ix[b])
                        NH[(size_t)ix[b] * np + ix[a]] += sign[a] * sign[b] * rate;
            }
        }
    for (int t = 2; t < np; t++) {
        G[t] -= ridge * th[t];
        NH[(size_t)t * np + t] += ridge;
    }
}

/* Where the iterations start: every side at the rows' mean rate. */
static void start(const struct pair *p, size_t n, double *th)
{
    double w = 0, y = 0;
    for (size_t i = 0; i < n; i++)
        w += 2 * p[i].w, y += p[i].wx + p[i].wy;
    th[0] = w > 0 && y > 0 ? log(y / w) : 0;
}

static int newton(const struct pair *p, size_t n, int T, double ridge, double *th,
                  struct shot_rating *r)
{
    int np = 2 + 2 * T, rc = -1, it;
    double *G = xmalloc(np * sizeof *G), *NH = xmalloc((size_t)np * np * sizeof *NH);
    double *step = xmalloc(np * sizeof *step), *trial = xmalloc(np * sizeof *trial);
    double ll = objective(p, n, T, ridge, th);
    int current = 0; /* G is th's */
    for (it = 0; it < MAX_ITER; it++) {
        derivatives(p, n, T, ridge, th, G, NH);
        current = 1;
        if (vec_max_abs(G, np) < GRAD_TOL) {
            rc = 0;
            break;
        }
        if (solve_spd_ridge(np, NH, G, step) != 0)
            break;
        current = 0;
        double t = 1, trial_ll = -INFINITY;
        for (int half = 0; half < 60; half++, t /= 2) {
            for (int j = 0; j < np; j++)
                trial[j] = th[j] + t * step[j];
            trial_ll = objective(p, n, T, ridge, trial);
            /* Near the optimum the gain is below the rounding of ll: take it. */
            if (trial_ll >= ll || vec_dot(G, step, np) < 1e-12 * (1 + fabs(ll)))
                break;
        }
        memcpy(th, trial, np * sizeof *th);
        ll = trial_ll;
    }
    if (!current)
        derivatives(p, n, T, ridge, th, G, NH);
    r->grad_norm = vec_max_abs(G, np);
    r->iterations = it;
    if (rc != 0 && r->grad_norm < GRAD_TOL * 1e3)
        rc = 0; /* at the floor of rounding */
    free(G), free(NH), free(step), free(trial);
    return rc;
}

int shot_rating_fit(const struct shot_rows *rows, int nteams, double ridge, const double *from,
                    struct shot_rating *r)
{
    struct pair *p;
    size_t n = sum_rows(rows, nteams, &p);
    int T = nteams;
    double *th = xcalloc(2 + 2 * (size_t)T, sizeof *th);
    if (from)
        memcpy(th, from, (2 + 2 * (size_t)T) * sizeof *th);
    else
        start(p, n, th);
    int rc = newton(p, n, T, ridge, th, r);
    r->nteams = T;
    r->mu = th[0];
    r->home = th[1];
    r->attack = xmalloc(((size_t)T + 1) * sizeof *r->attack);
    r->defence = xmalloc(((size_t)T + 1) * sizeof *r->defence);
    memcpy(r->attack, th + 2, T * sizeof *th);
    memcpy(r->defence, th + 2 + T, T * sizeof *th);
    free(th);
    free(p);
    return rc;
}

void shot_rating_free(struct shot_rating *r)
{
    free(r->attack);
    free(r->defence);
    memset(r, 0, sizeof *r);
}

double shot_rating_objective(const struct shot_rows *rows, int nteams, double ridge, double mu,
                             double home, const double *attack, const double *defence)
{
    struct pair *p;
    size_t n = sum_rows(rows, nteams, &p);
    int T = nteams;
    double *th = xmalloc((2 + 2 * (size_t)T) * sizeof *th);
    th[0] = mu, th[1] = home;
    memcpy(th + 2, attack, T * sizeof *th);
    memcpy(th + 2 + T, defence, T * sizeof *th);
    double ll = objective(p, n, T, ridge, th);
    free(th);
    free(p);
    return ll;
}
