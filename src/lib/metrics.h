/* metrics.h: scores of 1X2 probability forecasts (DESIGN §6).
 * Outcomes are ordered H, D, A (0, 1, 2). */
#ifndef LF_METRICS_H
#define LF_METRICS_H

#include <cjson/cJSON.h>
#include <stddef.h>

#define RELIABILITY_BINS 10

struct metrics {
    size_t n, correct;
    double log_loss, brier, rps; /* sums over the n forecasts */
    /* Reliability of all three outcome probabilities together: per bin of
     * predicted probability, count, sum predicted, sum observed. */
    double bin_n[RELIABILITY_BINS], bin_p[RELIABILITY_BINS], bin_o[RELIABILITY_BINS];
};

/* Outcome of a score: 0 home win, 1 draw, 2 away win. */
int outcome_of(int home_goals, int away_goals);

/* Ranked probability score of one forecast, (1/2) sum of squared cumulative
 * differences. */
double rps_one(const double p[3], int outcome);

void metrics_add(struct metrics *m, const double p[3], int outcome);

/* Adds the forecasts counted in src to dst (pooling leagues). */
void metrics_merge(struct metrics *dst, const struct metrics *src);

/* Bookmaker probabilities: inverse odds, margin removed proportionally.
 * 0 when an odd is missing (then p is untouched). */
int implied_probs(const double odds[3], double p[3]);

/* Expected calibration error over the reliability bins. */
double metrics_ece(const struct metrics *m);

/* {"n", "accuracy", "log_loss", "brier", "rps", "ece"}: means; with
 * with_bins also the reliability bins. NULL-free: n = 0 gives only "n". */
cJSON *metrics_to_json(const struct metrics *m, int with_bins);

#endif
