/* leagues.c: data/leagues.csv, read once. */
#define _POSIX_C_SOURCE 200809L
#include "leagues.h"
#include "table.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { L_CODE, L_SLUG, L_COUNTRY, L_COMPETITION, L_SEASONS, NL };
static const char *const header_names[NL] = { "code", "league", "country",
                                              "competition", "seasons" };

static void on_row(const char *const *v, long line, void *data)
{
    struct league_map *m = data;
    const char *code = v[L_CODE], *slug = v[L_SLUG], *country = v[L_COUNTRY];
    const char *name = v[L_COMPETITION], *seasons = v[L_SEASONS];
    if (!*slug || (!*code && !*country))
        die("%s:%ld: empty %s", m->path, line, *slug ? "code (and no country)" : "league");
    if (*code && league_by_code(m, code))
        die("%s:%ld: code '%s' given twice", m->path, line, code);
    if (!*country != !*name)
        die("%s:%ld: give both country and competition, or neither", m->path, line);
    if (*country && league_by_name(m, country, name))
        die("%s:%ld: %s %s given twice", m->path, line, country, name);
    if (*seasons && strcmp(seasons, "calendar") != 0)
        die("%s:%ld: seasons '%s' (want 'calendar' or empty)", m->path, line, seasons);
    grow(&m->v, &m->cap, m->n + 1, sizeof *m->v);
    m->v[m->n++] = (struct league){ xstrdup(code), xstrdup(slug), xstrdup(country),
                                    xstrdup(name), *seasons != '\0' };
}

void leagues_load(struct league_map *m)
{
    table_read(m->path, header_names, NL, 2, on_row, m);
}

void leagues_free(struct league_map *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->v[i].code);
        free(m->v[i].slug);
        free(m->v[i].country);
        free(m->v[i].competition);
    }
    free(m->v);
    m->v = NULL;
    m->n = m->cap = 0;
}

const struct league *league_by_code(const struct league_map *m, const char *code)
{
    if (!*code)
        return NULL; /* rows named by country and competition alone */
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->v[i].code, code) == 0)
            return &m->v[i];
    return NULL;
}

const struct league *league_by_name(const struct league_map *m, const char *country,
                                    const char *competition)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->v[i].country, country) == 0 &&
            strcmp(m->v[i].competition, competition) == 0)
            return &m->v[i];
    return NULL;
}

const struct league *league_by_slug(const struct league_map *m, const char *slug)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->v[i].slug, slug) == 0)
            return &m->v[i];
    return NULL;
}
