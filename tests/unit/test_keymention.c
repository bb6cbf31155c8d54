/* test_keymention.c: a line mentions a key where it holds "KEY", quotes
 * and all, as grep -F finds it: keys of every length at once, a key
 * holding a '"', NULs and bytes not UTF-8 in the line (keymention.h). TAP. */
#include "keymention.h"

#include <string.h>

#include "tap.h"

/* Whether the text (NULs and all: len bytes) mentions one of keys. */
static int mentioned(const char *const *keys, size_t n, const char *line, size_t len)
{
    struct key_mentions m;
    key_mentions_init(&m, keys, n);
    int found = key_mentioned(&m, line, len);
    key_mentions_free(&m);
    return found;
}

#define LINE(s) s, sizeof s - 1
#define KEYS(...) (const char *const[]){ __VA_ARGS__ }, sizeof (const char *[]){ __VA_ARGS__ } / sizeof (const char *)

static void test_quoted_keys(void)
{
    const char *entry = "{\"key\":\"poisson_v2_serie_a_2024-05-19-aaaaaaaa\",\"league\":\"serie_a\"}";
    size_t len = strlen(entry);
    ok(mentioned(KEYS("poisson_v2_serie_a_2024-05-19-aaaaaaaa"), entry, len), "the key itself");
    ok(mentioned(KEYS("x", "serie_a", "zzz_a_much_longer_key_than_any"), entry, len),
       "any of several keys, any member's value, of any length");
    ok(!mentioned(KEYS("poisson_v2_serie_a"), entry, len), "a prefix of a string is no mention");
    ok(!mentioned(KEYS("erie_a"), entry, len), "nor a suffix");
    ok(mentioned(KEYS("key"), entry, len), "a member's name is a JSON string too (as for grep)");
    ok(!mentioned(KEYS("poisson_v2_serie_a_2024-05-19-aaaaaaa"), entry, len),
       "a key one byte shorter than the string: none");
    ok(!mentioned(KEYS("x"), entry, len) && !mentioned(NULL, 0, entry, len), "no key of the set: none");
    ok(mentioned(KEYS(","), entry, len), "the text between a closing '\"' and the next counts, as for grep");
    ok(mentioned(KEYS(""), LINE("{\"a\":\"\"}")), "the empty key: an empty string");
    ok(!mentioned(KEYS("a"), LINE("{\"key\":\"\\u0061\"}")), "a key written with an escape: not found");
}

static void test_odd_lines(void)
{
    ok(mentioned(KEYS("k"), LINE("\0\0{\"key\":\"k\"}\0")), "NULs before and after do not hide it");
    ok(mentioned(KEYS("k\xe9"), LINE("{\"key\":\"k\xe9\"}")), "bytes not UTF-8, compared as bytes");
    ok(!mentioned(KEYS("k"), LINE("{\"key\":\"k")), "a torn string: no closing quote, no mention");
    ok(mentioned(KEYS("k"), LINE("\"k\"")), "the whole line");
    ok(!mentioned(KEYS("k"), LINE("")), "an empty line");
}

static void test_keys_with_quotes(void)
{
    ok(mentioned(KEYS("a\"b"), LINE("[\"a\"b\"]")), "a key holding '\"': its bytes found");
    ok(!mentioned(KEYS("a\"b"), LINE("{\"key\":\"a\\\"b\"}")), "not its escaped form");
    ok(mentioned(KEYS("a\"b", "c"), LINE("{\"key\":\"c\"}")), "beside plain keys");
    ok(mentioned(KEYS("\""), LINE("{\"\"\"}")), "a key that is a quote alone");
}

int main(void)
{
    test_quoted_keys();
    test_odd_lines();
    test_keys_with_quotes();
    return done_testing();
}
