/* blend.c: the goals response blended with match statistics (blend.h). */
#include "blend.h"
#include "util.h"

#include <string.h>

int blend_goals_only(const struct blend *b)
{
    return b->shots_on_target == 0 && b->corners == 0;
}

double blend_goals_weight(const struct blend *b)
{
    return 1 - b->shots_on_target - b->corners;
}

int blend_parse(const char *s, struct blend *b)
{
    const char *comma = strchr(s, ',');
    if (!comma || (size_t)(comma - s) >= 32)
        return -1;
    char first[32];
    memcpy(first, s, (size_t)(comma - s));
    first[comma - s] = '\0';
    if (parse_double(first, &b->shots_on_target) || parse_double(comma + 1, &b->corners))
        return -1;
    if (!(b->shots_on_target >= 0 && b->shots_on_target <= 1 && b->corners >= 0 &&
          b->corners <= 1 && b->shots_on_target + b->corners <= 1))
        return -1;
    return 0;
}

static int has_pair(const struct fixture *f, int home_stat, int away_stat)
{
    unsigned both = 1u << home_stat | 1u << away_stat;
    return (f->stats_present & both) == both;
}

int blend_row_takes_stats(const struct blend *b, const struct fixture *f)
{
    if (blend_goals_only(b))
        return 0;
    if (b->shots_on_target > 0 &&
        !has_pair(f, STAT_HOME_SHOTS_ON_TARGET, STAT_AWAY_SHOTS_ON_TARGET))
        return 0;
    return b->corners == 0 || has_pair(f, STAT_HOME_CORNERS, STAT_AWAY_CORNERS);
}

void blend_scale_add(struct blend_scale *s, const struct blend *b, const struct fixture *f,
                     double w)
{
    if (!blend_row_takes_stats(b, f))
        return;
    const int *st = f->stats;
    s->goals += w * (f->home_goals + f->away_goals);
    if (b->shots_on_target > 0)
        s->shots_on_target +=
                w * (st[STAT_HOME_SHOTS_ON_TARGET] + st[STAT_AWAY_SHOTS_ON_TARGET]);
    if (b->corners > 0)
        s->corners += w * (st[STAT_HOME_CORNERS] + st[STAT_AWAY_CORNERS]);
}

double blend_goals_per_shot_on_target(const struct blend_scale *s)
{
    return s->shots_on_target > 0 ? s->goals / s->shots_on_target : 0;
}

double blend_goals_per_corner(const struct blend_scale *s)
{
    return s->corners > 0 ? s->goals / s->corners : 0;
}

/* A window whose rows have no shot on target (or no corner) at all has no
 * rate to put them on the scale of goals. */
static int scale_usable(const struct blend *b, const struct blend_scale *s)
{
    return (b->shots_on_target == 0 || s->shots_on_target > 0) &&
           (b->corners == 0 || s->corners > 0);
}

int blend_response(const struct blend *b, const struct blend_scale *s, const struct fixture *f,
                   double *home, double *away)
{
    *home = f->home_goals;
    *away = f->away_goals;
    if (!blend_row_takes_stats(b, f) || !scale_usable(b, s))
        return 0;
    const int *st = f->stats;
    double wg = blend_goals_weight(b);
    *home = wg * f->home_goals;
    *away = wg * f->away_goals;
    if (b->shots_on_target > 0) {
        double k = b->shots_on_target * blend_goals_per_shot_on_target(s);
        *home += k * st[STAT_HOME_SHOTS_ON_TARGET];
        *away += k * st[STAT_AWAY_SHOTS_ON_TARGET];
    }
    if (b->corners > 0) {
        double k = b->corners * blend_goals_per_corner(s);
        *home += k * st[STAT_HOME_CORNERS];
        *away += k * st[STAT_AWAY_CORNERS];
    }
    return 1;
}
