/* fit-1x2: the files of a 1x2_v2 model from a league's feature table
 * (league-features): a binary model of one outcome, the calibrator over
 * the three, or the feature list, one per run; or, with --all, every file
 * of the model that is missing, the table and linked rows read once. */
#define _GNU_SOURCE
#include "dataversion.h"
#include "date.h"
#include "heap.h"
#include "json.h"
#include "modeldir.h"
#include "onextwo.h"
#include "publish.h"
#include "util.h"
#include "versionrows.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp,
            "usage: fit-1x2 --outcome home|draw|away [options] [-o FILE] [FEATURES]\n"
            "       fit-1x2 --calibrate -m MODEL_DIR [-o FILE] [FEATURES]\n"
            "       fit-1x2 --features [-m MODEL_DIR] [-o FILE]\n"
            "       fit-1x2 --all -m MODEL_DIR [options] [FEATURES]\n"
            "Fits one file of a 1x2_v2 model from a league's feature table\n"
            "(league-features output; FEATURES or stdin):\n"
            "  --outcome O      the binary model of one outcome (<O>_model.json), on\n"
            "                   the earlier part of the chronological split\n"
            "  --calibrate      the calibrator (calibrator.json) over the binary models\n"
            "                   in MODEL_DIR, on the later part, with their options\n"
            "  --features       the feature list (feature_list.json); with MODEL_DIR\n"
            "                   it names the data version and the features of the\n"
            "                   binary models there\n"
            "  --all            every file of the model missing in MODEL_DIR, the three\n"
            "                   binary models, calibrator and feature list in turn; the\n"
            "                   files there are kept (exit 3 when all are)\n"
            "options of the binary models:\n"
            "  --until DATE     only matches before DATE\n"
            "  --split F        latest share of matches for the calibrator (default %g)\n"
            "  --lambda L       L2 penalty of the binary models (default %g)\n"
            "  --cal-lambda L   L2 penalty of the calibrator (default %g)\n"
            "  --min-history N  fit only matches whose sides both have N earlier\n"
            "                   matches in the league (default %d)\n"
            "  --version V      fail unless the data are version V (the version of\n"
            "                   the binary models for --calibrate)\n"
            "  --feeder FILE    the other divisions' rows the table's features were\n"
            "                   computed with (league-features --feeder): they are in\n"
            "                   the data version too (--outcome, --calibrate, --all)\n"
            "  -o FILE          publish to FILE; never replaces an existing file\n",
            X12_DEFAULTS.split, X12_DEFAULTS.lambda, X12_DEFAULTS.cal_lambda,
            X12_DEFAULTS.min_history);
    exit(code);
}

static const char *const class_names[3] = { "home", "draw", "away" };
static const char *const score_names[3] = { "score_home", "score_draw", "score_away" };

static cJSON *binary_json(const struct feature_table *t, const struct x12_options *o,
                          int outcome)
{
    const char *names[X12_NFEATURES];
    struct logreg m;
    char err[160];
    if (x12_fit_binary(t, outcome, o, &m, err, sizeof err) != 0)
        die("league '%s': %s model: %s", t->set.v[0].league, x12_outcomes[outcome], err);
    for (int k = 0; k < X12_NFEATURES; k++)
        names[k] = feature_names[x12_features[k]];
    cJSON *root = x12_header_json(t, o, "1x2_v2", x12_outcomes[outcome]);
    cJSON_AddItemToObject(root, "logreg", logreg_to_json(&m, names));
    logreg_free(&m);
    return root;
}

static cJSON *calibrator_json(const struct feature_table *t, const char *dir)
{
    struct logreg bin[3];
    struct x12_options o;
    struct x12_feature_list f;
    struct mlogit cal;
    char err[160];
    x12_read_binaries(dir, bin, &o, &f);
    if (x12_fit_calibrator(t, bin, &f, &o, &cal, err, sizeof err) != 0)
        die("league '%s': calibrator: %s", t->set.v[0].league, err);
    cJSON *root = x12_header_json(t, &o, "1x2_v2", "calibrator");
    cJSON_AddItemToObject(root, "mlogit", mlogit_to_json(&cal, score_names, class_names));
    for (int k = 0; k < 3; k++)
        logreg_free(&bin[k]);
    mlogit_free(&cal);
    return root;
}

static cJSON *feature_list_json(const struct x12_feature_list *f)
{
    cJSON *root = features_to_json(&FEATURE_DEFAULTS, f->which, f->n);
    cJSON_AddItemToObjectCS(root, "model_type", cJSON_CreateString("1x2_v2"));
    return root;
}


/* The calibrator and the feature list belong to the binary models' data
 * version (the home model's stands for the three: make builds them from
 * one feature table, and the calibrator reads all three). */
static void follow_binaries(cJSON *json, const char *dir, struct version_memo *memo,
                            const struct fixture_set *set, const char *in, const char *version)
{
    char *path = path_join(dir, model_main_file("1x2_v2"));
    data_version_follow_memo(json, path, memo, set, in);
    free(path);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(json, "version");
    if (version && strcmp(v->valuestring, version) != 0)
        die("%s: the binary models are version %s, not %s; nothing written", dir,
            v->valuestring, version);
}

/* ---- --all: the missing files of a model directory ---- */

/* The feature table and the version's rows, read when a file first needs
 * them (a directory missing only its feature list needs neither). */
struct table_rows {
    const char *in;
    char **feeders;
    int nfeeders, loaded;
    struct feature_table t;
    struct version_rows rows;
    struct version_memo version; /* of rows.all: digested once for every file */
};

static void load_once(struct table_rows *tr)
{
    if (tr->loaded)
        return;
    feature_table_load(tr->in, &tr->t);
    /* (the feeders' rows serve the version only) */
    version_rows_defer(&tr->rows, &tr->t.set, &tr->t.id, tr->feeders, tr->nfeeders);
    tr->version.rows = &tr->rows;
    tr->loaded = 1;
}

static void table_rows_free(struct table_rows *tr)
{
    if (!tr->loaded)
        return;
    version_rows_free(&tr->rows);
    feature_table_free(&tr->t);
}

static char *binary_path(const char *dir, int outcome)
{
    char name[32];
    snprintf(name, sizeof name, "%s_model.json", x12_outcomes[outcome]);
    return path_join(dir, name);
}

static int exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* The features of the home model in dir (the list of an earlier version's
 * model), this version's when there is none. */
static struct x12_feature_list binaries_features(const char *dir)
{
    struct x12_feature_list f = X12_CURRENT;
    char *path = binary_path(dir, 0);
    if (exists(path)) {
        struct logreg m;
        struct x12_options o;
        x12_read_binary(dir, 0, &m, &o, &f);
        logreg_free(&m);
    }
    free(path);
    return f;
}

/* The binary models already in dir make one model with those to be made:
 * the missing ones take the options the kept ones were fitted with (as
 * the calibrator does), and kept ones differing in options, or fitted on
 * other features than the missing ones would be, are refused before
 * anything is written. f: the kept ones' features (this version's when
 * none is kept). */
static void follow_kept_options(const char *dir, struct x12_options *o,
                               struct x12_feature_list *f)
{
    struct x12_options kept;
    int have = 0;
    *f = X12_CURRENT;
    for (int k = 0; k < 3; k++) {
        char *path = binary_path(dir, k);
        if (exists(path)) {
            struct logreg m;
            struct x12_options each;
            struct x12_feature_list features;
            x12_read_binary(dir, k, &m, &each, &features);
            logreg_free(&m);
            if (have && !x12_options_equal(&each, &kept))
                die("%s: the binary models were fitted with different options; nothing written",
                    dir);
            if (have && !x12_feature_lists_equal(&features, f))
                die("%s: the binary models were fitted on different features; nothing written",
                    dir);
            kept = each;
            *f = features;
            have++;
        }
        free(path);
    }
    if (have < 3 && !x12_feature_lists_equal(f, &X12_CURRENT))
        die("%s: the binary models there were fitted on an earlier version's features, "
            "which the missing ones would not be; nothing written",
            dir);
    if (have && !x12_options_equal(&kept, o)) {
        warnf("%s: the binary models there were fitted with other options than given: "
              "the missing files take theirs",
              dir);
        *o = kept;
    }
}

/* Publishes json as path unless path exists, or another run publishes it
 * first; 1 when this run did. */
static int publish_new(cJSON *json, const char *path)
{
    struct output out;
    FILE *fp = output_open_new(&out, path);
    int made = fp && (json_write(fp, json), output_commit_new(&out));
    cJSON_Delete(json);
    return made;
}

/* Each missing file as its own mode makes it, in the order they depend on
 * one another; returns how many this run published. */
static int fit_missing(const char *dir, struct x12_options *o, struct table_rows *tr,
                       const char *version)
{
    int made = 0;
    struct x12_feature_list f;
    follow_kept_options(dir, o, &f);
    for (int k = 0; k < 3; k++) {
        char *path = binary_path(dir, k);
        if (!exists(path)) {
            load_once(tr);
            cJSON *json = binary_json(&tr->t, o, k);
            data_version_stamp_memo(json, &tr->version, NULL, o->until, version,
                                    tr->in);
            made += publish_new(json, path);
        }
        free(path);
    }
    char *path = path_join(dir, "calibrator.json");
    if (!exists(path)) {
        load_once(tr);
        cJSON *json = calibrator_json(&tr->t, dir);
        follow_binaries(json, dir, &tr->version, NULL, tr->in, version);
        made += publish_new(json, path);
    }
    free(path);
    path = path_join(dir, "feature_list.json");
    if (!exists(path)) {
        cJSON *json = feature_list_json(&f);
        struct version_memo unchecked = { 0 }; /* (made from the models alone) */
        follow_binaries(json, dir, &unchecked, NULL, "-", version);
        made += publish_new(json, path);
    }
    free(path);
    return made;
}

enum mode { NONE, OUTCOME, CALIBRATE, FEATURES, ALL };

static int count_arg(const char *opt, const char *arg)
{
    long v;
    if (parse_long(arg, &v) || v < 0 || v > 1000000)
        die_code(EXIT_USAGE, "%s: want a count from 0 to 1000000, got '%s'", opt, arg);
    return (int)v;
}

static double positive(const char *opt, const char *arg, int allow_zero)
{
    double v;
    if (parse_double(arg, &v) || v < 0 || (!allow_zero && v == 0))
        die_code(EXIT_USAGE, "%s: want a %s number, got '%s'", opt,
                 allow_zero ? "non-negative" : "positive", arg);
    return v;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "outcome", required_argument, NULL, 'O' },
        { "calibrate", no_argument, NULL, 'C' },
        { "features", no_argument, NULL, 'F' },
        { "all", no_argument, NULL, 'A' },
        { "until", required_argument, NULL, 'u' },
        { "version", required_argument, NULL, 'V' },
        { "feeder", required_argument, NULL, 'L' },
        { "split", required_argument, NULL, 's' },
        { "lambda", required_argument, NULL, 'l' },
        { "cal-lambda", required_argument, NULL, 'c' },
        { "min-history", required_argument, NULL, 'n' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct x12_options o = X12_DEFAULTS;
    const char *out_path = NULL, *model_dir = NULL, *version = NULL;
    enum mode mode = NONE;
    char **feeders = xcalloc((size_t)argc + 1, sizeof *feeders);
    int outcome = -1, c, nfeeders = 0;
    set_progname(argv[0]);
    heap_keep_freed(); /* large blocks reused, not mapped anew (heap.h) */
    argv[0] = (char *)progname;
    while ((c = getopt_long(argc, argv, "hm:o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'A': mode = ALL; break;
        case 'C': mode = CALIBRATE; break;
        case 'F': mode = FEATURES; break;
        case 'O':
            mode = OUTCOME;
            for (int k = 0; k < 3; k++)
                if (strcmp(optarg, x12_outcomes[k]) == 0)
                    outcome = k;
            if (outcome < 0)
                die_code(EXIT_USAGE, "--outcome: want home, draw or away, got '%s'", optarg);
            break;
        case 'L': feeders[nfeeders++] = optarg; break;
        case 'V': version = optarg; break;
        case 'c': o.cal_lambda = positive("--cal-lambda", optarg, 1); break;
        case 'h': usage(stdout, EXIT_OK);
        case 'l': o.lambda = positive("--lambda", optarg, 1); break;
        case 'm': model_dir = optarg; break;
        case 'n': o.min_history = count_arg("--min-history", optarg); break;
        case 'o': out_path = optarg; break;
        case 's':
            o.split = positive("--split", optarg, 0);
            if (o.split >= 1)
                die_code(EXIT_USAGE, "--split: want a share below 1, got '%s'", optarg);
            break;
        case 'u':
            o.until = date_option("--until", optarg);
            break;
        default: usage(stderr, EXIT_USAGE);
        }
    }
    if (mode == NONE || (mode == OUTCOME && model_dir) ||
        ((mode == CALIBRATE || mode == ALL) && !model_dir) || (mode == ALL && out_path) ||
        argc - optind > 1 ||
        (mode == FEATURES && argc - optind > 0))
        usage(stderr, EXIT_USAGE);
    /* The calibrator takes the binary models' options, from their files. */
    if (mode != OUTCOME && mode != ALL && !x12_options_equal(&o, &X12_DEFAULTS))
        die_code(EXIT_USAGE, "--until, --split, --lambda, --cal-lambda and --min-history "
                             "go with --outcome or --all only");
    cJSON *json;
    struct feature_table t = { 0 };
    struct version_memo memo = { 0 };
    const char *in = optind < argc ? argv[optind] : "-";
    if (mode == ALL) {
        struct table_rows tr = { .in = in, .feeders = feeders, .nfeeders = nfeeders };
        int made = fit_missing(model_dir, &o, &tr, version);
        table_rows_free(&tr);
        free(feeders);
        if (!made)
            die_code(EXIT_EXISTS, "%s: every file of the model exists already, none rewritten",
                     model_dir);
        return EXIT_OK;
    }
    if (mode == FEATURES) {
        struct x12_feature_list f = model_dir ? binaries_features(model_dir) : X12_CURRENT;
        json = feature_list_json(&f);
        if (model_dir)
            follow_binaries(json, model_dir, &memo, NULL, in, version);
    } else {
        feature_table_load(in, &t);
        struct version_rows rows; /* (the feeders' rows serve the version only) */
        version_rows_defer(&rows, &t.set, &t.id, feeders, nfeeders);
        memo.rows = &rows;
        if (mode == OUTCOME) {
            json = binary_json(&t, &o, outcome);
            data_version_stamp_memo(json, &memo, NULL, o.until, version, in);
        } else {
            json = calibrator_json(&t, model_dir);
            follow_binaries(json, model_dir, &memo, NULL, in, version);
        }
        version_rows_free(&rows);
    }
    struct output out;
    json_write(output_open(&out, out_path), json);
    output_commit(&out);
    cJSON_Delete(json);
    feature_table_free(&t);
    free(feeders);
    return EXIT_OK;
}
