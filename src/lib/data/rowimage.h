/* rowimage.h: the rows of a CSV file kept parsed, as a binary image, so
 * that the next program to read the same file loads them instead of
 * parsing them again.
 *
 * A week's training reads each league's rows, linked rows and feature
 * table in six to eight programs, and parsing the text (libcsv, dates,
 * 17-digit numbers) was the largest share of their time: the image of a
 * feature table loads about twenty times faster than its text parses.
 *
 * Images are kept only where the environment names a directory for them
 * (LEAGUEFIT_ROW_IMAGES; the pipeline gives WORK/cache/images): without
 * it every read parses. An image is keyed by the file's identity (device
 * and inode) and holds its size, modification and change times: a file
 * rewritten, replaced or touched no longer matches, and is parsed again
 * (then its image replaced); a file changed in the last 50 ms gets no
 * image yet, since a change within the same tick of the file system's
 * clock could leave its times as they were. The pipeline never rewrites a
 * file in place: its files are published whole, by rename or link. An image holds what
 * the parse gave, and nothing else decides: the same rows, in the same
 * order, the same numbers to the bit; one that does not check (format,
 * sizes, checksum) is not used. Only a file read without a bad row gets
 * an image, so that a bad row is reported on every read.
 *
 * The directory keeps the images used last (a load marks its image used)
 * up to ROW_IMAGE_KEEP_BYTES in all, about five weeks of a week's run
 * on the 8 leagues of 30 seasons; older ones are removed when an image is
 * added. */
#ifndef LF_ROWIMAGE_H
#define LF_ROWIMAGE_H

#include "fixtures.h"

#include <stddef.h>

#define ROW_IMAGE_KEEP_BYTES (512ull << 20)

/* The per-row numbers of a feature table kept with its rows: nfeat
 * features (named by names, which enter the key) and a history count. */
struct row_features {
    int nfeat;
    const char *const *names;
    double *X;     /* rows × nfeat */
    int *history;  /* rows */
};

/* What an image is looked for under: the file's identity, taken before
 * it is read, and the image's path ("" when none is kept). */
struct row_image_key {
    char image[4096];
    unsigned long long dev, ino, size;
    long long mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
};

/* Appends to set the rows of the image of the file at path, when there is
 * one that matches it, interned as fixtures_read interns them when keyed
 * (keys 0 when not), and with feat (not NULL) their features, into
 * freshly allocated X and history. Returns 0 when it did; -1 (set and
 * feat unchanged) when there is none to load: no directory, no image, or
 * one that does not match or check. Either way *key is what a save after
 * parsing the file needs. The rows have no source. */
int row_image_load(const char *path, struct fixture_set *set, int keyed,
                   struct row_features *feat, struct row_image_key *key);

/* Keeps, under the key of a load that missed, the image of the file as
 * then parsed: the rows set->v[first .. n) and feat (NULL: rows only).
 * Does nothing without a directory; a failure to write loses the image
 * only. */
void row_image_save(const struct row_image_key *key, const struct fixture_set *set,
                    size_t first, const struct row_features *feat);

/* Removes the images of dir used longest ago, and temp files of writes
 * killed long ago, until the rest hold at most max_bytes (the image used
 * last is kept whatever its size). */
void row_image_prune(const char *dir, unsigned long long max_bytes);

#endif
