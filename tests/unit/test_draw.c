/* test_draw.c: the draw_specialist (draw.h) and its inputs (drawinputs.h).
 * The derived inputs worked out by hand; a model file of the older form
 * (eight features and a Platt calibration) reads and predicts as it was
 * fitted; on a synthetic league whose draws follow a known logistic model
 * in the goals model's P(draw), the fit recovers the effect's sign, its
 * probability is the regression's own, its threshold keeps its promise on
 * the later part, and the model reads back from its JSON unchanged. TAP
 * output. */
#define _GNU_SOURCE
#include "date.h"
#include "draw.h"
#include "rng.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testtable.h"

static void add_row(struct feature_table *t, const char *season, int date, int hg, int ag)
{
    table_add_row(t, season, date, hg, ag, 10);
}

/* A model's JSON as a file holds it: printed and parsed (numbers go in
 * raw, to read back bit-identical). */
static cJSON *reparse(cJSON *json)
{
    char *text = cJSON_PrintUnformatted(json);
    cJSON *back = cJSON_Parse(text);
    free(text);
    cJSON_Delete(json);
    return back;
}

static double *row(struct feature_table *t, size_t i) { return t->X + i * NFEATURES; }

static void test_inputs(void)
{
    struct feature_table t = { 0 };
    add_row(&t, "2023-24", day("2023-08-01"), 1, 1);
    add_row(&t, "2024", day("2024-03-01"), 0, 2);
    double *x = row(&t, 0);
    x[F_DC_DRAW] = 0.25, x[F_ELO_DIFF] = -30, x[F_PI_GD] = 0.5, x[F_DC_BALANCE] = 0.4;
    x[F_GF_HOME] = 1.5, x[F_GA_HOME] = 0.75, x[F_GF_AWAY] = 1, x[F_GA_AWAY] = 2;
    is_close(draw_input_value(&t, 0, D_DC_LOGIT_DRAW), log(0.25 / 0.75), 1e-15,
             "dc_logit_draw = logit(dc_p_draw)");
    ok(draw_input_value(&t, 0, D_ELO_DIFF_SQ) == 900 && draw_input_value(&t, 0, D_PI_GD_SQ) == 0.25,
       "elo_diff_sq, pi_gd_sq: squares");
    is_close(draw_input_value(&t, 0, D_DC_BALANCE_SQ), 0.16, 1e-15, "dc_balance_sq");
    ok(draw_input_value(&t, 0, D_GOALS_HOME) == 2.25 && draw_input_value(&t, 0, D_GOALS_AWAY) == 3,
       "goals_in_games: goals for + against a game");
    is_close(draw_input_value(&t, 0, D_SEASON_TIME), 31 / 365.25, 1e-15,
             "season_time of 2023-24 counts from 2023-07-01");
    is_close(draw_input_value(&t, 1, D_SEASON_TIME), 60 / 365.25, 1e-15,
             "season_time of calendar season 2024 counts from 2024-01-01");
    is_close(draw_input_value(&t, 1, D_SEASON_TIME_SQ), pow(60 / 365.25, 2), 1e-15,
             "season_time_sq");
    x[F_SOT_SHARE_HOME] = 0.625, x[F_SOT_SHARE_AWAY] = 0.375;
    ok(draw_input_value(&t, 0, D_SOT_SHARE_GAP_SQ) == 0.0625,
       "sot_share_gap_sq: the square of the sides' gap in shares of shots on target");
    x[F_SOT_SHARE_HOME] = 0.25, x[F_SOT_SHARE_AWAY] = 0.5;
    ok(draw_input_value(&t, 0, D_SOT_SHARE_GAP_SQ) == 0.0625,
       "sot_share_gap_sq: the same where the away side's share is the larger");
    ok(draw_input_value(&t, 0, F_ELO_DIFF) == -30, "a feature is an input as it is");
    row(&t, 1)[F_DC_DRAW] = 0; /* a --from row: no goals model */
    ok(isfinite(draw_input_value(&t, 1, D_DC_LOGIT_DRAW)), "dc_logit_draw stays finite at 0");
    int names_ok = 1;
    for (int k = 0; k < DRAW_NINPUTS; k++)
        names_ok &= draw_input_index(draw_input_name(k)) == k;
    ok(names_ok && draw_input_index("season_time") == D_SEASON_TIME &&
           draw_input_index("dc_p_draw") == F_DC_DRAW && draw_input_index("nonsense") == -1,
       "inputs are known by name, each name once");
    feature_table_free(&t);
}

/* A draw_model.json of the older form: the eight features of its day, a
 * Platt calibration of the score, the lift rule's threshold. */
static const char *OLD_MODEL =
    "{\"logreg\": {\"features\": [\"abs_elo_diff\", \"abs_pi_gd\", \"dc_balance\","
    " \"dc_total_goals\", \"dc_p_draw\", \"draw_rate_home\", \"draw_rate_away\", \"elo_diff\"],"
    " \"mean\": [80, 0.4, 0.5, 2.6, 0.26, 0.25, 0.25, 60],"
    " \"sd\": [60, 0.3, 0.4, 0.3, 0.03, 0.13, 0.13, 100],"
    " \"intercept\": -1.1, \"coef\": [-0.02, -0.01, -0.03, -0.05, 0.12, 0.02, 0.03, 0.01],"
    " \"lambda\": 100, \"diagnostics\": {\"n\": 5000, \"iterations\": 4, \"objective\": 2800,"
    " \"gradient_norm\": 1e-9}},"
    " \"calibration\": {\"features\": [\"score\"], \"mean\": [-1.1], \"sd\": [0.15],"
    " \"intercept\": -1.05, \"coef\": [0.2], \"lambda\": 0, \"diagnostics\": {\"n\": 1500,"
    " \"iterations\": 3, \"objective\": 800, \"gradient_norm\": 1e-10}},"
    " \"threshold\": {\"value\": 0.3, \"objective\": \"most draws called\", \"lift_target\": 1.3,"
    " \"min_call_rate\": 0.05, \"draw_rate\": 0.25, \"call_rate\": 0.07, \"f1\": 0.2,"
    " \"precision\": 0.33, \"recall\": 0.09}}";

static void test_old_model(void)
{
    static const double coef[8] = { -0.02, -0.01, -0.03, -0.05, 0.12, 0.02, 0.03, 0.01 };
    static const double mean[8] = { 80, 0.4, 0.5, 2.6, 0.26, 0.25, 0.25, 60 };
    static const double sd[8] = { 60, 0.3, 0.4, 0.3, 0.03, 0.13, 0.13, 100 };
    static const int feat[8] = { F_ABS_ELO_DIFF, F_ABS_PI_GD, F_DC_BALANCE, F_DC_GOALS,
                                 F_DC_DRAW, F_DRAW_RATE_HOME, F_DRAW_RATE_AWAY, F_ELO_DIFF };
    struct feature_table t = { 0 };
    add_row(&t, "2023-24", day("2023-10-01"), 1, 1);
    double *f = row(&t, 0), z = -1.1;
    for (int k = 0; k < 8; k++) {
        f[feat[k]] = mean[k] + (k + 1) * sd[k] / 4; /* k+1 quarters of an sd above */
        z += coef[k] * (k + 1) / 4.0;
    }
    double want = 1 / (1 + exp(-(-1.05 + 0.2 * (z + 1.1) / 0.15)));

    cJSON *json = cJSON_Parse(OLD_MODEL);
    struct draw_model m;
    draw_from_json(json, "old.json", &m);
    double x[DRAW_MAX_INPUTS];
    draw_row(&m, &t, 0, x);
    ok(m.ninputs == 8 && m.calibrated && m.lift_rule && m.threshold == 0.3,
       "an older model reads: its 8 features, its calibration, its threshold");
    is_close(draw_prob(&m, x), want, 1e-14, "and predicts through its calibration, as fitted");
    cJSON *back = reparse(draw_to_json(&m));
    struct draw_model m2;
    draw_from_json(back, "back.json", &m2);
    ok(m2.calibrated && m2.ninputs == 8 && draw_prob(&m2, x) == draw_prob(&m, x),
       "written again, it keeps its calibration and its forecasts");
    cJSON_Delete(back), cJSON_Delete(json);
    draw_free(&m), draw_free(&m2);
    feature_table_free(&t);
}

/* Six seasons of 380 matches; P(draw) = logistic(-1.2 + 2 (dc_logit_draw
 * − logit 0.26)), dc_p_draw spread from 0.16 to 0.36. */
static void synthetic_league(struct feature_table *t)
{
    struct rng r;
    rng_seed(&r, 11);
    memset(t, 0, sizeof *t);
    for (int s = 0; s < 6; s++) {
        char season[8];
        snprintf(season, sizeof season, "%d-%02d", 2015 + s, (16 + s) % 100);
        int start = days_from_civil(2015 + s, 8, 10);
        for (int k = 0; k < 380; k++) {
            double pd = 0.16 + 0.2 * rng_uniform(&r);
            double eta = -1.2 + 2 * (log(pd / (1 - pd)) - log(0.26 / 0.74));
            int draw = rng_uniform(&r) < 1 / (1 + exp(-eta));
            add_row(t, season, start + k * 280 / 380, draw ? 1 : 2, draw ? 1 : 0);
            double *x = row(t, t->set.n - 1);
            x[F_DC_DRAW] = pd;
            x[F_ELO_DIFF] = 200 * (rng_uniform(&r) - 0.5);
            x[F_ABS_ELO_DIFF] = fabs(x[F_ELO_DIFF]);
            x[F_DC_GOALS] = 2.2 + rng_uniform(&r);
            x[F_DRAW_RATE_HOME] = rng_uniform(&r) * 0.5;
        }
    }
}

static void test_fit(void)
{
    struct feature_table t;
    synthetic_league(&t);
    struct draw_model m;
    char err[160];
    ok(draw_fit(&t, &DRAW_DEFAULTS, &m, err, sizeof err) == 0, "fits a synthetic league");
    ok(m.ninputs == DRAW_NFEATURES && !m.calibrated && m.inputs[4] == D_DC_LOGIT_DRAW,
       "on this version's %d inputs, without a calibration", DRAW_NFEATURES);
    ok(m.lr.coef[4] > 0, "the goals model's P(draw) comes out with its sign (%g)", m.lr.coef[4]);

    /* The probability is the regression's; on the later part the calls
     * reach lift_target × its draw rate with enough of them. */
    size_t n_fit, n_cal, tp = 0, calls = 0, draws = 0, same = 1;
    int split = x12_split_date(&t, &DRAW_DEFAULTS, &n_fit, &n_cal);
    for (size_t i = 0; i < t.set.n; i++) {
        double x[DRAW_MAX_INPUTS];
        draw_row(&m, &t, i, x);
        double p = draw_prob(&m, x);
        same &= p == logreg_prob(&m.lr, x);
        if (t.set.v[i].date < split)
            continue;
        int d = t.set.v[i].home_goals == t.set.v[i].away_goals;
        draws += d, calls += draw_call(&m, p), tp += d && draw_call(&m, p);
    }
    ok(same, "P(draw) is the regression's probability");
    ok(isfinite(m.threshold) && calls >= DRAW_CALL_MIN_SHARE * n_cal &&
           tp >= DRAW_CALL_LIFT_FIT * draws / (double)n_cal * calls,
       "the later part's calls (%zu of %zu, %zu drawn) reach the lift target", calls, n_cal, tp);
    is_close(m.draw_rate, draws / (double)n_cal, 1e-15, "draw_rate: the later part's");

    cJSON *json = reparse(draw_to_json(&m));
    struct draw_model back;
    draw_from_json(json, "model.json", &back);
    int equal = back.ninputs == m.ninputs && !back.calibrated && back.threshold == m.threshold;
    for (size_t i = 0; i < t.set.n; i += 97) {
        double x[DRAW_MAX_INPUTS];
        draw_row(&back, &t, i, x);
        equal &= draw_prob(&back, x) == draw_prob(&m, x);
    }
    ok(equal && cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(json, "calibration")),
       "read back from its JSON (calibration null): the same inputs, threshold, forecasts");
    cJSON_Delete(json);
    draw_free(&back), draw_free(&m);
    feature_table_free(&t);
}

/* The walk's week_fn: a week's fit is draw_fit's as of its Monday, to
 * the bit on the walk's first week; the next week starts from it and comes
 * to draw_fit's forecasts to the convergence tolerance, building fewer
 * Hessians. */
static void test_walk(void)
{
    struct feature_table t;
    synthetic_league(&t);
    struct draw_walk walk = { .t = &t, .o = DRAW_DEFAULTS };
    size_t at = 1800;
    while (!same_month(week_start_of(t.set.v[at].date), week_start_of(t.set.v[at].date) + 7))
        at++;
    int worst_is_zero = 1;
    double worst = 0;
    int iterations[2][2] = { { 0 } };
    for (int w = 0; w < 2; w++) {
        int week = week_start_of(t.set.v[at].date) + 7 * w;
        size_t idx[64], k = 0;
        for (size_t i = 0; i < t.set.n && k < 64; i++)
            if (week_start_of(t.set.v[i].date) == week)
                idx[k++] = i;
        double p[3 * 64];
        struct x12_options o = DRAW_DEFAULTS;
        struct draw_model cold;
        char err[160];
        o.until = week;
        /* The chain as a walk cache keeps it, taken up by another walk. */
        double state[WALK_STATE_MAX], p_taken_up[3 * 64];
        struct draw_walk other = { .t = &t, .o = DRAW_DEFAULTS };
        size_t n = DRAW_CHAIN.save(&walk, state);
        DRAW_CHAIN.restore(&other, walk.last_week, state, n);
        int rc = draw_walk_week(&t.set, week, idx, k, p, &walk) |
                 draw_fit(&t, &o, &cold, err, sizeof err);
        ok(n == (w ? LOGREG_START_SIZE(DRAW_NFEATURES) : 0) &&
               draw_walk_week(&t.set, week, idx, k, p_taken_up, &other) == 0 &&
               memcmp(p, p_taken_up, 3 * k * sizeof *p) == 0,
           "walk: the chain's state (%zu numbers) restored in another walk, the same "
           "forecasts to the bit", n);
        draw_walk_free(&other);
        ok(rc == 0 && k > 0, "walk: week %d of the month fitted and predicted (%zu matches)",
           w + 1, k);
        for (size_t i = 0; i < k; i++) {
            double x[DRAW_MAX_INPUTS];
            draw_row(&cold, &t, idx[i], x);
            double d = fabs(draw_prob(&cold, x) - p[3 * i]);
            if (w == 0)
                worst_is_zero &= d == 0;
            else
                worst = fmax(worst, d);
        }
        iterations[w][0] = walk.last.lr.hessians, iterations[w][1] = cold.lr.hessians;
        draw_free(&cold);
    }
    ok(worst_is_zero, "walk: the first week's P(draw) is draw_fit's, to the bit");
    ok(worst < 1e-9, "walk: the next week's, from the first's model, draw_fit's to %.1e", worst);
    ok(iterations[1][0] < iterations[1][1], "walk: the next week building fewer Hessians (%d, "
                                            "afresh %d)", iterations[1][0], iterations[1][1]);
    draw_walk_free(&walk);
    feature_table_free(&t);
}

int main(void)
{
    set_progname("test_draw");
    test_inputs();
    test_old_model();
    test_fit();
    test_walk();
    return done_testing();
}
