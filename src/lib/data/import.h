/* import.h: any file of matches users have, to canonical fixtures.
 *
 * Reads, with the format told from the header:
 *   - canonical fixtures CSV (fixtures.h);
 *   - football-data.co.uk's main per-season files (Div,Date,HomeTeam,...)
 *     of every era, and its upcoming-fixtures file (no goal columns);
 *   - its extra-leagues files (Country,League,Season,Date,Time,Home,Away,
 *     HG,AG,...; one file per country over all seasons), and their
 *     upcoming-fixtures form (Country,League,Date,Time,Home,Away,PSH,...);
 * each also as a spreadsheet re-saves it (dialect.h). League slugs come
 * from the league map, team names through the alias table. */
#ifndef LF_IMPORT_H
#define LF_IMPORT_H

#include "leagues.h"
#include "teams.h"

#include <stddef.h>

struct fixture_set;

struct importer {
    struct league_map leagues; /* .path set by the caller; read when needed */
    struct team_aliases teams; /* .path set by the caller, or NULL: none */
    const char *season;        /* for every football-data row, or NULL */
    int leagues_loaded, teams_loaded;
};

/* Appends the matches of input `path` ("-": stdin) to set, each with
 * its source and line, team names resolved. Bad rows are reported (the
 * first 10 of a file, then a count) and not appended; returns their
 * number. A file that cannot be read as a whole (no header, unknown
 * format, dates or numbers that fit no one reading) is fatal. A match a
 * canonical file holds twice is such a row (its repeat is not appended);
 * matches repeated across rows of other formats, or made one by the alias
 * table, are the caller's to drop (repeats.h). */
size_t import_path(struct importer *im, const char *path, struct fixture_set *set);

/* The alias table, read on first use (empty when its path is NULL). */
const struct team_aliases *importer_teams(struct importer *im);

void importer_free(struct importer *im);

#endif
