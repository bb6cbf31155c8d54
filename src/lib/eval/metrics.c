/* metrics.c: accuracy, log loss, Brier, RPS and reliability of forecasts. */
#include "metrics.h"
#include "json.h"

#include "util.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Log loss of a probability of 0 would be infinite; clip as scikit-learn
 * does, so one overconfident forecast cannot hide every other. */
#define LOG_LOSS_EPS 1e-15

static int bin_of(double p)
{
    int bin = (int)(p * RELIABILITY_BINS);
    return bin < 0 ? 0 : bin >= RELIABILITY_BINS ? RELIABILITY_BINS - 1 : bin;
}

int outcome_of(int home_goals, int away_goals)
{
    return home_goals > away_goals ? 0 : home_goals == away_goals ? 1 : 2;
}

double rps_one(const double p[3], int outcome)
{
    double cum_p = 0, cum_o = 0, sum = 0;
    for (int k = 0; k < 2; k++) {
        cum_p += p[k];
        cum_o += outcome == k;
        sum += (cum_p - cum_o) * (cum_p - cum_o);
    }
    return sum / 2;
}

void metrics_add(struct metrics *m, const double p[3], int outcome)
{
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (p[k] > p[best])
            best = k;
    m->n++;
    m->correct += best == outcome;
    m->log_loss -= log(fmax(p[outcome], LOG_LOSS_EPS));
    for (int k = 0; k < 3; k++) {
        double o = outcome == k;
        int bin = bin_of(p[k]);
        m->brier += (p[k] - o) * (p[k] - o);
        m->outcome_brier[k] += (p[k] - o) * (p[k] - o);
        m->outcome_p[k] += p[k];
        m->outcome_o[k] += o;
        m->bin_n[bin]++;
        m->bin_p[bin] += p[k];
        m->bin_o[bin] += o;
    }
    m->rps += rps_one(p, outcome);
}

void metrics_merge(struct metrics *dst, const struct metrics *src)
{
    dst->n += src->n;
    dst->correct += src->correct;
    dst->log_loss += src->log_loss;
    dst->brier += src->brier;
    dst->rps += src->rps;
    for (int k = 0; k < 3; k++) {
        dst->outcome_p[k] += src->outcome_p[k];
        dst->outcome_o[k] += src->outcome_o[k];
        dst->outcome_brier[k] += src->outcome_brier[k];
    }
    for (int b = 0; b < RELIABILITY_BINS; b++) {
        dst->bin_n[b] += src->bin_n[b];
        dst->bin_p[b] += src->bin_p[b];
        dst->bin_o[b] += src->bin_o[b];
    }
}

int implied_probs(const double odds[3], double p[3])
{
    double inv[3], total = 0;
    for (int k = 0; k < 3; k++) {
        if (!(odds[k] > 1))
            return 0;
        inv[k] = 1 / odds[k];
        total += inv[k];
    }
    for (int k = 0; k < 3; k++)
        p[k] = inv[k] / total;
    return 1;
}

double metrics_ece(const struct metrics *m)
{
    double total = 0, ece = 0;
    for (int b = 0; b < RELIABILITY_BINS; b++)
        total += m->bin_n[b];
    for (int b = 0; b < RELIABILITY_BINS; b++)
        if (m->bin_n[b] > 0)
            ece += fabs(m->bin_p[b] - m->bin_o[b]) / total;
    return ece;
}

static cJSON *bins_to_json(const double *n, const double *sum_p, const double *sum_o)
{
    cJSON *arr = cJSON_CreateArray();
    for (int b = 0; b < RELIABILITY_BINS; b++) {
        if (n[b] == 0)
            continue;
        cJSON *o = cJSON_CreateObject();
        json_add_number(o, "lo", (double)b / RELIABILITY_BINS);
        json_add_number(o, "hi", (double)(b + 1) / RELIABILITY_BINS);
        json_add_number(o, "n", n[b]);
        json_add_number(o, "mean_predicted", sum_p[b] / n[b]);
        json_add_number(o, "observed_rate", sum_o[b] / n[b]);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static cJSON *outcomes_to_json(const struct metrics *m)
{
    static const char *const names[3] = { "home", "draw", "away" };
    cJSON *o = cJSON_CreateObject();
    for (int k = 0; k < 3; k++) {
        cJSON *e = json_add_object(o, names[k]);
        json_add_number(e, "mean_predicted", m->outcome_p[k] / m->n);
        json_add_number(e, "actual_rate", m->outcome_o[k] / m->n);
        json_add_number(e, "brier", m->outcome_brier[k] / m->n);
    }
    return o;
}

cJSON *metrics_to_json(const struct metrics *m, int with_bins)
{
    cJSON *o = cJSON_CreateObject();
    json_add_number(o, "n", (double)m->n);
    if (m->n == 0)
        return o;
    json_add_number(o, "accuracy", (double)m->correct / m->n);
    json_add_number(o, "log_loss", m->log_loss / m->n);
    json_add_number(o, "brier", m->brier / m->n);
    json_add_number(o, "rps", m->rps / m->n);
    json_add_number(o, "ece", metrics_ece(m));
    cJSON_AddItemToObject(o, "outcomes", outcomes_to_json(m));
    if (with_bins)
        cJSON_AddItemToObject(o, "reliability", bins_to_json(m->bin_n, m->bin_p, m->bin_o));
    return o;
}

void binary_add(struct binary_metrics *m, double p, int y, int call)
{
    grow(&m->p, &m->cap, m->n + 1, sizeof *m->p);
    m->y = xrealloc(m->y, m->cap);
    m->p[m->n] = p;
    m->y[m->n++] = (unsigned char)y;
    m->log_loss -= log(fmax(y ? p : 1 - p, LOG_LOSS_EPS));
    m->brier += (p - y) * (p - y);
    m->sum_p += p;
    m->sum_y += y;
    if (call >= 0) {
        m->has_calls = 1;
        m->tp += call && y;
        m->fp += call && !y;
        m->fn += !call && y;
    }
}

/* A forecast with its outcome, under a key whose order as an unsigned
 * number is the forecast's (-0 just before 0: next to it, and a tie by
 * ==, as the ranks below take ties). */
struct ranked {
    uint64_t key;
    double p, y;
};

static uint64_t order_key(double p)
{
    uint64_t bits;
    memcpy(&bits, &p, sizeof bits);
    return bits >> 63 ? ~bits : bits | (uint64_t)1 << 63;
}

/* v[0 .. n) by key, a byte at a time from the lowest (each pass a stable
 * counting sort; one whose byte is the same in every key left out):
 * tmp's room for n. Returns the array that holds them sorted, v or tmp.
 * (qsort's compares were about a twentieth of a week's draw_specialist
 * metrics runs.) */
static struct ranked *sort_by_key(struct ranked *v, struct ranked *tmp, size_t n)
{
    for (int shift = 0; shift < 64; shift += 8) {
        size_t at[257] = { 0 };
        for (size_t i = 0; i < n; i++)
            at[((v[i].key >> shift) & 0xff) + 1]++;
        if (at[((v[0].key >> shift) & 0xff) + 1] == n)
            continue;
        for (int b = 0; b < 256; b++)
            at[b + 1] += at[b];
        for (size_t i = 0; i < n; i++)
            tmp[at[(v[i].key >> shift) & 0xff]++] = v[i];
        struct ranked *t = v;
        v = tmp, tmp = t;
    }
    return v;
}

/* Rank-sum form: AUC = (sum of positive ranks − n1(n1+1)/2) / (n1 n0), with
 * tied forecasts sharing their mean rank. */
double binary_auc(const struct binary_metrics *m)
{
    size_t n1 = (size_t)m->sum_y, n0 = m->n - n1;
    if (n1 == 0 || n0 == 0)
        return 0.5;
    struct ranked *buf = xmalloc(2 * m->n * sizeof *buf);
    for (size_t i = 0; i < m->n; i++)
        buf[i] = (struct ranked){ order_key(m->p[i]), m->p[i], m->y[i] };
    const struct ranked *r = sort_by_key(buf, buf + m->n, m->n);
    double rank_sum = 0;
    for (size_t i = 0, j; i < m->n; i = j) {
        double positives = 0;
        for (j = i; j < m->n && r[j].p == r[i].p; j++)
            positives += r[j].y;
        rank_sum += positives * ((double)(i + 1) + (double)j) / 2;
    }
    free(buf);
    return (rank_sum - (double)n1 * (n1 + 1) / 2) / ((double)n1 * n0);
}

cJSON *binary_to_json(const struct binary_metrics *m)
{
    cJSON *o = cJSON_CreateObject();
    json_add_number(o, "n", (double)m->n);
    if (m->n == 0)
        return o;
    json_add_number(o, "log_loss", m->log_loss / m->n);
    json_add_number(o, "brier", m->brier / m->n);
    json_add_number(o, "auc", binary_auc(m));
    json_add_number(o, "mean_predicted", m->sum_p / m->n);
    json_add_number(o, "actual_rate", m->sum_y / m->n);
    double n[RELIABILITY_BINS] = { 0 }, sp[RELIABILITY_BINS] = { 0 }, so[RELIABILITY_BINS] = { 0 };
    for (size_t i = 0; i < m->n; i++) {
        int b = bin_of(m->p[i]);
        n[b]++, sp[b] += m->p[i], so[b] += m->y[i];
    }
    cJSON_AddItemToObject(o, "reliability", bins_to_json(n, sp, so));
    if (m->has_calls) {
        double tp = (double)m->tp;
        json_add_number(o, "precision", m->tp + m->fp ? tp / (m->tp + m->fp) : 0);
        json_add_number(o, "recall", m->tp + m->fn ? tp / (m->tp + m->fn) : 0);
        json_add_number(o, "f1", 2 * tp + m->fp + m->fn ? 2 * tp / (2 * tp + m->fp + m->fn) : 0);
        json_add_number(o, "call_rate", (double)(m->tp + m->fp) / m->n);
        /* Precision over the draw rate: what a call adds to knowing the rate. */
        if (m->tp + m->fp > 0 && m->sum_y > 0)
            json_add_number(o, "lift", tp / (m->tp + m->fp) / (m->sum_y / m->n));

    }
    return o;
}

void binary_free(struct binary_metrics *m)
{
    free(m->p);
    free(m->y);
    memset(m, 0, sizeof *m);
}
