/* walkforward.h: out-of-sample evaluation week by week (docs/design.md §3, metrics.json).
 *
 * The validation window is a run of match weeks (Monday to Sunday). Before
 * each week the caller's refit sees only matches strictly before the week's
 * Monday, then predicts that week's played matches. */
#ifndef LF_WALKFORWARD_H
#define LF_WALKFORWARD_H

#include "fixtures.h"
#include "metrics.h"

/* Refit on matches dated before `week_start`, then write P(H, D, A) of each
 * fixture f[idx[i]], i < k, into p[3 * i ..]. Returns 0, or -1 when no model
 * could be fitted (too little history): the week is skipped and counted.
 * Called with k = 0 (idx NULL) for a week whose forecasts a walk cache
 * gave, before a later week of its month is refitted (walk_weeks): a fn
 * whose fit starts from the last week's (dc_walk_week) refits it, so that
 * the later week's fit starts where it starts in a walk without a cache
 * (unless the cache kept the state of its chain: struct week_chain). */
typedef int (*week_fn)(const struct fixture_set *set, int week_start,
                       const size_t *idx, size_t k, double *p, void *ctx);

struct walk_result {
    struct metrics model, bookmaker, base_rate;
    /* The matches of sides new to the league in their first weeks
     * (promoted_early_flags): the model and the bookmaker on them. */
    struct metrics early_model, early_bookmaker;
    int weeks, skipped_weeks;
    int first_date, last_date;
};

/* A weekly refit needs this much history, else its week is skipped. */
#define REFIT_MIN_MATCHES 100

/* The week_fn of poisson_v2: ctx is a struct dc_walk, whose options'
 * `until` is set to each week's Monday. A week's fit starts from the last
 * week's model when both weeks began in the same calendar month, and
 * afresh on a month's first week (dc_options.start): a week's forecasts
 * depend on its history and the weeks of its month before it, which
 * walk_weeks refits when a cache gave them, so that a week kept in a walk
 * cache is the week recomputed, to the bit. The month bounds those refits
 * (at most four). A walk starts with the chain empty (zeros), and
 * dc_walk_free frees its last model (and what it keeps of the pool). */
#include "dc.h"
struct dc_walk {
    struct dc_options opt;
    /* Rows of every league, for linked divisions (opt.ridge > 0): each
     * week's fit takes its league from the set walked. NULL: none. */
    const struct fixture *pool;
    size_t npool;
    /* The chain: the model of the last week fitted, and that week. */
    struct dc_model last;
    int last_week, has_last;
    char *in_league; /* which pool rows are the league's (dc_options) */
    /* The rows fitted (the pool, or the set walked) as the fits read
     * them (dc_options.rows), made at the first fit of those rows, which
     * must not change while the walk lasts (known by their address). */
    struct dc_row *rows;
    const struct fixture *rows_of;
    size_t rows_n;
};
void dc_walk_free(struct dc_walk *walk);
int dc_walk_week(const struct fixture_set *set, int week_start, const size_t *idx,
                 size_t k, double *p, void *ctx);


/* Monday of the week holding `days`. */
int week_start_of(int days);

/* The chain of a week_fn whose fit starts from the week before's, from
 * the walk's first week on (x12_walk_week, draw_walk_week): with it a walk
 * cache keeps, beside each week's forecasts, the state that week's fit
 * left to the next (walkcache.h), and a later run takes the chain up at
 * the last week the cache gives. The state holds the numbers a fit starts
 * from, exactly, so the chain taken up is the chain computed; the keys of
 * such a walk's weeks hold its first day. */
#define WALK_STATE_MAX 2048
struct week_chain {
    /* Writes the state ctx's last fit left (at most WALK_STATE_MAX
     * numbers; none when the chain is empty) and returns how many. */
    size_t (*save)(const void *ctx, double *state);
    /* Sets ctx's chain to the state `week`'s fit left (n numbers; n 0 or a
     * state of other sizes: the chain empty). */
    void (*restore)(void *ctx, int week, const double *state, size_t n);
};

/* The loop itself: fn predicts each week (p holds three numbers a fixture,
 * in the order idx gives), sink receives what it predicted and the base
 * rates before the week (the outcome frequencies, H, D, A, of the played
 * matches before it, add-one smoothed: a forecast to compare with). Returns the
 * number of weeks fn skipped. With a cache (walkcache.h; NULL: none), the
 * weeks it keeps are taken from it and the others kept in it, with fn's
 * chain (NULL: fn keeps none, or no state of it) where there is one. */
struct walk_cache;
typedef void (*week_sink)(const struct fixture_set *set, int week_start, const size_t *idx,
                          size_t k, const double *p, const double base[3], void *ctx);
int walk_weeks(const struct fixture_set *set, int from, int until, week_fn fn, void *ctx,
               week_sink sink, void *sink_ctx, struct walk_cache *cache,
               const struct week_chain *chain);

/* Evaluates the played matches of `set` dated in [from, until). */
void walk_forward(const struct fixture_set *set, int from, int until, week_fn fn,
                  void *ctx, struct walk_result *out, struct walk_cache *cache,
                  const struct week_chain *chain);

/* The matches a model's validation walk scores (metrics.json's val): the
 * played ones before `until` from the first day of the last season among
 * them (the one that began last, whatever season a match put off to later
 * belongs to), or of the season before it while the last holds fewer than
 * half as many played matches (in a season's first weeks a walk of a few
 * matches would say next to nothing). season: the last season, NULL when
 * no match was played before `until` (from is then INT_MAX);
 * first_season: the season the walk starts in. */
struct validation_window {
    int from;
    const char *season, *first_season;
};
void validation_window(const struct fixture_set *set, int until, struct validation_window *w);

#endif
