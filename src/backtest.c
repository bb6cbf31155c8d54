/* backtest: weekly walk-forward evaluation of a model type (poisson_v2,
 * 1x2_v2 or draw_specialist) over a date range, per league and pooled,
 * beside the bookmaker and the base rate on the same matches. */
#define _GNU_SOURCE
#include "date.h"
#include "dc.h"
#include "fixtures.h"
#include "heap.h"
#include "json.h"
#include "metrics.h"
#include "draw.h"
#include "onextwo.h"
#include "prematch.h"
#include "promoted.h"
#include "publish.h"
#include "util.h"
#include "walkforward.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp,
            "usage: backtest [-t poisson_v2|1x2_v2|draw_specialist] --from DATE\n"
            "                --until DATE [-j N] [options]\n"
            "                [--json] [FILE...]\n"
            "Refits the model before every match week of [from, until) on the\n"
            "matches before that week, league by league, and prints CSV:\n"
            "scope,source,n,accuracy,log_loss,brier,rps,ece (scope: a league or\n"
            "'all'; source: model, bookmaker or base_rate), or with --json the same\n"
            "with reliability bins. FILEs: canonical fixtures for poisson_v2 (any\n"
            "leagues), one feature table (league-features) a league for 1x2_v2 and\n"
            "draw_specialist (whose binary scores of P(draw) need --json).\n"
            "  -j N   run the leagues in N parallel worker processes (default 1);\n"
            "         the output is the same as with -j 1\n"
            "  --predictions FILE  also publish every scored match's P(H, D, A) to FILE\n"
            "         (CSV; of draw_specialist: its P(draw) and its call)\n"
            "poisson_v2 options: --decay F, --no-rho, --min-team-matches N,\n"
            "  --ridge R (prior precision of the teams), --link-weight W,\n"
            "  --feeder FILE (rows of other divisions, only to link: not scored;\n"
            "  repeatable), --no-link (no linked divisions, not even among FILEs),\n"
            "  --blend S,C (weights of shots on target and corners in the goals response),\n"
            "  --season-weight S (of each earlier season of the league), --level-decay F\n"
            "  (the decay of the league's levels mu and home), --shots-rating D (the\n"
            "  decay per year of the teams' ratings by shots, whose log rates the goals\n"
            "  rates take with fitted weights; 0: goals alone; default %g),\n"
            "  --shots-ridge R (those ratings' prior precision; default %g),\n"
            "  --rating-stats LIST (the statistics rated, each its own rating and\n"
            "  weight: of sot, shots, corners; default shots,corners), --split-beta (a\n"
            "  weight for each rating's attack and one for its defence),\n"
            "  --rating-min-weight W (rows weighing less than W times the newest match\n"
            "  are left out of those ratings; default %g, 0: every row),\n"
            "  --goals-min-weight W (with a ridge, the league's rows weighing less than\n"
            "  W times the newest match are left out of the goals likelihood, the teams\n"
            "  and their prior still from every row; default %g, 0: every row)\n"
            "1x2_v2 options: --split F, --lambda L, --cal-lambda L, --min-history N\n",
            DC_DEFAULT_SHOTS_DECAY, (double)DC_DEFAULT_SHOTS_RIDGE, DC_DEFAULT_RATING_MIN_WEIGHT,
            DC_DEFAULT_GOALS_MIN_WEIGHT);
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
    cJSON *early = json_add_object(o, "promoted_early");
    cJSON_AddItemToObject(early, "model", metrics_to_json(&w->early_model, 0));
    cJSON_AddItemToObject(early, "bookmaker", metrics_to_json(&w->early_bookmaker, 0));
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
    metrics_merge(&all->early_model, &w->early_model);
    metrics_merge(&all->early_bookmaker, &w->early_bookmaker);
}

static int cmp_league_date(const void *a, const void *b)
{
    const struct fixture *x = a, *y = b;
    int c = strcmp(x->league, y->league);
    return c ? c : (x->date > y->date) - (x->date < y->date);
}


/* ------------------------------------------------------------ -j N
 * The leagues (tasks) run in up to N worker processes, forked from the
 * parent after it has read what it can. A worker computes its task and
 * writes the result to a pipe as raw bytes; the parent collects every
 * pipe (poll), and hands the results over in task order, so the output is
 * the same as the sequential loop's. A worker that fails has said why on
 * stderr; the parent then stops at that task, as the sequential loop would. */
typedef void (*task_run)(size_t i, void *ctx, int fd);
typedef void (*task_take)(size_t i, const char *buf, size_t len, void *ctx);

static void send_bytes(int fd, const void *buf, size_t len)
{
    if (write_all(fd, buf, len) != 0)
        die("worker: write to the parent: %s", strerror(errno));
}

struct worker {
    pid_t pid;
    int fd, finished, status;
    char *buf;
    size_t len, cap;
};

static void start_worker(struct worker *wk, size_t i, task_run run, void *ctx)
{
    int fds[2];
    if (pipe(fds) != 0)
        die("pipe: %s", strerror(errno));
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        close(fds[0]);
        run(i, ctx, fds[1]);
        close(fds[1]);
        _exit(EXIT_OK);
    }
    close(fds[1]);
    wk->pid = pid, wk->fd = fds[0];
}

static void run_tasks(size_t ntasks, int jobs, task_run run, task_take take, void *ctx)
{
    struct worker *wk = xcalloc(ntasks + 1, sizeof *wk);
    struct pollfd *pfd = xcalloc((size_t)jobs, sizeof *pfd);
    size_t *who = xcalloc((size_t)jobs, sizeof *who);
    size_t next = 0, given = 0;
    int running = 0;
    while (given < ntasks) {
        for (; running < jobs && next < ntasks; next++, running++)
            start_worker(&wk[next], next, run, ctx);
        int np = 0;
        for (size_t i = given; i < next; i++)
            if (wk[i].fd >= 0 && !wk[i].finished && wk[i].pid > 0) {
                pfd[np] = (struct pollfd){ .fd = wk[i].fd, .events = POLLIN };
                who[np++] = i;
            }
        if (np > 0 && poll(pfd, (nfds_t)np, -1) < 0) {
            if (errno == EINTR)
                continue;
            die("poll: %s", strerror(errno));
        }
        for (int k = 0; k < np; k++) {
            struct worker *w = &wk[who[k]];
            if (!(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            grow(&w->buf, &w->cap, w->len + 65536, 1);
            ssize_t got = read(w->fd, w->buf + w->len, w->cap - w->len);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0)
                die("read from a worker: %s", strerror(errno));
            if (got > 0) {
                w->len += (size_t)got;
                continue;
            }
            close(w->fd);
            while (waitpid(w->pid, &w->status, 0) < 0)
                if (errno != EINTR)
                    die("waitpid: %s", strerror(errno));
            w->finished = 1;
            running--;
        }
        for (; given < ntasks && wk[given].finished; given++) {
            struct worker *w = &wk[given];
            if (!WIFEXITED(w->status) || WEXITSTATUS(w->status) != EXIT_OK) {
                int code = WIFEXITED(w->status) ? WEXITSTATUS(w->status) : EXIT_FAIL;
                if (WIFSIGNALED(w->status))
                    warnf("worker %zu killed by signal %d", given + 1, WTERMSIG(w->status));
                for (size_t i = given + 1; i < next; i++)
                    if (!wk[i].finished)
                        kill(wk[i].pid, SIGTERM);
                for (size_t i = given + 1; i < next; i++)
                    if (!wk[i].finished)
                        waitpid(wk[i].pid, NULL, 0);
                if (code == EXIT_OK)
                    code = EXIT_FAIL;
                fflush(stdout);
                exit(code);
            }
            take(given, w->buf, w->len, ctx);
            free(w->buf);
            w->buf = NULL;
        }
    }
    free(who);
    free(pfd);
    free(wk);
}

static void take_bytes(const char **buf, size_t *len, void *dst, size_t n)
{
    if (*len < n)
        die("a worker's result is short (%zu bytes, want %zu)", *len, n);
    memcpy(dst, *buf, n);
    *buf += n, *len -= n;
}

struct run {
    int from, until, as_json, header_done, jobs;
    struct walk_result pooled;
    cJSON *json;
    FILE *predictions; /* --predictions, or NULL */
};

/* --predictions: every scored match's forecast, one CSV line each, so
 * that two variants can be compared match by match (a paired test). A
 * week's lines are written where the week is predicted, into a buffer that
 * travels with the task's result. */
#define PREDICTIONS_HEADER \
    "league,date,home_team,away_team,home_goals,away_goals,p_home,p_draw,p_away\n"
/* draw_specialist's: its P(draw) and its call (1: P(draw) at or above the
 * week's threshold). */
#define DRAW_PREDICTIONS_HEADER \
    "league,date,home_team,away_team,home_goals,away_goals,p_draw,call\n"

struct recorder {
    week_fn fn;
    void *ctx;
    int draw; /* the week_fn's p: P(draw) and the call, not P(H, D, A) */
    FILE *mem; /* NULL: not recording */
    char *buf;
    size_t len;
};

static int recorded_week(const struct fixture_set *set, int week, const size_t *idx, size_t k,
                         double *p, void *ctx)
{
    struct recorder *rec = ctx;
    int rc = rec->fn(set, week, idx, k, p, rec->ctx);
    for (size_t i = 0; rc == 0 && rec->mem && i < k; i++) {
        const struct fixture *f = &set->v[idx[i]];
        char date[11];
        date_format(f->date, date);
        csv_write_field(rec->mem, f->league);
        fprintf(rec->mem, ",%s,", date);
        csv_write_field(rec->mem, f->home);
        fputc(',', rec->mem);
        csv_write_field(rec->mem, f->away);
        fprintf(rec->mem, ",%d,%d,", f->home_goals, f->away_goals);
        if (rec->draw)
            fprintf(rec->mem, "%.17g,%d\n", p[3 * i], (int)p[3 * i + 1]);
        else
            fprintf(rec->mem, "%.17g,%.17g,%.17g\n", p[3 * i], p[3 * i + 1], p[3 * i + 2]);
    }
    return rc;
}

static void recorder_open(struct recorder *rec, const struct run *r, week_fn fn, void *ctx)
{
    *rec = (struct recorder){ .fn = fn, .ctx = ctx };
    if (r->predictions && !(rec->mem = open_memstream(&rec->buf, &rec->len)))
        die("out of memory");
}

/* The recorded lines (a NUL-terminated string, "" when not recording). */
static char *recorder_close(struct recorder *rec)
{
    if (!rec->mem)
        return xstrdup("");
    if (fclose(rec->mem) != 0)
        die("out of memory");
    return rec->buf;
}

static void send_text(int fd, const char *text)
{
    size_t len = strlen(text);
    send_bytes(fd, &len, sizeof len);
    send_bytes(fd, text, len);
}

static void take_text(const char **buf, size_t *len, FILE *out)
{
    size_t n;
    take_bytes(buf, len, &n, sizeof n);
    if (n > *len)
        die("a worker's result is short (%zu bytes, want %zu)", *len, n);
    if (out)
        fwrite(*buf, 1, n, out);
    *buf += n, *len -= n;
}

static void report(struct run *r, const char *scope, const struct walk_result *w)
{
    /* A week whose refit failed (too few matches, no convergence) is not
     * scored: said, so that a walk of none is no silent n of 0. */
    if (w->skipped_weeks > 0 && strcmp(scope, "all") != 0)
        warnf("%s: %d of %d weeks not scored: their refit failed", scope, w->skipped_weeks,
              w->weeks);
    if (!r->as_json && !r->header_done++)
        printf("scope,source,n,accuracy,log_loss,brier,rps,ece\n");
    if (r->as_json)
        json_result(r->json, scope, w);
    else
        print_result(scope, w);
}

struct poisson_tasks {
    struct run *r;
    const struct dc_options *opt;
    int link; /* every row of every file may link, with a ridge */
    struct fixture_set all;
    struct link_index links; /* all's, built once for every league's linkable rows */
    size_t *start, *end; /* league i is all.v[start[i] .. end[i]) */
    size_t n;
};

static char *poisson_league(const struct poisson_tasks *t, size_t i, struct walk_result *w)
{
    struct fixture_set league = { t->all.v + t->start[i], t->end[i] - t->start[i],
                                  t->end[i] - t->start[i] };
    struct dc_walk walk = { .opt = *t->opt };
    struct fixture *pool = NULL;
    if (t->link && t->opt->ridge > 0) {
        /* Only the rows the league's fits may link (shallow copies). */
        char *keep = xmalloc(t->all.n + 1);
        link_index_linkable(&t->links, link_index_division(&t->links, league.v[0].league), NULL,
                            keep);
        pool = xmalloc((t->all.n + 1) * sizeof *pool);
        for (size_t k = 0; k < t->all.n; k++)
            if (keep[k])
                pool[walk.npool++] = t->all.v[k];
        walk.pool = pool;
        free(keep);
    }
    struct recorder rec;
    recorder_open(&rec, t->r, dc_walk_week, &walk);
    walk_forward(&league, t->r->from, t->r->until, recorded_week, &rec, w, NULL, NULL);
    dc_walk_free(&walk);
    free(pool);
    return recorder_close(&rec);
}

static void poisson_take(size_t i, const struct walk_result *w, struct poisson_tasks *t)
{
    report(t->r, t->all.v[t->start[i]].league, w);
    pool(&t->r->pooled, w);
}

static void poisson_run_task(size_t i, void *ctx, int fd)
{
    struct walk_result w;
    char *lines = poisson_league(ctx, i, &w);
    send_bytes(fd, &w, sizeof w);
    send_text(fd, lines);
    free(lines);
}

static void poisson_take_task(size_t i, const char *buf, size_t len, void *ctx)
{
    struct poisson_tasks *t = ctx;
    struct walk_result w;
    take_bytes(&buf, &len, &w, sizeof w);
    take_text(&buf, &len, t->r->predictions);
    poisson_take(i, &w, t);
}

/* Whether league is one of the scored rows' v[0..n). */
static int scored_league(const struct fixture *v, size_t n, const char *league)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].league, league) == 0)
            return 1;
    return 0;
}

static void run_poisson(struct run *r, const struct dc_options *opt, char **files, int nfiles,
                        char **feeders, int nfeeders, int link)
{
    struct poisson_tasks t = { .r = r, .opt = opt, .link = link };
    struct fixture_set scored = { 0 };
    size_t bad = 0;
    /* The teams interned once, all files read (not the growing set at
     * each file). */
    if (nfiles == 0)
        bad += fixtures_read_path_unkeyed("-", &t.all);
    for (int i = 0; i < nfiles; i++)
        bad += fixtures_read_path_unkeyed(files[i], &t.all);
    size_t nscored = t.all.n;
    for (int i = 0; i < nfeeders; i++)
        bad += fixtures_read_path_unkeyed(feeders[i], &t.all);
    if (bad > 0)
        die("bad rows in the input, no backtest run");
    fixtures_intern(&t.all);
    /* The leagues scored: those of the FILEs, one row each. */
    for (size_t i = 0; i < nscored; i++)
        if (!scored_league(scored.v, scored.n, t.all.v[i].league)) {
            grow(&scored.v, &scored.cap, scored.n + 1, sizeof *scored.v);
            scored.v[scored.n++].league = t.all.v[i].league;
        }
    qsort(t.all.v, t.all.n, sizeof *t.all.v, cmp_league_date);
    t.start = xmalloc((t.all.n + 2) * sizeof *t.start);
    size_t *end = xmalloc((t.all.n + 2) * sizeof *end);
    for (size_t i = 0, j; i < t.all.n; i = j) {
        for (j = i; j < t.all.n && strcmp(t.all.v[j].league, t.all.v[i].league) == 0; j++)
            ;
        if (scored_league(scored.v, scored.n, t.all.v[i].league))
            t.start[t.n] = i, end[t.n++] = j;
    }
    free(scored.v);
    t.end = end;
    if (link && opt->ridge > 0)
        link_index_build(&t.links, t.all.v, t.all.n); /* (after the sort: by row) */
    if (r->jobs > 1 && t.n > 1) {
        run_tasks(t.n, r->jobs, poisson_run_task, poisson_take_task, &t);
    } else {
        for (size_t i = 0; i < t.n; i++) {
            struct walk_result w;
            char *lines = poisson_league(&t, i, &w);
            if (r->predictions)
                fputs(lines, r->predictions);
            free(lines);
            poisson_take(i, &w, &t);
        }
    }
    free(t.start);
    free(t.end);
    link_index_free(&t.links);
    fixtures_free(&t.all);
}

struct x12_tasks {
    struct run *r;
    const struct x12_options *o;
    char **files;
};

/* Evaluates one feature table; its league's name into *league (malloc'd);
 * returns the recorded predictions. */
static char *x12_file(const struct x12_tasks *t, size_t i, struct walk_result *w, char **league)
{
    struct feature_table tab;
    const char *file = t->files[i];
    if (feature_table_read(file, &tab) > 0)
        die("%s: bad rows in the input, no backtest run", file);
    if (tab.set.n == 0)
        die("%s: no fixtures", file);
    struct x12_walk c = { .t = &tab, .o = *t->o };
    struct recorder rec;
    recorder_open(&rec, t->r, x12_walk_week, &c);
    walk_forward(&tab.set, t->r->from, t->r->until, recorded_week, &rec, w, NULL, NULL);
    x12_walk_free(&c);
    *league = xstrdup(tab.set.v[0].league);
    feature_table_free(&tab);
    return recorder_close(&rec);
}

static void x12_take(const struct x12_tasks *t, const char *league, const struct walk_result *w)
{
    report(t->r, league, w);
    pool(&t->r->pooled, w);
}

static void x12_run_task(size_t i, void *ctx, int fd)
{
    struct walk_result w;
    char *league;
    char *lines = x12_file(ctx, i, &w, &league);
    send_bytes(fd, &w, sizeof w);
    send_text(fd, lines);
    send_bytes(fd, league, strlen(league));
    free(lines);
}

static void x12_take_task(size_t i, const char *buf, size_t len, void *ctx)
{
    const struct x12_tasks *t = ctx;
    struct walk_result w;
    (void)i;
    take_bytes(&buf, &len, &w, sizeof w);
    take_text(&buf, &len, t->r->predictions);
    char *league = xmalloc(len + 1);
    memcpy(league, buf, len);
    league[len] = '\0';
    x12_take(ctx, league, &w);
    free(league);
}

static void run_x12(struct run *r, const struct x12_options *o, char **files, int nfiles)
{
    struct x12_tasks t = { r, o, files };
    if (nfiles == 0)
        die_code(EXIT_USAGE, "1x2_v2 needs feature tables as FILE operands");
    if (r->jobs > 1 && nfiles > 1) {
        run_tasks((size_t)nfiles, r->jobs, x12_run_task, x12_take_task, &t);
        return;
    }
    for (int i = 0; i < nfiles; i++) {
        struct walk_result w;
        char *league;
        char *lines = x12_file(&t, (size_t)i, &w, &league);
        if (r->predictions)
            fputs(lines, r->predictions);
        free(lines);
        x12_take(&t, league, &w);
        free(league);
    }
}

/* draw_specialist: P(draw) and its calls beside the bookmaker's and the
 * base rate's P(draw), per league and pooled. */
struct draw_scores {
    struct binary_metrics model, bookmaker, base_rate;
};

static void draw_sink(const struct fixture_set *set, int week, const size_t *idx, size_t k,
                      const double *p, const double base[3], void *ctx)
{
    struct draw_scores *d = ctx;
    (void)week;
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

struct draw_tasks {
    struct run *r;
    const struct x12_options *o;
    char **files;
    struct draw_scores pooled;
};

/* Evaluates one feature table; returns the recorded predictions. */
static char *draw_file(const struct draw_tasks *t, size_t i, struct draw_scores *d,
                       char **league)
{
    struct feature_table tab;
    const char *file = t->files[i];
    memset(d, 0, sizeof *d);
    if (feature_table_read(file, &tab) > 0)
        die("%s: bad rows in the input, no backtest run", file);
    if (tab.set.n == 0)
        die("%s: no fixtures", file);
    struct draw_walk c = { .t = &tab, .o = *t->o };
    struct recorder rec;
    recorder_open(&rec, t->r, draw_walk_week, &c);
    rec.draw = 1;
    walk_weeks(&tab.set, t->r->from, t->r->until, recorded_week, &rec, draw_sink, d, NULL, NULL);
    draw_walk_free(&c);
    *league = xstrdup(tab.set.v[0].league);
    feature_table_free(&tab);
    return recorder_close(&rec);
}

static void draw_take(struct draw_tasks *t, const char *league, struct draw_scores *d)
{
    draw_report(t->r->json, league, d);
    merge_binary(&t->pooled.model, &d->model);
    merge_binary(&t->pooled.bookmaker, &d->bookmaker);
    merge_binary(&t->pooled.base_rate, &d->base_rate);
    binary_free(&d->model), binary_free(&d->bookmaker), binary_free(&d->base_rate);
}

/* A worker's draw scores: every forecast (p, y), then the calls' counts;
 * the parent adds the forecasts back in the same order, so every sum is
 * the same as the worker's. */
struct binary_counts {
    size_t n, tp, fp, fn;
    int has_calls;
};

static void send_binary(int fd, const struct binary_metrics *m)
{
    struct binary_counts c = { m->n, m->tp, m->fp, m->fn, m->has_calls };
    send_bytes(fd, &c, sizeof c);
    if (m->n > 0) {
        send_bytes(fd, m->p, m->n * sizeof *m->p);
        send_bytes(fd, m->y, m->n * sizeof *m->y);
    }
}

static void take_binary(const char **buf, size_t *len, struct binary_metrics *m)
{
    struct binary_counts c;
    take_bytes(buf, len, &c, sizeof c);
    if (c.n > *len / (sizeof(double) + 1))
        die("a worker's result is short");
    const char *p = *buf, *y = *buf + c.n * sizeof(double);
    for (size_t i = 0; i < c.n; i++) {
        double pi;
        memcpy(&pi, p + i * sizeof pi, sizeof pi);
        binary_add(m, pi, (unsigned char)y[i], -1);
    }
    *buf += c.n * (sizeof(double) + 1), *len -= c.n * (sizeof(double) + 1);
    m->tp = c.tp, m->fp = c.fp, m->fn = c.fn, m->has_calls = c.has_calls;
}

static void draw_run_task(size_t i, void *ctx, int fd)
{
    struct draw_scores d;
    char *league;
    char *lines = draw_file(ctx, i, &d, &league);
    send_text(fd, lines);
    free(lines);
    send_binary(fd, &d.model);
    send_binary(fd, &d.bookmaker);
    send_binary(fd, &d.base_rate);
    send_bytes(fd, league, strlen(league));
}

static void draw_take_task(size_t i, const char *buf, size_t len, void *ctx)
{
    struct draw_scores d = { 0 };
    const struct draw_tasks *t = ctx;
    (void)i;
    take_text(&buf, &len, t->r->predictions);
    take_binary(&buf, &len, &d.model);
    take_binary(&buf, &len, &d.bookmaker);
    take_binary(&buf, &len, &d.base_rate);
    char *league = xmalloc(len + 1);
    memcpy(league, buf, len);
    league[len] = '\0';
    draw_take(ctx, league, &d);
    free(league);
}

static void run_draw(struct run *r, const struct x12_options *o, char **files, int nfiles)
{
    struct draw_tasks t = { .r = r, .o = o, .files = files };
    if (nfiles == 0)
        die_code(EXIT_USAGE, "draw_specialist needs feature tables as FILE operands");
    if (r->jobs > 1 && nfiles > 1) {
        run_tasks((size_t)nfiles, r->jobs, draw_run_task, draw_take_task, &t);
    } else {
        for (int i = 0; i < nfiles; i++) {
            struct draw_scores d;
            char *league;
            char *lines = draw_file(&t, (size_t)i, &d, &league);
            if (r->predictions)
                fputs(lines, r->predictions);
            free(lines);
            draw_take(&t, league, &d);
            free(league);
        }
    }
    draw_report(r->json, "all", &t.pooled);
    binary_free(&t.pooled.model), binary_free(&t.pooled.bookmaker),
        binary_free(&t.pooled.base_rate);
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
        { "ridge", required_argument, NULL, 'R' },
        { "link-weight", required_argument, NULL, 'W' },
        { "feeder", required_argument, NULL, 'F' },
        { "no-link", no_argument, NULL, 'N' },
        { "blend", required_argument, NULL, 'B' },
        { "level-decay", required_argument, NULL, 'L' },
        { "season-weight", required_argument, NULL, 'S' },
        { "shots-rating", required_argument, NULL, 'O' },
        { "shots-ridge", required_argument, NULL, 'Q' },
        { "rating-stats", required_argument, NULL, 'A' },
        { "split-beta", no_argument, NULL, 'E' },
        { "rating-min-weight", required_argument, NULL, 'M' },
        { "goals-min-weight", required_argument, NULL, 'G' },
        { "split", required_argument, NULL, 's' },
        { "lambda", required_argument, NULL, 'l' },
        { "cal-lambda", required_argument, NULL, 'c' },
        { "min-history", required_argument, NULL, 'n' },
        { "json", no_argument, NULL, 'J' },
        { "predictions", required_argument, NULL, 'P' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct dc_options opt = DC_POISSON_V2_OPTIONS(REFIT_MIN_MATCHES);
    struct x12_options xo = X12_DEFAULTS;
    char **feeders = xcalloc((size_t)argc + 1, sizeof *feeders);
    int nfeeders = 0, link = 1;
    struct run r = { .from = INT_MIN, .until = INT_MAX, .jobs = 1 };
    const char *type = "poisson_v2", *predictions = NULL;
    int c;
    set_progname(argv[0]);
    heap_keep_freed(); /* large blocks reused, not mapped anew (heap.h) */
    argv[0] = (char *)progname; /* getopt's messages name argv[0] */
    while ((c = getopt_long(argc, argv, "hj:t:", longopts, NULL)) != -1) {
        switch (c) {
        case 'F': feeders[nfeeders++] = optarg; break;
        case 'N': link = 0; break;
        case 'B':
            if (blend_parse(optarg, &opt.blend))
                die_code(EXIT_USAGE, "--blend: want two weights S,C from 0 to 1 with a sum "
                         "at most 1, got '%s'", optarg);
            break;
        case 'S': opt.season_weight = number_arg("--season-weight", optarg, 1e-6, 1); break;
        case 'L': opt.level_decay = number_arg("--level-decay", optarg, 1e-6, 1); break;
        case 'O': opt.shots_decay = number_arg("--shots-rating", optarg, 0, 1); break;
        case 'Q': dc_rating_option("shots-ridge", optarg, &opt); break;
        case 'A': dc_rating_option("rating-stats", optarg, &opt); break;
        case 'E': opt.split_beta = 1; break;
        case 'M': dc_rating_option("rating-min-weight", optarg, &opt); break;
        case 'G': dc_rating_option("goals-min-weight", optarg, &opt); break;
        case 'R': opt.ridge = number_arg("--ridge", optarg, 0, 1e6); break;
        case 'W': opt.link_weight = number_arg("--link-weight", optarg, 0, 10); break;
        case 'T': opt.min_team_matches = (int)number_arg("--min-team-matches", optarg, 1, 1000); break;
        case 'c': xo.cal_lambda = number_arg("--cal-lambda", optarg, 0, 1e9); break;
        case 'd':
            if (parse_double(optarg, &opt.decay) || !(opt.decay > 0 && opt.decay <= 1))
                die_code(EXIT_USAGE, "--decay: want a number in (0, 1], got '%s'", optarg);
            break;
        case 'f':
            r.from = date_option("--from", optarg);
            break;
        case 'h': usage(stdout, EXIT_OK);
        case 'J': r.as_json = 1; break;
        case 'P': predictions = optarg; break;
        case 'j': {
            long jobs;
            if (parse_long(optarg, &jobs) || jobs < 1 || jobs > 256)
                die_code(EXIT_USAGE, "-j: want a number of workers from 1 to 256, got '%s'", optarg);
            r.jobs = (int)jobs;
            break;
        }
        case 'l': xo.lambda = number_arg("--lambda", optarg, 0, 1e9); break;
        case 'n': xo.min_history = (int)number_arg("--min-history", optarg, 0, 1000); break;
        case 'r': opt.use_rho = 0; break;
        case 's': xo.split = number_arg("--split", optarg, 0.01, 0.99); break;
        case 't': type = optarg; break;
        case 'u':
            r.until = date_option("--until", optarg);
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
    struct output pred_out;
    if (predictions) {
        r.predictions = output_open(&pred_out, predictions);
        fputs(is_draw ? DRAW_PREDICTIONS_HEADER : PREDICTIONS_HEADER, r.predictions);
    }
    r.json = cJSON_CreateObject();
    if (is_draw) {
        run_draw(&r, &xo, argv + optind, argc - optind);
        if (predictions)
            output_commit(&pred_out);
        free(feeders);
        json_write(stdout, r.json);
        cJSON_Delete(r.json);
        close_stdout();
        return EXIT_OK;
    }
    if (strcmp(type, "poisson_v2") == 0)
        run_poisson(&r, &opt, argv + optind, argc - optind, feeders, nfeeders, link);
    else
        run_x12(&r, &xo, argv + optind, argc - optind);
    report(&r, "all", &r.pooled);
    if (predictions)
        output_commit(&pred_out);
    free(feeders);
    if (r.as_json)
        json_write(stdout, r.json);
    cJSON_Delete(r.json);
    close_stdout();
    return EXIT_OK;
}
