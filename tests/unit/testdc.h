/* testdc.h: comparisons of fitted goals models for the unit tests
 * (header only: each unit test is one file). */
#ifndef LF_TESTDC_H
#define LF_TESTDC_H

#include "dc.h"

#include <math.h>

/* Largest difference of two models' parameters (same teams). */
static inline double max_param_diff(const struct dc_model *a, const struct dc_model *b)
{
    double d = fmax(fabs(a->mu - b->mu), fmax(fabs(a->home - b->home), fabs(a->rho - b->rho)));
    for (int t = 0; t < a->nteams; t++)
        d = fmax(d, fmax(fabs(a->team[t].attack - b->team[t].attack),
                         fabs(a->team[t].defence - b->team[t].defence)));
    return d;
}

#endif
