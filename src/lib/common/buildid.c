/* buildid.c: the running program's build ID (see buildid.h), read from
 * its NT_GNU_BUILD_ID note through dl_iterate_phdr. */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include "buildid.h"
#include "sha256.h"

#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct found {
    char *hex;
    size_t len;
};

static size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

/* The ID in the notes of one PT_NOTE segment, at `at` for `size` bytes,
 * whose entries are aligned to `align` (4, or 8 for a segment of 8-byte
 * aligned notes): its length, 0 when it holds none. */
static size_t id_in_notes(const unsigned char *at, size_t size, size_t align, char *hex)
{
    size_t off = 0;
    while (size - off >= sizeof(ElfW(Nhdr))) {
        ElfW(Nhdr) n;
        memcpy(&n, at + off, sizeof n);
        size_t name = off + sizeof n, desc = name + align_up(n.n_namesz, align);
        if (desc > size || n.n_descsz > size - desc)
            return 0; /* (a note cut short: none taken) */
        if (n.n_type == NT_GNU_BUILD_ID && n.n_namesz == 4 &&
            memcmp(at + name, "GNU", 4) == 0 && n.n_descsz > 0 && n.n_descsz <= BUILD_ID_MAX) {
            for (size_t i = 0; i < n.n_descsz; i++)
                snprintf(hex + 2 * i, 3, "%02x", at[desc + i]);
            return n.n_descsz;
        }
        off = desc + align_up(n.n_descsz, align);
    }
    return 0;
}

/* The first object dl_iterate_phdr reports is the program itself. */
static int first_object(struct dl_phdr_info *info, size_t size, void *data)
{
    struct found *f = data;
    (void)size;
    for (int i = 0; i < info->dlpi_phnum && f->len == 0; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type == PT_NOTE)
            f->len = id_in_notes((const unsigned char *)(info->dlpi_addr + p->p_vaddr),
                                 p->p_memsz, p->p_align == 8 ? 8 : 4, f->hex);
    }
    return 1; /* the program's notes only, never a library's */
}

size_t program_build_id(char hex[2 * BUILD_ID_MAX + 1])
{
    struct found f = { hex, 0 };
    hex[0] = '\0';
    dl_iterate_phdr(first_object, &f);
    return f.len;
}

void program_identity(char id[PROGRAM_ID_LEN])
{
    char hex[2 * BUILD_ID_MAX + 1], file[65];
    if (program_build_id(hex) > 0) {
        snprintf(id, PROGRAM_ID_LEN, "build-id %s", hex);
        return;
    }
    sha256_file("/proc/self/exe", file);
    snprintf(id, PROGRAM_ID_LEN, "sha256 %s", file);
}
