/* draw_linked: the draw_specialist regression of each league fitted with
 * the other leagues' matches as well, at a lower weight (bench/draw-ensemble.sh,
 * docs/quality.md).
 *
 *   draw_linked --from DATE --until DATE --other-weight V FILE
 *
 * FILE: the feature tables of several leagues as one (rows by date). Before
 * each match week of [from, until) every league with matches in the week is
 * refitted as draw_fit does (draw.h: its inputs, L2 penalty, every eligible
 * match before the week), but on the eligible matches of all leagues, its
 * own weighted 1 and the others V (V = 1: one fit for all; V = 0: its own
 * alone, but standardised over all), and predicts its matches of the week.
 * Prints CSV as backtest --predictions of draw_specialist, without the
 * call: league,date,home_team,away_team,home_goals,away_goals,p_draw.
 * Bench-only: compiled by bench/draw-ensemble.sh. */
#define _GNU_SOURCE
#include "date.h"
#include "draw.h"
#include "fixtures.h"
#include "util.h"
#include "walkforward.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
    fprintf(stderr, "usage: draw_linked --from DATE --until DATE --other-weight V FILE\n");
    exit(2);
}

struct pool {
    const struct feature_table *t;
    double *X; /* every row's inputs, t->set.n × DRAW_NFEATURES */
    struct draw_model shape; /* the inputs, for draw_row */
};

/* Fits league's regression on the eligible rows before `week`. */
static void fit_league(const struct pool *p, const char *league, int week, double other,
                       struct logreg *lr)
{
    const struct feature_table *t = p->t;
    struct x12_options o = DRAW_DEFAULTS;
    size_t n = 0;
    double *X = xmalloc((t->set.n * DRAW_NFEATURES + 1) * sizeof *X);
    double *y = xmalloc((t->set.n + 1) * sizeof *y), *w = xmalloc((t->set.n + 1) * sizeof *w);
    char err[160];
    o.until = week;
    for (size_t i = 0; i < t->set.n; i++) {
        const struct fixture *f = &t->set.v[i];
        if (!x12_eligible(t, i, &o))
            continue;
        memcpy(X + n * DRAW_NFEATURES, p->X + i * DRAW_NFEATURES, DRAW_NFEATURES * sizeof *X);
        y[n] = f->home_goals == f->away_goals;
        w[n++] = strcmp(f->league, league) == 0 ? 1 : other;
    }
    if (logreg_fit(X, y, w, n, DRAW_NFEATURES, o.lambda, lr, err, sizeof err) != 0)
        die("%s, week of %d: %s", league, week, err);
    free(X), free(y), free(w);
}

static void print_match(const struct fixture *f, double p)
{
    char date[11];
    date_format(f->date, date);
    printf("%s,%s,%s,%s,%d,%d,%.17g\n", f->league, date, f->home, f->away, f->home_goals,
           f->away_goals, p);
}

/* Every league with matches in the week: refitted, its matches predicted. */
static void walk_week(const struct pool *p, int week, int from, int until, double other)
{
    const struct fixture_set *s = &p->t->set;
    char done[64][64];
    int ndone = 0;
    for (size_t i = 0; i < s->n; i++) {
        const struct fixture *f = &s->v[i];
        if (!fixture_played(f) || f->date < from || f->date >= until ||
            week_start_of(f->date) != week)
            continue;
        int seen = 0;
        for (int k = 0; k < ndone && !seen; k++)
            seen = strcmp(done[k], f->league) == 0;
        if (seen)
            continue;
        if (ndone == 64 || strlen(f->league) >= sizeof done[0])
            die("too many leagues, or a long name");
        strcpy(done[ndone++], f->league);
        struct logreg lr;
        fit_league(p, f->league, week, other, &lr);
        for (size_t j = i; j < s->n; j++) {
            const struct fixture *g = &s->v[j];
            if (fixture_played(g) && g->date >= from && g->date < until &&
                week_start_of(g->date) == week && strcmp(g->league, f->league) == 0)
                print_match(g, logreg_prob(&lr, p->X + j * DRAW_NFEATURES));
        }
        logreg_free(&lr);
    }
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "from", required_argument, NULL, 'f' },
        { "until", required_argument, NULL, 'u' },
        { "other-weight", required_argument, NULL, 'w' },
        { NULL, 0, NULL, 0 },
    };
    int from = INT_MIN, until = INT_MAX, c;
    double other = -1;
    set_progname(argv[0]);
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': from = date_option("--from", optarg); break;
        case 'u': until = date_option("--until", optarg); break;
        case 'w':
            if (parse_double(optarg, &other) || other < 0 || other > 1)
                usage();
            break;
        default: usage();
        }
    }
    if (from == INT_MIN || until == INT_MAX || other < 0 || optind != argc - 1)
        usage();
    struct feature_table t;
    if (feature_table_read(argv[optind], &t) > 0)
        die("%s: bad rows", argv[optind]);
    struct pool p = { &t, xmalloc((t.set.n * DRAW_NFEATURES + 1) * sizeof *p.X), { 0 } };
    p.shape.ninputs = DRAW_NFEATURES;
    memcpy(p.shape.inputs, draw_features, sizeof draw_features);
    for (size_t i = 0; i < t.set.n; i++)
        draw_row(&p.shape, &t, i, p.X + i * DRAW_NFEATURES);
    printf("league,date,home_team,away_team,home_goals,away_goals,p_draw\n");
    for (int week = week_start_of(from); week < until; week += 7)
        walk_week(&p, week, from, until, other);
    free(p.X);
    feature_table_free(&t);
    close_stdout();
    return 0;
}
