/* test_fixture_line.c: a row's canonical line (fixture_line, which every
 * writer and every data version's digest use) is the line a plain stdio
 * writer makes by the format's rules: fields quoted where a separator, a
 * quote or a line break is in them or a blank at either end, their quotes
 * doubled; the date as YYYY-MM-DD; goals, odds, odds source and the
 * statistics in their columns. Random rows of every kind, in and out of
 * date order; the header; a lone field. TAP. */
#define _GNU_SOURCE /* open_memstream */
#include "date.h"
#include "fixtures.h"
#include "json.h"
#include "odds.h"
#include "rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* ---- the rules, written out with stdio ---- */

static void field_by_rule(FILE *fp, const char *s)
{
    size_t n = strlen(s);
    int quote = strpbrk(s, ",\"\r\n") != NULL ||
                (n > 0 && (strchr(" \t", s[0]) || strchr(" \t", s[n - 1])));
    if (!quote) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++)
        fputs(*s == '"' ? "\"\"" : (char[]){ *s, '\0' }, fp);
    fputc('"', fp);
}

static char *line_by_rule(const struct fixture *f, struct fixture_columns cols)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    int y, m, d;
    civil_from_days(f->date, &y, &m, &d);
    field_by_rule(fp, f->league);
    fputc(',', fp);
    field_by_rule(fp, f->season);
    fprintf(fp, ",%04d-%02d-%02d,", y, m, d);
    field_by_rule(fp, f->home);
    fputc(',', fp);
    field_by_rule(fp, f->away);
    if (f->home_goals == NO_GOALS)
        fputs(",,", fp);
    else
        fprintf(fp, ",%d,%d", f->home_goals, f->away_goals);
    for (int k = 0; k < 3; k++) {
        char num[32] = "";
        if (f->odds[k] > 0)
            format_double(f->odds[k], num);
        fprintf(fp, ",%s", num);
    }
    if (cols.odds_source)
        fprintf(fp, ",%s", odds_source_names[f->odds_source]);
    if (cols.source_line)
        fprintf(fp, ",%ld", f->line);
    for (int k = 0; cols.stats && k < NSTATS; k++)
        if (f->stats_present & 1u << k)
            fprintf(fp, ",%d", f->stats[k]);
        else
            fputc(',', fp);
    fputc('\n', fp);
    fclose(fp);
    return text;
}

/* ---- random rows ---- */

static char *random_name(struct rng *r)
{
    static const char pieces[][8] = { "Man", " ", "Utd", ",", "\"", "Real", "\t", "é", "\r\n",
                                      "1860", "'", ";", "St.", "" };
    char buf[64] = "";
    for (int n = (int)rng_below(r, 5); n > 0; n--)
        strcat(buf, pieces[rng_below(r, sizeof pieces / sizeof pieces[0])]);
    return strdup(buf);
}

static double random_odds(struct rng *r)
{
    switch (rng_below(r, 4)) {
    case 0: return 0; /* none */
    case 1: return (double)(101 + rng_below(r, 2000)) / 100; /* 1.01 .. 21 */
    case 2: return 1 + rng_uniform(r) * 30;                  /* computed */
    default: return (double)(1 + rng_below(r, 100));         /* whole */
    }
}

static void random_row(struct rng *r, struct fixture *f, int date)
{
    memset(f, 0, sizeof *f);
    f->league = random_name(r), f->season = random_name(r);
    f->home = random_name(r), f->away = random_name(r);
    f->date = date;
    f->line = 1 + (long)rng_below(r, 2000000000); /* source_line: any line of a file */
    int played = rng_below(r, 4) != 0;
    f->home_goals = played ? (int)rng_below(r, 100) : NO_GOALS;
    f->away_goals = played ? (int)rng_below(r, 100) : NO_GOALS;
    for (int k = 0; k < 3; k++)
        f->odds[k] = random_odds(r);
    f->odds_source = (int)rng_below(r, NODDS_SOURCES);
    f->stats_present = (unsigned)rng_below(r, ALL_STATS + 1);
    for (int k = 0; k < NSTATS; k++)
        f->stats[k] = (int)rng_below(r, 1000);
}

static void test_random_rows(void)
{
    struct rng r;
    rng_seed(&r, 20261130);
    struct text_buf line = { 0 };
    long rows = 0, differ = 0;
    int date = 0; /* 1970-01-01 on; mostly the same or later, at times earlier */
    for (int i = 0; i < 40000; i++) {
        switch (rng_below(&r, 8)) {
        case 0: date += (int)rng_below(&r, 400); break;
        case 1: date -= (int)rng_below(&r, 30); break;
        case 2: date = (int)rng_below(&r, 60000) - 20000; break;
        default: break;
        }
        struct fixture f;
        random_row(&r, &f, date);
        struct fixture_columns cols = { (int)rng_below(&r, 2), (int)rng_below(&r, 2),
                                        (int)rng_below(&r, 2) };
        fixture_line(&line, &f, cols);
        char *want = line_by_rule(&f, cols);
        if (strcmp(line.s, want) != 0 || line.len != strlen(want)) {
            if (differ++ < 5)
                diag("got  %s\nwant %s", line.s, want);
        }
        rows++;
        free(want);
        fixture_free(&f);
    }
    text_buf_free(&line);
    ok(differ == 0, "%ld random rows, their lines by the rules (%ld differ)", rows, differ);
}

/* fixtures_write_with: a set's lines, written a chunk at a time, are
 * fixture_line's one after another; across chunks (the set's lines well
 * over the 64 KiB of one), and for no rows. */
static void test_set_written(void)
{
    struct rng r;
    rng_seed(&r, 95000);
    size_t n = 3000;
    struct fixture *v = malloc(n * sizeof *v);
    struct fixture_columns cols = { 1, 1, 1 };
    struct text_buf want = { 0 }, line = { 0 };
    for (size_t i = 0; i < n; i++) {
        random_row(&r, &v[i], (int)(i / 10));
        fixture_line(&line, &v[i], cols);
        text_buf_add(&want, line.s, line.len);
    }
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    fixtures_write_with(fp, v, n, cols);
    fixtures_write_with(fp, v, 0, cols);
    fclose(fp);
    ok(want.len > 2 * 65536 && len == want.len && memcmp(text, want.s, len) == 0,
       "%zu rows written (%zu bytes): their lines one after another", n, len);
    for (size_t i = 0; i < n; i++)
        fixture_free(&v[i]);
    free(v), free(text);
    text_buf_free(&want), text_buf_free(&line);
}

static void test_header_and_field(void)
{
    struct text_buf line = { 0 };
    char want[512];
    fixture_header_line(&line, (struct fixture_columns){ 1, 1, 1 });
    snprintf(want, sizeof want, "%s,odds_source,source_line,home_shots,away_shots,"
             "home_shots_on_target,away_shots_on_target,home_corners,away_corners\n",
             FIXTURES_HEADER);
    ok(strcmp(line.s, want) == 0, "the header with every optional column");
    fixture_header_line(&line, (struct fixture_columns){ 0, 0, 0 });
    snprintf(want, sizeof want, "%s\n", FIXTURES_HEADER);
    ok(strcmp(line.s, want) == 0, "the header alone");
    text_buf_free(&line);

    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    csv_write_field(fp, "Brighton & Hove \"Albion\"");
    fputc('|', fp);
    csv_write_field(fp, " Leeds");
    fputc('|', fp);
    csv_write_field(fp, "Leeds");
    fclose(fp);
    ok(strcmp(text, "\"Brighton & Hove \"\"Albion\"\"\"|\" Leeds\"|Leeds") == 0,
       "lone fields quoted as the rules say: %s", text);
    free(text);
}

int main(void)
{
    test_random_rows();
    test_set_written();
    test_header_and_field();
    return done_testing();
}
