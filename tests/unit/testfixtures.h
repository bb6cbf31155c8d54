/* testfixtures.h: hand-made matches of one league for the unit tests
 * (header only: each unit test is one file). */
#ifndef LF_TESTFIXTURES_H
#define LF_TESTFIXTURES_H

#include "fixtures.h"
#include "rng.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A Poisson draw (Knuth's), for simulated goals. */
static inline int knuth_poisson(struct rng *r, double rate)
{
    double limit = exp(-rate), p = 1;
    int k = 0;
    do {
        k++;
        p *= rng_uniform(r);
    } while (p > limit);
    return k - 1;
}

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

/* Reads canonical CSV text into set, named `name` in messages; dies when
 * the text does not read. */
static inline void read_fixtures_text(const char *text, const char *name,
                                      struct fixture_set *set)
{
    FILE *fp = fmemopen((void *)text, strlen(text), "r");
    memset(set, 0, sizeof *set);
    if (!fp || fixtures_read(fp, name, set) != 0)
        die("%s: test data do not read", name);
    fclose(fp);
}

#endif
