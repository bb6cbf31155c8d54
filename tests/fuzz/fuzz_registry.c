/* fuzz_registry.c: registry_each (the JSON Lines registry reader) on a
 * memory stream, with registry_key on every entry; registry_each_line
 * over the lines that mention some keys (keymention.h), as registry-keys
 * reads them. It dies only on a read
 * error, which a memory stream never has; the die hook is there anyway. */
#define _POSIX_C_SOURCE 200809L
#include "fuzz_die.h"
#include "keymention.h"
#include "registry.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* An entry is an object, or none (registry_each_line: a line that is
 * not one); its key is read through. */
static int visit_line(const cJSON *entry, long line, void *data)
{
    size_t *n = data;
    if ((entry && !cJSON_IsObject(entry)) || line < 1)
        abort();
    const char *k = entry ? registry_key(entry) : NULL;
    if (k)
        *n += strlen(k);
    return 0;
}

static int visit(const cJSON *entry, long line, void *data)
{
    if (!entry)
        abort(); /* registry_each promises entries */
    return visit_line(entry, line, data);
}

static int mentions(const char *line, size_t len, const void *keys)
{
    return key_mentioned(keys, line, len);
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
    static const char *const key_list[] = { "poisson_v2_serie_a_v2", "a", "", "a\"b" };
    static struct key_mentions keys;
    if (!keys.plain)
        key_mentions_init(&keys, key_list, sizeof key_list / sizeof *key_list);
    if (FUZZ_TRY()) {
        FUZZ_ARM();
        registry_each(fp, "fuzz", visit, &n);
        FUZZ_DONE();
        rewind(fp);
        registry_has_key(fp, "fuzz", "poisson_v2_serie_a_v2");
        rewind(fp);
        registry_each_line(fp, "fuzz", mentions, &keys, visit_line, &n);
    }
    FUZZ_DONE();
    fclose(fp);
    return 0;
}
