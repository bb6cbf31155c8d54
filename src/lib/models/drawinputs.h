/* drawinputs.h: the inputs a draw_specialist regression can be fitted on,
 * known by name: every pre-match feature (prematch.h) as it is, and terms
 * derived from a match's features and its date, still known before the
 * match. A model file lists the names of its inputs, so a model fitted on
 * another list (an older version's) reads and predicts as it was fitted. */
#ifndef LF_DRAWINPUTS_H
#define LF_DRAWINPUTS_H

#include "prematch.h"

/* The derived inputs, numbered after the features. */
enum draw_derived {
    D_DC_LOGIT_DRAW = NFEATURES, /* log(dc_p_draw / (1 − dc_p_draw)) */
    D_ELO_DIFF_SQ,     /* elo_diff²: with elo_diff, a draw likeliest near a gap */
    D_PI_GD_SQ,        /* pi_gd² */
    D_DC_BALANCE_SQ,   /* dc_balance² */
    D_GOALS_HOME,      /* goals for + against a game of the home side, last 10 */
    D_GOALS_AWAY,      /* the same of the away side */
    D_SEASON_TIME,     /* years since the season's nominal start */
    D_SEASON_TIME_SQ,
    D_SOT_SHARE_GAP_SQ, /* (sot_share_home − sot_share_away)²: a draw likeliest
                        * where the sides make chances alike */
    DRAW_NINPUTS
};

/* Index of an input by name, -1 if unknown. */
int draw_input_index(const char *name);
const char *draw_input_name(int input);

/* Input `input` of row i of t. */
double draw_input_value(const struct feature_table *t, size_t i, int input);

/* Years from the season's nominal start, the 1st of July of its first year
 * ("2023-24") or the 1st of January ("2024"), to the match. */
double season_time(const struct fixture *f);

#endif
