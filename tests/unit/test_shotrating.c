/* test_shotrating.c: the shots-on-target rating (shotrating.h) and the
 * goals fit that takes it (dc_options.shots_decay), on a simulated league
 * whose goals follow its shots: the rating at the maximum of its
 * penalised likelihood (finite differences), its ratings near the true
 * ones, a team without shots at 0; the goals fit with beta held at 0 the
 * fit without a shots rating, the fitted beta the maximum of the profile
 * likelihood and near the true 1, the forecasts' rates those of the model's
 * parameters; a second statistic rated without rows (corners) leaves the
 * fit as it was, its beta held at 0; a beta for the attack and one for the
 * defence (split_beta), both near 1; poisson_model.json's ratings read
 * back to the same rates; the names of the statistics rated. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "dc.h"
#include "shotrating.h"
#include "testdc.h"
#include "testfixtures.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

enum { TEAMS = 10, SEASONS = 4, SILENT = 9 }; /* team SILENT's rows have no shots */

static const char *const names[TEAMS] = { "Ajax", "Breda", "Cambuur", "Dordrecht", "Emmen",
                                          "Feyenoord", "Groningen", "Heerenveen", "Inter",
                                          "Jong" };

struct truth {
    double shot_attack[TEAMS], shot_defence[TEAMS], attack[TEAMS], defence[TEAMS];
};

/* SEASONS double round robins, a round a week: shots on target by the
 * true shots rating, goals by the goals rates plus 1 × its log rates. */
static void simulate(struct fixture_set *set, struct truth *t, struct rng *r)
{
    for (int i = 0; i < TEAMS; i++) {
        t->shot_attack[i] = 0.5 * (rng_uniform(r) - 0.5);
        t->shot_defence[i] = 0.5 * (rng_uniform(r) - 0.5);
        t->attack[i] = 0.2 * (rng_uniform(r) - 0.5);
        t->defence[i] = 0.2 * (rng_uniform(r) - 0.5);
    }
    memset(set, 0, sizeof *set);
    int day = 16000;
    for (int season = 0; season < SEASONS; season++, day += 100) {
        char name[16];
        snprintf(name, sizeof name, "%d-%02d", 2010 + season, 11 + season);
        for (int h = 0; h < TEAMS; h++)
            for (int a = 0; a < TEAMS; a++) {
                if (h == a)
                    continue;
                double ch = t->shot_attack[h] - t->shot_defence[a];
                double ca = t->shot_attack[a] - t->shot_defence[h];
                int hg = knuth_poisson(r, exp(0.2 + 0.25 + t->attack[h] - t->defence[a] + ch));
                int ag = knuth_poisson(r, exp(0.2 + t->attack[a] - t->defence[h] + ca));
                add_fixture(set, name, day++ / 2, names[h], names[a], hg, ag);
                struct fixture *f = &set->v[set->n - 1];
                if (h == SILENT || a == SILENT)
                    continue;
                f->stats[STAT_HOME_SHOTS_ON_TARGET] = knuth_poisson(r, exp(1.5 + 0.1 + ch));
                f->stats[STAT_AWAY_SHOTS_ON_TARGET] = knuth_poisson(r, exp(1.5 + ca));
                f->stats_present = 1u << STAT_HOME_SHOTS_ON_TARGET |
                                   1u << STAT_AWAY_SHOTS_ON_TARGET;
            }
    }
}

/* The rows of set with shots, as the rating takes them (team i: names[i]). */
struct rows_buf {
    int side[2 * TEAMS * TEAMS * SEASONS], shots[2 * TEAMS * TEAMS * SEASONS];
    double w[TEAMS * TEAMS * SEASONS];
};

static int team_of(const char *name)
{
    for (int i = 0; i < TEAMS; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

static struct shot_rows shot_rows_of(const struct fixture_set *set, struct rows_buf *b)
{
    size_t n = 0, half = TEAMS * TEAMS * SEASONS;
    for (size_t i = 0; i < set->n; i++) {
        const struct fixture *f = &set->v[i];
        if (!f->stats_present)
            continue;
        b->side[n] = team_of(f->home), b->side[half + n] = team_of(f->away);
        b->shots[n] = f->stats[STAT_HOME_SHOTS_ON_TARGET];
        b->shots[half + n] = f->stats[STAT_AWAY_SHOTS_ON_TARGET];
        b->w[n] = pow(0.5, (double)(set->v[set->n - 1].date - f->date) / 365.25);
        n++;
    }
    return (struct shot_rows){ n, b->side, b->side + half, b->w, b->shots, b->shots + half };
}

static void test_rating(const struct fixture_set *set, const struct truth *t)
{
    static struct rows_buf b;
    struct shot_rows rows = shot_rows_of(set, &b);
    struct shot_rating r;
    const double ridge = 3, e = 1e-6;
    int rc = shot_rating_fit(&rows, TEAMS, ridge, NULL, &r);
    ok(rc == 0, "the shots rating converges (%d iterations, gradient %.1e)", r.iterations,
       r.grad_norm);
    /* Finite differences of the objective at the fit, every parameter. */
    double th[2 + 2 * TEAMS], worst = 0, sa = 0, sd = 0, err = 0;
    th[0] = r.mu, th[1] = r.home;
    memcpy(th + 2, r.attack, TEAMS * sizeof *th);
    memcpy(th + 2 + TEAMS, r.defence, TEAMS * sizeof *th);
    for (int k = 0; k < 2 + 2 * TEAMS; k++) {
        double up[2 + 2 * TEAMS], down[2 + 2 * TEAMS];
        memcpy(up, th, sizeof th), memcpy(down, th, sizeof th);
        up[k] += e, down[k] -= e;
        double d = shot_rating_objective(&rows, TEAMS, ridge, up[0], up[1], up + 2, up + 2 + TEAMS) -
                   shot_rating_objective(&rows, TEAMS, ridge, down[0], down[1], down + 2,
                                         down + 2 + TEAMS);
        worst = fmax(worst, fabs(d / (2 * e)));
    }
    ok(worst < 1e-4, "at the maximum of the penalised likelihood (largest finite-difference "
       "slope %.1e)", worst);
    double ta = 0, td = 0; /* the truth's means over the teams with shots */
    for (int i = 0; i < TEAMS; i++)
        if (i != SILENT)
            ta += t->shot_attack[i] / (TEAMS - 1), td += t->shot_defence[i] / (TEAMS - 1);
    for (int i = 0; i < TEAMS; i++) {
        sa += r.attack[i], sd += r.defence[i];
        if (i != SILENT)
            err = fmax(err, fmax(fabs(r.attack[i] - (t->shot_attack[i] - ta)),
                                 fabs(r.defence[i] - (t->shot_defence[i] - td))));
    }
    ok(fabs(sa) < 1e-9 && fabs(sd) < 1e-9, "attack and defence sum to 0 (%.1e, %.1e)", sa, sd);
    ok(r.attack[SILENT] == 0 && r.defence[SILENT] == 0, "a team without shots stays at 0");
    ok(err < 0.15, "the ratings near the true ones, centred alike (largest error %.3f)", err);
    is_close(r.home, 0.1, 0.05, "the home advantage in shots");
    shot_rating_free(&r);
}

static struct dc_options options(double shots_decay)
{
    return (struct dc_options){ .decay = 0.75, .use_rho = 1, .until = INT_MAX,
                                .min_matches = 100, .min_team_matches = 8, .ridge = 5,
                                .season_weight = 0.7, .shots_decay = shots_decay,
                                .shots_ridge = 3 };
}


static void test_goals_fit(const struct fixture_set *set)
{
    struct dc_model plain, held, fit, lo, hi;
    char err[160];
    struct dc_options o = options(0);
    ok(dc_fit(set->v, set->n, &o, &plain, err, sizeof err) == 0, "the fit without shots");
    o = options(0.3);
    o.hold_shots_beta = 1;
    ok(dc_fit(set->v, set->n, &o, &held, err, sizeof err) == 0 && held.shots_beta[0] == 0,
       "beta held at 0");
    ok(max_param_diff(&plain, &held) < 1e-8, "gives the fit without shots (largest difference "
       "%.1e)", max_param_diff(&plain, &held));
    o = options(0.3);
    int rc = dc_fit(set->v, set->n, &o, &fit, err, sizeof err);
    ok(rc == 0, "beta fitted: converges (%d iterations, gradient %.1e)", fit.iterations,
       fit.grad_norm);
    is_close(fit.shots_beta[0], 1, 0.35, "beta near the simulation's 1");
    ok(fit.rated_matches[0] == (int)(SEASONS * (TEAMS - 1) * (TEAMS - 2)),
       "the rating took the rows with shots (%d)", fit.rated_matches[0]);
    /* The profile likelihood (the others refitted) at beta ± h. */
    const double h = 1e-3;
    o.hold_shots_beta = 1;
    o.shots_beta = fit.shots_beta[0] - h;
    ok(dc_fit(set->v, set->n, &o, &lo, err, sizeof err) == 0, "beta held below");
    o.shots_beta = fit.shots_beta[0] + h;
    ok(dc_fit(set->v, set->n, &o, &hi, err, sizeof err) == 0, "and above");
    double slope = (hi.loglik - lo.loglik) / (2 * h);
    ok(fit.loglik >= lo.loglik && fit.loglik >= hi.loglik && fabs(slope) < 1e-3,
       "the fitted beta maximises the profile likelihood (slope %.1e)", slope);
    /* The shots part of the simulated goals is the rating's, not the
     * teams' goals ratings', which the ridge then shrinks less. */
    double spread_plain = 0, spread_fit = 0;
    for (int i = 0; i < fit.nteams; i++) {
        spread_plain += pow(plain.team[i].attack, 2) + pow(plain.team[i].defence, 2);
        spread_fit += pow(fit.team[i].attack, 2) + pow(fit.team[i].defence, 2);
    }
    ok(spread_fit < spread_plain / 2, "the goals ratings then spread less (sum of squares %.3f "
       "against %.3f)", spread_fit, spread_plain);
    /* The forecast's rates: the model's parameters, the shots rating's too. */
    int a = dc_team_index(&fit, "Ajax"), b = dc_team_index(&fit, "Breda");
    const struct dc_team *ta = &fit.team[a], *tb = &fit.team[b];
    double l, n;
    dc_rates(&fit, a, b, &l, &n);
    double want_l = exp(fit.mu + fit.home + ta->attack - tb->defence +
                        fit.shots_beta[0] * (ta->shot_attack[0] - tb->shot_defence[0]));
    double want_n = exp(fit.mu + tb->attack - ta->defence +
                        fit.shots_beta[0] * (tb->shot_attack[0] - ta->shot_defence[0]));
    ok(fabs(l - want_l) < 1e-12 && fabs(n - want_n) < 1e-12, "the rates take beta × the shots "
       "rating's log rates");
    dc_rates(&fit, a, -1, &l, &n);
    want_l = exp(fit.mu + fit.home + ta->attack - fit.fallback_defence +
                 fit.shots_beta[0] * (ta->shot_attack[0] - fit.fallback_shot_defence[0]));
    ok(fabs(l - want_l) < 1e-12, "an unknown team: the fallback's shots rating too");
    dc_free(&plain), dc_free(&held), dc_free(&fit), dc_free(&lo), dc_free(&hi);
}

/* Corners rated beside the shots on target: no row has them, so their
 * beta is held at 0 and the fit is the shots on target's alone. The split
 * betas: the simulation's are both 1. */
static void test_more_ratings(const struct fixture_set *set)
{
    struct dc_model one, two, split;
    char err[160];
    struct dc_options o = options(0.3);
    ok(dc_fit(set->v, set->n, &o, &one, err, sizeof err) == 0, "shots on target rated");
    o.rating_stats = DC_RATE_SHOTS_ON_TARGET | DC_RATE_CORNERS;
    ok(dc_fit(set->v, set->n, &o, &two, err, sizeof err) == 0 && two.nratings == 2 &&
       two.rating_terms == 2, "and corners beside them: two ratings, two terms");
    ok(two.rated_matches[1] == 0 && two.shots_beta[1] == 0 && two.team[0].shot_attack[1] == 0,
       "corners without rows: their rating 0, their beta held at 0");
    ok(max_param_diff(&one, &two) < 1e-8 && fabs(one.shots_beta[0] - two.shots_beta[0]) < 1e-8,
       "and the fit the shots on target's alone");
    o = options(0.3);
    o.split_beta = 1;
    int rc = dc_fit(set->v, set->n, &o, &split, err, sizeof err);
    ok(rc == 0 && split.rating_terms == 2, "split betas: converges, two terms");
    is_close(split.shots_beta[0], 1, 0.4, "the attack's beta near the simulation's 1");
    is_close(split.shots_beta[1], 1, 0.4, "the defence's beta near the simulation's 1");
    double sa[DC_RATINGS] = { 0.3 }, sd[DC_RATINGS] = { 0.1 }, c[DC_RATING_TERMS];
    ok(dc_rating_terms(&split, sa, sd, c) == 2 && c[0] == 0.3 && c[1] == -0.1 &&
       dc_rating_terms(&one, sa, sd, c) == 1 && c[0] == 0.3 - 0.1,
       "the terms: attack and minus defence apart, or their sum");
    dc_free(&one), dc_free(&two), dc_free(&split);
}

static char *json_text(const struct dc_model *m)
{
    cJSON *j = dc_to_json(m);
    char *text = cJSON_Print(j);
    cJSON_Delete(j);
    return text;
}

/* Whether every pair's rates (the fallback's included) are the same bits. */
static int same_rates(const struct dc_model *a, const struct dc_model *b)
{
    for (int h = -1; h < a->nteams; h++)
        for (int w = -1; w < a->nteams; w++) {
            double la, na, lb, nb;
            dc_rates(a, h, w, &la, &na);
            dc_rates(b, h, w, &lb, &nb);
            if (la != lb || na != nb)
                return 0;
        }
    return 1;
}

/* poisson_model.json carries the ratings, their options and betas: read
 * back, the same rates to the bit and the same text; a model without
 * them has no shots_rating member. */
static void test_json(const struct fixture_set *set)
{
    static const struct { unsigned stats; int split; } cases[] = {
        { DC_RATE_SHOTS_ON_TARGET, 0 },
        { DC_RATE_SHOTS_ON_TARGET | DC_RATE_CORNERS, 0 },
        { DC_RATE_SHOTS_ON_TARGET, 1 },
    };
    char err[160];
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct dc_model m, back;
        struct dc_options o = options(0.3);
        o.rating_stats = cases[k].stats, o.split_beta = cases[k].split;
        ok(dc_fit(set->v, set->n, &o, &m, err, sizeof err) == 0, "json %zu: fitted", k);
        char *text = json_text(&m);
        cJSON *parsed = cJSON_Parse(text);
        dc_from_json(parsed, "round-trip", &back);
        cJSON_Delete(parsed);
        ok(back.shots_decay == m.shots_decay && back.shots_ridge == m.shots_ridge &&
               back.rating_stats == m.rating_stats && back.split_beta == m.split_beta &&
               back.rating_terms == m.rating_terms &&
               back.rated_matches[0] == m.rated_matches[0],
           "json %zu: the ratings' options read back", k);
        ok(same_rates(&m, &back), "json %zu: every pair's rates the same bits", k);
        char *again = json_text(&back);
        ok(strcmp(text, again) == 0, "json %zu: and the same text printed again", k);
        free(text), free(again);
        dc_free(&m), dc_free(&back);
    }
    struct dc_model plain;
    struct dc_options o = options(0);
    ok(dc_fit(set->v, set->n, &o, &plain, err, sizeof err) == 0, "json: goals alone fitted");
    cJSON *j = dc_to_json(&plain);
    ok(!cJSON_GetObjectItemCaseSensitive(j, "shots_rating") &&
           !cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(
                                                 cJSON_GetObjectItemCaseSensitive(j, "teams"), 0),
                                             "shot_attack"),
       "json: goals alone, no shots_rating and no team's shot_attack");
    cJSON_Delete(j);
    dc_free(&plain);
}

static void test_stats_parse(void)
{
    unsigned bits;
    ok(dc_rating_stats_parse("shots,corners", &bits) == 0 &&
           bits == (DC_RATE_SHOTS | DC_RATE_CORNERS),
       "parse: shots,corners");
    ok(dc_rating_stats_parse("corners,sot", &bits) == 0 &&
           bits == (DC_RATE_CORNERS | DC_RATE_SHOTS_ON_TARGET),
       "parse: any order");
    ok(dc_rating_stats_parse("sot,xg", &bits) == -1 && dc_rating_stats_parse("", &bits) == -1 &&
           dc_rating_stats_parse("sot,", &bits) == -1 && dc_rating_stats_parse("shot", &bits) == -1,
       "parse: an unknown name, an empty list or name: refused");
}

/* A team without rows is left out of the Newton system: the rating is the
 * one fitted without that team at all, to the bit, and the team's is 0
 * even from a start that rates it. */
static void test_team_without_rows(const struct fixture_set *set)
{
    static struct rows_buf b;
    struct shot_rows rows = shot_rows_of(set, &b);
    static int side[2 * TEAMS * TEAMS * SEASONS];
    size_t half = TEAMS * TEAMS * SEASONS;
    for (size_t k = 0; k < rows.n; k++) { /* the teams after SILENT moved down one */
        side[k] = rows.home[k] - (rows.home[k] > SILENT);
        side[half + k] = rows.away[k] - (rows.away[k] > SILENT);
    }
    struct shot_rows without = rows;
    without.home = side, without.away = side + half;
    double start[2 + 2 * TEAMS] = { 0 }, zeros[2 + 2 * TEAMS] = { 0 };
    start[2 + SILENT] = 0.3, start[2 + TEAMS + SILENT] = -0.2;
    struct shot_rating all, fewer;
    int rc = shot_rating_fit(&rows, TEAMS, 3, start, &all);
    rc |= shot_rating_fit(&without, TEAMS - 1, 3, zeros, &fewer);
    int same = rc == 0 && all.mu == fewer.mu && all.home == fewer.home;
    for (int t = 0, u = 0; t < TEAMS; t++)
        if (t != SILENT) {
            same &= all.attack[t] == fewer.attack[u] && all.defence[t] == fewer.defence[u];
            u++;
        }
    ok(same, "a team without rows: the others' ratings those of the fit without it, to the bit");
    ok(all.attack[SILENT] == 0 && all.defence[SILENT] == 0,
       "its own 0 from a start that rated it");
    shot_rating_free(&all);
    shot_rating_free(&fewer);
}

/* dc_rows_of: each row's fields as the fixture has them; a fit given
 * them (dc_options.rows, as a walk gives the rows it made once) is the
 * fit that reads each fixture, to the bit. */
static void test_given_rows(const struct fixture_set *set)
{
    struct dc_row *rows = dc_rows_of(set->v, set->n);
    size_t same = 0;
    for (size_t i = 0; i < set->n; i++) {
        const struct fixture *f = &set->v[i];
        int stats_same = 1;
        for (int k = 0; k < NSTATS; k++)
            stats_same &= rows[i].stats[k] == f->stats[k];
        same += rows[i].date == f->date && rows[i].home_goals == f->home_goals &&
                rows[i].away_goals == f->away_goals && rows[i].home_key == f->home_key &&
                rows[i].away_key == f->away_key && rows[i].season_key == f->season_key &&
                rows[i].stats_present == f->stats_present && stats_same;
    }
    ok(same == set->n, "dc_rows_of: every row's fields (%zu of %zu)", same, set->n);
    struct dc_model own, given;
    char err[160];
    struct dc_options o = options(0.3);
    o.rating_stats = DC_RATE_SHOTS_ON_TARGET | DC_RATE_SHOTS;
    o.until = set->v[set->n / 2].date;
    int rc_own = dc_fit(set->v, set->n, &o, &own, err, sizeof err);
    o.rows = rows;
    int rc_given = dc_fit(set->v, set->n, &o, &given, err, sizeof err);
    int bits = rc_own == 0 && rc_given == 0 && own.nteams == given.nteams && own.nmatches == given.nmatches &&
               own.loglik == given.loglik && own.mu == given.mu && own.rho == given.rho &&
               memcmp(own.shots_beta, given.shots_beta, sizeof own.shots_beta) == 0;
    for (int t = 0; bits && t < own.nteams; t++)
        bits = own.team[t].attack == given.team[t].attack &&
               own.team[t].defence == given.team[t].defence &&
               memcmp(own.team[t].shot_attack, given.team[t].shot_attack,
                      sizeof own.team[t].shot_attack) == 0;
    ok(bits, "a fit given the rows is the fit that reads the fixtures, to the bit (%d teams, "
       "%d matches)",
       given.nteams, given.nmatches);
    /* The rows given are what the fit reads: a goal and a statistic
     * changed there, not in the fixtures, change the model. */
    struct dc_model changed;
    rows[0].home_goals++;
    rows[0].stats[STAT_HOME_SHOTS_ON_TARGET]++;
    int rc_changed = dc_fit(set->v, set->n, &o, &changed, err, sizeof err);
    ok(rc_changed == 0 && rc_given == 0 && changed.loglik != given.loglik &&
           changed.team[0].shot_attack[0] != given.team[0].shot_attack[0],
       "the fit reads the rows given, not the fixtures");
    if (rc_changed == 0)
        dc_free(&changed);
    if (rc_own == 0)
        dc_free(&own);
    if (rc_given == 0)
        dc_free(&given);
    free(rows);
}

int main(void)
{
    set_progname("test_shotrating");
    struct rng r;
    rng_seed(&r, 4242);
    struct fixture_set set;
    struct truth t;
    simulate(&set, &t, &r);
    test_rating(&set, &t);
    test_team_without_rows(&set);
    test_goals_fit(&set);
    test_more_ratings(&set);
    test_json(&set);
    test_given_rows(&set);
    test_stats_parse();
    fixtures_free(&set);
    return done_testing();
}
