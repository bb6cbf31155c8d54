/* fuzz_registry.c: registry_each (the JSON Lines registry reader) on a
 * memory stream, with registry_key on every entry. It dies only on a read
 * error, which a memory stream never has; the die hook is there anyway. */
#define _POSIX_C_SOURCE 200809L
#include "fuzz_die.h"
#include "registry.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int visit(const cJSON *entry, long line, void *data)
{
    size_t *n = data;
    if (!cJSON_IsObject(entry) || line < 1)
        abort(); /* registry_each promises objects */
    const char *k = registry_key(entry);
    if (k)
        *n += strlen(k);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init) {
        fuzz_quiet();
        init = 1;
    }
    if (size == 0)
        return 0;
    FILE *fp = fmemopen((void *)data, size, "rb");
    if (!fp)
        return 0;
    static size_t n;
    if (FUZZ_TRY()) {
        FUZZ_ARM();
        registry_each(fp, "fuzz", visit, &n);
        FUZZ_DONE();
        rewind(fp);
        registry_has_key(fp, "fuzz", "poisson_v2_serie_a_v2");
    }
    FUZZ_DONE();
    fclose(fp);
    return 0;
}
