/* sha256.c: digests through nettle's SHA-256; the file is read here so
 * that an open error and a read error say which. */
#define _POSIX_C_SOURCE 200809L /* pread */
#include "sha256.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void sha256_begin(struct sha256 *s) { sha256_init(&s->ctx); }

void sha256_add(struct sha256 *s, const void *data, size_t n)
{
    sha256_update(&s->ctx, n, (const uint8_t *)data);
}

void sha256_hex(const struct sha256 *s, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    struct sha256_ctx copy = s->ctx; /* nettle's digest resets its context */
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&copy, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[2 * sizeof d] = '\0';
}

int sha256_fd(int fd, char hex[65])
{
    struct sha256 s;
    unsigned char buf[65536];
    off_t at = 0;
    ssize_t got;
    sha256_begin(&s);
    while ((got = pread(fd, buf, sizeof buf, at)) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return -1;
        sha256_add(&s, buf, (size_t)got);
        at += got;
    }
    sha256_hex(&s, hex);
    return 0;
}

void sha256_file(const char *path, char hex[65])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        die("%s: %s", path, strerror(errno));
    if (sha256_fd(fd, hex) != 0)
        die("%s: read error: %s", path, strerror(errno));
    close(fd);
}
