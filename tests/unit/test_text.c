/* test_text.c: fields of users' files as they are meant: Windows-1252
 * mended to UTF-8, no-break spaces plain, blanks around trimmed. TAP output. */
#include "text.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* 1 if text_field(in) is want, and text_field_unchanged(in) says whether
 * that is in itself. */
static int field_is(const char *in, const char *want)
{
    char *got = text_field(in);
    int same = strcmp(got, want) == 0, unchanged = text_field_unchanged(in);
    if (!same)
        diag("'%s' read as '%s', want '%s'", in, got, want);
    if (unchanged != (strcmp(in, want) == 0))
        diag("'%s' said %s", in, unchanged ? "unchanged" : "changed");
    free(got);
    return same && unchanged == (strcmp(in, want) == 0);
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
    ok(field_is(" Man City", "Man City"), "a blank before: trimmed");
    ok(field_is("Man City\t", "Man City"), "a tab after: trimmed");
    ok(field_is("Man City\xc2\xa0", "Man City"), "a no-break space after: trimmed");
    ok(field_is("\xc2\xa0", ""), "a no-break space alone: nothing");
    ok(field_is("\xe2\x82\xac ", "\xe2\x82\xac"), "other UTF-8, a blank after: trimmed");
    ok(field_is("K\xc3\xb6ln", "K\xc3\xb6ln"), "UTF-8 as it is");
    return done_testing();
}
