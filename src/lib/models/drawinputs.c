/* drawinputs.c: the draw_specialist's inputs by name (drawinputs.h). */
#include "drawinputs.h"
#include "date.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const derived_names[DRAW_NINPUTS - NFEATURES] = {
    "dc_logit_draw", "elo_diff_sq", "pi_gd_sq", "dc_balance_sq",
    "goals_in_games_home", "goals_in_games_away", "season_time", "season_time_sq",
    "sot_share_gap_sq",
};

const char *draw_input_name(int input)
{
    return input < NFEATURES ? feature_names[input] : derived_names[input - NFEATURES];
}

int draw_input_index(const char *name)
{
    for (int k = 0; k < DRAW_NINPUTS; k++)
        if (strcmp(draw_input_name(k), name) == 0)
            return k;
    return -1;
}

double season_time(const struct fixture *f)
{
    int year = atoi(f->season);
    int start = strlen(f->season) > 4 ? days_from_civil(year, 7, 1)
                                      : days_from_civil(year, 1, 1);
    return (f->date - start) / 365.25;
}

double draw_input_value(const struct feature_table *t, size_t i, int input)
{
    const double *x = t->X + i * NFEATURES;
    if (input < NFEATURES)
        return x[input];
    switch ((enum draw_derived)input) {
    case D_DC_LOGIT_DRAW: {
        /* Finite even on a row whose goals model was not computed (0):
         * such rows are never fitted, but a score must stay a number. */
        double p = fmin(fmax(x[F_DC_DRAW], 1e-9), 1 - 1e-9);
        return log(p / (1 - p));
    }
    case D_ELO_DIFF_SQ: return x[F_ELO_DIFF] * x[F_ELO_DIFF];
    case D_PI_GD_SQ: return x[F_PI_GD] * x[F_PI_GD];
    case D_DC_BALANCE_SQ: return x[F_DC_BALANCE] * x[F_DC_BALANCE];
    case D_GOALS_HOME: return x[F_GF_HOME] + x[F_GA_HOME];
    case D_GOALS_AWAY: return x[F_GF_AWAY] + x[F_GA_AWAY];
    case D_SEASON_TIME: return season_time(&t->set.v[i]);
    case D_SEASON_TIME_SQ: {
        double s = season_time(&t->set.v[i]);
        return s * s;
    }
    case D_SOT_SHARE_GAP_SQ: {
        double gap = x[F_SOT_SHARE_HOME] - x[F_SOT_SHARE_AWAY];
        return gap * gap;
    }
    case DRAW_NINPUTS: break;
    }
    abort(); /* not an input: a caller's bug */
}
