/* blend.h: the goals response of poisson_v2's Poisson part, blended with
 * the match statistics (docs/design.md §3).
 *
 * A side's response in a match is
 *
 *   (1 - s - c) × goals + s × shots on target × g_s + c × corners × g_c
 *
 * g_s and g_c being the fit window's goals per shot on target and per
 * corner (weighted as the matches are), so that each term is on the scale
 * of goals: shots on target and corners are less noisy signs of how a side
 * plays than its few goals. A row without the statistics the blend weighs
 * keeps its goals, exactly. The Dixon–Coles correction of the low scores
 * keeps the real goals. All-zero weights: goals alone, as before. */
#ifndef LF_BLEND_H
#define LF_BLEND_H

#include "fixtures.h"

struct blend {
    double shots_on_target, corners; /* weights; goals get the rest of 1 */
};

/* The fit window's conversion rates, as weighted sums over the rows that
 * take the blend. */
struct blend_scale {
    double goals, shots_on_target, corners;
};

int blend_goals_only(const struct blend *b);
double blend_goals_weight(const struct blend *b);

/* "S,C": the weights of shots on target and of corners, each from 0 to 1,
 * their sum at most 1. 0, or -1 when malformed. */
int blend_parse(const char *s, struct blend *b);

/* Whether the row has every statistic the blend weighs, both sides. */
int blend_row_takes_stats(const struct blend *b, const struct fixture *f);

/* Adds a played row of weight w to the window's sums (a row that takes
 * no statistics adds nothing). */
void blend_scale_add(struct blend_scale *s, const struct blend *b, const struct fixture *f,
                     double w);

/* Goals per shot on target and per corner of the window; 0 where the
 * window has none. */
double blend_goals_per_shot_on_target(const struct blend_scale *s);
double blend_goals_per_corner(const struct blend_scale *s);

/* The response of each side of a played row. Goals alone, unchanged, for
 * a goals-only blend, a row without the statistics or a window without
 * any; returns whether the statistics entered. */
int blend_response(const struct blend *b, const struct blend_scale *s, const struct fixture *f,
                   double *home, double *away);

#endif
