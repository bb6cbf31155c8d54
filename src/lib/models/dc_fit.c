/* dc_fit.c: weighted maximum likelihood of the Dixon–Coles model by Newton's
 * method on all parameters at once (exact gradient and Hessian,
 * Cholesky solves, step halving that keeps rho feasible). */
#include "dc.h"
#include "date.h"
#include "names.h"
#include "linalg.h"
#include "promoted.h"
#include "shotrating.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A match whose weight is below this fraction of the newest match's, or a
 * team whose total weight is below TEAM_MIN_WEIGHT (a millionth of one
 * current match), adds nothing measurable to the fit but would make the
 * Hessian nearly singular: both are left out. */
#define MATCH_MIN_WEIGHT 1e-12
#define TEAM_MIN_WEIGHT 1e-6
#define MAX_ITER 100
#define MOMENT_PRIOR_MATCHES 3 /* moment_start's shrinkage, in matches */
/* max |gradient| at convergence: 1e-9 took the Premier League's
 * walk-forward 3% more instructions, for the 8 leagues' forecasts within
 * 2.1e-9 of these */
#define GRAD_TOL 1e-7
#define LIKELY_CONVERGED 1e-3 /* max |gradient| a step from which likely converges */
#define LL_ROUNDING 1e-13 /* relative rounding of a summed log-likelihood */
#define RHO_MARGIN 1e-9   /* every tau stays at least this far above 0 */
#define RHO_EDGE 1e-6     /* where a maximum on rho's edge is held */
#define EDGE_BAND 1e-3    /* constraints this near the edge are held together */
#define MAX_EDGES 8       /* at most this many of them */
#define FALLBACK_TEAMS 3  /* weakest teams of the last season, see dc.h */
#define PAIR_PARAMS 7     /* a pair's rates: mu, home, two attacks, two defences, rho */
/* and the weights beta of the shots ratings' terms (dc_options.shots_decay) */
#define PAIR_PARAMS_MAX (PAIR_PARAMS + DC_RATING_TERMS)

/* The matches of one home team against one away team, summed: every
 * derivative is linear in the weights, so a pair is evaluated once however
 * many seasons it was played in. */
struct obs {
    int h, a;
    double w, wx, wy; /* sums of weight, weight × home, × away response (blend.h) */
    double lconst;    /* sum of weight × (log x! + log y!) */
    double wlow[4];   /* weight of the scores 0-0, 0-1, 1-0, 1-1 */
};

struct problem {
    struct obs *obs;
    size_t n;
    size_t league_rows; /* the league's rows in the likelihood (sum_pairs) */
    int nteams, ref; /* ref: team whose attack and defence are fixed at 0 */
    int use_rho;
    int npar;        /* free parameters */
    double *theta;   /* mu, home, attack[T], defence[T], rho[, beta] (full layout) */
    /* nbeta: the rates take beta[k] × the shots ratings' terms k < nbeta
     * (dc_rating_terms), the betas after rho in the full layout; c holds
     * each pair's terms, 2 × nbeta a pair (the home side's, then the away
     * side's). beta_free[k]: beta[k] is fitted (the free ones after rho,
     * nbeta_free of them), not held. */
    int nbeta, nbeta_free;
    char beta_free[DC_RATING_TERMS];
    double *c;
    int *free_ix;    /* free_index() of each full index, computed once */
    const struct dc_prior *prior; /* the ridge, or NULL */
    int all_free;             /* all_free(), in Newton's iterations */
    /* Each pair's lambda and nu at the parameters loglik last evaluated
     * (when not NULL); rates_fresh: those are theta's, which derivatives
     * then takes instead of two exps a pair. */
    double *rate;
    int rates_fresh;
};

/* Full layout: 0 mu, 1 home, 2.. attack, 2+T.. defence, 2+2T rho, with
 * shots ratings 3+2T.. beta. The reference team's attack and defence are
 * not free: free_index gives -1. In a ridge fit with every beta free the
 * free indices are the full ones. */
static int full_size(const struct problem *p) { return 3 + 2 * p->nteams + p->nbeta; }
static int att_ix(const struct problem *p, int t) { (void)p; return 2 + t; }
static int def_ix(const struct problem *p, int t) { return 2 + p->nteams + t; }
static int rho_ix(const struct problem *p) { return 2 + 2 * p->nteams; }
static int beta_ix(const struct problem *p, int k) { return 3 + 2 * p->nteams + k; }

/* The free index of beta[k], after rho's, or -1 when it is held. */
static int beta_free_index(const struct problem *p, int k)
{
    int rank = 0;
    for (int j = 0; j < k; j++)
        rank += p->beta_free[j];
    return p->beta_free[k] ? p->npar - p->nbeta_free + rank : -1;
}

static int free_index(const struct problem *p, int full)
{
    int t = full - 2;
    if (full < 2)
        return full;
    if (full == rho_ix(p))
        return p->use_rho ? p->npar - 1 - p->nbeta_free : -1;
    if (full > rho_ix(p))
        return beta_free_index(p, full - beta_ix(p, 0));
    if (p->ref < 0) /* a ridge fit: the prior pins every team */
        return full;
    if (t >= p->nteams)
        t -= p->nteams;
    int shift = full >= def_ix(p, p->ref) ? 2 : full >= att_ix(p, p->ref) ? 1 : 0;
    if (t == p->ref)
        return -1;
    return full - shift;
}

/* Whether rho is fitted here (not when only the levels are, refit_levels). */
static int rho_free(const struct problem *p)
{
    return p->use_rho && p->free_ix[rho_ix(p)] >= 0;
}

static void set_free_indices(struct problem *p)
{
    p->free_ix = xmalloc(full_size(p) * sizeof *p->free_ix);
    for (int f = 0; f < full_size(p); f++)
        p->free_ix[f] = free_index(p, f);
}

/* The log rates of a pair: its linear predictors. */
static void log_rates(const struct problem *p, const double *th, const struct obs *o,
                      double *log_lambda, double *log_nu)
{
    *log_lambda = th[0] + th[1] + th[att_ix(p, o->h)] - th[def_ix(p, o->a)];
    *log_nu = th[0] + th[att_ix(p, o->a)] - th[def_ix(p, o->h)];
    if (p->nbeta) {
        const double *c = p->c + (size_t)(o - p->obs) * 2 * p->nbeta;
        for (int k = 0; k < p->nbeta; k++) {
            *log_lambda += th[beta_ix(p, k)] * c[k];
            *log_nu += th[beta_ix(p, k)] * c[p->nbeta + k];
        }
    }
}

static void rates(const struct problem *p, const double *th, const struct obs *o,
                  double *lambda, double *nu)
{
    double ll, ln;
    log_rates(p, th, o, &ll, &ln);
    *lambda = exp(ll);
    *nu = exp(ln);
}

/* Derivatives of tau with respect to (log lambda, log nu, rho). */
static double tau_derivs(int x, int y, double l, double n, double r,
                         double d[3], double d2[3][3])
{
    memset(d, 0, 3 * sizeof *d);
    memset(d2, 0, 9 * sizeof **d2);
    if (x == 0 && y == 0) {
        double a = l * n * r;
        d[0] = d[1] = -a;
        d[2] = -l * n;
        d2[0][0] = d2[0][1] = d2[1][0] = d2[1][1] = -a;
        d2[0][2] = d2[2][0] = d2[1][2] = d2[2][1] = -l * n;
    } else if (x == 0 && y == 1) {
        d[0] = d2[0][0] = l * r;
        d[2] = d2[0][2] = d2[2][0] = l;
    } else if (x == 1 && y == 0) {
        d[1] = d2[1][1] = n * r;
        d[2] = d2[1][2] = d2[2][1] = n;
    } else if (x == 1 && y == 1) {
        d[2] = -1;
    }
    return dc_tau(x, y, l, n, r);
}

static int rho_feasible(double l, double n, double r)
{
    return 1 - l * n * r > RHO_MARGIN && 1 + l * r > RHO_MARGIN &&
           1 + n * r > RHO_MARGIN && 1 - r > RHO_MARGIN;
}

/* Weighted log-likelihood (with its constant terms, as a GLM reports it);
 * -INFINITY when rho leaves the feasible range for any match. */
static double loglik(const struct problem *p, const double *th)
{
    double ll = 0, rho = p->use_rho ? th[rho_ix(p)] : 0;
    /* The 1-1 score's tau, 1 - rho, is every pair's: its log is taken
     * once (the same bits). (Where 1 - rho is not positive, rho_feasible
     * ends the sum before it is used.) */
    double log_tau11 = p->use_rho && 1 - rho > RHO_MARGIN ? log(dc_tau(1, 1, 0, 0, rho)) : 0;
    for (size_t i = 0; i < p->n; i++) {
        const struct obs *o = &p->obs[i];
        double log_l, log_n;
        log_rates(p, th, o, &log_l, &log_n);
        double l = exp(log_l), n = exp(log_n);
        if (p->rate)
            p->rate[2 * i] = l, p->rate[2 * i + 1] = n;
        if (p->use_rho && !rho_feasible(l, n, rho))
            return -INFINITY;
        ll += o->wx * log_l - o->w * l + o->wy * log_n - o->w * n - o->lconst;
        if (!p->use_rho)
            continue;
#pragma GCC unroll 4
        for (int c = 0; c < 4; c++)
            if (o->wlow[c] > 0)
                ll += o->wlow[c] * (c == 3 ? log_tau11 : log(dc_tau(c >> 1, c & 1, l, n, rho)));
    }
    if (p->prior)
        ll -= prior_penalty(p->prior, th + att_ix(p, 0), th + def_ix(p, 0));
    return ll;
}

/* Local gradient g and Hessian h of one pair's log-likelihood with respect
 * to the channels (log lambda, log nu, rho); h NULL: the gradient alone. */
static void local_derivs(const struct problem *p, const struct obs *o,
                         double l, double n, double rho, double g[3], double (*h)[3])
{
    g[0] = o->wx - o->w * l;
    g[1] = o->wy - o->w * n;
    g[2] = 0;
    if (h) {
        memset(h, 0, 9 * sizeof **h);
        h[0][0] = -o->w * l;
        h[1][1] = -o->w * n;
    }
    /* The channels each low score's tau depends on (tau_derivs' nonzero
     * terms): the others add exact zeros, and h is symmetric. */
    static const int support[4][4] = { { 3, 0, 1, 2 }, { 2, 0, 2 }, { 2, 1, 2 }, { 1, 2 } };
    /* Unrolled: each score's channels become constants. */
    if (!p->use_rho)
        return;
#pragma GCC unroll 4
    for (int c = 0; c < 4; c++) {
        if (o->wlow[c] == 0)
            continue;
        double d[3], d2[3][3], w = o->wlow[c];
        double tau = tau_derivs(c >> 1, c & 1, l, n, rho, d, d2);
        const int k = support[c][0], *ch = support[c] + 1;
#pragma GCC unroll 3
        for (int a = 0; a < k; a++) {
            int i = ch[a];
            g[i] += w * d[i] / tau;
#pragma GCC unroll 3
            for (int b = a; h && b < k; b++) {
                int j = ch[b];
                h[i][j] += w * (d2[i][j] / tau - d[i] * d[j] / (tau * tau));
                h[j][i] = h[i][j];
            }
        }
    }
}

/* The distinct free parameters a pair's rates depend on, each with its
 * coefficients on the channels (log lambda, log nu, rho): mu enters both
 * rates, so it is one parameter here, not two; the betas, where fitted, last.
 * Returns how many. */
static int pair_jacobian(const struct problem *p, const struct obs *o, int ix[PAIR_PARAMS_MAX],
                         double jac[PAIR_PARAMS_MAX][3])
{
    static const double coef[7][3] = {
        { 1, 1, 0 }, { 1, 0, 0 }, { 1, 0, 0 }, { -1, 0, 0 }, { 0, 1, 0 }, { 0, -1, 0 }, { 0, 0, 1 },
    };
    const int team_param[6] = { 0, 1, att_ix(p, o->h), def_ix(p, o->a), att_ix(p, o->a),
                                def_ix(p, o->h) };
    int m = 0;
    for (int k = 0; k < 7; k++) {
        int f = k < 6 ? p->free_ix[team_param[k]] : rho_free(p) ? p->free_ix[rho_ix(p)] : -1;
        if (f >= 0) {
            ix[m] = f;
            memcpy(jac[m++], coef[k], sizeof coef[k]);
        }
    }
    const double *c = p->nbeta ? p->c + (size_t)(o - p->obs) * 2 * p->nbeta : NULL;
    for (int k = 0; k < p->nbeta; k++)
        if (p->free_ix[beta_ix(p, k)] >= 0) {
            ix[m] = p->free_ix[beta_ix(p, k)];
            jac[m][0] = c[k], jac[m][1] = c[p->nbeta + k], jac[m++][2] = 0;
        }
    return m;
}

/* Adds one pair's derivatives to the free-parameter gradient G and the
 * lower triangle of the negated Hessian NH (column-major npar × npar):
 * J' g and J' h J over its distinct parameters, each entry once. */
static void accumulate(const struct problem *p, const struct obs *o, double g[3],
                       double h[3][3], double *G, double *NH)
{
    int ix[PAIR_PARAMS_MAX];
    double jac[PAIR_PARAMS_MAX][3];
    int m = pair_jacobian(p, o, ix, jac);
    for (int a = 0; a < m; a++) {
        G[ix[a]] += g[0] * jac[a][0] + g[1] * jac[a][1] + g[2] * jac[a][2];
        if (!NH)
            continue; /* (the gradient alone: h is not there) */
        double hj[3];
        for (int c = 0; c < 3; c++)
            hj[c] = h[c][0] * jac[a][0] + h[c][1] * jac[a][1] + h[c][2] * jac[a][2];
        for (int b = 0; b <= a; b++) {
            int row = ix[a] > ix[b] ? ix[a] : ix[b], col = ix[a] > ix[b] ? ix[b] : ix[a];
            NH[(size_t)col * p->npar + row] -=
                jac[b][0] * hj[0] + jac[b][1] * hj[1] + jac[b][2] * hj[2];
        }
    }
}

/* Whether every pair's seven parameters are free (a ridge fit with rho),
 * and the betas all free or all held (a rating without rows: a league
 * without the statistics): the free indices of the seven, and of free
 * betas, are then their places in the full layout. */
static int all_free(const struct problem *p)
{
    for (int f = 0; f <= rho_ix(p); f++)
        if (p->free_ix[f] < 0)
            return 0;
    return p->use_rho && (p->nbeta_free == 0 || p->nbeta_free == p->nbeta);
}

#define PAIR_TERMS (PAIR_PARAMS * (PAIR_PARAMS + 1) / 2)

/* accumulate when all_free: J's entries are 0 and ±1 (pair_jacobian's
 * coef), so J' g and J' h J are written out as the signed sums
 * accumulate's products come to, term for term (a product with 0 adds an
 * exact zero), each into its entry of NH's lower triangle, found from the
 * pair's teams (an attack's index is below every defence's). */
static void accumulate_all_free(const struct problem *p, const struct obs *o, const double g[3],
                                double h[3][3], double *G, double *NH)
{
    const double gj[PAIR_PARAMS] = { g[0] + g[1], g[0], g[0], -g[0], g[1], -g[1], g[2] };
    /* mu, home, attack_h, defence_a, attack_a, defence_h, rho */
    const size_t n = (size_t)p->npar, ah = att_ix(p, o->h), da = def_ix(p, o->a);
    const size_t aa = att_ix(p, o->a), dh = def_ix(p, o->h), r = rho_ix(p);
    const size_t ix[PAIR_PARAMS] = { 0, 1, ah, da, aa, dh, r };
#pragma GCC unroll 7
    for (int a = 0; a < PAIR_PARAMS; a++)
        G[ix[a]] += gj[a];
    if (!NH)
        return;
    const double A = h[0][0], B = h[0][1], C = h[1][1], D = h[0][2], E = h[1][2], F = h[2][2];
    const double AB = A + B, BC = B + C, DE = D + E;
    /* The lower triangle of J' h J by rows: (a, b) for b <= a. */
    const double v[PAIR_TERMS] = {
        AB + BC,
        AB, A,
        AB, A, A,
        -AB, -A, -A, A,
        BC, B, B, -B, C,
        -BC, -B, -B, B, -C, C,
        DE, D, D, -D, E, -E, F,
    };
    const size_t lo_att = ah < aa ? ah : aa, hi_att = ah < aa ? aa : ah;
    const size_t lo_def = da < dh ? da : dh, hi_def = da < dh ? dh : da;
#define AT(col, row) ((col) * n + (row))
    const size_t at[PAIR_TERMS] = {
        AT(0, 0),
        AT(0, 1), AT(1, 1),
        AT(0, ah), AT(1, ah), AT(ah, ah),
        AT(0, da), AT(1, da), AT(ah, da), AT(da, da),
        AT(0, aa), AT(1, aa), AT(lo_att, hi_att), AT(aa, da), AT(aa, aa),
        AT(0, dh), AT(1, dh), AT(ah, dh), AT(lo_def, hi_def), AT(aa, dh), AT(dh, dh),
        AT(0, r), AT(1, r), AT(ah, r), AT(da, r), AT(aa, r), AT(dh, r), AT(r, r),
    };
#undef AT
    /* Unrolled: the loops' own counting was a tenth of a fit's steps. */
#pragma GCC unroll 28
    for (int k = 0; k < PAIR_TERMS; k++)
        NH[at[k]] -= v[k];
}

/* accumulate_all_free's part of the betas (after rho in the layout): a
 * beta's Jacobian row is the pair's terms (c on log lambda, c' on log nu),
 * and its Hessian entries with the seven parameters follow from theirs.
 * Those go to rows[k * npar + q] for beta k's entry with parameter q
 * (rows NULL: the gradient alone), not to NH, where a beta's row is strided
 * across every column: beta_rows_into copies them there once a pass. */
static void accumulate_betas(const struct problem *p, const struct obs *o, const double g[3],
                             double h[3][3], double *G, double *rows)
{
    const size_t n = (size_t)p->npar, nb = (size_t)p->nbeta;
    const double *c = p->c + (size_t)(o - p->obs) * 2 * nb;
    const size_t ix[PAIR_PARAMS] = { 0, 1, att_ix(p, o->h), def_ix(p, o->a),
                                     att_ix(p, o->a), def_ix(p, o->h), rho_ix(p) };
    for (size_t k = 0; k < nb; k++) {
        size_t b = beta_ix(p, (int)k);
        double cl = c[k], cn = c[nb + k];
        G[b] += g[0] * cl + g[1] * cn;
        if (!rows)
            continue;
        double hb[3], *row = rows + k * n;
        for (int r = 0; r < 3; r++)
            hb[r] = h[r][0] * cl + h[r][1] * cn;
        /* J_a' h J_beta for mu, home, attack_h, defence_a, attack_a,
         * defence_h, rho (their rows of J as accumulate_all_free's) */
        const double v[PAIR_PARAMS] = { hb[0] + hb[1], hb[0], hb[0], -hb[0], hb[1], -hb[1],
                                        hb[2] };
        for (int a = 0; a < PAIR_PARAMS; a++)
            row[ix[a]] -= v[a];
        for (size_t j = 0; j <= k; j++)
            row[beta_ix(p, (int)j)] -= c[j] * hb[0] + c[nb + j] * hb[1];
    }
}

/* The betas' rows of NH's lower triangle from accumulate_betas' rows:
 * nothing else writes them, so they are those sums, to the bit. */
static void beta_rows_into(const struct problem *p, const double *rows, double *NH)
{
    const size_t n = (size_t)p->npar;
    for (int k = 0; k < p->nbeta; k++) {
        size_t b = (size_t)beta_ix(p, k);
        for (size_t q = 0; q <= b; q++)
            NH[q * n + b] = rows[(size_t)k * n + q];
    }
}

/* The gradient G and the negated Hessian NH of the log-likelihood over the
 * free parameters; NH NULL: the gradient alone, the same bits. */
static void derivatives(const struct problem *p, const double *th, double *G, double *NH)
{
    double rho = p->use_rho ? th[rho_ix(p)] : 0;
    const double *rate = p->rate && p->rates_fresh && th == p->theta ? p->rate : NULL;
    memset(G, 0, p->npar * sizeof *G);
    for (size_t col = 0, np = (size_t)p->npar; NH && col < np; col++) /* the lower triangle, */
        memset(NH + col * np + col, 0, (np - col) * sizeof *NH);        /* all that is read */
    int betas = p->all_free && p->nbeta_free;
    double *beta_rows = NH && betas ? xcalloc((size_t)p->nbeta * p->npar, sizeof *beta_rows)
                                    : NULL;
    for (size_t i = 0; i < p->n; i++) {
        double l, n, g[3], h[3][3];
        if (rate)
            l = rate[2 * i], n = rate[2 * i + 1];
        else
            rates(p, th, &p->obs[i], &l, &n);
        local_derivs(p, &p->obs[i], l, n, rho, g, NH ? h : NULL);
        if (p->all_free) {
            accumulate_all_free(p, &p->obs[i], g, h, G, NH);
            if (betas) /* (all of them: all_free) */
                accumulate_betas(p, &p->obs[i], g, h, G, beta_rows);
        } else
            accumulate(p, &p->obs[i], g, h, G, NH);
    }
    if (beta_rows)
        beta_rows_into(p, beta_rows, NH);
    free(beta_rows);
    if (p->prior)
        prior_derivatives(p->prior, th + att_ix(p, 0), th + def_ix(p, 0),
                          p->free_ix + att_ix(p, 0), p->free_ix + def_ix(p, 0), p->npar, G, NH);
}


static void apply_step(const struct problem *p, const double *th, const double *step,
                       double t, double *out)
{
    memcpy(out, th, full_size(p) * sizeof *out);
    for (int f = 0; f < full_size(p); f++) {
        int i = p->free_ix[f];
        if (i >= 0)
            out[f] += t * step[i];
    }
}

/* Where the likelihood rises beyond the range of rho in which every score
 * probability is positive (small leagues, extreme rates), the maximum lies
 * on its edge: one constraint c(theta) >= RHO_EDGE is active, c being one of
 * 1 + lambda rho, 1 + nu rho, 1 - lambda nu rho, 1 - rho of one pair. */
struct edge {
    size_t pair;
    int kind;  /* 0..3 in the order above */
    double c;  /* its value */
};

static double edge_value(int kind, double l, double n, double r)
{
    switch (kind) {
    case 0: return 1 + l * r;
    case 1: return 1 + n * r;
    case 2: return 1 - l * n * r;
    default: return 1 - r;
    }
}

static struct edge nearest_edge(const struct problem *p, const double *th)
{
    struct edge e = { 0, 3, 1 - th[rho_ix(p)] };
    double rho = th[rho_ix(p)];
    for (size_t i = 0; i < p->n; i++) {
        double l, n;
        rates(p, th, &p->obs[i], &l, &n);
        for (int k = 0; k < 3; k++) {
            double c = edge_value(k, l, n, rho);
            if (c < e.c)
                e = (struct edge){ i, k, c };
        }
    }
    return e;
}

/* Gradient of the edge's constraint over the free parameters. */
static void edge_gradient(const struct problem *p, const double *th, struct edge e, double *dc)
{
    int ix[PAIR_PARAMS_MAX];
    double jac[PAIR_PARAMS_MAX][3], l, n, rho = th[rho_ix(p)];
    const struct obs *o = &p->obs[e.pair];
    rates(p, th, o, &l, &n);
    double d[3][3] = { { l * rho, 0, l }, { 0, n * rho, n },
                       { -l * n * rho, -l * n * rho, -l * n } };
    memset(dc, 0, p->npar * sizeof *dc);
    if (e.kind == 3) {
        dc[p->free_ix[rho_ix(p)]] = -1;
        return;
    }
    int m = pair_jacobian(p, o, ix, jac);
    for (int a = 0; a < m; a++)
        dc[ix[a]] += jac[a][0] * d[e.kind][0] + jac[a][1] * d[e.kind][1] + jac[a][2] * d[e.kind][2];
}

/* Every constraint within EDGE_BAND of the edge, the nearest first: at a
 * maximum on the edge more than one can bind (two pairs whose rates meet
 * there), and holding only the nearest makes the search cycle between them. */
static int near_edges(const struct problem *p, const double *th, struct edge *out)
{
    double rho = th[rho_ix(p)];
    int k = 0;
    out[k++] = nearest_edge(p, th);
    for (size_t i = 0; i < p->n; i++) {
        double l, n;
        rates(p, th, &p->obs[i], &l, &n);
        for (int kind = 0; kind < 4 && k < MAX_EDGES; kind++) {
            double c = kind == 3 ? 1 - rho : edge_value(kind, l, n, rho);
            if (c < EDGE_BAND && (kind != 3 || i == 0) &&
                !(kind == out[0].kind && (kind == 3 || i == out[0].pair)))
                out[k++] = (struct edge){ i, kind, c };
        }
    }
    return k;
}

/* Newton step on the edge: maximises the quadratic model subject to the
 * linearised constraints e[0..*ne) reaching RHO_EDGE. A constraint whose
 * multiplier comes out negative does not bind and is let go (*ne shrinks).
 * G becomes the gradient of the Lagrangian; *mult the least multiplier
 * (>= 0 when the edge truly binds). */
static int edge_step(const struct problem *p, struct edge *e, int *ne, double *G,
                     const double *NH, double *step, double *mult)
{
    int np = p->npar, k = *ne, rc = solve_spd_ridge(np, NH, G, step);
    double *dc = xmalloc((size_t)MAX_EDGES * np * sizeof *dc);
    double *v = xmalloc((size_t)MAX_EDGES * np * sizeof *v);
    double M[MAX_EDGES * MAX_EDGES], mu[MAX_EDGES];
    for (int j = 0; rc == 0 && j < k; j++) {
        edge_gradient(p, p->theta, e[j], dc + (size_t)j * np);
        rc = solve_spd_ridge(np, NH, dc + (size_t)j * np, v + (size_t)j * np);
    }
    while (rc == 0) {
        /* sum_i mu_i dc_j . v_i = RHO_EDGE - c_j - dc_j . step, for each j */
        for (int j = 0; j < k; j++) {
            const double *dj = dc + (size_t)j * np;
            for (int i = 0; i < k; i++)
                M[(size_t)i * k + j] = vec_dot(dj, v + (size_t)i * np, np);
            mu[j] = RHO_EDGE - e[j].c - vec_dot(dj, step, np);
        }
        int singular = solve_small(k, M, mu) != 0;
        int drop = singular ? k - 1 : -1;
        for (int j = 0; !singular && j < k; j++)
            if (mu[j] < 0 && (drop < 0 || mu[j] < mu[drop]))
                drop = j;
        if (drop < 0 || k == 1) {
            rc = singular;
            break;
        }
        k--; /* let the constraint go: move the last into its place */
        e[drop] = e[k];
        memcpy(dc + (size_t)drop * np, dc + (size_t)k * np, np * sizeof *dc);
        memcpy(v + (size_t)drop * np, v + (size_t)k * np, np * sizeof *v);
    }
    if (rc == 0) {
        *mult = mu[0];
        for (int j = 0; j < k; j++) {
            *mult = fmin(*mult, mu[j]);
            for (int i = 0; i < np; i++) {
                step[i] += mu[j] * v[(size_t)j * np + i];
                G[i] += mu[j] * dc[(size_t)j * np + i];
            }
        }
    }
    *ne = k;
    free(dc);
    free(v);
    return rc;
}

/* Whether every held constraint sits on the edge. */
static int edges_held(const struct edge *e, int ne)
{
    for (int j = 0; j < ne; j++)
        if (!(fabs(e[j].c - RHO_EDGE) < RHO_EDGE))
            return 0;
    return 1;
}

/* Halves the step until the log-likelihood does not fall (on the edge,
 * until it is finite: there the constraint, not the likelihood, rules);
 * returns the step length taken, 0 when none would do. */
static double line_search(const struct problem *p, const double *G, const double *step,
                          int on_edge, double *ll, double *trial)
{
    /* Near the optimum the gain a step promises is below the rounding of
     * the log-likelihood, which can no longer judge it: take it. */
    int trust = on_edge || vec_dot(G, step, p->npar) / 2 < LL_ROUNDING * (1 + fabs(*ll));
    double t = 1;
    for (int half = 0; half < 60; half++, t /= 2) {
        apply_step(p, p->theta, step, t, trial);
        double trial_ll = loglik(p, trial);
        if (trial_ll >= *ll || (trust && trial_ll > -INFINITY)) {
            *ll = trial_ll;
            return t;
        }
    }
    return 0;
}

/* Newton iterations with step halving; returns 0 when the gradient (of the
 * Lagrangian, on an edge) is below GRAD_TOL. A step that rho's range cuts
 * short moves the search onto the nearest edge; a negative multiplier
 * there moves it back inside. */
static int newton(struct problem *p, struct dc_model *m)
{
    int np = p->npar, nf = full_size(p);
    double *G = xmalloc(np * sizeof *G), *NH = xmalloc((size_t)np * np * sizeof *NH);
    double *step = xmalloc(np * sizeof *step), *trial = xmalloc(nf * sizeof *trial);
    p->all_free = all_free(p);
    p->rate = xmalloc((2 * p->n + 1) * sizeof *p->rate);
    double ll = loglik(p, p->theta), mult = 0, last_gmax = INFINITY;
    int rc = -1, it, on_edge = 0;
    p->rates_fresh = ll > -INFINITY;
    for (it = 0; it < MAX_ITER; it++) {
        /* After a step from where Newton's quadratic convergence should
         * reach GRAD_TOL, the gradient alone first: at the maximum the
         * Hessian is not needed (the same gradient, to the bit). */
        int gradient_first = !on_edge && last_gmax < LIKELY_CONVERGED;
        derivatives(p, p->theta, G, gradient_first ? NULL : NH);
        last_gmax = vec_max_abs(G, np);
        if (!on_edge && last_gmax < GRAD_TOL) {
            rc = 0; /* converged: the step a solve would give is not taken */
            break;
        }
        if (gradient_first)
            derivatives(p, p->theta, G, NH);
        struct edge e[MAX_EDGES];
        int ne = on_edge ? near_edges(p, p->theta, e) : 0;
        if (on_edge ? edge_step(p, e, &ne, G, NH, step, &mult) : solve_spd_ridge(np, NH, G, step))
            break;
        if (vec_max_abs(G, np) < GRAD_TOL && (!on_edge || edges_held(e, ne))) {
            if (!on_edge || mult >= 0) {
                rc = 0;
                break;
            }
            on_edge = 0; /* the maximum lies inside after all */
            continue;
        }
        p->rates_fresh = 0; /* the line search's trials overwrite them */
        double t = line_search(p, G, step, on_edge, &ll, trial);
        if (t == 0)
            break; /* no ascent left: judged by the gradient below */
        memcpy(p->theta, trial, nf * sizeof *trial);
        /* The step taken was the last one tried, and loglik stored every
         * pair's rates unless it stopped early (at -INFINITY). */
        p->rates_fresh = ll > -INFINITY;
        if (rho_free(p) && !on_edge && t < 1e-3 && nearest_edge(p, p->theta).c < 1e-2)
            on_edge = 1;
    }
    if (rc != 0) {
        derivatives(p, p->theta, G, NH);
        /* At the floor of double rounding a gradient a little above
         * GRAD_TOL is the best there is: accept up to 1e3 times it. */
        rc = !on_edge && vec_max_abs(G, np) < GRAD_TOL * 1e3 ? 0 : -1;
    }
    m->grad_norm = vec_max_abs(G, np);
    m->loglik = ll;
    m->iterations = it;
    m->rho_at_bound = on_edge;
    free(G), free(NH), free(step), free(trial);
    free(p->rate);
    p->rate = NULL;
    return rc;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* decay^(age/365.25), as exp(age · log(decay)/365.25): log_decay_day is
 * computed once a fit. */
static double match_weight(double log_decay_day, int last, int date)
{
    return log_decay_day == 0 ? 1 : exp((last - date) * log_decay_day);
}

/* log x! for the goal counts of a match (0..99, fixtures.c), from a table. */
static double log_factorial(int x)
{
    static double table[100];
    static int ready;
    if (!ready) {
        for (int k = 0; k < 100; k++)
            table[k] = lgamma(k + 1.0);
        ready = 1;
    }
    return table[x];
}

/* The matches that may enter the fit, with their teams as indices into the
 * sorted distinct names, so that names are compared once per fit. */
struct selection {
    const struct fixture *f;
    const struct dc_row *rows; /* f's (dc_options.rows), or NULL: read from f */
    size_t *row;     /* index into f */
    double *w;       /* its weight */
    /* Its date and goals, copied: the fit's passes over the rows then
     * read a few arrays, not each row's whole fixture. */
    int *date, *hg, *ag;
    /* Its sides: their interned keys (fixtures.h, 0 when not interned) as
     * gathered, then indices into names. */
    int *home, *away;
    int *season_key; /* its season's interned key, 0 when not interned */
    /* Over the league's rows: the largest season key, and whether every
     * row has one. */
    int max_season_key, season_keyed;
    size_t linked;    /* rows of other leagues */
    size_t kept_main; /* the league's rows kept, as drop_unfittable left them */
    /* The first days of the league's seasons (season_starts), kept from
     * the season discount while no row of the league has been dropped
     * since; NULL: none kept. */
    int *starts, nstarts;
    char *keep;
    char *main;      /* a row of the league, not of a linked division */
    size_t n;
    const char **names;
    int nnames;
};

/* What a fit reads of a fixture (dc.h). */
static inline struct dc_row row_of(const struct fixture *f)
{
    struct dc_row r = { .date = f->date, .home_key = f->home_key, .away_key = f->away_key,
                        .season_key = f->season_key, .home_goals = (short)f->home_goals,
                        .away_goals = (short)f->away_goals,
                        .stats_present = (unsigned short)f->stats_present };
    for (int k = 0; k < NSTATS; k++)
        r.stats[k] = (short)f->stats[k];
    return r;
}

/* Row i of the rows given, from the walk's copy where it made one, else
 * from the fixture: a single fit makes no copy, whose allocation, at the
 * top of the heap, cost a fit of three seasons a third of its time in
 * page faults as the heap grew and was trimmed again. */
static inline struct dc_row fit_row(const struct selection *s, size_t i)
{
    return s->rows ? s->rows[i] : row_of(&s->f[i]);
}

/* Teams as indices into sorted names, from interned keys (fixtures.h):
 * no string is compared. */
static void index_by_keys(struct selection *s)
{
    int max = 0;
    for (size_t i = 0; i < s->n; i++) {
        max = s->home[i] > max ? s->home[i] : max;
        max = s->away[i] > max ? s->away[i] : max;
    }
    int *compact = xmalloc((size_t)(max + 1) * sizeof *compact);
    const char **by_key = xcalloc((size_t)max + 1, sizeof *by_key);
    /* A key's name from its first row (one key, one name): the rows are
     * read again only for the teams' first matches. */
    for (size_t i = 0; i < s->n; i++) {
        if (!by_key[s->home[i]])
            by_key[s->home[i]] = s->f[s->row[i]].home;
        if (!by_key[s->away[i]])
            by_key[s->away[i]] = s->f[s->row[i]].away;
    }
    /* Keys follow name order, so the compact indices do too. */
    for (int k = 1; k <= max; k++)
        if (by_key[k]) {
            compact[k] = s->nnames;
            s->names[s->nnames++] = by_key[k];
        }
    for (size_t i = 0; i < s->n; i++) {
        s->home[i] = compact[s->home[i]];
        s->away[i] = compact[s->away[i]];
    }
    free(compact);
    free(by_key);
}

/* The same by ranking the names (names.h). */
static void index_by_names(struct selection *s)
{
    int *rank = xmalloc((2 * s->n + 1) * sizeof *rank);
    const char **distinct;
    for (size_t i = 0; i < s->n; i++) {
        s->names[2 * i] = s->f[s->row[i]].home;
        s->names[2 * i + 1] = s->f[s->row[i]].away;
    }
    s->nnames = (int)name_ranks(s->names, 2 * s->n, rank, &distinct);
    memcpy(s->names, distinct, (size_t)s->nnames * sizeof *s->names);
    for (size_t i = 0; i < s->n; i++) {
        s->home[i] = rank[2 * i];
        s->away[i] = rank[2 * i + 1];
    }
    free(distinct);
    free(rank);
}

/* Whether row i of f is the league's. */
static int of_league(const struct fixture *f, size_t i, const struct dc_options *opt)
{
    if (!opt->league)
        return 1;
    return opt->in_league ? opt->in_league[i] : strcmp(f[i].league, opt->league) == 0;
}

static void keep_linked_divisions(struct selection *s, int end)
{
    if (s->linked == 0)
        return; /* (the league alone: nothing to link) */
    /* Only the other leagues' rows are read by their league. */
    const char **league = xmalloc((s->n + 1) * sizeof *league);
    for (size_t i = 0; i < s->n; i++)
        league[i] = s->main[i] ? NULL : s->f[s->row[i]].league;
    link_divisions(s->n, league, s->home, s->away, s->date, s->main, s->nnames, end - LINK_DAYS,
                   s->keep);
    free(league);
}

/* The played rows before opt->until that are the league's or may be
 * linked (a ridge fit's rows of other leagues), in their order, in one
 * pass over f; returns the last date of the league's, INT_MIN for none.
 * (A walk fits rows of many seasons week after week: one pass each.) */
static int gather_rows(struct selection *s, const struct fixture *f, size_t n,
                       const struct dc_options *opt)
{
    int last = INT_MIN, linkable = opt->ridge > 0 && opt->league;
    for (size_t i = 0; i < n; i++) {
        struct dc_row r = fit_row(s, i);
        if (r.home_goals == NO_GOALS || r.date >= opt->until)
            continue;
        int main = of_league(f, i, opt);
        if (!main && !linkable)
            continue;
        if (main && r.date > last)
            last = r.date;
        s->main[s->n] = (char)main;
        s->date[s->n] = r.date;
        s->hg[s->n] = r.home_goals;
        s->ag[s->n] = r.away_goals;
        s->home[s->n] = r.home_key;
        s->away[s->n] = r.away_key;
        s->season_key[s->n] = r.season_key;
        s->row[s->n++] = i;
    }
    return last;
}

/* The matches that may enter the fit, weighted, their last date *last:
 * rows of other leagues (a ridge fit's, gather_rows) only from the last
 * LINK_DAYS before the fit's end, the candidates for a linked division,
 * and no row lighter than MATCH_MIN_WEIGHT. */
static void select_candidates(struct selection *s, const struct fixture *f, size_t n,
                              const struct dc_options *opt, int *last)
{
    double ld = log(opt->decay) / 365.25;
    memset(s, 0, sizeof *s);
    s->f = f;
    s->rows = opt->rows;
    s->row = xmalloc((n + 1) * sizeof *s->row);
    s->w = xmalloc((n + 1) * sizeof *s->w);
    s->main = xmalloc(n + 1);
    s->date = xmalloc((n + 1) * sizeof *s->date);
    s->hg = xmalloc((n + 1) * sizeof *s->hg);
    s->ag = xmalloc((n + 1) * sizeof *s->ag);
    s->home = xmalloc((n + 1) * sizeof *s->home);
    s->away = xmalloc((n + 1) * sizeof *s->away);
    s->season_key = xmalloc((n + 1) * sizeof *s->season_key);
    *last = gather_rows(s, f, n, opt);
    /* No played row of the league before the cutoff: nothing to fit, and
     * no last date to weigh linked rows from (their age would overflow). */
    size_t gathered = *last == INT_MIN ? 0 : s->n;
    /* Every row before the cutoff enters, a linked division's played after
     * the league's last match too (a lower division starts its season a
     * week earlier), up to LINK_AHEAD_DAYS after it: the version's data hold
     * them. The linked rows' window
     * and the linking count back from the day after the league's last
     * match, as the time weights do, not from the cutoff: a fit is of its
     * rows alone, so a version's model is the same whichever run made it
     * (UNTIL or not), and a walk's refit of a week is the model of the rows
     * before it (window_at_until: from the cutoff, the features' way). */
    int interned = 1, end = opt->window_at_until ? opt->until : *last + 1;
    int weight_date = INT_MIN; /* rows come mostly in date order: */
    double date_weight = 0;    /* one exp a date, not one a row */
    s->n = 0;
    s->season_keyed = 1;
    for (size_t k = 0; k < gathered; k++) {
        size_t i = s->row[k];
        int main = s->main[k], date = s->date[k];
        if (!main && (date < end - LINK_DAYS || date > *last + LINK_AHEAD_DAYS))
            continue;
        if (date != weight_date) {
            weight_date = date;
            date_weight = match_weight(ld, *last, weight_date);
        }
        double w = date_weight * (main ? 1 : opt->link_weight);
        if (w >= MATCH_MIN_WEIGHT) {
            if (s->n != k) { /* (while none is left out, each is in place) */
                s->main[s->n] = (char)main;
                s->date[s->n] = date;
                s->hg[s->n] = s->hg[k];
                s->ag[s->n] = s->ag[k];
                s->home[s->n] = s->home[k];
                s->away[s->n] = s->away[k];
                s->season_key[s->n] = s->season_key[k];
                s->row[s->n] = i;
            }
            s->w[s->n] = w;
            interned &= s->home[k] > 0 && s->away[k] > 0;
            s->linked += !main;
            if (main) {
                int key = s->season_key[k];
                s->season_keyed &= key > 0;
                s->max_season_key = key > s->max_season_key ? key : s->max_season_key;
            }
            s->n++;
        }
    }
    s->names = xmalloc((2 * s->n + 1) * sizeof *s->names);
    s->keep = xmalloc(s->n + 1);
    memset(s->keep, 1, s->n);
    if (interned)
        index_by_keys(s);
    else
        index_by_names(s);
    if (opt->ridge > 0 && opt->league)
        keep_linked_divisions(s, end);
}

static void free_selection(struct selection *s)
{
    free(s->row), free(s->w), free(s->home), free(s->away), free(s->season_key), free(s->keep);
    free(s->names);
    free(s->main), free(s->date), free(s->hg), free(s->ag);
    free(s->starts);
}

struct team_tally {
    double weight, goals_for, goals_against;
    int matches, league_matches; /* of its matches, how many of the league's */
};

/* Whether a team can be fitted: enough weight and matches, and a finite
 * maximum-likelihood estimate, which needs at least one goal scored and one
 * conceded (else its attack or defence runs off to infinity). */
static int team_fittable(const struct team_tally *t, const struct dc_options *opt)
{
    /* In a ridge fit the prior keeps a team of the league finite and says
     * what its few matches do not. */
    if (opt->ridge > 0 && t->league_matches > 0)
        return t->weight >= TEAM_MIN_WEIGHT;
    return t->weight >= TEAM_MIN_WEIGHT && t->matches >= opt->min_team_matches &&
           t->goals_for > 0 && t->goals_against > 0;
}

/* Adds row i's match to both teams' tallies. */
static void tally_row(struct team_tally *tally, const struct selection *s, size_t i)
{
    double w = s->w[i];
    struct team_tally *h = &tally[s->home[i]], *a = &tally[s->away[i]];
    h->weight += w, a->weight += w;
    h->matches++, a->matches++;
    h->goals_for += s->hg[i], a->goals_against += s->hg[i];
    a->goals_for += s->ag[i], h->goals_against += s->ag[i];
    h->league_matches += s->main[i], a->league_matches += s->main[i];
}

/* Whether a team that was fittable may fall short once the rows it lost
 * are taken away: its counts are exact, and its weight, taken away rather
 * than summed again, is within rounding of a new sum's (about 1e-12 of the
 * total at most), far inside the margin of a second TEAM_MIN_WEIGHT. */
static int may_fall_short(const struct team_tally *before, const struct team_tally *lost,
                          const struct dc_options *opt)
{
    if (lost->matches == 0)
        return 0; /* (its tally is what it was) */
    struct team_tally left = *before;
    left.weight -= lost->weight;
    left.matches -= lost->matches, left.league_matches -= lost->league_matches;
    left.goals_for -= lost->goals_for, left.goals_against -= lost->goals_against;
    return !team_fittable(&left, opt) || left.weight < 2 * TEAM_MIN_WEIGHT;
}

/* Drops the kept matches of teams that cannot be fitted. Returns whether
 * another round may drop more: dropping one team's matches can leave
 * another short, and only a team that lost some can be. */
static int drop_unfittable(struct selection *s, const struct dc_options *opt)
{
    struct team_tally *tally = xcalloc(2 * (size_t)s->nnames + 1, sizeof *tally);
    struct team_tally *lost = tally + s->nnames;
    for (size_t i = 0; i < s->n; i++)
        if (s->keep[i])
            tally_row(tally, s, i);
    char *fittable = xmalloc((size_t)s->nnames + 1);
    for (int t = 0; t < s->nnames; t++)
        fittable[t] = (char)team_fittable(&tally[t], opt);
    s->kept_main = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->keep[i] && !(fittable[s->home[i]] && fittable[s->away[i]])) {
            s->keep[i] = 0;
            tally_row(lost, s, i);
            if (s->main[i] && s->starts) /* the seasons' first days may move */
                free(s->starts), s->starts = NULL;
        }
        s->kept_main += s->keep[i] && s->main[i];
    }
    int again = 0;
    for (int t = 0; t < s->nnames && !again; t++)
        again = fittable[t] && may_fall_short(&tally[t], &lost[t], opt);
    free(fittable);
    free(tally);
    return again;
}

/* The model's teams: those left with a match, in name order; remaps the
 * selection's team indices to them. */
static void init_model(struct dc_model *m, struct selection *s, const struct dc_options *opt)
{
    int *id = xmalloc((s->nnames + 1) * sizeof *id);
    for (int t = 0; t < s->nnames; t++)
        id[t] = -1;
    for (size_t i = 0; i < s->n; i++)
        if (s->keep[i])
            id[s->home[i]] = id[s->away[i]] = 0;
    memset(m, 0, sizeof *m);
    for (int t = 0; t < s->nnames; t++)
        if (id[t] == 0)
            id[t] = m->nteams++;
    m->team = xcalloc(m->nteams, sizeof *m->team);
    for (int t = 0; t < s->nnames; t++)
        if (id[t] >= 0) {
            m->team[id[t]].name = xstrdup(s->names[t]);
            m->team[id[t]].last_date = INT_MIN;
        }
    for (size_t i = 0; i < s->n; i++) {
        s->home[i] = id[s->home[i]];
        s->away[i] = id[s->away[i]];
    }
    free(id);
    m->decay = opt->decay;
    m->level_decay = opt->level_decay > 0 ? opt->level_decay : opt->decay;
    m->season_weight = opt->season_weight > 0 ? opt->season_weight : 1;
    /* Only the league's rows, and only under the prior, which holds a team
     * left without rows at its centre (a team seen only in a linked
     * division has none: its rows, of the last two years, all count). */
    m->goals_min_weight = opt->ridge > 0 ? opt->goals_min_weight : 0;
    m->ridge = opt->ridge;
    m->link_weight = opt->ridge > 0 && opt->league ? opt->link_weight : 0;
    m->blend = opt->blend;
    m->shots_decay = opt->shots_decay;
    if (opt->shots_decay > 0) {
        m->shots_ridge = opt->shots_ridge;
        m->rating_stats = opt->rating_stats ? opt->rating_stats : DC_RATE_SHOTS_ON_TARGET;
        m->split_beta = opt->split_beta;
        m->rating_min_weight = opt->rating_min_weight;
        for (unsigned bits = m->rating_stats; bits; bits &= bits - 1)
            m->nratings++;
        m->rating_terms = m->nratings * (m->split_beta ? 2 : 1);
    }
    m->use_rho = opt->use_rho;
    m->min_team_matches = opt->min_team_matches;
    m->until = opt->until;
    m->first_date = INT_MAX;
    m->last_date = INT_MIN;
    for (size_t i = 0; i < s->n; i++)
        if (s->keep[i]) {
            int date = s->date[i];
            m->nmatches++;
            if (!s->main[i])
                continue;
            m->first_date = date < m->first_date ? date : m->first_date;
            m->last_date = date > m->last_date ? date : m->last_date;
        }
}

/* The window's goals per shot on target and per corner, over the kept rows
 * (blend.h). */
static struct blend_scale window_scale(const struct dc_model *m, const struct selection *s)
{
    struct blend_scale sc = { 0, 0, 0 };
    if (blend_goals_only(&m->blend))
        return sc; /* (no row would add to it) */
    for (size_t i = 0; i < s->n; i++)
        if (s->keep[i])
            blend_scale_add(&sc, &m->blend, &s->f[s->row[i]], s->w[i]);
    return sc;
}

/* Sums the kept matches, row i weighted w[i], into one obs per (home, away)
 * pair: the Poisson part sums the response, the low-score correction the
 * real goals. Returns how many rows took the statistics (blend.h). */
static int sum_pairs(struct problem *p, const struct dc_model *m, const struct selection *s,
                     const struct blend_scale *scale, const double *w)
{
    int T = m->nteams, blended = 0, goals_only = blend_goals_only(&m->blend);
    int *pair = xmalloc((size_t)T * T * sizeof *pair);
    for (size_t i = 0; i < (size_t)T * T; i++)
        pair[i] = -1;
    /* One obs a pair that played: at most T × T, which for a league of
     * many seasons is a small part of its matches; each zeroed when its
     * pair first plays. */
    size_t most = (size_t)m->nmatches < (size_t)T * T ? (size_t)m->nmatches : (size_t)T * T;
    p->obs = xmalloc(most * sizeof *p->obs);
    if (p->nbeta)
        p->c = xmalloc((most + 1) * 2 * p->nbeta * sizeof *p->c);
    p->n = 0;
    p->league_rows = 0;
    for (size_t i = 0; i < s->n; i++) {
        /* Too light to count (dc_options.goals_min_weight): by the team
         * fit's weight, so that the levels' refit takes the same rows. */
        if (!s->keep[i] || (s->main[i] && s->w[i] < m->goals_min_weight))
            continue;
        p->league_rows += s->main[i];
        int h = s->home[i], a = s->away[i], x = s->hg[i], y = s->ag[i];
        int *slot = &pair[(size_t)h * T + a];
        if (*slot < 0) {
            *slot = (int)p->n++;
            p->obs[*slot] = (struct obs){ .h = h, .a = a };
            if (p->nbeta) {
                double *c = p->c + (size_t)*slot * 2 * p->nbeta;
                dc_rating_terms(m, m->team[h].shot_attack, m->team[a].shot_defence, c);
                dc_rating_terms(m, m->team[a].shot_attack, m->team[h].shot_defence, c + p->nbeta);
            }
        }
        struct obs *o = &p->obs[*slot];
        /* Goals alone (poisson_v2's default): the response is the goals,
         * as blend_response gives them, without a call and a read of the
         * row's statistics for each of the walk's thousands of rows. */
        double rx = x, ry = y;
        if (!goals_only)
            blended += blend_response(&m->blend, scale, &s->f[s->row[i]], &rx, &ry);
        o->w += w[i];
        o->wx += w[i] * rx;
        o->wy += w[i] * ry;
        o->lconst += w[i] * (log_factorial(x) + log_factorial(y));
        if (x < 2 && y < 2)
            o->wlow[2 * x + y] += w[i];
    }
    free(pair);
    return blended;
}

/* Moves the reference team's attack and defence (p->ref; none in a ridge
 * fit) into mu, every rate unchanged: the fit holds the reference's at 0. */
static void reference_into_mu(const struct problem *p, double *th)
{
    if (p->ref < 0)
        return;
    double sa = th[att_ix(p, p->ref)], sd = th[def_ix(p, p->ref)];
    for (int t = 0; t < p->nteams; t++)
        th[att_ix(p, t)] -= sa, th[def_ix(p, t)] -= sd;
    th[0] = th[0] + sa - sd;
}

/* Where Newton's iterations start on a fit without a warm start (each
 * month's first week of a walk, every single fit): each team's attack and
 * defence at the log of its weighted goals for and against over what an
 * average side's would be in its matches, MOMENT_PRIOR_MATCHES average
 * matches added to both sides of the ratio (a team's first matches say
 * little), the home advantage at the log of the home sides' goals over the
 * away sides', and the reference team's values moved into mu (its own are
 * held at 0); with too few goals for that, every team equal at the mean
 * rate. The maximum is the same; from the mean rate, where every team
 * starts equal, Newton's iterations took more steps to it. */
static void moment_start(struct problem *p, const struct dc_model *m, const struct selection *s)
{
    int T = m->nteams;
    double *scored = xcalloc(2 * (size_t)T + 1, sizeof *scored), *conceded = scored + T;
    double home = 0, away = 0, weight = 0, *th = p->theta;
    for (size_t i = 0; i < s->n; i++) {
        if (!s->keep[i])
            continue;
        double w = s->w[i];
        int h = s->home[i], a = s->away[i];
        scored[h] += w * s->hg[i], conceded[h] += w * s->ag[i];
        scored[a] += w * s->ag[i], conceded[a] += w * s->hg[i];
        home += w * s->hg[i], away += w * s->ag[i], weight += w;
    }
    double mean = (home + away) / (2 * weight); /* goals a side a match */
    th[0] = log(mean + 1e-3); /* (th zeros: build_problem's, no warm start taken) */
    if (home > 0 && away > 0) {
        double k = MOMENT_PRIOR_MATCHES * mean;
        for (int t = 0; t < T; t++) {
            double expected = m->team[t].weight * mean;
            th[att_ix(p, t)] = log((scored[t] + k) / (expected + k));
            th[def_ix(p, t)] = -log((conceded[t] + k) / (expected + k));
        }
        th[1] = log(home / away);
        th[0] = log(away / weight);
        reference_into_mu(p, th);
    }
    free(scored);
}

/* A kept match of weight w on `date`, in a team's tally. */
static void add_match(struct dc_team *t, double w, int date)
{
    t->weight += w;
    t->matches++;
    if (date > t->last_date)
        t->last_date = date;
}

/* The betas of the shots ratings' terms: which are fitted. A rating
 * without a row has every term 0: its beta has nothing to fit, and is held
 * at 0 (the fit without it). So are all without the prior (ridge 0): a
 * term is then a team's fixed number, which its free attack or defence
 * takes up to the same rates whatever beta is; the likelihood is flat
 * along beta, and a fitted beta would be an arbitrary point of it. */
static void set_betas(struct problem *p, const struct dc_model *m, const struct dc_options *opt)
{
    p->nbeta = m->shots_decay > 0 ? m->rating_terms : 0;
    p->nbeta_free = 0;
    for (int k = 0; k < p->nbeta; k++) {
        int rating = m->split_beta ? k / 2 : k;
        p->beta_free[k] = !opt->hold_shots_beta && m->ridge > 0 && m->rated_matches[rating] > 0;
        p->nbeta_free += p->beta_free[k];
    }
}

/* The problem of the team fit: every kept match with its decay weight
 * (theta allocated, its start set by moment_start or warm_start; beta,
 * with a shots rating, at 0 or where opt holds it). */
static void build_problem(struct problem *p, struct dc_model *m, const struct selection *s,
                          const struct dc_options *opt)
{
    int T = m->nteams;
    set_betas(p, m, opt);
    struct blend_scale scale = window_scale(m, s);
    m->goals_per_shot_on_target = blend_goals_per_shot_on_target(&scale);
    m->goals_per_corner = blend_goals_per_corner(&scale);
    m->blended_matches = sum_pairs(p, m, s, &scale, s->w);
    for (size_t i = 0; i < s->n; i++)
        if (s->keep[i]) {
            add_match(&m->team[s->home[i]], s->w[i], s->date[i]);
            add_match(&m->team[s->away[i]], s->w[i], s->date[i]);
        }
    p->nteams = T;
    p->use_rho = m->use_rho;
    p->ref = 0;
    for (int t = 1; t < T; t++)
        if (m->team[t].weight > m->team[p->ref].weight)
            p->ref = t;
    if (m->ridge > 0)
        p->ref = -1; /* the prior pins the sum-to-zero directions */
    p->npar = 2 + 2 * (p->ref < 0 ? T : T - 1) + (m->use_rho ? 1 : 0) + p->nbeta_free;
    p->theta = xcalloc(full_size(p), sizeof *p->theta);
    for (int k = 0; k < p->nbeta; k++)
        if (opt->hold_shots_beta)
            p->theta[beta_ix(p, k)] = opt->shots_beta;
    set_free_indices(p);
}

/* Each of m's teams' index in the model `start` (dc_team_index's answer),
 * -1 for a team it lacks: one merge of the two name-sorted lists, not a
 * bisection a team and rating. */
static int *teams_in(const struct dc_model *m, const struct dc_model *start)
{
    int *in_start = xmalloc(((size_t)m->nteams + 1) * sizeof *in_start);
    for (int t = 0, k = 0; t < m->nteams; t++) {
        int c = -1;
        while (k < start->nteams && (c = strcmp(start->team[k].name, m->team[t].name)) < 0)
            k++;
        in_start[t] = k < start->nteams && c == 0 ? k : -1;
    }
    return in_start;
}

/* Whether every fitted pair's score probabilities are positive at th (the
 * line search never leaves that range, so Newton's iterations must start
 * in it). */
static int start_feasible(const struct problem *p, const double *th)
{
    for (size_t i = 0; p->use_rho && i < p->n; i++) {
        double l, n;
        rates(p, th, &p->obs[i], &l, &n);
        if (!rho_feasible(l, n, th[rho_ix(p)]))
            return 0;
    }
    return 1;
}

/* Theta at a fitted model's parameters (dc_options.start), its rates
 * unchanged: the reference team's attack and defence moved into mu. Kept
 * only where every score's probability is positive there; returns whether
 * it was. */
static int warm_start(struct problem *p, const struct dc_model *m, const struct dc_model *start,
                      const int *in_start)
{
    double *th = xcalloc(full_size(p), sizeof *th);
    for (int t = 0; t < m->nteams; t++) {
        int k = in_start[t];
        if (k >= 0) {
            th[att_ix(p, t)] = start->team[k].attack;
            th[def_ix(p, t)] = start->team[k].defence;
        }
    }
    th[0] = start->mu;
    reference_into_mu(p, th);
    th[1] = start->home;
    if (p->use_rho)
        th[rho_ix(p)] = start->rho;
    for (int k = 0; k < p->nbeta; k++) /* (a held beta: build_problem's) */
        th[beta_ix(p, k)] = p->beta_free[k] ? start->shots_beta[k] : p->theta[beta_ix(p, k)];
    int feasible = start_feasible(p, th);
    if (feasible)
        memcpy(p->theta, th, full_size(p) * sizeof *th);
    free(th);
    return feasible;
}

/* The league's levels, mu and home, refitted on the same matches weighted
 * with their own decay (dc_options.level_decay), the teams' parameters and
 * rho held at the team fit's: the home advantage and the goal level drift
 * faster than the teams' strengths are measured. Moves p->theta[0..1];
 * returns 0, or -1 when the Newton iterations do not converge. */
static int refit_levels(struct problem *p, const struct dc_model *m, const struct selection *s,
                        int last, double level_decay)
{
    struct problem q = *p; /* shares theta */
    struct dc_model diagnostics = { 0 };
    double *w = xmalloc((s->n + 1) * sizeof *w);
    double shift = (log(level_decay) - log(m->decay)) / 365.25;
    for (size_t i = 0; i < s->n; i++)
        w[i] = s->w[i] * exp((last - s->date[i]) * shift);
    struct blend_scale scale = window_scale(m, s);
    sum_pairs(&q, m, s, &scale, w);
    q.prior = NULL; /* the ridge concerns the teams alone */
    q.npar = 2;
    q.free_ix = xmalloc(full_size(&q) * sizeof *q.free_ix);
    for (int f = 0; f < full_size(&q); f++)
        q.free_ix[f] = f < 2 ? f : -1;
    int rc = newton(&q, &diagnostics);
    free(w);
    free(q.obs);
    free(q.c);
    free(q.free_ix);
    return rc;
}

/* Moves the fitted parameters to sum-to-zero attack and defence, leaving
 * every rate unchanged. */
static void store_params(struct dc_model *m, const struct problem *p)
{
    double ma = 0, md = 0;
    int T = m->nteams;
    for (int t = 0; t < T; t++) {
        ma += p->theta[att_ix(p, t)] / T;
        md += p->theta[def_ix(p, t)] / T;
    }
    for (int t = 0; t < T; t++) {
        m->team[t].attack = p->theta[att_ix(p, t)] - ma;
        m->team[t].defence = p->theta[def_ix(p, t)] - md;
    }
    m->mu = p->theta[0] + ma - md;
    m->home = p->theta[1];
    m->rho = m->use_rho ? p->theta[rho_ix(p)] : 0;
    for (int k = 0; k < p->nbeta; k++)
        m->shots_beta[k] = p->theta[beta_ix(p, k)];
}

/* A team as set_fallback ranks it: its strength in the rates. */
struct ranked {
    const struct dc_team *team;
    double strength;
};

/* How much a team adds to its own log rate and takes from its
 * opponents': its attack and defence, and with shots ratings what their
 * terms add (with them the goals ratings are only what the goals say
 * beyond the statistics, no ranking of their own). */
static double team_strength(const struct dc_model *m, const struct dc_team *t)
{
    const double zero[DC_RATINGS] = { 0 };
    double as_attacker[DC_RATING_TERMS], as_defender[DC_RATING_TERMS];
    double s = t->attack + t->defence;
    int k = dc_rating_terms(m, t->shot_attack, zero, as_attacker);
    dc_rating_terms(m, zero, t->shot_defence, as_defender);
    for (int j = 0; j < k; j++)
        s += m->shots_beta[j] * (as_attacker[j] - as_defender[j]);
    return s;
}

static int cmp_strength(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->strength != y->strength)
        return x->strength < y->strength ? -1 : 1;
    return strcmp(x->team->name, y->team->name);
}

/* A promoted side replaces a relegated one: give unknown teams the mean
 * parameters of the FALLBACK_TEAMS weakest teams that played in the last
 * season of the fit. */
static void set_fallback(struct dc_model *m, const struct selection *s)
{
    const char *last_season = NULL;
    for (size_t i = 0; i < s->n; i++)
        if (s->keep[i] && s->main[i] && s->date[i] == m->last_date)
            last_season = s->f[s->row[i]].season;
    struct ranked *cur = xmalloc(m->nteams * sizeof *cur);
    char *in_last = xcalloc(m->nteams, 1);
    int k = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->keep[i] && s->main[i] && strcmp(s->f[s->row[i]].season, last_season) == 0)
            in_last[s->home[i]] = in_last[s->away[i]] = 1;
    for (int t = 0; t < m->nteams; t++)
        if (in_last[t])
            cur[k++] = (struct ranked){ &m->team[t], team_strength(m, &m->team[t]) };
    qsort(cur, k, sizeof *cur, cmp_strength);
    int use = k < FALLBACK_TEAMS ? k : FALLBACK_TEAMS;
    for (int i = 0; i < use; i++) {
        const struct dc_team *t = cur[i].team;
        m->fallback_attack += t->attack / use;
        m->fallback_defence += t->defence / use;
        for (int r = 0; r < m->nratings; r++) {
            m->fallback_shot_attack[r] += t->shot_attack[r] / use;
            m->fallback_shot_defence[r] += t->shot_defence[r] / use;
        }
    }
    free(cur);
    free(in_last);
}

/* Sorts the first days of n seasons and returns n. */
static int sorted_starts(int *start, int n)
{
    if (n > 1) /* qsort must not be given a null array, which n == 0 leaves */
        qsort(start, n, sizeof *start, cmp_int);
    return n;
}

/* season_starts by the rows' season keys (fixtures_intern): each key's
 * first day, then the keys that occur. */
static int season_starts_by_key(const struct selection *s, int max_key, int **start)
{
    int *first = xmalloc(((size_t)max_key + 1) * sizeof *first);
    for (int k = 0; k <= max_key; k++)
        first[k] = INT_MAX;
    for (size_t i = 0; i < s->n; i++)
        if (s->keep[i] && s->main[i]) {
            int key = s->season_key[i];
            if (s->date[i] < first[key])
                first[key] = s->date[i];
        }
    int n = 0;
    for (int k = 0; k <= max_key; k++)
        if (first[k] != INT_MAX)
            first[n++] = first[k];
    *start = first;
    return sorted_starts(first, n);
}

/* First days of the league's seasons among the kept rows, oldest first;
 * returns how many. Rows of an interned set are grouped by their season
 * keys; others by name (rows of one season are mostly together: the last
 * season looked up is tried first). */
static int season_starts(const struct selection *s, int **start)
{
    if (s->season_keyed)
        return season_starts_by_key(s, s->max_season_key, start);
    const char **name = NULL;
    int n = 0, cap = 0, last = -1;
    *start = NULL;
    for (size_t i = 0; i < s->n; i++) {
        if (!s->keep[i] || !s->main[i])
            continue;
        const struct fixture *f = &s->f[s->row[i]];
        if (last < 0 || strcmp(name[last], f->season) != 0)
            for (last = 0; last < n && strcmp(name[last], f->season) != 0; last++)
                ;
        if (last == n) {
            if (n == cap) {
                cap = cap ? 2 * cap : 64;
                name = xrealloc(name, cap * sizeof *name);
                *start = xrealloc(*start, cap * sizeof **start);
            }
            name[n] = f->season;
            (*start)[n++] = f->date;
        } else if (f->date < (*start)[last]) {
            (*start)[last] = f->date;
        }
    }
    free(name);
    return sorted_starts(*start, n);
}

/* Each row of an earlier season weighed season_weight^k more, k the number
 * of the league's seasons begun after it (up to the last match fitted):
 * teams change most between seasons. */
static void discount_seasons(struct selection *s, double season_weight)
{
    int *start, nseasons = season_starts(s, &start);
    s->starts = start, s->nstarts = nseasons; /* kept for build_prior */
    double *weight = xmalloc((nseasons + 1) * sizeof *weight); /* of k later seasons */
    for (int k = 0; k <= nseasons; k++)
        weight[k] = pow(season_weight, k);
    int last_date = INT_MIN, lo = 0; /* one search a date, not one a row */
    for (size_t i = 0; i < s->n; i++) {
        /* The seasons begun after the row's date: those from the first
         * start later than it (start is sorted). */
        int date = s->date[i], hi = nseasons;
        if (date != last_date) {
            last_date = date, lo = 0;
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (start[mid] > date)
                    hi = mid;
                else
                    lo = mid + 1;
            }
        }
        s->w[i] *= weight[nseasons - lo];
    }
    free(weight);
}

/* The ridge prior of the model's teams (promoted.h). */
static void build_prior(struct dc_prior *pr, const struct dc_model *m, const struct selection *s)
{
    struct team_record *rec = xmalloc((m->nteams + 1) * sizeof *rec);
    int *start = s->starts, nseasons = s->nstarts;
    if (!start)
        nseasons = season_starts(s, &start);
    team_records(rec, m->nteams, s->n, s->home, s->away, s->date, s->main, s->keep, start,
                 nseasons);
    prior_build(pr, m->ridge, rec, m->nteams, nseasons);
    if (start != s->starts)
        free(start);
    free(rec);
}

/* The linked divisions that entered the fit and their kept rows. */
static void record_linked(struct dc_model *m, const struct selection *s)
{
    /* Rows loaded from a row image share their division's name (one copy
     * a name): those need no compare. (Rows parsed each have their own.) */
    const char *last_league = NULL;
    int k = 0;
    for (size_t i = 0; s->linked > 0 && i < s->n; i++) {
        if (!s->keep[i] || s->main[i])
            continue;
        const char *league = s->f[s->row[i]].league;
        if (league == last_league) {
            m->linked_matches[k]++;
            continue;
        }
        last_league = league;
        k = 0;
        while (k < m->nlinked && strcmp(m->linked[k], league) != 0)
            k++;
        if (k == m->nlinked) {
            m->linked = xrealloc(m->linked, (k + 1) * sizeof *m->linked);
            m->linked_matches = xrealloc(m->linked_matches, (k + 1) * sizeof *m->linked_matches);
            m->linked[k] = xstrdup(league);
            m->linked_matches[k] = 0;
            m->nlinked++;
        }
        m->linked_matches[k]++;
    }
}

/* The statistics of enum dc_rated's bit r: the home side's and the away
 * side's columns. */
static const int rated_stat[DC_RATINGS][2] = {
    { STAT_HOME_SHOTS_ON_TARGET, STAT_AWAY_SHOTS_ON_TARGET },
    { STAT_HOME_SHOTS, STAT_AWAY_SHOTS },
    { STAT_HOME_CORNERS, STAT_AWAY_CORNERS },
};

/* Where the r-th rating starts (shot_rating_fit's start): the same
 * rating of a start model (the week before's in a walk), its teams found
 * by name, a team it lacks at 0; NULL (the rows' mean rate) without one,
 * or when start rated other statistics. */
static double *rating_start(const struct dc_model *m, const struct dc_model *start,
                            const int *in_start, int r)
{
    if (!start || start->shots_decay <= 0 || start->rating_stats != m->rating_stats)
        return NULL;
    int T = m->nteams;
    double *th = xcalloc(2 + 2 * (size_t)T, sizeof *th);
    th[0] = start->shot_levels[r][0], th[1] = start->shot_levels[r][1];
    for (int t = 0; t < T; t++) {
        int k = in_start[t];
        if (k >= 0)
            th[2 + t] = start->team[k].shot_attack[r], th[2 + T + t] = start->team[k].shot_defence[r];
    }
    return th;
}

/* One shots rating of the model's teams (shotrating.h), the r-th, of the
 * statistic `stat` (rated_stat's), on the kept rows that have it for both
 * sides, row i weighted weight[i] (rating_weights): into each team's
 * shot_attack[r] and shot_defence[r]. Returns 0, or -1 when its Newton
 * iterations do not converge. */
static int rate_stat(struct dc_model *m, const struct selection *s, const double *weight,
                     const struct dc_options *opt, const int *in_start, int r, const int stat[2])
{
    unsigned both = 1u << stat[0] | 1u << stat[1];
    int *side = xmalloc((4 * s->n + 1) * sizeof *side), *count = side + 2 * s->n;
    double *w = xmalloc((s->n + 1) * sizeof *w);
    struct shot_rows rows = { 0, side, side + s->n, w, count, count + s->n };
    for (size_t i = 0; i < s->n; i++) {
        if (!s->keep[i] || weight[i] < m->rating_min_weight)
            continue; /* (most of a long history: its row is not read) */
        struct dc_row f = fit_row(s, s->row[i]);
        if ((f.stats_present & both) != both)
            continue;
        side[rows.n] = s->home[i], side[s->n + rows.n] = s->away[i];
        count[rows.n] = f.stats[stat[0]], count[s->n + rows.n] = f.stats[stat[1]];
        w[rows.n++] = weight[i];
    }
    struct shot_rating sr;
    double *from = rating_start(m, opt->start, in_start, r);
    int rc = shot_rating_fit(&rows, m->nteams, opt->shots_ridge, from, &sr);
    for (int t = 0; t < m->nteams; t++) {
        m->team[t].shot_attack[r] = sr.attack[t];
        m->team[t].shot_defence[r] = sr.defence[t];
    }
    m->shot_levels[r][0] = sr.mu, m->shot_levels[r][1] = sr.home;
    m->rated_matches[r] = (int)rows.n;
    shot_rating_free(&sr);
    free(from);
    free(side);
    free(w);
    return rc;
}

/* Each kept row's weight in the ratings: as the goals fit weighs it
 * (links, seasons) but with the decay opt->shots_decay; the same for
 * every statistic rated, so computed once. */
static double *rating_weights(const struct selection *s, int last, const struct dc_options *opt)
{
    double shift = (log(opt->shots_decay) - log(opt->decay)) / 365.25, factor = 0;
    double *weight = xmalloc((s->n + 1) * sizeof *weight);
    int factor_date = INT_MIN; /* rows come mostly in date order: one exp a date */
    for (size_t i = 0; i < s->n; i++) {
        if (s->date[i] != factor_date)
            factor_date = s->date[i], factor = exp((last - factor_date) * shift);
        weight[i] = s->keep[i] ? s->w[i] * factor : 0;
    }
    return weight;
}

/* The model's shots ratings, one a statistic of m->rating_stats. */
static int rate_shots(struct dc_model *m, const struct selection *s, int last,
                      const struct dc_options *opt, const int *in_start)
{
    double *weight = rating_weights(s, last, opt);
    int r = 0, rc = 0;
    for (int bit = 0; rc == 0 && bit < DC_RATINGS; bit++)
        if (m->rating_stats & 1u << bit)
            rc = rate_stat(m, s, weight, opt, in_start, r++, rated_stat[bit]);
    free(weight);
    return rc;
}

/* Unknown teams get the promoted-team prior where there is one. */
static void set_promoted_fallback(struct dc_model *m, const struct dc_prior *pr)
{
    m->fallback_attack = m->fallback_defence = 0;
    for (int i = 0; i < pr->npromoted; i++) {
        const struct dc_team *t = &m->team[pr->promoted[i]];
        m->fallback_attack += t->attack / pr->npromoted;
        m->fallback_defence += t->defence / pr->npromoted;
        for (int r = 0; r < m->nratings; r++) {
            m->fallback_shot_attack[r] += t->shot_attack[r] / pr->npromoted;
            m->fallback_shot_defence[r] += t->shot_defence[r] / pr->npromoted;
        }
    }
    m->fallback_promoted = pr->npromoted;
}

struct dc_row *dc_rows_of(const struct fixture *f, size_t n)
{
    struct dc_row *r = xmalloc((n + 1) * sizeof *r);
    for (size_t i = 0; i < n; i++)
        r[i] = row_of(&f[i]);
    return r;
}

/* The fit of the problem built: Newton's iterations from a start, then
 * the levels' refit where they have a decay of their own. 0, or -1 with
 * err said. */
static int fit_problem(struct problem *p, struct dc_model *m, const struct selection *s,
                       const struct dc_options *opt, const int *in_start, int last, char *err,
                       size_t errlen)
{
    if (p->league_rows < (size_t)opt->min_matches) { /* (the floor left too few) */
        snprintf(err, errlen,
                 "%zu played matches weigh at least %g of the newest (the goals "
                 "likelihood's floor), fewer than the minimum %d",
                 p->league_rows, m->goals_min_weight, opt->min_matches);
        return -1;
    }
    if (!(opt->start && warm_start(p, m, opt->start, in_start)))
        moment_start(p, m, s);
    int rc = newton(p, m);
    if (rc != 0)
        snprintf(err, errlen, "no convergence after %d iterations (gradient %g)",
                 m->iterations, m->grad_norm);
    else if (opt->level_decay > 0 && opt->level_decay != opt->decay &&
             refit_levels(p, m, s, last, opt->level_decay) != 0) {
        snprintf(err, errlen, "no convergence of the league's levels (decay %g)",
                 opt->level_decay);
        rc = -1;
    }
    return rc;
}

int dc_fit(const struct fixture *f, size_t n, const struct dc_options *opt,
           struct dc_model *m, char *err, size_t errlen)
{
    int last;
    struct selection s;
    select_candidates(&s, f, n, opt, &last);
    if (opt->season_weight > 0 && opt->season_weight < 1)
        discount_seasons(&s, opt->season_weight);
    while (drop_unfittable(&s, opt))
        ;
    size_t kept = s.kept_main;
    if (kept < (size_t)opt->min_matches || kept == 0) {
        snprintf(err, errlen, "%zu played matches to fit, fewer than the minimum %d",
                 kept, opt->min_matches);
        free_selection(&s);
        return -1;
    }
    init_model(m, &s, opt);
    m->league = xstrdup(opt->league ? opt->league : f[s.row[0]].league);
    int *in_start = opt->start ? teams_in(m, opt->start) : NULL;
    if (opt->shots_decay > 0 && rate_shots(m, &s, last, opt, in_start) != 0) {
        snprintf(err, errlen, "no convergence of the shots rating (decay %g)", opt->shots_decay);
        free(in_start);
        dc_free(m);
        free_selection(&s);
        return -1;
    }
    struct problem p = { 0 };
    struct dc_prior prior = { 0 };
    build_problem(&p, m, &s, opt);
    if (m->ridge > 0) {
        build_prior(&prior, m, &s);
        p.prior = &prior;
        m->newcomers = prior.newcomers;
    }
    int rc = fit_problem(&p, m, &s, opt, in_start, last, err, errlen);
    store_params(m, &p);
    if (prior.npromoted > 0)
        set_promoted_fallback(m, &prior);
    else
        set_fallback(m, &s);
    record_linked(m, &s);
    prior_free(&prior);
    free(in_start);
    free(p.obs);
    free(p.c);
    free(p.theta);
    free(p.free_ix);
    free_selection(&s);
    if (rc != 0)
        dc_free(m); /* a failed fit leaves nothing to free */
    return rc;
}

int dc_team_index(const struct dc_model *m, const char *name)
{
    int lo = 0, hi = m->nteams - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, c = strcmp(name, m->team[mid].name);
        if (c == 0)
            return mid;
        if (c < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return -1;
}

void dc_free(struct dc_model *m)
{
    for (int t = 0; t < m->nteams; t++)
        free(m->team[t].name);
    free(m->team);
    free(m->league);
    for (int k = 0; k < m->nlinked; k++)
        free(m->linked[k]);
    free(m->linked);
    free(m->linked_matches);
    memset(m, 0, sizeof *m);
}
