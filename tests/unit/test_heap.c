/* test_heap.c: heap_keep_freed keeps large blocks in the heap (no mmap of
 * their own) and keeps freed memory for the next allocation. TAP. */
#define _GNU_SOURCE
#include "heap.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* Under AddressSanitizer its own allocator serves malloc: glibc's settings
 * and counters are not the ones in use, and there is nothing to test. */
#if defined(__SANITIZE_ADDRESS__)
#define OTHER_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OTHER_ALLOCATOR 1
#endif
#endif

#define BLOCK (8 * 1024 * 1024) /* a design matrix of a long history */

/* Each block is used through this, or the compiler may leave out a
 * malloc and free whose memory is never read. */
static char *volatile block;

static size_t heap_size(void) { return mallinfo2().arena; }
static size_t mapped_blocks(void) { return mallinfo2().hblks; }

static char *allocate(void)
{
    block = malloc(BLOCK);
    if (block)
        memset(block, 1, BLOCK);
    return block;
}

int main(void)
{
#ifdef OTHER_ALLOCATOR
    puts("1..0 # SKIP AddressSanitizer replaces glibc's allocator");
    return 0;
#endif
    /* Before: glibc's default maps a block this large on its own. */
    ok(allocate() && mapped_blocks() == 1, "by default an 8 MiB block is mapped on its own");
    free(block);

    ok(heap_keep_freed() == 0, "the allocator takes the setting");
    ok(allocate() && mapped_blocks() == 0 && heap_size() >= BLOCK,
       "an 8 MiB block now comes from the heap");
    size_t heap = heap_size();
    free(block);
    ok(heap_size() == heap, "freed, it stays with the process (heap of %zu bytes)", heap);
    ok(allocate() && heap_size() == heap && mapped_blocks() == 0,
       "the next block of that size reuses it");
    free(block);
    return done_testing();
}
