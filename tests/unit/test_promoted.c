/* test_promoted.c: the goals model's evidence about promoted sides
 * (promoted.h). A simulated pair of divisions with promotion and
 * relegation, every team of known strength on one scale: fitted with the
 * lower division's seasons, the promoted sides' rates come out nearer their
 * true ones than fitted without them; the ridge's penalty and derivatives
 * against finite differences; the linked divisions chosen by shared teams;
 * the first-weeks flags; the join of a league's rows and its linked ones. TAP
 * output. */
#define _POSIX_C_SOURCE 200809L
#include "dc.h"
#include "promoted.h"
#include "rng.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testfixtures.h"

#define NTEAMS 36
#define PER_DIV 18
#define SEASONS 4
#define MOVERS 3
#define MU 0.25
#define HOME 0.25

struct sim {
    double strength[NTEAMS]; /* attack = defence = strength */
    int div[NTEAMS];         /* 0 upper, 1 lower, this season */
    char name[NTEAMS][8];
    struct fixture_set set;
    int promoted[MOVERS];    /* the sides up for the season after the last */
};

static void add_match(struct sim *s, const char *league, const char *season, int date, int h,
                      int a, struct rng *r)
{
    struct fixture f = { 0 };
    grow(&s->set.v, &s->set.cap, s->set.n + 1, sizeof *s->set.v);
    f.league = xstrdup(league);
    f.season = xstrdup(season);
    f.home = xstrdup(s->name[h]);
    f.away = xstrdup(s->name[a]);
    f.date = date;
    f.home_goals = knuth_poisson(r, exp(MU + HOME + s->strength[h] - s->strength[a]));
    f.away_goals = knuth_poisson(r, exp(MU + s->strength[a] - s->strength[h]));
    s->set.v[s->set.n++] = f;
}

static int cmp_points(const void *a, const void *b, void *pts)
{
    const double *p = pts;
    double x = p[*(const int *)a], y = p[*(const int *)b];
    return (x < y) - (x > y);
}

/* Indices of the division's teams, best first by points. */
static void table(const int *members, const double *points, int *order)
{
    memcpy(order, members, PER_DIV * sizeof *order);
    for (int i = 1; i < PER_DIV; i++) /* insertion sort: stable, no qsort_r */
        for (int j = i; j > 0 && cmp_points(&order[j], &order[j - 1], (void *)points) < 0; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
}

static void simulate(struct sim *s, uint64_t seed)
{
    struct rng r;
    rng_seed(&r, seed);
    memset(s, 0, sizeof *s);
    /* Strengths spread, the upper division the stronger half on average. */
    for (int t = 0; t < NTEAMS; t++) {
        snprintf(s->name[t], sizeof s->name[t], "T%02d", t);
        s->strength[t] = 0.35 * rng_normal(&r) + (t < PER_DIV ? 0.15 : -0.15);
        s->div[t] = t < PER_DIV ? 0 : 1;
    }
    for (int season = 0; season < SEASONS; season++) {
        char sname[16];
        double points[NTEAMS] = { 0 };
        int day = 10000 + 365 * season;
        snprintf(sname, sizeof sname, "%d-%02d", 2000 + season, (season + 1) % 100);
        for (int d = 0; d < 2; d++) {
            int members[PER_DIV], k = 0;
            for (int t = 0; t < NTEAMS; t++)
                if (s->div[t] == d)
                    members[k++] = t;
            for (int i = 0; i < PER_DIV; i++)
                for (int j = 0; j < PER_DIV; j++)
                    if (i != j) {
                        size_t at = s->set.n;
                        add_match(s, d ? "lower" : "upper", sname,
                                  day + (i * PER_DIV + j) % 300, members[i], members[j], &r);
                        int hg = s->set.v[at].home_goals, ag = s->set.v[at].away_goals;
                        points[members[i]] += hg > ag ? 3 : hg == ag ? 1 : 0;
                        points[members[j]] += ag > hg ? 3 : hg == ag ? 1 : 0;
                    }
        }
        int up[PER_DIV], down[PER_DIV], ou[PER_DIV], od[PER_DIV], ku = 0, kd = 0;
        for (int t = 0; t < NTEAMS; t++) {
            if (s->div[t] == 0)
                up[ku++] = t;
            else
                down[kd++] = t;
        }
        table(up, points, ou);
        table(down, points, od);
        for (int m = 0; m < MOVERS; m++) {
            s->div[ou[PER_DIV - 1 - m]] = 1;
            s->div[od[m]] = 0;
            s->promoted[m] = od[m];
        }
    }
    fixtures_intern(&s->set);
}

/* Mean |log rate error| of a promoted side p against every side of the
 * upper division, at home and away, as the model predicts it. */
static double rate_error(const struct sim *s, const struct dc_model *m, int p)
{
    double err = 0;
    int n = 0;
    for (int t = 0; t < NTEAMS; t++) {
        if (s->div[t] != 0 || t == p)
            continue;
        int ip = dc_team_index(m, s->name[p]), it = dc_team_index(m, s->name[t]);
        double l, nu;
        dc_rates(m, ip, it, &l, &nu);
        err += fabs(log(l) - (MU + HOME + s->strength[p] - s->strength[t]));
        err += fabs(log(nu) - (MU + s->strength[t] - s->strength[p]));
        dc_rates(m, it, ip, &l, &nu);
        err += fabs(log(l) - (MU + HOME + s->strength[t] - s->strength[p]));
        err += fabs(log(nu) - (MU + s->strength[p] - s->strength[t]));
        n += 4;
    }
    return err / n;
}

static void test_lower_division_helps(void)
{
    double with = 0, without = 0;
    int runs = 6, better = 0;
    for (int run = 0; run < runs; run++) {
        struct sim *s = xmalloc(sizeof *s);
        simulate(s, 1000 + run);
        struct dc_options opt = { .decay = 0.575, .use_rho = 0, .until = INT_MAX,
                                  .min_matches = 10, .min_team_matches = 8, .ridge = 3,
                                  .league = "upper", .link_weight = 1 };
        struct dc_model linked, alone;
        char err[160];
        int ok_linked = dc_fit(s->set.v, s->set.n, &opt, &linked, err, sizeof err) == 0;
        opt.link_weight = 0; /* the same fit, the lower division weighing nothing */
        int ok_alone = dc_fit(s->set.v, s->set.n, &opt, &alone, err, sizeof err) == 0;
        ok(ok_linked && ok_alone, "run %d: both fits converge", run);
        if (!ok_linked || !ok_alone)
            continue;
        double e_with = 0, e_without = 0;
        for (int m = 0; m < MOVERS; m++) {
            e_with += rate_error(s, &linked, s->promoted[m]) / MOVERS;
            e_without += rate_error(s, &alone, s->promoted[m]) / MOVERS;
        }
        with += e_with / runs, without += e_without / runs;
        better += e_with < e_without;
        ok(linked.nlinked == 1 && strcmp(linked.linked[0], "lower") == 0 && alone.nlinked == 0,
           "run %d: the lower division is linked, and only when it weighs", run);
        dc_free(&linked);
        dc_free(&alone);
        fixtures_free(&s->set);
        free(s);
    }
    diag("promoted sides' mean |log rate error|: %.4f with the lower division, %.4f without",
         with, without);
    ok(with < 0.75 * without, "the lower division's seasons cut the error by a quarter at least");
    ok(better >= runs - 1, "and in nearly every league (%d of %d)", better, runs);
}

/* Whether two fits are the same to the bit. */
static int same_fit(const struct dc_model *x, const struct dc_model *y)
{
    int same = x->nteams == y->nteams && x->mu == y->mu && x->home == y->home &&
               x->rho == y->rho && x->nlinked == y->nlinked &&
               x->fallback_attack == y->fallback_attack &&
               x->fallback_defence == y->fallback_defence;
    for (int t = 0; same && t < x->nteams; t++)
        same = x->team[t].attack == y->team[t].attack &&
               x->team[t].defence == y->team[t].defence;
    return same;
}

/* dc_options.in_league, which rows are the league's given once for many
 * fits, changes nothing in a fit: the same model, to the bit. */
static void test_in_league_mask(void)
{
    struct sim *s = xmalloc(sizeof *s);
    simulate(s, 1000);
    struct dc_options opt = { .decay = 0.575, .use_rho = 1, .until = INT_MAX,
                              .min_matches = 10, .min_team_matches = 8, .ridge = 3,
                              .league = "upper", .link_weight = 0.25 };
    struct dc_model named, masked;
    char err[160], *mask = xmalloc(s->set.n + 1);
    for (size_t i = 0; i < s->set.n; i++)
        mask[i] = strcmp(s->set.v[i].league, "upper") == 0;
    int a = dc_fit(s->set.v, s->set.n, &opt, &named, err, sizeof err);
    opt.in_league = mask;
    int b = dc_fit(s->set.v, s->set.n, &opt, &masked, err, sizeof err);
    ok(a == 0 && b == 0 && same_fit(&named, &masked),
       "the league's rows given as a mask: the same fit, to the bit");
    if (a == 0)
        dc_free(&named);
    if (b == 0)
        dc_free(&masked);
    free(mask);
    fixtures_free(&s->set);
    free(s);
}

/* Seasons grouped by their keys (fixtures_intern) or by their names, as
 * for rows read without keys: the same fit, to the bit, with the season
 * weight and the promoted-side prior, which both need the seasons. */
static void test_season_keys(void)
{
    struct sim *s = xmalloc(sizeof *s);
    simulate(s, 1001);
    struct dc_options opt = { .decay = 0.575, .use_rho = 1, .until = INT_MAX,
                              .min_matches = 10, .min_team_matches = 8, .ridge = 3,
                              .league = "upper", .link_weight = 0.25, .season_weight = 0.7 };
    /* Each key names one season and each season has one key. */
    const char **name_of = xcalloc(s->set.n + 2, sizeof *name_of);
    int keyed = 1, one_to_one = 1;
    for (size_t i = 0; i < s->set.n; i++) {
        const struct fixture *f = &s->set.v[i];
        keyed &= f->season_key > 0 && (size_t)f->season_key <= s->set.n;
        if (!keyed)
            break;
        if (!name_of[f->season_key])
            name_of[f->season_key] = f->season;
        one_to_one &= strcmp(name_of[f->season_key], f->season) == 0;
        for (size_t k = 1; k <= s->set.n && name_of[k]; k++)
            one_to_one &= (int)k == f->season_key || strcmp(name_of[k], f->season) != 0;
    }
    free(name_of);
    ok(keyed && one_to_one, "interned rows have season keys, one a season");
    struct dc_model by_key, by_name, mixed;
    char err[160];
    int a = dc_fit(s->set.v, s->set.n, &opt, &by_key, err, sizeof err);
    /* The linked division's rows without keys (read apart), then all. */
    for (size_t i = 0; i < s->set.n; i++)
        if (strcmp(s->set.v[i].league, "lower") == 0)
            s->set.v[i].season_key = s->set.v[i].home_key = s->set.v[i].away_key = 0;
    int b = dc_fit(s->set.v, s->set.n, &opt, &mixed, err, sizeof err);
    for (size_t i = 0; i < s->set.n; i++)
        s->set.v[i].season_key = 0;
    int c = dc_fit(s->set.v, s->set.n, &opt, &by_name, err, sizeof err);
    ok(a == 0 && c == 0 && by_key.fallback_promoted > 0 && by_key.nlinked == 1 &&
           same_fit(&by_key, &by_name),
       "seasons by key or by name: the same fit, to the bit");
    ok(b == 0 && same_fit(&by_key, &mixed),
       "the league's rows keyed and the linked division's not: the same fit, to the bit");
    if (a == 0)
        dc_free(&by_key);
    if (b == 0)
        dc_free(&mixed);
    if (c == 0)
        dc_free(&by_name);
    fixtures_free(&s->set);
    free(s);
}

/* A fit without a ridge is the maximum-likelihood fit of older versions. */
static void test_ridge_zero_is_old(void)
{
    struct sim *s = xmalloc(sizeof *s);
    simulate(s, 7);
    struct dc_options opt = { .decay = 0.575, .use_rho = 1, .until = INT_MAX,
                              .min_matches = 10, .min_team_matches = 8, .league = "upper",
                              .link_weight = 1 };
    struct dc_model a;
    char err[160];
    /* Only the upper division's rows: with ridge 0 no other row may enter. */
    struct fixture_set upper = { 0 };
    for (size_t i = 0; i < s->set.n; i++)
        if (strcmp(s->set.v[i].league, "upper") == 0) {
            grow(&upper.v, &upper.cap, upper.n + 1, sizeof *upper.v);
            upper.v[upper.n++] = s->set.v[i];
        }
    struct dc_model b;
    int rc = dc_fit(s->set.v, s->set.n, &opt, &a, err, sizeof err);
    opt.league = NULL;
    rc |= dc_fit(upper.v, upper.n, &opt, &b, err, sizeof err);
    ok(rc == 0 && a.nteams == b.nteams && a.nlinked == 0 && fabs(a.loglik - b.loglik) < 1e-9 &&
           fabs(a.mu - b.mu) < 1e-9 && fabs(a.team[0].attack - b.team[0].attack) < 1e-9,
       "ridge 0: other leagues' rows are ignored, the fit is the old one");
    if (rc == 0) {
        dc_free(&a);
        dc_free(&b);
    }
    free(upper.v);
    fixtures_free(&s->set);
    free(s);
}

static void test_penalty_derivatives(void)
{
    /* Seasons from days 100, 400, 790. Teams 0..2 there throughout; 3 and
     * 4 up in the second season; 5 new in the third (shrunk toward them),
     * 2 back in it after a season away (so too); 6 seen only in a linked
     * division, 4 also there. */
    int starts[3] = { 100, 400, 790 };
    int home[] = { 0, 2, 1, 3, 4, 0, 5, 2, 6, 6 }, away[] = { 1, 0, 3, 0, 1, 5, 1, 0, 4, 3 };
    int date[] = { 110, 120, 410, 420, 430, 800, 810, 820, 500, 510 };
    char in_league[] = { 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 };
    struct team_record rec[7];
    team_records(rec, 7, 10, home, away, date, in_league, NULL, starts, 3);
    ok(rec[0].promoted_season == -1 && rec[3].promoted_season == 1 && rec[5].promoted_season == 2 &&
           rec[2].promoted_season == 2 && !rec[6].in_league && rec[6].linked_matches == 2 &&
           rec[4].linked_matches == 1,
       "team records: the season each side last came up, matches in linked divisions");
    rec[2].linked_matches = 0;
    struct dc_prior pr;
    prior_build(&pr, 2.5, rec, 7, 3);
    ok(pr.npromoted == 2 && pr.promoted[0] == 3 && pr.promoted[1] == 4,
       "the sides up in the seasons before are the promoted reference");
    ok(pr.nterms == 6 && pr.newcomers == 2 && pr.term[5].team == 5 && pr.term[5].nref == 2 &&
           pr.term[2].nref == 2 && pr.term[0].nref == 0,
       "newcomers shrink toward them, the others toward 0; a team of a linked division only "
       "has no prior");
    double att[7] = { 0.1, -0.2, 0.3, -0.1, 0.05, 0.4, -0.3 };
    double def[7] = { -0.1, 0.2, 0.0, 0.1, -0.25, 0.1, 0.2 };
    int ix_att[7], ix_def[7], np = 14;
    for (int t = 0; t < 7; t++)
        ix_att[t] = t, ix_def[t] = 7 + t;
    double G[14] = { 0 }, NH[14 * 14] = { 0 }, worst = 0, worst_h = 0;
    prior_derivatives(&pr, att, def, ix_att, ix_def, np, G, NH);
    for (int k = 0; k < np; k++) {
        double *x = k < 7 ? &att[k] : &def[k - 7], h = 1e-6, keep = *x;
        *x = keep + h;
        double up = prior_penalty(&pr, att, def);
        *x = keep - h;
        double down = prior_penalty(&pr, att, def);
        *x = keep;
        worst = fmax(worst, fabs(-(up - down) / (2 * h) - G[k]));
    }
    /* The penalty is quadratic: its Hessian is exact from differences of G. */
    for (int k = 0; k < np; k++) {
        double *x = k < 7 ? &att[k] : &def[k - 7], keep = *x, G2[14] = { 0 }, NH2[14 * 14];
        *x = keep + 1;
        prior_derivatives(&pr, att, def, ix_att, ix_def, np, G2, NH2);
        *x = keep;
        for (int j = k; j < np; j++)
            worst_h = fmax(worst_h, fabs(-(G2[j] - G[j]) - NH[(size_t)k * np + j]));
    }
    ok(worst < 1e-8, "penalty gradient matches finite differences (worst %.2g)", worst);
    ok(worst_h < 1e-12, "penalty Hessian matches the change of the gradient (worst %.2g)",
       worst_h);
    prior_free(&pr);
}

static void test_link_divisions(void)
{
    const char *league[6] = { "upper", "upper", "lower", "lower", "far", "far" };
    int home[6] = { 0, 1, 0, 2, 3, 4 }, away[6] = { 1, 2, 1, 3, 4, 5 };
    int date[6] = { 50, 60, 40, 41, 40, 41 };
    char main_row[6] = { 1, 1, 0, 0, 0, 0 }, keep[6] = { 1, 1, 1, 1, 1, 1 };
    link_divisions(6, league, home, away, date, main_row, 6, 0, keep);
    ok(keep[2] && keep[3] && !keep[4] && !keep[5],
       "a division sharing two teams is linked, one sharing none is not");
}

/* linkable_rows: the league's rows, a division sharing two of its teams,
 * and one sharing a single team however often that team plays there (300
 * rows: a count per team kept in a byte would wrap and count it again). */
static void test_linkable_rows(void)
{
    enum { N = 2 + 2 + 300 };
    static struct fixture v[N];
    static char name[300][8];
    v[0] = (struct fixture){ .league = "top", .home = "A", .away = "B" };
    v[1] = (struct fixture){ .league = "top", .home = "C", .away = "A" };
    v[2] = (struct fixture){ .league = "below", .home = "B", .away = "X" };
    v[3] = (struct fixture){ .league = "below", .home = "Y", .away = "C" };
    for (int i = 0; i < 300; i++) {
        snprintf(name[i], sizeof name[i], "T%d", i);
        v[4 + i] = (struct fixture){ .league = "apart", .home = "A", .away = name[i] };
    }
    char keep[N];
    size_t marked = linkable_rows(v, N, "top", keep);
    int apart = 0;
    for (int i = 4; i < N; i++)
        apart += keep[i];
    ok(marked == 4 && keep[0] && keep[1] && keep[2] && keep[3] && apart == 0,
       "linkable: the league's rows and the division sharing two teams; not the one "
       "sharing one team in 300 rows (%zu marked)", marked);
    ok(linkable_rows(v, N, "none", keep) == 0, "a league without rows links nothing");
}

static void test_early_flags(void)
{
    /* Season A: X, Y, Z; season B: X, Y, W (W new): W's first 42 days. */
    struct fixture v[] = {
        { .league = "l", .season = "A", .home = "X", .away = "Y", .date = 0 },
        { .league = "l", .season = "A", .home = "Z", .away = "X", .date = 7 },
        { .league = "l", .season = "B", .home = "X", .away = "W", .date = 300 },
        { .league = "l", .season = "B", .home = "Y", .away = "X", .date = 301 },
        { .league = "l", .season = "B", .home = "W", .away = "Y", .date = 341 },
        { .league = "l", .season = "B", .home = "Y", .away = "W", .date = 342 },
    };
    struct fixture_set set = { v, 6, 6 };
    char early[6];
    promoted_early_flags(&set, early);
    ok(!early[0] && !early[1], "the first season has no newcomers");
    ok(early[2] && !early[3] && early[4] && !early[5],
       "a newcomer's matches within 42 days of its first are flagged, others not");
}

/* The order of a join: by date, a league row before a feeder row of its
 * day, each set's rows of one day as they came (a stable sort of the
 * league's rows then the feeder's), merged or, out of order, sorted. */
static int joined_as(const struct fixture_set *league, const struct fixture_set *feeder,
                     const char *want)
{
    struct fixture_set out;
    linked_rows_join(league, feeder, &out);
    char got[32] = "";
    for (size_t i = 0; i < out.n && i + 1 < sizeof got; i++)
        got[i] = out.v[i].home[0];
    free(out.v);
    return strcmp(got, want) == 0;
}

static void test_join(void)
{
    struct fixture l[] = {
        { .league = "l", .season = "A", .home = "a", .away = "z", .date = 1 },
        { .league = "l", .season = "A", .home = "b", .away = "z", .date = 3 },
        { .league = "l", .season = "A", .home = "c", .away = "z", .date = 3 },
        { .league = "l", .season = "A", .home = "d", .away = "z", .date = 5 },
    };
    struct fixture f[] = {
        { .league = "f", .season = "A", .home = "P", .away = "Z", .date = 0 },
        { .league = "f", .season = "A", .home = "Q", .away = "Z", .date = 3 },
        { .league = "f", .season = "A", .home = "R", .away = "Z", .date = 4 },
        { .league = "f", .season = "A", .home = "S", .away = "Z", .date = 6 },
        { .league = "f", .season = "A", .home = "T", .away = "Z", .date = 6 },
    };
    struct fixture_set league = { l, 4, 4 }, feeder = { f, 5, 5 }, none = { NULL, 0, 0 };
    ok(joined_as(&league, &feeder, "PabcQRdST"), "rows in date order: merged, a day's league rows first");
    ok(joined_as(&league, &none, "abcd") && joined_as(&none, &feeder, "PQRST"),
       "either set alone: as it came");
    struct fixture g[] = { f[3], f[1], f[0], f[4], f[2] }; /* S Q P T R */
    struct fixture_set shuffled = { g, 5, 5 };
    ok(joined_as(&league, &shuffled, "PabcQRdST"), "out of order: sorted, the same way");
    struct fixture m[] = { f[4], f[3] }; /* T S, one day: kept as they came */
    struct fixture_set same_day = { m, 2, 2 };
    ok(joined_as(&league, &same_day, "abcdTS"), "one day's rows of a set stay as they came");
}

int main(void)
{
    test_lower_division_helps();
    test_ridge_zero_is_old();
    test_in_league_mask();
    test_season_keys();
    test_penalty_derivatives();
    test_link_divisions();
    test_linkable_rows();
    test_early_flags();
    test_join();
    return done_testing();
}
