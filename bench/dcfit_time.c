/* dcfit_time: times dc_fit in-process (bench/perf.sh, docs/benchmarks.md).
 *
 *   dcfit_time [-n N] [--decay F] [--no-rho] [--until DATE] [--ridge R]
 *              [--feeder FEEDER] FILE
 *
 * Reads one league's canonical fixtures once, fits the Dixon-Coles model
 * once untimed (warm-up), then N times (default 200), and prints on one
 * line: fits, median / min / mean milliseconds a fit, the log-likelihood
 * (%.17g), iterations, matches, teams. Only dc_fit is timed: no reading,
 * no JSON. Bench-only: built by mk/bench.mk into build/bench/. */
#define _GNU_SOURCE
#include "date.h"
#include "dc.h"
#include "fixtures.h"
#include "promoted.h"
#include "util.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "decay", required_argument, NULL, 'd' },
        { "no-rho", no_argument, NULL, 'r' },
        { "until", required_argument, NULL, 'u' },
        { "ridge", required_argument, NULL, 'R' },
        { "feeder", required_argument, NULL, 'F' },
        { NULL, 0, NULL, 0 },
    };
    struct dc_options opt = { .decay = DC_DEFAULT_DECAY, .use_rho = 1, .until = INT_MAX,
                              .min_matches = 1,
                              .min_team_matches = DC_DEFAULT_MIN_TEAM_MATCHES,
                              .ridge = 0, .link_weight = DC_DEFAULT_LINK_WEIGHT };
    const char *feeder = NULL;
    long n = 200;
    int c;
    set_progname(argv[0]);
    while ((c = getopt_long(argc, argv, "n:", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            if (parse_long(optarg, &n) || n < 1 || n > 10000000)
                die_code(EXIT_USAGE, "-n: want a positive count, got '%s'", optarg);
            break;
        case 'd':
            if (parse_double(optarg, &opt.decay) || !(opt.decay > 0 && opt.decay <= 1))
                die_code(EXIT_USAGE, "--decay: want a number in (0, 1], got '%s'", optarg);
            break;
        case 'r': opt.use_rho = 0; break;
        case 'F': feeder = optarg; break;
        case 'R':
            if (parse_double(optarg, &opt.ridge) || !(opt.ridge >= 0))
                die_code(EXIT_USAGE, "--ridge: want a number from 0, got '%s'", optarg);
            break;
        case 'u':
            if (date_parse_iso(optarg, &opt.until))
                die_code(EXIT_USAGE, "--until: want a date YYYY-MM-DD, got '%s'", optarg);
            break;
        default:
            fprintf(stderr, "usage: dcfit_time [-n N] [--decay F] [--no-rho] [--until DATE] FILE\n");
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 1)
        die_code(EXIT_USAGE, "usage: dcfit_time [-n N] [--decay F] [--no-rho] [--until DATE] FILE");
    struct fixture_set set = { 0 };
    if (fixtures_read_path(argv[optind], &set) > 0 || set.n == 0)
        die("%s: bad or no rows", argv[optind]);
    char *league = xstrdup(set.v[0].league);
    if (feeder)
        feeder_append(&set, feeder, &set, league);
    opt.league = league;
    struct dc_model m;
    char err[160];
    if (dc_fit(set.v, set.n, &opt, &m, err, sizeof err) != 0)
        die("%s: %s", argv[optind], err);
    double ll = m.loglik;
    int iters = m.iterations, nmatches = m.nmatches, nteams = m.nteams;
    dc_free(&m);
    double *t = xmalloc(n * sizeof *t), sum = 0;
    for (long i = 0; i < n; i++) {
        double t0 = now_ms();
        if (dc_fit(set.v, set.n, &opt, &m, err, sizeof err) != 0)
            die("%s: %s", argv[optind], err);
        t[i] = now_ms() - t0;
        sum += t[i];
        if (m.loglik != ll)
            die("fit %ld: log-likelihood %.17g, not %.17g", i, m.loglik, ll);
        dc_free(&m);
    }
    qsort(t, n, sizeof *t, cmp_double);
    double med = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
    printf("fits=%ld median_ms=%.4f min_ms=%.4f mean_ms=%.4f loglik=%.17g iterations=%d "
           "matches=%d teams=%d\n",
           n, med, t[0], sum / n, ll, iters, nmatches, nteams);
    free(t);
    fixtures_free(&set);
    free(league);
    close_stdout();
    return EXIT_OK;
}
