/* split-league: one league's rows of a canonical fixtures CSV, in input
 * order (docs/design.md §2); with --played, only the matches a model of
 * data before --until is fitted on (the data of a model version), and with
 * --linked those of the other divisions linked to the league beside them
 * (the linked rows of its version, versionrows.h; one read of the data for
 * both); with --list, every league and its number of matches (the seed's
 * get_available_leagues). */
#define _GNU_SOURCE /* getopt_long */
#include "date.h"
#include "fixtures.h"
#include "publish.h"
#include "util.h"
#include "versionrows.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: %s [--played [--until DATE] [--linked FILE]] [-o FILE] LEAGUE [FILE]\n"
            "       %s --list [-o FILE] [FILE]\n"
            "  Writes the header and LEAGUE's rows of canonical fixtures CSV FILE\n"
            "  (default stdin); --list writes 'league<TAB>matches' lines instead.\n"
            "  --played      only played matches (before DATE with --until): the\n"
            "                rows a model is fitted on, whose digest data-version names\n"
            "  --linked FILE with --played, also write to FILE the played rows (before\n"
            "                DATE) of the other divisions sharing at least two teams with\n"
            "                LEAGUE's: those its version links (fit-poisson --feeder);\n"
            "                a header only when none. Never replaces FILE\n"
            "  -o FILE  publish to FILE, never replacing it (exit 3 if it exists)\n"
            "  -h       this help\n",
            progname, progname);
}

static int cmp_league(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void write_league_counts(FILE *fp, const struct fixture_set *set)
{
    const char **league = xmalloc(set->n * sizeof *league);
    for (size_t i = 0; i < set->n; i++)
        league[i] = set->v[i].league;
    qsort(league, set->n, sizeof *league, cmp_league);
    for (size_t i = 0, run; i < set->n; i += run) {
        for (run = 1; i + run < set->n && strcmp(league[i], league[i + run]) == 0; run++)
            ;
        fprintf(fp, "%s\t%zu\n", league[i], run);
    }
    free(league);
}

/* Rows of league `name`; with `played`, only played matches before until.
 * The optional columns (odds source, statistics) go through when the
 * input has them. */
static void write_league(FILE *fp, const struct fixture_set *set, const char *name,
                         int played, int until)
{
    struct fixture_columns cols = fixtures_columns(set);
    fixture_write_header_with(fp, cols);
    for (size_t i = 0; i < set->n; i++) {
        const struct fixture *f = &set->v[i];
        if (strcmp(f->league, name) == 0 &&
            (!played || (fixture_played(f) && f->date < until)))
            fixture_write_with(fp, f, cols);
    }
}

/* The rows the version of league `name` links, published to path. */
static void write_linked(const char *path, const struct fixture_set *set, const char *name,
                         int until)
{
    struct fixture_columns cols = fixtures_columns(set);
    char *keep = xmalloc(set->n + 1);
    struct output out;
    linked_rows_select(set, name, until, keep);
    FILE *fp = output_open(&out, path);
    fixture_write_header_with(fp, cols);
    for (size_t i = 0; i < set->n; i++)
        if (keep[i])
            fixture_write_with(fp, &set->v[i], cols);
    output_commit(&out);
    free(keep);
}

static int has_league(const struct fixture_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->v[i].league, name) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "linked", required_argument, NULL, 'k' },
        { "list", no_argument, NULL, 'l' },
        { "played", no_argument, NULL, 'p' },
        { "until", required_argument, NULL, 'u' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *out_path = NULL, *league = NULL, *in_path = "-", *linked_path = NULL;
    int opt, list = 0, played = 0, until = INT_MAX;
    set_progname(argv[0]);
    argv[0] = (char *)progname; /* getopt's messages name argv[0] */
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            usage(stdout);
            close_stdout();
            return EXIT_OK;
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
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (!list && optind < argc)
        league = argv[optind++];
    if (optind < argc)
        in_path = argv[optind++];
    if ((!list && !league) || optind < argc || (list && played) ||
        (until != INT_MAX && !played) || (linked_path && !played)) {
        usage(stderr);
        return EXIT_USAGE;
    }

    struct fixture_set set = { 0 };
    size_t bad = fixtures_read_path_unkeyed(in_path, &set);
    /* Checked before any output, so that -o leaves no empty file behind. */
    if (league && !has_league(&set, league))
        die("no matches for league '%s'", league);
    if (bad && (out_path || linked_path))
        die("%zu bad rows; %s not written", bad, out_path ? out_path : linked_path);
    struct output out;
    FILE *fp = output_open(&out, out_path);
    if (list)
        write_league_counts(fp, &set);
    else
        write_league(fp, &set, league, played, until);
    output_commit(&out);
    if (linked_path)
        write_linked(linked_path, &set, league, until);
    fixtures_free(&set);
    return bad ? EXIT_FAIL : EXIT_OK;
}
