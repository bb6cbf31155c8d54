/* table.c: shipped tables read by column name. */
#define _POSIX_C_SOURCE 200809L
#include "table.h"
#include "csvrows.h"
#include "text.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLUMNS 8

struct reader {
    const char *path;
    const char *const *names;
    int ncols, nrequired;
    int col[MAX_COLUMNS]; /* -1: absent */
    int have_header;
    table_row_fn fn;
    void *data;
};

static void read_header(struct reader *r, const struct csv_row *row)
{
    for (int c = 0; c < r->ncols; c++) {
        r->col[c] = -1;
        for (size_t i = 0; i < row->n && r->col[c] < 0; i++)
            if (strcmp(row->field[i], r->names[c]) == 0)
                r->col[c] = (int)i;
        if (r->col[c] < 0 && c < r->nrequired)
            die("%s:%ld: missing column '%s' in header", r->path, row->line, r->names[c]);
    }
    r->have_header = 1;
}

static void on_row(const struct csv_row *row, void *data)
{
    struct reader *r = data;
    if (!r->have_header) {
        read_header(r, row);
        return;
    }
    /* Cells as the data files' are read (import.c, text_field): so that a
     * name here is the name a data row gives. */
    char *cells[MAX_COLUMNS];
    for (int c = 0; c < r->ncols; c++)
        cells[c] = text_field(r->col[c] >= 0 && (size_t)r->col[c] < row->n
                                  ? row->field[r->col[c]]
                                  : "");
    r->fn((const char *const *)cells, row->line, r->data);
    for (int c = 0; c < r->ncols; c++)
        free(cells[c]);
}

void table_read(const char *path, const char *const *names, int ncols, int nrequired,
                table_row_fn fn, void *data)
{
    if (ncols > MAX_COLUMNS)
        die("table_read: %d columns, at most %d", ncols, MAX_COLUMNS);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        die("%s: %s", path, strerror(errno));
    struct reader r = { path, names, ncols, nrequired, { 0 }, 0, fn, data };
    if (csv_rows_read(fp, path, on_row, &r) != 0)
        exit_failure();
    fclose(fp);
    if (!r.have_header)
        die("%s: empty input: no header line", path);
}
