/* import-fixtures: football-data.co.uk CSV of any era, or canonical CSV, in;
 * one canonical fixtures CSV, merged and sorted by date, out (docs/design.md §2, §3).
 *
 * Every input row is either written or reported as "file:line: reason";
 * reported rows make the exit status 1 but do not stop the good ones. */
#define _GNU_SOURCE /* getopt_long, fmemopen */
#include "csvrows.h"
#include "date.h"
#include "fixtures.h"
#include "publish.h"
#include "text.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_LEAGUES "data/leagues.csv"

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: %s [-L leagues.csv] [--season YYYY-YY] [-o FILE] [FILE...]\n"
            "  Converts football-data.co.uk CSV (or canonical CSV) to canonical\n"
            "  fixtures CSV, all files merged and sorted by date. FILE '-' or\n"
            "  none reads stdin.\n"
            "  -L FILE          division code to league map (default $LEAGUEFIT_LEAGUES,\n"
            "                   else " DEFAULT_LEAGUES ")\n"
            "  --season YYYY-YY season of every football-data row (default: from the\n"
            "                   earliest date in each file)\n"
            "  -o FILE          publish to FILE, never replacing it (exit 3 if it exists)\n"
            "  -h               this help\n",
            progname);
}

/* ---- division code → league slug (leagues.csv) ---- */

struct league { char *code, *slug; };

struct league_map {
    const char *path;
    struct league *v;
    size_t n, cap;
    int code_col, slug_col; /* -1 until the header is read */
    int loaded;
};

static int column_of(const struct csv_row *row, const char *name)
{
    for (size_t i = 0; i < row->n; i++)
        if (strcmp(row->field[i], name) == 0)
            return (int)i;
    return -1;
}

static const char *field_at(const struct csv_row *row, int col)
{
    return col >= 0 && (size_t)col < row->n ? row->field[col] : "";
}

static const char *slug_of(const struct league_map *m, const char *code)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->v[i].code, code) == 0)
            return m->v[i].slug;
    return NULL;
}

static void on_league_row(const struct csv_row *row, void *data)
{
    struct league_map *m = data;
    if (m->code_col < 0) {
        m->code_col = column_of(row, "code");
        m->slug_col = column_of(row, "league");
        if (m->code_col < 0 || m->slug_col < 0)
            die("%s:%ld: header must have columns 'code' and 'league'", m->path,
                row->line);
        return;
    }
    const char *code = field_at(row, m->code_col), *slug = field_at(row, m->slug_col);
    if (!*code || !*slug)
        die("%s:%ld: empty code or league", m->path, row->line);
    if (slug_of(m, code))
        die("%s:%ld: code '%s' given twice", m->path, row->line, code);
    grow(&m->v, &m->cap, m->n + 1, sizeof *m->v);
    m->v[m->n++] = (struct league){ xstrdup(code), xstrdup(slug) };
}

static void leagues_load(struct league_map *m)
{
    FILE *fp = fopen(m->path, "rb");
    if (!fp)
        die("%s: %s", m->path, strerror(errno));
    m->code_col = m->slug_col = -1;
    if (csv_rows_read(fp, m->path, on_league_row, m) != 0)
        exit_failure();
    fclose(fp);
    if (m->code_col < 0)
        die("%s: empty input: no header line", m->path);
    m->loaded = 1;
}

static void leagues_free(struct league_map *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->v[i].code);
        free(m->v[i].slug);
    }
    free(m->v);
}

/* ---- one football-data.co.uk file ---- */

enum col { C_DIV, C_DATE, C_HOME, C_AWAY, C_HG, C_AG, NCOLS };

/* Header names of each column, in every era and division. */
static const char *const col_names[NCOLS][4] = {
    { "Div" }, { "Date" }, { "HomeTeam", "HT", "Home" },
    { "AwayTeam", "AT", "Away" }, { "FTHG", "HG" }, { "FTAG", "AG" },
};

/* Odds sources in order of preference (docs/design.md §3): Pinnacle closing, market
 * average (two eras of names), Bet365. */
static const char *const odds_sources[] = { "PSC", "Avg", "BbAv", "B365" };
#define NSOURCES (sizeof odds_sources / sizeof odds_sources[0])

struct importer {
    const char *name;
    struct league_map *leagues;
    struct fixture_set *set;
    int have_header, canonical;
    int col[NCOLS];
    const char *col_name[NCOLS]; /* the header name found, for messages */
    int odds_col[NSOURCES][3];   /* -1 where the source is absent */
    size_t bad;
};

/* Canonical CSV is recognised by its own column names. */
static int is_canonical_header(const struct csv_row *row)
{
    return column_of(row, "league") >= 0 && column_of(row, "home_team") >= 0;
}

_Noreturn static void missing_column(const char *name, long line,
                                     const char *const names[4])
{
    char also[64] = "";
    for (int k = 1; k < 4 && names[k]; k++) {
        strcat(also, k == 1 ? " (or " : ", ");
        strcat(also, names[k]);
    }
    die("%s:%ld: missing column '%s'%s%s in header", name, line, names[0], also,
        *also ? ")" : "");
}

static void map_columns(struct importer *im, const struct csv_row *row)
{
    for (int c = 0; c < NCOLS; c++) {
        im->col[c] = -1;
        for (int k = 0; k < 4 && col_names[c][k] && im->col[c] < 0; k++) {
            im->col[c] = column_of(row, col_names[c][k]);
            im->col_name[c] = col_names[c][k];
        }
        if (im->col[c] < 0)
            missing_column(im->name, row->line, col_names[c]);
    }
    for (size_t s = 0; s < NSOURCES; s++)
        for (int k = 0; k < 3; k++) {
            char name[16];
            snprintf(name, sizeof name, "%s%c", odds_sources[s], "HDA"[k]);
            im->odds_col[s][k] = column_of(row, name);
        }
}

/* The first source whose three odds are all there and above 1; the market
 * files leave a bookmaker's cells empty when it priced no line. */
static void pick_odds(const struct importer *im, const struct csv_row *row,
                      double odds[3])
{
    for (size_t s = 0; s < NSOURCES; s++) {
        int k;
        for (k = 0; k < 3; k++)
            if (parse_double(field_at(row, im->odds_col[s][k]), &odds[k]) ||
                odds[k] <= 1.0)
                break;
        if (k == 3)
            return;
    }
    odds[0] = odds[1] = odds[2] = 0;
}


/* Checks the text fields v of one row and fills f; returns NULL when the
 * row is good, else the reason (in why) it is not. */
static const char *parse_row(const struct importer *im, char *const v[NCOLS],
                             struct fixture *f, char *why, size_t whylen)
{
    if (!*v[C_DIV])
        return "empty Div";
    const char *slug = slug_of(im->leagues, v[C_DIV]);
    if (!slug) {
        snprintf(why, whylen, "unknown division '%s' (not in %s)", v[C_DIV],
                 im->leagues->path);
        return why;
    }
    if (date_parse_dmy(v[C_DATE], &f->date)) {
        snprintf(why, whylen, "bad date '%s' (want dd/mm/yy or dd/mm/yyyy)", v[C_DATE]);
        return why;
    }
    for (int c = C_HOME; c <= C_AWAY; c++)
        if (!*v[c]) {
            snprintf(why, whylen, "empty %s", im->col_name[c]);
            return why;
        }
    if (strcmp(v[C_HOME], v[C_AWAY]) == 0) {
        snprintf(why, whylen, "'%s' cannot play itself", v[C_HOME]);
        return why;
    }
    int *goals[] = { &f->home_goals, &f->away_goals };
    for (int c = C_HG; c <= C_AG; c++)
        if (parse_goals(v[c], goals[c - C_HG])) {
            snprintf(why, whylen, "bad %s '%s' (want a whole number from 0 to 99, or empty)",
                     im->col_name[c], v[c]);
            return why;
        }
    if ((f->home_goals == NO_GOALS) != (f->away_goals == NO_GOALS))
        return "one side's goals given without the other's";
    f->league = xstrdup(slug);
    f->season = NULL; /* known once the whole file is read */
    f->home = xstrdup(v[C_HOME]);
    f->away = xstrdup(v[C_AWAY]);
    return NULL;
}

static void import_row(struct importer *im, const struct csv_row *row)
{
    char *v[NCOLS], why[512];
    struct fixture f = { 0 };
    for (int c = 0; c < NCOLS; c++)
        v[c] = text_trim(text_to_utf8(field_at(row, im->col[c])));
    const char *reason = row->nul_byte ? "NUL byte in a field"
                                       : parse_row(im, v, &f, why, sizeof why);
    for (int c = 0; c < NCOLS; c++)
        free(v[c]);
    if (reason) {
        warnf("%s:%ld: %s", im->name, row->line, reason);
        im->bad++;
        return;
    }
    pick_odds(im, row, f.odds);
    f.line = row->line;
    grow(&im->set->v, &im->set->cap, im->set->n + 1, sizeof f);
    im->set->v[im->set->n++] = f;
}

static void on_row(const struct csv_row *row, void *data)
{
    struct importer *im = data;
    if (im->canonical)
        return; /* read again by fixtures_read */
    if (!im->have_header) {
        im->have_header = 1;
        im->canonical = is_canonical_header(row);
        if (!im->canonical) {
            if (!im->leagues->loaded)
                leagues_load(im->leagues);
            map_columns(im, row);
        }
        return;
    }
    import_row(im, row);
}

/* ---- inputs ---- */

/* The whole input, so that it can be read twice when it turns out to be
 * canonical CSV (stdin cannot be rewound). */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!fp)
        die("%s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0, got;
    char *buf = xmalloc(cap);
    while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap)
            buf = xrealloc(buf, cap *= 2);
    }
    if (ferror(fp))
        die("%s: read error: %s", path, strerror(errno));
    if (fp != stdin)
        fclose(fp);
    *len = n;
    return buf;
}

static FILE *memory_stream(char *buf, size_t len, const char *path)
{
    FILE *fp = fmemopen(buf, len, "r");
    if (!fp)
        die("%s: %s", path, strerror(errno));
    return fp;
}

/* Canonical rows keep their own season; only their encoding is mended. */
static size_t import_canonical(char *buf, size_t len, const char *path,
                               struct fixture_set *set)
{
    size_t start = set->n;
    FILE *fp = memory_stream(buf, len, path);
    size_t bad = fixtures_read(fp, path, set);
    fclose(fp);
    for (size_t i = start; i < set->n; i++) {
        char **text[] = { &set->v[i].league, &set->v[i].season, &set->v[i].home,
                          &set->v[i].away };
        for (size_t k = 0; k < sizeof text / sizeof text[0]; k++) {
            char *mended = text_to_utf8(*text[k]);
            free(*text[k]);
            *text[k] = mended;
        }
    }
    return bad;
}

/* A file's season is that of its earliest match, so that a season running
 * into the next summer (2019-20) stays one season. */
static void set_season(struct fixture_set *set, size_t start, const char *season)
{
    char buf[8];
    if (!season && start < set->n) {
        int first = set->v[start].date;
        for (size_t i = start; i < set->n; i++)
            if (set->v[i].date < first)
                first = set->v[i].date;
        season_of(first, buf);
        season = buf;
    }
    for (size_t i = start; i < set->n; i++)
        set->v[i].season = xstrdup(season);
}

/* Reads one input into set; returns the number of rows reported. */
static size_t import_path(const char *path, struct league_map *leagues,
                          const char *season, struct fixture_set *set)
{
    size_t len, start = set->n;
    char *buf = slurp(path, &len);
    struct importer im = { .name = path, .leagues = leagues, .set = set };
    FILE *fp = memory_stream(buf, len, path);
    if (csv_rows_read(fp, path, on_row, &im) != 0)
        exit_failure();
    fclose(fp);
    if (!im.have_header)
        die("%s: empty input: no header line", path);
    if (im.canonical)
        im.bad += import_canonical(buf, len, path, set);
    else
        set_season(set, start, season);
    free(buf);
    return im.bad;
}

/* ---- duplicates across all inputs ---- */

/* The identity of a match: league, date and the two sides. */
static int cmp_key(const struct fixture *x, const struct fixture *y)
{
    int c;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    if ((c = strcmp(x->league, y->league)) || (c = strcmp(x->home, y->home)))
        return c;
    return strcmp(x->away, y->away);
}

/* By match, then by position in the set, which is input order. */
static int cmp_match(const void *a, const void *b)
{
    const struct fixture *x = *(const struct fixture *const *)a;
    const struct fixture *y = *(const struct fixture *const *)b;
    int c = cmp_key(x, y);
    return c ? c : (x > y) - (x < y);
}

static void free_fixture(struct fixture *f)
{
    free(f->league);
    free(f->season);
    free(f->home);
    free(f->away);
}

/* Reports every repeat of a match already read (file[i] names the input of
 * set->v[i]) and drops it; returns how many were dropped. */
static size_t drop_duplicates(struct fixture_set *set, const char *const *file)
{
    size_t n = set->n, kept = 0;
    const struct fixture **by_match = xmalloc(n * sizeof *by_match);
    size_t *first_of = xmalloc(n * sizeof *first_of); /* SIZE_MAX: no earlier */
    for (size_t i = 0; i < n; i++)
        by_match[i] = &set->v[i];
    qsort(by_match, n, sizeof *by_match, cmp_match);
    for (size_t i = 0, first = 0; i < n; i++) {
        if (cmp_key(by_match[i], by_match[first]) != 0)
            first = i;
        first_of[by_match[i] - set->v] =
            i == first ? SIZE_MAX : (size_t)(by_match[first] - set->v);
    }
    /* Report first and drop after, while every row is still in place. */
    for (size_t i = 0; i < n; i++) {
        const struct fixture *f = &set->v[i];
        size_t j = first_of[i];
        char date[11];
        if (j == SIZE_MAX)
            continue;
        date_format(f->date, date);
        warnf("%s:%ld: duplicate match %s %s %s v %s (first at %s:%ld)", file[i],
              f->line, f->league, date, f->home, f->away, file[j], set->v[j].line);
    }
    for (size_t i = 0; i < n; i++) {
        if (first_of[i] == SIZE_MAX)
            set->v[kept++] = set->v[i];
        else
            free_fixture(&set->v[i]);
    }
    set->n = kept;
    free(first_of);
    free(by_match);
    return n - kept;
}

/* ---- main ---- */

/* "YYYY-YY" with the second year the one after the first. */
static int valid_season(const char *s)
{
    if (strlen(s) != 7 || s[4] != '-' || strspn(s, "0123456789") != 4 ||
        strspn(s + 5, "0123456789") != 2)
        return 0;
    return (atoi(s) + 1) % 100 == atoi(s + 5);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "season", required_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct league_map leagues = { 0 };
    const char *season = NULL, *out_path = NULL;
    int opt;
    set_progname(argv[0]);
    argv[0] = (char *)progname; /* getopt's messages name argv[0] */
    leagues.path = getenv("LEAGUEFIT_LEAGUES");
    if (!leagues.path || !*leagues.path)
        leagues.path = DEFAULT_LEAGUES;
    while ((opt = getopt_long(argc, argv, "hL:o:", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            usage(stdout);
            close_stdout();
            return EXIT_OK;
        case 'L':
            leagues.path = optarg;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 's':
            season = optarg;
            if (!valid_season(season))
                die_code(EXIT_USAGE, "bad season '%s' (want YYYY-YY, e.g. 2023-24)",
                         season);
            break;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }

    static char *const stdin_only[] = { "-", NULL };
    char *const *inputs = optind < argc ? argv + optind : stdin_only;
    struct fixture_set set = { 0 };
    const char **file = NULL; /* file[i]: the input set.v[i] came from */
    size_t file_cap = 0, bad = 0;
    for (; *inputs; inputs++) {
        size_t start = set.n;
        bad += import_path(*inputs, &leagues, season, &set);
        grow(&file, &file_cap, set.n, sizeof *file);
        for (size_t i = start; i < set.n; i++)
            file[i] = *inputs;
    }
    bad += drop_duplicates(&set, file);
    fixtures_sort(&set);

    if (bad && out_path)
        die("%zu bad rows; %s not written", bad, out_path);
    struct output out;
    FILE *fp = output_open(&out, out_path);
    fixture_write_header(fp);
    for (size_t i = 0; i < set.n; i++)
        fixture_write(fp, &set.v[i]);
    output_commit(&out);
    fixtures_free(&set);
    free(file);
    leagues_free(&leagues);
    return bad ? EXIT_FAIL : EXIT_OK;
}
