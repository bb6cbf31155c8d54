/* backtest: weekly walk-forward evaluation of poisson_v2 over a date range,
 * per league and pooled, beside the bookmaker and the base rate on the same
 * matches. */
#define _GNU_SOURCE
#include "date.h"
#include "dc.h"
#include "fixtures.h"
#include "json.h"
#include "metrics.h"
#include "draw.h"
#include "onextwo.h"
#include "prematch.h"
#include "util.h"
#include "walkforward.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp,
            "usage: backtest [-t poisson_v2|1x2_v2|draw_specialist] --from DATE\n"
            "                --until DATE [options]\n"
            "                [--json] [FILE...]\n"
            "Refits the model before every match week of [from, until) on the\n"
            "matches before that week, league by league, and prints CSV:\n"
            "scope,source,n,accuracy,log_loss,brier,rps,ece (scope: a league or\n"
            "'all'; source: model, bookmaker or base_rate), or with --json the same\n"
            "with reliability bins. FILEs: canonical fixtures for poisson_v2 (any\n"
            "leagues), one feature table (league-features) a league for 1x2_v2 and\n"
            "draw_specialist (whose binary scores of P(draw) need --json).\n"
            "poisson_v2 options: --decay F, --no-rho, --min-team-matches N\n"
            "1x2_v2 options: --split F, --lambda L, --cal-lambda L, --min-history N\n");
    exit(code);
}

static void print_row(const char *scope, const char *source, const struct metrics *m)
{
    if (m->n == 0) {
        printf("%s,%s,0,,,,,\n", scope, source);
        return;
    }
    printf("%s,%s,%zu,%.6f,%.6f,%.6f,%.6f,%.6f\n", scope, source, m->n,
           (double)m->correct / m->n, m->log_loss / m->n, m->brier / m->n, m->rps / m->n,
           metrics_ece(m));
}

static void json_result(cJSON *out, const char *scope, const struct walk_result *w)
{
    cJSON *o = json_add_object(out, scope);
    cJSON_AddItemToObject(o, "model", metrics_to_json(&w->model, 1));
    cJSON_AddItemToObject(o, "bookmaker", metrics_to_json(&w->bookmaker, 1));
    cJSON_AddItemToObject(o, "base_rate", metrics_to_json(&w->base_rate, 1));
}

static void print_result(const char *scope, const struct walk_result *w)
{
    print_row(scope, "model", &w->model);
    print_row(scope, "bookmaker", &w->bookmaker);
    print_row(scope, "base_rate", &w->base_rate);
}

static void pool(struct walk_result *all, const struct walk_result *w)
{
    metrics_merge(&all->model, &w->model);
    metrics_merge(&all->bookmaker, &w->bookmaker);
    metrics_merge(&all->base_rate, &w->base_rate);
}

static int cmp_league_date(const void *a, const void *b)
{
    const struct fixture *x = a, *y = b;
    int c = strcmp(x->league, y->league);
    return c ? c : (x->date > y->date) - (x->date < y->date);
}

struct run {
    int from, until, as_json, header_done;
    struct walk_result pooled;
    cJSON *json;
};

static void report(struct run *r, const char *scope, const struct walk_result *w)
{
    if (!r->as_json && !r->header_done++)
        printf("scope,source,n,accuracy,log_loss,brier,rps,ece\n");
    if (r->as_json)
        json_result(r->json, scope, w);
    else
        print_result(scope, w);
}

static void run_poisson(struct run *r, const struct dc_options *opt, char **files, int nfiles)
{
    struct fixture_set all = { 0 };
    size_t bad = 0;
    if (nfiles == 0)
        bad += fixtures_read_path("-", &all);
    for (int i = 0; i < nfiles; i++)
        bad += fixtures_read_path(files[i], &all);
    if (bad > 0)
        die("bad rows in the input, no backtest run");
    qsort(all.v, all.n, sizeof *all.v, cmp_league_date);
    for (size_t i = 0, j; i < all.n; i = j) {
        for (j = i; j < all.n && strcmp(all.v[j].league, all.v[i].league) == 0; j++)
            ;
        struct fixture_set league = { all.v + i, j - i, j - i };
        struct walk_result w;
        struct dc_walk walk = { .opt = *opt };
        walk_forward(&league, r->from, r->until, dc_walk_week, &walk, &w);
        dc_walk_end(&walk);
        report(r, all.v[i].league, &w);
        pool(&r->pooled, &w);
    }
    fixtures_free(&all);
}

static void run_x12(struct run *r, const struct x12_options *o, char **files, int nfiles)
{
    if (nfiles == 0)
        die_code(EXIT_USAGE, "1x2_v2 needs feature tables as FILE operands");
    for (int i = 0; i < nfiles; i++) {
        struct feature_table t;
        if (feature_table_read(files[i], &t) > 0)
            die("%s: bad rows in the input, no backtest run", files[i]);
        if (t.set.n == 0)
            die("%s: no fixtures", files[i]);
        struct x12_walk c = { &t, *o };
        struct walk_result w;
        walk_forward(&t.set, r->from, r->until, x12_walk_week, &c, &w);
        report(r, t.set.v[0].league, &w);
        pool(&r->pooled, &w);
        feature_table_free(&t);
    }
}

/* draw_specialist: P(draw) and its calls beside the bookmaker's and the
 * base rate's P(draw), per league and pooled. */
struct draw_scores {
    struct binary_metrics model, bookmaker, base_rate;
};

static void draw_sink(const struct fixture_set *set, int week, const size_t *idx, size_t k,
                      const double *p, void *ctx)
{
    struct draw_scores *d = ctx;
    double base[3];
    base_rates(set, week, base);
    for (size_t i = 0; i < k; i++) {
        const struct fixture *f = &set->v[idx[i]];
        int y = f->home_goals == f->away_goals;
        double book[3];
        binary_add(&d->model, p[3 * i], y, (int)p[3 * i + 1]);
        binary_add(&d->base_rate, base[1], y, -1);
        if (implied_probs(f->odds, book))
            binary_add(&d->bookmaker, book[1], y, -1);
    }
}

static void draw_report(cJSON *out, const char *scope, const struct draw_scores *d)
{
    cJSON *o = json_add_object(out, scope);
    cJSON_AddItemToObject(o, "model", binary_to_json(&d->model));
    cJSON_AddItemToObject(o, "bookmaker", binary_to_json(&d->bookmaker));
    cJSON_AddItemToObject(o, "base_rate", binary_to_json(&d->base_rate));
}

static void merge_binary(struct binary_metrics *dst, const struct binary_metrics *src)
{
    for (size_t i = 0; i < src->n; i++)
        binary_add(dst, src->p[i], src->y[i], -1);
    dst->tp += src->tp, dst->fp += src->fp, dst->fn += src->fn;
    dst->has_calls |= src->has_calls;
}

static void run_draw(struct run *r, const struct x12_options *o, char **files, int nfiles)
{
    struct draw_scores pooled = { 0 };
    if (nfiles == 0)
        die_code(EXIT_USAGE, "draw_specialist needs feature tables as FILE operands");
    for (int i = 0; i < nfiles; i++) {
        struct feature_table t;
        struct draw_scores d = { 0 };
        if (feature_table_read(files[i], &t) > 0)
            die("%s: bad rows in the input, no backtest run", files[i]);
        if (t.set.n == 0)
            die("%s: no fixtures", files[i]);
        struct x12_walk c = { &t, *o };
        walk_weeks(&t.set, r->from, r->until, draw_walk_week, &c, draw_sink, &d);
        draw_report(r->json, t.set.v[0].league, &d);
        merge_binary(&pooled.model, &d.model);
        merge_binary(&pooled.bookmaker, &d.bookmaker);
        merge_binary(&pooled.base_rate, &d.base_rate);
        binary_free(&d.model), binary_free(&d.bookmaker), binary_free(&d.base_rate);
        feature_table_free(&t);
    }
    draw_report(r->json, "all", &pooled);
    binary_free(&pooled.model), binary_free(&pooled.bookmaker), binary_free(&pooled.base_rate);
}

static double number_arg(const char *opt, const char *arg, double lo, double hi)
{
    double v;
    if (parse_double(arg, &v) || v < lo || v > hi)
        die_code(EXIT_USAGE, "%s: want a number from %g to %g, got '%s'", opt, lo, hi, arg);
    return v;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "from", required_argument, NULL, 'f' },
        { "until", required_argument, NULL, 'u' },
        { "decay", required_argument, NULL, 'd' },
        { "no-rho", no_argument, NULL, 'r' },
        { "min-team-matches", required_argument, NULL, 'T' },
        { "split", required_argument, NULL, 's' },
        { "lambda", required_argument, NULL, 'l' },
        { "cal-lambda", required_argument, NULL, 'c' },
        { "min-history", required_argument, NULL, 'n' },
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct dc_options opt = { .decay = DC_DEFAULT_DECAY, .use_rho = 1,
                              .min_matches = REFIT_MIN_MATCHES,
                              .min_team_matches = DC_DEFAULT_MIN_TEAM_MATCHES };
    struct x12_options xo = X12_DEFAULTS;
    struct run r = { .from = INT_MIN, .until = INT_MAX };
    const char *type = "poisson_v2";
    int c;
    set_progname(argv[0]);
    argv[0] = (char *)progname; /* getopt's messages name argv[0] */
    while ((c = getopt_long(argc, argv, "ht:", longopts, NULL)) != -1) {
        switch (c) {
        case 'T': opt.min_team_matches = (int)number_arg("--min-team-matches", optarg, 1, 1000); break;
        case 'c': xo.cal_lambda = number_arg("--cal-lambda", optarg, 0, 1e9); break;
        case 'd':
            if (parse_double(optarg, &opt.decay) || !(opt.decay > 0 && opt.decay <= 1))
                die_code(EXIT_USAGE, "--decay: want a number in (0, 1], got '%s'", optarg);
            break;
        case 'f':
            if (date_parse_iso(optarg, &r.from))
                die_code(EXIT_USAGE, "--from: want a date YYYY-MM-DD, got '%s'", optarg);
            break;
        case 'h': usage(stdout, EXIT_OK);
        case 'j': r.as_json = 1; break;
        case 'l': xo.lambda = number_arg("--lambda", optarg, 0, 1e9); break;
        case 'n': xo.min_history = (int)number_arg("--min-history", optarg, 0, 1000); break;
        case 'r': opt.use_rho = 0; break;
        case 's': xo.split = number_arg("--split", optarg, 0.01, 0.99); break;
        case 't': type = optarg; break;
        case 'u':
            if (date_parse_iso(optarg, &r.until))
                die_code(EXIT_USAGE, "--until: want a date YYYY-MM-DD, got '%s'", optarg);
            break;
        default: usage(stderr, EXIT_USAGE);
        }
    }
    if (r.from == INT_MIN || r.until == INT_MAX)
        usage(stderr, EXIT_USAGE);
    int is_draw = strcmp(type, "draw_specialist") == 0;
    if (strcmp(type, "poisson_v2") != 0 && strcmp(type, "1x2_v2") != 0 && !is_draw)
        die_code(EXIT_USAGE, "-t: unknown model type '%s'", type);
    if (is_draw && !r.as_json)
        die_code(EXIT_USAGE, "-t draw_specialist: its scores come as --json only");
    r.json = cJSON_CreateObject();
    if (is_draw) {
        run_draw(&r, &xo, argv + optind, argc - optind);
        json_write(stdout, r.json);
        cJSON_Delete(r.json);
        close_stdout();
        return EXIT_OK;
    }
    if (strcmp(type, "poisson_v2") == 0)
        run_poisson(&r, &opt, argv + optind, argc - optind);
    else
        run_x12(&r, &xo, argv + optind, argc - optind);
    report(&r, "all", &r.pooled);
    if (r.as_json)
        json_write(stdout, r.json);
    cJSON_Delete(r.json);
    close_stdout();
    return EXIT_OK;
}
