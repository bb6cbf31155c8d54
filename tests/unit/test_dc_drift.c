/* test_dc_drift.c: the parts of the Dixon–Coles fit that follow time
 * beyond the decay (dc.h): the season weight (each earlier season of the
 * league weighed season_weight^k more) and the league's levels, mu and
 * home, refitted with their own decay. On simulated leagues: the weights
 * against the test's own sum, the season weight against the same fit on
 * rows repeated, the levels' refit as a stationary point of the test's own
 * likelihood, and a drifting home advantage recovered. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "dc.h"
#include "rng.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testdc.h"
#include "testfixtures.h"

#define MAX_TEAMS 20

static int poisson_draw(struct rng *r, double rate)
{
    double u = rng_uniform(r), p = exp(-rate), cdf = p;
    int k = 0;
    while (u > cdf && k < 30) {
        p *= rate / ++k;
        cdf += p;
    }
    return k;
}

static int season_start(int r) { return 16655 + r * 365; } /* 2015-08-08 + r years */

/* A simulated league: nteams sides of fixed strength, a double round robin
 * each season (one round a week), home advantage home[r] in season r. */
static void simulate(struct fixture_set *s, int nteams, int nseasons, const double *home,
                     uint64_t seed)
{
    struct rng r;
    double att[MAX_TEAMS], def[MAX_TEAMS];
    char name[MAX_TEAMS][8], season[8];
    rng_seed(&r, seed);
    memset(s, 0, sizeof *s);
    for (int t = 0; t < nteams; t++) {
        att[t] = 0.2 * rng_normal(&r);
        def[t] = 0.2 * rng_normal(&r);
        snprintf(name[t], sizeof name[t], "T%02d", t);
    }
    for (int k = 0; k < nseasons; k++) {
        snprintf(season, sizeof season, "%04d-%02d", 2015 + k, (16 + k) % 100);
        int round = 0;
        for (int h = 0; h < nteams; h++)
            for (int a = 0; a < nteams; a++) {
                if (h == a)
                    continue;
                double lambda = exp(0.15 + home[k] + att[h] - def[a]);
                double nu = exp(0.15 + att[a] - def[h]);
                add_fixture(s, season, season_start(k) + 7 * (round++ / (nteams / 2)), name[h],
                            name[a], poisson_draw(&r, lambda), poisson_draw(&r, nu));
            }
    }
}

static struct dc_options options(double decay)
{
    struct dc_options o = { .decay = decay, .use_rho = 1, .until = INT_MAX, .min_matches = 10,
                            .min_team_matches = 1 };
    return o;
}

static int fit(const struct fixture_set *s, const struct dc_options *o, struct dc_model *m)
{
    char err[200];
    int rc = dc_fit(s->v, s->n, o, m, err, sizeof err);
    if (rc != 0)
        diag("fit: %s", err);
    return rc;
}


/* Each team's weight in the fit is decay^(age / 365.25) × S^k summed over
 * its matches, k the seasons begun after the match. */
static void test_season_weights(void)
{
    const double home[3] = { 0.3, 0.3, 0.3 }, decay = 0.6, sw = 0.7;
    struct fixture_set s;
    struct dc_model m;
    simulate(&s, 6, 3, home, 1);
    size_t all = s.n;
    s.n -= 12; /* the last season part-played: fitted to mid-season */
    struct dc_options o = options(decay);
    o.season_weight = sw;
    ok(fit(&s, &o, &m) == 0, "season weight: the fit converges");
    ok(m.season_weight == sw, "season weight: the model records it (%g)", m.season_weight);
    double worst = 0;
    for (int t = 0; t < m.nteams; t++) {
        double want = 0;
        for (size_t i = 0; i < s.n; i++) {
            const struct fixture *f = &s.v[i];
            if (strcmp(f->home, m.team[t].name) != 0 && strcmp(f->away, m.team[t].name) != 0)
                continue;
            int later = (f->date < season_start(1)) + (f->date < season_start(2));
            want += pow(decay, (m.last_date - f->date) / 365.25) * pow(sw, later);
        }
        worst = fmax(worst, fabs(m.team[t].weight - want) / want);
    }
    ok(worst < 1e-12, "season weight: every team's weight is the test's sum (rel. err %g)", worst);
    dc_free(&m);
    s.n = all; /* the rows left out of the fit are freed too */
    fixtures_free(&s);
}

/* Without a ridge the fit depends only on the weights' ratios: season
 * weight 1/2 over two seasons is the fit with the last season's rows
 * listed twice. */
static void test_season_weight_as_repeats(void)
{
    const double home[2] = { 0.3, 0.3 };
    struct fixture_set s, twice;
    struct dc_model a, b, c;
    simulate(&s, 6, 2, home, 2);
    simulate(&twice, 6, 2, home, 2);
    for (size_t i = 0; i < s.n; i++)
        if (s.v[i].date >= season_start(1)) {
            const struct fixture *f = &s.v[i];
            add_fixture(&twice, f->season, f->date, f->home, f->away, f->home_goals,
                        f->away_goals);
        }
    struct dc_options o = options(1), plain = options(1);
    o.season_weight = 0.5;
    ok(fit(&s, &o, &a) == 0 && fit(&twice, &plain, &b) == 0, "repeats: both fits converge");
    double d = max_param_diff(&a, &b);
    ok(d < 1e-8, "repeats: season weight 0.5 = the last season listed twice (max diff %g)", d);
    o.season_weight = 1;
    int rc = fit(&s, &o, &c);
    d = rc == 0 ? max_param_diff(&a, &c) : 0;
    ok(d > 1e-3, "repeats: season weight 1 is another fit (diff %g)", d);
    dc_free(&a), dc_free(&b), dc_free(&c);
    fixtures_free(&s);
    fixtures_free(&twice);
}

/* The test's own log-likelihood of the model with mu and home moved by
 * (dmu, dhome), each match weighted level_decay^(age / 365.25). */
static double level_loglik(const struct fixture_set *s, const struct dc_model *m, double dmu,
                           double dhome)
{
    double ll = 0;
    for (size_t i = 0; i < s->n; i++) {
        const struct fixture *f = &s->v[i];
        int h = dc_team_index(m, f->home), a = dc_team_index(m, f->away);
        int x = f->home_goals, y = f->away_goals;
        double w = pow(m->level_decay, (m->last_date - f->date) / 365.25);
        double l = exp(m->mu + dmu + m->home + dhome + m->team[h].attack - m->team[a].defence);
        double n = exp(m->mu + dmu + m->team[a].attack - m->team[h].defence);
        ll += w * (x * log(l) - l + y * log(n) - n + log(dc_tau(x, y, l, n, m->rho)));
    }
    return ll;
}

/* A league whose home advantage vanished in its last season (as in
 * 2020-21, played without crowds): the levels' own faster decay follows it,
 * one decay for all does not. */
static void test_drifting_home(void)
{
    const double home[5] = { 0.4, 0.4, 0.4, 0.4, 0.0 }, eps = 1e-5;
    struct fixture_set s;
    struct dc_model one, levels, same;
    simulate(&s, 20, 5, home, 3);
    struct dc_options o = options(0.575);
    o.ridge = 3;
    ok(fit(&s, &o, &one) == 0, "drift: the fit with one decay converges");
    o.level_decay = 0.575;
    ok(fit(&s, &o, &same) == 0 && max_param_diff(&one, &same) == 0,
       "drift: level decay = decay is the fit with one decay");
    o.level_decay = 0.02;
    ok(fit(&s, &o, &levels) == 0, "drift: the fit with the levels' own decay converges");
    ok(levels.level_decay == 0.02 && one.level_decay == 0.575,
       "drift: the models record the levels' decay (%g, %g)", levels.level_decay,
       one.level_decay);
    double g_mu = (level_loglik(&s, &levels, eps, 0) - level_loglik(&s, &levels, -eps, 0)) / (2 * eps);
    double g_home = (level_loglik(&s, &levels, 0, eps) - level_loglik(&s, &levels, 0, -eps)) / (2 * eps);
    ok(fabs(g_mu) < 1e-5 && fabs(g_home) < 1e-5,
       "drift: mu and home maximise the levels' weighted likelihood (gradient %g, %g)", g_mu,
       g_home);
    ok(level_loglik(&s, &levels, 0, 0.01) < level_loglik(&s, &levels, 0, 0) &&
       level_loglik(&s, &levels, 0, -0.01) < level_loglik(&s, &levels, 0, 0),
       "drift: and a maximum");
    ok(fabs(levels.home) < 0.12, "drift: the levels' fit finds the last season's 0 (home %.3f)",
       levels.home);
    ok(one.home > 0.15, "drift: one decay for all stays between 0.4 and 0 (home %.3f)", one.home);
    int same_teams = one.nteams == levels.nteams;
    for (int t = 0; same_teams && t < one.nteams; t++)
        same_teams = one.team[t].attack == levels.team[t].attack &&
                     one.team[t].defence == levels.team[t].defence;
    ok(same_teams && one.rho == levels.rho, "drift: the teams and rho are the team fit's");
    dc_free(&one), dc_free(&levels), dc_free(&same);
    fixtures_free(&s);
}

int main(void)
{
    test_season_weights();
    test_season_weight_as_repeats();
    test_drifting_home();
    return done_testing();
}
