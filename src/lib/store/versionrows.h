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
 * file of the version reads both (--feeder), or, where it needs the linked
 * rows only for the version, takes the version kept for these files when
 * there is one (versionmemo.h) and reads the league's alone. */
#ifndef LF_VERSIONROWS_H
#define LF_VERSIONROWS_H

#include "dataversion.h"
#include "fixtures.h"
#include "versionmemo.h"

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
    /* The league file's identity (league_id: rowimage.h, NULL or empty:
     * none), then each feeder's (as opened; once read, as read), for the
     * versions kept across programs (versionmemo.h). */
    struct version_files files;
    char *const *paths;
    int npaths, deferred;
};
void version_rows_read(struct version_rows *vr, const struct fixture_set *league,
                       const struct row_image_key *league_id, char *const *paths, int n);
void version_rows_free(struct version_rows *vr);

/* For a program that needs the rows only for their version: takes the
 * feeders' identities but reads them only when the version is asked for
 * and was not kept for these files (version_rows_version), or when
 * version_rows_load asks for the rows. */
void version_rows_defer(struct version_rows *vr, const struct fixture_set *league,
                        const struct row_image_key *league_id, char *const *paths, int n);
void version_rows_load(struct version_rows *vr);

/* The version of the rows before cutoff: kept for their files
 * (versionmemo.h), or read, digested and kept; data_version_of's
 * return. */
int version_rows_version(struct version_rows *vr, int cutoff, struct data_version *dv);

#endif
