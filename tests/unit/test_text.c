/* test_text.c: fields of users' files as they are meant: Windows-1252
 * mended to UTF-8, no-break spaces plain, blanks around trimmed. TAP output. */
#include "text.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* 1 if text_field(in) is want. */
static int field_is(const char *in, const char *want)
{
    char *got = text_field(in);
    int same = strcmp(got, want) == 0;
    if (!same)
        diag("'%s' read as '%s', want '%s'", in, got, want);
    free(got);
    return same;
}

int main(void)
{
    set_progname("test_text");
    ok(field_is("Man City", "Man City"), "a plain name as it is");
    ok(field_is("Man\xc2\xa0" "City", "Man City"), "a UTF-8 no-break space inside: plain");
    ok(field_is("Man\xa0" "City", "Man City"), "a Windows-1252 no-break space inside: plain");
    ok(field_is("\xc2\xa0 K\xc3\xb6ln \xc2\xa0", "K\xc3\xb6ln"), "blanks and no-break spaces around: trimmed");
    ok(field_is("K\xf6ln", "K\xc3\xb6ln"), "Windows-1252 mended to UTF-8");
    ok(field_is("\xe2\x82\xac", "\xe2\x82\xac"), "other UTF-8 kept");
    ok(field_is("", ""), "empty");
    return done_testing();
}
