/* walkcache.h: the weeks of a walk-forward, kept between runs.
 *
 * A new version of a league's data is mostly the old one and a week more:
 * its validation walk (emit-metrics) refits the same weeks on the same
 * history, then one new week. The cache keeps what each week predicted,
 * keyed by everything the week's refit and predictions read:
 *
 *   - the played rows before the week's end (its Sunday, or the walk's
 *     `until` when earlier), in canonical order, each as the bytes of its
 *     fields (fixturedigest.h: the same exactly when its canonical lines
 *     are), with each row's features when the walk reads a feature table;
 *   - the week, the walk's first day (when it is later than the first day
 *     of the week's month: which weeks of its month the walk holds) and
 *     the number of matches predicted;
 *   - the kind: the model type and options, given by the caller, and the
 *     running program: its build ID, the linker's digest of all of it
 *     (buildid.h), or its file's digest when it has none (a rebuilt
 *     program recomputes);
 *   - the form of the keys (walkcache.c's KEY_FORM), so that records of
 *     keys made another way are never found.
 *
 * A key is the SHA-256 of these, so that changed history, options or code
 * are recomputed, never patched: a cached week is the week recomputed, to
 * the bit. (A refit that starts from an earlier week's fit of its month,
 * poisson_v2's, depends on rows that week read, a part of its own, and on
 * whether the walk holds that week, which its first day decides.)
 *
 * The file is text, one record a line, appended to (one write a run, so
 * that concurrent runs append whole lines); a line that does not check (a
 * run killed mid-write) is skipped and reported, an empty one (the newline
 * that seals off a torn line, written after a line another run was still
 * writing) skipped unsaid. Where the records a run
 * did not use (weeks no longer walked, other history, other options or
 * code) reach 4 MiB and outweigh those it used and added, the file is
 * replaced instead (written aside, renamed over: the file a symlink names,
 * its permissions kept) by those it used and added: it stays within 4 MiB
 * of what its walk needs. A record another run appended meanwhile is
 * lost, its week refitted the next time. */
#ifndef LF_WALKCACHE_H
#define LF_WALKCACHE_H

#include "fixtures.h"

#include <stddef.h>

struct walk_cache;

/* Reads the records of `kind` in path (a missing file is an empty cache)
 * for walks over `set`, which must stay unchanged and in place while the
 * cache is open. X (nfeat numbers a row) and history, when not NULL, are
 * the rows' features: they enter the keys. */
struct walk_cache *walk_cache_open(const char *path, const char *kind,
                                   const struct fixture_set *set, const double *X,
                                   int nfeat, const int *history);

/* The week starting `week` of a walk over [from, until), with k matches
 * to predict: 1 and p[0 .. 3k) filled when it is kept; 1 and *skipped set
 * when its refit was kept as failed; else 0. Weeks must come in
 * increasing order. */
int walk_cache_get(struct walk_cache *c, int week, int from, int until, size_t k,
                   double *p, int *skipped);

/* Keeps the week of the last walk_cache_get (which missed): its k
 * predictions, or p NULL for a week whose refit failed. */
void walk_cache_put(struct walk_cache *c, size_t k, const double *p);

/* A walk whose fits start from the week before's (walkforward.h, struct
 * week_chain) keeps with each week the state its fit leaves to the next
 * (nstate numbers, exact; 0: the chain is empty, after a failed refit),
 * so that a later run takes the chain up at a week the cache gives
 * instead of refitting the weeks of its month before it. */
void walk_cache_put_chained(struct walk_cache *c, size_t k, const double *p,
                            const double *state, size_t nstate);

/* A walk whose chain runs from its first week on (walkforward.h): from
 * now on the keys of its weeks hold its first day, whatever the month. */
void walk_cache_chained_from_first_day(struct walk_cache *c);

/* The state kept with the week the last walk_cache_get found, not read
 * yet (a walk reads only the last one before a week it refits): a handle
 * valid until walk_cache_close; NULL when the week keeps none, or more
 * than max numbers. */
const char *walk_cache_chain_kept(const struct walk_cache *c, size_t max);

/* Its numbers into state[0 .. max), and how many; -1 when they do not
 * read (which the line's check makes as unlikely as a torn write). */
int walk_cache_chain_read(const char *kept, double *state, size_t max);

/* Appends the weeks kept since open (a write error is reported, not
 * fatal: the results stand, only the reuse is lost), frees the cache and
 * returns how many weeks were found in it. */
int walk_cache_close(struct walk_cache *c);

/* The bytes of unused records from which a file is rewritten (4 MiB;
 * tests set a smaller one). */
void walk_cache_compact_above(size_t bytes);

#endif
