/* import-fixtures: the files users have (football-data.co.uk's main and
 * extra-leagues files, results or upcoming fixtures, as served or as a
 * spreadsheet re-saved them, or canonical CSV) in; one canonical fixtures
 * CSV, merged and sorted by date, out (docs/design.md §2, §3).
 *
 * Every input row is either written or counted bad, the first of a file's
 * bad rows reported as "file:line: reason", then their count (rowerrors.h);
 * bad rows make the exit status 1 but do not stop the good ones.
 * Matches listed in excluded.csv are dropped, each said on stderr, and so
 * is a fixture whose result another row gives (repeats.h). */
#define _GNU_SOURCE /* getopt_long */
#include "datafile.h"
#include "excluded.h"
#include "fixtures.h"
#include "import.h"
#include "importdir.h"
#include "probablealias.h"
#include "publish.h"
#include "repeats.h"
#include "replace.h"
#include "seasons.h"
#include "tableleagues.h"
#include "teams.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: %s [-L leagues.csv] [-T teams.csv] [-X excluded.csv]\n"
            "       [--season SEASON] [-o FILE | --into DIR [--changed]]\n"
            "       [--failed FILE] [--named LIST] [FILE...]\n"
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
            "                   of its good rows, or * for none) and its errors on stderr;\n"
            "                   prints the files imported\n"
            "  --changed        with --into: only the FILEs whose DIR/NAME is missing or\n"
            "                   older than FILE or than one of the tables\n"
            "  --failed FILE    a match read twice fails its league, not the run: its\n"
            "                   first row is written, and FILE (replaced) gets\n"
            "                   LEAGUE<TAB>first repeat's message a line for each league\n"
            "                   with one (empty: none)\n"
            "  --named LIST     messages name the Nth FILE by LIST's Nth line, and its rows\n"
            "                   by their source_line column where it has one (the files\n"
            "                   --into made, named by the files they were made from)\n"
            "  -h               this help\n",
            progname);
}

/* ---- one run: inputs to one output ---- */

struct run {
    struct importer im;
    struct excluded excluded;
    const char *failed; /* --failed FILE, or NULL */
    char **names;       /* --named: the inputs' names in messages, or NULL */
    size_t nnames;
    int source_lines;   /* --into: each row's line written as source_line */
    /* Not with --into: its imports are merged, the probable aliases looked
     * for then, across files and under the alias table the merge applies
     * (a file's import may hold a pair that table names), and the tables'
     * misspelt leagues (another file may hold a league of a table). */
    int report_aliases;
};

static void write_set(const struct fixture_set *set, const char *out_path, int source_lines)
{
    struct output out;
    struct fixture_columns cols = fixtures_columns(set);
    cols.source_line = source_lines;
    FILE *fp = output_open(&out, out_path);
    fixture_write_header_with(fp, cols);
    fixtures_write_with(fp, set->v, set->n, cols);
    output_commit(&out);
}

/* --failed: the first repeat of each league, in the order met. */
struct league_failures {
    char **line; /* "LEAGUE\tprog: message" */
    size_t n, cap;
};

static void note_failure(const char *league, const char *message, void *ctx)
{
    struct league_failures *lf = ctx;
    size_t len = strlen(league);
    for (size_t i = 0; i < lf->n; i++)
        if (strncmp(lf->line[i], league, len) == 0 && lf->line[i][len] == '\t')
            return;
    char *line = xmalloc(len + strlen(progname) + strlen(message) + 4);
    sprintf(line, "%s\t%s: %s", league, progname, message);
    grow(&lf->line, &lf->cap, lf->n + 1, sizeof *lf->line);
    lf->line[lf->n++] = line;
}

static void write_failures(struct league_failures *lf, const char *path)
{
    struct replacement rp;
    int ok = replace_begin(&rp, path, 0644) == 0;
    for (size_t i = 0; ok && i < lf->n; i++)
        ok = dprintf(rp.fd, "%s\n", lf->line[i]) >= 0;
    if (!ok || replace_end(&rp, 1) != 0)
        die("%s: %s", path, strerror(errno));
    for (size_t i = 0; i < lf->n; i++)
        free(lf->line[i]);
    free(lf->line);
}

/* The repeats of the set dropped: bad rows, or with --failed the failures
 * of their leagues, written there. */
static size_t drop_repeats(struct run *r, struct fixture_set *set)
{
    if (!r->failed)
        return drop_repeated_matches(set, 0, 1);
    struct league_failures lf = { 0 };
    drop_repeated_matches_each(set, 0, note_failure, &lf);
    write_failures(&lf, r->failed);
    return 0;
}

/* The tables' lines whose league is misspelt said (tableleagues.h), with
 * the league map where there is one (canonical files need none). */
static void report_misspelt_leagues(struct run *r, const struct fixture_set *set)
{
    struct importer *im = &r->im;
    if (!im->leagues_loaded && access(im->leagues.path, R_OK) == 0) {
        leagues_load(&im->leagues);
        im->leagues_loaded = 1;
    }
    tables_report_misspelt_leagues(importer_teams(im), &r->excluded,
                                   im->leagues_loaded ? &im->leagues : NULL, set);
}

/* --named: the rows of an import that --into made (its header names
 * source_line: they carry the lines of the file imported) are said as
 * that file's rows. An import without the column keeps its own name,
 * whose lines its rows' are. */
static void name_rows(struct fixture_set *set, size_t start, const char *path, const char *name)
{
    FILE *fp = fopen(path, "r");
    char *header = NULL;
    size_t cap = 0;
    int lines = fp && getline(&header, &cap, fp) > 0 &&
                (strstr(header, ",source_line,") || strstr(header, ",source_line\n"));
    if (fp)
        fclose(fp);
    free(header);
    for (size_t i = start; lines && i < set->n; i++)
        set->v[i].source = name;
}

/* LIST's lines, one name an input; dies unless there are n. */
static char **read_names(const char *list, size_t n)
{
    FILE *fp = fopen(list, "r");
    if (!fp)
        die("%s: %s", list, strerror(errno));
    char **names = xcalloc(n + 1, sizeof *names), *line = NULL;
    size_t cap = 0, k = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, fp)) > 0) {
        if (k == n)
            die_code(EXIT_USAGE, "--named %s: more names than the %zu files", list, n);
        names[k++] = xstrndup(line, (size_t)len - (line[len - 1] == '\n'));
    }
    free(line);
    fclose(fp);
    if (k != n)
        die_code(EXIT_USAGE, "--named %s: %zu names for %zu files", list, k, n);
    return names;
}

/* The inputs merged, excluded matches and repeats dropped, sorted, to
 * out_path (NULL: stdout); returns the exit status. */
static int import_files(struct run *r, char *const *inputs, const char *out_path)
{
    struct fixture_set set = { 0 };
    size_t bad = 0;
    for (size_t i = 0; inputs[i]; i++) {
        size_t start = set.n;
        bad += import_path(&r->im, inputs[i], &set);
        if (r->names)
            name_rows(&set, start, inputs[i], r->names[i]);
    }
    /* The list is read through the alias table, as the rows were. */
    excluded_load(&r->excluded, importer_teams(&r->im));
    excluded_apply(&r->excluded, &set);
    if (r->report_aliases) {
        teams_report_probable_aliases(&set);
        report_misspelt_leagues(r, &set);
    }
    drop_played_fixtures(&set, 0); /* before the repeats: the result is kept */
    bad += drop_repeats(r, &set);
    fixtures_sort(&set);
    if (bad && out_path)
        die("%zu bad rows; %s not written", bad, out_path);
    write_set(&set, out_path, r->source_lines);
    fixtures_free(&set);
    return bad ? EXIT_FAIL : EXIT_OK;
}

/* ---- --into DIR: each input on its own (importdir.h) ---- */

/* One file, as a run of its own imports it. One worker imports many
 * (importdir.h): the tables it has read serve every file, but the list of
 * excluded matches, read by each import and marked as its matches are
 * found, is read afresh. */
static int import_one(char *file, void *ctx)
{
    struct run *r = ctx;
    char *inputs[] = { file, NULL };
    excluded_free(&r->excluded);
    return import_files(r, inputs, NULL);
}

/* The canonical header of no rows: the import of a file its reader could
 * not read. */
static char *empty_import(void)
{
    struct fixture_set none = { 0 };
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    if (!fp)
        die("open_memstream: out of memory");
    fixture_write_header_with(fp, fixtures_columns(&none));
    if (fclose(fp) != 0)
        die("open_memstream: out of memory");
    return text;
}

/* --into's output: the files imported, a line each, said as each is
 * kept: between its errors and the next file's where both streams go to
 * one file (a write error is caught by close_stdout). */
static void say_imported(const char *file, void *ctx)
{
    (void)ctx;
    printf("%s\n", file);
    fflush(stdout);
}

static int import_into(struct run *r, const char *dir, int changed, char *const *files,
                       size_t n)
{
    const char *tables[] = { r->im.leagues.path, r->im.teams.path, r->excluded.path };
    char *empty = empty_import();
    struct import_dir d = { dir, tables, 3, changed, import_one, r, empty, say_imported };
    int rc = import_dir_update(&d, files, n);
    free(empty);
    return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

/* ---- main ---- */

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "season", required_argument, NULL, 's' },
        { "into", required_argument, NULL, 'i' },
        { "changed", no_argument, NULL, 'c' },
        { "failed", required_argument, NULL, 'f' },
        { "named", required_argument, NULL, 'n' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *leagues = NULL, *teams = NULL, *excluded = NULL, *out_path = NULL, *into = NULL,
               *names = NULL;
    char season[8];
    struct run r = { 0 };
    int opt, changed = 0;
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
        case 'c': changed = 1; break;
        case 'f': r.failed = optarg; break;
        case 'n': names = optarg; break;
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
    if (changed && !into)
        die_code(EXIT_USAGE, "--changed goes with --into");
    if ((r.failed || names) && into)
        die_code(EXIT_USAGE, "--failed and --named go with one merge of the inputs, not --into");
    if (names && optind == argc)
        die_code(EXIT_USAGE, "--named takes input files");
    if (names) {
        r.nnames = (size_t)(argc - optind);
        r.names = read_names(names, r.nnames);
    }
    r.source_lines = into != NULL;
    r.report_aliases = into == NULL;
    r.im.leagues.path = datafile_find(leagues, "LEAGUEFIT_LEAGUES", "leagues.csv");
    r.im.teams.path = datafile_find(teams, "LEAGUEFIT_TEAMS", "teams.csv");
    r.excluded.path = datafile_find(excluded, "LEAGUEFIT_EXCLUDED", "excluded.csv");

    static char *const stdin_only[] = { "-", NULL };
    int status = EXIT_OK;
    if (into) {
        status = import_into(&r, into, changed, argv + optind, (size_t)(argc - optind));
        close_stdout();
    } else {
        status = import_files(&r, optind < argc ? argv + optind : stdin_only, out_path);
    }
    excluded_free(&r.excluded);
    for (size_t i = 0; i < r.nnames; i++)
        free(r.names[i]);
    free(r.names);
    free(r.excluded.path);
    free(r.im.leagues.path);
    free(r.im.teams.path);
    importer_free(&r.im);
    return status;
}
