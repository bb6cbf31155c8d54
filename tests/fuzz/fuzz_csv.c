/* fuzz_csv.c: the canonical fixtures reader (csvrows.c + fixtures.c) on a
 * memory stream. See fuzz_die.h for how die() is survived. */
#define _POSIX_C_SOURCE 200809L
#include "fixtures.h"
#include "fuzz_die.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A die() inside the parse strands its buffers (fuzz_die.h): no leak
 * check here, neither libFuzzer's per input nor LeakSanitizer's at exit. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_leaks=0"; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init) {
        fuzz_quiet();
        init = 1;
    }
    if (size == 0)
        return 0; /* fmemopen needs a non-empty buffer */
    FILE *fp = fmemopen((void *)data, size, "rb");
    if (!fp)
        return 0;
    static struct fixture_set set; /* static: still reachable after a die */
    if (FUZZ_TRY()) {
        FUZZ_ARM();
        fixtures_read(fp, "fuzz", &set);
        FUZZ_DONE();
        fixtures_sort(&set);
        for (size_t i = 0; i < set.n; i++) {
            const struct fixture *f = &set.v[i];
            if (!f->league[0] || !f->home[0] || strcmp(f->home, f->away) == 0 ||
                (f->home_goals == NO_GOALS) != (f->away_goals == NO_GOALS))
                abort(); /* a check the reader promises */
        }
    }
    fixtures_free(&set);
    fclose(fp);
    return 0;
}
