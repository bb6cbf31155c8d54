/* versionrows.h: the rows of a model version when other divisions are
 * linked into its fits (promoted.h, "Linked divisions").
 *
 * A model version is the data it was fitted on (dataversion.h). With
 * linking, those are two sets of rows: the league's played rows, and the
 * played rows of its linked divisions (those sharing at least
 * LINK_MIN_TEAMS teams with the league's rows at any time, the league's
 * own left out). The version digests both together; with no linked rows
 * it is the version of the league's rows alone, as before linking. The
 * pipeline keeps the two sets side by side (WORK/versions/<league>/
 * <version>.csv and <version>.feeder.csv), and every program that makes a
 * file of the version reads both (--feeder). */
#ifndef LF_VERSIONROWS_H
#define LF_VERSIONROWS_H

#include "fixtures.h"

#include <stddef.h>

/* Sets keep[i] of the rows of `all` (any divisions: e.g. the whole
 * imported data) that the version of `league` links: the played rows
 * before until (INT_MAX: all) of the divisions linkable to the league's
 * played rows before until, not the league's own. Returns how many. */
size_t linked_rows_select(const struct fixture_set *all, const char *league, int until,
                          char *keep);

/* The same with all's link index built once (promoted.h): for every
 * league of one set. */
struct link_index;
size_t linked_rows_select_indexed(const struct fixture_set *all, const struct link_index *ix,
                                  const char *league, int until, char *keep);

/* The rows of a version: the league's (league, which must stay in place)
 * and those of the feeder files paths[0..n) (--feeder) linkable to it
 * (feeder_append; not interned: linked_rows_join interns them with the
 * league's for a fit), in feed; `all` holds both, the league's first (shallow
 * copies), or is the league's set itself when there are no linked rows. */
struct version_rows {
    const struct fixture_set *league;
    struct fixture_set feed, all;
};
void version_rows_read(struct version_rows *vr, const struct fixture_set *league,
                       char *const *paths, int n);
void version_rows_free(struct version_rows *vr);

#endif
