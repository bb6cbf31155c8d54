/* merge.h: two sorted runs merged into one, stably.
 *
 * Rows reach the programs mostly sorted: a file's seasons one after
 * another, a league's rows before its linked divisions', imports in turn.
 * Sorting them again would cost the readers more than merging the runs
 * they come in, which this does in one pass, of any element type.
 *
 * Stable: where neither element goes before the other, the first run's
 * comes first, as a stable sort of the first run followed by the second
 * leaves them (glibc's qsort, a merge sort, does). */
#ifndef LF_MERGE_H
#define LF_MERGE_H

#include <stddef.h>

/* Whether element x goes strictly before element y (ctx: the caller's). */
typedef int (*merge_before_fn)(const void *x, const void *y, void *ctx);

/* Merges a[0 .. na) and b[0 .. nb), each sorted by before, elements of
 * size bytes, into out (na + nb elements, overlapping neither). */
void merge_sorted(const void *a, size_t na, const void *b, size_t nb, size_t size,
                  merge_before_fn before, void *ctx, void *out);

#endif
