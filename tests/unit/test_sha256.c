/* test_sha256.c: sha256_file (nettle underneath) on the FIPS 180-4 / NIST
 * CAVS vectors and on lengths around the padding limits, each written to a
 * temp file, so that what is tested is what the registry records; and the
 * streaming digest of the data versions and cache keys. TAP. */
#define _POSIX_C_SOURCE 200809L
#include "sha256.h"
#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static void check_hex(const char *got, const char *want, const char *what)
{
    if (!ok(strcmp(got, want) == 0, "%s", what))
        diag("  got  %s\n#   want %s", got, want);
}

/* Digest of a file holding the len bytes of msg. */
static int digest_of(const char *msg, size_t len, char hex[65])
{
    char path[] = "/tmp/test_sha256.XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    int written = write(fd, msg, len) == (ssize_t)len;
    if (close(fd) != 0 || !written) {
        unlink(path);
        return 0;
    }
    sha256_file(path, hex);
    unlink(path);
    return 1;
}

static void check_digest(const char *msg, size_t len, const char *want, const char *what)
{
    char hex[65];
    if (!digest_of(msg, len, hex)) {
        ok(0, "%s: cannot write a temp file", what);
        return;
    }
    check_hex(hex, want, what);
}

static char *repeat_a(size_t n)
{
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memset(s, 'a', n);
    s[n] = '\0';
    return s;
}

static void test_vectors(void)
{
    static const struct { const char *msg, *hex, *what; } v[] = {
        { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
          "empty file" },
        { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
          "\"abc\" (one block)" },
        { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
          "448-bit message (two blocks)" },
        { "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
          "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
          "896-bit message" },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        check_digest(v[i].msg, strlen(v[i].msg), v[i].hex, v[i].what);
}

/* A file far larger than one read: the library's chunking is exercised. */
static void test_million_a(void)
{
    char *msg = repeat_a(1000000);
    check_digest(msg, 1000000,
                 "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
                 "one million 'a'");
    free(msg);
}

/* Lengths around the 56-byte padding limit and the 64-byte block; the
 * expected digests are from coreutils sha256sum. */
static void test_padding_boundaries(void)
{
    static const struct { size_t n; const char *hex; } v[] = {
        { 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
        { 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
        { 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
        { 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
        { 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
        { 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
    };
    char what[64];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char *msg = repeat_a(v[i].n);
        snprintf(what, sizeof what, "%zu x 'a'", v[i].n);
        check_digest(msg, v[i].n, v[i].hex, what);
        free(msg);
    }
}

/* The streaming digest: pieces added in turn, a digest taken midway, then
 * more added (the walk cache's keys are taken that way). */
static void test_streaming(void)
{
    struct sha256 s;
    char hex[65];
    sha256_begin(&s);
    sha256_add(&s, "a", 1);
    sha256_add(&s, "bc", 2);
    sha256_hex(&s, hex);
    check_hex(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
              "abc added in two pieces");
    sha256_add(&s, "def", 3);
    sha256_hex(&s, hex);
    check_hex(hex, "bef57ec7f53a6d40beb640a780a639c83bc29ac8a9816f1fc6c5c6dcd93c4721",
              "then def: the digest of abcdef (a digest taken leaves the state as it was)");
}

int main(void)
{
    test_vectors();
    test_streaming();
    test_million_a();
    test_padding_boundaries();
    return done_testing();
}
