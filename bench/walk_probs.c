/* walk_probs: the per-match forecasts of backtest's poisson_v2 walk-forward
 * of one league (bench/peers.sh, docs/benchmarks.md).
 *
 *   walk_probs --from DATE --until DATE FILE
 *
 * Reads one league's canonical fixtures and walks [from, until) week by
 * week as `backtest -t poisson_v2` does with that one FILE and its defaults
 * (the same walk_weeks and dc_walk_week, the league's rows as the pool of a
 * linked fit), and prints CSV, one played match a line in the walk's order:
 * date,home_team,away_team,week,outcome,p_home,p_draw,p_away (outcome 0 1 2
 * for H D A, week the Monday refitted before, probabilities %.17g). Weeks
 * whose refit failed print nothing. Lets the peers' forecasts be compared
 * with leaguefit's match by match. On stderr: the weeks refitted and the
 * CPU time of the walk alone (clock(3): no reading), as
 * "walk_probs: fits=N walk_cpu_s=S". Bench-only: built by mk/bench.mk into
 * build/bench/. */
#define _GNU_SOURCE
#include "date.h"
#include "dc.h"
#include "fixtures.h"
#include "heap.h"
#include "metrics.h"
#include "util.h"
#include "walkforward.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* backtest's order of its rows: league, then date (qsort as it does). */
static int cmp_league_date(const void *a, const void *b)
{
    const struct fixture *x = a, *y = b;
    int c = strcmp(x->league, y->league);
    return c ? c : (x->date > y->date) - (x->date < y->date);
}

static void print_week(const struct fixture_set *set, int week, const size_t *idx, size_t k,
                       const double *p, const double base[3], void *ctx)
{
    (void)base;
    char day[11], monday[11];
    ++*(int *)ctx; /* a week predicted: a fit */
    date_format(week, monday);
    for (size_t i = 0; i < k; i++) {
        const struct fixture *f = &set->v[idx[i]];
        const double *q = p + 3 * i;
        date_format(f->date, day);
        printf("%s,%s,%s,%s,%d,%.17g,%.17g,%.17g\n", day, f->home, f->away, monday,
               outcome_of(f->home_goals, f->away_goals), q[0], q[1], q[2]);
    }
}

static int date_arg(const char *opt, const char *arg)
{
    int d;
    if (date_parse_iso(arg, &d))
        die_code(EXIT_USAGE, "%s: want a date YYYY-MM-DD, got '%s'", opt, arg);
    return d;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "from", required_argument, NULL, 'f' },
        { "until", required_argument, NULL, 'u' },
        { NULL, 0, NULL, 0 },
    };
    static const char usage[] = "usage: walk_probs --from DATE --until DATE FILE";
    int from = INT_MIN, until = INT_MAX, c;
    set_progname(argv[0]);
    heap_keep_freed(); /* as backtest: large blocks reused, not mapped anew (heap.h) */
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': from = date_arg("--from", optarg); break;
        case 'u': until = date_arg("--until", optarg); break;
        default: die_code(EXIT_USAGE, "%s", usage);
        }
    }
    if (argc - optind != 1 || from == INT_MIN || until == INT_MAX)
        die_code(EXIT_USAGE, "%s", usage);
    struct fixture_set set = { 0 };
    if (fixtures_read_path(argv[optind], &set) > 0 || set.n == 0)
        die("%s: bad or no rows", argv[optind]);
    for (size_t i = 1; i < set.n; i++)
        if (strcmp(set.v[i].league, set.v[0].league) != 0)
            die("%s:%ld: league '%s', not '%s': one league a file", argv[optind],
                set.v[i].line, set.v[i].league, set.v[0].league);
    qsort(set.v, set.n, sizeof *set.v, cmp_league_date);
    /* backtest's options: its defaults, the league's rows as the pool. */
    struct dc_walk walk = {
        .opt = DC_POISSON_V2_OPTIONS(REFIT_MIN_MATCHES),
        .pool = set.v, .npool = set.n,
    };
    printf("date,home_team,away_team,week,outcome,p_home,p_draw,p_away\n");
    int fits = 0;
    clock_t t0 = clock();
    int skipped = walk_weeks(&set, from, until, dc_walk_week, &walk, print_week, &fits, NULL,
                             NULL);
    dc_walk_free(&walk);
    double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
    if (skipped > 0)
        fprintf(stderr, "%s: %d weeks without a refit (too little history)\n", progname,
                skipped);
    fprintf(stderr, "%s: fits=%d walk_cpu_s=%.4f\n", progname, fits, cpu);
    fixtures_free(&set);
    close_stdout();
    return EXIT_OK;
}
