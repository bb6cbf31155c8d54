/* split-league: one league's rows of a canonical fixtures CSV, in input
 * order (docs/design.md §2); with --played, only the matches a model of
 * data before --until is fitted on (the data of a model version), and with
 * --linked those of the other divisions linked to the league beside them
 * (the linked rows of its version, versionrows.h; one read of the data for
 * both); with --into, those of every league at once, each to its own file
 * (the pipeline's versions step: one read of the data for all leagues);
 * with --list, every league and its number of matches (the leagues a
 * run can train). */
#define _GNU_SOURCE /* getopt_long */
#include "dataversion.h"
#include "date.h"
#include "fixtures.h"
#include "names.h"
#include "promoted.h"
#include "publish.h"
#include "util.h"
#include "versionrows.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: %s [--played [--until DATE] [--linked FILE]] [-o FILE] LEAGUE [FILE]\n"
            "       %s --played [--until DATE] --into DIR [--with-linked] [FILE]\n"
            "       %s --list [-o FILE] [FILE]\n"
            "  Writes the header and LEAGUE's rows of canonical fixtures CSV FILE\n"
            "  (default stdin); --list writes 'league<TAB>matches' lines instead.\n"
            "  --played      only played matches (before DATE with --until): the\n"
            "                rows a model is fitted on, whose digest data-version names\n"
            "  --linked FILE with --played, also write to FILE the played rows (before\n"
            "                DATE) of the other divisions sharing at least two teams with\n"
            "                LEAGUE's: those its version links (fit-poisson --feeder);\n"
            "                a header only when none. Never replaces FILE\n"
            "  --into DIR    with --played, every league's rows at once, to DIR/LEAGUE.csv\n"
            "                ('%%' and '/' in LEAGUE written %%25 and %%2F)\n"
            "                (DIR made if missing; files read-only, one already there an error)\n"
            "  --with-linked with --into, also each league's linked rows (as --linked)\n"
            "                to DIR/LEAGUE.linked.csv\n"
            "  (--into also writes DIR/LEAGUE.version, data-version's line for the\n"
            "  league's rows and linked rows, when it has played matches, and\n"
            "  DIR/leagues.txt, what --list writes of the whole input)\n"
            "  -o FILE  publish to FILE, never replacing it (exit 3 if it exists)\n"
            "  -h       this help\n",
            progname, progname, progname);
}

/* The leagues of set's rows: their names in order (*distinct, d of them,
 * returned) and each row's among them (rank). Ranked once, by hashing, not
 * compared row by row for each league: the data hold a dozen leagues and
 * a hundred thousand rows. */
static size_t rank_leagues(const struct fixture_set *set, int *rank, const char ***distinct)
{
    const char **league = xmalloc((set->n + 1) * sizeof *league);
    for (size_t i = 0; i < set->n; i++)
        league[i] = set->v[i].league;
    size_t d = name_ranks(league, set->n, rank, distinct);
    free(league);
    return d;
}

/* "league<TAB>matches" of every league, in name order. */
static void write_league_counts(FILE *fp, const struct fixture_set *set)
{
    int *rank = xmalloc((set->n + 1) * sizeof *rank);
    const char **league;
    size_t d = rank_leagues(set, rank, &league);
    size_t *count = xcalloc(d + 1, sizeof *count);
    for (size_t i = 0; i < set->n; i++)
        count[rank[i]]++;
    for (size_t l = 0; l < d; l++)
        fprintf(fp, "%s\t%zu\n", league[l], count[l]);
    free(count);
    free(league);
    free(rank);
}

/* Rows of league `name`; with `played`, only played matches before until.
 * cols: the optional columns (odds source, statistics) the input has
 * (fixtures_columns), which go through. */
static void write_league(FILE *fp, const struct fixture_set *set, struct fixture_columns cols,
                         const char *name, int played, int until)
{
    fixture_write_header_with(fp, cols);
    for (size_t i = 0; i < set->n; i++) {
        const struct fixture *f = &set->v[i];
        if (strcmp(f->league, name) == 0 &&
            (!played || (fixture_played(f) && f->date < until)))
            fixture_write_with(fp, f, cols);
    }
}

/* The header and the rows of set marked in keep. */
static void write_marked(FILE *fp, const struct fixture_set *set, struct fixture_columns cols,
                         const char *keep)
{
    fixture_write_header_with(fp, cols);
    for (size_t i = 0; i < set->n; i++)
        if (keep[i])
            fixture_write_with(fp, &set->v[i], cols);
}

static int has_league(const struct fixture_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->v[i].league, name) == 0)
            return 1;
    return 0;
}

/* The name of a league's file in --into's directory: the league's name
 * with '%' and '/' written %25 and %2F (a file name holds any other byte),
 * then suffix. */
static char *league_file_name(const char *league, const char *suffix)
{
    char *name = xmalloc(3 * strlen(league) + strlen(suffix) + 1), *p = name;
    for (const char *c = league; *c; c++) {
        if (*c == '%')
            p += sprintf(p, "%%25");
        else if (*c == '/')
            p += sprintf(p, "%%2F");
        else
            *p++ = *c;
    }
    strcpy(p, suffix);
    return name;
}

/* --into's files are new files of a directory the caller keeps to itself
 * (the pipeline swaps it in whole): created, never replaced, and not synced
 * (working data, remade from the fixtures after a crash); read-only, as
 * the rows of a version are kept (the pipeline links them there). */
static FILE *create_named(const char *dir, const char *name, char **path)
{
    *path = path_join(dir, name);
    int fd = open(*path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
    FILE *fp = fd < 0 ? NULL : fdopen(fd, "w");
    if (!fp)
        die("%s: %s", *path, strerror(errno));
    return fp;
}

/* A league's file: its name (league_file_name) then suffix. */
static FILE *create_file(const char *dir, const char *league, const char *suffix, char **path)
{
    char *name = league_file_name(league, suffix);
    FILE *fp = create_named(dir, name, path);
    free(name);
    return fp;
}

static void close_file(FILE *fp, char *path)
{
    int failed = ferror(fp);
    if (fclose(fp) != 0 || failed)
        die("%s: write error", path);
    free(path);
}

/* The version of league `name`'s played rows before until and of the rows
 * it links (keep), as data-version prints it for the two files; none when
 * the league has no played match. */
static void write_version(const char *dir, const struct fixture_set *set, const char *name,
                          int until, const char *keep, const int *rank, int league)
{
    struct fixture *rows = xmalloc((set->n + 1) * sizeof *rows);
    struct data_version dv;
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++)
        if (keep[i] || rank[i] == league)
            rows[n++] = set->v[i];
    if (data_version_of(rows, n, until, &dv) == 0) {
        char *path;
        FILE *fp = create_file(dir, name, ".version", &path);
        data_version_print(fp, &dv);
        close_file(fp, path);
    }
    free(rows);
}

/* Every league's played rows (before until) to DIR/LEAGUE.csv, with
 * linked, the rows its version links to DIR/LEAGUE.linked.csv, and the
 * version of both to DIR/LEAGUE.version: the files one run per league of
 * split-league and data-version would write, from one read of the data;
 * and DIR/leagues.txt, what --list writes of the whole input (no league's
 * file ends in .txt). */
static void write_each_league(const char *dir, const struct fixture_set *set, int until,
                              int linked)
{
    int *rank = xmalloc((set->n + 1) * sizeof *rank);
    const char **league;
    size_t d = rank_leagues(set, rank, &league);
    char *keep = xcalloc(set->n + 1, 1), *own = xmalloc(set->n + 1);
    struct link_index ix = { 0 };
    struct fixture_columns cols = fixtures_columns(set); /* (one scan for every league) */
    if (linked)
        link_index_build(&ix, set->v, set->n);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        die("%s: %s", dir, strerror(errno));
    for (size_t l = 0; l < d; l++) {
        char *path;
        for (size_t i = 0; i < set->n; i++) /* (write_league's rows) */
            own[i] = rank[i] == (int)l && fixture_played(&set->v[i]) && set->v[i].date < until;
        FILE *fp = create_file(dir, league[l], ".csv", &path);
        write_marked(fp, set, cols, own);
        close_file(fp, path);
        if (linked) {
            linked_rows_select_indexed(set, &ix, league[l], until, keep);
            fp = create_file(dir, league[l], ".linked.csv", &path);
            write_marked(fp, set, cols, keep);
            close_file(fp, path);
        }
        write_version(dir, set, league[l], until, keep, rank, (int)l);
    }
    char *list_path;
    FILE *list = create_named(dir, "leagues.txt", &list_path);
    write_league_counts(list, set);
    close_file(list, list_path);
    link_index_free(&ix);
    free(own);
    free(keep);
    free(league);
    free(rank);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "into", required_argument, NULL, 'i' },
        { "linked", required_argument, NULL, 'k' },
        { "list", no_argument, NULL, 'l' },
        { "played", no_argument, NULL, 'p' },
        { "until", required_argument, NULL, 'u' },
        { "with-linked", no_argument, NULL, 'w' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *out_path = NULL, *league = NULL, *in_path = "-", *linked_path = NULL,
               *into = NULL;
    int opt, list = 0, played = 0, with_linked = 0, until = INT_MAX;
    set_progname(argv[0]);
    argv[0] = (char *)progname; /* getopt's messages name argv[0] */
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            usage(stdout);
            close_stdout();
            return EXIT_OK;
        case 'i':
            into = optarg;
            break;
        case 'k':
            linked_path = optarg;
            break;
        case 'l':
            list = 1;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'p':
            played = 1;
            break;
        case 'u':
            until = date_option("--until", optarg);
            break;
        case 'w':
            with_linked = 1;
            break;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (!list && !into && optind < argc)
        league = argv[optind++];
    if (optind < argc)
        in_path = argv[optind++];
    if ((!list && !into && !league) || optind < argc || (list && played) ||
        (until != INT_MAX && !played) || (linked_path && !played) ||
        (into && (!played || out_path || linked_path)) || (with_linked && !into)) {
        usage(stderr);
        return EXIT_USAGE;
    }

    struct fixture_set set = { 0 };
    size_t bad = fixtures_read_path_unkeyed(in_path, &set);
    /* Checked before any output, so that -o leaves no empty file behind. */
    if (league && !has_league(&set, league))
        die("no matches for league '%s'", league);
    if (bad && (out_path || linked_path || into))
        die("%zu bad rows; %s not written", bad,
            out_path ? out_path : linked_path ? linked_path : into);
    if (into) {
        write_each_league(into, &set, until, with_linked);
        fixtures_free(&set);
        return EXIT_OK;
    }
    struct output out;
    FILE *fp = output_open(&out, out_path);
    if (list)
        write_league_counts(fp, &set);
    else
        write_league(fp, &set, fixtures_columns(&set), league, played, until);
    output_commit(&out);
    if (linked_path) {
        char *keep = xmalloc(set.n + 1);
        linked_rows_select(&set, league, until, keep);
        write_marked(output_open(&out, linked_path), &set, fixtures_columns(&set), keep);
        output_commit(&out);
        free(keep);
    }
    fixtures_free(&set);
    return bad ? EXIT_FAIL : EXIT_OK;
}
