/* import.c: canonical, main and extra-leagues football-data.co.uk files,
 * as the site serves them or as a spreadsheet re-saved them. */
#define _GNU_SOURCE /* fmemopen */
#include "import.h"
#include "csvrows.h"
#include "date.h"
#include "dialect.h"
#include "fixtures.h"
#include "odds.h"
#include "repeats.h"
#include "rowerrors.h"
#include "seasons.h"
#include "text.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Columns of the two football-data.co.uk formats: the main files name the
 * league by Div, the extra-leagues files by Country and League and give
 * the Season. Alternatives are older eras' names. */
enum col { C_DIV, C_COUNTRY, C_LEAGUE, C_SEASON, C_DATE, C_HOME, C_AWAY, C_HG, C_AG,
           C_RESULT, C_STATS, NCOLS = C_STATS + NSTATS };
static const char *const col_names[NCOLS][3] = {
    { "Div" }, { "Country" }, { "League" }, { "Season" }, { "Date" },
    { "HomeTeam", "HT", "Home" }, { "AwayTeam", "AT", "Away" }, { "FTHG", "HG" },
    { "FTAG", "AG" }, { "FTR", "Res" }, { "HS" }, { "AS" }, { "HST" }, { "AST" }, { "HC" }, { "AC" },
};

/* Names whose presence in a header tells its delimiter. */
static const char *const known_columns[] = {
    "Div", "Country", "League", "Season", "Date", "HomeTeam", "AwayTeam", "HT", "AT",
    "Home", "Away", "FTHG", "FTAG", "HG", "AG", "league", "season", "date", "home_team",
    "away_team", NULL,
};

/* What a header says: where each column is. */
struct layout {
    size_t first; /* the header's index among the rows */
    const struct csv_row *header;
    int extra; /* the extra-leagues format */
    int col[NCOLS];
    const char *col_name[NCOLS];
    size_t goal_end; /* fields a row needs to reach its goals; 0: no goal columns */
    struct odds_columns odds;
};

/* One input file being read: its rows, kept until the file's dialect is
 * known, and its headers: the first row, and each row after it that is a
 * header again (files joined one after another, each with its header),
 * whose columns the rows after it are read by. */
struct reader {
    struct importer *im;
    const char *name;
    struct csv_row *rows; /* rows[0] is the header */
    size_t n, cap;
    struct layout *layouts; /* in the order of their rows; layouts[0] is rows[0]'s */
    size_t nlayouts;
    struct dialect dialect;
    struct row_errors errors;
};

/* ---- the whole file ---- */

/* The whole input; *regular: whether it is a regular file, which can be
 * read again by its path (a pipe, /dev/stdin or <(...), cannot: its text
 * is gone once read). */
static char *slurp(const char *path, size_t *len, int *regular)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!fp)
        die("%s: %s", path, strerror(errno));
    struct stat st;
    *regular = fp != stdin && fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = xmalloc(cap + 1);
    while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap)
            buf = xrealloc(buf, (cap *= 2) + 1);
    }
    if (ferror(fp))
        die("%s: read error: %s", path, strerror(errno));
    if (fp != stdin)
        fclose(fp);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static FILE *memory_stream(char *buf, size_t len, const char *path)
{
    FILE *fp = fmemopen(buf, len ? len : 1, "r");
    if (!fp)
        die("%s: %s", path, strerror(errno));
    return fp;
}

#define BOM "\xEF\xBB\xBF"

/* Keeps a row until the dialect is known: its field pointers and their
 * text in one allocation. A BOM opening a row is dropped: the start of a
 * file joined to the one before it. */
static void on_row(const struct csv_row *row, void *data)
{
    struct reader *r = data;
    size_t text = 0;
    for (size_t i = 0; i < row->n; i++)
        text += strlen(row->field[i]) + 1;
    struct csv_row copy = { xmalloc((row->n + 1) * sizeof *copy.field + text), row->n,
                            row->line, row->nul_byte, row->unterminated };
    char *p = (char *)(copy.field + row->n + 1);
    for (size_t i = 0; i < row->n; i++) {
        const char *s = row->field[i];
        if (i == 0 && strncmp(s, BOM, 3) == 0)
            s += 3;
        size_t len = strlen(s) + 1;
        copy.field[i] = memcpy(p, s, len);
        p += len;
    }
    grow(&r->rows, &r->cap, r->n + 1, sizeof *r->rows);
    r->rows[r->n++] = copy;
}

static void free_rows(struct reader *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->rows[i].field);
    free(r->rows);
    free(r->layouts);
}

/* ---- the header ---- */

static int column_of(const struct csv_row *row, const char *name)
{
    for (size_t i = 0; i < row->n; i++)
        if (strcmp(row->field[i], name) == 0)
            return (int)i;
    return -1;
}

static int is_canonical_header(const struct csv_row *row)
{
    return column_of(row, "league") >= 0 && column_of(row, "home_team") >= 0;
}

/* The header's names, for a message on a header not understood. */
static void header_list(const struct csv_row *row, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < row->n && used + 4 < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "," : "", row->field[i]);
    if (used >= len - 4)
        strcpy(buf + len - 4, "...");
}

_Noreturn static void unknown_format(const struct reader *r, const struct csv_row *row)
{
    char seen[160];
    header_list(row, seen, sizeof seen);
    die("%s:%ld: missing column 'Div' (football-data.co.uk main files) or 'Country' and "
        "'League' (its extra-leagues files) in header; fields split at %s: %s",
        r->name, row->line,
        r->dialect.delim == ',' ? "commas" : r->dialect.delim == ';' ? "semicolons" : "tabs",
        seen);
}

_Noreturn static void missing_column(const struct reader *r, long line, enum col c)
{
    const char *const *names = col_names[c];
    die("%s:%ld: missing column '%s'%s%s%s%s%s in header", r->name, line, names[0],
        names[1] ? " (or " : "", names[1] ? names[1] : "", names[2] ? ", " : "",
        names[2] ? names[2] : "", names[1] ? ")" : "");
}

/* Dies when a field of the header h is a date: no column is named so,
 * and a header without its line end runs into the row after it (rows
 * appended to a file of its header alone), whose match would be lost
 * unsaid, its cells read as columns. */
static void require_header_alone(const struct reader *r, const struct csv_row *h)
{
    for (size_t i = 0; i < h->n; i++) {
        char *name = text_field(h->field[i]);
        int day, date = date_parse_ordered(name, DAY_FIRST, &day) == 0 ||
                        date_parse_ordered(name, MONTH_FIRST, &day) == 0;
        if (date)
            die("%s:%ld: the header goes on with a match (the date '%s' in field %zu): a "
                "line end missing after it?", r->name, h->line, name, i + 1);
        free(name);
    }
}

/* The layout of the header rows[first]. */
static struct layout map_columns(const struct reader *r, size_t first)
{
    const struct csv_row *h = &r->rows[first];
    struct layout L = { .first = first, .header = h };
    require_header_alone(r, h);
    for (int c = 0; c < NCOLS; c++) {
        L.col[c] = -1;
        for (int k = 0; k < 3 && col_names[c][k] && L.col[c] < 0; k++) {
            L.col[c] = column_of(h, col_names[c][k]);
            L.col_name[c] = col_names[c][k];
        }
    }
    L.extra = L.col[C_DIV] < 0 && L.col[C_COUNTRY] >= 0 && L.col[C_LEAGUE] >= 0;
    if (L.col[C_DIV] < 0 && !L.extra)
        unknown_format(r, h);
    for (int c = C_DATE; c <= C_AWAY; c++)
        if (L.col[c] < 0)
            missing_column(r, h->line, (enum col)c);
    /* An upcoming-fixtures file has no goal columns; a results file both. */
    if ((L.col[C_HG] < 0) != (L.col[C_AG] < 0))
        missing_column(r, h->line, L.col[C_HG] < 0 ? C_HG : C_AG);
    if (L.col[C_HG] >= 0)
        L.goal_end = (size_t)(L.col[C_HG] > L.col[C_AG] ? L.col[C_HG] : L.col[C_AG]) + 1;
    odds_columns_map(&L.odds, h->field, h->n);
    return L;
}

/* A row naming the date and the league's columns is a header, never a
 * match. Looked for in full only where the league's column (where the
 * last header has it, or first, where the site's files have it) names
 * itself: a file has thousands of rows of a hundred fields. */
static int is_header_row(const struct csv_row *row, const struct layout *last)
{
    size_t league_col = (size_t)last->col[last->extra ? C_COUNTRY : C_DIV];
    const char *at = league_col < row->n ? row->field[league_col] : "";
    const char *first = row->n ? row->field[0] : "";
    if (strcmp(at, "Div") && strcmp(at, "Country") && strcmp(first, "Div") &&
        strcmp(first, "Country"))
        return 0;
    return column_of(row, "Date") >= 0 &&
           (column_of(row, "Div") >= 0 || column_of(row, "Country") >= 0);
}

static void map_headers(struct reader *r)
{
    r->layouts = xmalloc(sizeof *r->layouts);
    r->layouts[0] = map_columns(r, 0);
    r->nlayouts = 1;
    size_t cap = 1;
    for (size_t i = 1; i < r->n; i++)
        if (is_header_row(&r->rows[i], &r->layouts[r->nlayouts - 1])) {
            grow(&r->layouts, &cap, r->nlayouts + 1, sizeof *r->layouts);
            r->layouts[r->nlayouts++] = map_columns(r, i);
        }
}

/* The layout rows[i] is read by, *k the index of the last one (rows are
 * visited in order); NULL when rows[i] is a header. */
static const struct layout *row_layout(const struct reader *r, size_t i, size_t *k)
{
    while (*k + 1 < r->nlayouts && r->layouts[*k + 1].first <= i)
        ++*k;
    return r->layouts[*k].first == i ? NULL : &r->layouts[*k];
}

/* ---- the dialect, from every row ---- */

static const char *cell(const struct csv_row *row, int col)
{
    return col >= 0 && (size_t)col < row->n ? row->field[col] : "";
}

/* The columns of a layout whose cells decide a part of the dialect. */
typedef size_t (*columns_fn)(const struct layout *L, int *cols);

static size_t date_columns(const struct layout *L, int *cols)
{
    cols[0] = L->col[C_DATE];
    return 1;
}

static size_t odds_columns(const struct layout *L, int *cols)
{
    size_t k = 0;
    for (int s = 0; s < NODDS_SOURCES; s++)
        for (int j = 0; j < 3; j++)
            if (L->odds.col[s][j] >= 0)
                cols[k++] = L->odds.col[s][j];
    return k;
}

/* The cells of the columns of_layout names, over all rows, trimmed, with
 * lines: the pointers and the text in one allocation, sized by a first
 * pass (a file has thousands of odds cells). */
static size_t gather(const struct reader *r, columns_fn of_layout, char ***cells,
                     long **lines)
{
    size_t n = 0, text = 0;
    char *p = NULL;
    int cols[NODDS_SOURCES * 3];
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            *cells = xmalloc((n + 1) * sizeof **cells + text);
            *lines = xmalloc((n + 1) * sizeof **lines);
            p = (char *)(*cells + n + 1);
            n = 0;
        }
        size_t at = 0;
        for (size_t i = 1; i < r->n; i++) {
            const struct layout *L = row_layout(r, i, &at);
            size_t ncols = L ? of_layout(L, cols) : 0;
            for (size_t k = 0; k < ncols; k++) {
                const char *s = cell(&r->rows[i], cols[k]);
                size_t len = strlen(s) + 1;
                if (len == 1)
                    continue;
                if (pass == 0) {
                    text += len;
                } else {
                    (*cells)[n] = text_trim(memcpy(p, s, len));
                    (*lines)[n] = r->rows[i].line;
                    p += len;
                }
                n++;
            }
        }
    }
    return n;
}

static void free_cells(char **cells, long *lines)
{
    free(cells);
    free(lines);
}

static void decide_dialect(struct reader *r)
{
    char why[512], **cells = NULL; /* (gather sets both; -O3 cannot tell) */
    long *lines = NULL;
    size_t n = gather(r, date_columns, &cells, &lines);
    int decided = dialect_date_order(cells, lines, n, &r->dialect.order, why, sizeof why);
    if (decided < 0)
        die("%s: %s", r->name, why);
    if (decided > 0)
        warnf("%s: %s", r->name, why);
    free_cells(cells, lines);
    n = gather(r, odds_columns, &cells, &lines);
    if (dialect_decimal(cells, lines, n, &r->dialect.decimal, why,
                        sizeof why))
        die("%s: %s", r->name, why);
    free_cells(cells, lines);
}

/* ---- one row ---- */

/* The league of a row: by Div, or by Country and League. */
static const struct league *row_league(const struct reader *r, const struct layout *L,
                                       char *const *v, char *why, size_t len)
{
    const struct league_map *m = &r->im->leagues;
    const struct league *l;
    if (!L->extra) {
        if (!*v[C_DIV])
            return snprintf(why, len, "empty Div"), NULL;
        if (!(l = league_by_code(m, v[C_DIV])))
            snprintf(why, len, "unknown division '%s' (not in %s)", v[C_DIV], m->path);
        return l;
    }
    for (int c = C_COUNTRY; c <= C_LEAGUE; c++)
        if (!*v[c])
            return snprintf(why, len, "empty %s", col_names[c][0]), NULL;
    if (!(l = league_by_name(m, v[C_COUNTRY], v[C_LEAGUE])))
        snprintf(why, len, "unknown league '%s' of '%s' (not in %s: add its country and "
                 "competition)", v[C_LEAGUE], v[C_COUNTRY], m->path);
    return l;
}

/* The season of an extra-leagues row (from its Season column, or its date
 * in the fixtures form) or of any row under --season; NULL for a main-format
 * row, whose season comes from the whole file's dates. */
static const char *row_season(const struct reader *r, const struct layout *L, char *const *v,
                              const struct league *l, int date, char buf[8])
{
    if (r->im->season)
        return r->im->season;
    if (!L->extra)
        return NULL;
    if (L->col[C_SEASON] < 0) {
        season_of_league(date, l->calendar, buf);
        return buf;
    }
    return season_parse(v[C_SEASON], buf) ? "" : buf;
}

/* The result the score says: H, D or A. */
static char result_of(const struct fixture *f)
{
    return f->home_goals > f->away_goals ? 'H' : f->home_goals < f->away_goals ? 'A' : 'D';
}

/* Whether the result column (FTR, Res) of a played row says another
 * result than its goals, or something else than H, D or A: the row is
 * then not read as either (an empty column, or a row without goals,
 * says nothing). */
static int result_contradicts(const char *result, const struct fixture *f)
{
    if (!*result || f->home_goals == NO_GOALS)
        return 0;
    return result[1] != '\0' || result[0] != result_of(f);
}

static const char *parse_numbers(const struct layout *L, char *const *v, struct fixture *f,
                                 char *why, size_t len)
{
    int *goals[] = { &f->home_goals, &f->away_goals };
    f->home_goals = f->away_goals = NO_GOALS;
    for (int c = C_HG; L->goal_end && c <= C_AG; c++)
        if (parse_goals(v[c], goals[c - C_HG]))
            return snprintf(why, len, "bad %s '%s' (want a whole number from 0 to 99, or "
                            "empty)", L->col_name[c], v[c]), why;
    if ((f->home_goals == NO_GOALS) != (f->away_goals == NO_GOALS))
        return "one side's goals given without the other's";
    if (result_contradicts(v[C_RESULT], f))
        return snprintf(why, len, "%s '%s' contradicts the score %d-%d (want %c)",
                        L->col_name[C_RESULT], v[C_RESULT], f->home_goals, f->away_goals,
                        result_of(f)), why;
    f->stats_present = 0;
    for (int k = 0; k < NSTATS; k++) {
        const char *s = v[C_STATS + k];
        if (!*s)
            continue;
        if (parse_stat(s, &f->stats[k]))
            return snprintf(why, len, "bad %s '%s' (want a whole number, or empty)",
                            col_names[C_STATS + k][0], s), why;
        f->stats_present |= 1u << k;
    }
    return NULL;
}

/* The field of a second row that field col of its header would be in a
 * row holding two: the first row's last field runs into the second's
 * first, so that the second's field col (col > 0) comes header->n - 1
 * fields on; "" where the row is not that long. */
static const char *joined_cell(const struct layout *L, const struct csv_row *row, int col)
{
    size_t at = L->header->n - 1 + (size_t)col;
    return col > 0 && at < row->n ? row->field[at] : "";
}

/* Whether a row longer than its header goes on with a second match, a
 * date and two sides where the next row's would be: two rows joined where
 * a line end is missing (rows appended to a file whose last line had
 * none), the second's match lost unsaid. The site's own longer rows end
 * in a few cells past the header, never in a row's worth. */
static int holds_second_row(const struct reader *r, const struct layout *L,
                            const struct csv_row *row, char *why, size_t len)
{
    if (row->n <= L->header->n)
        return 0;
    char *date = text_field(joined_cell(L, row, L->col[C_DATE]));
    char *home = text_field(joined_cell(L, row, L->col[C_HOME]));
    char *away = text_field(joined_cell(L, row, L->col[C_AWAY]));
    int day, second = *home && *away && date_parse_ordered(date, r->dialect.order, &day) == 0;
    if (second)
        snprintf(why, len, "row goes on after its header's %zu fields with another match "
                 "(%s, %s v %s): a line end missing between two rows?", L->header->n, date,
                 home, away);
    free(date), free(home), free(away);
    return second;
}

/* Checks the trimmed text fields v of a row and fills f; NULL when the
 * row is good, else the reason (in why) it is not. */
static const char *parse_row(const struct reader *r, const struct layout *L,
                             const struct csv_row *row, char *const *v, struct fixture *f,
                             char *why, size_t len)
{
    /* Rows shorter than their header are the site's own, but end with a
     * line end: a last row without one is a file cut short, its last
     * number perhaps cut too. */
    if (row->unterminated && row->n < L->header->n)
        return snprintf(why, len, "the file ends in this row, without a line end, after "
                        "field %zu (%s) of the header's %zu: cut short?", row->n,
                        L->header->field[row->n - 1], L->header->n), why;
    if (L->goal_end && row->n < L->goal_end)
        return snprintf(why, len, "row ends after field %zu (%s), before the goals (%s in "
                        "field %zu of the header)", row->n, L->header->field[row->n - 1],
                        L->col_name[C_HG], L->goal_end), why;
    if (holds_second_row(r, L, row, why, len))
        return why;
    const struct league *l = row_league(r, L, v, why, len);
    if (!l)
        return why;
    if (date_parse_ordered(v[C_DATE], r->dialect.order, &f->date))
        return snprintf(why, len, "bad date '%s' (want %s)", v[C_DATE],
                        r->dialect.order == DAY_FIRST ? "dd/mm/yy, dd/mm/yyyy or yyyy-mm-dd"
                                                      : "mm/dd/yy, mm/dd/yyyy or yyyy-mm-dd"), why;
    for (int c = C_HOME; c <= C_AWAY; c++)
        if (!*v[c])
            return snprintf(why, len, "empty %s", L->col_name[c]), why;
    if (strcmp(v[C_HOME], v[C_AWAY]) == 0)
        return snprintf(why, len, "'%s' cannot play itself", v[C_HOME]), why;
    const char *bad = parse_numbers(L, v, f, why, len);
    if (bad)
        return bad;
    char buf[8];
    const char *season = row_season(r, L, v, l, f->date, buf);
    if (season && !*season)
        return snprintf(why, len, "bad Season '%s' (want 2012 or 2012/2013)", v[C_SEASON]), why;
    if (season && season_check(season, f->date))
        return snprintf(why, len, "season %s (%s) does not hold the date %s", season,
                        r->im->season ? "--season" : "Season", v[C_DATE]), why;
    const struct team_aliases *t = &r->im->teams;
    f->league = xstrdup(l->slug);
    f->season = season ? xstrdup(season) : NULL;
    f->home = xstrdup(teams_resolve(t, l->slug, v[C_HOME]));
    f->away = xstrdup(teams_resolve(t, l->slug, v[C_AWAY]));
    f->odds_source = (int)odds_pick(&L->odds, row->field, row->n, r->dialect.decimal, f->odds);
    return NULL;
}

static void import_row(struct reader *r, const struct layout *L, const struct csv_row *row,
                       struct fixture_set *set)
{
    char *v[NCOLS], why[512];
    struct fixture f = { 0 };
    for (int c = 0; c < NCOLS; c++)
        v[c] = text_field(cell(row, L->col[c]));
    const char *reason = row->nul_byte ? "NUL byte in a field"
                                       : parse_row(r, L, row, v, &f, why, sizeof why);
    for (int c = 0; c < NCOLS; c++)
        free(v[c]);
    if (reason) {
        row_error(&r->errors, row->line, "%s", reason);
        return;
    }
    f.line = row->line;
    f.source = r->name;
    grow(&set->v, &set->cap, set->n + 1, sizeof f);
    set->v[set->n++] = f;
}

/* Main-format rows (those without a season yet) get their seasons from
 * the file's dates; a file of several seasons is said so once. */
static void main_seasons(const struct reader *r, struct fixture_set *set, size_t start)
{
    size_t n = 0, *at = xmalloc((set->n - start + 1) * sizeof *at);
    for (size_t i = start; i < set->n; i++)
        if (!set->v[i].season)
            at[n++] = i;
    int *dates = xmalloc((n + 1) * sizeof *dates);
    char(*labels)[8] = xmalloc((n + 1) * sizeof *labels);
    for (size_t i = 0; i < n; i++)
        dates[i] = set->v[at[i]].date;
    size_t seasons = seasons_by_date(dates, n, labels);
    for (size_t i = 0; i < n; i++)
        set->v[at[i]].season = xstrdup(labels[i]);
    if (seasons > 1)
        warnf("%s: matches of %zu seasons; each row's season follows its date", r->name,
              seasons);
    free(at);
    free(dates);
    free(labels);
}

const struct team_aliases *importer_teams(struct importer *im)
{
    if (!im->teams_loaded && im->teams.path)
        teams_load(&im->teams);
    im->teams_loaded = 1;
    return &im->teams;
}

static void load_tables(struct importer *im)
{
    if (!im->leagues_loaded)
        leagues_load(&im->leagues);
    im->leagues_loaded = 1;
    importer_teams(im);
}

/* Dies when the file ends in its header, without a line end: the site
 * ends every line, so that this is a download cut in its first line, whose
 * rows (for an extra-leagues file, a league's whole history) are all lost,
 * though the header may name every column the import needs. */
static void require_header_end(const struct reader *r)
{
    const struct csv_row *h = &r->rows[0];
    if (r->n == 1 && h->unterminated)
        die("%s:%ld: the file ends in its header, without a line end, after field %zu (%s): "
            "cut short?", r->name, h->line, h->n, h->field[h->n - 1]);
}

static size_t import_football_data(struct reader *r, struct fixture_set *set)
{
    size_t start = set->n, at = 0;
    require_header_end(r);
    map_headers(r);
    load_tables(r->im);
    decide_dialect(r);
    for (size_t i = 1; i < r->n; i++) {
        const struct layout *L = row_layout(r, i, &at);
        if (L)
            import_row(r, L, &r->rows[i], set);
    }
    main_seasons(r, set, start);
    return row_errors_end(&r->errors);
}

/* ---- canonical input ---- */

/* Whether mending (text_field) and the alias table leave a name as it is;
 * league NULL for a name that is not a team's. */
static int name_as_mended(const struct team_aliases *teams, const char *league,
                          const char *name)
{
    return text_field_unchanged(name) && (!league || teams_resolve(teams, league, name) == name);
}

/* name_as_mended's answers for the names of a row image's rows, by the
 * names' pointers: the rows share their names' text (rowimage.h), a file's
 * hundreds of rows a few dozen names, which are then checked once, not at
 * every row (the alias table's strcmp were a tenth of the merge). */
#define NAME_MEMO 128
struct name_memo {
    const char *league, *name;
    int as_mended;
};

static int name_as_mended_memo(struct name_memo *memo, const struct team_aliases *teams,
                               const char *league, const char *name)
{
    uintptr_t bits = (uintptr_t)name ^ (uintptr_t)league >> 4;
    struct name_memo *m = &memo[(size_t)((bits * 0x9E3779B97F4A7C15u) >> 32) % NAME_MEMO];
    if (m->name != name || m->league != league)
        *m = (struct name_memo){ league, name, name_as_mended(teams, league, name) };
    return m->as_mended;
}

/* Whether the names of f are as mending and the alias table would leave
 * them: then they are kept as they are, where they are (a row image's
 * text stays borrowed): most rows, whose mended copies were ten
 * allocations a row of the merge. The memo serves borrowed rows only: an
 * owned name may be freed by mending, and its address reused. */
static int names_as_mended(struct name_memo *memo, const struct team_aliases *teams,
                           const struct fixture *f)
{
    const char *league[] = { NULL, NULL, f->league, f->league };
    const char *name[] = { f->league, f->season, f->home, f->away };
    for (int k = 0; k < 4; k++)
        if (!(f->borrowed ? name_as_mended_memo(memo, teams, league[k], name[k])
                          : name_as_mended(teams, league[k], name[k])))
            return 0;
    return 1;
}

/* The names of f mended to UTF-8 (text_field), its teams named through the
 * alias table, each a copy of its own. */
static void mend_names(const struct team_aliases *teams, struct fixture *f)
{
    char **text[] = { &f->league, &f->season, &f->home, &f->away };
    for (size_t k = 0; k < sizeof text / sizeof text[0]; k++) {
        char *mended = text_field(*text[k]);
        if (k >= 2) {
            char *named = xstrdup(teams_resolve(teams, f->league, mended));
            free(mended);
            mended = named;
        }
        if (!f->borrowed)
            free(*text[k]);
        *text[k] = mended;
    }
    f->borrowed = 0; /* (its four names are its own now) */
}

/* Canonical rows keep their league and season; their text is mended to
 * UTF-8 and their team names resolved. A regular file is read by path, so
 * that its rows come from its row image when there is one (rowimage.h):
 * the pipeline merges the same few hundred imports every week. Any other
 * input (stdin, a pipe) is read from its text in buf. */
static size_t import_canonical(struct importer *im, char *buf, size_t len, int regular,
                               const char *path, struct fixture_set *set)
{
    size_t start = set->n, bad;
    if (!regular) {
        FILE *fp = memory_stream(buf, len, path);
        bad = fixtures_read_input(fp, path, set);
        fclose(fp);
    } else {
        bad = fixtures_read_path_input(path, set);
    }
    /* A fixture its file also gives played goes for its result, said;
     * the reader reported (and counted) a match its file holds twice
     * otherwise, and kept both rows: the repeats go here, unsaid again. A
     * repeat that only the names mended below make is said by the
     * caller's drop_repeated_matches. A file without bad rows holds no
     * repeat, then (the fixtures gone): its matches are not looked for a
     * second time, as the merge's 247 imports, from their images, are. */
    drop_played_fixtures(set, start);
    if (bad)
        drop_repeated_matches(set, start, 0);
    importer_teams(im);
    struct name_memo memo[NAME_MEMO] = { { NULL, NULL, 0 } };
    for (size_t i = start; i < set->n; i++) {
        if (!names_as_mended(memo, &im->teams, &set->v[i]))
            mend_names(&im->teams, &set->v[i]);
        set->v[i].source = path;
    }
    return bad;
}

/* ---- one input ---- */

/* Whether a header line holding no quote is the canonical header: the
 * file is then read once, by the canonical reader, not also into rows.
 * (A quoted header, which may span lines, is read with the file.) */
static int canonical_header_line(char *line, char delim, const char *path)
{
    if (strchr(line, '"'))
        return 0;
    struct reader h = { .name = path };
    FILE *fp = memory_stream(line, strlen(line), path);
    int canonical = csv_rows_read_delim(fp, path, delim, on_row, &h) == 0 && h.n > 0 &&
                    is_canonical_header(&h.rows[0]);
    fclose(fp);
    free_rows(&h);
    return canonical;
}

/* Canonical CSV is written with commas: another delimiter is not it. */
static void require_commas(const char *path, char delim)
{
    if (delim != ',')
        die("%s:1: canonical CSV is written with commas, this file with %s", path,
            delim == ';' ? "semicolons" : "tabs");
}

/* The header line, for telling the delimiter: the first line holding
 * more than blanks and delimiters (the CSV reader skips such lines too),
 * BOM dropped; NULL when there is none. A NUL byte in it is fatal: not
 * a text file. */
static char *header_line(const char *path, const char *buf, size_t len)
{
    const char *end = buf + len;
    long line = 1;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        buf += 3;
    while (buf < end) {
        const char *eol = buf;
        while (eol < end && *eol != '\n' && *eol != '\r')
            eol++;
        size_t n = (size_t)(eol - buf), blank = 0;
        while (blank < n && strchr(" ,;\t", buf[blank]) && buf[blank])
            blank++;
        if (blank < n) {
            if (memchr(buf, '\0', n))
                die("%s:%ld: NUL byte in the header: not a CSV text file", path, line);
            char *copy = xmalloc(n + 1);
            memcpy(copy, buf, n);
            copy[n] = '\0';
            return copy;
        }
        line += eol < end && *eol == '\n';
        buf = eol + (eol < end);
    }
    return NULL;
}

size_t import_path(struct importer *im, const char *path, struct fixture_set *set)
{
    size_t len, bad;
    int regular;
    char *buf = slurp(path, &len, &regular), why[512];
    if (len >= 2 && ((buf[0] == '\xFF' && buf[1] == '\xFE') ||
                     (buf[0] == '\xFE' && buf[1] == '\xFF')))
        die("%s: UTF-16 text (a spreadsheet's \"Unicode text\"): save it as CSV, UTF-8 "
            "or Windows-1252", path);
    struct reader r = { .im = im, .name = path, .errors = { path, 0 } };
    char *line = header_line(path, buf, len);
    if (!line)
        die("%s: empty input: no header line", path);
    if (dialect_delimiter(line, known_columns, &r.dialect.delim, why, sizeof why))
        die("%s:1: %s", path, why);
    int canonical = canonical_header_line(line, r.dialect.delim, path);
    free(line);
    if (canonical) {
        require_commas(path, r.dialect.delim);
        bad = import_canonical(im, buf, len, regular, path, set);
        free(buf);
        return bad;
    }
    FILE *fp = memory_stream(buf, len, path);
    if (csv_rows_read_delim(fp, path, r.dialect.delim, on_row, &r) != 0)
        exit_failure();
    fclose(fp);
    if (r.n == 0)
        die("%s: empty input: no header line", path);
    if (is_canonical_header(&r.rows[0])) {
        require_commas(path, r.dialect.delim);
        bad = import_canonical(im, buf, len, regular, path, set);
    } else {
        bad = import_football_data(&r, set);
    }
    free_rows(&r);
    free(buf);
    return bad;
}

void importer_free(struct importer *im)
{
    leagues_free(&im->leagues);
    teams_free(&im->teams);
}
