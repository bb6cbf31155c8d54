/* split-league: one league's rows of a canonical fixtures CSV, in input
 * order (DESIGN §3); with --list, every league and its number of matches
 * (the seed's get_available_leagues). */
#define _GNU_SOURCE /* getopt_long */
#include "fixtures.h"
#include "publish.h"
#include "util.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: %s [-o FILE] LEAGUE [FILE]\n"
            "       %s --list [-o FILE] [FILE]\n"
            "  Writes the header and LEAGUE's rows of canonical fixtures CSV FILE\n"
            "  (default stdin); --list writes 'league<TAB>matches' lines instead.\n"
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

/* The optional columns (odds source, statistics) go through when the
 * input has them. */
static void write_league(FILE *fp, const struct fixture_set *set, const char *name)
{
    struct fixture_columns cols = fixtures_columns(set);
    fixture_write_header_with(fp, cols);
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->v[i].league, name) == 0)
            fixture_write_with(fp, &set->v[i], cols);
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
        { "list", no_argument, NULL, 'l' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *out_path = NULL, *league = NULL, *in_path = "-";
    int opt, list = 0;
    set_progname(argv[0]);
    argv[0] = (char *)progname; /* getopt's messages name argv[0] */
    while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            usage(stdout);
            close_stdout();
            return EXIT_OK;
        case 'l':
            list = 1;
            break;
        case 'o':
            out_path = optarg;
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
    if ((!list && !league) || optind < argc) {
        usage(stderr);
        return EXIT_USAGE;
    }

    struct fixture_set set = { 0 };
    size_t bad = fixtures_read_path(in_path, &set);
    /* Checked before any output, so that -o leaves no empty file behind. */
    if (league && !has_league(&set, league))
        die("no matches for league '%s'", league);
    if (bad && out_path)
        die("%zu bad rows; %s not written", bad, out_path);
    struct output out;
    FILE *fp = output_open(&out, out_path);
    if (list)
        write_league_counts(fp, &set);
    else
        write_league(fp, &set, league);
    output_commit(&out);
    fixtures_free(&set);
    return bad ? EXIT_FAIL : EXIT_OK;
}
