/* importdir.h: input files imported each on its own, the imports kept in
 * a directory (import-fixtures --into; the pipeline's WORK/import).
 *
 * A file's import is DIR/NAME, NAME the file's path with every '/'
 * written "__". The files are imported in turn by a worker process
 * (isolated.h), a new one going on after a file whose reader ended the
 * last (die(), a signal), so that one that fails, even where its reader
 * dies, fails alone: its good rows are kept, and DIR/NAME.failed names the
 * leagues of those rows (or "*" when it has none) with its first error,
 * a "LEAGUE<TAB>ERROR" line each, sorted; its errors are passed on to
 * stderr. A file that imports has no NAME.failed. Both are replaced
 * through a temp file and rename(2), so that a reader never sees half of
 * one and runs at the same time leave whole files.
 *
 * An import is dated when its file was opened, so that an edit made while
 * it was read leaves the file newer than its import (imported again by the
 * next run with `changed`). A file is newer by its modification or its
 * change time: one put in place with an older date (cp -p, wget -N) is
 * changed when it was put there. */
#ifndef LF_IMPORTDIR_H
#define LF_IMPORTDIR_H

#include <stddef.h>

/* What imports one file: writes its canonical rows to stdout and returns
 * an exit status (0: every row good). Run in the worker process. */
typedef int (*import_fn)(char *file, void *ctx);

struct import_dir {
    const char *dir;
    /* Files whose import shapes every import (the league map, aliases,
     * exclusions): with `changed`, a file is imported only when its
     * import is missing or older than it or than one of these (NULL
     * entries are skipped). */
    const char *const *tables;
    size_t ntables;
    int changed;
    import_fn import;
    void *ctx;
    /* What the import of a file whose reader wrote nothing holds (the
     * header of an empty set of rows), so that it reads as no rows. */
    const char *empty_import;
    /* Told each file whose import was made or replaced (NULL: none). */
    void (*imported)(const char *file, void *ctx);
};

/* DIR/NAME of file, a new string. */
char *import_dir_name(const char *dir, const char *file);

/* Imports each of files[0 .. n) (or, with `changed`, those out of date)
 * into the directory. Returns 0, or -1 when a file's import could not be
 * run or kept, or would be the file itself (reported, the file left as it
 * is: the files after it are still imported). */
int import_dir_update(const struct import_dir *d, char *const *files, size_t n);

#endif
