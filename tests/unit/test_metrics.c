/* test_metrics.c: RPS, log loss, Brier, accuracy, bookmaker margins,
 * pooling, calibration error and AUC against values worked out by hand or
 * by the test's own formulas. TAP output. */
#include "metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* A number of a metrics_to_json object: the library writes raw numbers. */
static double num(const cJSON *obj, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsRaw(it))
        return strtod(it->valuestring, NULL);
    if (cJSON_IsNumber(it))
        return it->valuedouble;
    return NAN;
}

static void test_outcome_of(void)
{
    ok(outcome_of(2, 1) == 0, "outcome_of(2, 1) is a home win (0)");
    ok(outcome_of(0, 0) == 1 && outcome_of(3, 3) == 1, "outcome_of(0, 0), (3, 3) are draws (1)");
    ok(outcome_of(0, 3) == 2, "outcome_of(0, 3) is an away win (2)");
}

static void test_rps(void)
{
    const double sure_h[3] = { 1, 0, 0 }, sure_a[3] = { 0, 0, 1 }, sure_d[3] = { 0, 1, 0 };
    const double p1[3] = { 0.5, 0.3, 0.2 }, flat[3] = { 1.0 / 3, 1.0 / 3, 1.0 / 3 };
    is_close(rps_one(sure_h, 0), 0, 0, "rps: (1,0,0) and H is 0");
    is_close(rps_one(sure_a, 2), 0, 0, "rps: (0,0,1) and A is 0");
    is_close(rps_one(sure_a, 0), 1, 1e-15, "rps: (0,0,1) and H is 1 (the worst)");
    is_close(rps_one(sure_h, 2), 1, 1e-15, "rps: (1,0,0) and A is 1 (the worst)");
    is_close(rps_one(sure_d, 0), 0.5, 1e-15, "rps: (0,1,0) and H is (1^2 + 0^2)/2 = 0.5");
    /* cumulative forecast (0.5, 0.8) against observed (0, 1) */
    is_close(rps_one(p1, 1), (0.5 * 0.5 + 0.2 * 0.2) / 2, 1e-15,
             "rps: (0.5,0.3,0.2) and D is (0.5^2 + 0.2^2)/2 = 0.145");
    /* against (1, 1): 0.5^2 + 0.2^2 too; against (0, 0): 0.5^2 + 0.8^2 */
    is_close(rps_one(p1, 0), (0.25 + 0.04) / 2, 1e-15, "rps: (0.5,0.3,0.2) and H is 0.145");
    is_close(rps_one(p1, 2), (0.25 + 0.64) / 2, 1e-15, "rps: (0.5,0.3,0.2) and A is 0.445");
    is_close(rps_one(flat, 2), (1.0 / 9 + 4.0 / 9) / 2, 1e-15, "rps: flat and A is 5/18");
    /* Ordered outcomes: reversing the forecast and the outcome changes nothing. */
    int sym = 1;
    for (int o = 0; o < 3; o++) {
        const double rev[3] = { p1[2], p1[1], p1[0] };
        sym &= fabs(rps_one(p1, o) - rps_one(rev, 2 - o)) < 1e-15;
    }
    ok(sym, "rps: symmetric under reversing H..A");
    /* A draw forecast is nearer an away win than a home forecast is. */
    ok(rps_one(sure_d, 2) < rps_one(sure_h, 2), "rps: ordered (D is nearer A than H is)");
}

/* Independent sums of one forecast's scores. */
struct expect {
    double log_loss, brier, rps;
    size_t correct;
};

static void expect_add(struct expect *e, const double p[3], int o)
{
    int best = 0;
    e->log_loss += -log(p[o]);
    for (int k = 0; k < 3; k++)
        e->brier += (p[k] - (k == o)) * (p[k] - (k == o));
    if (p[1] > p[best])
        best = 1;
    if (p[2] > p[best])
        best = 2;
    e->correct += best == o;
    double c1 = p[0] - (o == 0), c2 = p[0] + p[1] - (o <= 1);
    e->rps += (c1 * c1 + c2 * c2) / 2;
}

static const double fc[][3] = {
    { 0.5, 0.3, 0.2 }, { 0.2, 0.3, 0.5 }, { 0.45, 0.3, 0.25 }, { 0.1, 0.25, 0.65 },
    { 0.7, 0.2, 0.1 }, { 0.33, 0.34, 0.33 }, { 0.6, 0.25, 0.15 },
};
static const int fo[] = { 0, 0, 1, 2, 0, 2, 1 };
#define NFC (sizeof fo / sizeof fo[0])

static void test_add(void)
{
    struct metrics m;
    struct expect e = { 0 };
    memset(&m, 0, sizeof m);
    for (size_t i = 0; i < NFC; i++) {
        metrics_add(&m, fc[i], fo[i]);
        expect_add(&e, fc[i], fo[i]);
    }
    ok(m.n == NFC, "add: n counts the forecasts");
    ok(m.correct == 3 && e.correct == 3, "add: 3 correct (forecasts 0, 3 and 4 pick the outcome)");
    is_close(m.log_loss, e.log_loss, 1e-12, "add: log-loss sum is sum of -log p[outcome]");
    is_close(m.brier, e.brier, 1e-12, "add: Brier sum is over the 3 classes");
    is_close(m.rps, e.rps, 1e-12, "add: RPS sum");

    cJSON *j = metrics_to_json(&m, 0);
    is_close(num(j, "n"), NFC, 0, "json: n");
    is_close(num(j, "accuracy"), 3.0 / NFC, 1e-15, "json: accuracy is the mean");
    is_close(num(j, "log_loss"), e.log_loss / NFC, 1e-12, "json: log_loss is the mean");
    is_close(num(j, "brier"), e.brier / NFC, 1e-12, "json: brier is the mean");
    is_close(num(j, "rps"), e.rps / NFC, 1e-12, "json: rps is the mean");
    ok(!cJSON_GetObjectItemCaseSensitive(j, "reliability"), "json: no bins unless asked");
    cJSON_Delete(j);

    /* One forecast by hand: p = (0.5, 0.3, 0.2), outcome D. */
    memset(&m, 0, sizeof m);
    metrics_add(&m, fc[0], 1);
    is_close(m.log_loss, -log(0.3), 1e-15, "one: log loss -log 0.3");
    is_close(m.brier, 0.25 + 0.49 + 0.04, 1e-15, "one: Brier 0.5^2 + 0.7^2 + 0.2^2 = 0.78");
    is_close(m.rps, 0.145, 1e-15, "one: RPS 0.145");
    ok(m.correct == 0, "one: not correct (H was the pick)");

    /* A zero probability on the outcome is clipped, not infinite. */
    const double sure_h[3] = { 1, 0, 0 };
    memset(&m, 0, sizeof m);
    metrics_add(&m, sure_h, 2);
    ok(isfinite(m.log_loss) && m.log_loss > 30,
       "a certain wrong forecast has a large, finite log loss (%g)", m.log_loss);
    is_close(m.brier, 2, 1e-15, "a certain wrong forecast has Brier 2");

    memset(&m, 0, sizeof m);
    j = metrics_to_json(&m, 1);
    ok(cJSON_GetArraySize(j) == 1 && num(j, "n") == 0,
       "json: n = 0 gives only n (no placeholder zeros)");
    cJSON_Delete(j);
}

static int same_metrics(const struct metrics *a, const struct metrics *b, double tol)
{
    int same = a->n == b->n && a->correct == b->correct &&
               fabs(a->log_loss - b->log_loss) <= tol && fabs(a->brier - b->brier) <= tol &&
               fabs(a->rps - b->rps) <= tol;
    for (int k = 0; k < RELIABILITY_BINS; k++)
        same &= a->bin_n[k] == b->bin_n[k] && fabs(a->bin_p[k] - b->bin_p[k]) <= tol &&
                fabs(a->bin_o[k] - b->bin_o[k]) <= tol;
    return same;
}

static void test_merge(void)
{
    struct metrics all, part[3], pooled;
    memset(&all, 0, sizeof all);
    memset(part, 0, sizeof part);
    memset(&pooled, 0, sizeof pooled);
    for (size_t i = 0; i < NFC; i++) {
        metrics_add(&all, fc[i], fo[i]);
        metrics_add(&part[i % 3], fc[i], fo[i]);
    }
    for (int k = 0; k < 3; k++)
        metrics_merge(&pooled, &part[k]);
    ok(same_metrics(&pooled, &all, 1e-12), "merge: pooling three parts equals adding all to one");
    struct metrics empty;
    memset(&empty, 0, sizeof empty);
    metrics_merge(&pooled, &empty);
    ok(same_metrics(&pooled, &all, 1e-12), "merge: an empty part changes nothing");
    is_close(metrics_ece(&pooled), metrics_ece(&all), 1e-12, "merge: same ECE");
}

static void test_implied(void)
{
    double p[3] = { -1, -1, -1 };
    const double fair[3] = { 2, 4, 4 };
    ok(implied_probs(fair, p) == 1, "implied: odds (2, 4, 4) accepted");
    is_close(p[0], 0.5, 1e-15, "implied: fair odds 2 is 0.5");
    is_close(p[1] + p[2], 0.5, 1e-15, "implied: fair odds 4, 4 are 0.25 each");

    /* Margin 1/1.8 + 1/3.5 + 1/4.5 - 1, removed proportionally. */
    const double book[3] = { 1.8, 3.5, 4.5 };
    double inv = 1 / 1.8 + 1 / 3.5 + 1 / 4.5;
    implied_probs(book, p);
    is_close(p[0], (1 / 1.8) / inv, 1e-15, "implied: H is (1/1.8) / sum of inverses");
    is_close(p[1], (1 / 3.5) / inv, 1e-15, "implied: D is (1/3.5) / sum of inverses");
    is_close(p[2], (1 / 4.5) / inv, 1e-15, "implied: A is (1/4.5) / sum of inverses");
    is_close(p[0] + p[1] + p[2], 1, 1e-15, "implied: sums to 1");
    is_close(p[0] / p[2], 4.5 / 1.8, 1e-12, "implied: ratios of inverse odds kept");

    static const double bad[][3] = {
        { 0, 3.5, 4.5 }, { 1.8, 1.0, 4.5 }, { 1.8, 3.5, 0.5 }, { -2, 3.5, 4.5 },
        { 1.8, NAN, 4.5 },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double q[3] = { 7, 8, 9 };
        int rc = implied_probs(bad[i], q);
        ok(rc == 0 && q[0] == 7 && q[1] == 8 && q[2] == 9,
           "implied: odds (%g, %g, %g) rejected (an odd <= 1 or missing), p untouched",
           bad[i][0], bad[i][1], bad[i][2]);
    }
}

/* Four forecasts (0.75, 0.17, 0.08), outcomes H, H, H, D. Bins of width 0.1:
 * bin 7 holds the four 0.75 (sum 3.00, observed 3), bin 1 the four 0.17
 * (sum 0.68, observed 1), bin 0 the four 0.08 (sum 0.32, observed 0).
 * ECE = (|3 - 3| + |0.68 - 1| + |0.32 - 0|) / 12 = 0.64 / 12. */
static void test_ece(void)
{
    struct metrics m;
    const double p[3] = { 0.75, 0.17, 0.08 };
    const int o[4] = { 0, 0, 0, 1 };
    memset(&m, 0, sizeof m);
    is_close(metrics_ece(&m), 0, 0, "ece: no forecasts gives 0 (not NaN)");
    for (int i = 0; i < 4; i++)
        metrics_add(&m, p, o[i]);
    ok(m.bin_n[7] == 4 && m.bin_n[1] == 4 && m.bin_n[0] == 4, "ece: bins 7, 1 and 0 hold 4 each");
    is_close(m.bin_o[7], 3, 0, "ece: bin 7 observed 3");
    is_close(metrics_ece(&m), 0.64 / 12, 1e-15, "ece: hand-built case is 0.64/12");

    cJSON *j = metrics_to_json(&m, 1);
    const cJSON *bins = cJSON_GetObjectItemCaseSensitive(j, "reliability");
    ok(cJSON_GetArraySize(bins) == 3, "json: reliability lists the 3 non-empty bins");
    const cJSON *b1 = cJSON_GetArrayItem(bins, 1);
    is_close(num(b1, "mean_predicted"), 0.17, 1e-15, "json: bin 1 mean predicted 0.17");
    is_close(num(b1, "observed_rate"), 0.25, 1e-15, "json: bin 1 observed rate 1/4");
    is_close(num(b1, "lo"), 0.1, 1e-15, "json: bin 1 runs from 0.1");
    is_close(num(j, "ece"), 0.64 / 12, 1e-15, "json: ece");
    cJSON_Delete(j);

    /* A certain forecast (p = 1) falls in the last bin, not past it. */
    const double sure[3] = { 1, 0, 0 };
    memset(&m, 0, sizeof m);
    metrics_add(&m, sure, 0);
    ok(m.bin_n[RELIABILITY_BINS - 1] == 1 && m.bin_n[0] == 2, "ece: p = 1 in the top bin");
    is_close(metrics_ece(&m), 0, 0, "ece: a certain right forecast is perfectly calibrated");
}

/* ---- AUC: binary_auc against the rank sum over a qsort, as it was
 * computed before its own sort, and against a count of pairs ---- */

static int cmp_forecast(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double auc_by_qsort(const struct binary_metrics *m)
{
    size_t n1 = (size_t)m->sum_y, n0 = m->n - n1;
    double *pairs = malloc(2 * m->n * sizeof *pairs), rank_sum = 0;
    for (size_t i = 0; i < m->n; i++)
        pairs[2 * i] = m->p[i], pairs[2 * i + 1] = m->y[i];
    qsort(pairs, m->n, 2 * sizeof *pairs, cmp_forecast);
    for (size_t i = 0, j; i < m->n; i = j) {
        double positives = 0;
        for (j = i; j < m->n && pairs[2 * j] == pairs[2 * i]; j++)
            positives += pairs[2 * j + 1];
        rank_sum += positives * ((double)(i + 1) + (double)j) / 2;
    }
    free(pairs);
    return (rank_sum - (double)n1 * (n1 + 1) / 2) / ((double)n1 * n0);
}

static double auc_by_pairs(const struct binary_metrics *m)
{
    double won = 0, pairs = 0;
    for (size_t i = 0; i < m->n; i++)
        for (size_t j = 0; j < m->n; j++)
            if (m->y[i] && !m->y[j]) {
                won += m->p[i] > m->p[j] ? 1 : m->p[i] == m->p[j] ? 0.5 : 0;
                pairs++;
            }
    return won / pairs;
}

static void test_auc(void)
{
    /* Forecasts from few values (ties, both zeros, negative numbers, one
     * of each sign's extremes) and from many; sizes around the sort's. */
    static const double few[] = { 0.25, -0.0, 0.0, 0.5, -1.5, 0.25000000000000006, 1e-300,
                                  -1e-300, 0.75, 1 };
    unsigned long long seed = 12345;
    int same = 1, close = 1, cases = 0;
    for (size_t n = 2; n <= 3000; n = n * 3 + 1)
        for (int kind = 0; kind < 2; kind++) {
            struct binary_metrics m = { 0 };
            for (size_t i = 0; i < n; i++) {
                seed = seed * 6364136223846793005ull + 1442695040888963407ull;
                double p = kind ? (double)(seed >> 11) * 0x1p-53 : few[(seed >> 33) % 10];
                binary_add(&m, p, (int)(seed >> 62) & 1, -1);
            }
            if (m.sum_y == 0 || m.sum_y == (double)m.n) {
                binary_free(&m); /* (one outcome alone: no AUC to compare) */
                continue;
            }
            double got = binary_auc(&m);
            cases++;
            same &= memcmp(&got, &(double){ auc_by_qsort(&m) }, sizeof got) == 0;
            close &= fabs(got - auc_by_pairs(&m)) < 1e-12;
            binary_free(&m);
        }
    ok(same && cases > 8, "AUC: the bits of the rank sum over a qsort (%d cases)", cases);
    ok(close, "AUC: the share of pairs a positive wins, ties half");
    struct binary_metrics zeros = { 0 };
    binary_add(&zeros, -0.0, 1, -1);
    binary_add(&zeros, 0.0, 0, -1);
    ok(binary_auc(&zeros) == 0.5, "AUC: -0 and 0 are a tie");
    binary_free(&zeros);
}

int main(void)
{
    test_auc();
    test_outcome_of();
    test_rps();
    test_add();
    test_merge();
    test_implied();
    test_ece();
    return done_testing();
}
