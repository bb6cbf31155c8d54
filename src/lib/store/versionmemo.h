/* versionmemo.h: the data version of files' rows kept across programs,
 * so that the next program to read the same files takes it instead of
 * digesting their rows again (or reading the rows at all, when it reads
 * them only for their version).
 *
 * A week's run computes each league's version in six or seven programs
 * (the fits, the metrics), each time writing every row back to text for
 * its SHA-256 (dataversion.h): a sixth to a third of each program, and in
 * fit-1x2, fit-draw and emit-metrics of their models the linked
 * divisions' rows are read only for it.
 *
 * A version is kept only where row images are (rowimage.h: the directory
 * LEAGUEFIT_ROW_IMAGES names, and its pruning by use), keyed as they are
 * by the identity of each file read (device, inode, size, modification
 * and change times, taken by fstat of the file opened before it is read),
 * here of every file the rows come from in order (the league's, then its
 * feeders), with the cutoff and the formats of the parse and of the
 * entry. A file rewritten, replaced or touched no longer matches, and its
 * rows are read and digested again. A version is kept only when every
 * file's identity was settled (taken outside the window rowimage.h
 * describes), written aside and renamed over, and read back only when it
 * checks (its key, a checksum, a version name that is its digest's and
 * last date's): else it is digested again. So a version is never taken
 * for files other than those it was digested from, and data of another
 * version are refused as before. VERSION_MEMO_FORMAT (versionmemo.c) is
 * raised whenever the digest changes (ROW_IMAGE_FORMAT, which the key
 * holds too, when the parse does). */
#ifndef LF_VERSIONMEMO_H
#define LF_VERSIONMEMO_H

#include "dataversion.h"
#include "rowimage.h"

#include <stddef.h>

/* The identities of the files a version's rows are read from, in order. A
 * file without one (stdin, no directory for images) leaves the set
 * unkeyed: nothing is kept nor found for it. `chained` (in the key too)
 * tells rows whose feeders were each linked to the league's rows and the
 * earlier feeders' (fit-poisson's with two feeders or more) from rows
 * whose feeders were each linked to the league's alone (versionrows.h):
 * the same files may give other rows. */
struct version_files {
    size_t n, cap;
    struct row_image_key *key;
    int chained;
};

/* Appends the identity of a file read (key NULL or empty: none). */
void version_files_add(struct version_files *f, const struct row_image_key *key);

/* Appends the identity of the file at path, opened but not read: what a
 * read of it now would read (none when it cannot be opened, is not a
 * regular file, or is "-": standard input, as the readers take it). */
void version_files_add_path(struct version_files *f, const char *path);

void version_files_free(struct version_files *f);

/* The version kept for the rows of these files before cutoff: 0 with *dv
 * set when there is one that matches and checks, else -1. */
int version_memo_find(const struct version_files *f, int cutoff, struct data_version *dv);

/* Keeps dv (digested from the rows of these files as read) for the next
 * reader, when every file's identity is settled. A failure to write loses
 * the entry only. */
void version_memo_keep(const struct version_files *f, const struct data_version *dv);

/* The version of set's played rows before cutoff, set read from files
 * (NULL: none): kept, or digested and kept; data_version_of's return. */
int version_memo_of(const struct version_files *f, const struct fixture_set *set, int cutoff,
                    struct data_version *dv);

#endif
