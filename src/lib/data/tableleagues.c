/* tableleagues.c: the leagues the editable tables name (tableleagues.h). */
#include "tableleagues.h"
#include "excluded.h"
#include "fixtures.h"
#include "leagues.h"
#include "teams.h"
#include "util.h"

#include <string.h>

/* Keeps in *best the nearer of it and name to league (below *dist). */
static void nearer(const char *league, const char *name, const char **best, size_t *dist)
{
    size_t d = team_distance(league, name);
    if (d < *dist)
        *best = name, *dist = d;
}

const char *league_misspelt(const char *league, const struct league_map *map,
                            const struct fixture_set *set)
{
    const char *best = NULL;
    size_t dist = 3;
    for (size_t i = 0; map && i < map->n; i++) {
        if (strcmp(map->v[i].slug, league) == 0)
            return NULL;
        nearer(league, map->v[i].slug, &best, &dist);
    }
    for (size_t i = 0; i < set->n; i++) {
        const char *row_league = set->v[i].league;
        if (strcmp(row_league, league) == 0)
            return NULL;
        /* (a file's rows come together: one distance a run of a league) */
        if (i == 0 || strcmp(row_league, set->v[i - 1].league) != 0)
            nearer(league, row_league, &best, &dist);
    }
    return best;
}

static size_t check_line(const char *path, long line, const char *league,
                         const struct league_map *map, const struct fixture_set *set)
{
    const char *meant = league_misspelt(league, map, set);
    if (!meant)
        return 0;
    warnf("%s:%ld: league '%s' is neither in %s nor in the data: this line is never used "
          "('%s' meant?)", path, line, league, map && map->path ? map->path : "the league map",
          meant);
    return 1;
}

size_t tables_report_misspelt_leagues(const struct team_aliases *t, const struct excluded *x,
                                      const struct league_map *map,
                                      const struct fixture_set *set)
{
    size_t n = 0;
    for (size_t i = 0; t && i < t->n; i++)
        n += check_line(t->path, t->v[i].line, t->v[i].league, map, set);
    for (size_t i = 0; x && i < x->n; i++)
        n += check_line(x->path, x->v[i].line, x->v[i].league, map, set);
    return n;
}
