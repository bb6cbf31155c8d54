/* names.h: the distinct names among many, each as its rank in sorted
 * order.
 *
 * The rows of a league's history (and of its linked divisions) name a few
 * hundred teams and a handful of divisions tens of thousands of times.
 * Ranking them through a hash table compares each name once or twice;
 * a binary search among the names found so far compared it a dozen times,
 * and that was a tenth of some programs' time. */
#ifndef LF_NAMES_H
#define LF_NAMES_H

#include <stddef.h>

/* rank[i] = the rank of s[i] among the distinct strings of s[0 .. n),
 * sorted by strcmp. Returns how many are distinct; *distinct (when not
 * NULL) gets them, sorted: the pointers of s (the caller frees the array,
 * not the strings). */
size_t name_ranks(const char *const *s, size_t n, int *rank, const char ***distinct);

#endif
