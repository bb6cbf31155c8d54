/* tap.h: a tiny Test Anything Protocol harness for the unit tests.
 *
 *   ok(cond, "name %d", i)       one test point, named printf-style
 *   is_close(got, want, tol, n)  |got - want| <= tol, both printed on failure
 *   diag("...")                  a "# " comment line
 *   return done_testing();       prints the plan "1..N", exit status
 *
 * The plan comes last, so a test may count its points as it goes. A test
 * that dies before done_testing() has no plan, which prove reports. */
#ifndef LF_TAP_H
#define LF_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

static int tap_run, tap_failed;

__attribute__((format(printf, 2, 3))) static inline int ok(int cond, const char *fmt, ...)
{
    va_list ap;
    printf("%s %d - ", cond ? "ok" : "not ok", ++tap_run);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    if (!cond)
        tap_failed++;
    fflush(stdout);
    return cond;
}

__attribute__((format(printf, 1, 2))) static inline void diag(const char *fmt, ...)
{
    va_list ap;
    fputs("# ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

static inline int is_close(double got, double want, double tol, const char *name)
{
    /* Written so that a NaN fails. */
    int good = fabs(got - want) <= tol;
    ok(good, "%s", name);
    if (!good)
        diag("  got %.17g, want %.17g (tolerance %g, off by %g)", got, want, tol,
             fabs(got - want));
    return good;
}

static inline int done_testing(void)
{
    printf("1..%d\n", tap_run);
    if (tap_failed)
        diag("failed %d of %d", tap_failed, tap_run);
    fflush(stdout);
    return tap_failed ? 1 : 0;
}

#endif
