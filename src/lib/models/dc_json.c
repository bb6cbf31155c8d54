/* dc_json.c: poisson_model.json, written with exact numbers and read back. */
#include "dc.h"
#include "date.h"
#include "json.h"
#include "promoted.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <string.h>

const char *const dc_rated_names[DC_RATINGS] = { "sot", "shots", "corners" };

int dc_rating_stats_parse(const char *arg, unsigned *bits)
{
    *bits = 0;
    for (const char *p = arg;; p++) {
        size_t len = strcspn(p, ",");
        int k = 0;
        while (k < DC_RATINGS &&
               !(strlen(dc_rated_names[k]) == len && strncmp(p, dc_rated_names[k], len) == 0))
            k++;
        if (k == DC_RATINGS)
            return -1;
        *bits |= 1u << k;
        p += len;
        if (*p == '\0')
            return 0;
    }
}

void dc_rating_option(const char *name, const char *arg, struct dc_options *opt)
{
    if (strcmp(name, "shots-ridge") == 0) {
        /* (the model file's reader takes the same range) */
        if (parse_double(arg, &opt->shots_ridge) ||
            !(opt->shots_ridge > 0 && opt->shots_ridge <= 1e6))
            die_code(EXIT_USAGE, "--shots-ridge: want a number in (0, 1e6], got '%s'", arg);
    } else if (strcmp(name, "rating-stats") == 0) {
        if (dc_rating_stats_parse(arg, &opt->rating_stats))
            die_code(EXIT_USAGE, "--rating-stats: want a list of sot, shots, corners, got '%s'",
                     arg);
    } else if (strcmp(name, "rating-min-weight") == 0) {
        if (parse_double(arg, &opt->rating_min_weight) ||
            !(opt->rating_min_weight >= 0 && opt->rating_min_weight < 1))
            die_code(EXIT_USAGE, "--rating-min-weight: want a number in [0, 1), got '%s'", arg);
    } else if (strcmp(name, "goals-min-weight") == 0) {
        if (parse_double(arg, &opt->goals_min_weight) ||
            !(opt->goals_min_weight >= 0 && opt->goals_min_weight < 1))
            die_code(EXIT_USAGE, "--goals-min-weight: want a number in [0, 1), got '%s'", arg);
    } else {
        die("dc_rating_option: no option '%s'", name);
    }
}

/* A team's (or the fallback's) shots ratings, one a statistic rated. */
static void add_shot_ratings(cJSON *o, const struct dc_model *m, const double *attack,
                             const double *defence)
{
    if (m->shots_decay > 0) {
        cJSON_AddItemToObject(o, "shot_attack", json_number_array(attack, m->nratings));
        cJSON_AddItemToObject(o, "shot_defence", json_number_array(defence, m->nratings));
    }
}

static cJSON *teams_to_json(const struct dc_model *m)
{
    cJSON *arr = cJSON_CreateArray();
    for (int t = 0; t < m->nteams; t++) {
        const struct dc_team *tm = &m->team[t];
        cJSON *o = cJSON_CreateObject();
        json_add_string(o, "name", tm->name);
        json_add_number(o, "attack", tm->attack);
        json_add_number(o, "defence", tm->defence);
        json_add_number(o, "weight", tm->weight);
        json_add_number(o, "matches", tm->matches);
        json_add_date(o, "last_date", tm->last_date);
        add_shot_ratings(o, m, tm->shot_attack, tm->shot_defence);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

/* The ridge and what it was given (promoted.h); absent in older models. */
static cJSON *prior_to_json(const struct dc_model *m)
{
    cJSON *o = cJSON_CreateObject();
    json_add_number(o, "ridge", m->ridge);
    json_add_number(o, "newcomers", m->newcomers);
    json_add_number(o, "promoted_seasons", PROMOTED_SEASONS);
    json_add_number(o, "link_weight", m->link_weight);
    cJSON *arr = json_add_array(o, "linked");
    for (int k = 0; k < m->nlinked; k++) {
        cJSON *l = cJSON_CreateObject();
        json_add_string(l, "league", m->linked[k]);
        json_add_number(l, "matches", m->linked_matches[k]);
        cJSON_AddItemToArray(arr, l);
    }
    return o;
}

/* The blended goals response (blend.h); absent in goals-only models. */
static cJSON *response_to_json(const struct dc_model *m)
{
    cJSON *o = cJSON_CreateObject();
    json_add_number(o, "goals", blend_goals_weight(&m->blend));
    json_add_number(o, "shots_on_target", m->blend.shots_on_target);
    json_add_number(o, "corners", m->blend.corners);
    json_add_number(o, "goals_per_shot_on_target", m->goals_per_shot_on_target);
    json_add_number(o, "goals_per_corner", m->goals_per_corner);
    json_add_number(o, "blended_matches", m->blended_matches);
    return o;
}

/* The shots ratings' options and weights (dc.h); absent without them. */
static cJSON *shots_rating_to_json(const struct dc_model *m)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *stats = json_add_array(o, "statistics");
    for (int bit = 0; bit < DC_RATINGS; bit++)
        if (m->rating_stats & 1u << bit)
            cJSON_AddItemToArray(stats, cJSON_CreateString(dc_rated_names[bit]));
    json_add_number(o, "decay", m->shots_decay);
    json_add_number(o, "ridge", m->shots_ridge);
    json_add_number(o, "min_weight", m->rating_min_weight);
    cJSON_AddItemToObject(o, "split_beta", cJSON_CreateBool(m->split_beta));
    cJSON_AddItemToObject(o, "beta", json_number_array(m->shots_beta, m->rating_terms));
    cJSON *matches = json_add_array(o, "matches");
    for (int r = 0; r < m->nratings; r++)
        cJSON_AddItemToArray(matches, json_number(m->rated_matches[r]));
    return o;
}

cJSON *dc_to_json(const struct dc_model *m)
{
    cJSON *root = cJSON_CreateObject();
    json_add_string(root, "model_type", "poisson_v2");
    json_add_string(root, "version", "v2");
    json_add_string(root, "league", m->league);
    json_add_number(root, "decay", m->decay);
    /* Absent in models without them (and of older versions). */
    if (m->season_weight != 1)
        json_add_number(root, "season_weight", m->season_weight);
    if (m->level_decay != m->decay)
        json_add_number(root, "level_decay", m->level_decay);
    if (m->goals_min_weight > 0)
        json_add_number(root, "goals_min_weight", m->goals_min_weight);
    cJSON_AddItemToObject(root, "rho_fitted", cJSON_CreateBool(m->use_rho));
    json_add_number(root, "min_team_matches", m->min_team_matches);
    json_add_number(root, "mu", m->mu);
    json_add_number(root, "home", m->home);
    json_add_number(root, "rho", m->rho);
    cJSON *fb = json_add_object(root, "fallback");
    json_add_number(fb, "attack", m->fallback_attack);
    json_add_number(fb, "defence", m->fallback_defence);
    if (m->fallback_promoted > 0) {
        json_add_string(fb, "rule", "mean of the sides promoted in the seasons before");
        json_add_number(fb, "teams", m->fallback_promoted);
    } else {
        json_add_string(fb, "rule", "mean of the 3 weakest teams of the last season");
    }
    add_shot_ratings(fb, m, m->fallback_shot_attack, m->fallback_shot_defence);
    if (m->ridge > 0)
        cJSON_AddItemToObject(root, "prior", prior_to_json(m));
    if (!blend_goals_only(&m->blend))
        cJSON_AddItemToObject(root, "response", response_to_json(m));
    if (m->shots_decay > 0)
        cJSON_AddItemToObject(root, "shots_rating", shots_rating_to_json(m));
    cJSON_AddItemToObject(root, "teams", teams_to_json(m));
    cJSON *d = json_add_object(root, "diagnostics");
    json_add_number(d, "log_likelihood", m->loglik);
    json_add_number(d, "iterations", m->iterations);
    json_add_number(d, "gradient_norm", m->grad_norm);
    cJSON_AddItemToObject(d, "rho_at_bound", cJSON_CreateBool(m->rho_at_bound));
    json_add_number(d, "matches", m->nmatches);
    json_add_date(d, "first_date", m->first_date);
    json_add_date(d, "last_date", m->last_date);
    if (m->until != INT_MAX)
        json_add_date(d, "until", m->until);
    return root;
}

static int read_date(const cJSON *obj, const char *key, const char *path)
{
    int days;
    if (date_parse_iso(json_get_string(obj, key, path), &days))
        die("%s: member '%s' is not a date", path, key);
    return days;
}

/* The boolean obj[key]; dies on anything else (a 1 or a "true" would
 * otherwise read as false). */
static int read_bool(const cJSON *obj, const char *key, const char *path)
{
    const cJSON *b = json_get_item(obj, key, path);
    if (!cJSON_IsBool(b))
        die("%s: member '%s' must be true or false", path, key);
    return cJSON_IsTrue(b);
}

/* n numbers of the array obj[key] into v; dies unless it holds n numbers. */
static void read_numbers(const cJSON *obj, const char *key, int n, const char *path, double *v)
{
    const cJSON *arr = json_get_item(obj, key, path);
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != n)
        die("%s: member '%s' must be an array of %d numbers", path, key, n);
    int k = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, arr) {
        if (!cJSON_IsNumber(x))
            die("%s: member '%s' must be an array of %d numbers", path, key, n);
        v[k++] = x->valuedouble;
    }
}

/* A team's or the fallback's shots ratings, in a model that has them. */
static void read_shot_ratings(const cJSON *o, const char *path, const struct dc_model *m,
                              double *attack, double *defence)
{
    if (m->shots_decay > 0) {
        read_numbers(o, "shot_attack", m->nratings, path, attack);
        read_numbers(o, "shot_defence", m->nratings, path, defence);
    } else if (cJSON_GetObjectItemCaseSensitive(o, "shot_attack") ||
               cJSON_GetObjectItemCaseSensitive(o, "shot_defence")) {
        /* ratings without their weights: read as goals alone, the
         * forecasts would silently drop them */
        die("%s: shots ratings (shot_attack, shot_defence) without a 'shots_rating' member",
            path);
    }
}

static void read_teams(const cJSON *arr, const char *path, struct dc_model *m)
{
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) < 2)
        die("%s: 'teams' must be an array of at least 2 teams", path);
    m->nteams = cJSON_GetArraySize(arr);
    m->team = xcalloc(m->nteams, sizeof *m->team);
    int t = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, arr) {
        struct dc_team *tm = &m->team[t];
        tm->name = xstrdup(json_get_string(o, "name", path));
        tm->attack = json_get_number(o, "attack", path);
        tm->defence = json_get_number(o, "defence", path);
        tm->weight = json_get_number(o, "weight", path);
        tm->matches = json_get_int(o, "matches", 0, INT_MAX, path);
        tm->last_date = read_date(o, "last_date", path);
        read_shot_ratings(o, path, m, tm->shot_attack, tm->shot_defence);
        /* dc_team_index searches by bisection. */
        if (t > 0 && strcmp(m->team[t - 1].name, tm->name) >= 0)
            die("%s: teams are not sorted by name at '%s'", path, tm->name);
        t++;
    }
}

/* Parameters a fit can give (log-rates of a few goals a match) and no
 * more: a hand-edited mu of 30 would overflow the score matrix. */
#define DC_PARAM_LIMIT 10

static void check_param(double v, const char *name, const char *team, const char *path)
{
    if (!(fabs(v) <= DC_PARAM_LIMIT))
        die("%s: %s%s%s %g is outside [-%d, %d]", path, name, team ? " of " : "",
            team ? team : "", v, DC_PARAM_LIMIT, DC_PARAM_LIMIT);
}

/* What the shots ratings add to a side's log rate as attacker (attack)
 * or take as defender (defence), at most: each term's |beta × rating|. */
static double shots_part(const struct dc_model *m, const double *rating, int defence)
{
    double sum = 0;
    for (int r = 0; r < m->nratings; r++) {
        double beta = m->shots_beta[m->split_beta ? 2 * r + defence : r];
        sum += fabs(beta * rating[r]);
    }
    return sum;
}

static void check_side(const struct dc_model *m, double attack, double defence,
                       const double *shot_attack, const double *shot_defence, const char *team,
                       const char *path)
{
    check_param(attack, team ? "attack" : "fallback attack", team, path);
    check_param(defence, team ? "defence" : "fallback defence", team, path);
    check_param(shots_part(m, shot_attack, 0),
                team ? "shots ratings' part of attack" : "fallback shots ratings' part of attack",
                team, path);
    check_param(shots_part(m, shot_defence, 1),
                team ? "shots ratings' part of defence" : "fallback shots ratings' part of defence",
                team, path);
}

static void check_ranges(const struct dc_model *m, const char *path)
{
    check_param(m->mu, "mu", NULL, path);
    check_param(m->home, "home", NULL, path);
    check_side(m, m->fallback_attack, m->fallback_defence, m->fallback_shot_attack,
               m->fallback_shot_defence, NULL, path);
    for (int t = 0; t < m->nteams; t++) {
        const struct dc_team *tm = &m->team[t];
        check_side(m, tm->attack, tm->defence, tm->shot_attack, tm->shot_defence, tm->name, path);
    }
}

/* The season weight, the levels' decay and the goals likelihood's floor
 * (dc_options); a model without them was fitted with one decay for every
 * season and parameter, and every row in its likelihood. */
static void read_time_weights(const cJSON *obj, const char *path, struct dc_model *m)
{
    int has_season = cJSON_GetObjectItemCaseSensitive(obj, "season_weight") != NULL;
    int has_level = cJSON_GetObjectItemCaseSensitive(obj, "level_decay") != NULL;
    int has_floor = cJSON_GetObjectItemCaseSensitive(obj, "goals_min_weight") != NULL;
    m->season_weight = has_season ? json_get_number(obj, "season_weight", path) : 1;
    m->level_decay = has_level ? json_get_number(obj, "level_decay", path) : m->decay;
    m->goals_min_weight = has_floor ? json_get_number(obj, "goals_min_weight", path) : 0;
    if (!(m->goals_min_weight >= 0 && m->goals_min_weight < 1))
        die("%s: goals_min_weight %g is outside [0, 1)", path, m->goals_min_weight);
    if (!(m->season_weight > 0 && m->season_weight <= 1))
        die("%s: season_weight %g is outside (0, 1]", path, m->season_weight);
    if (!(m->level_decay > 0 && m->level_decay <= 1))
        die("%s: level_decay %g is outside (0, 1]", path, m->level_decay);
}

/* The prior's options; a model without them was fitted without one. */
static void read_prior(const cJSON *obj, const char *path, struct dc_model *m)
{
    const cJSON *pr = cJSON_GetObjectItemCaseSensitive(obj, "prior");
    if (!pr)
        return;
    m->ridge = json_get_number(pr, "ridge", path);
    m->link_weight = json_get_number(pr, "link_weight", path);
    m->newcomers = json_get_int(pr, "newcomers", 0, INT_MAX, path);
    if (!(m->ridge >= 0) || !(m->link_weight >= 0))
        die("%s: the prior's ridge and link_weight must not be negative", path);
}

/* The response's weights; a model without them was fitted on goals alone. */
static void read_response(const cJSON *obj, const char *path, struct dc_model *m)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(obj, "response");
    if (!r)
        return;
    m->blend.shots_on_target = json_get_number(r, "shots_on_target", path);
    m->blend.corners = json_get_number(r, "corners", path);
    if (!(m->blend.shots_on_target >= 0 && m->blend.corners >= 0 &&
          m->blend.shots_on_target + m->blend.corners <= 1))
        die("%s: the response's weights must be from 0 to 1 with a sum at most 1", path);
    m->goals_per_shot_on_target = json_get_number(r, "goals_per_shot_on_target", path);
    m->goals_per_corner = json_get_number(r, "goals_per_corner", path);
    m->blended_matches = json_get_int(r, "blended_matches", 0, INT_MAX, path);
}

/* The shots ratings' options and weights; a model without them was
 * fitted on goals alone. */
static void read_shots_rating(const cJSON *obj, const char *path, struct dc_model *m)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, "shots_rating");
    if (!o)
        return;
    const cJSON *stats = json_get_item(o, "statistics", path), *x;
    int last = -1;
    cJSON_ArrayForEach(x, stats) {
        unsigned bit;
        /* in enum dc_rated's order, each once: the order of the betas */
        if (!cJSON_IsString(x) || dc_rating_stats_parse(x->valuestring, &bit) != 0 ||
            bit & (bit - 1) || (int)bit <= last)
            die("%s: shots_rating's statistics must be some of \"sot\", \"shots\", "
                "\"corners\", in that order", path);
        last = (int)bit;
        m->rating_stats |= bit;
        m->nratings++;
    }
    if (!cJSON_IsArray(stats) || m->nratings == 0)
        die("%s: shots_rating's statistics must be a non-empty array", path);
    m->shots_decay = json_get_number(o, "decay", path);
    m->shots_ridge = json_get_number(o, "ridge", path);
    if (!(m->shots_decay > 0 && m->shots_decay <= 1) ||
        !(m->shots_ridge > 0 && m->shots_ridge <= 1e6)) /* fit-poisson's ranges */
        die("%s: shots_rating's decay must be in (0, 1] and its ridge in (0, 1e6]", path);
    /* Absent in models of older versions, which rated every row. */
    if (cJSON_GetObjectItemCaseSensitive(o, "min_weight")) {
        m->rating_min_weight = json_get_number(o, "min_weight", path);
        if (!(m->rating_min_weight >= 0 && m->rating_min_weight < 1))
            die("%s: shots_rating's min_weight must be in [0, 1)", path);
    }
    m->split_beta = read_bool(o, "split_beta", path);
    m->rating_terms = m->nratings * (m->split_beta ? 2 : 1);
    read_numbers(o, "beta", m->rating_terms, path, m->shots_beta);
    double matches[DC_RATINGS];
    read_numbers(o, "matches", m->nratings, path, matches);
    for (int r = 0; r < m->nratings; r++) {
        if (!(matches[r] >= 0 && matches[r] <= INT_MAX && matches[r] == floor(matches[r])))
            die("%s: shots_rating's matches must be whole numbers from 0", path);
        m->rated_matches[r] = (int)matches[r];
    }
}

void dc_from_json(const cJSON *obj, const char *path, struct dc_model *m)
{
    memset(m, 0, sizeof *m);
    if (strcmp(json_get_string(obj, "model_type", path), "poisson_v2") != 0)
        die("%s: not a poisson_v2 model", path);
    m->league = xstrdup(json_get_string(obj, "league", path));
    m->decay = json_get_number(obj, "decay", path);
    read_time_weights(obj, path, m);
    m->use_rho = read_bool(obj, "rho_fitted", path);
    m->min_team_matches = json_get_int(obj, "min_team_matches", 0, INT_MAX, path);
    m->mu = json_get_number(obj, "mu", path);
    m->home = json_get_number(obj, "home", path);
    m->rho = json_get_number(obj, "rho", path);
    if (!(m->rho > -1 && m->rho < 1)) /* tau(1, 1) = 1 - rho must stay positive */
        die("%s: rho %g is outside (-1, 1)", path, m->rho);
    if (!(m->rho > -1 && m->rho < 1))
        die("%s: member 'rho' is outside (-1, 1)", path);
    const cJSON *fb = json_get_item(obj, "fallback", path);
    m->fallback_attack = json_get_number(fb, "attack", path);
    m->fallback_defence = json_get_number(fb, "defence", path);
    read_prior(obj, path, m);
    if (m->goals_min_weight > 0 && !(m->ridge > 0)) /* (a fit without it takes every row) */
        die("%s: goals_min_weight %g without a prior (ridge)", path, m->goals_min_weight);
    read_response(obj, path, m);
    read_shots_rating(obj, path, m);
    read_shot_ratings(fb, path, m, m->fallback_shot_attack, m->fallback_shot_defence);
    read_teams(json_get_item(obj, "teams", path), path, m);
    check_ranges(m, path);
    const cJSON *d = json_get_item(obj, "diagnostics", path);
    m->loglik = json_get_number(d, "log_likelihood", path);
    m->iterations = json_get_int(d, "iterations", 0, INT_MAX, path);
    m->grad_norm = json_get_number(d, "gradient_norm", path);
    m->rho_at_bound = read_bool(d, "rho_at_bound", path);
    m->nmatches = json_get_int(d, "matches", 0, INT_MAX, path);
    m->first_date = read_date(d, "first_date", path);
    m->last_date = read_date(d, "last_date", path);
    m->until = cJSON_GetObjectItemCaseSensitive(d, "until") ? read_date(d, "until", path)
                                                             : INT_MAX;
}
