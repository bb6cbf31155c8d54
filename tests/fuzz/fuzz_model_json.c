/* fuzz_model_json.c: the model readers dc_from_json, logreg_from_json and
 * mlogit_from_json on one parsed document (parsed as json_read_file does:
 * strict, NUL-terminated, no trailing junk). The first byte picks the
 * reader. See fuzz_die.h for how die() is survived: each reader leaves its
 * struct freeable after a die, so leak detection stays on. */
#define _POSIX_C_SOURCE 200809L
#include "dc.h"
#include "fuzz_die.h"
#include "logreg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init) {
        fuzz_quiet();
        init = 1;
    }
    if (size < 1)
        return 0;
    int which = data[0] % 3;
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    if (memchr(data + 1, '\0', size - 1)) { /* json_read_file refuses these */
        free(text);
        return 0;
    }
    cJSON *obj = cJSON_ParseWithLengthOpts(text, size, NULL, 1);
    free(text);
    if (!obj)
        return 0;
    static struct dc_model dc;
    static struct logreg lr;
    static struct mlogit ml;
    if (FUZZ_TRY()) {
        FUZZ_ARM();
        switch (which) {
        case 0:
            dc_from_json(obj, "fuzz", &dc);
            FUZZ_DONE();
            if (dc.nteams >= 2) { /* use it as predict would */
                struct dc_probs p;
                dc_predict(&dc, 0, 1, &p);
                dc_predict(&dc, -1, 1, &p);
            }
            break;
        case 1:
            logreg_from_json(obj, "fuzz", &lr);
            FUZZ_DONE();
            break;
        default:
            mlogit_from_json(obj, "fuzz", &ml);
            FUZZ_DONE();
            break;
        }
    }
    FUZZ_DONE();
    if (which == 0)
        dc_free(&dc);
    else if (which == 1)
        logreg_free(&lr);
    else
        mlogit_free(&ml);
    memset(&lr, 0, sizeof lr);
    memset(&ml, 0, sizeof ml);
    cJSON_Delete(obj);
    return 0;
}
