/* test_json.c: format_double writes what its definition says, byte for
 * byte: the shortest %.Pg that strtod reads back, in plain notation where
 * a plain %g reads back too (1500, not 1.5e+03). The definition is written
 * out here without format_double's shortcuts (the short decimals of data,
 * the order in which precisions are tried), and compared on numbers of
 * every kind. TAP. */
#include "json.h"
#include "rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static void by_definition(double v, char out[32])
{
    if (v == 0) {
        strcpy(out, "0");
        return;
    }
    int prec = 1;
    while (prec < 17) {
        snprintf(out, 32, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            break;
        prec++;
    }
    snprintf(out, 32, "%.*g", prec, v);
    if (!strchr(out, 'e') || fabs(v) < 1e-4 || fabs(v) >= 1e15)
        return;
    for (int more = prec; more <= 17; more++) {
        char plain[32];
        snprintf(plain, sizeof plain, "%.*g", more, v);
        if (!strchr(plain, 'e') && strtod(plain, NULL) == v) {
            strcpy(out, plain);
            return;
        }
    }
}

/* 1 when format_double(v) is the definition's text (the first few
 * differences are printed). */
static int as_defined(double v)
{
    static int shown;
    char got[32], want[32];
    format_double(v, got);
    by_definition(v, want);
    if (strcmp(got, want) == 0)
        return 1;
    if (shown++ < 5)
        diag("%a: format_double '%s', by definition '%s'", v, got, want);
    return 0;
}

static void test_awkward(void)
{
    static const double values[] = {
        0.0, -0.0, 1, -1, 2.1, 1.5, 0.05, 0.0001, 0.00012, 0.00001, 1500, -1500, 1e14, 1e15,
        123456789012.0, 112589990684.2624, 112589990684.26, 0.1, 0.2, 0.3, 0.7, 1.1, 2.675,
        9999.9999, 99999.99995, 0.30000000000000004, 1.0 / 3, 2.0 / 3, 1e-7, 5e-5, 1e21,
        4503599627370496.0, 1125899906842624.0, 0.1 + 0.2, 100, 10, 1e10, 1e11, 1e12,
    };
    int bad = 0;
    size_t n = sizeof values / sizeof *values;
    for (size_t i = 0; i < n; i++)
        bad += !as_defined(values[i]);
    ok(bad == 0, "%zu awkward numbers as defined (%d differ)", n, bad);
}

/* Short decimals (n / 10^j, odds and counts), with a sign, from 0 to 7
 * places and 1 to 16 digits, and the doubles next to them. */
static void test_short_decimals(void)
{
    struct rng r;
    rng_seed(&r, 7);
    long n = 0, bad = 0;
    for (int i = 0; i < 40000; i++) {
        int digits = 1 + (int)rng_below(&r, 16), places = (int)rng_below(&r, 8);
        double m = (double)rng_below(&r, (uint64_t)pow(10, digits));
        char text[48];
        snprintf(text, sizeof text, "%s%.0fe-%d", rng_below(&r, 2) ? "-" : "", m, places);
        double v = strtod(text, NULL);
        bad += !as_defined(v);
        bad += !as_defined(nextafter(v, INFINITY));
        bad += !as_defined(nextafter(v, -INFINITY));
        n += 3;
    }
    ok(bad == 0, "%ld short decimals and their neighbours as defined (%ld differ)", n, bad);
}

/* Doubles of every size and precision: random bits, and random quotients. */
static void test_random(void)
{
    struct rng r;
    rng_seed(&r, 11);
    long n = 0, bad = 0;
    for (int i = 0; i < 30000; i++) {
        uint64_t bits = rng_next(&r);
        double v;
        memcpy(&v, &bits, sizeof v);
        if (isfinite(v)) {
            bad += !as_defined(v);
            n++;
        }
        v = (double)rng_below(&r, 1000000) / (double)(1 + rng_below(&r, 1000));
        bad += !as_defined(v);
        n++;
    }
    ok(bad == 0, "%ld random doubles as defined (%ld differ)", n, bad);
}

/* Computed numbers of every magnitude from 1e-7 to 1e16, where
 * format_double finds the digits by integer arithmetic (json.c), and the
 * doubles next to every power of ten there, where the exponent is found
 * again. */
static void test_magnitudes(void)
{
    struct rng r;
    rng_seed(&r, 13);
    long n = 0, bad = 0;
    for (int i = 0; i < 100000; i++) {
        double u = (double)rng_below(&r, 1u << 30) / (1u << 30);
        double v = pow(10, -7 + 23 * u) * (rng_below(&r, 2) ? -1 : 1);
        bad += !as_defined(v);
        n++;
    }
    for (int k = -7; k <= 16; k++) {
        char text[16];
        snprintf(text, sizeof text, "1e%d", k);
        double p = strtod(text, NULL);
        double v = p;
        for (int step = 0; step < 40; step++)
            v = nextafter(v, 0);
        for (int step = 0; step < 80; step++, v = nextafter(v, INFINITY)) {
            bad += !as_defined(v);
            n++;
        }
    }
    ok(bad == 0, "%ld numbers from 1e-7 to 1e16, and about each power of ten, as defined "
                 "(%ld differ)", n, bad);
}

int main(void)
{
    test_awkward();
    test_short_decimals();
    test_random();
    test_magnitudes();
    return done_testing();
}
