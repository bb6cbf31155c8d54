/* test_dc.c: the Dixon–Coles model (poisson_v2). Score matrix and derived
 * probabilities against the test's own Poisson formulas; the fit on a small
 * hand-made league checked by the test's own weighted log-likelihood (its
 * value at the optimum, and that every perturbation of the returned
 * parameters lowers it), plus the fit's contracts. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "dc.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testfixtures.h"

#define G (DC_MAX_GOALS + 1)

/* ---- score matrix ------------------------------------------------------ */

static double pmf(double rate, int k) { return exp(k * log(rate) - rate - lgamma(k + 1.0)); }

static double my_tau(int x, int y, double l, double n, double r)
{
    if (x == 0 && y == 0)
        return 1 - l * n * r;
    if (x == 0 && y == 1)
        return 1 + l * r;
    if (x == 1 && y == 0)
        return 1 + n * r;
    if (x == 1 && y == 1)
        return 1 - r;
    return 1;
}

static void test_tau(void)
{
    const double l = 1.3, n = 0.9, r = -0.12;
    is_close(dc_tau(0, 0, l, n, r), 1 - l * n * r, 1e-15, "tau(0,0) = 1 - lambda nu rho");
    is_close(dc_tau(0, 1, l, n, r), 1 + l * r, 1e-15, "tau(0,1) = 1 + lambda rho");
    is_close(dc_tau(1, 0, l, n, r), 1 + n * r, 1e-15, "tau(1,0) = 1 + nu rho");
    is_close(dc_tau(1, 1, l, n, r), 1 - r, 1e-15, "tau(1,1) = 1 - rho");
    ok(dc_tau(2, 0, l, n, r) == 1 && dc_tau(0, 2, l, n, r) == 1 && dc_tau(2, 1, l, n, r) == 1 &&
           dc_tau(1, 2, l, n, r) == 1 && dc_tau(5, 5, l, n, r) == 1,
       "tau is 1 away from the four low scores");
    ok(dc_tau(0, 0, l, n, 0) == 1 && dc_tau(1, 1, l, n, 0) == 1, "tau is 1 when rho = 0");
}

static void test_matrix(double l, double n, double r)
{
    double p[DC_CELLS], q[DC_CELLS], z = 0, sum = 0, worst = 0;
    dc_score_matrix(l, n, r, p);
    for (int x = 0; x < G; x++)
        for (int y = 0; y < G; y++) {
            q[x * G + y] = pmf(l, x) * pmf(n, y) * my_tau(x, y, l, n, r);
            z += q[x * G + y];
        }
    for (int i = 0; i < DC_CELLS; i++) {
        sum += p[i];
        worst = fmax(worst, fabs(p[i] - q[i] / z) / (q[i] / z));
    }
    is_close(sum, 1, 1e-14, "matrix sums to 1");
    ok(worst < 1e-12, "matrix(%g, %g, %g) = Poisson x Poisson x tau / its sum (rel. err %g)", l,
       n, r, worst);
    ok(fabs(z - 1) < 1e-6, "matrix(%g, %g, %g): renormalisation drops less than 1e-6 (%g)", l, n,
       r, 1 - z);
}

static void test_probs(void)
{
    const double l = 1.45, n = 1.05;
    double p[DC_CELLS];
    struct dc_probs o;

    /* rho = 0: independent Poisson goals, known closed forms. */
    dc_score_matrix(l, n, 0, p);
    dc_probs_from_matrix(p, &o);
    is_close(o.home + o.draw + o.away, 1, 1e-14, "probs: home + draw + away = 1");
    is_close(o.xg_home, l, 1e-6, "probs: xg_home = lambda for rho = 0 (up to truncation)");
    is_close(o.xg_away, n, 1e-6, "probs: xg_away = nu for rho = 0 (up to truncation)");
    double t = l + n, le2 = exp(-t) * (1 + t + t * t / 2);
    is_close(o.over_2_5, 1 - le2, 1e-6, "probs: over 2.5 = 1 - P(Poisson(lambda + nu) <= 2)");
    is_close(o.btts, (1 - exp(-l)) * (1 - exp(-n)), 1e-6,
             "probs: btts = (1 - e^-lambda)(1 - e^-nu)");
    double draw = 0;
    for (int k = 0; k < 40; k++)
        draw += pmf(l, k) * pmf(n, k);
    is_close(o.draw, draw, 1e-6, "probs: draw = sum_k P(X = k) P(Y = k)");
    ok(o.best_home == 1 && o.best_away == 1, "probs: most likely score 1-1 (%d-%d)", o.best_home,
       o.best_away);

    /* rho != 0: against sums over the test's own matrix. */
    const double r = -0.15;
    double q[DC_CELLS], z = 0, h = 0, d = 0, a = 0, ov = 0, bt = 0, xh = 0, xa = 0;
    dc_score_matrix(l, n, r, p);
    dc_probs_from_matrix(p, &o);
    for (int x = 0; x < G; x++)
        for (int y = 0; y < G; y++)
            z += q[x * G + y] = pmf(l, x) * pmf(n, y) * my_tau(x, y, l, n, r);
    for (int x = 0; x < G; x++)
        for (int y = 0; y < G; y++) {
            double v = q[x * G + y] / z;
            h += x > y ? v : 0, d += x == y ? v : 0, a += x < y ? v : 0;
            ov += x + y >= 3 ? v : 0, bt += x >= 1 && y >= 1 ? v : 0;
            xh += x * v, xa += y * v;
        }
    is_close(o.home, h, 1e-13, "probs rho=-0.15: home");
    is_close(o.draw, d, 1e-13, "probs rho=-0.15: draw");
    is_close(o.away, a, 1e-13, "probs rho=-0.15: away");
    is_close(o.over_2_5, ov, 1e-13, "probs rho=-0.15: over 2.5");
    is_close(o.btts, bt, 1e-13, "probs rho=-0.15: btts");
    is_close(o.xg_home, xh, 1e-12, "probs rho=-0.15: xg home");
    is_close(o.xg_away, xa, 1e-12, "probs rho=-0.15: xg away");
    double d0;
    dc_score_matrix(l, n, 0, q);
    d0 = q[0] + q[G + 1];
    ok(p[0] + p[G + 1] > d0, "probs: negative rho raises 0-0 and 1-1");
}

/* ---- a hand-made league ------------------------------------------------ */

static const char *const team_names[] = { "Ash", "Birch", "Cedar", "Elm" };

/* A double round robin of four teams, by index, home first. */
static const int pairing[12][2] = {
    { 0, 1 }, { 2, 3 }, { 0, 2 }, { 1, 3 }, { 0, 3 }, { 1, 2 },
    { 1, 0 }, { 3, 2 }, { 2, 0 }, { 3, 1 }, { 3, 0 }, { 2, 1 },
};

/* Five seasons of scores, in the order of `pairing`: varied, with enough
 * 0-0, 1-0, 0-1 and 1-1 for rho to have an interior optimum. */
static const char *const season_scores[5] = {
    "2-1 1-1 0-0 3-1 1-0 0-2 1-1 2-2 1-0 0-1 2-0 1-3",
    "1-0 0-0 2-2 1-1 3-0 1-2 0-1 1-0 2-1 1-1 0-0 2-0",
    "3-2 1-0 1-1 0-0 2-1 0-1 2-0 0-1 1-1 2-3 1-2 1-0",
    "0-1 2-1 1-0 1-2 4-1 1-1 1-0 0-0 0-2 1-0 1-1 3-1",
    "1-1 0-2 2-1 2-0 0-0 2-2 3-1 1-1 1-0 0-1 2-1 0-0",
};

static int season_start(int r) { return 16655 + r * 365; } /* 2015-08-08 + r years */

/* The four-team league; with `extras`, also a side that never scores (Fir,
 * 8 matches mid-way through the last season), one with too few matches
 * (Gum, 3 matches in the first season) and two unplayed fixtures. */
static void build_league(struct fixture_set *s, int extras)
{
    char season[8];
    memset(s, 0, sizeof *s);
    for (int r = 0; r < 5; r++) {
        snprintf(season, sizeof season, "%04u-%02u", 2015u + (unsigned)r % 100,
                 (16u + (unsigned)r) % 100);
        const char *sc = season_scores[r];
        for (int k = 0; k < 12; k++) {
            int hg = sc[4 * k] - '0', ag = sc[4 * k + 2] - '0';
            add_fixture(s, season, season_start(r) + 7 * k, team_names[pairing[k][0]],
                        team_names[pairing[k][1]], hg, ag);
        }
    }
    if (!extras)
        return;
    for (int k = 0; k < 8; k++) {
        const char *other = team_names[k % 4];
        if (k % 2)
            add_fixture(s, "2019-20", season_start(4) + 7 * k + 3, "Fir", other, 0, 1 + k % 3);
        else
            add_fixture(s, "2019-20", season_start(4) + 7 * k + 3, other, "Fir", k % 3, 0);
    }
    add_fixture(s, "2015-16", season_start(0) + 1, "Gum", "Ash", 1, 1);
    add_fixture(s, "2015-16", season_start(0) + 8, "Birch", "Gum", 2, 1);
    add_fixture(s, "2015-16", season_start(0) + 15, "Gum", "Cedar", 0, 2);
    add_fixture(s, "2020-21", season_start(5), "Ash", "Birch", NO_GOALS, NO_GOALS);
    add_fixture(s, "2020-21", season_start(5), "Cedar", "Elm", NO_GOALS, NO_GOALS);
}

/* Parameters of a model, to be perturbed. */
struct params {
    double mu, home, rho;
    double att[8], def[8];
    int nteams;
};

static void params_of(const struct dc_model *m, struct params *p)
{
    memset(p, 0, sizeof *p);
    p->mu = m->mu, p->home = m->home, p->rho = m->rho, p->nteams = m->nteams;
    for (int t = 0; t < m->nteams && t < 8; t++)
        p->att[t] = m->team[t].attack, p->def[t] = m->team[t].defence;
}

static int find_team(const struct dc_model *m, const char *name)
{
    for (int t = 0; t < m->nteams; t++)
        if (strcmp(m->team[t].name, name) == 0)
            return t;
    return -1;
}

/* The test's own weighted Dixon–Coles log-likelihood, constants included:
 * every played match before `until` between two of the model's teams, with
 * weight decay^((last - date) / 365.25), `last` the model's last match. */
static double my_loglik(const struct fixture_set *s, const struct dc_model *m,
                        const struct params *p, double decay, int until, int use_rho)
{
    double ll = 0;
    for (size_t i = 0; i < s->n; i++) {
        const struct fixture *f = &s->v[i];
        int h = find_team(m, f->home), a = find_team(m, f->away);
        if (f->home_goals == NO_GOALS || f->date >= until || h < 0 || a < 0)
            continue;
        int x = f->home_goals, y = f->away_goals;
        double w = pow(decay, (m->last_date - f->date) / 365.25);
        double l = exp(p->mu + p->home + p->att[h] - p->def[a]);
        double n = exp(p->mu + p->att[a] - p->def[h]);
        double v = x * log(l) - l - lgamma(x + 1.0) + y * log(n) - n - lgamma(y + 1.0);
        if (use_rho)
            v += log(my_tau(x, y, l, n, p->rho));
        ll += w * v;
    }
    return ll;
}

static struct dc_options options(double decay, int use_rho)
{
    struct dc_options o = { .decay = decay, .use_rho = use_rho, .until = INT_MAX, .min_matches = 10,
                            .min_team_matches = 6 /* the hand-made leagues are sized for it */ };
    return o;
}

/* Every direction of the free parameters: the log-likelihood falls both
 * ways (a maximum) and its central difference is ~0 (a stationary point). */
static void check_optimum(const char *what, const struct fixture_set *s,
                          const struct dc_model *m, double decay, int until)
{
    const double h = 1e-5;
    struct params p0;
    params_of(m, &p0);
    double ll0 = my_loglik(s, m, &p0, decay, until, m->use_rho);
    char name[96];
    snprintf(name, sizeof name, "%s: diagnostics.loglik is the test's weighted loglik", what);
    is_close(m->loglik, ll0, 1e-9 * fabs(ll0), name);

    int ndir = 2 + 2 * (m->nteams - 1) + (m->use_rho ? 1 : 0), falls = 0;
    double worst_grad = 0;
    for (int d = 0; d < ndir; d++) {
        double ll[2];
        for (int side = 0; side < 2; side++) {
            struct params p = p0;
            double e = side ? -h : h;
            int k = d - 2, T = m->nteams - 1;
            if (d == 0)
                p.mu += e;
            else if (d == 1)
                p.home += e;
            else if (k < T) /* attack: +e on team k, -e on the next, sum stays 0 */
                p.att[k] += e, p.att[k + 1] -= e;
            else if (k < 2 * T)
                p.def[k - T] += e, p.def[k - T + 1] -= e;
            else
                p.rho += e;
            ll[side] = my_loglik(s, m, &p, decay, until, m->use_rho);
        }
        falls += ll[0] < ll0 && ll[1] < ll0;
        worst_grad = fmax(worst_grad, fabs(ll[0] - ll[1]) / (2 * h));
    }
    ok(falls == ndir, "%s: all %d perturbations lower the loglik (%d do)", what, 2 * ndir,
       2 * falls);
    ok(worst_grad < 1e-5, "%s: finite-difference gradient ~0 (max %g)", what, worst_grad);
    ok(m->grad_norm < 1e-6, "%s: reported gradient norm %g < 1e-6", what, m->grad_norm);

    double sa = 0, sd = 0;
    for (int t = 0; t < m->nteams; t++)
        sa += m->team[t].attack, sd += m->team[t].defence;
    ok(fabs(sa) < 1e-12 && fabs(sd) < 1e-12, "%s: attack and defence sum to 0 (%g, %g)", what,
       sa, sd);
}

static char *json_text(const struct dc_model *m)
{
    cJSON *j = dc_to_json(m);
    char *text = cJSON_Print(j);
    cJSON_Delete(j);
    return text;
}

static void test_fit_basic(void)
{
    struct fixture_set s;
    struct dc_model m, m2;
    struct dc_options o = options(0.8, 1);
    char err[160] = "";
    build_league(&s, 0);

    int rc = dc_fit(s.v, s.n, &o, &m, err, sizeof err);
    ok(rc == 0, "fit: converges on the four-team league (%s)", err);
    ok(m.nteams == 4 && m.nmatches == 60, "fit: 4 teams, 60 matches (%d, %d)", m.nteams,
       m.nmatches);
    int sorted = 1;
    for (int t = 0; t < m.nteams; t++)
        sorted &= strcmp(m.team[t].name, team_names[t]) == 0;
    ok(sorted, "fit: teams sorted by name");
    ok(dc_team_index(&m, "Cedar") == 2 && dc_team_index(&m, "Oak") == -1 &&
           dc_team_index(&m, "") == -1,
       "fit: dc_team_index finds teams, -1 for unknown");
    ok(strcmp(m.league, "test_league") == 0, "fit: league name kept");
    ok(m.first_date == season_start(0) && m.last_date == season_start(4) + 77,
       "fit: first and last dates");
    ok(m.rho < 0 && m.rho > -1 && !m.rho_at_bound,
       "fit: rho %g is interior and negative on this data", m.rho);
    check_optimum("decay 0.8", &s, &m, 0.8, INT_MAX);

    /* Team diagnostics: matches and weights by the test's own sums. */
    double w_ash = 0;
    for (size_t i = 0; i < s.n; i++)
        if (!strcmp(s.v[i].home, "Ash") || !strcmp(s.v[i].away, "Ash"))
            w_ash += pow(0.8, (m.last_date - s.v[i].date) / 365.25);
    ok(m.team[0].matches == 30, "fit: Ash played 30 matches");
    is_close(m.team[0].weight, w_ash, 1e-12, "fit: Ash's total weight");

    /* The rho constraints hold for every pair of fitted teams. */
    int feasible = 1;
    for (int h = 0; h < m.nteams; h++)
        for (int a = 0; a < m.nteams; a++) {
            double l, n;
            if (h == a)
                continue;
            dc_rates(&m, h, a, &l, &n);
            feasible &= 1 - l * n * m.rho > 0 && 1 + l * m.rho > 0 && 1 + n * m.rho > 0 &&
                        1 - m.rho > 0;
        }
    ok(feasible, "fit: every tau is positive for every fitted pair");

    /* dc_rates by the model's formula. */
    double l, n;
    dc_rates(&m, 1, 3, &l, &n);
    is_close(l, exp(m.mu + m.home + m.team[1].attack - m.team[3].defence), 1e-14,
             "rates: lambda = exp(mu + home + att_h - def_a)");
    is_close(n, exp(m.mu + m.team[3].attack - m.team[1].defence), 1e-14,
             "rates: nu = exp(mu + att_a - def_h)");

    /* The fallback: mean of the three weakest (attack + defence) teams. */
    double str[4], fa = 0, fd = 0;
    int idx[4] = { 0, 1, 2, 3 };
    for (int t = 0; t < 4; t++)
        str[t] = m.team[t].attack + m.team[t].defence;
    for (int i = 0; i < 4; i++) /* the strongest goes last */
        for (int j = i + 1; j < 4; j++)
            if (str[idx[j]] < str[idx[i]]) {
                int tmp = idx[i];
                idx[i] = idx[j], idx[j] = tmp;
            }
    for (int i = 0; i < 3; i++)
        fa += m.team[idx[i]].attack / 3, fd += m.team[idx[i]].defence / 3;
    is_close(m.fallback_attack, fa, 1e-14, "fallback: attack is the mean of the weakest 3");
    is_close(m.fallback_defence, fd, 1e-14, "fallback: defence is the mean of the weakest 3");
    dc_rates(&m, -1, 3, &l, &n);
    is_close(l, exp(m.mu + m.home + fa - m.team[3].defence), 1e-14,
             "rates: an unknown home side (-1) takes the fallback");

    /* Determinism. */
    rc = dc_fit(s.v, s.n, &o, &m2, err, sizeof err);
    char *t1 = json_text(&m), *t2 = json_text(&m2);
    ok(rc == 0 && strcmp(t1, t2) == 0, "fit: twice on the same data, identical JSON");
    free(t2);
    dc_free(&m2);

    /* JSON round trip: every number exactly. */
    cJSON *parsed = cJSON_Parse(t1);
    dc_from_json(parsed, "round-trip", &m2);
    cJSON_Delete(parsed);
    int same = m2.nteams == m.nteams && m2.mu == m.mu && m2.home == m.home &&
               m2.rho == m.rho && m2.decay == m.decay && m2.use_rho == m.use_rho &&
               m2.min_team_matches == m.min_team_matches &&
               m2.fallback_attack == m.fallback_attack &&
               m2.fallback_defence == m.fallback_defence && m2.loglik == m.loglik &&
               m2.grad_norm == m.grad_norm && m2.iterations == m.iterations &&
               m2.rho_at_bound == m.rho_at_bound &&
               m2.nmatches == m.nmatches && m2.first_date == m.first_date &&
               m2.last_date == m.last_date && m2.until == m.until &&
               strcmp(m2.league, m.league) == 0;
    for (int t = 0; same && t < m.nteams; t++)
        same = strcmp(m2.team[t].name, m.team[t].name) == 0 &&
               m2.team[t].attack == m.team[t].attack &&
               m2.team[t].defence == m.team[t].defence &&
               m2.team[t].weight == m.team[t].weight &&
               m2.team[t].matches == m.team[t].matches &&
               m2.team[t].last_date == m.team[t].last_date;
    ok(same, "json: dc_to_json -> dc_from_json gives bit-identical parameters");
    t2 = json_text(&m2);
    ok(strcmp(t1, t2) == 0, "json: and prints the same text again");
    free(t1), free(t2);
    dc_free(&m2);

    /* decay 1: every weight 1, and a different fit. */
    o = options(1, 1);
    rc = dc_fit(s.v, s.n, &o, &m2, err, sizeof err);
    ok(rc == 0, "fit decay 1: converges");
    check_optimum("decay 1", &s, &m2, 1, INT_MAX);
    is_close(m2.team[0].weight, 30, 1e-12, "fit decay 1: Ash's weight is its 30 matches");
    ok(fabs(m2.team[0].attack - m.team[0].attack) > 1e-4 && fabs(m2.rho - m.rho) > 1e-6,
       "fit: decay 1 and decay 0.8 give different parameters");
    dc_free(&m2);

    /* No rho. */
    o = options(0.8, 0);
    rc = dc_fit(s.v, s.n, &o, &m2, err, sizeof err);
    ok(rc == 0 && m2.rho == 0 && !m2.use_rho, "fit no rho: converges with rho exactly 0");
    check_optimum("no rho", &s, &m2, 0.8, INT_MAX);
    dc_free(&m2);

    dc_free(&m);
    fixtures_free(&s);
}

static void test_fit_until(void)
{
    struct fixture_set s;
    struct dc_model m;
    struct dc_options o = options(0.8, 1);
    char err[160] = "";
    build_league(&s, 0);
    o.until = season_start(4) + 7 * 6; /* the first 6 matches of the last season */
    int rc = dc_fit(s.v, s.n, &o, &m, err, sizeof err);
    ok(rc == 0, "until: converges (%s)", err);
    ok(m.nmatches == 54, "until: 48 + 6 matches before the day (%d)", m.nmatches);
    ok(m.last_date == o.until - 7 && m.until == o.until, "until: last date before it, and kept");
    check_optimum("until", &s, &m, 0.8, o.until);
    dc_free(&m);

    o.until = season_start(0) + 7 * 12; /* the 12 matches of the first season */
    o.min_matches = 13;
    strcpy(err, "");
    rc = dc_fit(s.v, s.n, &o, &m, err, sizeof err);
    ok(rc == -1 && strstr(err, "12 played matches") && strstr(err, "minimum 13"),
       "min_matches: 12 < 13 is an error naming both ('%s')", err);
    o.until = season_start(0); /* nothing at all */
    o.min_matches = 1;
    rc = dc_fit(s.v, s.n, &o, &m, err, sizeof err);
    ok(rc == -1, "min_matches: no match before until is an error ('%s')", err);
    fixtures_free(&s);
}

/* Fir never scores: its attack has no finite estimate, so it is left out
 * (and predicted with the fallback); Gum has 3 matches, fewer than the 6
 * a team needs; unplayed fixtures are never fitted. Without them the fit
 * is that of the four-team league. */
static void test_fit_left_out(void)
{
    struct fixture_set plain, extra;
    struct dc_model m, m4;
    struct dc_options o = options(0.8, 1);
    char err[160] = "";
    build_league(&plain, 0);
    build_league(&extra, 1);
    int rc = dc_fit(extra.v, extra.n, &o, &m, err, sizeof err);
    ok(rc == 0, "left out: converges with a team that never scores (%s)", err);
    ok(dc_team_index(&m, "Fir") == -1 && dc_team_index(&m, "Gum") == -1,
       "left out: Fir (no goals) and Gum (3 matches) are unknown to the model");
    ok(m.nteams == 4 && m.nmatches == 60, "left out: 4 teams, 60 matches (%d, %d)", m.nteams,
       m.nmatches);
    ok(isfinite(m.mu) && m.grad_norm < 1e-6, "left out: finite parameters, gradient %g",
       m.grad_norm);
    dc_fit(plain.v, plain.n, &o, &m4, err, sizeof err);
    char *t1 = json_text(&m), *t2 = json_text(&m4);
    ok(strcmp(t1, t2) == 0, "left out: same model as without those teams and fixtures");
    free(t1), free(t2);

    struct dc_probs pr;
    dc_predict(&m, dc_team_index(&m, "Fir"), 0, &pr);
    ok(fabs(pr.home + pr.draw + pr.away - 1) < 1e-12, "left out: Fir is predicted (fallback)");

    o.min_team_matches = 3;
    dc_free(&m);
    rc = dc_fit(extra.v, extra.n, &o, &m, err, sizeof err);
    ok(rc == 0 && dc_team_index(&m, "Gum") >= 0 && dc_team_index(&m, "Fir") == -1,
       "left out: with min_team_matches 3, Gum is fitted, Fir still not");
    dc_free(&m);
    dc_free(&m4);
    fixtures_free(&plain);
    fixtures_free(&extra);
}

/* Old matches under a strong decay: Yew, last seen in 1960, weighs less
 * than a match can (left out); Oak, last seen in 2000, weighs ~1e-4 of a
 * current match: fitted, and the fit stays well conditioned. */
static void test_fit_ancient(void)
{
    const double decay = 0.575; /* the ages below are sized for it */
    struct fixture_set s;
    struct dc_model m;
    struct dc_options o = options(decay, 1);
    char err[160] = "";
    build_league(&s, 0);
    for (int k = 0; k < 8; k++) {
        const char *other = team_names[k % 4];
        int hg = k % 3, ag = (k + 1) % 2 + k / 4;
        add_fixture(&s, "1960-61", -3432 + 7 * k, k % 2 ? "Yew" : other, k % 2 ? other : "Yew",
                    hg, ag);
        add_fixture(&s, "2000-01", 11170 + 7 * k, k % 2 ? "Oak" : other, k % 2 ? other : "Oak",
                    hg, ag);
    }
    int rc = dc_fit(s.v, s.n, &o, &m, err, sizeof err);
    ok(rc == 0, "ancient: converges at decay 0.575 (%s)", err);
    ok(dc_team_index(&m, "Yew") == -1 && dc_team_index(&m, "Oak") >= 0,
       "ancient: Yew (1960) left out, Oak (2000) fitted");
    ok(m.nmatches == 68 && m.first_date == 11170, "ancient: 68 matches from 2000-08-01 (%d)",
       m.nmatches);
    int oak = dc_team_index(&m, "Oak");
    ok(oak >= 0 && m.team[oak].weight < 1e-3 && isfinite(m.team[oak].attack),
       "ancient: Oak's weight %g is tiny, its parameters finite", oak >= 0 ? m.team[oak].weight : 0);
    check_optimum("ancient", &s, &m, decay, INT_MAX);
    dc_free(&m);
    fixtures_free(&s);
}

/* A league of 0-0s and 1-1s where Ash beats Birch 6-0 every time: rho
 * wants to be more negative than 1 + lambda rho > 0 allows for that pair,
 * so the maximum lies on the edge of rho's feasible range. Fir (6 matches,
 * against Cedar and Elm only, conceding many) never met Ash or Birch. */
static void build_edge_league(struct fixture_set *s)
{
    static const char *const sc[12] = { "0-0", "1-1", "0-0", "1-1", "0-0", "2-1",
                                        "1-2", "0-0", "1-1", "3-0", "0-0", "1-1" };
    static const struct { const char *h, *a; int hg, ag; } fir[6] = {
        { "Cedar", "Fir", 4, 1 }, { "Fir", "Elm", 0, 3 }, { "Elm", "Fir", 5, 1 },
        { "Fir", "Cedar", 1, 4 }, { "Cedar", "Fir", 3, 0 }, { "Fir", "Elm", 1, 3 },
    };
    char season[8];
    memset(s, 0, sizeof *s);
    for (int r = 0; r < 3; r++) {
        snprintf(season, sizeof season, "%04u-%02u", 2015u + (unsigned)r % 100,
                 (16u + (unsigned)r) % 100);
        int k = 0;
        for (int h = 0; h < 4; h++)
            for (int a = 0; a < 4; a++) {
                if (h == a)
                    continue;
                const char *x = sc[(k + r) % 12];
                int six = h == 0 && a == 1;
                add_fixture(s, season, season_start(r) + 7 * k, team_names[h], team_names[a],
                            six ? 6 : x[0] - '0', six ? 0 : x[2] - '0');
                k++;
            }
    }
    for (int k = 0; k < 6; k++)
        add_fixture(s, "2017-18", season_start(2) + 85 + 7 * k, fir[k].h, fir[k].a, fir[k].hg,
                    fir[k].ag);
}

/* Whether the score matrix of every pairing the model can be asked for
 * (its teams and the fallback, as predict does) is a distribution. */
static int matrices_nonnegative(const struct dc_model *m, double *worst)
{
    double p[DC_CELLS], lo = 0;
    for (int h = -1; h < m->nteams; h++)
        for (int a = -1; a < m->nteams; a++) {
            double l, n;
            if (h == a && h >= 0)
                continue;
            dc_rates(m, h, a, &l, &n);
            dc_score_matrix(l, n, m->rho, p);
            for (int i = 0; i < DC_CELLS; i++)
                lo = fmin(lo, p[i]);
        }
    *worst = lo;
    return lo >= 0;
}

static void test_fit_edge(void)
{
    struct fixture_set s;
    struct dc_model m;
    struct dc_options o = options(0.8, 1);
    char err[160] = "";
    build_edge_league(&s);
    int rc = dc_fit(s.v, s.n, &o, &m, err, sizeof err);
    ok(rc == 0 && m.nteams == 5 && m.nmatches == 42, "edge: converges (%s)", err);
    ok(m.rho_at_bound, "edge: the maximum is on rho's edge (rho %g)", m.rho);
    struct params p0;
    params_of(&m, &p0);
    double ll0 = my_loglik(&s, &m, &p0, 0.8, INT_MAX, 1);
    is_close(m.loglik, ll0, 1e-9 * fabs(ll0), "edge: diagnostics.loglik is the test's loglik");

    /* Every tau of a fitted match is positive, the smallest near 0. */
    double min_tau = INFINITY;
    for (size_t i = 0; i < s.n; i++) {
        double l, n;
        dc_rates(&m, dc_team_index(&m, s.v[i].home), dc_team_index(&m, s.v[i].away), &l, &n);
        for (int c = 0; c < 4; c++)
            min_tau = fmin(min_tau, my_tau(c >> 1, c & 1, l, n, m.rho));
    }
    ok(min_tau > 0 && min_tau < 1e-4, "edge: every fitted match's tau > 0, the least %g",
       min_tau);
    /* On the edge the likelihood rises outwards: moving rho inwards lowers it. */
    struct params in = p0;
    in.rho += m.rho < 0 ? 1e-4 : -1e-4;
    ok(my_loglik(&s, &m, &in, 0.8, INT_MAX, 1) < ll0, "edge: moving rho inwards lowers it");

    double worst;
    int nonneg = matrices_nonnegative(&m, &worst);
    ok(nonneg,
       "edge: no negative score probability for any pair of the model's teams (least %g)",
       worst);
    dc_free(&m);
    fixtures_free(&s);
}

/* The largest difference between two fits' parameters (of the same teams). */
static double params_diff(const struct dc_model *a, const struct dc_model *b)
{
    double worst = fmax(fabs(a->mu - b->mu), fmax(fabs(a->home - b->home), fabs(a->rho - b->rho)));
    if (a->nteams != b->nteams)
        return INFINITY;
    for (int t = 0; t < a->nteams; t++)
        worst = fmax(worst, fmax(fabs(a->team[t].attack - b->team[t].attack),
                                 fabs(a->team[t].defence - b->team[t].defence)));
    return worst;
}

/* dc_options.start: a fit started from the last week's model reaches the
 * maximum of a fit started afresh (in fewer iterations, on a league of
 * real size: test_warm_start_iterations); so does one started from a
 * model lacking one of its teams; a start whose rho leaves some score's
 * probability negative is not taken. */
static void test_fit_warm_start(void)
{
    struct fixture_set s, no_elm = { 0 };
    struct dc_model last_week, cold, warm, elmless, from_elmless, bad_start;
    struct dc_options o = options(0.8, 1);
    char err[160] = "";
    build_league(&s, 0);
    for (size_t i = 0; i < s.n; i++)
        if (strcmp(s.v[i].home, "Elm") != 0 && strcmp(s.v[i].away, "Elm") != 0)
            add_fixture(&no_elm, s.v[i].season, s.v[i].date, s.v[i].home, s.v[i].away,
                        s.v[i].home_goals, s.v[i].away_goals);
    o.until = season_start(4) + 7 * 8;
    int rc = dc_fit(s.v, s.n, &o, &cold, err, sizeof err);
    rc |= dc_fit(no_elm.v, no_elm.n, &o, &elmless, err, sizeof err);
    o.until -= 7;
    rc |= dc_fit(s.v, s.n, &o, &last_week, err, sizeof err);
    o.until += 7;
    o.start = &last_week;
    rc |= dc_fit(s.v, s.n, &o, &warm, err, sizeof err);
    o.start = &elmless;
    rc |= dc_fit(s.v, s.n, &o, &from_elmless, err, sizeof err);
    ok(rc == 0 && elmless.nteams == 3, "warm start: every fit converges (%s)", err);
    ok(params_diff(&warm, &cold) < 1e-8,
       "warm start: the parameters of the fit started afresh (largest difference %.2g)",
       params_diff(&warm, &cold));
    is_close(warm.loglik, cold.loglik, 1e-12 * fabs(cold.loglik),
             "warm start: the same log-likelihood");
    check_optimum("warm start", &s, &warm, 0.8, o.until);
    ok(params_diff(&from_elmless, &cold) < 1e-8,
       "warm start from a model without a team of the fit: the same maximum (largest "
       "difference %.2g)", params_diff(&from_elmless, &cold));

    last_week.rho = 5; /* tau(1, 1) = 1 - rho < 0 */
    o.start = &last_week;
    rc = dc_fit(s.v, s.n, &o, &bad_start, err, sizeof err);
    ok(rc == 0 && params_diff(&bad_start, &cold) == 0 && bad_start.iterations == cold.iterations,
       "warm start: an infeasible start is not taken: the fit afresh, to the bit (%d "
       "iterations, %s)", bad_start.iterations, err);
    dc_free(&last_week), dc_free(&cold), dc_free(&warm), dc_free(&elmless);
    dc_free(&from_elmless), dc_free(&bad_start);
    fixtures_free(&s), fixtures_free(&no_elm);
}

/* Two seasons of a 16-team double round robin whose sides differ as a
 * real league's do (attack and defence spread 0.3 about 0). */
static void build_spread_league(struct fixture_set *s)
{
    enum { TEAMS = 16 };
    char names[TEAMS][8];
    double att[TEAMS], def[TEAMS];
    struct rng r;
    rng_seed(&r, 20241130);
    memset(s, 0, sizeof *s);
    for (int t = 0; t < TEAMS; t++) {
        snprintf(names[t], sizeof names[t], "T%02d", t);
        att[t] = 0.3 * rng_normal(&r);
        def[t] = 0.3 * rng_normal(&r);
    }
    for (int season = 0; season < 2; season++)
        for (int h = 0; h < TEAMS; h++)
            for (int a = 0; a < TEAMS; a++)
                if (h != a) {
                    double lh = exp(0.1 + 0.25 + att[h] - def[a]), la = exp(0.1 + att[a] - def[h]);
                    add_fixture(s, season ? "2016-17" : "2015-16",
                                season_start(season) + 2 * (h * TEAMS + a) % 280, names[h],
                                names[a], knuth_poisson(&r, lh), knuth_poisson(&r, la));
                }
}

/* Weekly fits of a 16-team league with poisson_v2's options, each started
 * from the week before's (a walk's refits): as many iterations as afresh
 * or fewer, week by week, and fewer in all. (A fit without the prior of
 * build_league's four teams takes three iterations either way: at the
 * convergence tolerance, 1e-7, the moment start is as near.) */
static void test_warm_start_iterations(void)
{
    struct fixture_set s;
    struct dc_options o = DC_POISSON_V2_OPTIONS(10);
    struct dc_model last = { 0 }, cold, warm;
    char err[160] = "";
    int rc = 0, fewer_or_equal = 1, warm_total = 0, cold_total = 0;
    build_spread_league(&s);
    for (int week = 0; week < 8; week++) {
        o.until = season_start(1) + 140 + 7 * week;
        o.start = NULL;
        rc |= dc_fit(s.v, s.n, &o, &cold, err, sizeof err);
        o.start = week > 0 ? &last : NULL;
        rc |= dc_fit(s.v, s.n, &o, &warm, err, sizeof err);
        if (week > 0) {
            fewer_or_equal &= warm.iterations <= cold.iterations;
            warm_total += warm.iterations, cold_total += cold.iterations;
            dc_free(&last);
        }
        last = warm;
        dc_free(&cold);
    }
    ok(rc == 0 && fewer_or_equal && warm_total < cold_total,
       "warm start: no more iterations in any week, fewer in all (%d, afresh %d; %s)",
       warm_total, cold_total, err);
    dc_free(&last);
    fixtures_free(&s);
}

/* dc_options.goals_min_weight: the rows lighter than it are left out of
 * the likelihood as if absent (the first of two seasons, at 0.45 of the
 * last match's weight or less: the fit of the second season alone, every
 * side in both), the fit's teams kept; fewer of the league's rows left than
 * min_matches fail the fit; without a prior it is not taken. */
static void test_goals_min_weight(void)
{
    struct fixture_set s, second = { 0 };
    struct dc_options o = DC_POISSON_V2_OPTIONS(10);
    struct dc_model all, floor, alone, plain, plain_floor;
    char err[160] = "";
    build_spread_league(&s);
    for (size_t i = 0; i < s.n; i++)
        if (strcmp(s.v[i].season, "2016-17") == 0)
            add_fixture(&second, s.v[i].season, s.v[i].date, s.v[i].home, s.v[i].away,
                        s.v[i].home_goals, s.v[i].away_goals);
    o.goals_min_weight = 0;
    int rc = dc_fit(s.v, s.n, &o, &all, err, sizeof err);
    rc |= dc_fit(second.v, second.n, &o, &alone, err, sizeof err);
    o.goals_min_weight = 0.5;
    rc |= dc_fit(s.v, s.n, &o, &floor, err, sizeof err);
    ok(rc == 0 && floor.nteams == all.nteams && floor.nmatches == all.nmatches &&
       floor.goals_min_weight == 0.5,
       "goals_min_weight: the same teams and matches, the floor recorded (%s)", err);
    ok(params_diff(&floor, &alone) < 1e-7 && params_diff(&floor, &all) > 1e-3,
       "goals_min_weight: the fit of the heavier rows alone (largest difference %.2g; "
       "%.2g from every row's)", params_diff(&floor, &alone), params_diff(&floor, &all));
    struct dc_model few;
    o.goals_min_weight = 0.999; /* the last day or two's matches alone */
    rc = dc_fit(s.v, s.n, &o, &few, err, sizeof err);
    ok(rc != 0 && strstr(err, "weigh at least 0.999 of the newest (the goals likelihood's floor), "
                              "fewer than the minimum 10"),
       "goals_min_weight: too few rows left to fit is a failure (%s)", err);
    o.ridge = 0;
    o.goals_min_weight = 0;
    err[0] = '\0';
    rc = dc_fit(s.v, s.n, &o, &plain, err, sizeof err);
    o.goals_min_weight = 0.5;
    rc |= dc_fit(s.v, s.n, &o, &plain_floor, err, sizeof err);
    ok(rc == 0 && plain_floor.goals_min_weight == 0 && params_diff(&plain, &plain_floor) == 0,
       "goals_min_weight: not taken without a prior (%s)", err);
    dc_free(&all), dc_free(&floor), dc_free(&alone), dc_free(&plain), dc_free(&plain_floor);
    fixtures_free(&s), fixtures_free(&second);
}

/* A fit without a start model begins at each team's goals for and against
 * (moment_start in dc_fit.c): the maximum of a fit started with every team
 * equal at the league's mean rate (the start of older versions, given here
 * as a start model of zeros), in fewer iterations. */
static void test_fit_moment_start(void)
{
    struct fixture_set s;
    struct dc_model cold, equal, from_equal;
    struct dc_options o = options(0.8, 1);
    char err[160] = "";
    build_spread_league(&s);
    int rc = dc_fit(s.v, s.n, &o, &cold, err, sizeof err);
    equal = cold;
    equal.team = xcalloc(cold.nteams, sizeof *equal.team);
    double goals = 0;
    for (size_t i = 0; i < s.n; i++)
        goals += s.v[i].home_goals + s.v[i].away_goals;
    for (int t = 0; t < cold.nteams; t++)
        equal.team[t].name = cold.team[t].name;
    equal.mu = log(goals / (2.0 * s.n));
    equal.home = equal.rho = 0;
    o.start = &equal;
    rc |= dc_fit(s.v, s.n, &o, &from_equal, err, sizeof err);
    ok(rc == 0 && cold.nteams == 16, "moment start: both fits converge (%s)", err);
    ok(params_diff(&from_equal, &cold) < 1e-8,
       "moment start: the maximum of a fit started at the mean rate (largest difference %.2g)",
       params_diff(&from_equal, &cold));
    ok(cold.iterations < from_equal.iterations,
       "moment start: fewer iterations than from the mean rate (%d, from it %d)",
       cold.iterations, from_equal.iterations);
    free(equal.team);
    dc_free(&cold), dc_free(&from_equal);
    fixtures_free(&s);
}

/* A ridge fit with a season discount whose league row on a season's first
 * day is dropped (its side too light to fit): the seasons' first days the
 * discount found are not those of the rows fitted, and the prior must take
 * the rows' own (dc_fit.c keeps the discount's only while no league row is
 * dropped). The fit is then the fit of the rows without it, to the bit:
 * here the dropped row is a season of its own, before the others, which a
 * stale list would count as the season every side was promoted into. */
static void test_fit_dropped_season_opener(void)
{
    struct fixture_set with, without;
    struct dc_model a, b;
    struct dc_options o = options(0.8, 1);
    char err[160] = "";
    o.ridge = 3;
    o.season_weight = 0.01; /* three seasons on, the lone row weighs < 1e-6 */
    o.until = season_start(3);
    build_league(&without, 0);
    memset(&with, 0, sizeof with);
    add_fixture(&with, "2014-15", season_start(0) - 60, "Gum", "Ash", 1, 1);
    for (size_t i = 0; i < without.n; i++) {
        const struct fixture *f = &without.v[i];
        add_fixture(&with, f->season, f->date, f->home, f->away, f->home_goals, f->away_goals);
    }
    int rc_a = dc_fit(with.v, with.n, &o, &a, err, sizeof err);
    int rc_b = dc_fit(without.v, without.n, &o, &b, err, sizeof err), rc = rc_a | rc_b;
    ok(rc == 0 && a.nteams == 4 && find_team(&a, "Gum") < 0,
       "a season's only row, too light to fit, is dropped (%s)", err);
    ok(rc == 0 && params_diff(&a, &b) == 0 && a.newcomers == b.newcomers &&
           a.fallback_promoted == b.fallback_promoted && a.fallback_attack == b.fallback_attack,
       "and the fit is the fit without it: the same prior, the same bits (difference %.2g; "
       "promoted sides averaged %d and %d)",
       rc == 0 ? params_diff(&a, &b) : -1, rc == 0 ? a.fallback_promoted : -1,
       rc == 0 ? b.fallback_promoted : -1);
    if (rc_a == 0)
        dc_free(&a);
    if (rc_b == 0)
        dc_free(&b);
    fixtures_free(&with), fixtures_free(&without);
}

int main(void)
{
    test_tau();
    test_matrix(1.45, 1.05, 0);
    test_matrix(1.45, 1.05, -0.1);
    test_matrix(2.6, 0.4, 0.05);
    test_matrix(0.3, 0.25, -0.9);
    test_probs();
    test_fit_basic();
    test_fit_until();
    test_fit_left_out();
    test_fit_ancient();
    test_fit_edge();
    test_fit_warm_start();
    test_warm_start_iterations();
    test_goals_min_weight();
    test_fit_moment_start();
    test_fit_dropped_season_opener();
    return done_testing();
}
