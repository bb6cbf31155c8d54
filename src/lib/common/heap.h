/* heap.h: the allocator's handling of large blocks, for the programs that
 * refit models week after week.
 *
 * A walk-forward refit allocates its design matrices (n rows × features,
 * a megabyte or more) anew each week and frees them. glibc serves a block
 * that large with mmap(2) and gives it back with munmap(2) on free, so
 * each week's matrices cost fresh zeroed pages, a page fault each: in
 * emit-metrics' 1x2_v2 walk a third of the CPU time. Kept in the heap
 * instead, freed blocks are reused by the next week's. */
#ifndef LF_HEAP_H
#define LF_HEAP_H

/* Blocks up to 32 MiB come from the heap, and freed memory stays with the
 * process until it exits. Call first thing in main; 0, or -1 when the
 * allocator refused (the program runs as well, only slower). */
int heap_keep_freed(void);

#endif
