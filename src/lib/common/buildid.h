/* buildid.h: the running program's build ID.
 *
 * The linker (ld --build-id, which the Makefile asks for) writes into each
 * program a note holding a digest of the whole linked output: another
 * build of other code, or of the same code other ways, has another ID.
 * Reading it is a walk over the program's headers, already in memory:
 * what keys a cache by the program, without a digest of the program's
 * file (a megabyte with its debugging information) at every run. */
#ifndef LF_BUILDID_H
#define LF_BUILDID_H

#include <stddef.h>

/* The longest ID kept (ld's sha1 makes 20 bytes, its md5 16, lld's fast 8
 * or 16): a longer one is taken as none. */
#define BUILD_ID_MAX 64

/* The running program's build ID in lower-case hex, NUL-terminated, into
 * hex (2 * BUILD_ID_MAX + 1 bytes); its length in bytes, or 0 when the
 * program has none (linked without --build-id). */
size_t program_build_id(char hex[2 * BUILD_ID_MAX + 1]);

/* "build-id " and its hex, or "sha256 " and the program file's digest. */
#define PROGRAM_ID_LEN (sizeof "build-id " + 2 * BUILD_ID_MAX)

/* The running program as what it computes is keyed by (a walk cache's
 * weeks, a feature table's stamp): its build ID, of which the linker made
 * a digest of the whole program; the SHA-256 of its file when it was
 * linked without one. */
void program_identity(char id[PROGRAM_ID_LEN]);

#endif
