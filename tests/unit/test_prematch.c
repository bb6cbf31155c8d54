/* test_prematch.c: the pre-match features (prematch.h, docs/features.md).
 *
 * Every feature is checked on hand-made leagues against values worked out
 * here: literal numbers for the first updates (Elo, pi-ratings, windows,
 * priors, a promoted side, the regression between seasons), and for every
 * row a from-scratch reference written in this file from the documented
 * definitions (each row recomputed from the earlier-dated played matches
 * alone). The goals-model features are checked against dc_fit + dc_predict
 * on the documented four-year window before the week's Monday. Also: no
 * feature of a match sees its own or a same-date result, unplayed
 * fixtures get features but change nothing, --from, and the feature table
 * CSV round trip bit for bit, a subnormal number too. TAP output. */
#define _GNU_SOURCE
#include "date.h"
#include "dc.h"
#include "prematch.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "tap.h"
#include "testfixtures.h"
#include "testtable.h"

/* ---- building leagues -------------------------------------------------- */


/* Shots and shots on target of the last row added; a count < 0: that
 * statistic absent. */
static void add_shots(struct fixture_set *s, int hs, int as, int hst, int ast)
{
    struct fixture *f = &s->v[s->n - 1];
    if (hs >= 0) {
        f->stats[STAT_HOME_SHOTS] = hs, f->stats[STAT_AWAY_SHOTS] = as;
        f->stats_present |= 1u << STAT_HOME_SHOTS | 1u << STAT_AWAY_SHOTS;
    }
    if (hst >= 0) {
        f->stats[STAT_HOME_SHOTS_ON_TARGET] = hst, f->stats[STAT_AWAY_SHOTS_ON_TARGET] = ast;
        f->stats_present |= 1u << STAT_HOME_SHOTS_ON_TARGET | 1u << STAT_AWAY_SHOTS_ON_TARGET;
    }
}

static void copy_stats(struct fixture *to, const struct fixture *from)
{
    memcpy(to->stats, from->stats, sizeof from->stats);
    to->stats_present = from->stats_present;
}

/* A deep copy, so that results can be changed in one of two sets. */
static void copy_set(struct fixture_set *to, const struct fixture_set *from)
{
    memset(to, 0, sizeof *to);
    for (size_t i = 0; i < from->n; i++) {
        const struct fixture *f = &from->v[i];
        add_fixture(to, f->season, f->date, f->home, f->away, f->home_goals, f->away_goals);
        memcpy(to->v[i].odds, f->odds, sizeof f->odds);
        copy_stats(&to->v[i], f);
    }
}

/* The set less row `skip`. */
static void copy_without(struct fixture_set *to, const struct fixture_set *from, size_t skip)
{
    memset(to, 0, sizeof *to);
    for (size_t i = 0; i < from->n; i++)
        if (i != skip) {
            const struct fixture *f = &from->v[i];
            add_fixture(to, f->season, f->date, f->home, f->away, f->home_goals, f->away_goals);
            copy_stats(&to->v[to->n - 1], f);
        }
}

struct feats {
    double *X;
    int *history;
};

static struct feats compute(const struct fixture_set *s, int from)
{
    struct feats r = { xcalloc(s->n * NFEATURES + 1, sizeof *r.X),
                       xcalloc(s->n + 1, sizeof *r.history) };
    features_compute(s, &FEATURE_DEFAULTS, from, r.X, r.history);
    return r;
}

static void free_feats(struct feats *r)
{
    free(r->X);
    free(r->history);
}

/* Row i of a and row j of b: every feature bit-identical and the same
 * history. */
static int same_row(const struct feats *a, size_t i, const struct feats *b, size_t j)
{
    return memcmp(a->X + i * NFEATURES, b->X + j * NFEATURES, NFEATURES * sizeof(double)) ==
               0 &&
           a->history[i] == b->history[j];
}

/* splitmix64: a deterministic generator written out here. */
static uint64_t sm_state;
static uint64_t sm_next(void)
{
    uint64_t z = (sm_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static double sm_uniform(void) { return (double)(sm_next() >> 11) * 0x1.0p-53; }
static int sm_poisson(double rate)
{
    double limit = exp(-rate), prod = 1;
    int k = -1;
    do {
        k++;
        prod *= sm_uniform();
    } while (prod > limit && k < 9);
    return k;
}

/* ---- the hand-made league ---------------------------------------------- */

/* Four teams, two seasons, two matches on each date, Birch relegated and
 * Fir promoted after the first season, an unplayed fixture; shots in the
 * first two matches, shots but not on target in Elm v Ash. Indices: */
enum { M_AB, M_CE, M_BC, M_EA, M_AC, M_BE, M_AF, M_EC, M_FC, M_AE_UNPLAYED, M_CA, HAND_N };

static void hand_league(struct fixture_set *s)
{
    memset(s, 0, sizeof *s);
    add_fixture(s, "2020-21", day("2020-08-15"), "Ash", "Birch", 2, 0);
    add_shots(s, 12, 5, 6, 1);
    add_fixture(s, "2020-21", day("2020-08-15"), "Cedar", "Elm", 1, 1);
    add_shots(s, 8, 8, 3, 4);
    add_fixture(s, "2020-21", day("2020-08-22"), "Birch", "Cedar", 0, 3);
    add_fixture(s, "2020-21", day("2020-08-22"), "Elm", "Ash", 4, 1);
    add_shots(s, 15, 10, -1, -1);
    add_fixture(s, "2020-21", day("2020-08-29"), "Ash", "Cedar", 1, 0);
    add_fixture(s, "2020-21", day("2020-08-29"), "Birch", "Elm", 2, 2);
    add_fixture(s, "2021-22", day("2021-08-14"), "Ash", "Fir", 0, 1);
    add_fixture(s, "2021-22", day("2021-08-14"), "Elm", "Cedar", 3, 1);
    add_fixture(s, "2021-22", day("2021-08-21"), "Fir", "Cedar", 2, 2);
    add_fixture(s, "2021-22", day("2021-08-21"), "Ash", "Elm", NO_GOALS, NO_GOALS);
    add_fixture(s, "2021-22", day("2021-08-28"), "Cedar", "Ash", 1, 2);
}

static double feat(const struct feats *r, size_t i, int k) { return r->X[i * NFEATURES + k]; }

static void test_hand_literals(void)
{
    struct fixture_set s;
    hand_league(&s);
    struct feats r = compute(&s, INT_MIN);
    const double tol = 1e-9;

    /* The first date: nothing earlier, every feature at its start value. */
    for (size_t i = M_AB; i <= M_CE; i++) {
        is_close(feat(&r, i, F_ELO_HOME), 1500, 0, "first date: elo_home 1500");
        is_close(feat(&r, i, F_ELO_AWAY), 1500, 0, "first date: elo_away 1500");
        is_close(feat(&r, i, F_ELO_DIFF), 60, 0, "first date: elo_diff = home advantage 60");
        is_close(feat(&r, i, F_ABS_ELO_DIFF), 60, 0, "first date: abs_elo_diff 60");
        ok(feat(&r, i, F_PI_HOME) == 0 && feat(&r, i, F_PI_AWAY) == 0 && feat(&r, i, F_PI_GD) == 0,
           "first date: pi-ratings 0");
        ok(feat(&r, i, F_FORM_HOME) == 1.37 && feat(&r, i, F_FORM_AWAY) == 1.37 &&
               feat(&r, i, F_FORM_HOME_AT_HOME) == 1.37 && feat(&r, i, F_FORM_AWAY_AWAY) == 1.37,
           "first date: the four forms take the prior 1.37");
        ok(feat(&r, i, F_GF_HOME) == 1.35 && feat(&r, i, F_GA_HOME) == 1.35 &&
               feat(&r, i, F_GF_AWAY) == 1.35 && feat(&r, i, F_GA_AWAY) == 1.35,
           "first date: goal averages take the prior 1.35");
        ok(feat(&r, i, F_DRAW_RATE_HOME) == 0.26 && feat(&r, i, F_DRAW_RATE_AWAY) == 0.26,
           "first date: draw rates take the prior 0.26");
        ok(feat(&r, i, F_SHOT_SHARE_HOME) == 0.5 && feat(&r, i, F_SHOT_SHARE_AWAY) == 0.5 &&
               feat(&r, i, F_SOT_SHARE_HOME) == 0.5 && feat(&r, i, F_SOT_SHARE_AWAY) == 0.5,
           "first date: the shot shares take the prior 0.5");
        ok(feat(&r, i, F_REST_HOME) == 14 && feat(&r, i, F_REST_AWAY) == 14,
           "first date: rest days at their cap 14");
        ok(r.history[i] == 0, "first date: history 0");
    }

    /* After 2020-08-15. Ash 2-0 Birch: E = 1/(1 + 10^(-60/400)) =
     * 0.58549867867, margin 2 so G = 1.5, change 20 * 1.5 * (1 - E) =
     * 12.4350396398. Cedar 1-1 Elm: change 20 * (0.5 - E) = -1.70997357344.
     * Birch (home) v Cedar (away) on 2020-08-22: */
    is_close(feat(&r, M_BC, F_ELO_HOME), 1487.5649603601544, tol,
             "Birch's Elo after losing 0-2 away");
    is_close(feat(&r, M_BC, F_ELO_AWAY), 1498.2900264265638, tol, "Cedar's Elo after a home draw");
    is_close(feat(&r, M_BC, F_ELO_DIFF), 1487.5649603601544 - 1498.2900264265638 + 60, tol,
             "elo_diff = home - away + 60");
    is_close(feat(&r, M_EA, F_ELO_HOME), 1501.7099735734362, tol, "Elm's Elo after an away draw");
    is_close(feat(&r, M_EA, F_ELO_AWAY), 1512.4350396398456, tol, "Ash's Elo after winning 2-0");
    is_close(feat(&r, M_EA, F_ABS_ELO_DIFF), fabs(1501.7099735734362 - 1512.4350396398456 + 60),
             tol, "abs_elo_diff = |elo_diff|");
    /* Birch 0-3 Cedar on 2020-08-22: margin 3, G = (11 + 3) / 8 = 1.75. */
    double e2 = 1 / (1 + pow(10, -(1487.5649603601544 + 60 - 1498.2900264265638) / 400));
    is_close(feat(&r, M_BE, F_ELO_HOME), 1487.5649603601544 - 20 * 1.75 * e2, tol,
             "Elo: a 3-goal margin moves it by 1.75 K (S - E)");
    /* pi: Ash 2-0 Birch, expected 0, error 2, psi = 3 log10 3 = 1.43136376;
     * Ash home += 0.035 psi = 0.0500977317, Ash away += 0.7 of it; Birch
     * away -= 0.0500977317, Birch home -= 0.0350684122. The draw expected
     * 0-0 difference: no change. */
    is_close(feat(&r, M_BC, F_PI_HOME), -0.03506841222189519, 1e-15,
             "pi: Birch at home after losing away (gamma 0.7 of the change)");
    is_close(feat(&r, M_BC, F_PI_AWAY), 0, 0, "pi: a draw as expected changes nothing");
    is_close(feat(&r, M_BC, F_PI_GD), -(pow(10, 0.03506841222189519 / 3) - 1), 1e-15,
             "pi_gd: the expected goal difference of the ratings");
    is_close(feat(&r, M_EA, F_PI_AWAY), 0.03506841222189519, 1e-15,
             "pi: Ash away after a home win (gamma 0.7 of the change)");
    /* Birch 0-3 Cedar: expected -(10^(0.0350684/3) - 1) = -0.0272815086,
     * error 2.9727184914, change -0.035 * 3 log10(3.9727184914) =
     * -0.0629042181: Cedar away +0.0629042181, Birch away -0.0501 +
     * 0.7 * -0.0629 = -0.0941306844. Birch (home) v Elm, 2020-08-29: */
    is_close(feat(&r, M_BE, F_PI_HOME), -0.09797263036573169, 1e-15,
             "pi: Birch at home after two defeats");
    is_close(feat(&r, M_AC, F_PI_AWAY), 0.0629042181438365, 1e-15,
             "pi: Cedar away after winning 3-0 away");

    /* Windows after one match each; the home-only and away-only windows
     * still take the prior where the side has not played there. */
    ok(feat(&r, M_BC, F_FORM_HOME) == 0 && feat(&r, M_BC, F_FORM_AWAY) == 1,
       "form: Birch 0 points, Cedar 1");
    ok(feat(&r, M_BC, F_FORM_HOME_AT_HOME) == 1.37 && feat(&r, M_BC, F_FORM_AWAY_AWAY) == 1.37,
       "form at home / away: the prior before a home / away match");
    ok(feat(&r, M_BC, F_GF_HOME) == 0 && feat(&r, M_BC, F_GA_HOME) == 2 &&
           feat(&r, M_BC, F_GF_AWAY) == 1 && feat(&r, M_BC, F_GA_AWAY) == 1,
       "goals for and against after one match");
    ok(feat(&r, M_BC, F_DRAW_RATE_HOME) == 0 && feat(&r, M_BC, F_DRAW_RATE_AWAY) == 1,
       "draw rates after one match");
    ok(r.history[M_BC] == 1 && r.history[M_EA] == 1, "history 1 on the second date");
    /* Ash (home) v Cedar on 2020-08-29: Ash won 2-0 at home, lost 1-4
     * away; Cedar drew 1-1 at home, won 3-0 away. */
    is_close(feat(&r, M_AC, F_FORM_HOME), 1.5, 0, "form: Ash (3 + 0) / 2");
    is_close(feat(&r, M_AC, F_FORM_HOME_AT_HOME), 3, 0, "form at home: Ash 3");
    is_close(feat(&r, M_AC, F_FORM_AWAY_AWAY), 3, 0, "form away: Cedar 3");
    is_close(feat(&r, M_AC, F_FORM_AWAY), 2, 0, "form: Cedar (1 + 3) / 2");
    is_close(feat(&r, M_AC, F_GF_HOME), 1.5, 0, "goals for: Ash (2 + 1) / 2");
    is_close(feat(&r, M_AC, F_GA_HOME), 2, 0, "goals against: Ash (0 + 4) / 2");
    is_close(feat(&r, M_AC, F_GF_AWAY), 2, 0, "goals for: Cedar (1 + 3) / 2");
    is_close(feat(&r, M_AC, F_GA_AWAY), 0.5, 0, "goals against: Cedar (1 + 0) / 2");
    is_close(feat(&r, M_AC, F_DRAW_RATE_AWAY), 0.5, 0, "draw rate: Cedar 1 of 2");

    /* Shot shares: Ash 2-0 Birch with shots 12-5 and on target 6-1, Cedar
     * 1-1 Elm 8-8 and 3-4; Birch 0-3 Cedar without statistics, Elm 4-1
     * Ash with shots 15-10 but none on target. */
    is_close(feat(&r, M_BC, F_SHOT_SHARE_HOME), 5.0 / 17, 1e-15, "shot share: Birch 5 of 17");
    is_close(feat(&r, M_BC, F_SOT_SHARE_HOME), 1.0 / 7, 1e-15, "on target: Birch 1 of 7");
    is_close(feat(&r, M_BC, F_SHOT_SHARE_AWAY), 0.5, 0, "shot share: Cedar 8 of 16");
    is_close(feat(&r, M_BC, F_SOT_SHARE_AWAY), 3.0 / 7, 1e-15, "on target: Cedar 3 of 7");
    is_close(feat(&r, M_EA, F_SOT_SHARE_AWAY), 6.0 / 7, 1e-15, "on target: Ash 6 of 7");
    is_close(feat(&r, M_AC, F_SHOT_SHARE_HOME), 22.0 / 42, 1e-15,
             "shot share: Ash (12 + 10) of (12 + 5 + 10 + 15) over two matches");
    is_close(feat(&r, M_AC, F_SOT_SHARE_HOME), 6.0 / 7, 1e-15,
             "on target: Ash's match without them leaves the share as it was");
    is_close(feat(&r, M_AC, F_SHOT_SHARE_AWAY), 0.5, 0,
             "shot share: Cedar's match without statistics leaves it at 8 of 16");
    ok(feat(&r, M_BC, F_REST_HOME) == 7 && feat(&r, M_BC, F_REST_AWAY) == 7,
       "rest days: a week after the first date, 7");
    ok(feat(&r, M_AF, F_REST_HOME) == 14 && feat(&r, M_AF, F_REST_AWAY) == 14,
       "rest days: after the summer break, and a promoted side's first match, 14");
    ok(feat(&r, M_AE_UNPLAYED, F_REST_HOME) == 7 && feat(&r, M_CA, F_REST_AWAY) == 14,
       "rest days: Ash 7 before its unplayed fixture, 14 after it (not a match played)");

    /* The new season. Ash's Elo at the end of 2020-21, regressed a fifth of
     * the way to 1500 at its first match of 2021-22; Fir is new after the
     * first season: 1400; its history is 0. */
    double ash = feat(&r, M_AC, F_ELO_HOME), cedar = feat(&r, M_AC, F_ELO_AWAY);
    double e = 1 / (1 + pow(10, -(ash + 60 - cedar) / 400));
    ash += 20 * (1 - e); /* 1-0: margin 1, G = 1 */
    is_close(feat(&r, M_AF, F_ELO_HOME), 1500 + 0.8 * (ash - 1500), tol,
             "new season: Ash regressed a fifth of the way to 1500");
    is_close(feat(&r, M_AF, F_ELO_AWAY), 1400, 0, "a promoted side starts at 1400");
    ok(r.history[M_AF] == 0 && r.history[M_EC] == 3, "history: Fir 0 (the fewer); Elm v Cedar 3");
    ok(feat(&r, M_AF, F_FORM_AWAY) == 1.37 && feat(&r, M_AF, F_GF_AWAY) == 1.35 &&
           feat(&r, M_AF, F_DRAW_RATE_AWAY) == 0.26,
       "the promoted side takes the priors");
    /* Forms carry over the seasons: Ash W L W over its three matches. */
    is_close(feat(&r, M_AF, F_FORM_HOME), 2, 0, "form carries over the seasons: Ash 6 / 3");
    /* Fir 1-0 away at Ash on 2021-08-14; Fir v Cedar 2021-08-21: Fir's
     * Elo after an away win from 1400 against the regressed Ash. */
    double ash0 = 1500 + 0.8 * (ash - 1500);
    double fir = 1400 - 20 * (0 - 1 / (1 + pow(10, -(ash0 + 60 - 1400) / 400)));
    is_close(feat(&r, M_FC, F_ELO_HOME), fir, tol, "the promoted side's Elo after an away win");
    /* The unplayed fixture has features (Ash lost at home to Fir). */
    /* The unplayed fixture has features: Ash lost 0-1 at home to Fir, so
     * Ash moved by as much as Fir did, the other way. */
    is_close(feat(&r, M_AE_UNPLAYED, F_ELO_HOME), ash0 - (fir - 1400), tol,
             "an unplayed fixture: Ash's Elo after the defeat");
    ok(r.history[M_AE_UNPLAYED] == 4 && r.history[M_CA] == 4,
       "history counts played matches only (Ash: 4, its unplayed fixture not counted)");
    free_feats(&r);
    fixtures_free(&s);
}

/* ---- a reference from the documented definitions ----------------------- */

#define RTEAMS 32
#define RMATCHES 512

struct rteam {
    const char *name, *season;
    double elo, pi_home, pi_away;
    int n;
    double points[RMATCHES], gf[RMATCHES], ga[RMATCHES];
    int at_home[RMATCHES];
    /* [0] shots, [1] on target: for and against, of the matches with them */
    double taken[2][RMATCHES], conceded[2][RMATCHES];
    int n_stat[2];
    int last_date, has_played;
};

struct rleague {
    struct rteam t[RTEAMS];
    int n;
    const char *first_season;
};

static struct rteam *rteam(struct rleague *L, const char *name)
{
    for (int i = 0; i < L->n; i++)
        if (strcmp(L->t[i].name, name) == 0)
            return &L->t[i];
    if (L->n == RTEAMS)
        die("test: too many teams");
    L->t[L->n].name = name;
    return &L->t[L->n++];
}

/* Elo at a team's first match of a season: 1500 in the data's first
 * season, 1400 for a side new after it; a fifth back to 1500 at each new
 * season. */
static void r_enter(struct rleague *L, struct rteam *t, const char *season)
{
    if (!t->season)
        t->elo = strcmp(season, L->first_season) == 0 ? 1500.0 : 1400.0;
    else if (strcmp(t->season, season) != 0)
        t->elo -= (t->elo - 1500.0) / 5;
    t->season = season;
}

/* Goal difference a pi-rating expects: sign(r) (10^(|r|/3) - 1). */
static double r_pi_goals(double r) { return r >= 0 ? pow(10, r / 3) - 1 : 1 - pow(10, -r / 3); }

static void r_play(struct rleague *L, const struct fixture *f)
{
    struct rteam *h = rteam(L, f->home), *a = rteam(L, f->away);
    r_enter(L, h, f->season);
    r_enter(L, a, f->season);
    int gd = f->home_goals - f->away_goals, margin = abs(gd);
    double we = 1 / (1 + pow(10, (a->elo - h->elo - 60) / 400));
    double s = gd > 0 ? 1 : gd == 0 ? 0.5 : 0;
    double g = margin <= 1 ? 1 : margin == 2 ? 1.5 : (11.0 + margin) / 8;
    h->elo += 20 * g * (s - we);
    a->elo -= 20 * g * (s - we);

    double expect = r_pi_goals(h->pi_home) - r_pi_goals(a->pi_away);
    double psi = 3 * log10(1 + fabs(gd - expect));
    double towards_home = gd > expect ? psi : -psi;
    h->pi_home += 0.035 * towards_home;
    h->pi_away += 0.7 * 0.035 * towards_home;
    a->pi_away -= 0.035 * towards_home;
    a->pi_home -= 0.7 * 0.035 * towards_home;

    struct rteam *side[2] = { h, a };
    static const int stat[2][2] = { { STAT_HOME_SHOTS, STAT_AWAY_SHOTS },
                                    { STAT_HOME_SHOTS_ON_TARGET, STAT_AWAY_SHOTS_ON_TARGET } };
    for (int j = 0; j < 2; j++)
        if ((f->stats_present >> stat[j][0] & 1) && (f->stats_present >> stat[j][1] & 1))
            for (int k = 0; k < 2; k++) {
                struct rteam *t = side[k];
                t->taken[j][t->n_stat[j]] = f->stats[stat[j][k]];
                t->conceded[j][t->n_stat[j]++] = f->stats[stat[j][1 - k]];
            }
    for (int k = 0; k < 2; k++) {
        struct rteam *t = side[k];
        t->last_date = f->date;
        t->has_played = 1;
        int mine = k ? f->away_goals : f->home_goals, theirs = k ? f->home_goals : f->away_goals;
        if (t->n == RMATCHES)
            die("test: too many matches");
        t->points[t->n] = mine > theirs ? 3 : mine == theirs ? 1 : 0;
        t->gf[t->n] = mine;
        t->ga[t->n] = theirs;
        t->at_home[t->n] = !k;
        t->n++;
    }
}

/* Mean of v over the team's last n matches (where = -1 all, 1 at home, 0
 * away), or the prior before any. */
static double r_last(const struct rteam *t, const double *v, int n, int where, double prior)
{
    double sum = 0;
    int used = 0;
    for (int i = t->n - 1; i >= 0 && used < n; i--)
        if (where < 0 || t->at_home[i] == where) {
            sum += v[i];
            used++;
        }
    return used ? sum / used : prior;
}

/* Share of statistic j (0 shots, 1 on target) of the team's last 10
 * matches with it: taken / (taken + conceded); 0.5 before any or when
 * none were taken. */
static double r_share(const struct rteam *t, int j)
{
    double taken = 0, conceded = 0;
    for (int i = t->n_stat[j] - 1; i >= 0 && i >= t->n_stat[j] - 10; i--)
        taken += t->taken[j][i], conceded += t->conceded[j][i];
    return taken + conceded > 0 ? taken / (taken + conceded) : 0.5;
}

/* The non-goals-model features of row i from the played matches dated
 * strictly before it. */
static void ref_row(const struct fixture_set *s, size_t i, double *x, int *history)
{
    struct rleague *L = xcalloc(1, sizeof *L);
    const struct fixture *f = &s->v[i];
    L->first_season = s->v[0].season;
    for (size_t j = 0; j < s->n; j++)
        if (s->v[j].date < f->date && fixture_played(&s->v[j]))
            r_play(L, &s->v[j]);
    struct rteam *h = rteam(L, f->home), *a = rteam(L, f->away);
    r_enter(L, h, f->season);
    r_enter(L, a, f->season);
    double draws_h[RMATCHES], draws_a[RMATCHES];
    for (int k = 0; k < h->n; k++)
        draws_h[k] = h->gf[k] == h->ga[k];
    for (int k = 0; k < a->n; k++)
        draws_a[k] = a->gf[k] == a->ga[k];
    x[F_ELO_HOME] = h->elo;
    x[F_ELO_AWAY] = a->elo;
    x[F_ELO_DIFF] = h->elo + 60 - a->elo;
    x[F_ABS_ELO_DIFF] = fabs(x[F_ELO_DIFF]);
    x[F_PI_HOME] = h->pi_home;
    x[F_PI_AWAY] = a->pi_away;
    x[F_PI_GD] = r_pi_goals(h->pi_home) - r_pi_goals(a->pi_away);
    x[F_ABS_PI_GD] = fabs(x[F_PI_GD]);
    x[F_FORM_HOME] = r_last(h, h->points, 6, -1, 1.37);
    x[F_FORM_AWAY] = r_last(a, a->points, 6, -1, 1.37);
    x[F_FORM_HOME_AT_HOME] = r_last(h, h->points, 6, 1, 1.37);
    x[F_FORM_AWAY_AWAY] = r_last(a, a->points, 6, 0, 1.37);
    x[F_GF_HOME] = r_last(h, h->gf, 10, -1, 1.35);
    x[F_GA_HOME] = r_last(h, h->ga, 10, -1, 1.35);
    x[F_GF_AWAY] = r_last(a, a->gf, 10, -1, 1.35);
    x[F_GA_AWAY] = r_last(a, a->ga, 10, -1, 1.35);
    x[F_DRAW_RATE_HOME] = r_last(h, draws_h, 10, -1, 0.26);
    x[F_DRAW_RATE_AWAY] = r_last(a, draws_a, 10, -1, 0.26);
    x[F_SHOT_SHARE_HOME] = r_share(h, 0);
    x[F_SHOT_SHARE_AWAY] = r_share(a, 0);
    x[F_SOT_SHARE_HOME] = r_share(h, 1);
    x[F_SOT_SHARE_AWAY] = r_share(a, 1);
    x[F_REST_HOME] = h->has_played ? fmin(14, f->date - h->last_date) : 14;
    x[F_REST_AWAY] = a->has_played ? fmin(14, f->date - a->last_date) : 14;
    *history = h->n < a->n ? h->n : a->n;
    free(L);
}

static const int dc_columns[] = { F_DC_HOME,       F_DC_DRAW,       F_DC_AWAY,
                                  F_DC_GOALS,      F_DC_LOGIT_HOME, F_DC_LOGIT_AWAY,
                                  F_DC_BALANCE,    F_DC_FAST_LOGIT_HOME, F_DC_FAST_LOGIT_AWAY };
#define NDC 9

static int is_dc(int k)
{
    for (int j = 0; j < NDC; j++)
        if (dc_columns[j] == k)
            return 1;
    return 0;
}

/* Every rating feature of every row against the reference: the largest
 * difference per feature, relative beyond 1. */
static void check_against_reference(const char *name, const struct fixture_set *s)
{
    struct feats r = compute(s, INT_MIN);
    double worst[NFEATURES] = { 0 };
    int history_ok = 1;
    for (size_t i = 0; i < s->n; i++) {
        double x[NFEATURES];
        int h;
        ref_row(s, i, x, &h);
        history_ok &= h == r.history[i];
        for (int k = 0; k < NFEATURES; k++)
            if (!is_dc(k)) {
                double got = feat(&r, i, k), d = fabs(got - x[k]) / fmax(1, fabs(x[k]));
                worst[k] = d > worst[k] || isnan(got) ? (isnan(got) ? INFINITY : d) : worst[k];
            }
    }
    for (int k = 0; k < NFEATURES; k++)
        if (!is_dc(k)) {
            ok(worst[k] <= 1e-12, "%s: %s of all %zu rows equal the reference (%.2g)", name,
               feature_names[k], s->n, worst[k]);
        }
    ok(history_ok, "%s: history of every row = the fewer earlier played matches", name);
    free_feats(&r);
}

/* Four teams, `seasons` double round robins; Elm replaced by the promoted
 * Fir in the third season; each round on one date or on a Saturday and
 * the following Sunday; scores from the generator; `unplayed` last
 * fixtures without goals. */
static void small_league(struct fixture_set *s, int seasons, int unplayed, uint64_t seed)
{
    static const int pairing[6][2][2] = {
        { { 0, 1 }, { 2, 3 } }, { { 0, 2 }, { 1, 3 } }, { { 3, 0 }, { 1, 2 } },
        { { 1, 0 }, { 3, 2 } }, { { 2, 0 }, { 3, 1 } }, { { 0, 3 }, { 2, 1 } },
    };
    const char *names[4] = { "Ash", "Birch", "Cedar", "Elm" };
    char season[8];
    memset(s, 0, sizeof *s);
    sm_state = seed;
    for (int r = 0; r < seasons; r++) {
        snprintf(season, sizeof season, "%04d-%02d", 2015 + r, (16 + r) % 100);
        if (r == 2)
            names[3] = "Fir";
        for (int round = 0; round < 12; round++) { /* two round robins a season */
            int date = 16655 + 364 * r + 7 * round;
            for (int m = 0; m < 2; m++) {
                const int *p = pairing[round % 6][m];
                int h = round < 6 ? p[0] : p[1], a = round < 6 ? p[1] : p[0];
                add_fixture(s, season, date + (round % 2 ? m : 0), names[h], names[a],
                    sm_poisson(1.5 + 0.2 * (h == 0)), sm_poisson(1.1));
                /* Statistics in most rows, from the goals and the row's
                 * index (the generator's draws stay those of the goals). */
                const struct fixture *f = &s->v[s->n - 1];
                int k = (int)s->n;
                if (k % 5)
                    add_shots(s, 3 * f->home_goals + k % 7, 2 * f->away_goals + k % 4,
                              k % 3 ? f->home_goals + k % 2 : -1, f->away_goals + k % 3);
            }
        }
    }
    for (int k = 0; k < unplayed; k++)
        s->v[s->n - 1 - k].home_goals = s->v[s->n - 1 - k].away_goals = NO_GOALS;
}

static void test_reference(void)
{
    struct fixture_set s;
    hand_league(&s);
    check_against_reference("hand league", &s);
    fixtures_free(&s);
    small_league(&s, 4, 3, 11);
    check_against_reference("4 teams x 4 seasons", &s);
    /* The windows were full: some side had more than 10 earlier matches. */
    struct feats r = compute(&s, INT_MIN);
    ok(r.history[s.n - 1] > 10, "the windows of 6 and 10 matches were filled (history %d)",
       r.history[s.n - 1]);
    free_feats(&r);
    fixtures_free(&s);
}

/* ---- no feature sees its own result or a same-date one ------------------ */

static void test_no_peeking(void)
{
    struct fixture_set s, t;
    hand_league(&s);
    copy_set(&t, &s);
    t.v[M_AB].home_goals = 0; /* Ash 2-0 Birch becomes 0-3 */
    t.v[M_AB].away_goals = 3;
    struct feats a = compute(&s, INT_MIN), b = compute(&t, INT_MIN);
    ok(same_row(&a, M_AB, &b, M_AB), "a changed result: the match's own features do not change");
    ok(same_row(&a, M_CE, &b, M_CE), "a changed result: the same date's other match unchanged");
    ok(!same_row(&a, M_BC, &b, M_BC) && !same_row(&a, M_EA, &b, M_EA),
       "a changed result: the next matches of both sides change");
    free_feats(&a), free_feats(&b);
    fixtures_free(&s), fixtures_free(&t);

    /* A longer league: change the results of a mid-season date; no row up
     * to that date changes, every later row of its sides does. */
    small_league(&s, 3, 0, 5);
    copy_set(&t, &s);
    size_t k = 28; /* a Saturday holding two matches */
    ok(s.v[k].date == s.v[k + 1].date, "the changed date holds two matches");
    for (size_t j = k; j <= k + 1; j++) {
        t.v[j].home_goals = s.v[j].away_goals + 2;
        t.v[j].away_goals = s.v[j].home_goals;
    }
    a = compute(&s, INT_MIN), b = compute(&t, INT_MIN);
    int before_same = 1, later_differ = 1, later = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (s.v[i].date <= s.v[k].date)
            before_same &= same_row(&a, i, &b, i);
        else {
            /* Every side played on the changed date: its Elo moved (but
             * Fir's, promoted later). */
            later++;
            later_differ &= feat(&a, i, F_ELO_HOME) != feat(&b, i, F_ELO_HOME) ||
                            feat(&a, i, F_ELO_AWAY) != feat(&b, i, F_ELO_AWAY);
        }
    }
    ok(before_same, "changed results on a date: every row up to and on that date unchanged");
    ok(later_differ && later > 0, "changed results on a date: all %d later rows' Elo change",
       later);
    free_feats(&a), free_feats(&b);
    fixtures_free(&s), fixtures_free(&t);
}

/* ---- unplayed fixtures -------------------------------------------------- */

static void test_unplayed(void)
{
    struct fixture_set s, t;
    hand_league(&s);
    copy_without(&t, &s, M_AE_UNPLAYED);
    struct feats a = compute(&s, INT_MIN), b = compute(&t, INT_MIN);
    int same = 1;
    for (size_t i = 0, j = 0; i < s.n; i++)
        if (i != M_AE_UNPLAYED)
            same &= same_row(&a, i, &b, j++);
    ok(same, "an unplayed fixture changes no other row's features");
    double x[NFEATURES];
    int h;
    ref_row(&s, M_AE_UNPLAYED, x, &h);
    ok(feat(&a, M_AE_UNPLAYED, F_ELO_HOME) == x[F_ELO_HOME] &&
           feat(&a, M_AE_UNPLAYED, F_FORM_AWAY) == x[F_FORM_AWAY] && h == 4,
       "the unplayed fixture gets its features from the earlier matches");
    free_feats(&a), free_feats(&b);
    fixtures_free(&s), fixtures_free(&t);

    /* Mid-league: an unplayed (postponed) fixture between two played dates. */
    small_league(&s, 3, 0, 7);
    size_t k = 30;
    s.v[k].home_goals = s.v[k].away_goals = NO_GOALS;
    copy_without(&t, &s, k);
    a = compute(&s, INT_MIN), b = compute(&t, INT_MIN);
    same = 1;
    for (size_t i = 0, j = 0; i < s.n; i++)
        if (i != k)
            same &= same_row(&a, i, &b, j++);
    ok(same, "a postponed fixture mid-season changes no other row");
    ok(feat(&a, k, F_ELO_HOME) != 0 && feat(&a, k, F_FORM_HOME) != 1.37 && a.history[k] > 0,
       "the postponed fixture has features");
    free_feats(&a), free_feats(&b);
    fixtures_free(&s), fixtures_free(&t);
}

/* ---- the goals model's view --------------------------------------------- */

static int monday_of(int days)
{
    int weekday = ((days % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday: 3 */
    return days - weekday;
}

/* Eight teams, six seasons of double round robins (56 matches, 14 rounds
 * a season): two matches on a Saturday and two on the Sunday, but in round
 * 5 two on the Thursday before. Hawthorn is replaced by the promoted Ivy
 * in the fifth season. The last round is unplayed. Some fixtures carry
 * odds. */
static void dc_league(struct fixture_set *s)
{
    const char *names[8] = { "Alder", "Beech", "Chestnut", "Dogwood",
                             "O'Brien Rovers, FC", "Fig", "Gorse", "Hawthorn" };
    double attack[9] = { 0.3, 0.2, 0.1, 0, 0, -0.1, -0.2, -0.3, -0.35 };
    double defence[9] = { 0.25, 0.1, 0.15, 0, -0.05, 0, -0.15, -0.3, -0.3 };
    char season[8];
    memset(s, 0, sizeof *s);
    sm_state = 99;
    for (int r = 0; r < 6; r++) {
        snprintf(season, sizeof season, "%04d-%02d", 2015 + r, (16 + r) % 100);
        if (r == 4)
            names[7] = "Ivy";
        for (int round = 0; round < 14; round++) {
            /* the circle method: team 7 fixed, the others rotate */
            int pairs[4][2], rr = round % 7;
            pairs[0][0] = 7, pairs[0][1] = rr;
            for (int m = 1; m < 4; m++)
                pairs[m][0] = (rr + m) % 7, pairs[m][1] = (rr + 7 - m) % 7;
            int saturday = 16655 + 364 * r + 7 * round;
            for (int m = 0; m < 4; m++) {
                int h = pairs[m][(round + m) % 2], a = pairs[m][1 - (round + m) % 2];
                if (round >= 7) {
                    int tmp = h;
                    h = a, a = tmp;
                }
                int date = round == 5 ? saturday - 2 * (m < 2) : saturday + (m >= 2);
                int ih = h == 7 && r >= 4 ? 8 : h, ia = a == 7 && r >= 4 ? 8 : a;
                double lh = exp(0.1 + 0.25 + attack[ih] - defence[ia]);
                double la = exp(0.1 + attack[ia] - defence[ih]);
                add_fixture(s, season, date, names[h], names[a], sm_poisson(lh), sm_poisson(la));
                if (s->n % 3 == 0) {
                    s->v[s->n - 1].odds[0] = 1.5 + (double)(s->n % 7) * 0.37;
                    s->v[s->n - 1].odds[1] = 3.4;
                    s->v[s->n - 1].odds[2] = 7.0 / 3;
                }
            }
        }
    }
    fixtures_sort(s); /* Thursday before Saturday; the test's order is by date */
    for (size_t k = 0; k < 4; k++)
        s->v[s->n - 1 - k].home_goals = s->v[s->n - 1 - k].away_goals = NO_GOALS;
}

/* The documented goals-model features of row i: dc_fit (decay 0.575,
 * ridge 3, min-team-matches 8, at least 100 matches) on the played matches dated in
 * [Monday - 4 * 365, Monday), Monday that of the row's week; fixed values
 * when the fit has fewer than 100 matches. The second view, its logits
 * only: the same fit with decay 0.0625 (a half-life of three months).
 * *n_window: the matches seen. */
static int ref_unknown; /* the last ref_dc fit did not know a side */

/* P(H), P(D), P(A), expected goals of row i by a fit of the window w. */
static int ref_view(const struct fixture_set *s, size_t i, const struct fixture *w, size_t n,
                    double decay, double view[4])
{
    struct dc_options opt = { .decay = decay, .use_rho = 1, .until = monday_of(s->v[i].date),
                              .min_matches = 100, .min_team_matches = 8, .ridge = 3 };
    struct dc_model m;
    char err[200];
    static const double fixed[4] = { 0.45, 0.27, 0.28, 2.7 };
    memcpy(view, fixed, sizeof fixed);
    if (dc_fit(w, n, &opt, &m, err, sizeof err) != 0)
        return 0;
    struct dc_probs p;
    int h = dc_team_index(&m, s->v[i].home), a = dc_team_index(&m, s->v[i].away);
    ref_unknown = h < 0 || a < 0;
    dc_predict(&m, h, a, &p);
    view[0] = p.home, view[1] = p.draw, view[2] = p.away, view[3] = p.xg_home + p.xg_away;
    dc_free(&m);
    return 1;
}

static void ref_dc(const struct fixture_set *s, size_t i, double *x, int *fitted, int *n_window)
{
    int monday = monday_of(s->v[i].date);
    struct fixture *w = xmalloc((s->n + 1) * sizeof *w);
    size_t n = 0;
    double fast[4];
    for (size_t j = 0; j < s->n; j++)
        if (fixture_played(&s->v[j]) && s->v[j].date >= monday - 4 * 365 &&
            s->v[j].date < monday)
            w[n++] = s->v[j];
    *n_window = (int)n;
    ref_view(s, i, w, n, 0.0625, fast);
    *fitted = ref_view(s, i, w, n, 0.575, x + F_DC_HOME);
    x[F_DC_LOGIT_HOME] = log(x[F_DC_HOME] / x[F_DC_DRAW]);
    x[F_DC_LOGIT_AWAY] = log(x[F_DC_AWAY] / x[F_DC_DRAW]);
    x[F_DC_BALANCE] = fabs(log(x[F_DC_HOME] / x[F_DC_AWAY]));
    x[F_DC_FAST_LOGIT_HOME] = log(fast[0] / fast[1]);
    x[F_DC_FAST_LOGIT_AWAY] = log(fast[2] / fast[1]);
    free(w);
}

static void test_dc(void)
{
    struct fixture_set s;
    dc_league(&s);
    struct feats r = compute(&s, INT_MIN);
    double worst = 0;
    int fixed_ok = 1, logits_exact = 1, fitted_rows = 0, fixed_rows = 0, boundary = 0;
    int threshold_ok = 1, saw96 = 0, saw100 = 0, unknown_side = 0;
    for (size_t i = 0; i < s.n; i++) {
        double x[NFEATURES];
        int fitted, n;
        ref_dc(&s, i, x, &fitted, &n);
        fitted ? fitted_rows++ : fixed_rows++;
        threshold_ok &= fitted == (n >= 100);
        saw96 |= n == 96 && !fitted;
        saw100 |= n == 100 && fitted;
        for (size_t j = 0; j < s.n; j++)
            boundary |= fixture_played(&s.v[j]) &&
                        s.v[j].date == monday_of(s.v[i].date) - 4 * 365;
        for (int k = 0; k < NDC; k++) {
            int c = dc_columns[k];
            double d = fabs(feat(&r, i, c) - x[c]);
            worst = d > worst || isnan(d) ? (isnan(d) ? INFINITY : d) : worst;
        }
        if (!fitted)
            fixed_ok &= feat(&r, i, F_DC_HOME) == 0.45 && feat(&r, i, F_DC_DRAW) == 0.27 &&
                        feat(&r, i, F_DC_AWAY) == 0.28 && feat(&r, i, F_DC_GOALS) == 2.7;
        logits_exact &=
            feat(&r, i, F_DC_LOGIT_HOME) == log(feat(&r, i, F_DC_HOME) / feat(&r, i, F_DC_DRAW)) &&
            feat(&r, i, F_DC_LOGIT_AWAY) == log(feat(&r, i, F_DC_AWAY) / feat(&r, i, F_DC_DRAW));
        unknown_side += fitted && ref_unknown;
    }
    diag("dc league: %zu rows, %d with a weekly fit, %d with the fixed values", s.n, fitted_rows,
         fixed_rows);
    ok(fitted_rows > 200 && fixed_rows >= 100, "both kinds of week occur");
    ok(threshold_ok && saw96 && saw100,
       "fixed values exactly when fewer than 100 matches in the window (96: fixed, 100: fit)");
    /* The reference refits every week afresh; the features' refits start
     * from the last week's model within a month (prematch.c): the same
     * maxima, to the fits' convergence (gradient below 1e-9). */
    ok(worst < 1e-8, "goals-model features = dc_fit + dc_predict on the 4-year window before "
                      "the week's Monday (largest difference %.2g)", worst);
    ok(fixed_ok, "with fewer than 100 earlier matches: 0.45, 0.27, 0.28 and 2.7");
    ok(logits_exact,
       "dc_logit_home and dc_logit_away = log(p_home / p_draw), log(p_away / p_draw)");
    ok(fabs(feat(&r, s.n - 1, F_DC_FAST_LOGIT_HOME) - feat(&r, s.n - 1, F_DC_LOGIT_HOME)) > 1e-3,
       "the second view differs from the first (last row: %.6g v %.6g)",
       feat(&r, s.n - 1, F_DC_FAST_LOGIT_HOME), feat(&r, s.n - 1, F_DC_LOGIT_HOME));
    ok(boundary, "a match lies exactly 4 * 365 days before some week's Monday (window edge)");
    /* The ridge fits a side from its first match on (promoted.h). */
    ok(unknown_side >= 1, "%d rows of the promoted side unknown to the week's fit (fallback)",
       unknown_side);
    is_close(feat(&r, 0, F_DC_LOGIT_HOME), log(0.45 / 0.27), 1e-15,
             "fixed logit home log(0.45/0.27)");
    is_close(feat(&r, 0, F_DC_LOGIT_AWAY), log(0.28 / 0.27), 1e-15,
             "fixed logit away log(0.28/0.27)");
    is_close(feat(&r, 0, F_DC_BALANCE), log(0.45 / 0.28), 1e-15, "fixed dc_balance log(0.45/0.28)");

    /* The window matters: on the last week the fit on all earlier matches
     * differs from the window's. */
    {
        size_t i = s.n - 1;
        int monday = monday_of(s.v[i].date);
        struct dc_options opt = { .decay = 0.575, .use_rho = 1, .until = monday,
                                  .min_matches = 100, .min_team_matches = 8, .ridge = 3 };
        struct dc_model m;
        char err[200];
        struct dc_probs p;
        ok(dc_fit(s.v, s.n, &opt, &m, err, sizeof err) == 0, "a fit on all the history");
        dc_predict(&m, dc_team_index(&m, s.v[i].home), dc_team_index(&m, s.v[i].away), &p);
        ok(fabs(p.home - feat(&r, i, F_DC_HOME)) > 1e-9,
           "the window is not all the history (p_home %.12g v %.12g)", p.home,
           feat(&r, i, F_DC_HOME));
        dc_free(&m);
    }

    /* A result changed on a Thursday: the goals-model features of that
     * whole week are unchanged (fitted as of Monday), the next week's
     * change. */
    {
        struct fixture_set t;
        copy_set(&t, &s);
        size_t k = 0;
        while (!(k > 150 && t.v[k].date % 7 == 0)) /* a Thursday: days % 7 == 0 */
            k++;
        t.v[k].home_goals += 3;
        struct feats b = compute(&t, INT_MIN);
        int week_same = 1, before_same = 1, next_differs = 0;
        for (size_t i = 0; i < s.n; i++) {
            if (s.v[i].date <= s.v[k].date)
                before_same &= same_row(&r, i, &b, i);
            if (monday_of(s.v[i].date) == monday_of(s.v[k].date))
                for (int c = 0; c < NDC; c++)
                    week_same &= feat(&r, i, dc_columns[c]) == feat(&b, i, dc_columns[c]);
            if (monday_of(s.v[i].date) == monday_of(s.v[k].date) + 7)
                next_differs |= feat(&r, i, F_DC_HOME) != feat(&b, i, F_DC_HOME);
        }
        ok(before_same, "a changed Thursday result: nothing up to that date changes");
        ok(week_same, "a changed Thursday result: its week's goals-model features unchanged");
        ok(next_differs, "a changed Thursday result: the next week's goals-model features change");
        free_feats(&b);
        fixtures_free(&t);
    }

    /* --from: the goals-model features before the date are 0, from it on
     * they and every other feature are as without --from. A Saturday
     * after a Thursday of the same week: the Thursday rows get 0. */
    {
        size_t k = 0;
        while (!(k > 200 && s.v[k].date % 7 == 0))
            k++;
        int from = s.v[k].date + 2;
        struct feats b = compute(&s, from);
        int zero_before = 1, same_after = 1, ratings_same = 1, thursday_zero = 0;
        double dc_after = 0;
        for (size_t i = 0; i < s.n; i++) {
            for (int k2 = 0; k2 < NFEATURES; k2++)
                if (!is_dc(k2))
                    ratings_same &= feat(&b, i, k2) == feat(&r, i, k2);
            ratings_same &= b.history[i] == r.history[i];
            if (s.v[i].date < from) {
                for (int c = 0; c < NDC; c++)
                    zero_before &= feat(&b, i, dc_columns[c]) == 0;
                thursday_zero |= s.v[i].date == from - 2;
            } else {
                for (int k2 = 0; k2 < NFEATURES; k2++)
                    if (is_dc(k2))
                        dc_after = fmax(dc_after, fabs(feat(&b, i, k2) - feat(&r, i, k2)));
                    else
                        same_after &= feat(&b, i, k2) == feat(&r, i, k2);
            }
        }
        ok(zero_before && thursday_zero,
           "from: the nine goals-model features are 0 before the date (also earlier that week)");
        ok(same_after && dc_after == 0,
           "from: rows from the date on equal those computed without it, bit for bit (the "
           "goals model's refits of the month before the date are redone; largest "
           "difference %.2g)", dc_after);
        ok(ratings_same, "from: every other feature and history unchanged everywhere");
        free_feats(&b);
    }
    free_feats(&r);
    fixtures_free(&s);
}

/* ---- the feature table CSV ---------------------------------------------- */

/* Writes t to a temp file and reads it back into u; the bad rows. */
static size_t write_read(const struct feature_table *t, struct feature_table *u)
{
    char path[] = "/tmp/test_prematch.XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!fp)
        die("test: cannot make a temp file");
    feature_table_write(fp, t);
    if (fclose(fp) != 0)
        die("test: cannot write %s", path);
    size_t bad = feature_table_read(path, u);
    unlink(path);
    return bad;
}

/* The features of the rows from a date on, computed after rows whose
 * features are known (features_compute_after): those rows are left as they
 * are, and every later row is what a computation of them all gives, bit
 * for bit, whether the date starts a month or falls within one (the
 * month's weeks replayed first). */
static void test_compute_after(void)
{
    struct fixture_set s;
    dc_league(&s);
    struct feats all = compute(&s, INT_MIN);
    int kept = 1, same = 1, cases = 0;
    for (size_t cut = s.n / 3; cut < s.n; cut += s.n / 5) {
        int from = s.v[cut].date;
        size_t k = 0;
        while (k < s.n && s.v[k].date < from)
            k++;
        struct feats r = { xmalloc((s.n * NFEATURES + 1) * sizeof *r.X),
                           xmalloc((s.n + 1) * sizeof *r.history) };
        for (size_t i = 0; i < s.n * NFEATURES; i++)
            r.X[i] = i < k * NFEATURES ? -7.5 : NAN; /* known rows: a mark */
        for (size_t i = 0; i < s.n; i++)
            r.history[i] = i < k ? -3 : -1;
        features_compute_after(&s, NULL, &FEATURE_DEFAULTS, from, r.X, r.history);
        for (size_t i = 0; i < s.n; i++)
            if (i < k)
                kept &= r.history[i] == -3 && r.X[i * NFEATURES] == -7.5 &&
                        r.X[i * NFEATURES + NFEATURES - 1] == -7.5;
            else
                same &= same_row(&r, i, &all, i);
        cases++;
        free_feats(&r);
    }
    ok(cases >= 3 && kept, "the rows before the date are left as they are (%d dates)", cases);
    ok(same, "every later row is the full computation's, bit for bit");
    free_feats(&all);
    fixtures_free(&s);
}

static void test_round_trip(void)
{
    struct fixture_set s;
    dc_league(&s);
    struct feats r = compute(&s, INT_MIN);
    /* Numbers of every kind the format has to carry (-0 is written as 0
     * by design: json.c's format_double folds it). */
    r.X[1 * NFEATURES + F_PI_HOME] = 2.2250738585072014e-308; /* DBL_MIN */
    r.X[2 * NFEATURES + F_PI_HOME] = 1.7976931348623157e308;
    r.X[3 * NFEATURES + F_PI_HOME] = 0.1 + 0.2;
    r.X[4 * NFEATURES + F_PI_HOME] = -1e-300 / 3;
    r.X[5 * NFEATURES + F_PI_HOME] = 1e15 + 0.5;
    struct feature_table t = { .set = s, .X = r.X, .history = r.history }, u;
    size_t bad = write_read(&t, &u);
    ok(bad == 0 && u.set.n == s.n, "read back: %zu rows, %zu bad", u.set.n, bad);
    int fixtures_same = 1;
    for (size_t i = 0; i < s.n && i < u.set.n; i++) {
        const struct fixture *a = &s.v[i], *b = &u.set.v[i];
        fixtures_same &= strcmp(a->league, b->league) == 0 && strcmp(a->season, b->season) == 0 &&
                         strcmp(a->home, b->home) == 0 && strcmp(a->away, b->away) == 0 &&
                         a->date == b->date && a->home_goals == b->home_goals &&
                         a->away_goals == b->away_goals &&
                         memcmp(a->odds, b->odds, sizeof a->odds) == 0;
    }
    ok(fixtures_same, "read back: the fixtures (names with a comma and an apostrophe, "
                      "unplayed rows, odds)");
    ok(u.set.n == s.n && memcmp(u.X, r.X, s.n * NFEATURES * sizeof *u.X) == 0,
       "read back: every feature bit-identical (also DBL_MIN, DBL_MAX, 0.1 + 0.2)");
    ok(u.set.n == s.n && memcmp(u.history, r.history, s.n * sizeof *u.history) == 0,
       "read back: history identical");
    feature_table_free(&u);

    /* A subnormal number is written but not read back: parse_double
     * rejects strtod's ERANGE, which glibc sets for subnormal results. */
    r.X[6 * NFEATURES + F_PI_HOME] = 5e-324;
    fflush(stdout);
    int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
    dup2(null, STDERR_FILENO); /* quiet, should the reader complain */
    bad = write_read(&t, &u);
    dup2(saved, STDERR_FILENO);
    close(null), close(saved);
    ok(bad == 0 && u.set.n == s.n && memcmp(u.X, r.X, s.n * NFEATURES * sizeof *u.X) == 0,
       "read back: a subnormal feature (5e-324) bit-identical");
    feature_table_free(&u);
    free_feats(&r);
    fixtures_free(&s);
}

/* ---- names -------------------------------------------------------------- */

static void test_names(void)
{
    static const char *const want[NFEATURES] = {
        "elo_home", "elo_away", "elo_diff", "pi_home", "pi_away", "pi_gd",
        "form_home", "form_away", "form_home_at_home", "form_away_away",
        "goals_for_home", "goals_against_home", "goals_for_away", "goals_against_away",
        "draw_rate_home", "draw_rate_away", "dc_p_home", "dc_p_draw", "dc_p_away",
        "dc_total_goals", "abs_elo_diff", "dc_logit_home", "dc_logit_away", "abs_pi_gd",
        "dc_balance", "dc_fast_logit_home", "dc_fast_logit_away", "shot_share_home",
        "shot_share_away", "sot_share_home", "sot_share_away", "rest_home", "rest_away",
    };
    int good = NFEATURES == 33;
    for (int k = 0; k < NFEATURES; k++)
        good &= want[k] && strcmp(feature_names[k], want[k]) == 0 && feature_index(want[k]) == k;
    ok(good, "feature names in enum order (docs/features.md's names), feature_index inverts them");
    ok(feature_index("elo") == -1 && feature_index("") == -1, "feature_index: -1 if unknown");
    /* An earlier version's list: fewer features, in its own order. */
    cJSON *names = cJSON_Parse("[\"rest_away\", \"elo_diff\", \"pi_gd\"]");
    int which[NFEATURES];
    int n = features_from_names(names, which, "list.json");
    ok(n == 3 && which[0] == F_REST_AWAY && which[1] == F_ELO_DIFF && which[2] == F_PI_GD,
       "features_from_names: a subset in its own order, as indices");
    cJSON_Delete(names);
    ok(monday_of(day("2015-08-08")) == day("2015-08-03") &&
           monday_of(day("2015-08-09")) == day("2015-08-03") &&
           monday_of(day("2015-08-10")) == day("2015-08-10"),
       "the test's Monday: Saturday and Sunday belong to the Monday before");
}

int main(int argc, char **argv)
{
    (void)argc;
    set_progname(argv[0]);
    test_names();
    test_hand_literals();
    test_reference();
    test_no_peeking();
    test_unplayed();
    test_dc();
    test_compute_after();
    test_round_trip();
    return done_testing();
}
