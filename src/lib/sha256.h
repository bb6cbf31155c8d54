/* sha256.h: SHA-256 (FIPS 180-4), for the model file digests kept in the
 * registry. Plain and portable: speed is no concern for files of kilobytes. */
#ifndef LF_SHA256_H
#define LF_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
    uint32_t state[8];
    uint64_t nbytes;         /* message length so far */
    unsigned char block[64]; /* bytes waiting for a full block */
    size_t nblock;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t len);
/* Pads, writes the 32-byte digest; c must be re-initialised before reuse. */
void sha256_final(struct sha256 *c, unsigned char digest[32]);

/* Lower-case hexadecimal of a digest, NUL-terminated. */
void sha256_hex(const unsigned char digest[32], char hex[65]);

/* Digest of a file's contents in hex, as sha256sum prints it; dies naming
 * the path when the file cannot be read. */
void sha256_file(const char *path, char hex[65]);

#endif
