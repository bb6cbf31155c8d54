/* fuzz_die.h: die() without exit, for the libFuzzer harnesses.
 *
 * The readers report bad input by die() (util.c), which runs the die hook
 * and then exit()s. A harness must survive that, so its die hook
 * siglongjmp()s back into LLVMFuzzerTestOneInput: die() is _Noreturn and
 * never returns, which leaving it by longjmp respects. This is sound here
 * because none of the code under test holds a lock, a static buffer half
 * written or a signal mask when it dies; the cost is that what the aborted
 * call had allocated is unreachable afterwards: where that happens (CSV),
 * the run uses -detect_leaks=0 and leaks are checked by check-asan and
 * check-valgrind instead. Forking per input would also be sound but loses
 * libFuzzer's coverage feedback (the child's counters die with it). */
#ifndef FUZZ_DIE_H
#define FUZZ_DIE_H

#include "util.h"
#include <setjmp.h>
#include <stdlib.h>
#include <stdio.h>

static sigjmp_buf fuzz_jmp;
static int fuzz_armed;

static void fuzz_die_hook(void)
{
    if (fuzz_armed) {
        fuzz_armed = 0;
        siglongjmp(fuzz_jmp, 1);
    }
}

/* Silences warnf/die messages (millions of them) without closing fd 2,
 * where the sanitizers write their reports. */
static void fuzz_quiet(void)
{
    static FILE *null;
    if (!null && getenv("FUZZ_VERBOSE") == NULL && (null = fopen("/dev/null", "w")))
        stderr = null;
    set_progname("fuzz");
    set_die_hook(fuzz_die_hook);
}

/* if (FUZZ_TRY()) { FUZZ_ARM(); ... code that may die ...; FUZZ_DONE(); }
 * (sigsetjmp compared with 0 as the whole controlling expression: one of
 * the uses C11 7.13.1.1 allows). */
#define FUZZ_TRY() (sigsetjmp(fuzz_jmp, 0) == 0)
#define FUZZ_ARM() (fuzz_armed = 1)
#define FUZZ_DONE() (fuzz_armed = 0)

#endif
