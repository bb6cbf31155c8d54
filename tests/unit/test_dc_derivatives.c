/* test_dc_derivatives.c: the Newton fit's derivatives. Written out for
 * pairs whose seven parameters are all free (accumulate_all_free, every
 * ridge fit with rho), against the general product J' g, J' h J
 * (accumulate), bit for bit, on random pairs, weights and parameters; each
 * pair's local derivatives, over the channels its low scores touch,
 * against those over every channel, bit for bit; the gradient against
 * finite differences of the log-likelihood, the Hessian against those of
 * the gradient; the gradient alone (no Hessian asked for) against the
 * gradient with it, bit for bit, all parameters free or not; with a shots
 * rating's beta (dc_options.shots_decay), the gradient and Hessian against
 * finite differences, and beta held the fit's derivatives without it. The file
 * includes dc_fit.c to reach its static parts. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "../../src/lib/models/dc_fit.c"

#include "rng.h"

#include <stdio.h>

#include "tap.h"

enum { TEAMS = 7, PAIRS = 60 };

/* A problem of random pairs (every low score present in some), all
 * parameters free as in a ridge fit, without the prior; with nbeta: that
 * many terms of shots ratings, random for each pair's sides, their betas
 * fitted. */
static void random_problem_beta(struct problem *p, struct rng *r, int nbeta)
{
    memset(p, 0, sizeof *p);
    p->nteams = TEAMS;
    p->use_rho = 1;
    p->nbeta = p->nbeta_free = nbeta;
    for (int k = 0; k < nbeta; k++)
        p->beta_free[k] = 1;
    p->c = xmalloc((2 * (size_t)nbeta * PAIRS + 1) * sizeof *p->c);
    p->ref = -1;
    p->npar = full_size(p);
    p->n = PAIRS;
    p->obs = xcalloc(PAIRS, sizeof *p->obs);
    for (size_t i = 0; i < PAIRS; i++) {
        struct obs *o = &p->obs[i];
        o->h = (int)(rng_uniform(r) * TEAMS) % TEAMS;
        o->a = (o->h + 1 + (int)(rng_uniform(r) * (TEAMS - 1)) % (TEAMS - 1)) % TEAMS;
        o->w = 0.1 + 3 * rng_uniform(r);
        o->wx = o->w * 3 * rng_uniform(r);
        o->wy = o->w * 3 * rng_uniform(r);
        for (int c = 0; c < 4; c++)
            o->wlow[c] = rng_uniform(r) < 0.5 ? o->w * rng_uniform(r) / 4 : 0;
        for (int k = 0; k < 2 * nbeta; k++)
            p->c[2 * nbeta * i + k] = 0.4 * (rng_uniform(r) - 0.5);
    }
    p->theta = xcalloc(full_size(p), sizeof *p->theta);
    p->theta[0] = 0.2 + 0.1 * rng_uniform(r);
    p->theta[1] = 0.25 * rng_uniform(r);
    for (int t = 0; t < TEAMS; t++) {
        p->theta[att_ix(p, t)] = 0.3 * (rng_uniform(r) - 0.5);
        p->theta[def_ix(p, t)] = 0.3 * (rng_uniform(r) - 0.5);
    }
    p->theta[rho_ix(p)] = -0.1 + 0.15 * rng_uniform(r);
    for (int k = 0; k < nbeta; k++)
        p->theta[beta_ix(p, k)] = 0.5 + rng_uniform(r);
    set_free_indices(p);
}

static void random_problem(struct problem *p, struct rng *r)
{
    random_problem_beta(p, r, 0);
}

static void free_problem(struct problem *p)
{
    free(p->obs), free(p->theta), free(p->free_ix), free(p->c);
}

/* The lower triangles of two column-major np × np matrices (all that
 * derivatives writes and a solve reads): whether they are the same bits,
 * and the largest |entry| of one. */
static int same_lower(const double *a, const double *b, int np)
{
    for (size_t col = 0; col < (size_t)np; col++)
        if (memcmp(a + col * np + col, b + col * np + col, (np - col) * sizeof *a) != 0)
            return 0;
    return 1;
}

static double lower_max_abs(const double *a, int np)
{
    double m = 0;
    for (size_t col = 0; col < (size_t)np; col++)
        m = fmax(m, vec_max_abs(a + col * np + col, np - (int)col));
    return m;
}

/* The largest |finite difference of the log-likelihood - G| over the
 * parameters, relative to the largest |G|. */
static double gradient_error(const struct problem *p, const double *G)
{
    int np = p->npar;
    double *th = xmalloc(np * sizeof *th), worst = 0, scale = vec_max_abs(G, np);
    for (int k = 0; k < np; k++) {
        const double e = 1e-6;
        memcpy(th, p->theta, np * sizeof *th);
        th[k] += e;
        double up = loglik(p, th);
        th[k] -= 2 * e;
        double down = loglik(p, th);
        worst = fmax(worst, fabs((up - down) / (2 * e) - G[k]) / scale);
    }
    free(th);
    return worst;
}

/* The largest |finite difference of G - (-NH)| over NH's lower triangle,
 * relative to NH's largest entry. */
static double hessian_error(const struct problem *p, const double *NH)
{
    int np = p->npar;
    double *th = xmalloc(np * sizeof *th), *up = xmalloc(np * sizeof *up);
    double *down = xmalloc(np * sizeof *down), *scratch = xmalloc((size_t)np * np * sizeof *scratch);
    double worst = 0, scale = lower_max_abs(NH, np);
    for (int col = 0; col < np; col++) {
        const double e = 1e-6;
        memcpy(th, p->theta, np * sizeof *th);
        th[col] += e;
        derivatives(p, th, up, scratch);
        th[col] -= 2 * e;
        derivatives(p, th, down, scratch);
        for (int row = col; row < np; row++)
            worst = fmax(worst, fabs((up[row] - down[row]) / (2 * e) + NH[(size_t)col * np + row]) /
                                        scale);
    }
    free(th), free(up), free(down), free(scratch);
    return worst;
}

static void test_all_free_is_general(void)
{
    struct rng r;
    rng_seed(&r, 20261130);
    int same = 1, alone = 1, runs = 20;
    double worst = 0, worst_h = 0;
    for (int run = 0; run < runs; run++) {
        struct problem p;
        random_problem(&p, &r);
        int np = p.npar;
        double *G1 = xmalloc(np * sizeof *G1), *G2 = xmalloc(np * sizeof *G2);
        double *H1 = xmalloc((size_t)np * np * sizeof *H1), *H2 = xmalloc((size_t)np * np * sizeof *H2);
        derivatives(&p, p.theta, G1, H1); /* all_free 0: the general product */
        p.all_free = all_free(&p);
        derivatives(&p, p.theta, G2, H2);
        same &= p.all_free && memcmp(G1, G2, np * sizeof *G1) == 0 && same_lower(H1, H2, np);
        derivatives(&p, p.theta, G1, NULL); /* the gradient alone */
        alone &= memcmp(G1, G2, np * sizeof *G1) == 0;
        p.all_free = 0;
        derivatives(&p, p.theta, G1, NULL); /* and by the general product */
        alone &= memcmp(G1, G2, np * sizeof *G1) == 0;
        worst = fmax(worst, gradient_error(&p, G2));
        worst_h = fmax(worst_h, hessian_error(&p, H2));
        free(G1), free(G2), free(H1), free(H2);
        free_problem(&p);
    }
    ok(same, "all parameters free: the written-out derivatives are the general ones, to the bit "
             "(%d random problems)", runs);
    ok(alone, "the gradient alone (no Hessian asked for): the same bits");
    ok(worst < 1e-6, "and the gradient is the log-likelihood's (finite differences: worst "
                     "relative error %.1e)", worst);
    ok(worst_h < 1e-6, "and the Hessian the gradient's (finite differences: worst relative error "
                       "%.1e)", worst_h);
}

/* local_derivs as it was before it skipped the exact zeros of tau's
 * derivatives: every channel, both triangles. */
static void reference_local_derivs(const struct obs *o, double l, double n, double rho,
                                   double g[3], double h[3][3])
{
    memset(h, 0, 9 * sizeof **h);
    g[0] = o->wx - o->w * l;
    g[1] = o->wy - o->w * n;
    g[2] = 0;
    h[0][0] = -o->w * l;
    h[1][1] = -o->w * n;
    for (int c = 0; c < 4; c++) {
        if (o->wlow[c] == 0)
            continue;
        double d[3], d2[3][3], w = o->wlow[c];
        double tau = tau_derivs(c >> 1, c & 1, l, n, rho, d, d2);
        for (int i = 0; i < 3; i++) {
            g[i] += w * d[i] / tau;
            for (int j = 0; j < 3; j++)
                h[i][j] += w * (d2[i][j] / tau - d[i] * d[j] / (tau * tau));
        }
    }
}

static void test_local_derivs(void)
{
    struct rng r;
    rng_seed(&r, 99);
    struct problem p;
    random_problem(&p, &r);
    int same = 1;
    for (size_t i = 0; i < p.n; i++) {
        double l, n, rho = p.theta[rho_ix(&p)], g1[3], h1[3][3], g2[3], h2[3][3];
        rates(&p, p.theta, &p.obs[i], &l, &n);
        local_derivs(&p, &p.obs[i], l, n, rho, g1, h1);
        reference_local_derivs(&p.obs[i], l, n, rho, g2, h2);
        same &= memcmp(g1, g2, sizeof g1) == 0 && memcmp(h1, h2, sizeof h1) == 0;
    }
    ok(same, "each pair's local derivatives over the channels its low scores touch: those "
             "over all channels, to the bit (%d pairs)", PAIRS);
    free_problem(&p);
}

/* A problem whose rho is held (only the levels refitted): not all free,
 * so the general product is used. */
static void test_not_all_free(void)
{
    struct rng r;
    rng_seed(&r, 7);
    struct problem p;
    random_problem(&p, &r);
    p.free_ix[rho_ix(&p)] = -1;
    ok(!all_free(&p), "rho held: not all free");
    p.ref = 0; /* as build_problem sets a fit without a ridge */
    p.npar = 2 + 2 * (TEAMS - 1) + 1;
    free(p.free_ix);
    set_free_indices(&p);
    ok(!all_free(&p), "a reference team held (no ridge): not all free");
    free_problem(&p);
}

/* The gradient alone (derivatives with NH NULL, as Newton's iterations take
 * it near the maximum) where not every parameter is free, so that the
 * general product (accumulate) gives it: a reference team held (a fit
 * without a ridge), rho not fitted (--no-rho), both. The same bits as the
 * gradient computed with the Hessian. */
static void test_gradient_alone_not_all_free(void)
{
    struct rng r;
    rng_seed(&r, 11);
    int same = 1, general = 1, cases = 0;
    for (int run = 0; run < 5; run++)
        for (int held = 1; held < 4; held++) {
            struct problem p;
            random_problem(&p, &r);
            free(p.free_ix);
            p.ref = held & 1 ? 0 : -1;
            p.use_rho = !(held & 2);
            p.npar = 2 + 2 * (p.ref < 0 ? TEAMS : TEAMS - 1) + p.use_rho;
            set_free_indices(&p);
            p.all_free = all_free(&p);
            general &= !p.all_free;
            int np = p.npar;
            double *G1 = xmalloc(np * sizeof *G1), *G2 = xmalloc(np * sizeof *G2);
            double *H = xmalloc((size_t)np * np * sizeof *H);
            derivatives(&p, p.theta, G1, H);
            derivatives(&p, p.theta, G2, NULL);
            same &= memcmp(G1, G2, np * sizeof *G1) == 0;
            cases++;
            free(G1), free(G2), free(H);
            free_problem(&p);
        }
    ok(general, "a reference team or rho held: the general product");
    ok(same, "and there the gradient alone is the gradient with the Hessian, to the bit (%d "
             "problems)", cases);
}

/* With the betas of one to three shots ratings' terms (free after rho: in
 * a ridge fit the free indices are still the full ones): all free, and
 * the product of accumulate_all_free and accumulate_betas is the general
 * one's to the bit; its gradient and Hessian against finite differences.
 * The betas held at 0 (a rating without rows; still all free): the
 * derivatives of the other parameters are the fit's without a shots
 * rating. */
static void test_beta(void)
{
    struct rng r;
    rng_seed(&r, 20261201);
    int fast = 1, identity = 1, held_same = 1, runs = 10;
    double worst = 0, worst_h = 0;
    for (int run = 0; run < runs; run++) {
        struct problem p, q;
        int nbeta = 1 + run % 3;
        random_problem_beta(&p, &r, nbeta);
        int np = p.npar;
        double *G0 = xmalloc(np * sizeof *G0), *H0 = xmalloc((size_t)np * np * sizeof *H0);
        p.all_free = 0;
        derivatives(&p, p.theta, G0, H0); /* the general product */
        p.all_free = all_free(&p);
        for (int k = 0; k < nbeta; k++)
            identity &= p.free_ix[beta_ix(&p, k)] == beta_ix(&p, k);
        identity &= p.free_ix[rho_ix(&p)] == rho_ix(&p);
        double *G = xmalloc(np * sizeof *G), *H = xmalloc((size_t)np * np * sizeof *H);
        derivatives(&p, p.theta, G, H);
        fast &= p.all_free && memcmp(G, G0, np * sizeof *G) == 0 && same_lower(H, H0, np);
        free(G0), free(H0);
        worst = fmax(worst, gradient_error(&p, G));
        worst_h = fmax(worst_h, hessian_error(&p, H));
        /* beta held at 0 against the same pairs without beta */
        q = p;
        q.nbeta = q.nbeta_free = 0;
        q.npar = full_size(&q);
        set_free_indices(&q);
        for (int k = 0; k < nbeta; k++)
            p.beta_free[k] = 0, p.theta[beta_ix(&p, k)] = 0;
        p.nbeta_free = 0, p.npar = np - nbeta;
        free(p.free_ix);
        set_free_indices(&p);
        p.all_free = all_free(&p);
        q.all_free = all_free(&q);
        double *Gq = xmalloc(np * sizeof *Gq), *Hq = xmalloc((size_t)np * np * sizeof *Hq);
        derivatives(&p, p.theta, G, H);
        derivatives(&q, q.theta, Gq, Hq);
        held_same &= p.all_free && p.free_ix[beta_ix(&p, 0)] < 0 && p.npar == q.npar &&
                     memcmp(G, Gq, q.npar * sizeof *G) == 0 && same_lower(H, Hq, q.npar);
        free(q.free_ix);
        free(G), free(H), free(Gq), free(Hq);
        free_problem(&p);
    }
    ok(fast, "with shots ratings' betas, all free: the general product's derivatives, to the bit");
    ok(identity, "and in a ridge fit the betas' free indices are their full ones, after rho's");
    ok(worst < 1e-6, "its gradient is the log-likelihood's (finite differences: worst relative "
                     "error %.1e, %d random problems)", worst, runs);
    ok(worst_h < 1e-6, "and its Hessian the gradient's (worst relative error %.1e)", worst_h);
    ok(held_same, "the betas held at 0 (a rating without rows): still all free, and the "
                  "derivatives of the fit without them, to the bit");
}

int main(void)
{
    set_progname("test_dc_derivatives");
    test_all_free_is_general();
    test_local_derivs();
    test_not_all_free();
    test_gradient_alone_not_all_free();
    test_beta();
    return done_testing();
}
