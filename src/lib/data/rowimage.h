/* rowimage.h: the rows of a CSV file kept parsed, as a binary image, so
 * that the next program to read the same file loads them instead of
 * parsing them again.
 *
 * A week's training reads each league's rows, linked rows and feature
 * table in six to eight programs, and parsing the text (libcsv, dates,
 * 17-digit numbers) was the largest share of their time. A program that
 * reads the Premier League's table of 31 seasons spends about a third of
 * the CPU time on it from its image (docs/design.md gives the figures).
 *
 * Images are kept only where the environment names a directory for them
 * (LEAGUEFIT_ROW_IMAGES; the pipeline gives WORK/cache/images): without
 * it every read parses. An image is keyed by the identity of the file
 * opened (device and inode) and holds its size, modification and change
 * times: a file rewritten, replaced or touched no longer matches, and is
 * parsed again (then its image replaced). A file changed in the last
 * 50 ms (2 s where the file system keeps whole seconds) before it was read
 * gets no image yet, since a change within the same tick of its clock
 * could leave its times as they were; the pipeline never rewrites a file
 * in place (its files are published whole, by rename or link). A program
 * that has just written a file can keep its image itself
 * (row_image_save_written).
 *
 * An image holds what the parse gave, and nothing else decides: the same
 * rows, in the same order, the same numbers to the bit. One that does not
 * check (format, sizes, checksum, each row's fields in the ranges a parse
 * gives) is not used. Only a file read without a bad row gets an image,
 * so that a bad row is reported on every read. Images and their directory
 * are the owner's alone (0600, 0700): they hold the rows of files others
 * may not read. ROW_IMAGE_FORMAT (rowimage.c) is raised whenever what a
 * parse gives changes.
 *
 * The directory keeps the images used last (a load marks its image used)
 * up to ROW_IMAGE_KEEP_BYTES in all, about five weeks of a week's run on
 * the 8 leagues of 31 seasons; older ones are removed when an image is
 * added. The versions kept of files' rows (versionmemo.h) share the
 * directory and its pruning. */
#ifndef LF_ROWIMAGE_H
#define LF_ROWIMAGE_H

#include "fixtures.h"

#include <stddef.h>

#define ROW_IMAGE_KEEP_BYTES (512ull << 20)

/* Raised whenever what a parse gives changes (a column read another way,
 * a field of struct fixture added): images of an older format are then
 * parsed again, never read as something else (and versions kept of the
 * rows parsed, versionmemo.h, are digested again). */
#define ROW_IMAGE_FORMAT 3

/* The per-row numbers of a feature table kept with its rows: nfeat
 * features (named by names, which enter the key) and a history count. */
struct row_features {
    int nfeat;
    const char *const *names;
    double *X;     /* rows × nfeat */
    int *history;  /* rows */
};
/* (Loaded from an image, X and history point into it: read-only, never
 * freed, like the rows' names.) */

/* What an image is looked for under: the file's identity, taken before
 * it is read, and the image's path ("" when none is kept); and when it
 * was taken (the clock's time), which decides whether the file had
 * changed too lately for an image of what was then read. */
struct row_image_key {
    char image[4096];
    unsigned long long dev, ino, size;
    long long mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
    long long taken_sec, taken_nsec;
};

/* Appends to set the rows of the image of the file open as fd (named
 * `name` in messages: each row's source), when there is one that matches
 * it, interned as fixtures_read interns them when keyed (keys 0 when not),
 * and with feat (not NULL) their features: X and history then point into
 * the image, as the names do (below). Returns 0 when it did; -1 (set and
 * feat unchanged) when there is none to load: no directory, no image, or
 * one that does not match or check. Either way *key is what a save after parsing the file needs.
 * The key is the file's open (fstat), so that an image stands only for a
 * file the caller could open, and the one it then parses. The rows'
 * names and features point into the image, which stays mapped for the
 * life of the process (fixture.borrowed, feature_table.mapped): they are
 * never freed nor written (the mapping is read-only), and an
 * image file is only ever replaced (rename) or removed, never changed in
 * place, which would change them or fault on a read (SIGBUS). */
int row_image_load(int fd, const char *name, struct fixture_set *set, int keyed,
                   struct row_features *feat, struct row_image_key *key);

/* Keeps, under the key of a load that missed, the image of the file as
 * then parsed: the rows set->v[first .. n) and feat (NULL: rows only).
 * Does nothing without a directory; a failure to write loses the image
 * only. */
void row_image_save(const struct row_image_key *key, const struct fixture_set *set,
                    size_t first, const struct row_features *feat);

/* Keeps the image of a file this program has just written and published
 * at path, the len bytes at `written` what it wrote: set's rows from first
 * on, and feat (NULL: rows only), which must be what a read of the file
 * gives (the next reader then loads them instead of parsing them). A file
 * changed within the window above gets no image, so this first waits out
 * the rest of it (asleep: at most 50 ms), then takes the file's key and
 * keeps the image only if the file still holds exactly what was written
 * (read back and compared byte for byte: another hand may have written it
 * meanwhile). Does nothing without a directory. */
void row_image_save_written(const char *path, const char *written, size_t len,
                            const struct fixture_set *set, size_t first,
                            const struct row_features *feat);

/* Takes the key of the file open as fd (rows only) without reading it:
 * 0 when it has one (images are kept, and it is a regular file). */
int row_image_identify(int fd, struct row_image_key *key);

/* 1 when key is a file's identity taken outside the window above: what
 * was read after it was taken is what the file holds while its identity
 * stays the same. 0 with no key. */
int row_image_settled(const struct row_image_key *key);

/* Whether images are kept (the environment names their directory). */
int row_images_on(void);

/* Removes the images of dir used longest ago, and temp files of writes
 * killed long ago, until the rest hold at most max_bytes (the image used
 * last is kept whatever its size). */
void row_image_prune(const char *dir, unsigned long long max_bytes);

#endif
