/* testtable.h: hand-made dates and feature tables for the unit tests
 * (header only: each unit test is one file). */
#ifndef LF_TESTTABLE_H
#define LF_TESTTABLE_H

#include "date.h"
#include "prematch.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static inline int day(const char *iso)
{
    int d;
    if (date_parse_iso(iso, &d))
        die("test: bad date %s", iso);
    return d;
}

/* Grows a one-league feature table by a row of `season`; sides H<n % 20>
 * v A<n % 19>; features all 0 but dc_p_draw 0.27 (computed: 0 marks a
 * --from row) unless the caller sets them. */
static inline void table_add_row(struct feature_table *t, const char *season, int date, int hg,
                                 int ag, int history)
{
    struct fixture_set *s = &t->set;
    size_t cap = s->cap;
    grow(&s->v, &s->cap, s->n + 1, sizeof *s->v);
    if (s->cap != cap) {
        t->X = xrealloc(t->X, s->cap * NFEATURES * sizeof *t->X);
        t->history = xrealloc(t->history, s->cap * sizeof *t->history);
    }
    struct fixture *f = &s->v[s->n];
    char home[16], away[16];
    memset(f, 0, sizeof *f);
    snprintf(home, sizeof home, "H%zu", s->n % 20);
    snprintf(away, sizeof away, "A%zu", s->n % 19);
    f->league = xstrdup("test_league");
    f->season = xstrdup(season);
    f->home = xstrdup(home);
    f->away = xstrdup(away);
    f->date = date;
    f->home_goals = hg;
    f->away_goals = ag;
    f->line = (long)s->n + 2;
    memset(t->X + s->n * NFEATURES, 0, NFEATURES * sizeof *t->X);
    t->X[s->n * NFEATURES + F_DC_DRAW] = 0.27;
    t->history[s->n] = history;
    s->n++;
}

#endif
