/* data-version: the version a model fitted on these data gets (docs/design.md §6):
 * the last match date and the digest of the played rows, with the range
 * and count, so that make can name a model directory before fitting. */
#define _GNU_SOURCE /* getopt_long */
#include "dataversion.h"
#include "date.h"
#include "fixtures.h"
#include "util.h"
#include "versionrows.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>

_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp,
            "usage: data-version [--until DATE] [--feeder FILE]... [FILE]\n"
            "Writes, for one league's canonical fixtures (FILE or stdin), the version\n"
            "of the played matches before DATE (all with no --until), tab-separated:\n"
            "  version (LASTDATE-DIGEST8), first_date, last_date, matches, sha256\n"
            "The sha256 is that of the rows as split-league --played writes them.\n"
            "  --feeder FILE  other divisions' rows: those linked to the league\n"
            "                 (fit-poisson --feeder) are in the version too\n"
            "Exit 1 when no match was played before DATE.\n");
    exit(code);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "until", required_argument, NULL, 'u' },
        { "feeder", required_argument, NULL, 'F' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c, until = INT_MAX, nfeeders = 0;
    char **feeders = xcalloc((size_t)argc + 1, sizeof *feeders);
    set_progname(argv[0]);
    argv[0] = (char *)progname;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'F': feeders[nfeeders++] = optarg; break;
        case 'h': usage(stdout, EXIT_OK);
        case 'u':
            until = date_option("--until", optarg);
            break;
        default: usage(stderr, EXIT_USAGE);
        }
    }
    if (argc - optind > 1)
        usage(stderr, EXIT_USAGE);
    const char *in = optind < argc ? argv[optind] : "-";
    struct fixture_set set = { 0 };
    if (fixtures_read_path(in, &set) > 0)
        die("%s: bad rows in the input", in);
    fixtures_require_one_league(&set, in);
    struct version_rows rows;
    version_rows_read(&rows, &set, NULL, feeders, nfeeders);
    struct data_version dv;
    if (data_version_of(rows.all.v, rows.all.n, until, &dv) != 0)
        die("%s: no played matches%s", in, until != INT_MAX ? " before --until" : "");
    data_version_print(stdout, &dv);
    version_rows_free(&rows);
    fixtures_free(&set);
    free(feeders);
    close_stdout();
    return EXIT_OK;
}
