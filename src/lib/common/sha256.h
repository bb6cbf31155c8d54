/* sha256.h: the SHA-256 digests of model files kept in the registry, in
 * the form sha256sum prints. The hashing itself is libmd's (Debian's
 * libmd-dev, <sha2.h>): a maintained implementation, not one of ours. */
#ifndef LF_SHA256_H
#define LF_SHA256_H

/* Digest of a file's contents in lower-case hex, NUL-terminated; dies
 * naming the path when the file cannot be read. */
void sha256_file(const char *path, char hex[65]);

#endif
