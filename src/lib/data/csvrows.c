/* csvrows.c: line-fed libcsv parsing, so that every row knows its line. */
#define _POSIX_C_SOURCE 200809L
#include "csvrows.h"
#include "util.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A row's fields are gathered in one text buffer, NUL-separated, and
 * pointed to when the row is complete: two buffers reused for every row
 * rather than an allocation per field (the files have up to 130 columns). */
struct state {
    struct csv_row row;
    size_t field_cap;
    size_t *start; /* offset of each field in text */
    size_t start_cap;
    char *text;
    size_t text_len, text_cap;
    long line;
    csv_row_fn fn;
    void *data;
};

/* libcsv enlarges its buffer of the field being read by a fixed number of
 * bytes at a time (128 by default), copying it each time the allocator
 * cannot extend it in place: a field of megabytes (tests/bad-input's 4 MiB
 * date) then costs time quadratic in its length (over a minute under
 * AddressSanitizer, whose realloc always copies). 64 KiB steps keep it
 * linear in practice. */
#define FIELD_GROWTH ((size_t)1 << 16)

static void on_field(void *s, size_t len, void *data)
{
    struct state *st = data;
    grow(&st->start, &st->start_cap, st->row.n + 1, sizeof *st->start);
    grow(&st->text, &st->text_cap, st->text_len + len + 1, 1);
    char *copy = st->text + st->text_len;
    if (s)
        memcpy(copy, s, len);
    copy[len] = '\0';
    if (s && memchr(s, '\0', len))
        st->row.nul_byte = 1;
    st->start[st->row.n++] = st->text_len;
    st->text_len += len + 1;
}

static void clear_row(struct state *st)
{
    st->row.n = 0;
    st->row.nul_byte = 0;
    st->text_len = 0;
}

static int all_empty(const struct csv_row *row)
{
    for (size_t i = 0; i < row->n; i++)
        if (row->field[i][0])
            return 0;
    return !row->nul_byte;
}

static void on_row(int term, void *data)
{
    (void)term;
    struct state *st = data;
    grow(&st->row.field, &st->field_cap, st->row.n + 1, sizeof *st->row.field);
    for (size_t i = 0; i < st->row.n; i++)
        st->row.field[i] = st->text + st->start[i];
    st->row.line = st->line;
    if (!all_empty(&st->row))
        st->fn(&st->row, st->data);
    clear_row(st);
}

static int syntax_error(struct csv_parser *p, const char *name, long line)
{
    warnf("%s:%ld: CSV error: %s", name, line, csv_strerror(csv_error(p)));
    return -1;
}

/* The length of text up to and including its first lone CR (a line end of
 * a classic Mac file: Excel's "CSV (Macintosh)"), or len when it has none. */
static size_t through_lone_cr(const char *text, size_t len)
{
    for (const char *cr = text; (cr = memchr(cr, '\r', len - (size_t)(cr - text))); cr++)
        if ((size_t)(cr - text) + 1 == len || cr[1] != '\n')
            return (size_t)(cr - text) + 1;
    return len;
}

/* Parses text read up to a LF, counting its lone CRs as line ends too, so
 * that every row knows its line whichever line ends a file has. */
static int parse_lines(struct csv_parser *p, const char *text, size_t len, struct state *st)
{
    while (len > 0) {
        size_t piece = through_lone_cr(text, len);
        if (csv_parse(p, text, piece, on_field, on_row, st) != piece)
            return -1;
        text += piece;
        len -= piece;
        st->line += len > 0;
    }
    return 0;
}

int csv_rows_read(FILE *fp, const char *name, csv_row_fn fn, void *data)
{
    return csv_rows_read_delim(fp, name, ',', fn, data);
}

int csv_rows_read_delim(FILE *fp, const char *name, char delim, csv_row_fn fn,
                        void *data)
{
    struct csv_parser p;
    struct state st = { .fn = fn, .data = data };
    char *buf = NULL;
    size_t bufcap = 0;
    ssize_t len;
    int rc = 0;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        die("out of memory");
    csv_set_delim(&p, (unsigned char)delim);
    csv_set_blk_size(&p, FIELD_GROWTH);
    while ((len = getline(&buf, &bufcap, fp)) > 0) {
        const char *s = buf;
        st.line++;
        if (st.line == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            len -= 3;
        }
        if (parse_lines(&p, s, (size_t)len, &st) != 0) {
            rc = syntax_error(&p, name, st.line);
            break;
        }
    }
    if (rc == 0 && ferror(fp)) {
        warnf("%s:%ld: read error: %s", name, st.line, strerror(errno));
        rc = -1;
    }
    /* A row csv_fini completes had no line end after it. */
    st.row.unterminated = 1;
    if (rc == 0 && csv_fini(&p, on_field, on_row, &st) != 0)
        rc = syntax_error(&p, name, st.line);
    free(st.row.field);
    free(st.start);
    free(st.text);
    free(buf);
    csv_free(&p);
    return rc;
}
