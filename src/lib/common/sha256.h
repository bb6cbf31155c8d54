/* sha256.h: SHA-256 digests: of model files kept in the registry, in the
 * form sha256sum prints, and of the text and numbers that data versions
 * and cache keys are made of. The hashing itself is nettle's (Debian's
 * nettle-dev, <nettle/sha2.h>): a maintained implementation, not one of
 * ours, which uses the CPU's SHA instructions where it has them (five
 * times libmd's speed here: digests were a tenth of a week's training). */
#ifndef LF_SHA256_H
#define LF_SHA256_H

#include <stddef.h>
#include <stdio.h>

#include <nettle/sha2.h>

/* A digest being computed. */
struct sha256 {
    struct sha256_ctx ctx;
};

void sha256_begin(struct sha256 *s);
void sha256_add(struct sha256 *s, const void *data, size_t n);

/* The digest of what was added so far, in lower-case hex and a NUL; s is
 * left as it was, so that more can be added. */
void sha256_hex(const struct sha256 *s, char hex[65]);

/* Digest of what the file open as fd holds, read from its start (pread:
 * its offset is left as it was); -1 on a read error. */
int sha256_fd(int fd, char hex[65]);

/* Digest of a file's contents in lower-case hex, NUL-terminated; dies
 * naming the path when the file cannot be read. */
void sha256_file(const char *path, char hex[65]);

#endif
