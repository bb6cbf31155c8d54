/* prematch.c: Elo, pi-ratings, form, goal and draw averages and the weekly
 * goals model, computed in date order so that no feature sees its match or
 * any later one. */
#include "prematch.h"
#include "date.h"
#include "dc.h"
#include "json.h"
#include "promoted.h"
#include "util.h"
#include "walkforward.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WINDOW 20

/* The goals response of the features' goals model (blend.h), chosen by
 * walk-forward on 2014-15 to 2018-19 (docs/quality.md); the bench that
 * chose it (bench/blend-features.sh) builds its variants by defining
 * these. */
/* The decay of the features' goals model: poisson_v2's of docs/decay.md,
 * with which the features were chosen; poisson_v2's own default moved with
 * its season weight (dc.h), which the features' model does not use. */
#define PREMATCH_DC_DECAY 0.575

#ifndef FEATURE_BLEND_SHOTS_ON_TARGET
#define FEATURE_BLEND_SHOTS_ON_TARGET 0.5
#define FEATURE_BLEND_CORNERS 0.25
#endif

/* The decay a year of the goals model's second view: a half-life of three
 * months, against 1.25 years for the first (dc.h); chosen with the shot
 * shares by walk-forward on 2014-15 to 2018-19 (bench/feature-candidates.sh,
 * docs/quality.md). */
#define FEATURE_FAST_DECAY 0.0625

/* The ridge of the features' goals model: poisson_v2's before its shots
 * ratings (dc.h), with which the features were chosen; the features take
 * the shots their own way (the blend, the shares). */
#define FEATURE_DC_RIDGE 3

const struct feature_params FEATURE_DEFAULTS = {
    .elo_k = 20, .elo_home = 60, .elo_regress = 0.2, .elo_start = 1500,
    .elo_new_team = 1400,
    .pi_lambda = 0.035, .pi_gamma = 0.7,
    .form_n = 6, .goals_n = 10, .shots_n = 10, .rest_cap = 14,
    .dc_decay = PREMATCH_DC_DECAY, .dc_fast_decay = FEATURE_FAST_DECAY, .dc_window_days = 4 * 365,
    .dc_ridge = FEATURE_DC_RIDGE, .dc_link_weight = DC_DEFAULT_LINK_WEIGHT,
    .dc_blend = { FEATURE_BLEND_SHOTS_ON_TARGET, FEATURE_BLEND_CORNERS },
};

const char *const feature_names[NFEATURES] = {
    "elo_home", "elo_away", "elo_diff", "pi_home", "pi_away", "pi_gd",
    "form_home", "form_away", "form_home_at_home", "form_away_away",
    "goals_for_home", "goals_against_home", "goals_for_away", "goals_against_away",
    "draw_rate_home", "draw_rate_away", "dc_p_home", "dc_p_draw", "dc_p_away",
    "dc_total_goals", "abs_elo_diff", "dc_logit_home", "dc_logit_away", "abs_pi_gd", "dc_balance",
    "dc_fast_logit_home", "dc_fast_logit_away", "shot_share_home", "shot_share_away",
    "sot_share_home", "sot_share_away", "rest_home", "rest_away",
};

/* What a feature is before a side has any history: typical top-flight
 * values (docs/features.md); such matches are left out of fitting anyway. */
#define PRIOR_PPG 1.37
#define PRIOR_GOALS 1.35
#define PRIOR_DRAW_RATE 0.26
#define PRIOR_SHARE 0.5
static const double PRIOR_DC[4] = { 0.45, 0.27, 0.28, 2.7 };

struct window {
    double v[MAX_WINDOW];
    int n, next, cap;
};

struct team_state {
    const char *name;
    const char *season; /* of its last match */
    double elo, pi_home, pi_away;
    int played, last_date; /* last_date: of its last played match, INT_MIN before */
    struct window form, form_home, form_away, gf, ga, draws;
    /* shots and shots on target for and against, of the matches with them */
    struct window shots_for, shots_against, sot_for, sot_against;
};

static void window_push(struct window *w, double v)
{
    w->v[w->next] = v;
    w->next = (w->next + 1) % w->cap;
    if (w->n < w->cap)
        w->n++;
}

static double window_mean(const struct window *w, double prior)
{
    double s = 0;
    if (w->n == 0)
        return prior;
    for (int i = 0; i < w->n; i++)
        s += w->v[i];
    return s / w->n;
}

struct league_state {
    const struct feature_params *p;
    struct team_state *team;
    const char **names;
    int nteams;
    int *side; /* [2i], [2i+1]: the teams of row i's home and away sides */
    const char *first_season; /* teams of the data's first season are not promoted */
};

static void init_teams(struct league_state *ls, const struct fixture_set *set)
{
    /* The distinct names, sorted, and each row's two sides as indices into
     * them (names.h: a hash, not a sort of every row's two names): a row's
     * teams are found without comparing a name. */
    ls->side = xmalloc((2 * set->n + 1) * sizeof *ls->side);
    ls->nteams = (int)fixtures_team_ranks(set->v, set->n, ls->side, &ls->names);
    ls->team = xcalloc(ls->nteams ? ls->nteams : 1, sizeof *ls->team);
    for (int t = 0; t < ls->nteams; t++) {
        struct team_state *ts = &ls->team[t];
        ts->name = ls->names[t];
        ts->form.cap = ts->form_home.cap = ts->form_away.cap = ls->p->form_n;
        ts->gf.cap = ts->ga.cap = ts->draws.cap = ls->p->goals_n;
        ts->shots_for.cap = ts->shots_against.cap = ls->p->shots_n;
        ts->sot_for.cap = ts->sot_against.cap = ls->p->shots_n;
        ts->last_date = INT_MIN;
    }
}

/* The home (side 0) or away (side 1) team of row i. */
static struct team_state *team_of(const struct league_state *ls, size_t i, int side)
{
    return &ls->team[ls->side[2 * i + side]];
}

/* A team's Elo at its first match of a season: regressed towards the start
 * value between seasons; a team new to the league after the data's first
 * season comes up from below and starts lower. */
static void enter_season(struct league_state *ls, struct team_state *t, const char *season)
{
    const struct feature_params *p = ls->p;
    if (!t->season)
        t->elo = strcmp(season, ls->first_season) == 0 ? p->elo_start : p->elo_new_team;
    else if (strcmp(t->season, season) != 0)
        t->elo = p->elo_start + (t->elo - p->elo_start) * (1 - p->elo_regress);
    t->season = season;
}

/* Expected goal difference of a pi-rating (Constantinou & Fenton 2013). */
static double pi_expected(double r)
{
    double g = pow(10, fabs(r) / 3) - 1;
    return r < 0 ? -g : g;
}

static void update_elo(const struct feature_params *p, struct team_state *h,
                       struct team_state *a, int hg, int ag)
{
    double expect = 1 / (1 + pow(10, -(h->elo + p->elo_home - a->elo) / 400));
    double result = hg > ag ? 1 : hg == ag ? 0.5 : 0;
    int gd = abs(hg - ag);
    /* The goal-difference multiplier of the World Football Elo Ratings. */
    double mult = gd <= 1 ? 1 : gd == 2 ? 1.5 : (11.0 + gd) / 8;
    double delta = p->elo_k * mult * (result - expect);
    h->elo += delta;
    a->elo -= delta;
}

static void update_pi(const struct feature_params *p, struct team_state *h,
                      struct team_state *a, int hg, int ag)
{
    double predicted = pi_expected(h->pi_home) - pi_expected(a->pi_away);
    double observed = hg - ag;
    double weighted = 3 * log10(1 + fabs(observed - predicted));
    double dh = (observed > predicted ? weighted : -weighted) * p->pi_lambda;
    h->pi_home += dh;
    h->pi_away += dh * p->pi_gamma;
    a->pi_away -= dh;
    a->pi_home -= dh * p->pi_gamma;
}

/* Days since the side's last match in the league, at most the cap (also
 * before its first: a side's first match or one after a break is rested). */
static double rest_days(const struct feature_params *p, const struct team_state *t, int date)
{
    if (t->last_date == INT_MIN || date - t->last_date > p->rest_cap)
        return p->rest_cap;
    return date - t->last_date;
}

static void update_windows(struct team_state *h, struct team_state *a, int hg, int ag)
{
    double ph = hg > ag ? 3 : hg == ag ? 1 : 0, pa = hg < ag ? 3 : hg == ag ? 1 : 0;
    window_push(&h->form, ph);
    window_push(&a->form, pa);
    window_push(&h->form_home, ph);
    window_push(&a->form_away, pa);
    window_push(&h->gf, hg);
    window_push(&h->ga, ag);
    window_push(&a->gf, ag);
    window_push(&a->ga, hg);
    window_push(&h->draws, hg == ag);
    window_push(&a->draws, hg == ag);
    h->played++;
    a->played++;
}

static int has_both(const struct fixture *f, int home_stat, int away_stat)
{
    unsigned both = 1u << home_stat | 1u << away_stat;
    return (f->stats_present & both) == both;
}

/* A statistic enters a side's windows only from the matches that give it
 * for both sides: a match without it leaves the windows as they were. */
static void update_shots(struct team_state *h, struct team_state *a, const struct fixture *f)
{
    if (has_both(f, STAT_HOME_SHOTS, STAT_AWAY_SHOTS)) {
        window_push(&h->shots_for, f->stats[STAT_HOME_SHOTS]);
        window_push(&h->shots_against, f->stats[STAT_AWAY_SHOTS]);
        window_push(&a->shots_for, f->stats[STAT_AWAY_SHOTS]);
        window_push(&a->shots_against, f->stats[STAT_HOME_SHOTS]);
    }
    if (has_both(f, STAT_HOME_SHOTS_ON_TARGET, STAT_AWAY_SHOTS_ON_TARGET)) {
        window_push(&h->sot_for, f->stats[STAT_HOME_SHOTS_ON_TARGET]);
        window_push(&h->sot_against, f->stats[STAT_AWAY_SHOTS_ON_TARGET]);
        window_push(&a->sot_for, f->stats[STAT_AWAY_SHOTS_ON_TARGET]);
        window_push(&a->sot_against, f->stats[STAT_HOME_SHOTS_ON_TARGET]);
    }
}

/* A side's share of the shots in its window's matches; even before it
 * has any, or when none were taken. */
static double shot_share(const struct window *taken, const struct window *conceded)
{
    double f = window_mean(taken, 0), a = window_mean(conceded, 0);
    return f + a > 0 ? f / (f + a) : PRIOR_SHARE;
}

static void rating_features(const struct league_state *ls, const struct team_state *h,
                            const struct team_state *a, int date, double *x)
{
    x[F_ELO_HOME] = h->elo;
    x[F_ELO_AWAY] = a->elo;
    x[F_ELO_DIFF] = h->elo - a->elo + ls->p->elo_home;
    x[F_ABS_ELO_DIFF] = fabs(x[F_ELO_DIFF]);
    x[F_PI_HOME] = h->pi_home;
    x[F_PI_AWAY] = a->pi_away;
    x[F_PI_GD] = pi_expected(h->pi_home) - pi_expected(a->pi_away);
    x[F_ABS_PI_GD] = fabs(x[F_PI_GD]);
    x[F_FORM_HOME] = window_mean(&h->form, PRIOR_PPG);
    x[F_FORM_AWAY] = window_mean(&a->form, PRIOR_PPG);
    x[F_FORM_HOME_AT_HOME] = window_mean(&h->form_home, PRIOR_PPG);
    x[F_FORM_AWAY_AWAY] = window_mean(&a->form_away, PRIOR_PPG);
    x[F_GF_HOME] = window_mean(&h->gf, PRIOR_GOALS);
    x[F_GA_HOME] = window_mean(&h->ga, PRIOR_GOALS);
    x[F_GF_AWAY] = window_mean(&a->gf, PRIOR_GOALS);
    x[F_GA_AWAY] = window_mean(&a->ga, PRIOR_GOALS);
    x[F_DRAW_RATE_HOME] = window_mean(&h->draws, PRIOR_DRAW_RATE);
    x[F_DRAW_RATE_AWAY] = window_mean(&a->draws, PRIOR_DRAW_RATE);
    x[F_SHOT_SHARE_HOME] = shot_share(&h->shots_for, &h->shots_against);
    x[F_SHOT_SHARE_AWAY] = shot_share(&a->shots_for, &a->shots_against);
    x[F_SOT_SHARE_HOME] = shot_share(&h->sot_for, &h->sot_against);
    x[F_SOT_SHARE_AWAY] = shot_share(&a->sot_for, &a->sot_against);
    x[F_REST_HOME] = rest_days(ls->p, h, date);
    x[F_REST_AWAY] = rest_days(ls->p, a, date);
}

/* The goals model of one week: refitted on the window of matches before
 * its Monday (set is in date order, so the window is a contiguous run).
 * Newton's iterations start from the last week's model when that week
 * began in the same calendar month (dc_options.start), and afresh on the
 * first week of a month: a week's features then depend on its history and
 * on the weeks of its month before it, which a table extended from an
 * earlier one (featurecache.h) refits first (replay_month), so that it is
 * byte-identical to one computed in full. The month bounds what an
 * extension refits again (at most four weeks a view). */
struct weekly_dc {
    int week, fitted;
    double decay;
    struct dc_model model;
    const struct fixture_set *rows; /* the league's, and any feeder's */
    const char *league;
    const char *in_league; /* of rows (dc_options.in_league) */
    const struct dc_row *fit_rows; /* rows as the fits read them (dc_options.rows) */
};

/* Index of the first row of the date-ordered set dated `day` or later. */
static size_t first_from(const struct fixture_set *set, int day)
{
    size_t lo = 0, hi = set->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (set->v[mid].date < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void refit_week(struct weekly_dc *w, const struct feature_params *p, int week)
{
    const struct fixture_set *set = w->rows;
    int chained = w->fitted && same_month(w->week, week);
    w->week = week;
    /* The window's rows: the fit would pass over the later ones, whose
     * scan cost as much as the fit in the early weeks of a long table. */
    size_t lo = first_from(set, week - p->dc_window_days), end = first_from(set, week);
    struct dc_options opt = { .decay = w->decay, .use_rho = 1, .until = week,
                              .min_matches = REFIT_MIN_MATCHES,
                              .min_team_matches = DC_DEFAULT_MIN_TEAM_MATCHES,
                              .ridge = p->dc_ridge, .league = w->league,
                              .in_league = w->in_league ? w->in_league + lo : NULL,
                              .rows = w->fit_rows + lo,
                              .link_weight = p->dc_link_weight, .blend = p->dc_blend,
                              .window_at_until = 1, .start = chained ? &w->model : NULL };
    struct dc_model next;
    char err[160];
    int fitted = dc_fit(set->v + lo, end - lo, &opt, &next, err, sizeof err) == 0;
    if (w->fitted)
        dc_free(&w->model);
    w->fitted = fitted;
    if (fitted)
        w->model = next;
}

static void dc_logits(double *x)
{
    x[F_DC_LOGIT_HOME] = log(x[F_DC_HOME] / x[F_DC_DRAW]);
    x[F_DC_LOGIT_AWAY] = log(x[F_DC_AWAY] / x[F_DC_DRAW]);
    x[F_DC_BALANCE] = fabs(log(x[F_DC_HOME] / x[F_DC_AWAY]));
}

/* The week's P(H), P(D), P(A) and expected total goals of f. */
static void dc_view(struct weekly_dc *w, const struct feature_params *p,
                    const struct fixture *f, double view[4])
{
    int week = week_start_of(f->date);
    if (week != w->week)
        refit_week(w, p, week);
    if (!w->fitted) {
        memcpy(view, PRIOR_DC, sizeof PRIOR_DC);
        return;
    }
    struct dc_probs pr;
    dc_predict(&w->model, dc_team_index(&w->model, f->home),
               dc_team_index(&w->model, f->away), &pr);
    view[0] = pr.home;
    view[1] = pr.draw;
    view[2] = pr.away;
    view[3] = pr.xg_home + pr.xg_away;
}

static void dc_features(struct weekly_dc *dc, struct weekly_dc *fast,
                        const struct feature_params *p, const struct fixture *f, double *x)
{
    double recent[4];
    dc_view(dc, p, f, x + F_DC_HOME);
    dc_logits(x);
    dc_view(fast, p, f, recent);
    x[F_DC_FAST_LOGIT_HOME] = log(recent[0] / recent[1]);
    x[F_DC_FAST_LOGIT_AWAY] = log(recent[2] / recent[1]);
}

/* Before the rows from `from` on: refits the weeks of set's rows before
 * them that began in the month of their first week, as a computation in
 * full has fitted them, so that this week's fits start where they start
 * there. */
static void replay_month(struct weekly_dc *dc, struct weekly_dc *fast,
                         const struct feature_params *p, const struct fixture_set *set, int from)
{
    size_t first = 0;
    while (first < set->n && set->v[first].date < from)
        first++;
    if (first == set->n)
        return;
    int week0 = week_start_of(set->v[first].date);
    for (size_t i = 0; i < first; i++) {
        int week = week_start_of(set->v[i].date);
        if (week < week0 && week != dc->week && same_month(week, week0)) {
            refit_week(dc, p, week);
            refit_week(fast, p, week);
        }
    }
}

/* A row before --from: no goals-model feature computed. */
static void dc_features_skipped(double *x)
{
    x[F_DC_HOME] = x[F_DC_DRAW] = x[F_DC_AWAY] = x[F_DC_GOALS] = x[F_DC_LOGIT_HOME] =
        x[F_DC_LOGIT_AWAY] = x[F_DC_BALANCE] = x[F_DC_FAST_LOGIT_HOME] =
            x[F_DC_FAST_LOGIT_AWAY] = 0;
}

static void check_sorted(const struct fixture_set *set)
{
    if (!fixtures_in_date_order(set))
        die("internal error: features need fixtures in date order");
}

void features_compute(const struct fixture_set *set, const struct feature_params *p,
                      int from, double *X, int *history)
{
    features_compute_linked(set, NULL, p, from, X, history);
}

/* Which rows before `from` get their features written: all (warmed up,
 * their goals-model features 0), or none (their features known already,
 * an extension's: they are replayed only for the ratings they leave). */
enum rows_before { WRITE_ROWS_BEFORE, KEEP_ROWS_BEFORE };

static void compute_linked(const struct fixture_set *set, const struct fixture_set *feeder,
                           const struct feature_params *p, int from, enum rows_before before,
                           double *X, int *history)
{
    struct league_state ls = { .p = p };
    struct weekly_dc dc = { .week = INT_MIN, .decay = p->dc_decay, .rows = set };
    struct weekly_dc fast = { .week = INT_MIN, .decay = p->dc_fast_decay, .rows = set };
    struct fixture_set joined = { 0 };
    char *in_league = NULL;
    if (set->n == 0)
        return;
    if (feeder && feeder->n > 0) {
        linked_rows_join(set, feeder, &joined);
        dc.rows = fast.rows = &joined;
        dc.league = fast.league = set->v[0].league;
        in_league = fixtures_of_league(joined.v, joined.n, dc.league);
        dc.in_league = fast.in_league = in_league;
    }
    check_sorted(set);
    struct dc_row *fit_rows = dc_rows_of(dc.rows->v, dc.rows->n);
    dc.fit_rows = fast.fit_rows = fit_rows;
    init_teams(&ls, set);
    ls.first_season = set->v[0].season;
    if (from != INT_MIN)
        replay_month(&dc, &fast, p, set, from);
    for (size_t i = 0, j; i < set->n; i = j) {
        /* Features of a whole date first, then its results. */
        for (j = i; j < set->n && set->v[j].date == set->v[i].date; j++) {
            const struct fixture *f = &set->v[j];
            struct team_state *h = team_of(&ls, j, 0), *a = team_of(&ls, j, 1);
            double *x = X + j * NFEATURES;
            enter_season(&ls, h, f->season);
            enter_season(&ls, a, f->season);
            if (f->date < from && before == KEEP_ROWS_BEFORE)
                continue; /* (the features read the ratings, never change them) */
            rating_features(&ls, h, a, f->date, x);
            history[j] = h->played < a->played ? h->played : a->played;
            if (f->date >= from)
                dc_features(&dc, &fast, p, f, x);
            else
                dc_features_skipped(x);
        }
        for (size_t k = i; k < j; k++) {
            const struct fixture *f = &set->v[k];
            if (!fixture_played(f))
                continue;
            struct team_state *h = team_of(&ls, k, 0), *a = team_of(&ls, k, 1);
            update_elo(p, h, a, f->home_goals, f->away_goals);
            update_pi(p, h, a, f->home_goals, f->away_goals);
            update_windows(h, a, f->home_goals, f->away_goals);
            update_shots(h, a, f);
            h->last_date = a->last_date = f->date;
        }
    }
    if (dc.fitted)
        dc_free(&dc.model);
    if (fast.fitted)
        dc_free(&fast.model);
    free(joined.v);
    free(in_league);
    free(fit_rows);
    free(ls.team);
    free(ls.names);
    free(ls.side);
}

void features_compute_linked(const struct fixture_set *set, const struct fixture_set *feeder,
                             const struct feature_params *p, int from, double *X,
                             int *history)
{
    compute_linked(set, feeder, p, from, WRITE_ROWS_BEFORE, X, history);
}

void features_compute_after(const struct fixture_set *set, const struct fixture_set *feeder,
                            const struct feature_params *p, int from, double *X, int *history)
{
    compute_linked(set, feeder, p, from, KEEP_ROWS_BEFORE, X, history);
}

int feature_index(const char *name)
{
    for (int k = 0; k < NFEATURES; k++)
        if (strcmp(feature_names[k], name) == 0)
            return k;
    return -1;
}

int features_from_names(const cJSON *names, int which[NFEATURES], const char *path)
{
    int n = 0;
    const cJSON *name;
    if (!cJSON_IsArray(names))
        die("%s: no feature list", path);
    cJSON_ArrayForEach(name, names) {
        int k = cJSON_IsString(name) ? feature_index(name->valuestring) : -1;
        if (k < 0)
            die("%s: fitted on other features than this version computes (refit it)", path);
        for (int j = 0; j < n; j++)
            if (which[j] == k)
                die("%s: names feature '%s' twice", path, name->valuestring);
        which[n++] = k; /* distinct features: n stays within NFEATURES */
    }
    return n;
}

cJSON *features_to_json(const struct feature_params *p, const int *which, int n)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *list = json_add_array(root, "features");
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(list, cJSON_CreateString(feature_names[which[i]]));
    cJSON *par = json_add_object(root, "parameters");
    json_add_number(par, "elo_k", p->elo_k);
    json_add_number(par, "elo_home_advantage", p->elo_home);
    json_add_number(par, "elo_regress_between_seasons", p->elo_regress);
    json_add_number(par, "elo_start", p->elo_start);
    json_add_number(par, "elo_new_team", p->elo_new_team);
    json_add_number(par, "pi_lambda", p->pi_lambda);
    json_add_number(par, "pi_gamma", p->pi_gamma);
    json_add_number(par, "form_matches", p->form_n);
    json_add_number(par, "goals_matches", p->goals_n);
    json_add_number(par, "shots_matches", p->shots_n);
    json_add_number(par, "rest_cap_days", p->rest_cap);
    json_add_number(par, "dc_decay", p->dc_decay);
    json_add_number(par, "dc_fast_decay", p->dc_fast_decay);
    json_add_number(par, "dc_window_days", p->dc_window_days);
    json_add_number(par, "dc_ridge", p->dc_ridge);
    json_add_number(par, "dc_link_weight", p->dc_link_weight);
    /* Lists of goals-only features, as before the blend, name no blend. */
    if (!blend_goals_only(&p->dc_blend)) {
        json_add_number(par, "dc_blend_shots_on_target", p->dc_blend.shots_on_target);
        json_add_number(par, "dc_blend_corners", p->dc_blend.corners);
    }
    return root;
}
