/* tableleagues.h: the leagues the editable tables name.
 *
 * A line of the alias table (teams.csv) or of the exclusion table
 * (excluded.csv) acts only on rows of its league. One whose league is
 * misspelt (premier_leage) renames or leaves out nothing, ever: a user's
 * edit would have no effect, unsaid. Such a line is told by its league:
 * in neither the league map nor the data, but within two letters of a
 * league that is. (A league merely absent, of other files than these, is
 * no mistake: the shipped tables name leagues of files not given.) */
#ifndef LF_TABLELEAGUES_H
#define LF_TABLELEAGUES_H

#include <stddef.h>

struct excluded;
struct fixture_set;
struct league_map;
struct team_aliases;

/* The league of map (NULL: none) or of a row of set that `league`
 * misspells (folded edit distance 1 or 2, team_distance; the nearest,
 * the first of equals), or NULL: none is that near, or `league` is one
 * of them. */
const char *league_misspelt(const char *league, const struct league_map *map,
                            const struct fixture_set *set);

/* Warns "path:line: league 'x' is neither in MAP nor in the data: this
 * line is never used ('y' meant?)" for each such line of t and x (either
 * may be NULL); returns how many. */
size_t tables_report_misspelt_leagues(const struct team_aliases *t, const struct excluded *x,
                                      const struct league_map *map,
                                      const struct fixture_set *set);

#endif
