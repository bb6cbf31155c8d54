/* testfixtures.h: hand-made matches of one league for the unit tests
 * (header only: each unit test is one file). */
#ifndef LF_TESTFIXTURES_H
#define LF_TESTFIXTURES_H

#include "fixtures.h"
#include "util.h"

#include <string.h>

/* Appends a match of test_league to s (goals NO_GOALS: not yet played). */
static inline void add_fixture(struct fixture_set *s, const char *season, int date,
                               const char *home, const char *away, int hg, int ag)
{
    grow(&s->v, &s->cap, s->n + 1, sizeof *s->v);
    struct fixture *f = &s->v[s->n];
    memset(f, 0, sizeof *f);
    f->league = xstrdup("test_league");
    f->season = xstrdup(season);
    f->home = xstrdup(home);
    f->away = xstrdup(away);
    f->date = date;
    f->home_goals = hg;
    f->away_goals = ag;
    f->line = (long)s->n + 2;
    s->n++;
}

#endif
