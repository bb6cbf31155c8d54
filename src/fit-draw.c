/* fit-draw: the draw_specialist model (draw_model.json) of a league, from
 * its feature table (league-features): a regularised logistic regression of
 * the draw on its inputs (drawinputs.h) and a decision threshold. */
#define _GNU_SOURCE
#include "dataversion.h"
#include "date.h"
#include "draw.h"
#include "heap.h"
#include "json.h"
#include "publish.h"
#include "util.h"
#include "versionrows.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp,
            "usage: fit-draw [--until DATE] [--split F] [--lambda L] [--min-history N]\n"
            "                [--feeder FILE]... [--version V] [-o FILE] [FEATURES]\n"
            "Fits draw_model.json from a league's feature table (league-features\n"
            "output; FEATURES or stdin): a logistic regression of the draw on every\n"
            "eligible match, its probability the model's, then on the later part of\n"
            "the chronological split the threshold of its draw calls (the most calls\n"
            "whose precision there reaches 1.3 x its draw rate; none if none).\n"
            "  --until DATE     only matches before DATE\n"
            "  --split F        latest share of matches for the threshold (default %g)\n"
            "  --lambda L       L2 penalty (default %g)\n"
            "  --min-history N  fit only matches whose sides both have N earlier\n"
            "                   matches in the league (default %d)\n"
            "  --feeder FILE    the other divisions' rows the table's features were\n"
            "                   computed with (league-features --feeder): they are\n"
            "                   in the data version too\n"
            "  --version V      fail unless the data are version V\n"
            "  -o FILE          publish to FILE; never replaces an existing file\n",
            DRAW_DEFAULTS.split, DRAW_DEFAULTS.lambda, DRAW_DEFAULTS.min_history);
    exit(code);
}

static double number_arg(const char *opt, const char *arg, double lo, double hi)
{
    double v;
    if (parse_double(arg, &v) || !(v >= lo && v <= hi))
        die_code(EXIT_USAGE, "%s: want a number from %g to %g, got '%s'", opt, lo, hi, arg);
    return v;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "until", required_argument, NULL, 'u' },
        { "version", required_argument, NULL, 'V' },
        { "feeder", required_argument, NULL, 'F' },
        { "split", required_argument, NULL, 's' },
        { "lambda", required_argument, NULL, 'l' },
        { "min-history", required_argument, NULL, 'n' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct x12_options o = DRAW_DEFAULTS;
    const char *out_path = NULL, *version = NULL;
    char **feeders = xcalloc((size_t)argc + 1, sizeof *feeders);
    int c, nfeeders = 0;
    set_progname(argv[0]);
    heap_keep_freed(); /* large blocks reused, not mapped anew (heap.h) */
    argv[0] = (char *)progname;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'F': feeders[nfeeders++] = optarg; break;
        case 'h': usage(stdout, EXIT_OK);
        case 'l': o.lambda = number_arg("--lambda", optarg, 0, 1e9); break;
        case 'n': {
            long v;
            if (parse_long(optarg, &v) || v < 0 || v > 1000000)
                die_code(EXIT_USAGE, "--min-history: want a count from 0 to 1000000, got '%s'",
                         optarg);
            o.min_history = (int)v;
            break;
        }
        case 'o': out_path = optarg; break;
        case 's': o.split = number_arg("--split", optarg, 0.01, 0.99); break;
        case 'V': version = optarg; break;
        case 'u':
            o.until = date_option("--until", optarg);
            break;
        default: usage(stderr, EXIT_USAGE);
        }
    }
    if (argc - optind > 1)
        usage(stderr, EXIT_USAGE);
    const char *in = optind < argc ? argv[optind] : "-";
    struct feature_table t;
    feature_table_load(in, &t);
    struct draw_model m;
    char err[160];
    if (draw_fit(&t, &o, &m, err, sizeof err) != 0)
        die("%s: league '%s': %s", in, t.set.v[0].league, err);
    cJSON *root = x12_header_json(&t, &o, "draw_specialist", "draw");
    struct version_rows rows;
    version_rows_defer(&rows, &t.set, &t.id, feeders, nfeeders); /* (for the version only) */
    struct version_memo memo = { .rows = &rows };
    data_version_stamp_memo(root, &memo, NULL, o.until, version, in);
    version_rows_free(&rows);
    free(feeders);
    cJSON *model = draw_to_json(&m);
    cJSON *item;
    while ((item = model->child) != NULL) /* the model's members, after the header */
        cJSON_AddItemToObject(root, item->string, cJSON_DetachItemViaPointer(model, item));
    struct output out;
    json_write(output_open(&out, out_path), root);
    output_commit(&out);
    cJSON_Delete(model);
    cJSON_Delete(root);
    draw_free(&m);
    feature_table_free(&t);
    return EXIT_OK;
}
