/* leagues.h: the league map (data/leagues.csv): football-data.co.uk's
 * division codes (main files) and country and league names (extra-leagues
 * files) to the project's league slugs.
 *
 *   code,league,country,competition,seasons
 *   E0,premier_league,,,
 *   USA,mls,USA,MLS,calendar
 *
 * league is required, and code or country and competition: code is the
 * Div of the main files, country and competition name the league in the
 * extra-leagues files (several names may lead to one league); seasons is `calendar` for leagues whose
 * season is a calendar year (2024), empty for August-to-May ones (2023-24). */
#ifndef LF_LEAGUES_H
#define LF_LEAGUES_H

#include <stddef.h>

struct league {
    char *code, *slug, *country, *competition;
    int calendar; /* seasons are calendar years */
};

struct league_map {
    char *path;
    struct league *v;
    size_t n, cap;
};

/* Reads the map at m->path; dies with "path:line: reason" on a bad one. */
void leagues_load(struct league_map *m);
void leagues_free(struct league_map *m);

const struct league *league_by_code(const struct league_map *m, const char *code);
const struct league *league_by_name(const struct league_map *m, const char *country,
                                    const char *competition);
const struct league *league_by_slug(const struct league_map *m, const char *slug);

#endif
