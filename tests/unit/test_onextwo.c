/* test_onextwo.c: the 1x2_v2 model (onextwo.h). The chronological split
 * on a hand-made table worked out here (which rows are eligible, where the
 * split falls, a date never cut in two); the fit on a synthetic feature
 * table whose outcomes come from a known multinomial model: probabilities
 * sum to 1, the effects come out with their signs, the fitted intercepts
 * reproduce the class counts (the optimum's condition), the model is near
 * the true probabilities; the weekly walk-forward step equals a fit with
 * `until` at the week's Monday. TAP output. */
#define _GNU_SOURCE
#include "date.h"
#include "onextwo.h"
#include "util.h"
#include "walkforward.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testtable.h"

/* A feature table grown row by row, all in one season. */
static void add_row(struct feature_table *t, int date, int hg, int ag, int history)
{
    table_add_row(t, "2020-21", date, hg, ag, history);
}

/* ---- eligibility and the split ------------------------------------------ */

/* Five dates; on each, eligible rows (played, history 5) and some that
 * are not: history 4 (below the default 5), unplayed. D5 is `until`. */
static int D1, D2, D3, D4, D5;

static void split_table(struct feature_table *t)
{
    memset(t, 0, sizeof *t);
    D1 = day("2021-03-06"), D2 = day("2021-03-13"), D3 = day("2021-03-14");
    D4 = day("2021-03-20"), D5 = day("2021-03-27");
    add_row(t, D1, 1, 0, 5);
    add_row(t, D1, 1, 1, 4); /* too little history */
    add_row(t, D1, 0, 2, 9);
    add_row(t, D2, 2, 2, 6);
    add_row(t, D2, NO_GOALS, NO_GOALS, 8); /* unplayed */
    add_row(t, D2, 3, 1, 5);
    add_row(t, D2, 0, 0, 30);
    add_row(t, D3, 1, 2, 7);
    add_row(t, D4, 1, 0, 5);
    add_row(t, D4, 2, 1, 6);
    add_row(t, D4, 0, 1, 7);
    add_row(t, D4, 4, 4, 8);
    add_row(t, D5, 1, 0, 9);
    add_row(t, D5, 0, 3, 9);
}

static void check_split(const struct feature_table *t, struct x12_options o, double split,
                        int want_date, size_t want_fit, size_t want_cal, const char *why)
{
    size_t n_fit = 99, n_cal = 99;
    o.split = split;
    int got = x12_split_date(t, &o, &n_fit, &n_cal);
    ok(got == want_date && n_fit == want_fit && n_cal == want_cal,
       "split %g, until %s, min_history %d: %s (fit %zu, cal %zu)", split,
       o.until == INT_MAX ? "none" : "D5", o.min_history, why, n_fit, n_cal);
}

static void test_split(void)
{
    struct feature_table t;
    split_table(&t);
    struct x12_options o = X12_DEFAULTS;
    o.until = D5;

    /* eligible rows */
    int want[14] = { 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0 }, good = 1;
    for (size_t i = 0; i < t.set.n; i++)
        good &= x12_eligible(&t, i, &o) == want[i];
    ok(good, "eligible: played, history >= 5, before until (D5 itself excluded)");
    o.min_history = 4;
    ok(x12_eligible(&t, 1, &o) && x12_eligible(&t, 0, &o), "eligible: history == min_history");
    o.min_history = 6;
    ok(!x12_eligible(&t, 0, &o) && x12_eligible(&t, 3, &o), "eligible: min_history 6");
    o.min_history = 5;
    o.until = INT_MAX;
    ok(x12_eligible(&t, 12, &o) && !x12_eligible(&t, 4, &o), "eligible: no until; unplayed never");
    o.until = D5 + 1;
    ok(x12_eligible(&t, 12, &o), "eligible: until the day after");
    t.X[12 * NFEATURES + F_DC_DRAW] = 0;
    ok(!x12_eligible(&t, 12, &o), "eligible: not a row without goals-model features (--from)");
    t.X[12 * NFEATURES + F_DC_DRAW] = 0.27;
    o.until = D5;

    /* Ten eligible rows: D1 2 (indices 0-1 in eligible order), D2 3 (2-4),
     * D3 1 (5), D4 4 (6-9). The fit part wants n - floor(n * split) rows;
     * the split date is that of eligible row number n - floor(n * split),
     * and its whole date goes to the calibrator. */
    check_split(&t, o, 0.3, D4, 6, 4, "10 - 3 = 7: row 7 is on D4");
    check_split(&t, o, 0.35, D4, 6, 4, "floor(3.5) = 3: D4");
    check_split(&t, o, 0.45, D4, 6, 4, "10 - 4 = 6: row 6 is D4's first");
    check_split(&t, o, 0.5, D3, 5, 5, "10 - 5 = 5: row 5 is D3's only one");
    check_split(&t, o, 0.6, D2, 2, 8, "10 - 6 = 4: D2's last, all of D2 calibrates");
    check_split(&t, o, 0.75, D2, 2, 8, "10 - 7 = 3: D2 again, never cut in two");
    check_split(&t, o, 0.8, D2, 2, 8, "10 - 8 = 2: D2's first");
    check_split(&t, o, 0.85, D2, 2, 8, "floor(8.5) = 8, 10 - 8 = 2: D2");
    check_split(&t, o, 0.9, D1, 0, 10, "10 - 9 = 1: row 1 is on D1, nothing left to fit");
    check_split(&t, o, 0.05, INT_MAX, 10, 0, "floor(0.5) = 0: nothing to calibrate on");
    o.until = INT_MAX;
    check_split(&t, o, 0.3, D4, 6, 6, "12 eligible, 12 - 3 = 9: D4; D5 calibrates too");
    o.until = D5;
    o.min_history = 4;
    check_split(&t, o, 0.3, D4, 7, 4, "11 eligible (history 4 joins), 11 - 3 = 8: D4");

    /* the parts' rows */
    size_t rows[32], n_fit, n_cal;
    o = X12_DEFAULTS;
    o.until = D5;
    int split = x12_split_date(&t, &o, &n_fit, &n_cal);
    size_t nf = x12_part_rows(&t, &o, split, 0, rows);
    int fit_ok = nf == 6 && rows[0] == 0 && rows[1] == 2 && rows[5] == 7;
    size_t nc = x12_part_rows(&t, &o, split, 1, rows);
    ok(fit_ok && nc == 4 && rows[0] == 8 && rows[3] == 11,
       "part rows: 0 2 3 5 6 7 to fit, 8-11 to calibrate");
    feature_table_free(&t);
}

/* ---- a synthetic league with a known model ------------------------------ */

static uint64_t sm_state;
static uint64_t sm_next(void)
{
    uint64_t z = (sm_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static double sm_uniform(void) { return ((double)(sm_next() >> 11) + 0.5) * 0x1.0p-53; }
static double sm_normal(void)
{
    return sqrt(-2 * log(sm_uniform())) * cos(6.283185307179586 * sm_uniform());
}

/* Means and sds of the raw features (the model standardises them). */
static double raw_mean[NFEATURES], raw_sd[NFEATURES];

/* True P(H, D, A) of a row: softmax of
 *   home: 0.35 + 1.2 z(elo_diff) + 0.4 z(dc_logit_home)
 *   draw: 0
 *   away: 0.05 - 1.0 z(elo_diff) + 0.4 z(dc_logit_away)
 * with z the standardised feature. */
static void true_probs(const double *x, double p[3])
{
    double ze = (x[F_ELO_DIFF] - raw_mean[F_ELO_DIFF]) / raw_sd[F_ELO_DIFF];
    double zh = (x[F_DC_LOGIT_HOME] - raw_mean[F_DC_LOGIT_HOME]) / raw_sd[F_DC_LOGIT_HOME];
    double za = (x[F_DC_LOGIT_AWAY] - raw_mean[F_DC_LOGIT_AWAY]) / raw_sd[F_DC_LOGIT_AWAY];
    double e[3] = { exp(0.35 + 1.2 * ze + 0.4 * zh), 1, exp(0.05 - 1.0 * ze + 0.4 * za) };
    double s = e[0] + e[1] + e[2];
    for (int k = 0; k < 3; k++)
        p[k] = e[k] / s;
}

/* 300 dates two days apart, 10 matches each; every 37th row has history
 * 2 (not fitted), the last 20 are unplayed. */
static void synthetic(struct feature_table *t, uint64_t seed)
{
    memset(t, 0, sizeof *t);
    sm_state = seed;
    for (int k = 0; k < NFEATURES; k++) {
        raw_mean[k] = k - 5.0;
        raw_sd[k] = 0.5 + 0.25 * k;
    }
    raw_mean[F_ELO_DIFF] = 60, raw_sd[F_ELO_DIFF] = 150;
    raw_mean[F_DC_LOGIT_HOME] = 0.5, raw_sd[F_DC_LOGIT_HOME] = 0.5;
    raw_mean[F_DC_LOGIT_AWAY] = 0, raw_sd[F_DC_LOGIT_AWAY] = 0.45;
    raw_mean[F_DC_DRAW] = 0.27, raw_sd[F_DC_DRAW] = 0; /* > 0: computed (not --from) */
    int first = day("2015-08-01");
    for (int d = 0; d < 300; d++)
        for (int m = 0; m < 10; m++) {
            size_t i = t->set.n;
            add_row(t, first + 2 * d, 0, 0, i % 37 == 0 ? 2 : 10);
            double *x = t->X + i * NFEATURES, p[3];
            for (int k = 0; k < NFEATURES; k++)
                x[k] = raw_mean[k] + raw_sd[k] * sm_normal();
            true_probs(x, p);
            double u = sm_uniform();
            int outcome = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
            t->set.v[i].home_goals = outcome == 0 ? 2 : 1;
            t->set.v[i].away_goals = outcome == 2 ? 2 : 1;
        }
    for (size_t i = t->set.n - 20; i < t->set.n; i++)
        t->set.v[i].home_goals = t->set.v[i].away_goals = NO_GOALS;
}

/* Index of an enum feature among the model's 14, -1 if not one. */
static int x12_index(int feature)
{
    for (int k = 0; k < X12_NFEATURES; k++)
        if (x12_features[k] == feature)
            return k;
    return -1;
}

static int outcome_of_row(const struct feature_table *t, size_t i)
{
    const struct fixture *f = &t->set.v[i];
    return f->home_goals > f->away_goals ? 0 : f->home_goals == f->away_goals ? 1 : 2;
}

static void test_fit(void)
{
    struct feature_table t;
    synthetic(&t, 2024);
    struct x12_options o = X12_DEFAULTS;
    struct x12_model m;
    char err[200] = "";
    size_t n_fit, n_cal;
    int split = x12_split_date(&t, &o, &n_fit, &n_cal);
    ok(x12_fit(&t, &o, &m, err, sizeof err) == 0, "x12_fit on %zu rows: %s", t.set.n,
       *err ? err : "ok");
    ok(n_fit + n_cal == 2980 - 81 && fabs((double)n_cal / (n_fit + n_cal) - 0.3) < 0.01,
       "split: %zu + %zu eligible, calibration share %.3f", n_fit, n_cal,
       (double)n_cal / (n_fit + n_cal));
    ok(m.bin[0].n == (int)n_fit && m.bin[1].n == (int)n_fit && m.bin[2].n == (int)n_fit &&
           m.cal.n == (int)n_cal,
       "binary models on the fit part, the calibrator on the calibration part");

    /* the effects' directions */
    int ie = x12_index(F_ELO_DIFF), ih = x12_index(F_DC_LOGIT_HOME),
        ia = x12_index(F_DC_LOGIT_AWAY);
    const double *ch = m.bin[0].coef, *cd = m.bin[1].coef, *ca = m.bin[2].coef;
    diag("coef elo_diff: home %.3f draw %.3f away %.3f; dc_logit_home (home) %.3f; "
         "dc_logit_away (away) %.3f", ch[ie], cd[ie], ca[ie], ch[ih], ca[ia]);
    ok(ch[ie] > 0.3 && ca[ie] < -0.3, "elo_diff raises home wins and lowers away wins");
    ok(fabs(cd[ie]) < 0.5 * fabs(ch[ie]), "draws depend on elo_diff less than home wins do");
    ok(ch[ih] > 0.05 && ca[ia] > 0.05, "dc_logit_home raises home wins, dc_logit_away away wins");
    double noise = 0;
    for (int k = 0; k < X12_NFEATURES; k++)
        if (k != ie && k != ih && k != ia)
            for (int c = 0; c < 3; c++)
                noise = fmax(noise, fabs(m.bin[c].coef[k]));
    ok(noise < 0.15, "features without effect get small coefficients (largest %.3f)", noise);
    ok(m.cal.coef[0 * 3 + 0] > 0 && m.cal.coef[2 * 3 + 2] > 0,
       "calibrator: each outcome's own score raises it");

    /* probabilities */
    int sums = 1;
    double far = 0, mean_dev = 0, base_dev = 0, base[3] = { 0 };
    for (size_t i = 0; i < t.set.n; i++)
        if (x12_eligible(&t, i, &o))
            base[outcome_of_row(&t, i)] += 1.0 / (n_fit + n_cal);
    for (size_t i = 0; i < t.set.n; i++) {
        double x[X12_NFEATURES], p[3], q[3];
        x12_row(&t, i, x);
        x12_predict(&m, x, p);
        sums &= fabs(p[0] + p[1] + p[2] - 1) < 1e-14 && p[0] > 0 && p[1] > 0 && p[2] > 0;
        true_probs(t.X + i * NFEATURES, q);
        for (int k = 0; k < 3; k++) {
            far = fmax(far, fabs(p[k] - q[k]));
            mean_dev += fabs(p[k] - q[k]) / (3.0 * t.set.n);
            base_dev += fabs(base[k] - q[k]) / (3.0 * t.set.n);
        }
    }
    ok(sums, "every row's probabilities are positive and sum to 1 (also unplayed, ineligible)");
    ok(mean_dev < 0.05 && mean_dev < 0.25 * base_dev && far < 0.3,
       "near the true probabilities: mean |difference| %.4f (base rates: %.4f), largest %.3f",
       mean_dev, base_dev, far);
    double x[X12_NFEATURES], lo[3], hi[3];
    for (int k = 0; k < X12_NFEATURES; k++)
        x[k] = raw_mean[x12_features[k]];
    x[ie] = 60 - 300;
    x12_predict(&m, x, lo);
    x[ie] = 60 + 300;
    x12_predict(&m, x, hi);
    ok(hi[0] > lo[0] + 0.3 && hi[2] < lo[2] - 0.3,
       "P(home) %.3f -> %.3f and P(away) %.3f -> %.3f as elo_diff goes -240 -> 360", lo[0],
       hi[0], lo[2], hi[2]);

    /* At the optimum the unpenalised intercepts make predicted totals equal
     * the counts: the binary models on the fit part, the calibrator on the
     * calibration part. */
    double pred[3] = { 0 }, count[3] = { 0 }, cal_pred[3] = { 0 }, cal_count[3] = { 0 };
    for (size_t i = 0; i < t.set.n; i++) {
        if (!x12_eligible(&t, i, &o))
            continue;
        double row[X12_NFEATURES], p[3];
        int y = outcome_of_row(&t, i);
        x12_row(&t, i, row);
        if (t.set.v[i].date < split) {
            for (int k = 0; k < 3; k++)
                pred[k] += logreg_prob(&m.bin[k], row);
            count[y]++;
        } else {
            x12_predict(&m, row, p);
            for (int k = 0; k < 3; k++)
                cal_pred[k] += p[k];
            cal_count[y]++;
        }
    }
    double worst = 0, cal_worst = 0;
    for (int k = 0; k < 3; k++) {
        worst = fmax(worst, fabs(pred[k] - count[k]));
        cal_worst = fmax(cal_worst, fabs(cal_pred[k] - cal_count[k]));
    }
    ok(worst < 1e-7, "binary models: predicted total = count of each outcome (off by %.2g)", worst);
    ok(cal_worst < 1e-7, "calibrator: predicted total = count of each outcome (off by %.2g)",
       cal_worst);

    /* determinism, and columns outside the model's are not read (but dc_p_draw,
     * whose 0 marks a row without goals-model features) */
    struct x12_model m2;
    for (size_t i = 0; i < t.set.n; i++)
        for (int k = 0; k < NFEATURES; k++)
            if (x12_index(k) < 0 && k != F_DC_DRAW)
                t.X[i * NFEATURES + k] = -1e6 * (double)(i % 3);
    ok(x12_fit(&t, &o, &m2, err, sizeof err) == 0, "refit with the other columns changed");
    int same = m2.cal.n == m.cal.n &&
               memcmp(m2.cal.coef, m.cal.coef, 9 * sizeof *m.cal.coef) == 0 &&
               memcmp(m2.cal.intercept, m.cal.intercept, 3 * sizeof *m.cal.intercept) == 0;
    for (int c = 0; c < 3; c++)
        same &= memcmp(m2.bin[c].coef, m.bin[c].coef, X12_NFEATURES * sizeof(double)) == 0 &&
                m2.bin[c].intercept == m.bin[c].intercept;
    ok(same, "the same model, bit for bit: only the model's features are read");
    x12_free(&m2);

    /* --until on the library level: a fit with until = a date equals a fit
     * on the table cut before it. */
    o.until = t.set.v[2000].date;
    ok(x12_fit(&t, &o, &m2, err, sizeof err) == 0, "a fit with until");
    struct feature_table cut = t;
    cut.set.n = 2000;
    while (cut.set.v[cut.set.n - 1].date >= o.until)
        cut.set.n--;
    struct x12_options all = X12_DEFAULTS;
    struct x12_model m3;
    ok(x12_fit(&cut, &all, &m3, err, sizeof err) == 0, "a fit on the rows before until");
    same = memcmp(m2.cal.coef, m3.cal.coef, 9 * sizeof *m.cal.coef) == 0;
    for (int c = 0; c < 3; c++)
        same &= memcmp(m2.bin[c].coef, m3.bin[c].coef, X12_NFEATURES * sizeof(double)) == 0 &&
                m2.bin[c].intercept == m3.bin[c].intercept && m2.bin[c].n == m3.bin[c].n;
    ok(same, "until excludes the later matches, and only them");
    x12_free(&m2);
    x12_free(&m3);
    x12_free(&m);

    /* too few matches */
    struct feature_table small = t;
    small.set.n = 80;
    o = X12_DEFAULTS;
    ok(x12_fit(&small, &o, &m2, err, sizeof err) == -1 && strstr(err, "fewer than 30 in a part"),
       "80 rows: no model (%s)", err);
    feature_table_free(&t);
}

/* ---- the walk-forward step ---------------------------------------------- */

/* The week after a walk's week, in the same month: its fits start from
 * the week before's models (x12_walk.last), and come to x12_fit's
 * probabilities to the convergence tolerance, building fewer Hessians
 * (chord steps from the last week's: logreg.h). */
static void test_walk_chain(const struct feature_table *t, struct x12_walk *walk, int week)
{
    size_t idx[64], k = 0;
    for (size_t i = 0; i < t->set.n && k < 64; i++)
        if (week_start_of(t->set.v[i].date) == week)
            idx[k++] = i;
    double p[3 * 64], worst = 0;
    /* The chain as a walk cache keeps it, taken up by another walk. */
    double state[WALK_STATE_MAX], p_taken_up[3 * 64];
    struct x12_walk other = { .t = t, .o = walk->o };
    size_t n = X12_CHAIN.save(walk, state);
    X12_CHAIN.restore(&other, walk->last_week, state, n);
    ok(k > 0 && walk->has_last && x12_walk_week(&t->set, week, idx, k, p, walk) == 0,
       "chain: the next week of the month predicted (%zu matches)", k);
    ok(n > 0 && x12_walk_week(&t->set, week, idx, k, p_taken_up, &other) == 0 &&
           memcmp(p, p_taken_up, 3 * k * sizeof *p) == 0,
       "chain: its state saved and restored in another walk, the same forecasts to the bit");
    x12_walk_free(&other);
    struct x12_options o = X12_DEFAULTS;
    struct x12_model cold;
    char err[200];
    o.until = week;
    ok(x12_fit(t, &o, &cold, err, sizeof err) == 0, "chain: x12_fit afresh on the same rows");
    for (size_t i = 0; i < k; i++) {
        double x[X12_NFEATURES], q[3];
        x12_row(t, idx[i], x);
        x12_predict(&cold, x, q);
        for (int c = 0; c < 3; c++)
            worst = fmax(worst, fabs(q[c] - p[3 * i + c]));
    }
    ok(worst < 1e-9, "chain: x12_fit's probabilities, to the convergence tolerance (%.1e)", worst);
    int warm = 0, afresh = 0;
    for (int b = 0; b < 3; b++)
        warm += walk->last.bin[b].hessians, afresh += cold.bin[b].hessians;
    warm += walk->last.cal.hessians, afresh += cold.cal.hessians;
    ok(warm < afresh / 2, "chain: fewer Hessians built (%d, afresh %d)", warm, afresh);
    x12_free(&cold);
}

static void test_walk(void)
{
    struct feature_table t;
    synthetic(&t, 77);
    struct x12_walk walk = { .t = &t, .o = X12_DEFAULTS };
    /* A week whose next week begins in the same month (for the chain). */
    size_t at = 2400;
    while (!same_month(week_start_of(t.set.v[at].date), week_start_of(t.set.v[at].date) + 7))
        at++;
    int week = week_start_of(t.set.v[at].date);
    ok(week_start_of(day("2021-03-14")) == day("2021-03-08"), "week_start_of: a Sunday's Monday");
    size_t idx[64], k = 0;
    for (size_t i = 0; i < t.set.n; i++)
        if (week_start_of(t.set.v[i].date) == week)
            idx[k++] = i;
    double p[3 * 64], q[3 * 64];
    ok(k >= 20 && x12_walk_week(&t.set, week, idx, k, p, &walk) == 0,
       "x12_walk_week predicts the %zu matches of a week", k);
    struct x12_options o = X12_DEFAULTS;
    struct x12_model m;
    char err[200];
    o.until = week;
    ok(x12_fit(&t, &o, &m, err, sizeof err) == 0, "x12_fit with until = the week's Monday");
    for (size_t i = 0; i < k; i++) {
        double x[X12_NFEATURES];
        x12_row(&t, idx[i], x);
        x12_predict(&m, x, q + 3 * i);
    }
    ok(memcmp(p, q, 3 * k * sizeof *p) == 0, "the walk's probabilities = x12_fit's, bit for bit");
    x12_free(&m);
    o.until = INT_MAX;
    ok(x12_fit(&t, &o, &m, err, sizeof err) == 0, "x12_fit on all");
    int differs = 0;
    for (size_t i = 0; i < k; i++) {
        double x[X12_NFEATURES], a[3];
        x12_row(&t, idx[i], x);
        x12_predict(&m, x, a);
        differs |= memcmp(a, p + 3 * i, sizeof a) != 0;
    }
    ok(differs, "the walk does not see the week or later (a fit on all predicts otherwise)");
    x12_free(&m);
    test_walk_chain(&t, &walk, week + 7);
    int early = week_start_of(t.set.v[50].date);
    ok(x12_walk_week(&t.set, early, idx, 1, p, &walk) == -1,
       "a week with too little history before it is skipped (-1)");
    x12_walk_free(&walk);
    feature_table_free(&t);
}

int main(int argc, char **argv)
{
    (void)argc;
    set_progname(argv[0]);
    test_split();
    test_fit();
    test_walk();
    return done_testing();
}
