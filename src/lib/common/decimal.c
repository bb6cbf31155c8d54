/* decimal.c: see decimal.h. */
#include "decimal.h"

#include <stdint.h>

#define MAX_EXACT_INTEGER (UINT64_C(1) << 53)

/* 10^0 .. 10^22: the powers of ten a double holds exactly. */
static const double POWER_OF_TEN[] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};
#define MAX_PLACES 22

int decimal_parse_exact(const char *s, double *out)
{
    int negative = *s == '-', digits = 0, places = 0, point = 0;
    uint64_t w = 0;
    for (s += negative; *s; s++) {
        if (*s == '.' && !point) {
            point = 1;
            continue;
        }
        if (*s < '0' || *s > '9')
            return -1;
        w = 10 * w + (uint64_t)(*s - '0');
        if (w > MAX_EXACT_INTEGER) /* checked each digit: no overflow */
            return -1;
        digits++;
        places += point;
    }
    if (digits == 0 || places > MAX_PLACES)
        return -1;
    double v = (double)w / POWER_OF_TEN[places];
    *out = negative ? -v : v;
    return 0;
}
