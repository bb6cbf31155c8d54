/* logreg-fit: fit an L2-regularised logistic regression (binary, or
 * multinomial with --multinomial) to a CSV of features and a label, and
 * write the model JSON (src/lib/models/logreg.h). For the reference tests and for
 * trying the 1x2_v2 building blocks by hand. */
#define _GNU_SOURCE
#include "csvrows.h"
#include "json.h"
#include "logreg.h"
#include "publish.h"
#include "rowerrors.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_LAMBDA 1.0 /* scikit-learn's default C = 1 */
#define MAX_CLASSES 1000

_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp,
            "usage: logreg-fit [--lambda L] [--multinomial] [-o FILE] [FILE]\n"
            "Fits an L2-regularised logistic regression to a CSV (FILE or stdin) with\n"
            "a header: feature columns, then the label column y. Writes the model\n"
            "JSON (stdout or FILE).\n"
            "  --lambda L     penalty lambda/2 ||coef||^2, L >= 0 (default %g;\n"
            "                 scikit-learn's C = 1/L)\n"
            "  --multinomial  y is a class 0..K-1 (softmax, no standardisation);\n"
            "                 otherwise y is 0 or 1 and the features are standardised\n"
            "  -o FILE        publish to FILE; never replaces an existing file\n",
            DEFAULT_LAMBDA);
    exit(code);
}

struct data {
    const char *name;
    int multinomial;
    char **header;
    int ncol; /* 0 until the header is read */
    double *X, *y;
    int *cls;
    size_t n, xcap, ycap, ccap;
    struct row_errors errors;
    int nclass;
};

/* Reports a bad row as "FILE:LINE: reason", the first few of a file
 * (rowerrors.h); returns -1. */
__attribute__((format(printf, 3, 4))) static int bad_row(struct data *d, long line,
                                                         const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    row_error(&d->errors, line, "%s", msg);
    return -1;
}

static void on_header(struct data *d, const struct csv_row *row)
{
    if (row->nul_byte)
        die("%s:%ld: NUL byte in the header", d->name, row->line);
    d->ncol = (int)row->n;
    d->header = xmalloc(row->n * sizeof *d->header);
    for (size_t j = 0; j < row->n; j++) {
        if (!row->field[j][0])
            die("%s:%ld: column %zu has no name", d->name, row->line, j + 1);
        d->header[j] = xstrdup(row->field[j]);
    }
}

/* Checks and stores one data row; returns 0, or -1 after reporting it. */
static int data_row(struct data *d, const struct csv_row *row)
{
    int p = d->ncol - 1;
    if (row->nul_byte)
        return bad_row(d, row->line, "NUL byte in a field");
    if (row->n != (size_t)d->ncol)
        return bad_row(d, row->line, "%zu fields, want %d", row->n, d->ncol);
    grow(&d->X, &d->xcap, (d->n + 1) * (p ? p : 1), sizeof *d->X);
    for (int j = 0; j < p; j++)
        if (parse_double(row->field[j], &d->X[d->n * p + j]))
            return bad_row(d, row->line, "%s: not a finite number: '%s'", d->header[j],
                           row->field[j]);
    const char *ys = row->field[p];
    if (d->multinomial) {
        long k;
        if (parse_long(ys, &k) || k < 0 || k >= MAX_CLASSES)
            return bad_row(d, row->line, "%s: want a class 0..%d, got '%s'", d->header[p],
                           MAX_CLASSES - 1, ys);
        grow(&d->cls, &d->ccap, d->n + 1, sizeof *d->cls);
        d->cls[d->n] = (int)k;
        if (k >= d->nclass)
            d->nclass = (int)k + 1;
    } else {
        double v;
        if (parse_double(ys, &v) || (v != 0 && v != 1))
            return bad_row(d, row->line, "%s: want 0 or 1, got '%s'", d->header[p], ys);
        grow(&d->y, &d->ycap, d->n + 1, sizeof *d->y);
        d->y[d->n] = v;
    }
    d->n++;
    return 0;
}

static void on_row(const struct csv_row *row, void *data)
{
    struct data *d = data;
    if (d->ncol == 0)
        on_header(d, row);
    else
        data_row(d, row);
}

static void read_data(const char *path, struct data *d)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!fp)
        die("%s: %s", path, strerror(errno));
    if (csv_rows_read(fp, path, on_row, d) != 0)
        exit_failure();
    if (fp != stdin)
        fclose(fp);
    if (d->ncol == 0)
        die("%s: empty input: no header line", path);
    size_t bad = row_errors_end(&d->errors);
    if (bad)
        die("%s: %zu bad row%s, nothing fitted", path, bad, bad == 1 ? "" : "s");
    if (d->n == 0)
        die("%s: no data rows", path);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "lambda", required_argument, NULL, 'l' },
        { "multinomial", no_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *out_path = NULL;
    double lambda = DEFAULT_LAMBDA;
    struct data d = { 0 };
    int c;
    set_progname(argv[0]);
    argv[0] = (char *)progname; /* getopt's messages name argv[0] */
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage(stdout, EXIT_OK);
        case 'l':
            if (parse_double(optarg, &lambda) || !(lambda >= 0))
                die_code(EXIT_USAGE, "--lambda: want a number >= 0, got '%s'", optarg);
            break;
        case 'm':
            d.multinomial = 1;
            break;
        case 'o':
            out_path = optarg;
            break;
        default:
            usage(stderr, EXIT_USAGE);
        }
    }
    if (argc - optind > 1)
        usage(stderr, EXIT_USAGE);
    d.name = optind < argc ? argv[optind] : "-";
    d.errors.name = d.name;
    read_data(d.name, &d);

    int p = d.ncol - 1;
    char err[256];
    cJSON *json;
    if (d.multinomial) {
        struct mlogit m;
        char **classes = xmalloc(d.nclass * sizeof *classes);
        for (int k = 0; k < d.nclass; k++) {
            char buf[16];
            snprintf(buf, sizeof buf, "%d", k);
            classes[k] = xstrdup(buf);
        }
        if (mlogit_fit(d.X, d.cls, d.n, p, d.nclass, lambda, &m, err, sizeof err) != 0)
            die("%s: %s", d.name, err);
        json = mlogit_to_json(&m, (const char *const *)d.header,
                              (const char *const *)classes);
        mlogit_free(&m);
        for (int k = 0; k < d.nclass; k++)
            free(classes[k]);
        free(classes);
    } else {
        struct logreg m;
        if (logreg_fit(d.X, d.y, NULL, d.n, p, lambda, &m, err, sizeof err) != 0)
            die("%s: %s", d.name, err);
        json = logreg_to_json(&m, (const char *const *)d.header);
        logreg_free(&m);
    }
    struct output out;
    FILE *fp = output_open(&out, out_path);
    json_write(fp, json);
    cJSON_Delete(json);
    output_commit(&out);
    for (int j = 0; j < d.ncol; j++)
        free(d.header[j]);
    free(d.header);
    free(d.X);
    free(d.y);
    free(d.cls);
    return EXIT_OK;
}
