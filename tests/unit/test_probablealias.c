/* test_probablealias.c: spellings of one club reported as probable
 * aliases: by folding, and by words that abbreviate each other's. TAP
 * output. */
#include "fixtures.h"
#include "probablealias.h"
#include "teams.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"

static struct fixture row(const char *league, const char *home, const char *away, long line)
{
    struct fixture f = { 0 };
    f.league = (char *)league, f.home = (char *)home, f.away = (char *)away;
    f.line = line, f.source = "t.csv";
    return f;
}

static void test_probable(void)
{
    struct fixture v[] = {
        row("bundesliga", "M'gladbach", "Bayern", 2), row("bundesliga", "Bayern", "M'gladbach", 3),
        row("bundesliga", "M'Gladbach", "Koln", 4), row("bundesliga_2", "M'GLADBACH", "Koln", 5),
        row("bundesliga", "Koln", "Bayern", 6),
    };
    struct fixture_set set = { v, 5, 5 };
    ok(teams_report_probable_aliases(&set) == 1,
       "one warning: M'Gladbach beside the usual M'gladbach; another league is apart");
    set.n = 2;
    ok(teams_report_probable_aliases(&set) == 0, "one spelling: no warning");
    set.n = 0;
    ok(teams_report_probable_aliases(&set) == 0, "no rows: no warning");
    /* Three spellings of one club in one league, the rarest first: a
     * warning for each but the most used; the same names in another
     * league, one spelling each, apart. */
    struct fixture w[] = {
        row("a", "ST. PAULI", "Koln", 2), row("a", "St Pauli", "Koln", 3),
        row("a", "Koln", "St. Pauli", 4), row("a", "St Pauli", "Bayern", 5),
        row("a", "Bayern", "St. Pauli", 6), row("a", "St Pauli", "Bayern", 7),
        row("b", "St. Pauli", "Koln", 8), row("b", "Koln", "Bayern", 9),
    };
    struct fixture_set three = { w, 8, 8 };
    ok(teams_report_probable_aliases(&three) == 2,
       "three spellings in a league: two warnings; another league apart");
}

static void test_abbreviations(void)
{
    ok(team_words_abbreviate("Nott'm Forest", "Nottingham Forest"), "Nott'm Forest");
    ok(team_words_abbreviate("Manchester United", "Man United"), "Man United, either order");
    ok(team_words_abbreviate("Sheffield Weds", "Sheffield Wednesday"), "Sheffield Weds");
    ok(team_words_abbreviate("T. Moscow", "Torpedo Moscow"), "T. Moscow");
    ok(!team_words_abbreviate("Man City", "Man United"), "Man City is not Man United");
    ok(!team_words_abbreviate("Bury", "Burnley") && !team_words_abbreviate("Chester", "Colchester"),
       "one word alone: never");
    ok(team_words_abbreviate("Man Utd", "Manchester United"),
       "no word the same, every word an abbreviation: Man Utd");
    ok(!team_words_abbreviate("Man Utd", "Manchester City"), "but not Manchester City");
    ok(!team_words_abbreviate("Nottm Forest", "Nott'm Forest"),
       "the same words (folding's warning, not this)");
    ok(!team_words_abbreviate("FC 1860 Munich", "FC 18 Munich"), "digits are not abbreviated");
    ok(!team_words_abbreviate("Inter", "Inter Milan"), "another number of words");
    ok(!team_words_abbreviate("A B C D E F G H I", "A B C D E F G H Ix"), "more than 8 words");
    /* Other scripts: a letter is its whole character, not its first byte
     * (С, Ц and К of Cyrillic, Σ and Α of Greek, share theirs). */
    ok(team_words_abbreviate("Т. Москва", "Торпедо Москва"), "Cyrillic: Т. Москва");
    ok(!team_words_abbreviate("С. Москва", "ЦСКА Москва") &&
           !team_words_abbreviate("К Москва", "ЦСКА Москва"),
       "Cyrillic: С or К does not abbreviate ЦСКА (another first letter)");
    ok(!team_words_abbreviate("Σ Αθήνα", "ΑΣ Αθήνα"), "Greek: Σ does not abbreviate ΑΣ");
    ok(!team_words_abbreviate("ТР Москва", "ТоѠ Москва"),
       "letters found whole: Р's bytes are not those of о and Ѡ");
    /* In a set: a pair that never meets is warned of once; one that meets
     * is two clubs. */
    struct fixture v[] = {
        row("a", "Nott'm Forest", "Leeds", 2), row("a", "Leeds", "Nott'm Forest", 3),
        row("a", "Nottingham Forest", "Leeds", 4), row("a", "Man United", "Leeds", 5),
        row("a", "Manchester United", "Man United", 6),
    };
    struct fixture_set set = { v, 5, 5 };
    ok(teams_report_probable_aliases(&set) == 1, "one warning: the pair that never meets");
}

/* team_closest: the names one shortens the other of first, then by edit
 * distance (ties by name), at most max. */
static void test_closest(void)
{
    const char *known[] = { "Newcastle", "Nott'm Forest", "Norwich", "Arsenal" }, *out[3];
    size_t n = team_closest("Nottingham Forest", known, 4, out, 3);
    ok(n == 3 && strcmp(out[0], "Nott'm Forest") == 0, "closest first: %s", out[0]);
    ok(team_closest("X", known, 4, out, 2) == 2, "at most max");
    ok(team_closest("X", known, 0, out, 3) == 0, "none known");
    const char *pl[] = { "Everton", "Fulham", "Watford", "Wolves" };
    n = team_closest("Wolverhampton", pl, 4, out, 3);
    ok(n == 3 && strcmp(out[0], "Wolves") == 0 && strcmp(out[1], "Everton") == 0,
       "a shared beginning first: %s, then %s", out[0], out[1]);
    ok(team_distance("Wolverhampton", "Everton") < team_distance("Wolverhampton", "Wolves"),
       "(by edit distance alone Everton is closer)");
    const char *mls[] = { "Los Angeles FC", "Los Angeles Galaxy", "San Jose", "Seattle Sounders" };
    n = team_closest("LA Galaxy", mls, 4, out, 2);
    ok(n == 2 && strcmp(out[0], "Los Angeles Galaxy") == 0 && strcmp(out[1], "San Jose") == 0,
       "initials: %s, then %s", out[0], out[1]);
    n = team_closest("Seatle Sounders", mls, 4, out, 1);
    ok(n == 1 && strcmp(out[0], "Seattle Sounders") == 0, "a letter dropped: %s", out[0]);
    const char *manc[] = { "Man City", "Mansfield", "Man United" };
    n = team_closest("Manchester Utd", manc, 3, out, 1);
    ok(n == 1 && strcmp(out[0], "Man United") == 0, "words abbreviated: %s", out[0]);
    /* A first word dropped: the name it leaves, not another of that word. */
    const char *laliga[] = { "Almeria", "Betis", "Real Madrid", "Sociedad" };
    n = team_closest("Real Betis", laliga, 4, out, 2);
    ok(n == 2 && strcmp(out[0], "Betis") == 0, "the last word: %s, then %s", out[0], out[1]);
    n = team_closest("Real Sociedad", laliga, 4, out, 1);
    ok(n == 1 && strcmp(out[0], "Sociedad") == 0, "the last word: %s", out[0]);
    const char *bl[] = { "Bayern Munich", "Freiburg", "Leverkusen" };
    n = team_closest("Bayer Leverkusen", bl, 3, out, 1);
    ok(n == 1 && strcmp(out[0], "Leverkusen") == 0, "not a shared beginning of two words: %s",
       out[0]);
}

int main(void)
{
    test_probable();
    test_abbreviations();
    test_closest();
    return done_testing();
}
