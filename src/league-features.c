/* league-features: the pre-match features of every fixture of one league
 * (canonical CSV in), as CSV out: the canonical columns, `history` (the
 * fewer matches either side had played before) and one column a feature. */
#define _GNU_SOURCE
#include "date.h"
#include "featurecache.h"
#include "fixtures.h"
#include "heap.h"
#include "madeby.h"
#include "prematch.h"
#include "promoted.h"
#include "publish.h"
#include "rowimage.h"
#include "textbuf.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp,
            "usage: league-features [--from DATE | --base TABLE [--base-feeder FILE]...]\n"
            "                       [--feeder FILE]... [-o FILE] [FILE]\n"
            "Computes the pre-match features (docs/features.md) of one league's\n"
            "canonical fixtures (FILE or stdin), each from earlier matches only.\n"
            "  --from DATE  matches before DATE only warm the ratings up: their\n"
            "               goals-model features are left 0 (saves weekly refits)\n"
            "  --base TABLE the feature table of an earlier version of these rows,\n"
            "               published by this build of league-features (-o stamps it,\n"
            "               TABLE.made-by): when the rows up to its last date are its\n"
            "               rows (same data version), they keep its features and only\n"
            "               the later rows are computed; otherwise (also when TABLE is\n"
            "               another build's, edited since, or unstamped) every row is\n"
            "               computed\n"
            "  --feeder FILE canonical rows of other divisions (the one below, the\n"
            "               one above) for the goals model's linked divisions;\n"
            "               repeatable; their own features are not written\n"
            "  --base-feeder FILE  the other divisions' rows TABLE was computed with\n"
            "               (its --feeder; none when not given): TABLE is reused only\n"
            "               when they and --feeder's agree up to its last date\n"
            "  -o FILE      publish to FILE; never replaces an existing file; stamp\n"
            "               it as this build's (FILE.made-by)\n");
    exit(code);
}

/* The table's output: stdout, or a file published whole (publish.h).
 * Where row images are kept, a file's table is made in memory, written to
 * the file in one piece, and its image kept once it is published
 * (feature_table_keep_image), the file read back against those bytes: the
 * fitters that read it next need not parse it. (A copy compared costs
 * less than the two digests, of what was written and of what was read
 * back, that it replaces.) */
struct table_output {
    struct output out;
    const char *path;
    FILE *mem;            /* NULL: no image kept */
    struct text_buf text; /* what mem took */
    size_t size_hint;
};

/* Room for about the whole table is taken at the first write (the table
 * grows the buffer otherwise, a copy of it each time), once what the
 * computation freed can serve it. */
static ssize_t text_write(void *output, const char *buf, size_t n)
{
    struct table_output *o = output;
    if (!o->text.s)
        text_buf_end(&o->text, text_buf_reserve(&o->text, o->size_hint));
    text_buf_add(&o->text, buf, n);
    return (ssize_t)n;
}

/* size_hint: about the table's size. */
static FILE *table_output_open(struct table_output *o, const char *path, size_t size_hint)
{
    if (path)
        made_by_begin(path);
    FILE *fp = output_open(&o->out, path);
    o->path = path;
    o->text = (struct text_buf){ 0 };
    o->size_hint = size_hint;
    o->mem = NULL;
    if (path && row_images_on())
        o->mem = fopencookie(o, "w", (cookie_io_functions_t){ .write = text_write });
    return o->mem ? o->mem : fp;
}

static void table_output_commit(struct table_output *o, const struct feature_table *t)
{
    if (o->mem) {
        if (fclose(o->mem) != 0)
            die("%s: write error: %s", o->path, strerror(errno));
        /* (a failed write is output_commit's error) */
        fwrite(o->text.s, 1, o->text.len, o->out.fp);
    }
    output_commit(&o->out);
    if (o->path && made_by_stamp(o->path) != 0)
        warnf("%s: cannot stamp it as this build's (no table will extend it): %s", o->path,
              strerror(errno));
    if (o->mem)
        feature_table_keep_image(o->path, o->text.s, o->text.len, t);
    text_buf_free(&o->text);
}

/* About the size of the table of n rows extended from base_path (NULL:
 * none): the base's size and a sixteenth more (a week adds a few dozen
 * rows to thousands); without a base, n rows of a usual row's size. */
static size_t table_size_hint(const char *base_path, size_t n)
{
    struct stat st;
    if (!base_path || stat(base_path, &st) != 0 || st.st_size <= 0)
        return n * 600 + 4096;
    return (size_t)st.st_size + (size_t)st.st_size / 16 + 65536;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "from", required_argument, NULL, 'f' },
        { "base", required_argument, NULL, 'b' },
        { "feeder", required_argument, NULL, 'F' },
        { "base-feeder", required_argument, NULL, 'B' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *out_path = NULL, *base_path = NULL;
    int from = INT_MIN, c;
    struct fixture_set feeder = { 0 };
    char **feeders = xcalloc((size_t)argc + 1, sizeof *feeders);
    char **base_feeders = xcalloc((size_t)argc + 1, sizeof *base_feeders);
    int nfeeders = 0, nbase_feeders = 0;
    set_progname(argv[0]);
    heap_keep_freed(); /* large blocks reused, not mapped anew (heap.h) */
    argv[0] = (char *)progname;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'B':
            base_feeders[nbase_feeders++] = optarg;
            break;
        case 'F':
            feeders[nfeeders++] = optarg;
            break;
        case 'f':
            from = date_option("--from", optarg);
            break;
        case 'b':
            base_path = optarg;
            break;
        case 'h':
            usage(stdout, EXIT_OK);
        case 'o':
            out_path = optarg;
            break;
        default:
            usage(stderr, EXIT_USAGE);
        }
    }
    if (argc - optind > 1 || (base_path && from != INT_MIN) || (!base_path && nbase_feeders))
        usage(stderr, EXIT_USAGE);
    const char *in = optind < argc ? argv[optind] : "-";
    struct fixture_set set = { 0 };
    if (fixtures_read_path(in, &set) > 0)
        die("%s: bad rows in the input, no features computed", in);
    fixtures_sort(&set);
    fixtures_require_one_league(&set, in);
    for (int i = 0; i < nfeeders && set.n > 0; i++) /* (a header only links nothing) */
        feeder_append(&feeder, feeders[i], &set, set.v[0].league);
    free(feeders);
    struct feature_table t = { .set = set,
                               .X = xmalloc((set.n * NFEATURES + 1) * sizeof *t.X),
                               .history = xmalloc((set.n + 1) * sizeof *t.history) };
    struct table_output out;
    FILE *fp = table_output_open(&out, out_path, table_size_hint(base_path, set.n));
    /* A base another program made (another build, which may compute other
     * bits, or a file edited since) is computed in full: a table is never
     * one program's lines followed by another's (madeby.h). */
    if (base_path && !(made_by_this_program(base_path) && feature_table_has_every_feature(base_path)))
        base_path = NULL;
    if (base_path) {
        struct feature_table base;
        struct fixture_set base_feeder = { 0 };
        feature_table_load(base_path, &base);
        for (int i = 0; i < nbase_feeders && base.set.n > 0; i++)
            feeder_append(&base_feeder, base_feeders[i], &base.set, base.set.v[0].league);
        size_t k = features_extend(&base, &base_feeder, &t, &feeder, &FEATURE_DEFAULTS);
        size_t base_rows = base.set.n;
        /* Freed before the table is written: its text takes their memory,
         * not fresh pages. */
        fixtures_free(&base_feeder);
        feature_table_free(&base);
        features_write_extended(fp, &t, base_path, base_rows, k);
    } else {
        features_compute_linked(&t.set, &feeder, &FEATURE_DEFAULTS, from, t.X, t.history);
        feature_table_write(fp, &t);
    }
    fixtures_free(&feeder);
    free(base_feeders);
    table_output_commit(&out, &t);
    feature_table_free(&t);
    return EXIT_OK;
}
