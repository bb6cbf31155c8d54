/* predict: probabilities of fixtures from the trained models of their
 * leagues, one row per fixture and model type. */
#define _GNU_SOURCE
#include "date.h"
#include "dc.h"
#include "fixtures.h"
#include "json.h"
#include "publish.h"
#include "util.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum format { CSV, JSONL };

/* Loaded models by league; a league whose model is missing is remembered
 * too, so that it is looked for once. */
struct loaded {
    char *league;
    int present;
    struct dc_model dc;
};

struct predictor {
    const char *models_dir;
    enum format format;
    struct loaded *cache;
    size_t n, cap;
};

_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp,
            "usage: predict -m MODELS_DIR [-t TYPE] [--format csv|jsonl] [-o FILE] [FILE]\n"
            "Reads canonical fixtures (FILE or stdin; goals may be empty) and writes,\n"
            "per fixture and model type, p_home, p_draw, p_away, expected goals,\n"
            "p_over_2_5, p_btts and the most likely score.\n"
            "  -m MODELS_DIR  holds <league>/<type>/ model directories\n"
            "  -t TYPE        model type (default and only one so far: poisson_v2)\n"
            "  --format F     csv (default) or jsonl\n"
            "  -o FILE        publish to FILE; never replaces an existing file\n"
            "A team the model does not know (a promoted side) gets the mean\n"
            "parameters of the three weakest teams of the model's last season;\n"
            "the unknown_team column then names the side (home, away or both).\n");
    exit(code);
}

static char *model_path(const char *dir, const char *league)
{
    size_t n = strlen(dir) + strlen(league) + 64;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s/poisson_v2/poisson_model.json", dir, league);
    return p;
}

static struct loaded *model_for(struct predictor *pr, const char *league)
{
    for (size_t i = 0; i < pr->n; i++)
        if (strcmp(pr->cache[i].league, league) == 0)
            return &pr->cache[i];
    grow(&pr->cache, &pr->cap, pr->n + 1, sizeof *pr->cache);
    struct loaded *l = &pr->cache[pr->n++];
    char *path = model_path(pr->models_dir, league);
    memset(l, 0, sizeof *l);
    l->league = xstrdup(league);
    l->present = access(path, F_OK) == 0;
    if (l->present) {
        cJSON *json = json_read_file(path);
        dc_from_json(json, path, &l->dc);
        cJSON_Delete(json);
    }
    free(path);
    return l;
}

static const char *unknown_side(int h, int a)
{
    return h < 0 && a < 0 ? "both" : h < 0 ? "home" : a < 0 ? "away" : "";
}

static void write_header(FILE *fp, enum format format)
{
    if (format == CSV)
        fputs("league,date,home_team,away_team,model_type,p_home,p_draw,p_away,"
              "xg_home,xg_away,p_over_2_5,p_btts,likely_score,unknown_team\n", fp);
}

static void write_csv(FILE *fp, const struct fixture *f, const char *date,
                      const struct dc_probs *p, const char *unknown)
{
    csv_write_field(fp, f->league);
    fprintf(fp, ",%s,", date);
    csv_write_field(fp, f->home);
    fputc(',', fp);
    csv_write_field(fp, f->away);
    fprintf(fp, ",poisson_v2,%.6f,%.6f,%.6f,%.4f,%.4f,%.6f,%.6f,%d-%d,%s\n", p->home,
            p->draw, p->away, p->xg_home, p->xg_away, p->over_2_5, p->btts,
            p->best_home, p->best_away, unknown);
}

static void write_jsonl(FILE *fp, const struct fixture *f, const char *date,
                        const struct dc_probs *p, const char *unknown)
{
    char score[16];
    cJSON *o = cJSON_CreateObject();
    json_add_string(o, "league", f->league);
    json_add_string(o, "date", date);
    json_add_string(o, "home_team", f->home);
    json_add_string(o, "away_team", f->away);
    json_add_string(o, "model_type", "poisson_v2");
    json_add_number(o, "p_home", p->home);
    json_add_number(o, "p_draw", p->draw);
    json_add_number(o, "p_away", p->away);
    json_add_number(o, "xg_home", p->xg_home);
    json_add_number(o, "xg_away", p->xg_away);
    json_add_number(o, "p_over_2_5", p->over_2_5);
    json_add_number(o, "p_btts", p->btts);
    snprintf(score, sizeof score, "%d-%d", p->best_home, p->best_away);
    json_add_string(o, "likely_score", score);
    json_add_string(o, "unknown_team", unknown);
    char *text = cJSON_PrintUnformatted(o);
    if (!text)
        die("out of memory");
    fprintf(fp, "%s\n", text);
    cJSON_free(text);
    cJSON_Delete(o);
}

/* Returns 0, or -1 after reporting a fixture that has no model. */
static int predict_one(struct predictor *pr, FILE *fp, const char *in,
                       const struct fixture *f)
{
    struct loaded *l = model_for(pr, f->league);
    if (!l->present) {
        char *path = model_path(pr->models_dir, f->league);
        warnf("%s:%ld: no poisson_v2 model for league '%s' (%s missing)", in, f->line,
              f->league, path);
        free(path);
        return -1;
    }
    int h = dc_team_index(&l->dc, f->home), a = dc_team_index(&l->dc, f->away);
    struct dc_probs p;
    char date[11];
    dc_predict(&l->dc, h, a, &p);
    date_format(f->date, date);
    if (pr->format == CSV)
        write_csv(fp, f, date, &p, unknown_side(h, a));
    else
        write_jsonl(fp, f, date, &p, unknown_side(h, a));
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct predictor pr = { 0 };
    const char *out_path = NULL;
    int c;
    set_progname(argv[0]);
    argv[0] = (char *)progname; /* getopt's messages name argv[0] */
    while ((c = getopt_long(argc, argv, "hm:o:t:", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "csv") == 0)
                pr.format = CSV;
            else if (strcmp(optarg, "jsonl") == 0)
                pr.format = JSONL;
            else
                die_code(EXIT_USAGE, "--format: want csv or jsonl, got '%s'", optarg);
            break;
        case 'h':
            usage(stdout, EXIT_OK);
        case 'm':
            pr.models_dir = optarg;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 't':
            if (strcmp(optarg, "poisson_v2") != 0)
                die_code(EXIT_USAGE, "-t: unknown model type '%s'", optarg);
            break;
        default:
            usage(stderr, EXIT_USAGE);
        }
    }
    if (!pr.models_dir || argc - optind > 1)
        usage(stderr, EXIT_USAGE);
    const char *in = optind < argc ? argv[optind] : "-";
    struct fixture_set set = { 0 };
    size_t bad = fixtures_read_path(in, &set);
    struct output out;
    FILE *fp = output_open(&out, out_path);
    write_header(fp, pr.format);
    for (size_t i = 0; i < set.n; i++)
        bad += predict_one(&pr, fp, in, &set.v[i]) != 0;
    if (bad > 0 && out_path)
        die("%zu rows not predicted; %s not written", bad, out_path);
    output_commit(&out);
    for (size_t i = 0; i < pr.n; i++) {
        free(pr.cache[i].league);
        if (pr.cache[i].present)
            dc_free(&pr.cache[i].dc);
    }
    free(pr.cache);
    fixtures_free(&set);
    return bad > 0 ? EXIT_FAIL : EXIT_OK;
}
