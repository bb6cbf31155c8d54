/* prematch_io.c: feature tables as CSV, written and read back. */
#define _POSIX_C_SOURCE 200809L
#include "csvrows.h"
#include "json.h"
#include "odds.h"
#include "prematch.h"
#include "rowimage.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The rows keep their statistics, where they have them: the goals model
 * of the features reads them, and the table's rows are the version's
 * (dataversion.h). */
static struct fixture_columns table_columns(const struct feature_table *t)
{
    return (struct fixture_columns){ .odds_source = 0,
                                     .stats = fixtures_columns(&t->set).stats };
}

void feature_table_write_header(FILE *fp, const struct feature_table *t)
{
    struct text_buf line = { 0 };
    fixture_header_line(&line, table_columns(t));
    fwrite(line.s, 1, line.len - 1, fp); /* less the newline */
    text_buf_free(&line);
    fputs(",history", fp);
    for (int k = 0; k < NFEATURES; k++)
        fprintf(fp, ",%s", feature_names[k]);
    fputc('\n', fp);
}

void feature_table_write_rows(FILE *fp, const struct feature_table *t, size_t first)
{
    struct fixture_columns cols = table_columns(t);
    struct text_buf line = { 0 };
    for (size_t i = first; i < t->set.n; i++) {
        fixture_line(&line, &t->set.v[i], cols);
        fwrite(line.s, 1, line.len - 1, fp); /* less the newline */
        fprintf(fp, ",%d", t->history[i]);
        /* Shortest form that reads back exactly. */
        for (int k = 0; k < NFEATURES; k++) {
            char num[32];
            format_double(t->X[i * NFEATURES + k], num);
            fputc(',', fp);
            fputs(num, fp);
        }
        fputc('\n', fp);
    }
    text_buf_free(&line);
}

void feature_table_write(FILE *fp, const struct feature_table *t)
{
    feature_table_write_header(fp, t);
    feature_table_write_rows(fp, t, 0);
}

/* Row i of t as a read of its table gives it, in the fields an image
 * keeps: the columns the table has (no odds source; an absent statistic 0,
 * as a read leaves it), and the table's line; -1 where a read would not
 * give back what t holds: a name over two lines, a feature not finite (a
 * read refuses it) or -0 (written "0"). */
static int row_as_read(const struct feature_table *t, size_t i, struct fixture *f)
{
    *f = t->set.v[i];
    const char *names[4] = { f->league, f->season, f->home, f->away };
    for (int s = 0; s < 4; s++)
        if (strpbrk(names[s], "\r\n"))
            return -1;
    for (int k = 0; k < NFEATURES; k++) {
        double x = t->X[i * NFEATURES + k];
        if (!isfinite(x) || (x == 0 && signbit(x)))
            return -1;
    }
    for (int k = 0; k < NSTATS; k++)
        if (!(f->stats_present & 1u << k))
            f->stats[k] = 0;
    f->odds_source = ODDS_NONE;
    f->line = (long)i + 2;
    return 0;
}

void feature_table_keep_image(const char *path, const char *written, size_t len,
                              const struct feature_table *t)
{
    if (!row_images_on() || t->set.n == 0)
        return;
    struct fixture_set as_read = { xmalloc((t->set.n + 1) * sizeof *as_read.v), t->set.n,
                                   t->set.n };
    size_t i = 0;
    while (i < t->set.n && row_as_read(t, i, &as_read.v[i]) == 0)
        i++;
    struct row_features feat = { NFEATURES, feature_names, t->X, t->history };
    if (i == t->set.n)
        row_image_save_written(path, written, len, &as_read, 0, &feat);
    free(as_read.v); /* (its names are t's) */
}

struct table_reader {
    struct feature_table *t;
    size_t history_cap, x_cap;
    int col[NFEATURES + 1]; /* history, then the features */
    const char *name;
};

/* Whether the comma-separated header names `column`. */
static int header_has(const char *header, const char *column)
{
    size_t len = strlen(column);
    for (const char *p = header; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
        if (strncmp(p, column, len) == 0 && (p[len] == ',' || p[len] == '\0'))
            return 1;
    return 0;
}

static void on_header(const struct csv_row *row, void *data)
{
    struct table_reader *r = data;
    for (int k = 0; k <= NFEATURES; k++) {
        const char *want = k == 0 ? "history" : feature_names[k - 1];
        r->col[k] = -1;
        for (size_t i = 0; i < row->n; i++)
            if (strcmp(row->field[i], want) == 0)
                r->col[k] = (int)i;
        if (r->col[k] < 0)
            die("%s:%ld: missing column '%s' in header", r->name, row->line, want);
    }
}

static const char *on_row(const struct csv_row *row, size_t index, void *data)
{
    struct table_reader *r = data;
    struct feature_table *t = r->t;
    long history;
    grow(&t->history, &r->history_cap, index + 1, sizeof *t->history);
    grow(&t->X, &r->x_cap, (index + 1) * NFEATURES, sizeof *t->X);
    for (int k = 0; k <= NFEATURES; k++)
        if ((size_t)r->col[k] >= row->n)
            return "missing feature values";
    if (parse_long(row->field[r->col[0]], &history) || history < 0 || history > 1000000)
        return "history must be a count";
    t->history[index] = (int)history;
    for (int k = 0; k < NFEATURES; k++)
        if (parse_double(row->field[r->col[k + 1]], &t->X[index * NFEATURES + k]))
            return "a feature is not a finite number";
    return NULL;
}

size_t feature_table_read(const char *path, struct feature_table *t)
{
    struct table_reader r = { .t = t, .name = path };
    struct fixture_extra extra = { on_header, on_row, &r };
    memset(t, 0, sizeof *t);
    if (strcmp(path, "-") == 0)
        return fixtures_read_extra(stdin, "-", &t->set, &extra);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        die("%s: %s", path, strerror(errno));
    /* The table may come from the image of the file opened (rowimage.h). */
    struct row_features feat = { NFEATURES, feature_names, NULL, NULL };
    struct row_image_key key;
    size_t bad = 0;
    if (row_image_load(fileno(fp), path, &t->set, 1, &feat, &key) == 0) {
        t->X = feat.X;
        t->history = feat.history;
        t->mapped = 1;
    } else {
        bad = fixtures_read_extra(fp, path, &t->set, &extra);
        feat.X = t->X;
        feat.history = t->history;
        if (bad == 0)
            row_image_save(&key, &t->set, 0, &feat);
    }
    t->id = key;
    fclose(fp);
    return bad;
}

void feature_table_load(const char *path, struct feature_table *t)
{
    if (feature_table_read(path, t) > 0)
        die("%s: bad rows in the input, nothing fitted", path);
    if (t->set.n == 0)
        die("%s: no fixtures", path);
    fixtures_require_one_league(&t->set, path);
    for (size_t i = 1; i < t->set.n; i++)
        if (t->set.v[i].date < t->set.v[i - 1].date)
            die("%s:%ld: not in date order", path, t->set.v[i].line);
}

int feature_table_has_every_feature(const char *path)
{
    FILE *fp = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    int every = 1;
    if (!fp)
        die("%s: %s", path, strerror(errno));
    if (getline(&line, &cap, fp) < 0)
        every = 0;
    else {
        line[strcspn(line, "\r\n")] = '\0';
        for (int k = 0; k < NFEATURES && every; k++)
            every = header_has(line, feature_names[k]);
    }
    free(line);
    fclose(fp);
    return every;
}

void feature_table_free(struct feature_table *t)
{
    fixtures_free(&t->set);
    if (!t->mapped) {
        free(t->X);
        free(t->history);
    }
    memset(t, 0, sizeof *t);
}
