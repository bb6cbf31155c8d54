/* test_buildid.c: program_build_id reads the note the linker wrote into
 * this very program: the ID it returns stands in the program's file, in a
 * GNU build-id note. TAP output. */
#include "buildid.h"
#include "util.h"

#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* Whether the file's bytes hold a build-id note of the n bytes id: its
 * header (name size 4, id size n, NT_GNU_BUILD_ID), "GNU", then id. */
static int file_has_note(const char *path, const unsigned char *id, size_t n)
{
    FILE *fp = fopen(path, "rb");
    size_t len;
    char *text = fp ? read_all(fp, &len) : NULL;
    if (fp)
        fclose(fp);
    if (!text)
        return 0;
    unsigned char want[12 + 4 + BUILD_ID_MAX];
    uint32_t head[3] = { 4, (uint32_t)n, NT_GNU_BUILD_ID };
    memcpy(want, head, sizeof head);
    memcpy(want + 12, "GNU", 4);
    memcpy(want + 16, id, n);
    int found = 0;
    for (size_t i = 0; !found && i + 16 + n <= len; i++)
        found = memcmp(text + i, want, 16 + n) == 0;
    free(text);
    return found;
}

int main(void)
{
    char hex[2 * BUILD_ID_MAX + 1];
    size_t n = program_build_id(hex);
    ok(n > 0, "the test program has a build ID (linked with --build-id)");
    ok(strlen(hex) == 2 * n && strspn(hex, "0123456789abcdef") == 2 * n,
       "in lower-case hex, two digits a byte: %s", hex);
    unsigned char id[BUILD_ID_MAX];
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        id[i] = (unsigned char)v;
    }
    ok(n > 0 && file_has_note("/proc/self/exe", id, n),
       "the ID is the one in the program's file, in its GNU build-id note");
    char again[2 * BUILD_ID_MAX + 1];
    ok(program_build_id(again) == n && strcmp(again, hex) == 0, "read again, the same");
    return done_testing();
}
