/* testtable.h: hand-made dates and feature tables for the unit tests
 * (header only: each unit test is one file). */
#ifndef LF_TESTTABLE_H
#define LF_TESTTABLE_H

#include "date.h"
#include "prematch.h"
#include "testfixtures.h"
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
    char home[16], away[16];
    snprintf(home, sizeof home, "H%zu", s->n % 20);
    snprintf(away, sizeof away, "A%zu", s->n % 19);
    add_fixture(s, season, date, home, away, hg, ag);
    if (s->cap != cap) {
        t->X = xrealloc(t->X, s->cap * NFEATURES * sizeof *t->X);
        t->history = xrealloc(t->history, s->cap * sizeof *t->history);
    }
    size_t row = s->n - 1;
    memset(t->X + row * NFEATURES, 0, NFEATURES * sizeof *t->X);
    t->X[row * NFEATURES + F_DC_DRAW] = 0.27;
    t->history[row] = history;
}

#endif
