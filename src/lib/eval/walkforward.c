/* walkforward.c: weekly refit-and-predict loop with its baselines. */
#include "walkforward.h"
#include "date.h"
#include "dc.h"
#include "promoted.h"
#include "util.h"
#include "walkcache.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int week_start_of(int days)
{
    /* 1970-01-01 was a Thursday: (days + 3) % 7 is 0 on Mondays. */
    int r = (days + 3) % 7;
    return days - (r < 0 ? r + 7 : r);
}

/* A season of a set: its first day (among all its rows) and its played
 * matches before a day. */
struct season_span {
    const char *name;
    int first;
    size_t played;
};

/* The seasons of set's rows; rows of a season mostly follow one another,
 * so the last one found is tried first. */
static struct season_span *season_spans(const struct fixture_set *set, int until, size_t *n)
{
    struct season_span *v = NULL;
    size_t k = 0, last = 0;
    for (size_t i = 0; i < set->n; i++) {
        const struct fixture *f = &set->v[i];
        if (k == 0 || strcmp(v[last].name, f->season) != 0) {
            for (last = 0; last < k && strcmp(v[last].name, f->season) != 0; last++)
                ;
            if (last == k) {
                v = xrealloc(v, (k + 1) * sizeof *v);
                v[k++] = (struct season_span){ f->season, f->date, 0 };
            }
        }
        if (f->date < v[last].first)
            v[last].first = f->date;
        v[last].played += fixture_played(f) && f->date < until;
    }
    *n = k;
    return v;
}

/* Of the seasons with a played match, the one that began last before the
 * day `before`; NULL when there is none. (Not the season of the latest
 * match: one of the season before played late, once the next had begun,
 * would name that.) */
static const struct season_span *begun_last(const struct season_span *v, size_t n, int before)
{
    const struct season_span *last = NULL;
    for (size_t i = 0; i < n; i++)
        if (v[i].played > 0 && v[i].first < before && (!last || v[i].first > last->first))
            last = &v[i];
    return last;
}

void validation_window(const struct fixture_set *set, int until, struct validation_window *w)
{
    size_t n;
    struct season_span *v = season_spans(set, until, &n);
    const struct season_span *last = begun_last(v, n, INT_MAX);
    const struct season_span *earlier = last ? begun_last(v, n, last->first) : NULL;
    if (earlier && 2 * last->played < earlier->played)
        *w = (struct validation_window){ earlier->first, last->name, earlier->name };
    else if (last)
        *w = (struct validation_window){ last->first, last->name, last->name };
    else
        *w = (struct validation_window){ INT_MAX, NULL, NULL };
    free(v);
}

/* The base rates of a walk's weeks: the outcome frequencies (H, D, A) of
 * the played matches before each week, add-one smoothed. The outcomes in
 * date order are counted up to a day that only moves forward: one pass
 * for the whole walk instead of one over every row a week. */
struct outcome_tally {
    struct dated_outcome { int date, outcome; } *v;
    size_t n, counted;
    double count[3];
};

static int cmp_dated_outcome(const void *a, const void *b)
{
    const struct dated_outcome *x = a, *y = b;
    return (x->date > y->date) - (x->date < y->date);
}

static void tally_init(struct outcome_tally *t, const struct fixture_set *set)
{
    t->v = xmalloc((set->n + 1) * sizeof *t->v);
    t->n = t->counted = 0;
    for (size_t i = 0; i < set->n; i++)
        if (fixture_played(&set->v[i]))
            t->v[t->n++] = (struct dated_outcome){ set->v[i].date,
                                                   outcome_of(set->v[i].home_goals,
                                                              set->v[i].away_goals) };
    /* (A set in date order, as a version's rows are, needs no sort: the
     * tally counts the outcomes before a date, in whatever order.) */
    size_t sorted = 1;
    while (sorted < t->n && t->v[sorted - 1].date <= t->v[sorted].date)
        sorted++;
    if (sorted < t->n)
        qsort(t->v, t->n, sizeof *t->v, cmp_dated_outcome);
    t->count[0] = t->count[1] = t->count[2] = 1; /* add-one: no outcome gets 0 */
}

static void tally_base_rates(struct outcome_tally *t, int before, double p[3])
{
    while (t->counted < t->n && t->v[t->counted].date < before)
        t->count[t->v[t->counted++].outcome]++;
    double total = t->count[0] + t->count[1] + t->count[2];
    for (int k = 0; k < 3; k++)
        p[k] = t->count[k] / total;
}

struct scoring {
    struct walk_result *out;
    const char *early; /* per fixture of the set */
};

static void score_week(const struct fixture_set *set, const size_t *idx, size_t k,
                       const double *p, const double base[3], const struct scoring *sc)
{
    struct walk_result *out = sc->out;
    for (size_t i = 0; i < k; i++) {
        const struct fixture *f = &set->v[idx[i]];
        int o = outcome_of(f->home_goals, f->away_goals);
        double book[3];
        metrics_add(&out->model, p + 3 * i, o);
        metrics_add(&out->base_rate, base, o);
        int priced = implied_probs(f->odds, book);
        if (priced)
            metrics_add(&out->bookmaker, book, o);
        if (sc->early[idx[i]] && priced) {
            metrics_add(&out->early_model, p + 3 * i, o);
            metrics_add(&out->early_bookmaker, book, o);
        }
        if (f->date < out->first_date)
            out->first_date = f->date;
        if (f->date > out->last_date)
            out->last_date = f->date;
    }
}

/* The weeks of the current month that the cache gave since fn last ran
 * (a month has at most five Mondays). */
struct month_weeks {
    int month, n, week[6];
};

/* Notes a week the cache gave, in its month's list. */
static void month_weeks_cached(struct month_weeks *mw, int week)
{
    if (month_start(week) != mw->month) {
        mw->month = month_start(week);
        mw->n = 0;
    }
    mw->week[mw->n++] = week;
}

/* Before fn refits `week`: fn refits, without forecasts, the weeks of its
 * month before it that the cache gave (week_fn), so that a fit chained to
 * them starts where it starts in a walk without a cache. */
static void month_weeks_replay(struct month_weeks *mw, const struct fixture_set *set, int week,
                               double *p, week_fn fn, void *ctx)
{
    for (int i = 0; i < mw->n && mw->month == month_start(week); i++)
        fn(set, mw->week[i], NULL, 0, p, ctx);
    mw->n = 0;
}

/* What a walk keeps from week to week beside fn's own chain: the cache,
 * the weeks of the month it gave (a fn without a week_chain), and the
 * chain whose state it keeps, with the state of the last week the cache
 * gave, read only before the next week refitted. */
struct walk_memory {
    struct walk_cache *cache;
    const struct week_chain *chain;
    struct month_weeks mw;
    double *state; /* WALK_STATE_MAX */
    const char *kept;
    int kept_week;
};

/* A week the cache gave: 1, and its chain state noted (a chained fn) or
 * the week noted for a refit before the next week of its month (any other
 * fn); 0 when a chained fn's state is not kept after all: the week is
 * then refitted, which carries the chain on. */
static int cached_week(struct walk_memory *m, int week)
{
    if (!m->chain) {
        month_weeks_cached(&m->mw, week);
        return 1;
    }
    const char *kept = walk_cache_chain_kept(m->cache, WALK_STATE_MAX);
    if (!kept)
        return 0;
    m->kept = kept;
    m->kept_week = week;
    return 1;
}

/* Before fn refits a week: the chain taken up where the cache gave it. */
static void take_up_chain(struct walk_memory *m, void *ctx)
{
    if (!m->kept)
        return;
    int n = walk_cache_chain_read(m->kept, m->state, WALK_STATE_MAX);
    if (n < 0) {
        char day[11];
        date_format(m->kept_week, day);
        warnf("the walk cache's state of the week of %s does not read: the next fit starts "
              "afresh", day);
    }
    m->chain->restore(ctx, m->kept_week, m->state, n < 0 ? 0 : (size_t)n);
    m->kept = NULL;
}

static void keep_week(struct walk_memory *m, size_t k, const double *p, const void *ctx)
{
    if (!m->chain) {
        walk_cache_put(m->cache, k, p);
        return;
    }
    size_t n = m->chain->save(ctx, m->state);
    walk_cache_put_chained(m->cache, k, p, m->state, n);
}

/* One week's predictions: from the cache when it has them, else by fn
 * (and then kept). Returns fn's result. */
static int predict_week(const struct fixture_set *set, int from, int until, int week,
                        const size_t *idx, size_t k, double *p, week_fn fn, void *ctx,
                        struct walk_memory *m)
{
    int skipped = 0;
    if (m->cache && walk_cache_get(m->cache, week, from, until, k, p, &skipped) &&
        cached_week(m, week))
        return skipped ? -1 : 0;
    month_weeks_replay(&m->mw, set, week, p, fn, ctx);
    take_up_chain(m, ctx);
    int rc = fn(set, week, idx, k, p, ctx);
    if (m->cache)
        keep_week(m, k, rc == 0 ? p : NULL, ctx);
    return rc;
}

/* The played rows of [from, until), by week and then by their order in the
 * set: the weeks a walk predicts, found in one sort instead of two passes
 * over every row a week. */
struct week_row {
    int week;
    size_t row;
};

static int cmp_week_row(const void *a, const void *b)
{
    const struct week_row *x = a, *y = b;
    if (x->week != y->week)
        return x->week < y->week ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

static struct week_row *window_rows(const struct fixture_set *set, int from, int until,
                                    size_t *n)
{
    struct week_row *wr = xmalloc((set->n + 1) * sizeof *wr);
    *n = 0;
    for (size_t i = 0; i < set->n; i++) {
        const struct fixture *f = &set->v[i];
        if (fixture_played(f) && f->date >= from && f->date < until)
            wr[(*n)++] = (struct week_row){ week_start_of(f->date), i };
    }
    if (*n > 1)
        qsort(wr, *n, sizeof *wr, cmp_week_row);
    return wr;
}

int walk_weeks(const struct fixture_set *set, int from, int until, week_fn fn, void *ctx,
               week_sink sink, void *sink_ctx, struct walk_cache *cache,
               const struct week_chain *chain)
{
    size_t *idx = xmalloc((set->n + 1) * sizeof *idx);
    double *p = xmalloc((3 * set->n + 1) * sizeof *p), base[3];
    int skipped = 0;
    struct walk_memory m = { cache, chain, { .month = INT_MIN },
                             chain && cache ? xmalloc(WALK_STATE_MAX * sizeof(double)) : NULL,
                             NULL, 0 };
    if (cache && chain)
        walk_cache_chained_from_first_day(cache);
    struct outcome_tally tally;
    tally_init(&tally, set);
    size_t nw, at = 0;
    struct week_row *wr = window_rows(set, from, until, &nw);
    while (at < nw) {
        /* The next week of the window: its matches in the set's order. */
        int week = wr[at].week;
        size_t k = 0;
        for (; at < nw && wr[at].week == week; at++)
            idx[k++] = wr[at].row;
        if (predict_week(set, from, until, week, idx, k, p, fn, ctx, &m) != 0) {
            skipped++;
        } else {
            tally_base_rates(&tally, week, base);
            sink(set, week, idx, k, p, base, sink_ctx);
        }
    }
    free(idx);
    free(p);
    free(tally.v);
    free(wr);
    free(m.state);
    return skipped;
}

static void score_sink(const struct fixture_set *set, int week, const size_t *idx, size_t k,
                       const double *p, const double base[3], void *ctx)
{
    const struct scoring *sc = ctx;
    (void)week;
    sc->out->weeks++;
    score_week(set, idx, k, p, base, sc);
}

void walk_forward(const struct fixture_set *set, int from, int until, week_fn fn,
                  void *ctx, struct walk_result *out, struct walk_cache *cache,
                  const struct week_chain *chain)
{
    memset(out, 0, sizeof *out);
    out->first_date = INT_MAX;
    out->last_date = INT_MIN;
    struct scoring sc = { out, xmalloc(set->n + 1) };
    promoted_early_flags(set, (char *)sc.early);
    out->skipped_weeks = walk_weeks(set, from, until, fn, ctx, score_sink, &sc, cache, chain);
    free((char *)sc.early);
    out->weeks += out->skipped_weeks;
}

/* Which rows of the pool are the league's, worked out at the walk's first
 * fit (dc_options.in_league). */
static const char *pool_in_league(struct dc_walk *walk, const char *league)
{
    if (!walk->in_league)
        walk->in_league = fixtures_of_league(walk->pool, walk->npool, league);
    return walk->in_league;
}

/* The fits' rows of f[0..n) (dc_rows_of), made once for the walk. */
static const struct dc_row *walk_rows(struct dc_walk *walk, const struct fixture *f, size_t n)
{
    if (walk->rows_of != f || walk->rows_n != n) {
        free(walk->rows);
        walk->rows = dc_rows_of(f, n);
        walk->rows_of = f, walk->rows_n = n;
    }
    return walk->rows;
}

static void forget_last(struct dc_walk *walk)
{
    if (walk->has_last)
        dc_free(&walk->last);
    walk->has_last = 0;
}

int dc_walk_week(const struct fixture_set *set, int week, const size_t *idx, size_t k,
                 double *p, void *ctx)
{
    struct dc_walk *walk = ctx;
    struct dc_options opt = walk->opt;
    struct dc_model m;
    char err[160];
    opt.until = week;
    if (walk->pool && set->n > 0) {
        opt.league = set->v[0].league;
        opt.in_league = pool_in_league(walk, opt.league);
    }
    if (walk->has_last && walk->last_week < week && same_month(walk->last_week, week))
        opt.start = &walk->last;
    const struct fixture *rows = walk->pool ? walk->pool : set->v;
    size_t n = walk->pool ? walk->npool : set->n;
    opt.rows = walk_rows(walk, rows, n);
    int rc = dc_fit(rows, n, &opt, &m, err, sizeof err);
    forget_last(walk);
    if (rc != 0)
        return -1;
    for (size_t i = 0; i < k; i++) {
        const struct fixture *f = &set->v[idx[i]];
        dc_predict3(&m, dc_team_index(&m, f->home), dc_team_index(&m, f->away), p + 3 * i);
    }
    walk->last = m;
    walk->last_week = week;
    walk->has_last = 1;
    return 0;
}

void dc_walk_free(struct dc_walk *walk)
{
    forget_last(walk);
    free(walk->in_league);
    walk->in_league = NULL;
    free(walk->rows);
    walk->rows = NULL, walk->rows_of = NULL, walk->rows_n = 0;
}
