/* test_textbuf.c: text built a piece at a time: pieces joined in order,
 * NUL-terminated after each, NUL bytes inside kept, the front dropped,
 * cleared and reused, released as a string; xstrndup beside it. TAP. */
#include "textbuf.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"

static void joins_pieces(void)
{
    struct text_buf t = { 0 };
    text_buf_add(&t, "ab", 2);
    ok(t.len == 2 && strcmp(t.s, "ab") == 0, "one piece, NUL-terminated");
    text_buf_add(&t, "cdef", 3);
    ok(t.len == 5 && strcmp(t.s, "abcde") == 0, "a second piece (3 of its bytes) after it");
    text_buf_add(&t, "", 0);
    ok(t.len == 5 && strcmp(t.s, "abcde") == 0, "an empty piece changes nothing");
    /* Many pieces: the memory grows and the text stays whole. */
    for (int i = 0; i < 10000; i++)
        text_buf_add(&t, "xyz", 3);
    int whole = t.len == 5 + 30000 && t.s[t.len] == '\0';
    for (size_t i = 5; whole && i < t.len; i++)
        whole = t.s[i] == "xyz"[(i - 5) % 3];
    ok(whole, "10000 more pieces, all there in order");
    text_buf_free(&t);
    ok(t.s == NULL && t.len == 0 && t.cap == 0, "freed: zeroed");
}

static void keeps_nul_bytes(void)
{
    struct text_buf t = { 0 };
    text_buf_add(&t, "a\0b\n", 4);
    ok(t.len == 4 && memcmp(t.s, "a\0b\n", 5) == 0, "NUL bytes inside a piece are kept");
    text_buf_drop(&t, 2);
    ok(t.len == 2 && strcmp(t.s, "b\n") == 0, "dropping the front (across the NUL)");
    text_buf_drop(&t, 0);
    ok(t.len == 2 && strcmp(t.s, "b\n") == 0, "dropping nothing");
    text_buf_drop(&t, 99);
    ok(t.len == 0 && t.s[0] == '\0', "dropping more than there is empties it");
    text_buf_free(&t);
}

static void clears_and_releases(void)
{
    struct text_buf t = { 0 };
    text_buf_clear(&t);
    ok(t.s == NULL && t.len == 0, "clearing an empty one");
    text_buf_add(&t, "first line\n", 11);
    char *kept = t.s;
    text_buf_clear(&t);
    ok(t.len == 0 && t.s == kept && t.s[0] == '\0', "cleared: empty, memory kept");
    text_buf_add(&t, "two", 3);
    ok(strcmp(t.s, "two") == 0, "reused after clearing");
    char *s = text_buf_release(&t);
    ok(strcmp(s, "two") == 0 && t.s == NULL && t.len == 0 && t.cap == 0,
       "released: the caller's string, the buffer zeroed");
    free(s);
    s = text_buf_release(&t);
    ok(s != NULL && s[0] == '\0', "released with nothing added: an empty string");
    free(s);
}

static void copies_bounded(void)
{
    char *s = xstrndup("abcdef", 3);
    ok(strcmp(s, "abc") == 0, "xstrndup: the first n bytes");
    free(s);
    s = xstrndup("ab\0cd", 5);
    ok(strcmp(s, "ab") == 0, "xstrndup: up to a NUL before n");
    free(s);
    s = xstrndup("abc", 0);
    ok(s[0] == '\0', "xstrndup: n = 0");
    free(s);
}

int main(void)
{
    joins_pieces();
    keeps_nul_bytes();
    clears_and_releases();
    copies_bounded();
    return done_testing();
}
