/* odds.h: which bookmaker's 1X2 prices a canonical row carries, and why.
 *
 * Preference (closing prices first: they hold the most information):
 * Pinnacle closing (PSCH/PSCD/PSCA), closing market average (AvgCH...),
 * Bet365 closing (B365CH...; the extra-leagues files spell the away column
 * B36CA), then pre-closing prices: Pinnacle (PSH..., older extra files
 * PH...), market average (AvgH...), Betbrain's average (BbAvH..., 2005-06
 * to 2018-19), Bet365 (B365H...). Chosen per row: a row whose preferred
 * source is empty falls through to the next. */
#ifndef LF_ODDS_H
#define LF_ODDS_H

#include <stddef.h>

enum odds_source {
    ODDS_NONE, /* no odds */
    ODDS_PINNACLE_CLOSING,
    ODDS_AVG_CLOSING,
    ODDS_B365_CLOSING,
    ODDS_PINNACLE,
    ODDS_AVG,
    ODDS_BETBRAIN_AVG,
    ODDS_B365,
    NODDS_SOURCES
};

/* The canonical odds_source values: "" (none), "pinnacle_closing", ... */
extern const char *const odds_source_names[NODDS_SOURCES];

/* The source named s (ODDS_NONE for ""), or -1. */
int odds_source_by_name(const char *s);

/* Where each source's three prices are in a file's rows; -1 if absent. */
struct odds_columns {
    int col[NODDS_SOURCES][3];
};

void odds_columns_map(struct odds_columns *oc, char *const *header, size_t n);

/* The first source whose three prices in row (n fields) are numbers above
 * 1, written with decimal mark `decimal`; fills odds and returns it, or
 * ODDS_NONE with odds all 0. */
enum odds_source odds_pick(const struct odds_columns *oc, char *const *row, size_t n,
                           char decimal, double odds[3]);

#endif
