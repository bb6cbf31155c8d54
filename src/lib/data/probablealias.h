/* probablealias.h: spellings of one club in one league that the alias
 * table (teams.h) does not name, reported as probable aliases, never
 * merged: names that differ only in case, accents or punctuation (they
 * fold to the same text, team_fold), and names whose words abbreviate each
 * other's and that never meet in a match ("Nott'm Forest" and "Nottingham
 * Forest"). */
#ifndef LF_PROBABLEALIAS_H
#define LF_PROBABLEALIAS_H

#include <stddef.h>

struct fixture_set;

/* Whether the names' words (two or more) pair up in order, each pair the
 * same or one an abbreviation of the other (shorter, the same first
 * letter, its letters in the other's in order; no digits), some pair
 * not the same: "Nott'm Forest" and "Nottingham Forest", "Man Utd" and
 * "Manchester United"; not "Man City" and "Man United". */
int team_words_abbreviate(const char *a, const char *b);

/* Warns, once per spelling, of teams of the same league in set whose
 * names fold to the same text: "file:line: team 'A' ... as 'B' (first at
 * file:line)"; and once per pair, of two whose words abbreviate each
 * other's (team_words_abbreviate) and who never meet in a row of set.
 * Returns the number of warnings. */
size_t teams_report_probable_aliases(const struct fixture_set *set);

/* Up to `max` names of known[] (n of them) closest to name, nearest first
 * (ties by name), into out; returns how many. Nearest are the names one
 * shortens the other of, as clubs are shortened (Man Utd, Manchester
 * United; Wolves, Wolverhampton; LA Galaxy, Los Angeles Galaxy; Betis,
 * Real Betis), then by edit distance. */
size_t team_closest(const char *name, const char *const *known, size_t n,
                    const char **out, size_t max);

#endif
