/* textbuf.h: text built in memory a piece at a time, NUL-terminated after
 * every piece: a row's line as the writers write it and the digests take it
 * (fixtures.h), a child's errors as they arrive (isolated.h, importdir.h). */
#ifndef LF_TEXTBUF_H
#define LF_TEXTBUF_H

#include <stddef.h>

/* Zero it to start: s stays NULL until the first piece. */
struct text_buf {
    char *s;
    size_t len, cap;
};

/* Appends the n bytes at s (which may hold NUL bytes). */
void text_buf_add(struct text_buf *t, const char *s, size_t n);

/* Room for n more bytes at the end of the text (and its NUL): where to
 * write them. text_buf_end then takes what was written, up to `end`. */
char *text_buf_reserve(struct text_buf *t, size_t n);
void text_buf_end(struct text_buf *t, char *end);

/* Empties t, keeping its memory for the next text. */
void text_buf_clear(struct text_buf *t);

/* Removes the first n bytes (at most len), moving the rest to the front. */
void text_buf_drop(struct text_buf *t, size_t n);

/* The text as a string the caller frees ("" when nothing was added); t is
 * left zeroed. */
char *text_buf_release(struct text_buf *t);

void text_buf_free(struct text_buf *t);

#endif
