/* teams.c: the alias table, folding of names, and nearest names. */
#define _POSIX_C_SOURCE 200809L
#include "teams.h"
#include "table.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_LEAGUE, T_ALIAS, T_NAME, NT };
static const char *const header_names[NT] = { "league", "alias", "name" };

static const struct team_alias *find_alias(const struct team_aliases *t,
                                           const char *league, const char *alias)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i].alias, alias) == 0 && strcmp(t->v[i].league, league) == 0)
            return &t->v[i];
    return NULL;
}

static void on_row(const char *const *v, long line, void *data)
{
    struct team_aliases *t = data;
    for (int c = 0; c < NT; c++)
        if (!*v[c])
            die("%s:%ld: empty %s", t->path, line, header_names[c]);
    if (strcmp(v[T_ALIAS], v[T_NAME]) == 0)
        die("%s:%ld: '%s' is an alias of itself", t->path, line, v[T_ALIAS]);
    if (find_alias(t, v[T_LEAGUE], v[T_ALIAS]))
        die("%s:%ld: alias '%s' of %s given twice", t->path, line, v[T_ALIAS], v[T_LEAGUE]);
    grow(&t->v, &t->cap, t->n + 1, sizeof *t->v);
    t->v[t->n++] = (struct team_alias){ xstrdup(v[T_LEAGUE]), xstrdup(v[T_ALIAS]),
                                        xstrdup(v[T_NAME]), line };
}

/* A name that is also an alias would make the result depend on the order
 * of renaming: refused. */
static void check_no_chains(const struct team_aliases *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (find_alias(t, t->v[i].league, t->v[i].name))
            die("%s: '%s' of %s is both a name and an alias: give the final name", t->path,
                t->v[i].name, t->v[i].league);
}

void teams_load(struct team_aliases *t)
{
    table_read(t->path, header_names, NT, NT, on_row, t);
    check_no_chains(t);
}

void teams_free(struct team_aliases *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].league);
        free(t->v[i].alias);
        free(t->v[i].name);
    }
    free(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}

const char *teams_resolve(const struct team_aliases *t, const char *league,
                          const char *team)
{
    const struct team_alias *a = find_alias(t, league, team);
    return a ? a->name : team;
}

/* Base letters of U+00C0..U+017F (Latin-1 Supplement and Latin
 * Extended-A); 'x' and '/' stand for × and ÷, which folding drops. */
static const char latin_base[] =
    "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty"
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlLlLlN"
    "nNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

static int is_alnum_ascii(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* 1 if s starts with a combining diacritical mark, U+0300..U+036F: the
 * accent of a letter written decomposed ("o" and U+0308 for "ö"), as some
 * programs and pasted text do. */
static int is_combining_mark(const unsigned char *s)
{
    return (s[0] == 0xCC && s[1] >= 0x80 && s[1] <= 0xBF) ||
           (s[0] == 0xCD && s[1] >= 0x80 && s[1] <= 0xAF);
}

char *team_fold(const char *name)
{
    char *out = xmalloc(strlen(name) + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)name; *p;) {
        unsigned cp = *p;
        int len = 1;
        if (is_combining_mark(p)) { /* an accent written apart (NFD): dropped */
            p += 2;
            continue;
        }
        if (cp >= 0xC3 && cp <= 0xC5 && (p[1] & 0xC0) == 0x80) { /* U+00C0..U+017F */
            cp = (cp & 0x1F) << 6 | (p[1] & 0x3F);
            len = 2;
        }
        if (cp >= 0xC0 && cp <= 0x17F && len == 2 && cp != 0xD7 && cp != 0xF7)
            cp = (unsigned char)latin_base[cp - 0xC0];
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        if (is_alnum_ascii((int)cp))
            *o++ = (char)cp;
        else if (cp >= 0x80 && len == 1) /* other scripts: kept as they are */
            *o++ = (char)cp;
        p += len;
    }
    *o = '\0';
    return out;
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

size_t team_distance(const char *a, const char *b)
{
    char *x = team_fold(a), *y = team_fold(b);
    size_t d = team_folded_distance(x, y);
    free(x), free(y);
    return d;
}

size_t team_folded_distance(const char *x, const char *y)
{
    size_t n = strlen(x), m = strlen(y);
    size_t *row = xmalloc((m + 1) * sizeof *row);
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            row[j] = min3(row[j] + 1, row[j - 1] + 1, diag + (x[i - 1] != y[j - 1]));
            diag = up;
        }
    }
    size_t d = row[m];
    free(row);
    return d;
}
