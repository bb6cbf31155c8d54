/* emit-metrics: metrics.json of a trained model (docs/design.md §3, metrics.json): in-sample
 * `train`, walk-forward `val` over the last season (and the one before in a
 * season's first weeks: validation_window), and the bookmaker's and
 * base rate's scores on the same matches. */
#define _GNU_SOURCE
#include "dataversion.h"
#include "date.h"
#include "dc.h"
#include "fixtures.h"
#include "heap.h"
#include "json.h"
#include "metrics.h"
#include "modeldir.h"
#include "draw.h"
#include "onextwo.h"
#include "prematch.h"
#include "promoted.h"
#include "publish.h"
#include "util.h"
#include "versionrows.h"
#include "walkcache.h"
#include "walkforward.h"

#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp,
            "usage: emit-metrics -t TYPE -m MODEL_DIR [--cache FILE] [--feeder FILE]... [-o FILE]\n"
            "                    [FILE]\n"
            "Scores the model in MODEL_DIR on the data it was fitted on (FILE or\n"
            "stdin: its league's canonical fixtures for poisson_v2, its feature\n"
            "table from league-features for 1x2_v2) and writes metrics.json.\n"
            "  -t TYPE       poisson_v2, 1x2_v2 or draw_specialist (which reads the\n"
            "                feature table too)\n"
            "  -m MODEL_DIR  directory holding the model's files\n"
            "  --feeder FILE the other divisions' rows the model was fitted with\n"
            "                (fit-poisson --feeder, or the feature table's league-features\n"
            "                --feeder): in its data version; poisson_v2's walk-forward\n"
            "                refits link them\n"
            "  --cache FILE  keep the walk-forward's weeks in FILE and take those it\n"
            "                holds from it (a new version of the data refits only its\n"
            "                new weeks; a week's key covers the linked rows it read)\n"
            "  -o FILE       publish to FILE; never replaces an existing file\n");
    exit(code);
}

/* --cache FILE: the walk-forward's weeks kept between runs. */
static const char *cache_path;

/* The cache of one walk: kind names the model and its options (the keys
 * hold the rest, walkcache.h); t the feature table walked, or NULL. */
static struct walk_cache *cache_open(const char *kind, const struct fixture_set *set,
                                     const struct feature_table *t)
{
    if (!cache_path)
        return NULL;
    return walk_cache_open(cache_path, kind, set, t ? t->X : NULL, t ? NFEATURES : 0,
                           t ? t->history : NULL);
}

static void cache_close(struct walk_cache *c)
{
    if (c)
        walk_cache_close(c);
}

/* The kind of a 1x2_v2 or draw_specialist walk. */
static void x12_kind(char *kind, size_t len, const char *type, const struct x12_options *o)
{
    snprintf(kind, len, "%s split=%a lambda=%a cal_lambda=%a min_history=%d", type, o->split,
             o->lambda, o->cal_lambda, o->min_history);
}

/* A poisson_v2 walk's kind: its options, each double written exactly
 * (%a, up to 20 characters), all of them; a kind cut short would key
 * walks of other options alike, whose cached weeks would be taken for
 * this walk's. */
#define KIND_SIZE 1024

static void kind_add(char kind[KIND_SIZE], const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void kind_add(char kind[KIND_SIZE], const char *fmt, ...)
{
    size_t used = strlen(kind);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(kind + used, KIND_SIZE - used, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= KIND_SIZE - used)
        die("the walk's key is longer than %d characters", KIND_SIZE - 1);
}

/* The file whose data version the metrics belong to. */
static char *main_model_path(const char *dir, const char *type)
{
    return path_join(dir, model_main_file(type));
}

/* In-sample: the model's forecasts of the matches it was fitted on. A
 * pair of sides meets many times in a history: its forecast is worked
 * out once (known[] marks those done). */
static void poisson_train(const struct dc_model *m, const struct fixture_set *set,
                          struct metrics *out)
{
    size_t pairs = (size_t)m->nteams * m->nteams;
    double *forecast = xmalloc((3 * pairs + 1) * sizeof *forecast);
    char *known = xcalloc(pairs + 1, 1);
    for (size_t i = 0; i < set->n; i++) {
        const struct fixture *f = &set->v[i];
        if (!fixture_played(f) || f->date < m->first_date || f->date > m->last_date)
            continue;
        int h = dc_team_index(m, f->home), a = dc_team_index(m, f->away);
        if (h < 0 || a < 0)
            continue;
        size_t pair = (size_t)h * m->nteams + a;
        if (!known[pair]) {
            dc_predict3(m, h, a, forecast + 3 * pair);
            known[pair] = 1;
        }
        metrics_add(out, forecast + 3 * pair, outcome_of(f->home_goals, f->away_goals));
    }
    free(forecast);
    free(known);
}

/* The season is absent when no match was played before the limit (the
 * data of another version than the model's: refused when the document is
 * checked against the model, data_version_follow); from_season names the
 * season the walk starts in when it is an earlier one. */
static void add_window(cJSON *val, const struct walk_result *w,
                       const struct validation_window *vw)
{
    cJSON *win = json_add_object(val, "window");
    if (vw->season)
        json_add_string(win, "season", vw->season);
    if (vw->first_season != vw->season)
        json_add_string(win, "from_season", vw->first_season);
    if (w->model.n > 0) {
        json_add_date(win, "first_date", w->first_date);
        json_add_date(win, "last_date", w->last_date);
    }
    json_add_number(win, "weeks", w->weeks);
    json_add_number(win, "skipped_weeks", w->skipped_weeks);
}

/* Only the model's own league: another's would be scored under this
 * model's name, and a weekly refit on two would join unrelated teams. */
static void check_league(const struct fixture_set *set, const char *in, const char *league)
{
    const struct fixture *first = NULL;
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->v[i].league, league) != 0 && (!first || set->v[i].line < first->line))
            first = &set->v[i];
    if (first)
        die("%s:%ld: league '%s', but the model is of '%s'", in, first->line, first->league,
            league);
}

/* What every model type's metrics.json holds. */
struct evaluation {
    char *league;
    struct metrics train;
    struct walk_result walk;
    struct validation_window window;
};

/* The matches of sides new to the league in their first six weeks
 * (promoted.h), beside the bookmaker on the same matches, and the gap. */
static cJSON *promoted_json(const struct walk_result *w)
{
    cJSON *o = cJSON_CreateObject();
    json_add_string(o, "matches", "of a side new to the league, within 42 days of its first "
                                  "match of the season; only those with odds");
    cJSON_AddItemToObject(o, "model", metrics_to_json(&w->early_model, 0));
    cJSON_AddItemToObject(o, "bookmaker", metrics_to_json(&w->early_bookmaker, 0));
    if (w->early_model.n > 0)
        json_add_number(o, "rps_gap", w->early_model.rps / w->early_bookmaker.rps - 1);
    return o;
}

static cJSON *metrics_document(const char *type, const struct evaluation *e)
{
    cJSON *root = cJSON_CreateObject();
    json_add_string(root, "model_type", type);
    json_add_string(root, "version", "v2");
    json_add_string(root, "league", e->league);
    cJSON_AddItemToObject(root, "train", metrics_to_json(&e->train, 0));
    cJSON *val = metrics_to_json(&e->walk.model, 1);
    add_window(val, &e->walk, &e->window);
    cJSON_AddItemToObject(root, "val", val);
    cJSON *base = json_add_object(root, "baselines");
    cJSON_AddItemToObject(base, "bookmaker", metrics_to_json(&e->walk.bookmaker, 1));
    cJSON_AddItemToObject(base, "base_rate", metrics_to_json(&e->walk.base_rate, 1));
    if (e->walk.bookmaker.n > 0)
        json_add_number(root, "rps_gap_to_bookmaker",
                        e->walk.model.rps / e->walk.model.n /
                                (e->walk.bookmaker.rps / e->walk.bookmaker.n) - 1);
    cJSON_AddItemToObject(root, "promoted_first_six_weeks", promoted_json(&e->walk));
    return root;
}

static void poisson_evaluate(const char *model_dir, const char *in,
                             const struct fixture_set *set, const struct fixture_set *pool,
                             struct evaluation *e)
{
    char *path = path_join(model_dir, "poisson_model.json");
    cJSON *json = json_read_file(path);
    struct dc_model m;
    dc_from_json(json, path, &m);
    cJSON_Delete(json);
    check_league(set, in, m.league);
    poisson_train(&m, set, &e->train);
    /* Score the data the model saw, not matches added since. */
    int limit = m.until != INT_MAX ? m.until : m.last_date + 1;
    validation_window(set, limit, &e->window);
    struct dc_walk walk = { .opt = { .decay = m.decay, .use_rho = m.use_rho,
                                     .min_matches = REFIT_MIN_MATCHES,
                                     .min_team_matches = m.min_team_matches,
                                     .ridge = m.ridge, .link_weight = m.link_weight,
                                     .blend = m.blend, .season_weight = m.season_weight,
                                     .level_decay = m.level_decay,
                                     .shots_decay = m.shots_decay,
                                     .shots_ridge = m.shots_ridge,
                                     .rating_stats = m.rating_stats,
                                     .split_beta = m.split_beta,
                                     .rating_min_weight = m.rating_min_weight,
                                     .goals_min_weight = m.goals_min_weight } };
    char kind[KIND_SIZE] = "";
    kind_add(kind, "poisson_v2 decay=%a rho=%d min_matches=%d min_team_matches=%d ridge=%a "
             "link=%a blend=%a,%a",
             m.decay, m.use_rho, REFIT_MIN_MATCHES, m.min_team_matches, m.ridge, m.link_weight,
             m.blend.shots_on_target, m.blend.corners);
    if (m.season_weight != 1 || m.level_decay != m.decay) /* older keys unchanged */
        kind_add(kind, " season=%a levels=%a", m.season_weight, m.level_decay);
    if (m.shots_decay > 0)
        kind_add(kind, " shots=%a,%a,%u,%d", m.shots_decay, m.shots_ridge, m.rating_stats,
                 m.split_beta);
    if (m.rating_min_weight > 0) /* (older keys unchanged) */
        kind_add(kind, " rating_min_weight=%a", m.rating_min_weight);
    if (m.goals_min_weight > 0) /* (older keys unchanged) */
        kind_add(kind, " goals_min_weight=%a", m.goals_min_weight);
    /* A linked walk's weeks are keyed by the rows of every division its
     * refits read (and kept apart from unlinked walks of the league). */
    const struct fixture_set *read = set;
    if (pool->n > 0 && m.ridge > 0) {
        walk.pool = pool->v, walk.npool = pool->n;
        read = pool;
        kind_add(kind, " linked");
    }
    struct walk_cache *cache = cache_open(kind, read, NULL);
    walk_forward(set, e->window.from, limit, dc_walk_week, &walk, &e->walk, cache, NULL);
    dc_walk_free(&walk);
    cache_close(cache);
    e->league = xstrdup(m.league);
    dc_free(&m);
    free(path);
}

/* The end of the data a model of these options saw: its `until`, or the
 * day after the table's last played match, eligible to fit or not (a
 * side's first matches, short of history): a version's rows are the same
 * whether its fits were cut by UNTIL or not, and so is its walk. */
static int seen_limit(const struct feature_table *t, const struct x12_options *o)
{
    int limit = o->until;
    if (limit == INT_MAX) {
        limit = INT_MIN;
        for (size_t i = 0; i < t->set.n; i++)
            if (fixture_played(&t->set.v[i]) && t->set.v[i].date >= limit)
                limit = t->set.v[i].date + 1;
    }
    return limit;
}

/* draw_specialist: binary scores of P(draw), calls at the threshold. */
struct draw_evaluation {
    struct binary_metrics train, val, bookmaker, base_rate;
    int weeks, skipped, first_date, last_date;
};

static void draw_sink(const struct fixture_set *set, int week, const size_t *idx, size_t k,
                      const double *p, const double base[3], void *ctx)
{
    struct draw_evaluation *e = ctx;
    (void)week;
    e->weeks++;
    for (size_t i = 0; i < k; i++) {
        const struct fixture *f = &set->v[idx[i]];
        int y = f->home_goals == f->away_goals;
        double book[3];
        binary_add(&e->val, p[3 * i], y, (int)p[3 * i + 1]);
        binary_add(&e->base_rate, base[1], y, -1);
        if (implied_probs(f->odds, book))
            binary_add(&e->bookmaker, book[1], y, -1);
        e->first_date = f->date < e->first_date ? f->date : e->first_date;
        e->last_date = f->date > e->last_date ? f->date : e->last_date;
    }
}

static cJSON *draw_document(const char *model_dir, const char *in,
                            const struct feature_table *t)
{
    char *path = path_join(model_dir, "draw_model.json");
    cJSON *json = json_read_file(path);
    struct draw_model m;
    struct draw_walk c = { .t = t, .o = DRAW_DEFAULTS };
    draw_from_json(json, path, &m);
    x12_options_from_json(json_get_item(json, "options", path), path, &c.o);
    char *league = xstrdup(json_get_string(json, "league", path));
    cJSON_Delete(json);
    check_league(&t->set, in, league);

    struct draw_evaluation e = { .first_date = INT_MAX, .last_date = INT_MIN };
    int limit = seen_limit(t, &c.o);
    struct x12_options seen = c.o;
    seen.until = limit;
    for (size_t i = 0; i < t->set.n; i++)
        if (x12_eligible(t, i, &seen)) {
            double x[DRAW_MAX_INPUTS];
            draw_row(&m, t, i, x);
            double p = draw_prob(&m, x);
            binary_add(&e.train, p, t->set.v[i].home_goals == t->set.v[i].away_goals,
                       draw_call(&m, p));
        }
    struct validation_window vw;
    validation_window(&t->set, limit, &vw);
    char kind[256];
    x12_kind(kind, sizeof kind, "draw_specialist", &c.o);
    struct walk_cache *cache = cache_open(kind, &t->set, t);
    e.skipped = walk_weeks(&t->set, vw.from, limit, draw_walk_week, &c, draw_sink, &e, cache,
                           &DRAW_CHAIN);
    draw_walk_free(&c);
    cache_close(cache);

    cJSON *root = cJSON_CreateObject();
    json_add_string(root, "model_type", "draw_specialist");
    json_add_string(root, "version", "v2");
    json_add_string(root, "league", league);
    if (isfinite(m.threshold)) {
        json_add_number(root, "threshold", m.threshold);
    } else {
        cJSON_AddItemToObject(root, "threshold", cJSON_CreateNull());
        json_add_string(root, "threshold_reason",
                        "no threshold's calls reached the lift target on the calibration part: "
                        "no draw is called");
    }
    cJSON_AddItemToObject(root, "train", binary_to_json(&e.train));
    cJSON *val = binary_to_json(&e.val);
    struct walk_result w = { .weeks = e.weeks + e.skipped, .skipped_weeks = e.skipped,
                             .first_date = e.first_date, .last_date = e.last_date };
    w.model.n = e.val.n;
    add_window(val, &w, &vw);
    cJSON_AddItemToObject(root, "val", val);
    cJSON *base = json_add_object(root, "baselines");
    cJSON_AddItemToObject(base, "bookmaker", binary_to_json(&e.bookmaker));
    cJSON_AddItemToObject(base, "base_rate", binary_to_json(&e.base_rate));
    binary_free(&e.train), binary_free(&e.val), binary_free(&e.bookmaker),
        binary_free(&e.base_rate);
    draw_free(&m);
    free(league);
    free(path);
    return root;
}

static void x12_evaluate(const char *model_dir, const char *in,
                         const struct feature_table *t, struct evaluation *e)
{
    struct x12_model m;
    struct x12_walk c = { .t = t, .o = X12_DEFAULTS };
    e->league = x12_read_dir(model_dir, &m, &c.o);
    check_league(&t->set, in, e->league);
    int limit = seen_limit(t, &c.o);
    struct x12_options seen = c.o;
    seen.until = limit;
    for (size_t i = 0; i < t->set.n; i++)
        if (x12_eligible(t, i, &seen)) {
            double x[NFEATURES], p[3];
            x12_row_of(&m.features, t, i, x);
            x12_predict(&m, x, p);
            metrics_add(&e->train, p, outcome_of(t->set.v[i].home_goals, t->set.v[i].away_goals));
        }
    validation_window(&t->set, limit, &e->window);
    char kind[256];
    x12_kind(kind, sizeof kind, "1x2_v2", &c.o);
    struct walk_cache *cache = cache_open(kind, &t->set, t);
    walk_forward(&t->set, e->window.from, limit, x12_walk_week, &c, &e->walk, cache, &X12_CHAIN);
    x12_walk_free(&c);
    cache_close(cache);
    x12_free(&m);
}

int main(int argc, char **argv)
{
    const char *type = NULL, *model_dir = NULL, *out_path = NULL;
    char **feeders = xcalloc((size_t)argc + 1, sizeof *feeders);
    int c, nfeeders = 0;
    static const struct option longopts[] = {
        { "cache", required_argument, NULL, 'C' },
        { "feeder", required_argument, NULL, 'F' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    set_progname(argv[0]);
    heap_keep_freed(); /* large blocks reused, not mapped anew (heap.h) */
    argv[0] = (char *)progname; /* getopt's messages name argv[0] */
    while ((c = getopt_long(argc, argv, "hm:o:t:", longopts, NULL)) != -1) {
        switch (c) {
        case 'C':
            cache_path = optarg;
            break;
        case 'F':
            feeders[nfeeders++] = optarg;
            break;
        case 'h':
            usage(stdout, EXIT_OK);
        case 'm':
            model_dir = optarg;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 't':
            type = optarg;
            break;
        default:
            usage(stderr, EXIT_USAGE);
        }
    }
    if (!type || !model_dir || argc - optind > 1)
        usage(stderr, EXIT_USAGE);
    int is_draw = strcmp(type, "draw_specialist") == 0;
    int is_1x2 = is_draw || strcmp(type, "1x2_v2") == 0; /* both read feature tables */
    if (!is_1x2 && strcmp(type, "poisson_v2") != 0)
        die_code(EXIT_USAGE, "-t: unknown model type '%s'", type);
    const char *in = optind < argc ? argv[optind] : "-";
    struct feature_table t = { 0 };
    struct evaluation e = { 0 };
    if (is_1x2 ? feature_table_read(in, &t) > 0 : fixtures_read_path_as(in, &t.set, 1, &t.id) > 0)
        die("%s: bad rows in the input, no metrics written", in);
    cJSON *metrics;
    /* The league's rows and the feeders' (--feeder), as the model's fit
     * read them: its data version covers both. */
    if (!is_1x2)
        fixtures_sort(&t.set);
    struct version_rows rows; /* (a table's: for the version only) */
    if (is_1x2)
        version_rows_defer(&rows, &t.set, &t.id, feeders, nfeeders);
    else
        version_rows_read(&rows, &t.set, &t.id, feeders, nfeeders);
    if (is_draw) {
        metrics = draw_document(model_dir, in, &t);
    } else {
        if (is_1x2) {
            x12_evaluate(model_dir, in, &t, &e);
        } else {
            /* Interned together for the linked refits; the league's alone
             * walked. */
            struct fixture_set pool = { 0 };
            if (rows.feed.n > 0)
                linked_rows_join(&t.set, &rows.feed, &pool);
            poisson_evaluate(model_dir, in, &t.set, &pool, &e);
            free(pool.v);
        }
        metrics = metrics_document(type, &e);
    }
    char *main_path = main_model_path(model_dir, type);
    struct version_memo memo = { .rows = &rows };
    data_version_follow_memo(metrics, main_path, &memo, NULL, in);
    free(main_path);
    version_rows_free(&rows);
    struct output out;
    json_write(output_open(&out, out_path), metrics);
    output_commit(&out);
    cJSON_Delete(metrics);
    free(e.league);
    feature_table_free(&t);
    free(feeders);
    return EXIT_OK;
}
