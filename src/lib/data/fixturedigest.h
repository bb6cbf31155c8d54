/* fixturedigest.h: a row's fields fed to a SHA-256 as bytes, not text.
 *
 * What a row's canonical line holds (fixture_line, with the statistics
 * columns when the row has statistics, without the odds source), in a
 * fixed binary form that costs no formatting: its four names, each
 * NUL-terminated; its date; its goals, or none; each odds, or none; then
 * whether it has statistics, which, and their values. Numbers are written
 * little-endian whatever the host's order, odds as their exact bits.
 *
 * Two rows give the same bytes exactly when their lines are the same: a
 * name holds no NUL, a positive odds has one shortest text and one bit
 * pattern, and everything else a line holds is here as a whole number.
 * The bytes of a row tell where they end (the names by their NULs, the
 * statistics by which are present), so a run of rows' bytes is a run of
 * rows' lines, row for row, and the odds source and the input's line
 * number, which no line holds, change nothing. */
#ifndef LF_FIXTUREDIGEST_H
#define LF_FIXTUREDIGEST_H

#include "fixtures.h"
#include "sha256.h"

void fixture_digest_fields(struct sha256 *c, const struct fixture *f);

#endif
