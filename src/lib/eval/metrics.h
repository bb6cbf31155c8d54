/* metrics.h: scores of 1X2 probability forecasts (docs/design.md §3, metrics.json).
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
    double outcome_p[3], outcome_o[3]; /* sums of predicted and actual H, D, A */
    double outcome_brier[3];           /* and of each one's squared error */
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

/* {"n", "accuracy", "log_loss", "brier", "rps", "ece", "outcomes"}: means
 * ("outcomes": per home, draw, away the mean predicted probability, the
 * actual rate and the Brier score of that outcome alone); with with_bins also the reliability bins. n = 0 gives only
 * "n". */
cJSON *metrics_to_json(const struct metrics *m, int with_bins);

/* Scores of a binary forecast (the draw specialist: P(draw) and, with a
 * threshold, a draw call). Every forecast is kept for the AUC. */
struct binary_metrics {
    size_t n, cap;
    double *p;
    unsigned char *y;
    double log_loss, brier, sum_p, sum_y;
    size_t tp, fp, fn; /* of the calls, when given */
    int has_calls;
};

/* call: 1 or 0 for a decision at the threshold, -1 for none. */
void binary_add(struct binary_metrics *m, double p, int y, int call);

/* Area under the ROC curve (Mann–Whitney, ties counted half); 0.5 when a
 * class is missing. */
double binary_auc(const struct binary_metrics *m);

/* {"n", "log_loss", "brier", "auc", "mean_predicted", "actual_rate",
 * "reliability"} and, with calls, "precision", "recall", "f1". Only "n"
 * when n = 0. */
cJSON *binary_to_json(const struct binary_metrics *m);
void binary_free(struct binary_metrics *m);

#endif
