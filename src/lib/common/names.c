/* names.c: names ranked through a hash table (names.h). */
#include "names.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct slot {
    const char *name; /* NULL: empty */
    uint64_t hash;
    int order;        /* first seen: 0, 1, ... */
};

struct table {
    struct slot *slot;
    size_t cap, used; /* cap a power of two */
};

static uint64_t hash_of(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3u;
    return h;
}

/* The slot of name: its own, or the empty one it goes in. (Rows loaded
 * from a row image share their names' text: the same pointer is the same
 * name without a comparison.) */
static struct slot *find(const struct table *t, const char *name, uint64_t hash)
{
    for (size_t i = hash & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        struct slot *s = &t->slot[i];
        if (!s->name || s->name == name || (s->hash == hash && strcmp(s->name, name) == 0))
            return s;
    }
}

/* Doubles the table, which stays at most half full. */
static void enlarge(struct table *t)
{
    struct table bigger = { xcalloc(2 * t->cap, sizeof *bigger.slot), 2 * t->cap, t->used };
    for (size_t i = 0; i < t->cap; i++)
        if (t->slot[i].name)
            *find(&bigger, t->slot[i].name, t->slot[i].hash) = t->slot[i];
    free(t->slot);
    *t = bigger;
}

/* A distinct name and the order it was first seen in. */
struct seen {
    const char *name;
    int order;
};

static int cmp_seen(const void *a, const void *b)
{
    return strcmp(((const struct seen *)a)->name, ((const struct seen *)b)->name);
}

/* The last name seen at a pointer, by the pointer's bits: rows loaded from
 * a row image share their names' text, so most names are found here
 * without hashing them. */
#define POINTER_MEMO 256
struct pointer_memo {
    const char *name;
    int order;
};

static size_t memo_slot(const char *name)
{
    return (size_t)(((uint64_t)(uintptr_t)name * 0x9E3779B97F4A7C15u) >> 56) % POINTER_MEMO;
}

/* Each name's first-seen order (rank[i]) from the table, then its rank. */
size_t name_ranks(const char *const *s, size_t n, int *rank, const char ***distinct)
{
    struct table t = { xcalloc(64, sizeof *t.slot), 64, 0 };
    struct pointer_memo memo[POINTER_MEMO] = { { NULL, 0 } };
    struct seen *seen = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < n; i++) {
        struct pointer_memo *m = &memo[memo_slot(s[i])];
        if (m->name == s[i]) {
            rank[i] = m->order;
            continue;
        }
        uint64_t h = hash_of(s[i]);
        struct slot *slot = find(&t, s[i], h);
        if (!slot->name) {
            grow(&seen, &cap, t.used + 1, sizeof *seen);
            seen[t.used] = (struct seen){ s[i], (int)t.used };
            *slot = (struct slot){ s[i], h, (int)t.used++ };
            rank[i] = slot->order;
            if (2 * t.used > t.cap)
                enlarge(&t);
        } else
            rank[i] = slot->order;
        *m = (struct pointer_memo){ s[i], rank[i] };
    }
    free(t.slot);
    size_t d = t.used;
    if (d > 1)
        qsort(seen, d, sizeof *seen, cmp_seen);
    int *rank_of = xmalloc((d + 1) * sizeof *rank_of);
    const char **sorted = xmalloc((d + 1) * sizeof *sorted);
    for (size_t r = 0; r < d; r++) {
        rank_of[seen[r].order] = (int)r;
        sorted[r] = seen[r].name;
    }
    for (size_t i = 0; i < n; i++)
        rank[i] = rank_of[rank[i]];
    free(rank_of);
    free(seen);
    if (distinct)
        *distinct = sorted;
    else
        free(sorted);
    return d;
}
