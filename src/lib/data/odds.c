/* odds.c: the odds sources of football-data.co.uk's columns. */
#include "odds.h"
#include "dialect.h"

#include <string.h>

const char *const odds_source_names[NODDS_SOURCES] = {
    "", "pinnacle_closing", "avg_closing", "b365_closing",
    "pinnacle", "avg", "betbrain_avg", "b365",
};

/* Header names of each source's H, D and A prices: up to two spellings. */
static const char *const column_names[NODDS_SOURCES][3][2] = {
    [ODDS_PINNACLE_CLOSING] = { { "PSCH" }, { "PSCD" }, { "PSCA" } },
    [ODDS_AVG_CLOSING] = { { "AvgCH" }, { "AvgCD" }, { "AvgCA" } },
    [ODDS_B365_CLOSING] = { { "B365CH" }, { "B365CD" }, { "B365CA", "B36CA" } },
    [ODDS_PINNACLE] = { { "PSH", "PH" }, { "PSD", "PD" }, { "PSA", "PA" } },
    [ODDS_AVG] = { { "AvgH" }, { "AvgD" }, { "AvgA" } },
    [ODDS_BETBRAIN_AVG] = { { "BbAvH" }, { "BbAvD" }, { "BbAvA" } },
    [ODDS_B365] = { { "B365H" }, { "B365D" }, { "B365A" } },
};

int odds_source_by_name(const char *s)
{
    for (int i = 0; i < NODDS_SOURCES; i++)
        if (strcmp(s, odds_source_names[i]) == 0)
            return i;
    return -1;
}

static int column_of(char *const *header, size_t n, const char *name)
{
    for (size_t i = 0; name && i < n; i++)
        if (strcmp(header[i], name) == 0)
            return (int)i;
    return -1;
}

void odds_columns_map(struct odds_columns *oc, char *const *header, size_t n)
{
    for (int s = 0; s < NODDS_SOURCES; s++)
        for (int k = 0; k < 3; k++) {
            oc->col[s][k] = -1;
            for (int alt = 0; alt < 2 && oc->col[s][k] < 0; alt++)
                oc->col[s][k] = column_of(header, n, column_names[s][k][alt]);
        }
}

enum odds_source odds_pick(const struct odds_columns *oc, char *const *row, size_t n,
                           char decimal, double odds[3])
{
    for (int s = ODDS_NONE + 1; s < NODDS_SOURCES; s++) {
        int k;
        for (k = 0; k < 3; k++) {
            int c = oc->col[s][k];
            if (c < 0 || (size_t)c >= n || parse_decimal(row[c], decimal, &odds[k]) ||
                odds[k] <= 1.0)
                break;
        }
        if (k == 3)
            return (enum odds_source)s;
    }
    odds[0] = odds[1] = odds[2] = 0;
    return ODDS_NONE;
}
