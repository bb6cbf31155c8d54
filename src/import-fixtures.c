/* import-fixtures: the files users have (football-data.co.uk's main and
 * extra-leagues files, results or upcoming fixtures, as served or as a
 * spreadsheet re-saved them, or canonical CSV) in; one canonical fixtures
 * CSV, merged and sorted by date, out (docs/design.md §2, §3).
 *
 * Every input row is either written or reported as "file:line: reason";
 * reported rows make the exit status 1 but do not stop the good ones.
 * Matches listed in excluded.csv are dropped, each said on stderr. */
#define _GNU_SOURCE /* getopt_long */
#include "datafile.h"
#include "date.h"
#include "excluded.h"
#include "fixtures.h"
#include "import.h"
#include "isolated.h"
#include "publish.h"
#include "seasons.h"
#include "teams.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: %s [-L leagues.csv] [-T teams.csv] [-X excluded.csv]\n"
            "       [--season SEASON] [-o FILE | --into DIR] [FILE...]\n"
            "  Converts football-data.co.uk files (main and extra leagues, results or\n"
            "  upcoming fixtures, also as re-saved by a spreadsheet) or canonical CSV\n"
            "  to canonical fixtures CSV, all files merged and sorted by date.\n"
            "  FILE '-' or none reads stdin.\n"
            "  -L FILE          league map (default $LEAGUEFIT_LEAGUES, else\n"
            "                   data/leagues.csv, else the installed one)\n"
            "  -T FILE          team-name aliases (default $LEAGUEFIT_TEAMS, ...teams.csv)\n"
            "  -X FILE          matches to leave out (default $LEAGUEFIT_EXCLUDED,\n"
            "                   ...excluded.csv)\n"
            "  --season SEASON  season of every football-data row (YYYY-YY or YYYY;\n"
            "                   default: from the file)\n"
            "  -o FILE          publish to FILE, never replacing it (exit 3 if it exists)\n"
            "  --into DIR       import each FILE on its own to DIR/NAME, NAME the FILE with\n"
            "                   every / written __ (replaced); a FILE that fails gets\n"
            "                   NAME.failed (LEAGUE<TAB>first error, a line for each league\n"
            "                   of its good rows, or * for none) and its errors on stderr\n"
            "  -h               this help\n",
            progname);
}

/* ---- duplicates across all inputs ---- */

/* The identity of a match: league, date and the two sides. */
static int cmp_key(const struct fixture *x, const struct fixture *y)
{
    int c;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    if ((c = strcmp(x->league, y->league)) || (c = strcmp(x->home, y->home)))
        return c;
    return strcmp(x->away, y->away);
}

/* By match, then by position in the set, which is input order. */
static int cmp_match(const void *a, const void *b)
{
    const struct fixture *x = *(const struct fixture *const *)a;
    const struct fixture *y = *(const struct fixture *const *)b;
    int c = cmp_key(x, y);
    return c ? c : (x > y) - (x < y);
}

/* Reports every repeat of a match already read and drops it; returns how
 * many were dropped. */
static size_t drop_duplicates(struct fixture_set *set)
{
    size_t n = set->n, kept = 0;
    const struct fixture **by_match = xmalloc((n + 1) * sizeof *by_match);
    size_t *first_of = xmalloc((n + 1) * sizeof *first_of); /* SIZE_MAX: no earlier */
    for (size_t i = 0; i < n; i++)
        by_match[i] = &set->v[i];
    if (n > 1)
        qsort(by_match, n, sizeof *by_match, cmp_match);
    for (size_t i = 0, first = 0; i < n; i++) {
        if (cmp_key(by_match[i], by_match[first]) != 0)
            first = i;
        first_of[by_match[i] - set->v] =
            i == first ? SIZE_MAX : (size_t)(by_match[first] - set->v);
    }
    /* Report first and drop after, while every row is still in place. */
    for (size_t i = 0; i < n; i++) {
        const struct fixture *f = &set->v[i];
        size_t j = first_of[i];
        char date[11];
        if (j == SIZE_MAX)
            continue;
        date_format(f->date, date);
        warnf("%s:%ld: duplicate match %s %s %s v %s (first at %s:%ld)", f->source,
              f->line, f->league, date, f->home, f->away, set->v[j].source, set->v[j].line);
    }
    for (size_t i = 0; i < n; i++) {
        if (first_of[i] == SIZE_MAX)
            set->v[kept++] = set->v[i];
        else
            fixture_free(&set->v[i]);
    }
    set->n = kept;
    free(first_of);
    free(by_match);
    return n - kept;
}

/* ---- one run: inputs to one output ---- */

struct run {
    struct importer im;
    struct excluded excluded;
};

static void write_set(const struct fixture_set *set, const char *out_path)
{
    struct output out;
    struct fixture_columns cols = fixtures_columns(set);
    FILE *fp = output_open(&out, out_path);
    fixture_write_header_with(fp, cols);
    for (size_t i = 0; i < set->n; i++)
        fixture_write_with(fp, &set->v[i], cols);
    output_commit(&out);
}

/* The inputs merged, excluded matches and repeats dropped, sorted, to
 * out_path (NULL: stdout); returns the exit status. */
static int import_files(struct run *r, char *const *inputs, const char *out_path)
{
    struct fixture_set set = { 0 };
    size_t bad = 0;
    for (; *inputs; inputs++)
        bad += import_path(&r->im, *inputs, &set);
    excluded_load(&r->excluded);
    excluded_apply(&r->excluded, &set);
    teams_report_probable_aliases(&set);
    bad += drop_duplicates(&set);
    fixtures_sort(&set);
    if (bad && out_path)
        die("%zu bad rows; %s not written", bad, out_path);
    write_set(&set, out_path);
    fixtures_free(&set);
    return bad ? EXIT_FAIL : EXIT_OK;
}

/* ---- --into DIR: each input on its own ---- */

/* DIR/FILE with every '/' of FILE written "__" (the pipeline's name of a
 * file's import). */
static char *import_name(const char *dir, const char *file)
{
    size_t n = strlen(dir) + 2 * strlen(file) + 2, k = 0;
    char *name = xmalloc(n);
    k += (size_t)snprintf(name, n, "%s/", dir);
    for (const char *c = file; *c; c++) {
        if (*c == '/')
            name[k++] = '_', name[k++] = '_';
        else
            name[k++] = *c;
    }
    name[k] = '\0';
    return name;
}

struct one_file {
    struct run *run;
    char *input, *tmp; /* the file, and the temp its rows go to */
};

/* In the child: the file's rows to its temp file, as a run of its own
 * would write them to stdout (also where it fails). */
static int import_one(void *arg)
{
    struct one_file *f = arg;
    if (!freopen(f->tmp, "w", stdout))
        die("%s: %s", f->tmp, strerror(errno));
    char *inputs[] = { f->input, NULL };
    return import_files(f->run, inputs, NULL); /* which closes stdout */
}

/* "LEAGUE\tFIRST_ERROR" for each league among the rows of the import at
 * path (or "*" when it holds none): the leagues the failed file leaves
 * without a full history. */
static void write_failed(const char *path, const char *import, const char *errors)
{
    size_t first_len = strcspn(errors, "\n"), n = 0, cap = 0;
    char **league = NULL, *line = NULL;
    size_t line_cap = 0;
    FILE *in = fopen(import, "r");
    for (long row = 0; in && getline(&line, &line_cap, in) > 0; row++) {
        if (row == 0)
            continue;
        line[strcspn(line, ",\n")] = '\0';
        size_t i = 0;
        while (i < n && strcmp(league[i], line) != 0)
            i++;
        if (i == n && *line) {
            grow(&league, &cap, n + 1, sizeof *league);
            league[n++] = xstrdup(line);
        }
    }
    if (in)
        fclose(in);
    free(line);
    struct output out;
    FILE *fp = output_open(&out, path);
    for (size_t i = 0; i < n || (i == 0 && n == 0); i++)
        fprintf(fp, "%s\t%.*s\n", n ? league[i] : "*", (int)first_len, errors);
    output_commit(&out);
    for (size_t i = 0; i < n; i++)
        free(league[i]);
    free(league);
}

/* Imports input to its name in dir, in a process of its own. A file that
 * fails (bad rows, or unreadable) gets NAME.failed beside its good rows,
 * and its errors are passed on; one that imports has none. Returns 0, or
 * -1 when its import could not be run or kept. */
static int import_into(struct run *r, const char *dir, char *input)
{
    char *name = import_name(dir, input), *failed = xmalloc(strlen(name) + 8);
    struct one_file f = { r, input, xmalloc(strlen(name) + 32) };
    sprintf(f.tmp, "%s.%ld.new", name, (long)getpid());
    sprintf(failed, "%s.failed", name);
    char *errors;
    int status = run_isolated(import_one, &f, &errors), rc = 0;
    if (status > 0) {
        fputs(errors, stderr);
        write_failed(failed, f.tmp, errors);
    } else if (status == 0 && unlink(failed) != 0 && errno != ENOENT) {
        warnf("%s: %s", failed, strerror(errno));
        rc = -1;
    }
    if (status < 0 || rename(f.tmp, name) != 0) {
        if (status >= 0)
            warnf("%s: %s", name, strerror(errno));
        unlink(f.tmp);
        rc = -1;
    }
    free(errors), free(name), free(failed), free(f.tmp);
    return rc;
}

/* ---- main ---- */

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "season", required_argument, NULL, 's' },
        { "into", required_argument, NULL, 'i' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *leagues = NULL, *teams = NULL, *excluded = NULL, *out_path = NULL, *into = NULL;
    char season[8];
    struct run r = { 0 };
    int opt;
    set_progname(argv[0]);
    argv[0] = (char *)progname; /* getopt's messages name argv[0] */
    while ((opt = getopt_long(argc, argv, "hL:o:T:X:", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            usage(stdout);
            close_stdout();
            return EXIT_OK;
        case 'L': leagues = optarg; break;
        case 'o': out_path = optarg; break;
        case 'T': teams = optarg; break;
        case 'X': excluded = optarg; break;
        case 'i': into = optarg; break;
        case 's':
            if (season_parse(optarg, season))
                die_code(EXIT_USAGE, "bad season '%s' (want YYYY-YY, e.g. 2023-24, or YYYY)",
                         optarg);
            r.im.season = season;
            break;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (into && (out_path || optind == argc))
        die_code(EXIT_USAGE, "--into takes input files, and no -o");
    r.im.leagues.path = datafile_find(leagues, "LEAGUEFIT_LEAGUES", "leagues.csv");
    r.im.teams.path = datafile_find(teams, "LEAGUEFIT_TEAMS", "teams.csv");
    r.excluded.path = datafile_find(excluded, "LEAGUEFIT_EXCLUDED", "excluded.csv");

    static char *const stdin_only[] = { "-", NULL };
    int status = EXIT_OK;
    if (into) {
        for (int i = optind; i < argc; i++)
            if (import_into(&r, into, argv[i]) != 0)
                status = EXIT_FAIL;
        close_stdout();
    } else {
        status = import_files(&r, optind < argc ? argv + optind : stdin_only, out_path);
    }
    excluded_free(&r.excluded);
    free(r.excluded.path);
    free(r.im.leagues.path);
    free(r.im.teams.path);
    importer_free(&r.im);
    return status;
}
