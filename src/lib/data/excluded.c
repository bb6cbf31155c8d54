/* excluded.c: the list of matches left out, read and applied. */
#define _POSIX_C_SOURCE 200809L
#include "excluded.h"
#include "table.h"
#include "date.h"
#include "fixtures.h"
#include "teams.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { X_LEAGUE, X_DATE, X_HOME, X_AWAY, X_REASON, NX };
static const char *const header_names[NX] = { "league", "date", "home", "away", "reason" };

struct loading {
    struct excluded *x;
    const struct team_aliases *teams; /* or NULL */
};

/* The name of a listed side, through the alias table where there is one. */
static char *team_name(const struct loading *l, const char *league, const char *team)
{
    return xstrdup(l->teams ? teams_resolve(l->teams, league, team) : team);
}

static void on_row(const char *const *v, long line, void *data)
{
    const struct loading *l = data;
    struct excluded *x = l->x;
    for (int c = 0; c < NX; c++)
        if (!*v[c])
            die("%s:%ld: empty %s (every listed match needs its reason too)", x->path, line,
                header_names[c]);
    struct excluded_match m = { xstrdup(v[X_LEAGUE]), team_name(l, v[X_LEAGUE], v[X_HOME]),
                                team_name(l, v[X_LEAGUE], v[X_AWAY]), xstrdup(v[X_REASON]), 0,
                                line, 0 };
    if (date_parse_iso(v[X_DATE], &m.date))
        die("%s:%ld: bad date '%s' (want YYYY-MM-DD)", x->path, line, v[X_DATE]);
    grow(&x->v, &x->cap, x->n + 1, sizeof *x->v);
    x->v[x->n++] = m;
}

static int same_match(const struct excluded_match *a, const struct excluded_match *b)
{
    return a->date == b->date && !strcmp(a->league, b->league) && !strcmp(a->home, b->home) &&
           !strcmp(a->away, b->away);
}

/* A match listed twice (a line pasted again) is said once, as such: the
 * first line drops it, and the second would be said not found. */
static void say_repeats(struct excluded *x)
{
    for (size_t i = 1; i < x->n; i++)
        for (size_t j = 0; j < i; j++)
            if (same_match(&x->v[i], &x->v[j])) {
                warnf("%s:%ld: match listed again (first at line %ld)", x->path, x->v[i].line,
                      x->v[j].line);
                x->v[i].found = 1;
                break;
            }
}

void excluded_load(struct excluded *x, const struct team_aliases *teams)
{
    struct loading l = { x, teams };
    table_read(x->path, header_names, NX, NX, on_row, &l);
    say_repeats(x);
}

void excluded_free(struct excluded *x)
{
    for (size_t i = 0; i < x->n; i++) {
        free(x->v[i].league);
        free(x->v[i].home);
        free(x->v[i].away);
        free(x->v[i].reason);
    }
    free(x->v);
    x->v = NULL;
    x->n = x->cap = 0;
}

static struct excluded_match *listed(struct excluded *x, const struct fixture *f)
{
    for (size_t i = 0; i < x->n; i++) {
        struct excluded_match *m = &x->v[i];
        if (m->date == f->date && !strcmp(m->league, f->league) && !strcmp(m->home, f->home) &&
            !strcmp(m->away, f->away))
            return m;
    }
    return NULL;
}

/* Whether set holds another match of the league on that date: a listed
 * match missing from a round that was read is worth a warning (a typo in
 * the list, or a renamed team); one outside the data read is not. */
static int league_played_on(const struct fixture_set *set, const char *league, int date)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->v[i].date == date && strcmp(set->v[i].league, league) == 0)
            return 1;
    return 0;
}

size_t excluded_apply(struct excluded *x, struct fixture_set *set)
{
    size_t kept = 0, n = set->n;
    for (size_t i = 0; i < n; i++) {
        struct fixture *f = &set->v[i];
        struct excluded_match *m = listed(x, f);
        if (!m) {
            if (kept++ != i) /* (a row before the first dropped stays put) */
                set->v[kept - 1] = *f;
            continue;
        }
        char date[11];
        date_format(f->date, date);
        warnf("%s:%ld: excluded: %s %s %s v %s: %s (%s:%ld)", f->source ? f->source : "-",
              f->line, f->league, date, f->home, f->away, m->reason, x->path, m->line);
        m->found = 1;
        fixture_free(f);
    }
    set->n = kept;
    for (size_t i = 0; i < x->n; i++) {
        const struct excluded_match *m = &x->v[i];
        char date[11];
        date_format(m->date, date);
        if (!m->found && league_played_on(set, m->league, m->date))
            warnf("%s:%ld: listed match %s %s %s v %s not found in the data", x->path,
                  m->line, m->league, date, m->home, m->away);
    }
    return n - kept;
}
