/* test_blend.c: the goals response blended with match statistics (blend.h)
 * and the Dixon–Coles fit on it. The response of a row by the test's own
 * arithmetic; a row without the statistics is its goals exactly; a blend
 * that weighs goals alone, or rows without statistics, give the goals-only
 * fit bit for bit; and a blended fit is the stationary point of the test's
 * own quasi-likelihood (the response in the Poisson terms, the real goals
 * in the low-score correction). TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "blend.h"
#include "dc.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static void set_stats(struct fixture *f, int sot_h, int sot_a, int cor_h, int cor_a)
{
    f->stats[STAT_HOME_SHOTS] = sot_h + 4;
    f->stats[STAT_AWAY_SHOTS] = sot_a + 3;
    f->stats[STAT_HOME_SHOTS_ON_TARGET] = sot_h;
    f->stats[STAT_AWAY_SHOTS_ON_TARGET] = sot_a;
    f->stats[STAT_HOME_CORNERS] = cor_h;
    f->stats[STAT_AWAY_CORNERS] = cor_a;
    f->stats_present = ALL_STATS;
}

static void test_parse(void)
{
    struct blend b;
    ok(blend_parse("0.2,0.1", &b) == 0 && b.shots_on_target == 0.2 && b.corners == 0.1,
       "parse: 0.2,0.1");
    ok(blend_parse("0,0", &b) == 0 && blend_goals_only(&b), "parse: 0,0 is goals only");
    ok(blend_parse("1,0", &b) == 0 && blend_goals_weight(&b) == 0, "parse: 1,0 leaves goals 0");
    const char *bad[] = { "", "0.2", "0.2,", ",0.1", "0.6,0.5", "-0.1,0", "0.1,x", "0.1,0.1,0",
                          "nan,0", "0.2;0.1", " 0.2,0.1" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ok(blend_parse(bad[i], &b) == -1, "parse: '%s' is refused", bad[i]);
}

static void test_response(void)
{
    struct blend b = { .shots_on_target = 0.2, .corners = 0.1 };
    struct fixture with = { .home_goals = 2, .away_goals = 1 }, without = with;
    set_stats(&with, 6, 3, 7, 2);
    struct blend_scale s = { 0, 0, 0 };
    blend_scale_add(&s, &b, &with, 0.5);
    blend_scale_add(&s, &b, &without, 1); /* adds nothing */
    ok(s.goals == 1.5 && s.shots_on_target == 4.5 && s.corners == 4.5,
       "scale: weighted sums over the rows with statistics only (%g %g %g)", s.goals,
       s.shots_on_target, s.corners);
    double gs = 1.5 / 4.5, gc = 1.5 / 4.5, h, a;
    is_close(blend_goals_per_shot_on_target(&s), gs, 1e-15, "scale: goals per shot on target");
    is_close(blend_goals_per_corner(&s), gc, 1e-15, "scale: goals per corner");

    ok(blend_response(&b, &s, &with, &h, &a) == 1, "response: a row with statistics blends");
    is_close(h, 0.7 * 2 + 0.2 * 6 * gs + 0.1 * 7 * gc, 1e-14, "response: home side");
    is_close(a, 0.7 * 1 + 0.2 * 3 * gs + 0.1 * 2 * gc, 1e-14, "response: away side");

    ok(blend_response(&b, &s, &without, &h, &a) == 0 && h == 2 && a == 1,
       "response: a row without statistics is its goals exactly");
    struct fixture half = with;
    half.stats_present &= ~(1u << STAT_AWAY_CORNERS);
    ok(blend_response(&b, &s, &half, &h, &a) == 0 && h == 2 && a == 1,
       "response: a row missing one side's corners is its goals");
    struct blend sot_only = { .shots_on_target = 0.2 };
    struct blend_scale s2 = { 0, 0, 0 };
    blend_scale_add(&s2, &sot_only, &half, 1);
    ok(blend_response(&sot_only, &s2, &half, &h, &a) == 1,
       "response: without corner weight the corners are not needed");
    struct blend none = { 0, 0 };
    ok(blend_response(&none, &s, &with, &h, &a) == 0 && h == 2 && a == 1,
       "response: a goals-only blend is the goals exactly");
    struct blend_scale empty = { 0, 0, 0 };
    ok(blend_response(&b, &empty, &with, &h, &a) == 0 && h == 2 && a == 1,
       "response: a window without statistics leaves the goals");
}

/* ---- fits on a small league -------------------------------------------- */

static const char *const teams[] = { "Ash", "Birch", "Cedar", "Elm" };
#define NSEASONS 5

/* Six seasons of a double round robin with goals from a fixed generator;
 * the later seasons' rows (from `stats_from` on) carry statistics that
 * follow the goals loosely. */
static void build(struct fixture_set *s, int stats_from)
{
    unsigned x = 12345;
    memset(s, 0, sizeof *s);
    for (int r = 0; r < NSEASONS; r++)
        for (int k = 0; k < 12; k++) {
            int h = k % 4, a = (h + 1 + k / 4) % 4;
            grow(&s->v, &s->cap, s->n + 1, sizeof *s->v);
            struct fixture *f = &s->v[s->n];
            memset(f, 0, sizeof *f);
            char season[8];
            snprintf(season, sizeof season, "%d-%02d", 2015 + r, (16 + r) % 100);
            f->league = xstrdup("test_league");
            f->season = xstrdup(season);
            f->home = xstrdup(teams[h]);
            f->away = xstrdup(teams[a]);
            f->date = 16655 + r * 365 + 7 * k;
            x = x * 1103515245u + 12345u;
            f->home_goals = (int)(x >> 16) % 4;
            f->away_goals = (int)(x >> 20) % 3;
            f->line = (long)s->n + 2;
            if (r >= stats_from)
                set_stats(f, f->home_goals + 2 + (int)(x >> 24) % 3, f->away_goals + 1 + k % 3,
                          3 + (int)(x >> 8) % 5, 2 + k % 4);
            s->n++;
        }
}

static struct dc_options options(struct blend b)
{
    struct dc_options o = { .decay = 0.8, .use_rho = 1, .until = INT_MAX, .min_matches = 10,
                            .min_team_matches = 6, .blend = b };
    return o;
}

static int same_parameters(const struct dc_model *x, const struct dc_model *y)
{
    int same = x->nteams == y->nteams && x->mu == y->mu && x->home == y->home &&
               x->rho == y->rho && x->loglik == y->loglik;
    for (int t = 0; same && t < x->nteams; t++)
        same = x->team[t].attack == y->team[t].attack &&
               x->team[t].defence == y->team[t].defence;
    return same;
}

static int fit(const struct fixture_set *s, struct blend b, struct dc_model *m)
{
    struct dc_options o = options(b);
    char err[160];
    int rc = dc_fit(s->v, s->n, &o, m, err, sizeof err);
    if (rc != 0)
        diag("fit: %s", err);
    return rc;
}

static void test_goals_only_fits(void)
{
    struct fixture_set with, without;
    struct dc_model plain, zero, blended, plain_without;
    build(&with, 2);
    build(&without, NSEASONS);
    struct blend none = { 0, 0 }, b = { 0.2, 0.1 };
    ok(fit(&with, none, &plain) == 0 && fit(&with, none, &zero) == 0,
       "fit: goals-only fits converge");
    struct dc_options unset = { .decay = 0.8, .use_rho = 1, .until = INT_MAX, .min_matches = 10,
                                .min_team_matches = 6 };
    char err[160];
    struct dc_model implicit;
    ok(dc_fit(with.v, with.n, &unset, &implicit, err, sizeof err) == 0 &&
           same_parameters(&plain, &implicit),
       "fit: weights 0,0 are the fit of options without a blend, bit for bit");
    ok(fit(&without, b, &blended) == 0 && fit(&without, none, &plain_without) == 0 &&
           same_parameters(&blended, &plain_without) && blended.blended_matches == 0,
       "fit: a blend on rows without statistics is the goals-only fit, bit for bit");
    cJSON *j = dc_to_json(&plain);
    ok(!cJSON_GetObjectItemCaseSensitive(j, "response"),
       "json: a goals-only model has no response member (as older models)");
    cJSON_Delete(j);
    dc_free(&plain), dc_free(&zero), dc_free(&implicit), dc_free(&blended),
        dc_free(&plain_without);
    fixtures_free(&with), fixtures_free(&without);
}

/* The test's quasi-log-likelihood of the blended fit at the model's
 * parameters shifted by e in direction d (0 mu, 1 home, 2 + t attack of
 * team t, 6 + t defence of team t, 10 rho). */
static double quasi_loglik(const struct fixture_set *s, const struct dc_model *m,
                           const struct blend *b, int d, double e)
{
    double gs_sum[3] = { 0, 0, 0 }; /* goals, shots on target, corners */
    for (size_t i = 0; i < s->n; i++) {
        const struct fixture *f = &s->v[i];
        if (f->stats_present != ALL_STATS)
            continue;
        double w = pow(0.8, (m->last_date - f->date) / 365.25);
        gs_sum[0] += w * (f->home_goals + f->away_goals);
        gs_sum[1] += w * (f->stats[STAT_HOME_SHOTS_ON_TARGET] + f->stats[STAT_AWAY_SHOTS_ON_TARGET]);
        gs_sum[2] += w * (f->stats[STAT_HOME_CORNERS] + f->stats[STAT_AWAY_CORNERS]);
    }
    double att[4], def[4], mu = m->mu + (d == 0) * e, home = m->home + (d == 1) * e;
    double rho = m->rho + (d == 10) * e, ll = 0;
    for (int t = 0; t < 4; t++) {
        att[t] = m->team[t].attack + (d == 2 + t) * e;
        def[t] = m->team[t].defence + (d == 6 + t) * e;
    }
    for (size_t i = 0; i < s->n; i++) {
        const struct fixture *f = &s->v[i];
        int h = dc_team_index(m, f->home), a = dc_team_index(m, f->away);
        int x = f->home_goals, y = f->away_goals;
        double rx = x, ry = y;
        if (f->stats_present == ALL_STATS) {
            double ks = b->shots_on_target * gs_sum[0] / gs_sum[1];
            double kc = b->corners * gs_sum[0] / gs_sum[2], wg = 1 - b->shots_on_target - b->corners;
            rx = wg * x + ks * f->stats[STAT_HOME_SHOTS_ON_TARGET] + kc * f->stats[STAT_HOME_CORNERS];
            ry = wg * y + ks * f->stats[STAT_AWAY_SHOTS_ON_TARGET] + kc * f->stats[STAT_AWAY_CORNERS];
        }
        double w = pow(0.8, (m->last_date - f->date) / 365.25);
        double l = exp(mu + home + att[h] - def[a]), n = exp(mu + att[a] - def[h]);
        ll += w * (rx * log(l) - l + ry * log(n) - n + log(dc_tau(x, y, l, n, rho)));
    }
    return ll;
}

static void test_blended_fit(void)
{
    struct fixture_set s;
    struct dc_model m, plain;
    struct blend b = { 0.2, 0.1 };
    build(&s, 2);
    ok(fit(&s, b, &m) == 0 && fit(&s, (struct blend){ 0, 0 }, &plain) == 0,
       "blended fit converges");
    ok(m.blended_matches == 36, "blended fit: the 36 rows with statistics blend (%d)",
       m.blended_matches);
    ok(!same_parameters(&m, &plain), "blended fit: the statistics move the parameters");
    /* Shifting every attack (or defence) against mu leaves every rate as
     * it is, so at the optimum every coordinate's derivative is 0. */
    const double e = 1e-5;
    double worst = 0;
    for (int d = 0; d < 11; d++)
        worst = fmax(worst, fabs(quasi_loglik(&s, &m, &b, d, e) -
                                 quasi_loglik(&s, &m, &b, d, -e)) / (2 * e));
    ok(worst < 1e-5, "blended fit: the test's quasi-likelihood is stationary there (max %g)",
       worst);
    cJSON *j = dc_to_json(&m);
    char *text = cJSON_Print(j);
    cJSON *parsed = cJSON_Parse(text);
    struct dc_model back;
    dc_from_json(parsed, "blended model", &back);
    ok(back.blend.shots_on_target == 0.2 && back.blend.corners == 0.1 &&
           back.blended_matches == 36 && back.goals_per_shot_on_target == m.goals_per_shot_on_target,
       "json: the response's weights and rates are written and read back");
    cJSON_Delete(j), cJSON_Delete(parsed), free(text);
    dc_free(&back), dc_free(&m), dc_free(&plain);
    fixtures_free(&s);
}

int main(void)
{
    test_parse();
    test_response();
    test_goals_only_fits();
    test_blended_fit();
    return done_testing();
}
