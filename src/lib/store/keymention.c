/* keymention.c: a line's mention of one of a set of keys (keymention.h). */
#define _GNU_SOURCE /* memmem */
#include "keymention.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Texts by length, then bytes: a text of no key's length is told apart
 * at the first comparison, without a look at its bytes. */
static int cmp_text(const struct key_text *a, const struct key_text *b)
{
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return memcmp(a->s, b->s, a->len);
}

static int cmp_key(const void *a, const void *b)
{
    return cmp_text(a, b);
}

void key_mentions_init(struct key_mentions *m, const char *const *keys, size_t n)
{
    m->plain = xmalloc((n ? n : 1) * sizeof *m->plain);
    m->quoted = xmalloc((n ? n : 1) * sizeof *m->quoted);
    m->nplain = m->nquoted = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(keys[i]);
        if (!strchr(keys[i], '"')) {
            m->plain[m->nplain++] = (struct key_text){ keys[i], len };
            continue;
        }
        char *q = xmalloc(len + 3);
        q[0] = '"';
        memcpy(q + 1, keys[i], len);
        memcpy(q + 1 + len, "\"", 2);
        m->quoted[m->nquoted++] = q;
    }
    qsort(m->plain, m->nplain, sizeof *m->plain, cmp_key);
}

/* Whether s[0..len) is one of the plain keys. */
static int is_plain_key(const struct key_mentions *m, const char *s, size_t len)
{
    struct key_text text = { s, len };
    return bsearch(&text, m->plain, m->nplain, sizeof *m->plain, cmp_key) != NULL;
}

int key_mentioned(const struct key_mentions *m, const char *line, size_t len)
{
    /* A plain key's "KEY" runs from a '"' to the very next: every '"'
     * but the line's last opens a text to look up. */
    const char *end = line + len;
    const char *open = m->nplain ? memchr(line, '"', len) : NULL;
    while (open) {
        const char *close = memchr(open + 1, '"', (size_t)(end - open - 1));
        if (!close)
            break;
        if (is_plain_key(m, open + 1, (size_t)(close - open - 1)))
            return 1;
        open = close;
    }
    for (size_t i = 0; i < m->nquoted; i++)
        if (memmem(line, len, m->quoted[i], strlen(m->quoted[i])))
            return 1;
    return 0;
}

void key_mentions_free(struct key_mentions *m)
{
    for (size_t i = 0; i < m->nquoted; i++)
        free(m->quoted[i]);
    free(m->quoted);
    free(m->plain);
}
