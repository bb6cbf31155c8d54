/* madeby.h: which program made a file, kept beside it.
 *
 * What one program computed is reused by a later run of it (a feature
 * table extended by the next version's, league-features --base) only
 * where the same code computed it: another build, which may compute other
 * bits, must recompute, or a table would be an old program's lines
 * followed by a new one's, equal to no computation. The stamp of PATH,
 * PATH.made-by, names the program that published PATH (its build ID,
 * buildid.h) and PATH as it was published (its size and modification
 * time): a file edited, re-saved or made again since, by any program,
 * no longer matches the stamp, nor does a stamp left from an earlier file
 * of the name. A file without a stamp (written to standard output, copied,
 * made before stamps) is another program's too: nothing is lost but the
 * reuse.
 *
 * The stamp is written after PATH is published (replace.h: a reader sees a
 * whole stamp or none), and is removed before PATH is, so that it never
 * outlives its file in a run that is not killed; a stamp that does (or a
 * run killed between the two) vouches for nothing, since no later file
 * has the size and time to the nanosecond it names. */
#ifndef LF_MADEBY_H
#define LF_MADEBY_H

/* Stamps path, just published by the running program, as its making:
 * 0, or -1 with errno set (the file left without a stamp). */
int made_by_stamp(const char *path);

/* 1 when path's stamp names the running program and path as it is now
 * (its size and modification time); 0 otherwise (no stamp, another
 * program's, path changed or gone, a stamp that does not read). */
int made_by_this_program(const char *path);

#endif
