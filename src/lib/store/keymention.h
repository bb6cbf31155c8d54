/* keymention.h: whether a registry line mentions one of a set of keys as
 * a JSON string: holds the bytes "KEY", quotes and all, as grep -F finds
 * them (a key the line writes with an escape, \u0041 for A, is not
 * found: registry_each_mentioning's needle finds it no more). A reader of
 * some keys parses the lines that mention one, not years of others.
 *
 * One pass over the line whatever the number of keys: the text between
 * each '"' and the next is looked up among the keys, sorted by length
 * first (most texts of a line, digests, dates, names, are of no key's
 * length, and are passed over at the first comparison). A key with a
 * '"' of its own (no registry key has one: registry-append keeps names to
 * [A-Za-z0-9_.-]) is searched for as bytes, alone. */
#ifndef LF_KEYMENTION_H
#define LF_KEYMENTION_H

#include <stddef.h>

struct key_text {
    const char *s;
    size_t len;
};

struct key_mentions {
    struct key_text *plain; /* the keys without '"', by length, then bytes */
    size_t nplain;
    char **quoted; /* "KEY", of each key holding a '"' */
    size_t nquoted;
};

/* The set of keys[0..n) (not copied: they must outlive it). */
void key_mentions_init(struct key_mentions *m, const char *const *keys, size_t n);

/* 1 if the len bytes of line (NULs and all) hold "KEY" for one of the keys. */
int key_mentioned(const struct key_mentions *m, const char *line, size_t len);

void key_mentions_free(struct key_mentions *m);

#endif
