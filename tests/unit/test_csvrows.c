/* test_csvrows.c: rows through csvrows' reused buffers keep each field
 * whole (a long row, then a shorter one, quoted commas, an empty field, a
 * NUL byte), the last row without a line end is flagged, rows know their
 * lines whichever line ends (LF, CRLF, CR) a file has, and fixtures read
 * without keys are the rows read with them.
 * TAP output. */
#define _GNU_SOURCE /* fmemopen */
#include "csvrows.h"
#include "fixtures.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* Every row's fields joined by '|', rows by '/'. */
struct seen {
    char text[4096];
    int nul_rows;
    long unterminated_line; /* of the row flagged unterminated; 0: none */
    char lines[256];        /* each row's line, a space after each */
};

static void on_row(const struct csv_row *row, void *data)
{
    struct seen *s = data;
    for (size_t i = 0; i < row->n; i++) {
        strcat(s->text, row->field[i]);
        strcat(s->text, i + 1 < row->n ? "|" : "/");
    }
    s->nul_rows += row->nul_byte;
    if (row->unterminated)
        s->unterminated_line = row->line;
    snprintf(s->lines + strlen(s->lines), sizeof s->lines - strlen(s->lines), "%ld ", row->line);
}

static void read_text(const char *what, const char *text, size_t len, struct seen *s)
{
    FILE *fp = fmemopen((void *)text, len, "r");
    memset(s, 0, sizeof *s);
    ok(csv_rows_read(fp, "t.csv", on_row, s) == 0, "read %s", what);
    fclose(fp);
}

static void test_fields(void)
{
    struct seen s;
    char wide[2048] = "", expect[2100] = "";
    for (int i = 0; i < 130; i++) {
        char f[16];
        snprintf(f, sizeof f, "%sf%d", i ? "," : "", i);
        strcat(wide, f);
        strcat(expect, f + (i > 0));
        strcat(expect, i < 129 ? "|" : "/");
    }
    strcat(wide, "\na,\"b,c\",,d\n,,\nlast\n");
    strcat(expect, "a|b,c||d/last/");
    read_text("rows of 130, 4, 0 and 1 fields", wide, strlen(wide), &s);
    ok(strcmp(s.text, expect) == 0, "130 fields, then 4, then 1: each whole (%s)",
       s.text + strlen(s.text) - 16);
    static const char nul[] = "a,b\nx\0y,z\n";
    read_text("a row with a NUL byte", nul, sizeof nul - 1, &s);
    ok(s.nul_rows == 1 && strcmp(s.text, "a|b/x|z/") == 0, "NUL byte: flagged, field cut");
}

static void test_unterminated(void)
{
    struct seen s;
    static const char ended[] = "a,b\r\nc,d\r\n", cut[] = "a,b\nc,d\ne,f", quoted[] = "a\n\"e,f\"";
    read_text("rows each with its line end", ended, sizeof ended - 1, &s);
    ok(s.unterminated_line == 0, "CRLF after the last row: none flagged");
    read_text("a last row without a line end", cut, sizeof cut - 1, &s);
    ok(s.unterminated_line == 3 && strcmp(s.text, "a|b/c|d/e|f/") == 0,
       "no line end after the last row: it alone is flagged (line %ld)", s.unterminated_line);
    read_text("a last quoted field without a line end", quoted, sizeof quoted - 1, &s);
    ok(s.unterminated_line == 2, "a quoted last field: flagged too");
}

static void test_line_ends(void)
{
    struct seen s;
    static const char mac[] = "a,b\rc,d\r\re,f\r", mixed[] = "a\r\nb\rc\nd", quoted[] = "\"a\rb\",c\rd\r";
    read_text("classic Mac line ends (CR)", mac, sizeof mac - 1, &s);
    ok(strcmp(s.text, "a|b/c|d/e|f/") == 0 && strcmp(s.lines, "1 2 4 ") == 0,
       "CR line ends: each row its own line (%s)", s.lines);
    read_text("CRLF, CR and LF in one file", mixed, sizeof mixed - 1, &s);
    ok(strcmp(s.lines, "1 2 3 4 ") == 0 && s.unterminated_line == 4,
       "CRLF, CR, LF: lines 1 to 4 (%s)", s.lines);
    read_text("a CR inside a quoted field", quoted, sizeof quoted - 1, &s);
    ok(strcmp(s.text, "a\rb|c/d/") == 0 && strcmp(s.lines, "2 3 ") == 0,
       "a CR in quotes: kept, the row ends on line 2 (%s)", s.lines);
}

static void test_unkeyed(void)
{
    static const char csv[] =
        "league,season,date,home_team,away_team,home_goals,away_goals,odds_home,"
        "odds_draw,odds_away\n"
        "serie_a,2023-24,2023-08-19,Empoli,Verona,0,1,2.5,3.1,3\n"
        "serie_a,2023-24,2023-08-19,Frosinone,Napoli,1,3,,,\n";
    struct fixture_set keyed = { 0 }, unkeyed = { 0 };
    FILE *fp = fmemopen((void *)csv, sizeof csv - 1, "r");
    ok(fixtures_read(fp, "t.csv", &keyed) == 0, "keyed read");
    fclose(fp);
    fp = fmemopen((void *)csv, sizeof csv - 1, "r");
    ok(fixtures_read_unkeyed(fp, "t.csv", &unkeyed) == 0, "unkeyed read");
    fclose(fp);
    ok(keyed.n == 2 && unkeyed.n == 2, "two rows each");
    int same = 1, keys = 1, zero = 1;
    for (size_t i = 0; i < keyed.n && i < unkeyed.n; i++) {
        const struct fixture *k = &keyed.v[i], *u = &unkeyed.v[i];
        same &= !strcmp(k->home, u->home) && !strcmp(k->away, u->away) &&
                k->date == u->date && k->home_goals == u->home_goals &&
                k->odds[0] == u->odds[0];
        keys &= k->home_key > 0 && k->away_key > 0;
        zero &= u->home_key == 0 && u->away_key == 0;
    }
    ok(same, "the same rows");
    ok(keys && keyed.v[0].home_key == 1 && keyed.v[1].away_key == 3,
       "keyed: ranks of the names (Empoli 1, Napoli 3)");
    ok(zero, "unkeyed: keys 0");
    fixtures_free(&keyed);
    fixtures_free(&unkeyed);
}

int main(void)
{
    set_progname("test_csvrows");
    test_fields();
    test_unterminated();
    test_line_ends();
    test_unkeyed();
    return done_testing();
}
