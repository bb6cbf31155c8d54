/* fixtures.c: canonical fixtures CSV through libcsv. */
#define _POSIX_C_SOURCE 200809L
#include "fixtures.h"
#include "csvrows.h"
#include "date.h"
#include "json.h"
#include "matchkey.h"
#include "names.h"
#include "odds.h"
#include "repeats.h"
#include "rowerrors.h"
#include "rowimage.h"
#include "seasons.h"
#include "text.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char FIXTURES_HEADER[] =
    "league,season,date,home_team,away_team,home_goals,away_goals,"
    "odds_home,odds_draw,odds_away";

const char *const stat_names[NSTATS] = {
    "home_shots", "away_shots", "home_shots_on_target", "away_shots_on_target",
    "home_corners", "away_corners",
};

enum col { C_LEAGUE, C_SEASON, C_DATE, C_HOME, C_AWAY, C_HG, C_AG,
           C_OH, C_OD, C_OA, C_SOURCE, C_LINE, C_STATS, NCOLS = C_STATS + NSTATS };
static const char *const col_names[C_STATS] = {
    "league", "season", "date", "home_team", "away_team", "home_goals",
    "away_goals", "odds_home", "odds_draw", "odds_away", "odds_source", "source_line",
};
/* Goals (both or neither: upcoming fixtures), odds, their source and the
 * statistics may be absent altogether; the others are required. */
#define FIRST_OPTIONAL C_HG

static const char *column_name(int c)
{
    return c < C_STATS ? col_names[c] : stat_names[c - C_STATS];
}

struct reader {
    const char *name;
    struct fixture_set *set;
    const struct fixture_extra *extra;
    int col[NCOLS]; /* index of each column in the row, -1 if absent */
    int have_header;
    size_t ncols; /* fields of the header */
    struct row_errors errors;
};

static const char *field(const struct reader *r, const struct csv_row *row, enum col c)
{
    int i = r->col[c];
    return i >= 0 && (size_t)i < row->n ? row->field[i] : "";
}

static void map_header(struct reader *r, const struct csv_row *row)
{
    for (int c = 0; c < NCOLS; c++) {
        r->col[c] = -1;
        for (size_t i = 0; i < row->n; i++)
            if (strcmp(row->field[i], column_name(c)) == 0) {
                r->col[c] = (int)i;
                break;
            }
        if (r->col[c] < 0 && c < FIRST_OPTIONAL)
            die("%s:%ld: missing column '%s' in header", r->name, row->line,
                column_name(c));
    }
    if ((r->col[C_HG] < 0) != (r->col[C_AG] < 0))
        die("%s:%ld: missing column '%s' in header (give both goal columns, or "
            "neither for fixtures not yet played)", r->name, row->line,
            column_name(r->col[C_HG] < 0 ? C_HG : C_AG));
    r->ncols = row->n;
    r->have_header = 1;
}

int parse_goals(const char *s, int *out)
{
    long v;
    if (!*s) {
        *out = NO_GOALS;
        return 0;
    }
    if (parse_long(s, &v) || v < 0 || v > 99)
        return -1;
    *out = (int)v;
    return 0;
}

int parse_stat(const char *s, int *out)
{
    long v;
    if (parse_long(s, &v) || v < 0 || v > 999)
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_stats(const struct reader *r, const struct csv_row *row,
                       struct fixture *f)
{
    f->stats_present = 0;
    for (int k = 0; k < NSTATS; k++) {
        const char *s = field(r, row, (enum col)(C_STATS + k));
        f->stats[k] = 0;
        if (!*s)
            continue;
        if (parse_stat(s, &f->stats[k]))
            return -1;
        f->stats_present |= 1u << k;
    }
    return 0;
}

/* Returns NULL when the row is good, else the reason it is not. */
static const char *parse_fixture(const struct reader *r, const struct csv_row *row,
                                 struct fixture *f)
{
    static char why[128];
    const char *text[] = { field(r, row, C_LEAGUE), field(r, row, C_SEASON),
                           field(r, row, C_HOME), field(r, row, C_AWAY) };
    static const char *const what[] = { "league", "season", "home_team", "away_team" };
    if (row->n != r->ncols) {
        snprintf(why, sizeof why, "%zu fields, the header has %zu", row->n, r->ncols);
        return why;
    }
    for (int i = 0; i < 4; i++) {
        if (!*text[i]) {
            snprintf(why, sizeof why, "empty %s", what[i]);
            return why;
        }
        if (!utf8_valid(text[i])) {
            snprintf(why, sizeof why, "invalid UTF-8 in %s", what[i]);
            return why;
        }
    }
    if (strcmp(text[2], text[3]) == 0)
        return "a team cannot play itself";
    if (date_parse_iso(field(r, row, C_DATE), &f->date))
        return "bad date (want YYYY-MM-DD)";
    if (parse_goals(field(r, row, C_HG), &f->home_goals) ||
        parse_goals(field(r, row, C_AG), &f->away_goals))
        return "goals must be whole numbers from 0 to 99, or empty";
    if ((f->home_goals == NO_GOALS) != (f->away_goals == NO_GOALS))
        return "one side's goals given without the other's";
    for (int k = 0; k < 3; k++) {
        const char *s = field(r, row, (enum col)(C_OH + k));
        f->odds[k] = 0;
        if (*s && (parse_double(s, &f->odds[k]) || f->odds[k] <= 1.0))
            return "odds must be decimal numbers above 1, or empty";
    }
    if ((f->odds_source = odds_source_by_name(field(r, row, C_SOURCE))) < 0)
        return "unknown odds_source (see odds.h for the names)";
    if (parse_stats(r, row, f))
        return "match statistics must be whole numbers from 0 to 999, or empty";
    long line = row->line;
    if (r->col[C_LINE] >= 0 &&
        (parse_long(field(r, row, C_LINE), &line) || line < 1 || line > INT_MAX))
        return "source_line must be a line number";
    if (season_check(text[1], f->date)) {
        snprintf(why, sizeof why, "bad season '%.20s' (want YYYY-YY or YYYY, the season of "
                 "the date)", text[1]);
        return why;
    }
    f->league = xstrdup(text[0]);
    f->season = xstrdup(text[1]);
    f->home = xstrdup(text[2]);
    f->away = xstrdup(text[3]);
    f->line = line;
    f->source = r->name;
    f->home_key = f->away_key = f->season_key = 0;
    return NULL;
}


static void on_row(const struct csv_row *row, void *data)
{
    struct reader *r = data;
    if (!r->have_header) {
        map_header(r, row);
        if (r->extra)
            r->extra->header(row, r->extra->data);
        return;
    }
    struct fixture f = { 0 };
    const char *why = row->nul_byte ? "NUL byte in a field" : parse_fixture(r, row, &f);
    if (!why && r->extra && (why = r->extra->row(row, r->set->n, r->extra->data)))
        fixture_free(&f);
    if (why) {
        row_error(&r->errors, row->line, "%s", why);
        return;
    }
    grow(&r->set->v, &r->set->cap, r->set->n + 1, sizeof f);
    r->set->v[r->set->n++] = f;
}

void fixture_free(struct fixture *f)
{
    if (f->borrowed)
        return;
    free(f->league);
    free(f->season);
    free(f->home);
    free(f->away);
}

/* How a file is read: the team keys interned (fixtures_intern); a
 * fixture and its result not a repeat (fixtures_read_input). */
enum { READ_KEYED = 1, READ_FIXTURE_AND_RESULT = 2 };

/* The same match (league, date, home, away) twice is an error at each
 * later line, said as drop_repeated_matches says it and naming the match's
 * first row; every row stays in the set, which the caller refuses since
 * bad > 0. With READ_FIXTURE_AND_RESULT, a match's unplayed rows and its
 * played row are no repeat (match_repeated_rows); returns how many rows were
 * so let pass. */
static size_t report_duplicates(const struct fixture *v, size_t n, struct row_errors *errors,
                                int flags)
{
    if (n == 0)
        return 0; /* (maybe no array at all) */
    size_t *first_of = match_first_rows(v, n), passed = 0;
    size_t *repeats =
        flags & READ_FIXTURE_AND_RESULT ? match_repeated_rows(v, n, first_of) : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct fixture *b = &v[i];
        size_t first = repeats ? repeats[i] : first_of[i];
        char date[11];
        passed += first_of[i] != SIZE_MAX && first == SIZE_MAX;
        if (first == SIZE_MAX)
            continue;
        date_format(b->date, date);
        row_error(errors, b->line, "duplicate match %s %s %s v %s (first at %s:%ld)",
                  b->league, date, b->home, b->away, errors->name, v[first].line);
    }
    free(repeats);
    free(first_of);
    return passed;
}

/* *passed (when not NULL): the rows report_duplicates let pass. */
static size_t read_rows(FILE *fp, const char *name, struct fixture_set *set,
                        const struct fixture_extra *extra, int flags, size_t *passed)
{
    struct reader r = { .name = name, .set = set, .extra = extra, .errors = { name, 0 } };
    size_t first = set->n, pass = 0;
    if (csv_rows_read(fp, name, on_row, &r) != 0)
        exit_failure();
    if (!r.have_header)
        die("%s: empty input: no header line", name);
    if (flags & READ_KEYED)
        fixtures_intern(set);
    if (set->n > first) /* not a header only (with maybe no array) */
        pass = report_duplicates(set->v + first, set->n - first, &r.errors, flags);
    if (passed)
        *passed = pass;
    return row_errors_end(&r.errors);
}

size_t fixtures_read_extra(FILE *fp, const char *name, struct fixture_set *set,
                           const struct fixture_extra *extra)
{
    return read_rows(fp, name, set, extra, READ_KEYED, NULL);
}

size_t fixtures_read(FILE *fp, const char *name, struct fixture_set *set)
{
    return read_rows(fp, name, set, NULL, READ_KEYED, NULL);
}

size_t fixtures_read_unkeyed(FILE *fp, const char *name, struct fixture_set *set)
{
    return read_rows(fp, name, set, NULL, 0, NULL);
}

size_t fixtures_read_input(FILE *fp, const char *name, struct fixture_set *set)
{
    return read_rows(fp, name, set, NULL, READ_FIXTURE_AND_RESULT, NULL);
}

/* Reads path; *id (not NULL) the identity of the file read, as its image
 * is keyed (empty when none: stdin, a table's extra columns, no images). */
static size_t read_path_as(const char *path, struct fixture_set *set,
                           const struct fixture_extra *extra, int flags,
                           struct row_image_key *id)
{
    struct row_image_key key;
    key.image[0] = '\0';
    if (id)
        id->image[0] = '\0';
    if (strcmp(path, "-") == 0)
        return read_rows(stdin, "-", set, extra, flags, NULL);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        die("%s: %s", path, strerror(errno));
    /* Plain rows may come from the image of the file opened (rowimage.h);
     * a table's extra columns are its reader's to keep. A file holding a
     * fixture and its result keeps no image: a reader that refuses the
     * pair would find it in none. */
    size_t first = set->n, bad = 0, passed;
    if (extra ||
        row_image_load(fileno(fp), path, set, flags & READ_KEYED, NULL, &key) != 0) {
        bad = read_rows(fp, path, set, extra, flags, &passed);
        if (!extra && bad == 0 && passed == 0)
            row_image_save(&key, set, first, NULL);
    }
    if (id && !extra)
        *id = key;
    fclose(fp);
    return bad;
}

static size_t read_path(const char *path, struct fixture_set *set,
                        const struct fixture_extra *extra, int flags)
{
    return read_path_as(path, set, extra, flags, NULL);
}

size_t fixtures_read_path_as(const char *path, struct fixture_set *set, int keyed,
                             struct row_image_key *id)
{
    return read_path_as(path, set, NULL, keyed ? READ_KEYED : 0, id);
}

size_t fixtures_read_path_extra(const char *path, struct fixture_set *set,
                                const struct fixture_extra *extra)
{
    return read_path(path, set, extra, READ_KEYED);
}

size_t fixtures_read_path(const char *path, struct fixture_set *set)
{
    return read_path(path, set, NULL, READ_KEYED);
}

size_t fixtures_read_path_unkeyed(const char *path, struct fixture_set *set)
{
    return read_path(path, set, NULL, 0);
}

size_t fixtures_read_path_input(const char *path, struct fixture_set *set)
{
    return read_path(path, set, NULL, READ_FIXTURE_AND_RESULT);
}

void fixtures_require_one_league(const struct fixture_set *set, const char *name)
{
    for (size_t i = 1; i < set->n; i++)
        if (strcmp(set->v[i].league, set->v[0].league) != 0)
            die("%s:%ld: league '%s' after '%s': give one league (see split-league)", name,
                set->v[i].line, set->v[i].league, set->v[0].league);
}

size_t fixtures_team_ranks(const struct fixture *v, size_t n, int *side, const char ***distinct)
{
    const char **name = xmalloc((2 * n + 1) * sizeof *name);
    for (size_t i = 0; i < n; i++) {
        name[2 * i] = v[i].home;
        name[2 * i + 1] = v[i].away;
    }
    size_t d = name_ranks(name, 2 * n, side, distinct);
    free(name);
    return d;
}

void fixtures_intern(struct fixture_set *set)
{
    int *side = xmalloc((2 * set->n + 1) * sizeof *side);
    fixtures_team_ranks(set->v, set->n, side, NULL);
    for (size_t i = 0; i < set->n; i++) {
        set->v[i].home_key = side[2 * i] + 1;
        set->v[i].away_key = side[2 * i + 1] + 1;
    }
    const char **season = xmalloc((set->n + 1) * sizeof *season);
    for (size_t i = 0; i < set->n; i++)
        season[i] = set->v[i].season;
    name_ranks(season, set->n, side, NULL);
    for (size_t i = 0; i < set->n; i++)
        set->v[i].season_key = side[i] + 1;
    free(season);
    free(side);
}

char *fixtures_of_league(const struct fixture *v, size_t n, const char *league)
{
    char *in = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++)
        in[i] = strcmp(v[i].league, league) == 0;
    return in;
}

void fixtures_free(struct fixture_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        fixture_free(&set->v[i]);
    free(set->v);
    memset(set, 0, sizeof *set);
}

size_t fixtures_keep(struct fixture_set *set, size_t first, const char *keep)
{
    size_t n = set->n, kept = first;
    for (size_t i = first; i < n; i++) {
        if (!keep[i - first])
            fixture_free(&set->v[i]);
        else if (kept++ != i) /* (a row before the first dropped stays put) */
            set->v[kept - 1] = set->v[i];
    }
    set->n = kept;
    return n - kept;
}

int fixture_order(const struct fixture *x, const struct fixture *y)
{
    int c;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    if ((c = strcmp(x->league, y->league)) || (c = strcmp(x->home, y->home)) ||
        (c = strcmp(x->away, y->away)))
        return c;
    return (x->line > y->line) - (x->line < y->line);
}

/* Puts v[order[i]] at v[i] for every i, in place: each cycle of the
 * permutation is followed once, a row held aside (a copy of the whole
 * array would be as large as the set again). */
static void permute(struct fixture *v, size_t n, size_t *order)
{
    for (size_t start = 0; start < n; start++) {
        if (order[start] == start)
            continue;
        struct fixture held = v[start];
        size_t at = start;
        while (order[at] != start) {
            size_t from = order[at];
            v[at] = v[from];
            order[at] = at; /* (placed: the cycle is not followed again) */
            at = from;
        }
        v[at] = held;
        order[at] = at;
    }
}

/* Whether v[0 .. n) is in order already: a version's rows, written in
 * it, are checked in one pass instead of ranked and sorted (which leaves
 * rows in order where they are: the same set). */
static int in_order(const struct fixture *v, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (fixture_order(&v[i - 1], &v[i]) > 0)
            return 0;
    return 1;
}

/* The order comes from the rows' match keys (matchkey.h), which compare
 * integers where fixture_order compares names. */
void fixtures_sort(struct fixture_set *set)
{
    if (set->n < 2 || in_order(set->v, set->n))
        return;
    size_t *order = match_order(set->v, set->n);
    permute(set->v, set->n, order);
    free(order);
}

int fixtures_in_date_order(const struct fixture_set *set)
{
    for (size_t i = 1; i < set->n; i++)
        if (set->v[i - 1].date > set->v[i].date)
            return 0;
    return 1;
}

int fixture_has_stats(const struct fixture *f) { return f->stats_present == ALL_STATS; }

void fixture_write_header(FILE *fp) { fprintf(fp, "%s\n", FIXTURES_HEADER); }

/* Whether a field of n bytes must be quoted to read back as it is: a
 * separator, a quote or a line break in it, or a space or a tab at either
 * end (which libcsv strips from an unquoted field). */
static int needs_quotes_n(const char *s, size_t n)
{
    if (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        return 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return 1;
    return 0;
}

/* ---- a row's line, built in memory ----
 * The line of a row is written whole, or digested: the writer runs for
 * every row a version digests, in every program, and stdio's calls a field
 * cost more than the digest itself. Room for the whole line is taken
 * first, and each field written at a pointer. */

/* The most bytes a field of n bytes takes: each a quote, doubled, and
 * the two around them. */
static size_t field_room(size_t n) { return 2 * n + 2; }

/* s (n bytes) as a field at p, quoted when it must be; returns its end. */
static char *field_at(char *p, const char *s, size_t n)
{
    if (!needs_quotes_n(s, n)) {
        memcpy(p, s, n);
        return p + n;
    }
    *p++ = '"';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            *p++ = '"';
        *p++ = s[i];
    }
    *p++ = '"';
    return p;
}

/* ",%d" of v at p, without printf's parsing of a format, its digits
 * put in place (a copy of them, a call for a few bytes, was as costly). */
#define COMMA_INT_ROOM 12
static char *comma_int_at(char *p, int v)
{
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    size_t digits = 1;
    for (unsigned rest = u; rest >= 10; rest /= 10)
        digits++;
    *p++ = ',';
    if (v < 0)
        *p++ = '-';
    char *end = p + digits, *q = end;
    do
        *--q = (char)('0' + u % 10);
    while (u /= 10);
    return end;
}

/* The date's text: rows come in date order, so the last date's is kept. */
static void date_text(int days, char out[10])
{
    static int last, have;
    static char text[11];
    if (!have || days != last) {
        date_format(days, text);
        last = days, have = 1;
    }
    memcpy(out, text, 10);
}

/* A price's text at p; returns its end. Prices repeat (a league's
 * history holds a few hundred), so texts are kept by the number's bits:
 * format_double was a third of a row's line. The merge of eight leagues'
 * histories writes 2,300 prices: a slot for each of 4,096, which 256 kept
 * too few of to spare most of format_double. */
static char *odds_at(char *p, double v)
{
    static struct {
        uint64_t bits;
        size_t len; /* 0: empty */
        char text[32];
    } memo[4096];
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    size_t slot = (size_t)(((bits ^ bits >> 31) * 0x9E3779B97F4A7C15u) >> 52);
    if (memo[slot].len == 0 || memo[slot].bits != bits) {
        format_double(v, memo[slot].text);
        memo[slot].len = strlen(memo[slot].text);
        memo[slot].bits = bits;
    }
    memcpy(p, memo[slot].text, memo[slot].len);
    return p + memo[slot].len;
}

/* The most bytes a line takes beside its four names: the date, goals,
 * odds (format_double's 32), odds source, statistics, commas and end. */
#define LINE_FIXED_ROOM (16 + 3 * COMMA_INT_ROOM + 3 * 33 + 32 + NSTATS * COMMA_INT_ROOM)

/* The room f's line takes at the most. */
static size_t line_room(const struct fixture *f, size_t len[4])
{
    const char *name[4] = { f->league, f->season, f->home, f->away };
    size_t room = LINE_FIXED_ROOM;
    for (int k = 0; k < 4; k++)
        room += field_room(len[k] = strlen(name[k]));
    return room;
}

/* f's line at p, with room for it (len: its names' lengths); returns its
 * end. */
static char *line_at(char *p, const struct fixture *f, const size_t len[4],
                     struct fixture_columns cols)
{
    p = field_at(p, f->league, len[0]);
    *p++ = ',';
    p = field_at(p, f->season, len[1]);
    *p++ = ',';
    date_text(f->date, p);
    p += 10;
    *p++ = ',';
    p = field_at(p, f->home, len[2]);
    *p++ = ',';
    p = field_at(p, f->away, len[3]);
    if (fixture_played(f)) {
        p = comma_int_at(p, f->home_goals);
        p = comma_int_at(p, f->away_goals);
    } else {
        *p++ = ',', *p++ = ',';
    }
    for (int k = 0; k < 3; k++) {
        *p++ = ',';
        if (f->odds[k] > 0)
            p = odds_at(p, f->odds[k]);
    }
    if (cols.odds_source) {
        const char *source = odds_source_names[f->odds_source];
        size_t n = strlen(source);
        *p++ = ',';
        memcpy(p, source, n);
        p += n;
    }
    if (cols.source_line)
        p = comma_int_at(p, (int)f->line);
    for (int k = 0; cols.stats && k < NSTATS; k++)
        if (f->stats_present & 1u << k)
            p = comma_int_at(p, f->stats[k]);
        else
            *p++ = ',';
    *p++ = '\n';
    return p;
}

/* f's line added at the end of l's text. */
static void add_line(struct text_buf *l, const struct fixture *f, struct fixture_columns cols)
{
    size_t len[4], room = line_room(f, len);
    text_buf_end(l, line_at(text_buf_reserve(l, room), f, len, cols));
}

void fixture_line(struct text_buf *l, const struct fixture *f, struct fixture_columns cols)
{
    text_buf_clear(l);
    add_line(l, f, cols);
}

/* A header's or a lone field's text, a piece at a time. */
static void put_string(struct text_buf *l, const char *s) { text_buf_add(l, s, strlen(s)); }

static void put_field(struct text_buf *l, const char *s)
{
    size_t n = strlen(s);
    text_buf_end(l, field_at(text_buf_reserve(l, field_room(n)), s, n));
}

void fixture_header_line(struct text_buf *l, struct fixture_columns cols)
{
    text_buf_clear(l);
    put_string(l, FIXTURES_HEADER);
    if (cols.odds_source)
        put_string(l, ",odds_source");
    if (cols.source_line)
        put_string(l, ",source_line");
    for (int k = 0; cols.stats && k < NSTATS; k++) {
        text_buf_add(l, ",", 1);
        put_string(l, stat_names[k]);
    }
    text_buf_add(l, "\n", 1);
}

/* The line of the writers below, kept for the next row (the programs are
 * single-threaded). */
static struct text_buf writer_line;

static void write_line(FILE *fp, const struct text_buf *l) { fwrite(l->s, 1, l->len, fp); }

void csv_write_field(FILE *fp, const char *s)
{
    text_buf_clear(&writer_line);
    put_field(&writer_line, s);
    write_line(fp, &writer_line);
}

void fixture_write(FILE *fp, const struct fixture *f)
{
    fixture_write_with(fp, f, (struct fixture_columns){ 0, 0, 0 });
}

struct fixture_columns fixtures_columns(const struct fixture_set *set)
{
    struct fixture_columns cols = { 0, 0, 0 };
    for (size_t i = 0; i < set->n; i++) {
        cols.odds_source |= set->v[i].odds_source != ODDS_NONE;
        cols.stats |= set->v[i].stats_present != 0;
    }
    return cols;
}

void fixture_write_header_with(FILE *fp, struct fixture_columns cols)
{
    fixture_header_line(&writer_line, cols);
    write_line(fp, &writer_line);
}

void fixture_write_with(FILE *fp, const struct fixture *f, struct fixture_columns cols)
{
    fixture_line(&writer_line, f, cols);
    write_line(fp, &writer_line);
}

/* The lines are written a chunk of them at a time: a fwrite a row (its
 * lock, its copy into stdio's buffer of 4 KiB, a write(2) for each 4 KiB)
 * cost as much as making the lines. */
#define WRITE_CHUNK 65536

void fixtures_write_with(FILE *fp, const struct fixture *v, size_t n,
                         struct fixture_columns cols)
{
    struct text_buf chunk = { 0 };
    for (size_t i = 0; i < n; i++) {
        add_line(&chunk, &v[i], cols);
        if (chunk.len >= WRITE_CHUNK || i + 1 == n) {
            write_line(fp, &chunk);
            text_buf_clear(&chunk);
        }
    }
    text_buf_free(&chunk);
}
