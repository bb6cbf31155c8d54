/* test_decimal.c: decimal_parse_exact gives strtod's double, bit for bit,
 * on every string it takes, and leaves the others to strtod. TAP. */
#include "decimal.h"
#include "json.h"
#include "rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* Whether s parses, and to strtod's bits when it does (mismatches: the
 * first few are printed). */
static int taken_as_strtod(const char *s, int *taken)
{
    double got = 12345, want = strtod(s, NULL);
    *taken = decimal_parse_exact(s, &got) == 0;
    if (*taken && memcmp(&got, &want, sizeof got) != 0) {
        diag("%s: got %a, strtod %a", s, got, want);
        return 0;
    }
    return 1;
}

static void test_awkward(void)
{
    static const char *const taken[] = {
        "0", "-0", "0.0", "-0.0", "1", "1.", ".5", "-.5", "007", "0.1", "0.3", "2.675",
        "4.35", "-1500", "9007199254740992", "0.9007199254740992", "0.1234567890123456",
        "1234567890.123456", "0.0000000000000000000001",
    };
    static const char *const left[] = {
        "", "-", ".", "-.", "+1", "1e5", "1E-5", "0x10", "inf", "nan", " 1", "1 ", "1.2.3",
        "9007199254740993", "90071992547409920", "0.12345678901234567",
        "0.00000000000000000000001", "1,5", "--1",
    };
    int all = 1, t;
    for (size_t i = 0; i < sizeof taken / sizeof *taken; i++) {
        all &= taken_as_strtod(taken[i], &t);
        if (!t)
            diag("not taken: '%s'", taken[i]), all = 0;
    }
    ok(all, "plain decimals up to 2^53 in their digits, 22 places: strtod's bits");
    all = 1;
    for (size_t i = 0; i < sizeof left / sizeof *left; i++) {
        double v = 7;
        if (decimal_parse_exact(left[i], &v) == 0 || v != 7)
            diag("taken: '%s'", left[i]), all = 0;
    }
    ok(all, "signs but a leading minus, exponents, 17 digits, 23 places, junk: left to strtod");
}

/* Random doubles as format_double and printf write them, and random digit
 * strings with a point anywhere. */
static void test_random(void)
{
    struct rng r;
    rng_seed(&r, 2024);
    long n = 0, took = 0, bad = 0;
    char buf[64];
    for (int i = 0; i < 200000; i++) {
        int t;
        double scale = (double)(rng_next(&r) % 1000000) / (double)(1 + rng_next(&r) % 100000);
        double v = (rng_next(&r) % 2 ? -1 : 1) * scale * (rng_next(&r) % 3 ? 1 : 1e-7);
        switch (i % 3) {
        case 0:
            format_double(v, buf);
            break;
        case 1:
            snprintf(buf, sizeof buf, "%.*f", (int)(rng_next(&r) % 23), v);
            break;
        default: { /* up to 20 digits, the point anywhere */
            int len = 1 + (int)(rng_next(&r) % 20), dot = (int)(rng_next(&r) % (len + 1));
            char *p = buf;
            for (int k = 0; k < len; k++) {
                if (k == dot)
                    *p++ = '.';
                *p++ = (char)('0' + rng_next(&r) % 10);
            }
            *p = '\0';
        }
        }
        bad += !taken_as_strtod(buf, &t);
        took += t;
        n++;
    }
    ok(bad == 0, "%ld random decimals: those taken (%ld) are strtod's bits", n, took);
    ok(took > n / 2, "most are taken (%ld of %ld)", took, n);
}

int main(void)
{
    test_awkward();
    test_random();
    return done_testing();
}
