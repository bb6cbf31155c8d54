/* dc_predict.c: score probabilities of the Dixon–Coles model. */
#include "dc.h"

#include <math.h>
#include <string.h>

/* Poisson pmf for 0..DC_MAX_GOALS by recurrence. */
static void poisson_pmf(double rate, double pmf[DC_MAX_GOALS + 1])
{
    pmf[0] = exp(-rate);
    for (int k = 1; k <= DC_MAX_GOALS; k++)
        pmf[k] = pmf[k - 1] * rate / k;
}

/* rho is fitted on the pairs that met: for a pair whose rates lie beyond
 * theirs (teams that never met, the fallback) it can make a low-score factor
 * negative. Hold it to the range where all four are >= 0. */
static double feasible_rho(double lambda, double nu, double rho)
{
    double lo = -1 / fmax(lambda, nu), hi = fmin(1, 1 / (lambda * nu));
    return rho < lo ? lo : rho > hi ? hi : rho;
}

void dc_score_matrix(double lambda, double nu, double rho, double p[DC_CELLS])
{
    double ph[DC_MAX_GOALS + 1], pa[DC_MAX_GOALS + 1];
    double total = 0;
    rho = feasible_rho(lambda, nu, rho);
    poisson_pmf(lambda, ph);
    poisson_pmf(nu, pa);
    for (int x = 0; x <= DC_MAX_GOALS; x++)
        for (int y = 0; y <= DC_MAX_GOALS; y++) {
            double v = ph[x] * pa[y];
            if (x < 2 && y < 2)
                v *= dc_tau(x, y, lambda, nu, rho);
            p[x * (DC_MAX_GOALS + 1) + y] = v;
            total += v;
        }
    /* Scores beyond the grid are dropped; renormalising keeps 1X2 summing
     * to 1 (the mass lost is below 1e-6 for any rate seen in football). */
    for (int i = 0; i < DC_CELLS; i++)
        p[i] /= total;
}

void dc_probs_from_matrix(const double p[DC_CELLS], struct dc_probs *o)
{
    double best = -1;
    memset(o, 0, sizeof *o);
    for (int x = 0; x <= DC_MAX_GOALS; x++)
        for (int y = 0; y <= DC_MAX_GOALS; y++) {
            double v = p[x * (DC_MAX_GOALS + 1) + y];
            if (x > y)
                o->home += v;
            else if (x == y)
                o->draw += v;
            else
                o->away += v;
            if (x + y > 2)
                o->over_2_5 += v;
            if (x > 0 && y > 0)
                o->btts += v;
            o->xg_home += x * v;
            o->xg_away += y * v;
            if (v > best) {
                best = v;
                o->best_home = x;
                o->best_away = y;
            }
        }
}

int dc_rating_terms(const struct dc_model *m, const double sa[DC_RATINGS],
                    const double sd[DC_RATINGS], double c[DC_RATING_TERMS])
{
    int k = 0;
    for (int r = 0; r < m->nratings; r++) {
        if (m->split_beta)
            c[k++] = sa[r], c[k++] = -sd[r];
        else
            c[k++] = sa[r] - sd[r];
    }
    return k;
}

void dc_rates(const struct dc_model *m, int h, int a, double *lambda, double *nu)
{
    double att_h = h >= 0 ? m->team[h].attack : m->fallback_attack;
    double def_h = h >= 0 ? m->team[h].defence : m->fallback_defence;
    double att_a = a >= 0 ? m->team[a].attack : m->fallback_attack;
    double def_a = a >= 0 ? m->team[a].defence : m->fallback_defence;
    if (m->shots_decay > 0) { /* the shots ratings' terms, weighted (dc.h) */
        const double *sa_h = h >= 0 ? m->team[h].shot_attack : m->fallback_shot_attack;
        const double *sd_h = h >= 0 ? m->team[h].shot_defence : m->fallback_shot_defence;
        const double *sa_a = a >= 0 ? m->team[a].shot_attack : m->fallback_shot_attack;
        const double *sd_a = a >= 0 ? m->team[a].shot_defence : m->fallback_shot_defence;
        double ch[DC_RATING_TERMS], ca[DC_RATING_TERMS], xh = 0, xa = 0;
        int k = dc_rating_terms(m, sa_h, sd_a, ch);
        dc_rating_terms(m, sa_a, sd_h, ca);
        for (int j = 0; j < k; j++)
            xh += m->shots_beta[j] * ch[j], xa += m->shots_beta[j] * ca[j];
        *lambda = exp(m->mu + m->home + att_h - def_a + xh);
        *nu = exp(m->mu + att_a - def_h + xa);
        return;
    }
    *lambda = exp(m->mu + m->home + att_h - def_a);
    *nu = exp(m->mu + att_a - def_h);
}

void dc_predict(const struct dc_model *m, int h, int a, struct dc_probs *out)
{
    double lambda, nu, p[DC_CELLS];
    dc_rates(m, h, a, &lambda, &nu);
    dc_score_matrix(lambda, nu, m->rho, p);
    dc_probs_from_matrix(p, out);
}

/* The sums of dc_probs_from_matrix for home, draw and away alone, each
 * added in the same order (by home goals, then away goals): the same bits. */
void dc_predict3(const struct dc_model *m, int h, int a, double p[3])
{
    double lambda, nu, cell[DC_CELLS];
    dc_rates(m, h, a, &lambda, &nu);
    dc_score_matrix(lambda, nu, m->rho, cell);
    p[0] = p[1] = p[2] = 0;
    for (int x = 0; x <= DC_MAX_GOALS; x++) {
        const double *row = cell + x * (DC_MAX_GOALS + 1);
        for (int y = 0; y < x; y++)
            p[0] += row[y];
        p[1] += row[x];
        for (int y = x + 1; y <= DC_MAX_GOALS; y++)
            p[2] += row[y];
    }
}
