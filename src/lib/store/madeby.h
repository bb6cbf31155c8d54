/* madeby.h: which program made a file, kept beside it.
 *
 * What one program computed is reused by a later run of it (a feature
 * table extended by the next version's, league-features --base) only
 * where the same code computed it: another build, which may compute other
 * bits, must recompute, or a table would be an old program's lines
 * followed by a new one's, equal to no computation. The stamp of PATH,
 * PATH.made-by, names the program that published PATH (its build ID,
 * buildid.h) and PATH as it was published (its size and modification
 * time, to the nanosecond where the file system keeps them): a file
 * edited, re-saved or made again since, by any program, no longer matches
 * the stamp, nor does a stamp left from an earlier file of the name, but
 * for a change that keeps the size within the same tick of the file
 * system's clock (a second, on one that keeps whole seconds). A file
 * without a stamp (written to standard output, copied,
 * made before stamps) is another program's too: nothing is lost but the
 * reuse.
 *
 * The stamp is written after PATH is published (replace.h: a reader sees a
 * whole stamp or none); the pruning of tables removes it before PATH, so
 * that a run killed between the two leaves a file without a stamp, never
 * a stamp without its file. A stamp that outlived its file all the same
 * (the file removed by hand) is removed before this program publishes a
 * new file of the name, which within the same tick would otherwise match
 * it.
 *
 * The build ID covers the program, not the shared libraries it calls
 * (libm's exp and log, whose variant glibc picks by the processor): like
 * the walk cache's keys, a stamp takes them to give the same bits on the
 * hosts and upgrades that share a WORK. */
#ifndef LF_MADEBY_H
#define LF_MADEBY_H

/* Before path is published: removes a stamp left without its file (dies
 * when it cannot: nothing is published that such a stamp would vouch for), and
 * takes the program's identity, whose reading can fail (a program without
 * a build ID whose file cannot be read) only now, before anything is
 * published. (A concurrent run's file published meanwhile may lose its
 * stamp: only its reuse is lost.) */
void made_by_begin(const char *path);

/* Stamps path, just published by the running program, as its making:
 * 0, or -1 with errno set (the file left without a stamp). */
int made_by_stamp(const char *path);

/* 1 when path's stamp names the running program and path as it is now
 * (its size and modification time); 0 otherwise (no stamp, another
 * program's, path changed or gone, a stamp that does not read). */
int made_by_this_program(const char *path);

#endif
