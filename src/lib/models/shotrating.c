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
#define GRAD_TOL 1e-7 /* as the goals fit's (dc_fit.c) */
#ifndef LIKELY_CONVERGED
#define LIKELY_CONVERGED 1e-3 /* max |gradient| a step from which likely converges */
#endif

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

/* The linear predictors of a pair's home side (m + home + its attack -
 * the away side's defence) and away side (m + its attack - the home
 * side's defence). */
static double home_eta(const struct pair *p, int T, const double *th)
{
    return th[0] + th[1] + th[2 + p->h] - th[2 + T + p->a];
}

static double away_eta(const struct pair *p, int T, const double *th)
{
    return th[0] + th[2 + p->a] - th[2 + T + p->h];
}

/* The penalised log-likelihood at th; with rate, each pair's weighted
 * rates (home side's, away side's) into rate[2i], rate[2i + 1], which
 * derivatives at the same th then takes instead of two exps a pair. */
static double objective(const struct pair *p, size_t n, int T, double ridge, const double *th,
                        double *rate)
{
    double ll = 0;
    for (size_t i = 0; i < n; i++) {
        double eh = home_eta(&p[i], T, th), ea = away_eta(&p[i], T, th);
        double home = p[i].w * exp(eh), away = p[i].w * exp(ea);
        if (rate)
            rate[2 * i] = home, rate[2 * i + 1] = away;
        ll += p[i].wx * eh + p[i].wy * ea - (home + away);
    }
    for (int t = 0; t < 2 * T; t++)
        ll -= ridge / 2 * th[2 + t] * th[2 + t];
    return ll;
}

/* Adds one side's terms to G and the lower triangle of NH (column-major
 * np × np): its predictor takes m (index 0), home (1) when at home, its
 * attack att and, negated, the opponent's defence def (def > att > 1),
 * each entry written out: the generic loop over the four was half the
 * fit's time. g: its count minus its rate; rate: its weighted rate. */
static void add_side(double *G, double *NH, size_t np, int at_home, size_t att, size_t def,
                     double g, double rate)
{
    G[0] += g, G[att] += g, G[def] -= g;
    NH[0] += rate;
    NH[att] += rate, NH[att * np + att] += rate;
    NH[def] -= rate, NH[att * np + def] -= rate, NH[def * np + def] += rate;
    if (at_home) {
        G[1] += g;
        NH[1] += rate, NH[np + 1] += rate;
        NH[np + att] += rate, NH[np + def] -= rate;
    }
}

/* The gradient G and, unless NH is NULL, the lower triangle of the
 * negated Hessian NH (column-major np × np), from the pairs' weighted
 * rates at th (objective's). */
static void derivatives(const struct pair *p, size_t n, int T, double ridge, const double *th,
                        const double *rate, double *G, double *NH)
{
    size_t np = 2 + 2 * (size_t)T;
    memset(G, 0, np * sizeof *G);
    for (size_t col = 0; NH && col < np; col++) /* the lower triangle, all that is */
        memset(NH + col * np + col, 0, (np - col) * sizeof *NH); /* written and read */
    for (size_t i = 0; i < n; i++) {
        double home = rate[2 * i], away = rate[2 * i + 1];
        size_t hatt = 2 + (size_t)p[i].h, aatt = 2 + (size_t)p[i].a;
        size_t hdef = hatt + (size_t)T, adef = aatt + (size_t)T;
        if (NH) {
            add_side(G, NH, np, 1, hatt, adef, p[i].wx - home, home);
            add_side(G, NH, np, 0, aatt, hdef, p[i].wy - away, away);
        } else {
            double gh = p[i].wx - home, ga = p[i].wy - away;
            G[0] += gh + ga, G[1] += gh;
            G[hatt] += gh, G[adef] -= gh, G[aatt] += ga, G[hdef] -= ga;
        }
    }
    for (size_t t = 2; t < np; t++) {
        G[t] -= ridge * th[t];
        if (NH)
            NH[t * np + t] += ridge;
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

/* The iterations: Newton's steps, halved until the objective does not
 * fall. After a step from where the gradient was below LIKELY_CONVERGED
 * the gradient alone comes first: at the maximum the Hessian is not
 * needed. */
static int newton(const struct pair *p, size_t n, int T, double ridge, double *th,
                  struct shot_rating *r)
{
    int np = 2 + 2 * T, rc = -1, it;
    double *G = xmalloc(np * sizeof *G), *NH = xmalloc((size_t)np * np * sizeof *NH);
    double *step = xmalloc(np * sizeof *step), *trial = xmalloc(np * sizeof *trial);
    double *rate = xmalloc((2 * n + 1) * sizeof *rate);
    double *trial_rate = xmalloc((2 * n + 1) * sizeof *trial_rate);
    double ll = objective(p, n, T, ridge, th, rate), gmax = INFINITY;
    for (it = 0; it < MAX_ITER; it++) {
        int gradient_first = gmax < LIKELY_CONVERGED;
        derivatives(p, n, T, ridge, th, rate, G, gradient_first ? NULL : NH);
        gmax = vec_max_abs(G, np);
        if (gmax < GRAD_TOL) {
            rc = 0;
            break;
        }
        if (gradient_first)
            derivatives(p, n, T, ridge, th, rate, G, NH);
        if (solve_spd_ridge(np, NH, G, step) != 0)
            break;
        double t = 1, trial_ll = -INFINITY;
        for (int half = 0; half < 60; half++, t /= 2) {
            for (int j = 0; j < np; j++)
                trial[j] = th[j] + t * step[j];
            trial_ll = objective(p, n, T, ridge, trial, trial_rate);
            /* Near the optimum the gain is below the rounding of ll: take it. */
            if (trial_ll >= ll || vec_dot(G, step, np) < 1e-12 * (1 + fabs(ll)))
                break;
        }
        memcpy(th, trial, np * sizeof *th);
        double *swap = rate;
        rate = trial_rate, trial_rate = swap; /* the rates of the step taken */
        ll = trial_ll;
    }
    if (rc != 0)
        derivatives(p, n, T, ridge, th, rate, G, NULL);
    r->grad_norm = vec_max_abs(G, np);
    r->iterations = it;
    if (rc != 0 && r->grad_norm < GRAD_TOL * 1e3)
        rc = 0; /* at the floor of rounding */
    free(G), free(NH), free(step), free(trial), free(rate), free(trial_rate);
    return rc;
}

/* The teams of the pairs, numbered in order: compact[t] a team's index in
 * the fit, -1 for a team without a row (its ratings are the prior's, 0);
 * renumbers the pairs; returns how many teams have rows. */
static int teams_with_rows(struct pair *p, size_t n, int T, int *compact)
{
    for (int t = 0; t < T; t++)
        compact[t] = -1;
    for (size_t i = 0; i < n; i++)
        compact[p[i].h] = compact[p[i].a] = 0;
    int k = 0;
    for (int t = 0; t < T; t++)
        if (compact[t] == 0)
            compact[t] = k++;
    for (size_t i = 0; i < n; i++)
        p[i].h = compact[p[i].h], p[i].a = compact[p[i].a];
    return k;
}

int shot_rating_fit(const struct shot_rows *rows, int nteams, double ridge, const double *from,
                    struct shot_rating *r)
{
    struct pair *p;
    size_t n = sum_rows(rows, nteams, &p);
    int T = nteams, *compact = xmalloc(((size_t)T + 1) * sizeof *compact);
    /* A team without a row is held at the prior's mode, 0: it is left out
     * of the Newton system, which it does not touch (its block of the
     * Hessian is the ridge alone). */
    int K = teams_with_rows(p, n, T, compact);
    double *th = xcalloc(2 + 2 * (size_t)K, sizeof *th);
    if (from) {
        th[0] = from[0], th[1] = from[1];
        for (int t = 0; t < T; t++)
            if (compact[t] >= 0)
                th[2 + compact[t]] = from[2 + t], th[2 + K + compact[t]] = from[2 + T + t];
    } else
        start(p, n, th);
    int rc = newton(p, n, K, ridge, th, r);
    r->nteams = T;
    r->mu = th[0];
    r->home = th[1];
    r->attack = xcalloc((size_t)T + 1, sizeof *r->attack);
    r->defence = xcalloc((size_t)T + 1, sizeof *r->defence);
    for (int t = 0; t < T; t++)
        if (compact[t] >= 0)
            r->attack[t] = th[2 + compact[t]], r->defence[t] = th[2 + K + compact[t]];
    free(compact);
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
    double ll = objective(p, n, T, ridge, th, NULL);
    free(th);
    free(p);
    return ll;
}
