/* textbuf.c: see textbuf.h. */
#include "textbuf.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void text_buf_add(struct text_buf *t, const char *s, size_t n)
{
    grow(&t->s, &t->cap, t->len + n + 1, 1);
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

char *text_buf_reserve(struct text_buf *t, size_t n)
{
    grow(&t->s, &t->cap, t->len + n + 1, 1);
    return t->s + t->len;
}

void text_buf_end(struct text_buf *t, char *end)
{
    t->len = (size_t)(end - t->s);
    *end = '\0';
}

void text_buf_clear(struct text_buf *t)
{
    t->len = 0;
    if (t->s)
        t->s[0] = '\0';
}

void text_buf_drop(struct text_buf *t, size_t n)
{
    if (n > t->len)
        n = t->len;
    if (n == 0)
        return;
    memmove(t->s, t->s + n, t->len - n + 1); /* (the NUL too) */
    t->len -= n;
}

char *text_buf_release(struct text_buf *t)
{
    char *s = t->s ? t->s : xstrdup("");
    memset(t, 0, sizeof *t);
    return s;
}

void text_buf_free(struct text_buf *t)
{
    free(t->s);
    memset(t, 0, sizeof *t);
}
