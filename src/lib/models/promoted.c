/* promoted.c: the ridge prior of the goals model's teams, the newcomers'
 * prior learned from the recently promoted, the choice of linked
 * divisions, and which matches are a promoted side's first weeks. */
#include "promoted.h"
#include "merge.h"
#include "names.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The season (index into season_start) holding day d. */
static int season_of(int d, const int *season_start, int nseasons)
{
    int lo = 1, hi = nseasons; /* seasons 1 .. lo-1 began on or before d */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (season_start[mid] <= d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo - 1;
}

void prior_build(struct dc_prior *pr, double ridge, const struct team_record *rec,
                 int nteams, int nseasons)
{
    int current = nseasons - 1, oldest = current - PROMOTED_SEASONS;
    memset(pr, 0, sizeof *pr);
    pr->ridge = ridge;
    pr->term = xcalloc((size_t)nteams + 1, sizeof *pr->term);
    pr->promoted = xmalloc(((size_t)nteams + 1) * sizeof *pr->promoted);
    /* The sides that came up in the seasons before this one (the first
     * season of the fit has no newcomers: its sides were there already). */
    for (int t = 0; t < nteams; t++) {
        int s = rec[t].promoted_season;
        if (rec[t].in_league && s > 0 && s >= oldest && s < current)
            pr->promoted[pr->npromoted++] = t;
    }
    for (int t = 0; t < nteams; t++) {
        if (!rec[t].in_league)
            continue; /* seen only in a linked division: no prior */
        struct prior_term *term = &pr->term[pr->nterms++];
        term->team = t;
        int newcomer = current > 0 && rec[t].linked_matches == 0 &&
                       rec[t].promoted_season == current;
        if (newcomer && pr->npromoted > 0) {
            term->nref = pr->npromoted;
            term->ref = pr->promoted;
            pr->newcomers++;
        }
    }
}

void team_records(struct team_record *rec, int nteams, size_t n, const int *home,
                  const int *away, const int *date, const char *in_league, const char *keep,
                  const int *season_start, int nseasons)
{
    char *played = xcalloc((size_t)nteams * nseasons + 1, 1);
    for (int t = 0; t < nteams; t++)
        rec[t] = (struct team_record){ 0, -1, 0 };
    int last_date = INT_MIN, season = 0; /* rows come mostly by date: */
    for (size_t i = 0; i < n; i++) {       /* one search a date, not one a row */
        if (keep && !keep[i])
            continue;
        if (date[i] != last_date)
            last_date = date[i], season = season_of(date[i], season_start, nseasons);
        for (int side = 0; side < 2; side++) {
            int t = side ? away[i] : home[i];
            if (!in_league[i]) {
                rec[t].linked_matches++;
                continue;
            }
            rec[t].in_league = 1;
            played[(size_t)t * nseasons + season] = 1;
        }
    }
    for (int t = 0; t < nteams; t++)
        for (int s = 1; s < nseasons; s++)
            if (played[(size_t)t * nseasons + s] && !played[(size_t)t * nseasons + s - 1])
                rec[t].promoted_season = s;
    free(played);
}

void prior_free(struct dc_prior *pr)
{
    free(pr->term);
    free(pr->promoted);
    memset(pr, 0, sizeof *pr);
}

/* x_t − mean of x over the term's references. */
static double deviation(const struct prior_term *term, const double *x)
{
    double centre = 0;
    for (int r = 0; r < term->nref; r++)
        centre += x[term->ref[r]] / term->nref;
    return x[term->team] - centre;
}

double prior_penalty(const struct dc_prior *pr, const double *att, const double *def)
{
    double sum = 0;
    for (int k = 0; k < pr->nterms; k++) {
        double da = deviation(&pr->term[k], att), dd = deviation(&pr->term[k], def);
        sum += da * da + dd * dd;
    }
    return pr->ridge / 2 * sum;
}

/* One side (attack or defence) of one term: the penalty is
 * (ridge/2) (a·x)² with a = e_team − (1/nref) Σ e_ref. */
static void term_derivatives(const struct prior_term *term, double ridge, const double *x,
                             const int *ix, int npar, double *G, double *NH)
{
    double dev = deviation(term, x);
    int n = term->nref + 1;
    for (int i = 0; i < n; i++) {
        int fi = ix[i == 0 ? term->team : term->ref[i - 1]];
        double ai = i == 0 ? 1 : -1.0 / term->nref;
        if (fi < 0)
            continue;
        G[fi] -= ridge * dev * ai;
        for (int j = 0; NH && j < n; j++) {
            int fj = ix[j == 0 ? term->team : term->ref[j - 1]];
            double aj = j == 0 ? 1 : -1.0 / term->nref;
            if (fj >= 0 && fi >= fj)
                NH[(size_t)fj * npar + fi] += ridge * ai * aj;
        }
    }
}

void prior_derivatives(const struct dc_prior *pr, const double *att, const double *def,
                       const int *ix_att, const int *ix_def, int npar, double *G, double *NH)
{
    for (int k = 0; k < pr->nterms; k++) {
        term_derivatives(&pr->term[k], pr->ridge, att, ix_att, npar, G, NH);
        term_derivatives(&pr->term[k], pr->ridge, def, ix_def, npar, G, NH);
    }
}

/* ----------------------------------------------------------- linked divisions */

/* Whether two names are one: rows loaded from a row image share their
 * division's name (one copy a name), which then needs no compare. */
static int same_name(const char *a, const char *b) { return a == b || strcmp(a, b) == 0; }

void link_divisions(size_t n, const char *const *league, const int *home, const int *away,
                    const int *date, const char *main, int nteams, int since, char *keep)
{
    char *in_main = xcalloc((size_t)nteams + 1, 1);
    char *seen = xcalloc((size_t)nteams + 1, 1);
    char *done = xcalloc(n + 1, 1);
    for (size_t i = 0; i < n; i++)
        if (main[i] && date[i] >= since)
            in_main[home[i]] = in_main[away[i]] = 1;
    /* One division at a time: count its teams also in the league. */
    for (size_t i = 0; i < n; i++) {
        if (main[i] || done[i])
            continue;
        int shared = 0;
        memset(seen, 0, (size_t)nteams);
        for (size_t j = i; j < n; j++) {
            if (main[j] || !same_name(league[j], league[i]))
                continue;
            for (int side = 0; side < 2; side++) {
                int t = side ? away[j] : home[j];
                if (!seen[t] && in_main[t])
                    shared++;
                seen[t] = 1;
            }
        }
        for (size_t j = i; j < n; j++)
            if (!main[j] && same_name(league[j], league[i])) {
                done[j] = 1;
                if (shared < LINK_MIN_TEAMS)
                    keep[j] = 0;
            }
    }
    free(in_main);
    free(seen);
    free(done);
}

/* The index of the rows a[0 .. na) followed by b[0 .. nb). */
static void link_index_build_two(struct link_index *ix, const struct fixture *a, size_t na,
                                 const struct fixture *b, size_t nb)
{
    size_t n = na + nb;
    const char **league = xmalloc((n + 1) * sizeof *league);
    const char **team = xmalloc((2 * n + 1) * sizeof *team);
    for (size_t i = 0; i < n; i++) {
        const struct fixture *f = i < na ? &a[i] : &b[i - na];
        league[i] = f->league;
        team[2 * i] = f->home;
        team[2 * i + 1] = f->away;
    }
    ix->n = n;
    ix->division = xmalloc((n + 1) * sizeof *ix->division);
    ix->side = xmalloc((2 * n + 1) * sizeof *ix->side);
    ix->ndiv = name_ranks(league, n, ix->division, &ix->divisions);
    ix->nteams = name_ranks(team, 2 * n, ix->side, &ix->teams);
    free(league);
    free(team);
}

void link_index_build(struct link_index *ix, const struct fixture *v, size_t n)
{
    link_index_build_two(ix, v, n, NULL, 0);
}

void link_index_free(struct link_index *ix)
{
    free(ix->division), free(ix->side), free(ix->divisions), free(ix->teams);
    memset(ix, 0, sizeof *ix);
}

int link_index_division(const struct link_index *ix, const char *league)
{
    const char **hit = bsearch(&league, ix->divisions, ix->ndiv, sizeof *ix->divisions, cmp_str);
    return hit ? (int)(hit - ix->divisions) : -1;
}

size_t link_index_linkable(const struct link_index *ix, int division, const char *use, char *keep)
{
    size_t T = ix->nteams, marked = 0;
    char *own = xcalloc(T + 1, 1), *seen = xcalloc(ix->ndiv * T + 1, 1);
    size_t *shared = xcalloc(ix->ndiv + 1, sizeof *shared);
    for (size_t i = 0; i < ix->n; i++)
        if ((!use || use[i]) && ix->division[i] == division)
            own[ix->side[2 * i]] = own[ix->side[2 * i + 1]] = 1;
    /* The league's teams each division has had, and how many. */
    for (size_t i = 0; i < ix->n; i++)
        for (int s = 0; (!use || use[i]) && s < 2; s++) {
            size_t d = (size_t)ix->division[i], t = (size_t)ix->side[2 * i + s];
            if (own[t] && !seen[d * T + t]) { /* (a flag: a count would wrap) */
                seen[d * T + t] = 1;
                shared[d]++;
            }
        }
    for (size_t i = 0; i < ix->n; i++) {
        keep[i] = (!use || use[i]) &&
                  (ix->division[i] == division || shared[ix->division[i]] >= LINK_MIN_TEAMS);
        marked += keep[i];
    }
    free(own), free(seen), free(shared);
    return marked;
}

size_t linkable_rows(const struct fixture *v, size_t n, const char *league, char *keep)
{
    struct link_index ix;
    link_index_build(&ix, v, n);
    size_t marked = link_index_linkable(&ix, link_index_division(&ix, league), NULL, keep);
    link_index_free(&ix);
    return marked;
}

/* Takes out of set the rows from first on that are not linkable to the
 * league's rows league_rows->v[0 .. nl), or are the league's own; returns
 * how many stay. */
static size_t keep_linkable(struct fixture_set *set, size_t first,
                            const struct fixture_set *league_rows, size_t nl, const char *league)
{
    size_t nrows = set->n - first;
    const struct fixture *rows = set->v + first;
    char *keep = xmalloc(nl + nrows + 1);
    /* The league's rows first, so that the shared teams are counted. */
    struct link_index ix;
    link_index_build_two(&ix, league_rows->v, nl, rows, nrows);
    link_index_linkable(&ix, link_index_division(&ix, league), NULL, keep);
    link_index_free(&ix);
    for (size_t i = 0; i < nrows; i++)
        keep[nl + i] = keep[nl + i] && strcmp(rows[i].league, league) != 0;
    size_t added = nrows - fixtures_keep(set, first, keep + nl);
    free(keep);
    return added;
}

size_t feeder_append(struct fixture_set *set, const char *path,
                     const struct fixture_set *league_rows, const char *league)
{
    return feeder_append_as(set, path, league_rows, league, 1, NULL);
}

size_t feeder_append_unkeyed(struct fixture_set *set, const char *path,
                             const struct fixture_set *league_rows, const char *league)
{
    return feeder_append_as(set, path, league_rows, league, 0, NULL);
}

size_t feeder_append_as(struct fixture_set *set, const char *path,
                        const struct fixture_set *league_rows, const char *league, int keyed,
                        struct row_image_key *id)
{
    /* The file's rows are read onto the end of set, and those not kept
     * are taken out in place: no copy of the rows is made (a league's
     * feeder holds tens of thousands, and memory first touched is dear). */
    /* nl before the read: league_rows may be set itself (fit-poisson),
     * whose rows are then the league's and the earlier feeders', not this
     * file's too (indexed twice, the call took half as long again). */
    size_t first = set->n, nl = league_rows->n;
    if (fixtures_read_path_as(path, set, 0, id) > 0)
        die("%s: bad rows in the feeder input", path);
    size_t nrows = set->n - first, added = 0;
    if (nrows > 0) /* (a header only: an empty set has no array to offset) */
        added = keep_linkable(set, first, league_rows, nl, league);
    if (keyed)
        fixtures_intern(set);
    return added;
}

static int cmp_date(const void *a, const void *b)
{
    int x = ((const struct fixture *)a)->date, y = ((const struct fixture *)b)->date;
    return (x > y) - (x < y);
}

static int date_before(const void *x, const void *y, void *ctx)
{
    (void)ctx;
    return ((const struct fixture *)x)->date < ((const struct fixture *)y)->date;
}

void linked_rows_join(const struct fixture_set *league, const struct fixture_set *feeder,
                      struct fixture_set *out)
{
    out->n = out->cap = league->n + feeder->n;
    out->v = xmalloc((out->cap + 1) * sizeof *out->v);
    /* Both come in date order from the pipeline's files: merged, not
     * sorted (a sort of both cost a reader of the Premier League and its
     * linked rows about 4 ms), a league row before a feeder row of its
     * day, as a stable sort of the league's rows then the feeder's. */
    if (fixtures_in_date_order(league) && fixtures_in_date_order(feeder)) {
        merge_sorted(league->v, league->n, feeder->v, feeder->n, sizeof *out->v, date_before,
                     NULL, out->v);
    } else {
        memcpy(out->v, league->v, league->n * sizeof *out->v);
        memcpy(out->v + league->n, feeder->v, feeder->n * sizeof *out->v);
        qsort(out->v, out->n, sizeof *out->v, cmp_date);
    }
    fixtures_intern(out);
}

/* ------------------------------------------------------- first weeks up */

void promoted_early_flags(const struct fixture_set *set, char *early)
{
    size_t n = set->n;
    memset(early, 0, n);
    if (n == 0)
        return;
    /* Teams as indices: side[2i] the home side of row i, side[2i+1] the
     * away side. */
    int *side = xmalloc((2 * n + 1) * sizeof *side);
    int k = (int)fixtures_team_ranks(set->v, n, side, NULL);
    /* Season by season in date order: who played the season before, and
     * each newcomer's first match this season. */
    char *before = xcalloc((size_t)k + 1, 1), *now = xcalloc((size_t)k + 1, 1);
    int *first = xmalloc(((size_t)k + 1) * sizeof *first), seasons = 0;
    for (size_t i = 0, j; i < n; i = j) {
        const char *season = set->v[i].season;
        for (j = i; j < n && strcmp(set->v[j].season, season) == 0; j++)
            ;
        memset(now, 0, (size_t)k);
        for (int t = 0; t < k; t++)
            first[t] = INT_MAX;
        for (size_t r = i; r < j; r++)
            for (int s = 0; s < 2; s++) {
                int t = side[2 * r + s];
                now[t] = 1;
                if (set->v[r].date < first[t])
                    first[t] = set->v[r].date;
            }
        for (size_t r = i; seasons > 0 && r < j; r++) {
            int d = set->v[r].date, h = side[2 * r], a = side[2 * r + 1];
            early[r] = (!before[h] && d < first[h] + EARLY_DAYS) ||
                       (!before[a] && d < first[a] + EARLY_DAYS);
        }
        memcpy(before, now, (size_t)k);
        seasons++;
    }
    free(before), free(now), free(first), free(side);
}
