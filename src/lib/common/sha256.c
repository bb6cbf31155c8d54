/* sha256.c: file digests. The hash is libmd's (SHA256Init/Update/End);
 * the file is read here so that an open error and a read error say which. */
#include "sha256.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include <sha2.h>

void sha256_file(const char *path, char hex[65])
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        die("%s: %s", path, strerror(errno));
    SHA2_CTX c;
    SHA256Init(&c);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        SHA256Update(&c, buf, n);
    if (ferror(fp))
        die("%s: read error: %s", path, strerror(errno));
    fclose(fp);
    SHA256End(&c, hex); /* lower-case hex and a NUL: 65 bytes */
}
