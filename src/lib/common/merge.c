/* merge.c: two sorted runs merged into one, stably (merge.h). */
#include "merge.h"

#include <string.h>

void merge_sorted(const void *a, size_t na, const void *b, size_t nb, size_t size,
                  merge_before_fn before, void *ctx, void *out)
{
    if (na == 0 || nb == 0) { /* (a run may then be NULL: no arithmetic on it) */
        if (na + nb > 0)
            memcpy(out, na ? a : b, (na + nb) * size);
        return;
    }
    const char *x = a, *y = b, *x_end = x + na * size, *y_end = y + nb * size;
    char *o = out;
    while (x < x_end && y < y_end) {
        const char **from = before(y, x, ctx) ? &y : &x; /* ties: the first run's */
        memcpy(o, *from, size);
        o += size;
        *from += size;
    }
    if (x < x_end)
        memcpy(o, x, (size_t)(x_end - x));
    else if (y < y_end)
        memcpy(o, y, (size_t)(y_end - y));
}
