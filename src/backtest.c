/* backtest: weekly walk-forward evaluation of poisson_v2 over a date range,
 * per league and pooled, beside the bookmaker and the base rate on the same
 * matches. */
#define _GNU_SOURCE
#include "date.h"
#include "dc.h"
#include "fixtures.h"
#include "metrics.h"
#include "util.h"
#include "walkforward.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp,
            "usage: backtest --from DATE --until DATE [--decay F] [--no-rho]\n"
            "                [--min-team-matches N] [FILE...]\n"
            "Refits poisson_v2 before every match week of [from, until) on the\n"
            "matches before that week, league by league, and prints CSV:\n"
            "scope,source,n,accuracy,log_loss,brier,rps,ece (scope: a league or\n"
            "'all'; source: model, bookmaker or base_rate).\n");
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

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "from", required_argument, NULL, 'f' },
        { "until", required_argument, NULL, 'u' },
        { "decay", required_argument, NULL, 'd' },
        { "no-rho", no_argument, NULL, 'r' },
        { "min-team-matches", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct dc_options opt = { DC_DEFAULT_DECAY, 1, 0, REFIT_MIN_MATCHES,
                              DC_DEFAULT_MIN_TEAM_MATCHES };
    int from = INT_MIN, until = INT_MAX, c;
    long lv;
    set_progname(argv[0]);
    argv[0] = (char *)progname; /* getopt's messages name argv[0] */
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (parse_double(optarg, &opt.decay) || !(opt.decay > 0 && opt.decay <= 1))
                die_code(EXIT_USAGE, "--decay: want a number in (0, 1], got '%s'", optarg);
            break;
        case 'f':
            if (date_parse_iso(optarg, &from))
                die_code(EXIT_USAGE, "--from: want a date YYYY-MM-DD, got '%s'", optarg);
            break;
        case 'h':
            usage(stdout, EXIT_OK);
        case 'r':
            opt.use_rho = 0;
            break;
        case 't':
            if (parse_long(optarg, &lv) || lv < 1 || lv > INT_MAX)
                die_code(EXIT_USAGE, "--min-team-matches: want a positive count");
            opt.min_team_matches = (int)lv;
            break;
        case 'u':
            if (date_parse_iso(optarg, &until))
                die_code(EXIT_USAGE, "--until: want a date YYYY-MM-DD, got '%s'", optarg);
            break;
        default:
            usage(stderr, EXIT_USAGE);
        }
    }
    if (from == INT_MIN || until == INT_MAX)
        usage(stderr, EXIT_USAGE);
    struct fixture_set all = { 0 };
    size_t bad = 0;
    if (optind == argc)
        bad += fixtures_read_path("-", &all);
    for (int i = optind; i < argc; i++)
        bad += fixtures_read_path(argv[i], &all);
    if (bad > 0)
        die("bad rows in the input, no backtest run");
    qsort(all.v, all.n, sizeof *all.v, cmp_league_date);

    struct walk_result pooled;
    memset(&pooled, 0, sizeof pooled);
    printf("scope,source,n,accuracy,log_loss,brier,rps,ece\n");
    for (size_t i = 0, j; i < all.n; i = j) {
        for (j = i; j < all.n && strcmp(all.v[j].league, all.v[i].league) == 0; j++)
            ;
        struct fixture_set league = { all.v + i, j - i, j - i };
        struct walk_result w;
        walk_forward(&league, from, until, dc_walk_week, &opt, &w);
        print_result(all.v[i].league, &w);
        pool(&pooled, &w);
    }
    print_result("all", &pooled);
    fixtures_free(&all);
    close_stdout();
    return EXIT_OK;
}
