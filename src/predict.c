/* predict: probabilities of fixtures from the trained models of their
 * leagues, one row per fixture and model type. */
#define _GNU_SOURCE
#include "dataversion.h"
#include "datafile.h"
#include "date.h"
#include "dc.h"
#include "draw.h"
#include "fixtures.h"
#include "import.h"
#include "json.h"
#include "modeldir.h"
#include "onextwo.h"
#include "prematch.h"
#include "probablealias.h"
#include "publish.h"
#include "repeats.h"
#include "teams.h"
#include "util.h"
#include "versionrows.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum format { CSV, JSONL };
enum type { POISSON, X12, DRAW, NTYPES };
static const char *const type_names[NTYPES] = { "poisson_v2", "1x2_v2", "draw_specialist" };

/* One output row: 1X2 probabilities (poisson_v2, 1x2_v2), the goals
 * figures (poisson_v2), or P(draw) and the call (draw_specialist). */
struct row {
    double p[3];
    int has_1x2, has_goals, has_draw, draw_call;
    struct dc_probs goals;
    double p_draw;
    const char *unknown; /* "", home, away, both */
    char version[DATA_VERSION_LEN + 1]; /* of the model that made it */
};

struct predictor {
    const char *models_dir, *history_path, *version;
    enum format format;
    int want[NTYPES];
    int linked; /* --linked: the features' goals model links other divisions */
    const char *versions_dir; /* --versions: the pipeline's WORK/versions, or NULL */
    int types_defaulted;      /* no -t: a type never trained for a league is left out */
    struct fixture_set history;
};

_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp,
            "usage: predict -m MODELS_DIR [-t TYPE]... [--history FILE] [--linked]\n"
            "               [--versions DIR] [--version V] [-L leagues.csv] [-T teams.csv]\n"
            "               [--format csv|jsonl] [-o FILE] [FILE]\n"
            "Reads fixtures (FILE or stdin: canonical CSV, goals empty or absent, or\n"
            "football-data.co.uk's files as import-fixtures reads them) and writes,\n"
            "per fixture and model type, p_home, p_draw, p_away (poisson_v2, 1x2_v2)\n"
            "and, from poisson_v2, expected goals, p_over_2_5, p_btts and the most\n"
            "likely score; from draw_specialist p_draw_specialist and draw_call (1\n"
            "when its P(draw) reaches the model's threshold).\n"
            "  -m MODELS_DIR   holds <league>/<type>/<version>/ model directories; the\n"
            "                  newest complete version of each is used (files directly\n"
            "                  in <league>/<type>/ are version v2, the oldest)\n"
            "  --version V     use version V (DATE-DIGEST, or v2) of every model\n"
            "  -t TYPE         poisson_v2, 1x2_v2 or draw_specialist; repeatable\n"
            "                  (default: poisson_v2, and the other two as well when\n"
            "                  --history is given)\n"
            "  --history FILE  the leagues' past matches (canonical; default\n"
            "                  data/fixtures.csv when it exists with the canonical\n"
            "                  header): 1x2_v2 and draw_specialist compute their\n"
            "                  features from them\n"
            "  --linked        link the features' goals model with the history's\n"
            "                  divisions sharing two teams with the league, for models\n"
            "                  fitted on tables of league-features --feeder (the\n"
            "                  pipeline's, unless LINK=0)\n"
            "  --versions DIR  the pipeline's WORK/versions: a version whose rows are\n"
            "                  there is linked as it was made (its linked rows there\n"
            "                  beside them, or none); others as --linked says; where\n"
            "                  the history holds the league or a linked division only\n"
            "                  up to an earlier day than those rows (or not at all),\n"
            "                  its features come from them\n"
            "  -L FILE         league map for football-data files (as import-fixtures)\n"
            "  -T FILE         team-name aliases (as import-fixtures)\n"
            "  --format F      csv (default) or jsonl\n"
            "  -o FILE         publish to FILE; never replaces an existing file; the\n"
            "                  fixtures predicted, whatever others could not be (exit 1)\n"
            "unknown_team names a side the model knows nothing of (home, away or\n"
            "both): poisson_v2 gives it the model's fallback (the mean of the sides\n"
            "promoted in the seasons before, or in older models of the three weakest\n"
            "teams of its last season); 1x2_v2 its features' starting values.\n"
            "Each unknown team is also named on stderr with the closest known names.\n");
    exit(code);
}

static const char *unknown_side(int home_unknown, int away_unknown)
{
    return home_unknown && away_unknown ? "both"
           : home_unknown               ? "home"
           : away_unknown               ? "away"
                                        : "";
}

/* ---- poisson_v2: straight from the model ---- */

static void poisson_rows(const struct dc_model *m, const struct fixture_set *set,
                         const size_t *idx, size_t k, struct row *rows)
{
    for (size_t i = 0; i < k; i++) {
        const struct fixture *f = &set->v[idx[i]];
        int h = dc_team_index(m, f->home), a = dc_team_index(m, f->away);
        struct row *r = &rows[i];
        dc_predict(m, h, a, &r->goals);
        r->p[0] = r->goals.home, r->p[1] = r->goals.draw, r->p[2] = r->goals.away;
        r->has_1x2 = r->has_goals = 1;
        r->has_draw = 0;
        r->unknown = unknown_side(h < 0, a < 0);
    }
}

static void poisson_league(const char *dir, const char *league, const struct fixture_set *set,
                           const size_t *idx, size_t k, struct row *rows)
{
    char *path = path_join(dir, model_main_file(type_names[POISSON]));
    cJSON *json = json_read_file(path);
    model_require_identity(json, path, league, type_names[POISSON]);
    struct dc_model m;
    dc_from_json(json, path, &m);
    cJSON_Delete(json);
    poisson_rows(&m, set, idx, k, rows);
    dc_free(&m);
    free(path);
}

/* ---- 1x2_v2: features from the league's history plus the fixtures ---- */

static int same_match(const struct fixture *a, const struct fixture *b)
{
    return a->date == b->date && strcmp(a->home, b->home) == 0 &&
           strcmp(a->away, b->away) == 0;
}

/* The league's past matches and the fixtures to predict, in date order; a
 * fixture already in the history is taken once. pos[i] is where fixture
 * idx[i] landed. */
static void league_table(const struct fixture_set *history, const char *league,
                         const struct fixture_set *set, const size_t *idx, size_t k,
                         struct feature_table *t, size_t *pos)
{
    struct fixture_set *all = &t->set;
    for (size_t i = 0; i < history->n; i++)
        if (strcmp(history->v[i].league, league) == 0) {
            grow(&all->v, &all->cap, all->n + 1, sizeof *all->v);
            all->v[all->n] = history->v[i];
            all->v[all->n++].line = -1; /* marks a history row */
        }
    for (size_t i = 0; i < k; i++) {
        int dup = 0;
        for (size_t j = 0; j < all->n && !dup; j++)
            dup = all->v[j].line == -1 && same_match(&all->v[j], &set->v[idx[i]]);
        if (dup)
            continue;
        grow(&all->v, &all->cap, all->n + 1, sizeof *all->v);
        all->v[all->n++] = set->v[idx[i]];
    }
    fixtures_sort(all);
    fixtures_intern(all); /* its rows came from two sets, keyed apart */
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < all->n; j++)
            if (same_match(&all->v[j], &set->v[idx[i]]))
                pos[i] = j;
}

/* Whether the home (side 0) or away side of fixture i has a match in the
 * league before it. */
static int played_before(const struct fixture_set *set, size_t i, int side)
{
    const char *team = side ? set->v[i].away : set->v[i].home;
    for (size_t j = 0; j < set->n && set->v[j].date < set->v[i].date; j++)
        if (fixture_played(&set->v[j]) &&
            (strcmp(set->v[j].home, team) == 0 || strcmp(set->v[j].away, team) == 0))
            return 1;
    return 0;
}

/* Rows of the models on features (1x2_v2, draw_specialist). */
static void feature_rows(enum type type, const char *dir, const char *league,
                         const struct feature_table *t, const size_t *pos, size_t k,
                         struct row *rows)
{
    struct x12_model m;
    struct draw_model d;
    struct x12_options o;
    if (type == X12) {
        char *has_league = x12_read_dir(dir, &m, &o);
        if (strcmp(has_league, league) != 0)
            die("%s: a model of league '%s' where league '%s' belongs", dir, has_league, league);
        free(has_league);
    } else {
        char *path = path_join(dir, model_main_file(type_names[DRAW]));
        cJSON *json = json_read_file(path);
        model_require_identity(json, path, league, type_names[DRAW]);
        draw_from_json(json, path, &d);
        free(path);
        cJSON_Delete(json);
    }
    for (size_t i = 0; i < k; i++) {
        struct row *r = &rows[i];
        memset(r, 0, sizeof *r);
        if (type == X12) {
            double x[NFEATURES];
            x12_row_of(&m.features, t, pos[i], x);
            x12_predict(&m, x, r->p);
            r->has_1x2 = 1;
        } else {
            double x[DRAW_MAX_INPUTS];
            draw_row(&d, t, pos[i], x);
            r->p_draw = draw_prob(&d, x);
            r->draw_call = draw_call(&d, r->p_draw);
            r->has_draw = 1;
        }
        r->unknown = unknown_side(!played_before(&t->set, pos[i], 0),
                                  !played_before(&t->set, pos[i], 1));
    }
    if (type == X12)
        x12_free(&m);
    else
        draw_free(&d);
}

/* 1 if a file is at DIR/LEAGUE/VERSION<suffix>. */
static int version_file(const char *dir, const char *league, const char *version,
                        const char *suffix)
{
    char *path = xmalloc(strlen(dir) + strlen(league) + strlen(version) + strlen(suffix) + 3);
    sprintf(path, "%s/%s/%s%s", dir, league, version, suffix);
    int there = access(path, F_OK) == 0;
    free(path);
    return there;
}

/* Whether the features of the model in dir (MODELS/LEAGUE/TYPE/VERSION)
 * link other divisions: as its version was made, where the pipeline's
 * rows of it are in --versions (its linked rows kept beside them, or
 * none: LINK=0, or no linked division), for the runs before and after it
 * may have had another LINK; else as --linked says. */
static int features_linked(const struct predictor *pr, const char *league, const char *dir)
{
    const char *version = strrchr(dir, '/');
    version = version ? version + 1 : dir;
    if (!pr->versions_dir || !version_file(pr->versions_dir, league, version, ".csv"))
        return pr->linked;
    return version_file(pr->versions_dir, league, version, ".feeder.csv");
}

/* The last day of the league's played matches in set; INT_MIN for none. */
static int last_played(const struct fixture_set *set, const char *league)
{
    int last = INT_MIN;
    for (size_t i = 0; i < set->n; i++)
        if (set->v[i].date > last && fixture_played(&set->v[i]) &&
            strcmp(set->v[i].league, league) == 0)
            last = set->v[i].date;
    return last;
}

/* The first division of rows (the version's: the league's, then its
 * linked ones') whose matches the history holds only up to an earlier day
 * than they do, or not at all; NULL when it holds them all. *have, *need:
 * the history's last day of it (INT_MIN: none) and the rows'. */
static const char *history_short_of(const struct fixture_set *history,
                                    const struct fixture_set *rows, int *have, int *need)
{
    /* Each division once, in the order of its first row: a few of them
     * among thousands of rows (a scan of the rows before each row for its
     * division went quadratic where one division's rows came after the
     * other's). */
    const char **examined = NULL, *short_of = NULL;
    size_t nexamined = 0, cap = 0;
    for (size_t i = 0; i < rows->n && !short_of; i++) {
        const char *league = rows->v[i].league;
        size_t j = 0;
        while (j < nexamined && strcmp(examined[j], league) != 0)
            j++;
        if (j < nexamined)
            continue;
        grow(&examined, &cap, nexamined + 1, sizeof *examined);
        examined[nexamined++] = league;
        *need = last_played(rows, league);
        *have = last_played(history, league);
        if (*have < *need)
            short_of = league;
    }
    free(examined);
    return short_of;
}

/* Reads a version's file of rows (its league's, or its linked ones'). */
static void read_version_rows(const char *dir, const char *league, const char *version,
                              const char *suffix, struct fixture_set *into)
{
    char *path = xmalloc(strlen(dir) + strlen(league) + strlen(version) + strlen(suffix) + 3);
    sprintf(path, "%s/%s/%s%s", dir, league, version, suffix);
    if (fixtures_read_path(path, into) > 0)
        die("%s: bad rows in the rows of version %s", path, version);
    free(path);
}

/* What a version's features are computed from: the history given, or the
 * version's own rows (own, and own_linked: its linked divisions'). */
struct feature_rows {
    char *league, *version;
    int use_own;
    struct fixture_set own, own_linked;
};

/* The rows a league's features are computed from, for its model in dir:
 * the history given, unless --versions keeps the version's rows and the
 * history holds the matches of the league, or of a division linked to it
 * there, only up to an earlier day than they do, or not at all (another
 * run's data in the WORK since, the history of another WORK): then those,
 * the version's data, said. Decided, and the rows read, once a version
 * for the types that need them (kept to the end of the run). NULL (err
 * set) when the history holds no match of the league and the version's
 * rows are not there: the features would be every side's starting values,
 * whatever the teams. */
static const struct feature_rows *league_history(const struct predictor *pr, const char *in,
                                                 const char *league, const char *dir,
                                                 char *err, size_t errlen)
{
    static struct feature_rows *done;
    static size_t ndone, cap;
    const char *version = model_dir_version(dir);
    for (size_t i = 0; i < ndone; i++)
        if (strcmp(done[i].league, league) == 0 && strcmp(done[i].version, version) == 0)
            return &done[i];
    int kept = pr->versions_dir && version_file(pr->versions_dir, league, version, ".csv");
    if (!kept && last_played(&pr->history, league) == INT_MIN) {
        snprintf(err, errlen, "the history %s holds no match of league '%s': the features of "
                 "its model %s cannot be computed; not predicted",
                 pr->history_path, league, version);
        return NULL;
    }
    grow(&done, &cap, ndone + 1, sizeof *done);
    struct feature_rows *r = &done[ndone++];
    *r = (struct feature_rows){ .league = xstrdup(league), .version = xstrdup(version) };
    if (!kept)
        return r;
    read_version_rows(pr->versions_dir, league, version, ".csv", &r->own);
    if (version_file(pr->versions_dir, league, version, ".feeder.csv"))
        read_version_rows(pr->versions_dir, league, version, ".feeder.csv", &r->own_linked);
    int have, need;
    const char *short_of = history_short_of(&pr->history, &r->own, &have, &need);
    if (!short_of)
        short_of = history_short_of(&pr->history, &r->own_linked, &have, &need);
    if (!short_of) {
        fixtures_free(&r->own);
        fixtures_free(&r->own_linked);
        return r;
    }
    char held[64] = "no match", need_date[11];
    if (have != INT_MIN)
        strcpy(held, "matches up to "), date_format(have, held + strlen(held));
    date_format(need, need_date);
    warnf("%s: the history %s holds %s of %s'%s', its model %s's rows up to %s: the features "
          "of league '%s' are computed from that version's own rows (%s/%s/%s.csv)",
          in, pr->history_path, held, strcmp(short_of, league) ? "the linked division " : "league ",
          short_of, version, need_date, league, pr->versions_dir, league, version);
    r->use_own = 1;
    return r;
}

/* The rows of one league's fixtures (idx[0 .. k)) by its model on features
 * in dir; 0, or -1 (err set) when no history serves (league_history). */
static int features_league(const struct predictor *pr, enum type type, const char *in,
                           const char *dir, const char *league, const struct fixture_set *set,
                           const size_t *idx, size_t k, struct row *rows, char *err,
                           size_t errlen)
{
    const struct feature_rows *from_rows = league_history(pr, in, league, dir, err, errlen);
    if (!from_rows)
        return -1;
    const struct fixture_set *history = from_rows->use_own ? &from_rows->own : &pr->history;
    struct feature_table t = { 0 };
    size_t *pos = xmalloc((k + 1) * sizeof *pos);
    int from = INT_MAX;
    league_table(history, league, set, idx, k, &t, pos);
    for (size_t i = 0; i < k; i++)
        from = set->v[idx[i]].date < from ? set->v[idx[i]].date : from;
    t.X = xmalloc((t.set.n * NFEATURES + 1) * sizeof *t.X);
    t.history = xmalloc((t.set.n + 1) * sizeof *t.history);
    /* With --linked, the history's divisions linked to the league (the
     * rows its version links, versionrows.h) link the goals model as when
     * the features were computed for fitting (league-features --feeder);
     * features must be computed as the model's were. (The version's own
     * rows come with their linked rows: those.) */
    struct fixture_set others = { 0 };
    if (from_rows->use_own) {
        others = from_rows->own_linked;
    } else {
        char *keep = xcalloc(history->n + 1, 1);
        if (features_linked(pr, league, dir))
            linked_rows_select(history, league, INT_MAX, keep);
        for (size_t i = 0; i < history->n; i++)
            if (keep[i]) {
                grow(&others.v, &others.cap, others.n + 1, sizeof *others.v);
                others.v[others.n++] = history->v[i]; /* shallow: the history's */
            }
        free(keep);
    }
    /* Goals-model features only from the first fixture on: fewer refits. */
    features_compute_linked(&t.set, &others, &FEATURE_DEFAULTS, from, t.X, t.history);
    if (!from_rows->use_own)
        free(others.v);
    feature_rows(type, dir, league, &t, pos, k, rows);
    free(t.set.v); /* its strings belong to the history and the input */
    free(t.X);
    free(t.history);
    free(pos);
    return 0;
}

/* ---- output ---- */

static void write_header(FILE *fp, enum format format)
{
    if (format == CSV)
        fputs("league,date,home_team,away_team,model_type,p_home,p_draw,p_away,"
              "xg_home,xg_away,p_over_2_5,p_btts,likely_score,p_draw_specialist,draw_call,"
              "unknown_team,model_version\n", fp);
}

static void write_csv(FILE *fp, const struct fixture *f, enum type t, const struct row *r)
{
    char date[11];
    date_format(f->date, date);
    csv_write_field(fp, f->league);
    fprintf(fp, ",%s,", date);
    csv_write_field(fp, f->home);
    fputc(',', fp);
    csv_write_field(fp, f->away);
    fprintf(fp, ",%s,", type_names[t]);
    if (r->has_1x2)
        fprintf(fp, "%.6f,%.6f,%.6f,", r->p[0], r->p[1], r->p[2]);
    else
        fputs(",,,", fp);
    if (r->has_goals)
        fprintf(fp, "%.4f,%.4f,%.6f,%.6f,%d-%d,", r->goals.xg_home, r->goals.xg_away,
                r->goals.over_2_5, r->goals.btts, r->goals.best_home, r->goals.best_away);
    else
        fputs(",,,,,", fp);
    if (r->has_draw)
        fprintf(fp, "%.6f,%d,", r->p_draw, r->draw_call);
    else
        fputs(",,", fp);
    fprintf(fp, "%s,%s\n", r->unknown, r->version);
}

static void write_jsonl(FILE *fp, const struct fixture *f, enum type t, const struct row *r)
{
    char date[11], score[16];
    cJSON *o = cJSON_CreateObject();
    date_format(f->date, date);
    json_add_string(o, "league", f->league);
    json_add_string(o, "date", date);
    json_add_string(o, "home_team", f->home);
    json_add_string(o, "away_team", f->away);
    json_add_string(o, "model_type", type_names[t]);
    if (r->has_1x2) {
        json_add_number(o, "p_home", r->p[0]);
        json_add_number(o, "p_draw", r->p[1]);
        json_add_number(o, "p_away", r->p[2]);
    }
    if (r->has_goals) {
        json_add_number(o, "xg_home", r->goals.xg_home);
        json_add_number(o, "xg_away", r->goals.xg_away);
        json_add_number(o, "p_over_2_5", r->goals.over_2_5);
        json_add_number(o, "p_btts", r->goals.btts);
        snprintf(score, sizeof score, "%d-%d", r->goals.best_home, r->goals.best_away);
        json_add_string(o, "likely_score", score);
    }
    if (r->has_draw) {
        json_add_number(o, "p_draw_specialist", r->p_draw);
        cJSON_AddItemToObject(o, "draw_call", cJSON_CreateBool(r->draw_call));
    }
    if (*r->unknown) /* (a member with a value only, as the others) */
        json_add_string(o, "unknown_team", r->unknown);
    json_add_string(o, "model_version", r->version);
    char *text = cJSON_PrintUnformatted(o);
    if (!text)
        die("out of memory");
    fprintf(fp, "%s\n", text);
    cJSON_free(text);
    cJSON_Delete(o);
}

/* ---- driving ---- */

/* Every number a row would print is finite: a model read back with
 * extreme (if finite) parameters must not print nan. */
static int row_finite(const struct row *r)
{
    int ok = 1;
    for (int k = 0; k < 3; k++)
        ok &= !r->has_1x2 || isfinite(r->p[k]);
    if (r->has_goals)
        ok &= isfinite(r->goals.xg_home) && isfinite(r->goals.xg_away) &&
              isfinite(r->goals.over_2_5) && isfinite(r->goals.btts) &&
              isfinite(r->goals.home) && isfinite(r->goals.draw) && isfinite(r->goals.away);
    if (r->has_draw)
        ok &= isfinite(r->p_draw);
    return ok;
}

/* The fixtures of set->v[i]'s league not yet seen, from i on: their
 * indices into idx, each marked seen; returns how many (0: row i was
 * seen with an earlier row of its league). */
static size_t league_rows(const struct fixture_set *set, size_t i, char *seen, size_t *idx)
{
    if (seen[i])
        return 0;
    const char *league = set->v[i].league;
    size_t k = 0;
    for (size_t j = i; j < set->n; j++)
        if (!seen[j] && strcmp(set->v[j].league, league) == 0)
            seen[j] = 1, idx[k++] = j;
    return k;
}

/* Says, once for a league and type, the fixtures dated on or before the
 * last match of the data the model (of dated version `version`) was
 * fitted on: their forecasts are of matches the model may have seen. */
static void warn_seen(const char *in, const struct fixture_set *set, const size_t *idx,
                      size_t k, const char *league, enum type t, const char *version)
{
    char date[11];
    int last;
    if (strlen(version) != DATA_VERSION_LEN) /* v2: made before versions, no date */
        return;
    memcpy(date, version, 10);
    date[10] = '\0';
    if (date_parse_iso(date, &last) != 0)
        return;
    size_t seen = 0, first = 0;
    for (size_t j = 0; j < k; j++)
        if (set->v[idx[j]].date <= last && !seen++)
            first = idx[j];
    if (seen)
        warnf("%s:%ld: %zu fixture%s of league '%s' dated on or before %s, the last match of "
              "the data its %s model %s was fitted on: forecasts of matches the model may "
              "have seen",
              in, set->v[first].line, seen, seen == 1 ? "" : "s", league, date, type_names[t],
              version);
}

/* Rows of every fixture for one type, league by league; a fixture whose
 * league has no model of the type is reported and marked in done[]. */
static size_t predict_type(const struct predictor *pr, enum type t, const char *in,
                           const struct fixture_set *set, struct row *rows, char *done)
{
    size_t *idx = xmalloc((set->n + 1) * sizeof *idx), bad = 0;
    char *seen = xcalloc(set->n + 1, 1);
    struct row *part = xmalloc((set->n + 1) * sizeof *part);
    for (size_t i = 0; i < set->n; i++) {
        size_t k = league_rows(set, i, seen, idx);
        if (k == 0)
            continue;
        const char *league = set->v[i].league;
        char err[512];
        char *dir = model_dir_find(pr->models_dir, league, type_names[t], pr->version, err,
                                   sizeof err);
        if (!dir && pr->types_defaulted && model_league_present(pr->models_dir, league) &&
            !model_type_present(pr->models_dir, league, type_names[t])) {
            /* (the type was not asked for, and the league has models of
             * another: one type trained alone is no failure) */
            warnf("%s: %zu fixture%s of league '%s', of which %s holds no %s model: not "
                  "predicted by it", in, k, k == 1 ? "" : "s", league, pr->models_dir,
                  type_names[t]);
            continue;
        }
        if (!dir) {
            for (size_t j = 0; j < k; j++)
                warnf("%s:%ld: %s", in, set->v[idx[j]].line, err);
            bad += k;
            continue;
        }
        if (t == POISSON) {
            poisson_league(dir, league, set, idx, k, part);
        } else if (features_league(pr, t, in, dir, league, set, idx, k, part, err,
                                   sizeof err) != 0) {
            for (size_t j = 0; j < k; j++)
                warnf("%s:%ld: %s", in, set->v[idx[j]].line, err);
            bad += k;
            free(dir);
            continue;
        }
        const char *version = model_dir_version(dir);
        warn_seen(in, set, idx, k, league, t, version);
        for (size_t j = 0; j < k; j++) {
            snprintf(part[j].version, sizeof part[j].version, "%s", version);
            if (!row_finite(&part[j])) {
                warnf("%s:%ld: the %s model in %s gives no finite probabilities (parameters "
                      "out of range?); not predicted", in, set->v[idx[j]].line, type_names[t], dir);
                bad++;
                continue;
            }
            rows[idx[j]] = part[j];
            done[idx[j]] = 1;
        }
        free(dir);
    }
    free(idx), free(seen), free(part);
    return bad;
}

/* Whether some fixture was predicted by some type: every type left out
 * for every league must not give an empty file and success. */
static int any_done(const struct predictor *pr, const struct fixture_set *set,
                    char *const *done)
{
    for (int t = 0; t < NTYPES; t++)
        for (size_t i = 0; pr->want[t] && i < set->n; i++)
            if (done[t][i])
                return 1;
    return 0;
}

/* ---- reading the fixtures ---- */

/* The history of the pipeline, when predict runs where it does. */
#define DEFAULT_HISTORY "data/fixtures.csv"

/* Whether the league map (which an import of football-data.co.uk's files
 * has loaded; else it is loaded here, when there is one to find) names
 * league: 1 or 0; -1 when there is none to read. */
static int league_in_map(struct importer *im, const char *league)
{
    if (!im->leagues_loaded) {
        if (access(im->leagues.path, R_OK) != 0)
            return -1;
        leagues_load(&im->leagues);
        im->leagues_loaded = 1;
    }
    return league_by_slug(&im->leagues, league) != NULL;
}

/* A fixtures file as served (football-data.co.uk's fixtures.csv lists
 * every division it covers) holds leagues that were never trained here:
 * the fixtures of a league of the league map that MODELS_DIR holds no
 * models of are said once a league and left out, not failed. A league
 * neither the map names nor MODELS_DIR holds models of (a misspelt slug in
 * canonical input) fails, each of its rows said once; returns how many. A
 * league whose models are there but not the type asked for, or not
 * complete, fails row by row too (predict_type). Dies when every fixture
 * of a non-empty set is left out (a wrong MODELS_DIR would otherwise give
 * an empty file and success). */
static size_t drop_untrained_leagues(const struct predictor *pr, struct importer *im,
                                     const char *in, struct fixture_set *set)
{
    size_t n = set->n, *idx = xmalloc((n + 1) * sizeof *idx), failed = 0;
    char *keep = xmalloc(n + 1), *seen = xcalloc(n + 1, 1);
    for (size_t i = 0; i < n; i++) {
        size_t k = league_rows(set, i, seen, idx);
        if (k == 0)
            continue;
        const char *league = set->v[i].league;
        int present = model_league_present(pr->models_dir, league);
        for (size_t j = 0; j < k; j++)
            keep[idx[j]] = (char)present;
        if (present)
            continue;
        int mapped = league_in_map(im, league);
        if (mapped > 0) {
            warnf("%s: %zu fixture%s of league '%s', of which %s holds no models: not "
                  "predicted", in, k, k == 1 ? "" : "s", league, pr->models_dir);
            continue;
        }
        for (size_t j = 0; j < k; j++)
            warnf("%s:%ld: league '%s' is %s %s, and %s holds no models of it: not "
                  "predicted", in, set->v[idx[j]].line, league,
                  mapped < 0 ? "in no league map: none at" : "not in", im->leagues.path,
                  pr->models_dir);
        failed += k;
    }
    int none_kept = n > 0 && fixtures_keep(set, 0, keep) == n;
    free(idx), free(keep), free(seen);
    if (none_kept && failed == 0) /* (with failed rows, said and exit 1 anyway) */
        die("no fixture of %s is of a league %s holds models of", in, pr->models_dir);
    return failed;
}

/* The fixtures, from canonical CSV (goal columns may be absent) or from
 * football-data.co.uk's files (main or extra leagues, results or upcoming
 * fixtures), read as import-fixtures reads them, team names resolved; the
 * leagues never trained left out, then a match given twice reported as a
 * bad row and predicted once (a repeat of a fixture left out is no
 * failure: neither copy would have been predicted). */
static size_t read_fixtures(const struct predictor *pr, struct importer *im, const char *in,
                            struct fixture_set *set)
{
    size_t bad = import_path(im, in, set);
    bad += drop_untrained_leagues(pr, im, in, set);
    /* A fixture the file also gives played goes for its result, said, as
     * import-fixtures takes it: no repeat. */
    drop_played_fixtures(set, 0);
    bad += drop_repeated_matches(set, 0, 1); /* predicted once, and said */
    fixtures_intern(set);
    return bad;
}

/* Whether path starts with the canonical header, as the pipeline's
 * merge does (its first columns: the optional ones may follow). */
static int canonical_history(const char *path)
{
    /* FIXTURES_HEADER's columns up to the teams: those of every file. */
    size_t n = (size_t)(strstr(FIXTURES_HEADER, ",home_goals") - FIXTURES_HEADER);
    char line[64] = ""; /* (n: 38) */
    FILE *fp = fopen(path, "r");
    int ours = fp && n <= sizeof line && fread(line, 1, n, fp) == n &&
               memcmp(line, FIXTURES_HEADER, n) == 0;
    if (fp)
        fclose(fp);
    return ours;
}

/* The history given, else the pipeline's where predict runs where it
 * does. football-data.co.uk serves its upcoming fixtures as fixtures.csv:
 * one saved as data/fixtures.csv is no history (the pipeline leaves it
 * alone too), and is said and left out, not read as one (which failed
 * every prediction, even of that file's own fixtures). */
static const char *history_default(const char *given)
{
    if (given)
        return given;
    if (access(DEFAULT_HISTORY, R_OK) != 0)
        return NULL;
    if (!canonical_history(DEFAULT_HISTORY)) {
        warnf("%s: not the pipeline's history (no canonical header: football-data.co.uk's "
              "upcoming fixtures saved there?): not read as --history", DEFAULT_HISTORY);
        return NULL;
    }
    return DEFAULT_HISTORY;
}

/* ---- unknown teams, named on stderr ---- */

/* Appends name to v (n of them, cap) unless it is there already. */
static void add_name(char ***v, size_t *n, size_t *cap, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], name) == 0)
            return;
    grow(v, cap, *n + 1, sizeof **v);
    (*v)[(*n)++] = xstrdup(name);
}

/* The teams the league's history or its goals model knows, once each
 * (new strings). */
static size_t known_teams(const struct predictor *pr, const char *league, char ***out)
{
    size_t n = 0, cap = 0;
    char **v = NULL;
    for (size_t i = 0; i < pr->history.n; i++) {
        const struct fixture *f = &pr->history.v[i];
        if (strcmp(f->league, league) == 0 && fixture_played(f)) {
            add_name(&v, &n, &cap, f->home);
            add_name(&v, &n, &cap, f->away);
        }
    }
    char err[512];
    char *dir = model_dir_find(pr->models_dir, league, type_names[POISSON], pr->version, err,
                               sizeof err);
    char *path = dir ? path_join(dir, model_main_file(type_names[POISSON])) : NULL;
    free(dir);
    cJSON *json = path && access(path, R_OK) == 0 ? json_read_file(path) : NULL;
    const cJSON *team;
    cJSON_ArrayForEach(team, cJSON_GetObjectItemCaseSensitive(json, "teams")) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(team, "name");
        if (cJSON_IsString(name))
            add_name(&v, &n, &cap, name->valuestring);
    }
    cJSON_Delete(json);
    free(path);
    *out = v;
    return n;
}

static int name_listed(char *const *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], name) == 0)
            return 1;
    return 0;
}

/* A side one model knows and another does not is no misspelling: a
 * promoted side that the goals model rated on its linked divisions'
 * matches, and that has no earlier match in the league's history for the
 * features. Said so, rather than offering its own name as the closest. */
static void warn_unknown(const struct predictor *pr, const char *in, const struct fixture *f,
                         const char *team)
{
    char **known, list[512] = "";
    const char *close[3];
    size_t n = known_teams(pr, f->league, &known);
    if (name_listed(known, n, team)) {
        warnf("%s:%ld: team '%s' new to %s (no earlier match in the league, known from its "
              "linked divisions' or later matches): predicted as a new team where "
              "unknown_team names it",
              in, f->line, team, f->league);
    } else {
        size_t nclose = team_closest(team, (const char *const *)known, n, close, 3);
        for (size_t i = 0; i < nclose; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                     close[i]);
        warnf("%s:%ld: unknown team '%s' in %s (closest known: %s); predicted as a new team",
              in, f->line, team, f->league, nclose ? list : "none");
    }
    for (size_t i = 0; i < n; i++)
        free(known[i]);
    free(known);
}

/* Names on stderr, once per league and team, every side a model flagged
 * as unknown: a mistyped name must not pass as a promoted side. */
static void report_unknown_teams(const struct predictor *pr, const char *in,
                                 const struct fixture_set *set, struct row *const *rows,
                                 char *const *done)
{
    struct { const char *league, *team; } *seen = NULL;
    size_t nseen = 0, cap = 0;
    for (size_t i = 0; i < set->n; i++)
        for (int side = 0; side < 2; side++) {
            const struct fixture *f = &set->v[i];
            const char *team = side ? f->away : f->home, *flag = side ? "away" : "home";
            int unknown = 0;
            for (int t = 0; t < NTYPES; t++)
                if (rows[t] && done[t][i])
                    unknown |= !strcmp(rows[t][i].unknown, flag) ||
                               !strcmp(rows[t][i].unknown, "both");
            size_t j = 0;
            while (j < nseen && (strcmp(seen[j].league, f->league) || strcmp(seen[j].team, team)))
                j++;
            if (!unknown || j < nseen)
                continue;
            grow(&seen, &cap, nseen + 1, sizeof *seen);
            seen[nseen].league = f->league, seen[nseen++].team = team;
            warn_unknown(pr, in, f, team);
        }
    free(seen);
}

static enum format parse_format(const char *arg)
{
    if (strcmp(arg, "csv") == 0)
        return CSV;
    if (strcmp(arg, "jsonl") == 0)
        return JSONL;
    die_code(EXIT_USAGE, "--format: want csv or jsonl, got '%s'", arg);
}

static enum type parse_type(const char *arg)
{
    for (int t = 0; t < NTYPES; t++)
        if (strcmp(arg, type_names[t]) == 0)
            return (enum type)t;
    die_code(EXIT_USAGE, "-t: unknown model type '%s'", arg);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "history", required_argument, NULL, 'H' },
        { "version", required_argument, NULL, 'V' },
        { "linked", no_argument, NULL, 'k' },
        { "versions", required_argument, NULL, 'W' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct predictor pr = { 0 };
    const char *out_path = NULL, *leagues = NULL, *teams = NULL;
    int c, any_type = 0;
    set_progname(argv[0]);
    argv[0] = (char *)progname; /* getopt's messages name argv[0] */
    while ((c = getopt_long(argc, argv, "hL:m:o:t:T:", longopts, NULL)) != -1) {
        switch (c) {
        case 'H': pr.history_path = optarg; break;
        case 'k': pr.linked = 1; break;
        case 'W': pr.versions_dir = optarg; break;
        case 'V':
            if (!data_version_valid(optarg))
                die_code(EXIT_USAGE, "--version: want DATE-DIGEST (e.g. 2024-05-19-3f9a1c2b) "
                                     "or v2, got '%s'", optarg);
            pr.version = optarg;
            break;
        case 'L': leagues = optarg; break;
        case 'T': teams = optarg; break;
        case 'f': pr.format = parse_format(optarg); break;
        case 'h': usage(stdout, EXIT_OK);
        case 'm': pr.models_dir = optarg; break;
        case 'o': out_path = optarg; break;
        case 't': pr.want[parse_type(optarg)] = any_type = 1; break;
        default: usage(stderr, EXIT_USAGE);
        }
    }
    if (!pr.models_dir || argc - optind > 1)
        usage(stderr, EXIT_USAGE);
    struct stat st; /* (a misspelt MODELS_DIR said once, not a league at a time) */
    if (stat(pr.models_dir, &st) != 0)
        die("-m %s: %s", pr.models_dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        die("-m %s: not a directory", pr.models_dir);
    pr.history_path = history_default(pr.history_path);
    if (!any_type)
        pr.want[POISSON] = 1, pr.want[X12] = pr.want[DRAW] = pr.history_path != NULL;
    pr.types_defaulted = !any_type;
    for (int t = X12; t < NTYPES; t++)
        if (pr.want[t] && !pr.history_path)
            die_code(EXIT_USAGE, "-t %s needs --history FILE (the leagues' past matches)",
                     type_names[t]);
    const char *in = optind < argc ? argv[optind] : "-";
    struct fixture_set set = { 0 };
    struct importer im = { 0 };
    im.leagues.path = datafile_find(leagues, "LEAGUEFIT_LEAGUES", "leagues.csv");
    im.teams.path = datafile_find(teams, "LEAGUEFIT_TEAMS", "teams.csv");
    size_t bad = read_fixtures(&pr, &im, in, &set);
    if (pr.history_path && fixtures_read_path(pr.history_path, &pr.history) > 0)
        die("%s: bad rows in the history", pr.history_path);
    struct row *rows[NTYPES] = { 0 };
    char *done[NTYPES] = { 0 };
    for (int t = 0; t < NTYPES; t++)
        if (pr.want[t]) {
            rows[t] = xmalloc((set.n + 1) * sizeof *rows[t]);
            done[t] = xcalloc(set.n + 1, 1);
            bad += predict_type(&pr, (enum type)t, in, &set, rows[t], done[t]);
        }
    report_unknown_teams(&pr, in, &set, rows, done);
    if (set.n > 0 && !bad && !any_done(&pr, &set, done))
        die("no fixture of %s predicted: %s holds no model of their leagues", in,
            pr.models_dir);
    /* The fixtures predicted come out whatever others could not be (each
     * said above, exit 1), -o's file too; but not a file of none. */
    if (bad > 0 && out_path && !any_done(&pr, &set, done))
        die("no fixture predicted (above); %s not written", out_path);
    struct output out;
    FILE *fp = output_open(&out, out_path);
    write_header(fp, pr.format);
    for (size_t i = 0; i < set.n; i++)
        for (int t = 0; t < NTYPES; t++)
            if (pr.want[t] && done[t][i])
                (pr.format == CSV ? write_csv : write_jsonl)(fp, &set.v[i], (enum type)t,
                                                            &rows[t][i]);
    output_commit(&out);
    if (bad > 0 && out_path)
        warnf("not every fixture predicted (above): %s holds those that were", out_path);
    for (int t = 0; t < NTYPES; t++)
        free(rows[t]), free(done[t]);
    fixtures_free(&pr.history);
    fixtures_free(&set);
    free(im.leagues.path), free(im.teams.path);
    importer_free(&im);
    return bad > 0 ? EXIT_FAIL : EXIT_OK;
}
