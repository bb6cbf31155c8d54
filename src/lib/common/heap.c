/* heap.c: see heap.h. */
#define _GNU_SOURCE
#include "heap.h"

#include <malloc.h>

/* glibc's largest mmap threshold on 64-bit systems. */
#define LARGEST_HEAP_BLOCK (32L * 1024 * 1024)

int heap_keep_freed(void)
{
    /* Setting either threshold also stops glibc from moving them on its
     * own, so that the setting holds. The trim threshold is only how
     * much free memory at the top of the heap is kept. */
    int ok = mallopt(M_MMAP_THRESHOLD, LARGEST_HEAP_BLOCK) &&
             mallopt(M_TRIM_THRESHOLD, 2 * LARGEST_HEAP_BLOCK);
    return ok ? 0 : -1;
}
