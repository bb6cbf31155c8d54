/* probablealias.c: spellings of one club that the alias table does not
 * name (probablealias.h): names that fold to the same text, and names
 * whose words abbreviate each other's. */
#define _POSIX_C_SOURCE 200809L
#include "probablealias.h"
#include "fixtures.h"
#include "names.h"
#include "teams.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct spelling {
    const char *league, *name;
    char *key;
    const struct fixture *first; /* the row it is first seen on */
    size_t count;
};

static int cmp_spelling(const void *a, const void *b)
{
    const struct spelling *x = a, *y = b;
    int c;
    if ((c = strcmp(x->league, y->league)) || (c = strcmp(x->key, y->key)))
        return c;
    return strcmp(x->name, y->name);
}

/* A side of a row: its league's and team's ranks as one number, and its
 * place among the sides (row 2i's home is side 2i, its away 2i + 1). */
struct side {
    unsigned long long pair;
    size_t at;
};

/* The sides of from[0 .. n) into to, in order of digit(side) from 0 to
 * base - 1, each digit's sides in their order in from: a counting sort,
 * stable, so that two passes, the team then the league, sort by both. */
static void sort_sides_by(const struct side *from, struct side *to, size_t n, const int *digit,
                          size_t base)
{
    size_t *start = xcalloc(base + 1, sizeof *start);
    for (size_t k = 0; k < n; k++)
        start[digit[from[k].at] + 1]++;
    for (size_t d = 0; d < base; d++)
        start[d + 1] += start[d];
    for (size_t k = 0; k < n; k++)
        to[start[digit[from[k].at]]++] = from[k];
    free(start);
}

/* Each side of set, grouped by league and team through their names' ranks
 * (names.h, fixtures_team_ranks), in each group the first side first: in
 * order of (pair, at). The ranks are the digits of two counting sorts,
 * not the keys of a comparison sort: the merge's 190,000 sides took a
 * fifth of its time to qsort. */
static struct side *sides_by_team(const struct fixture_set *set)
{
    size_t n = set->n;
    const char **leagues = xmalloc((n + 1) * sizeof *leagues);
    int *league_rank = xmalloc((2 * n + 1) * sizeof *league_rank);
    int *team_rank = xmalloc((2 * n + 1) * sizeof *team_rank);
    for (size_t i = 0; i < n; i++)
        leagues[i] = set->v[i].league;
    size_t nleagues = name_ranks(leagues, n, league_rank, NULL);
    unsigned long long nteams = fixtures_team_ranks(set->v, n, team_rank, NULL);
    for (size_t i = n; i-- > 0;) /* (a side's league: its row's, by side) */
        league_rank[2 * i] = league_rank[2 * i + 1] = league_rank[i];
    struct side *side = xmalloc((2 * n + 1) * sizeof *side);
    struct side *by_team = xmalloc((2 * n + 1) * sizeof *by_team);
    for (size_t k = 0; k < 2 * n; k++)
        side[k] = (struct side){ league_rank[k] * nteams + team_rank[k], k };
    sort_sides_by(side, by_team, 2 * n, team_rank, nteams);
    sort_sides_by(by_team, side, 2 * n, league_rank, nleagues);
    free(leagues), free(league_rank), free(team_rank), free(by_team);
    return side;
}

/* Each team name of each league once, with its first row and count, in
 * order of league, folded name and name. */
static struct spelling *spellings(const struct fixture_set *set, size_t *count)
{
    struct spelling *v = xmalloc((2 * set->n + 1) * sizeof *v);
    size_t kept = 0;
    if (set->n > 0) {
        struct side *side = sides_by_team(set);
        for (size_t k = 0, j; k < 2 * set->n; k = j) {
            for (j = k + 1; j < 2 * set->n && side[j].pair == side[k].pair; j++)
                ;
            const struct fixture *f = &set->v[side[k].at / 2];
            const char *team = side[k].at % 2 ? f->away : f->home;
            v[kept++] = (struct spelling){ f->league, team, team_fold(team), f, j - k };
        }
        free(side);
    }
    if (kept > 1)
        qsort(v, kept, sizeof *v, cmp_spelling);
    *count = kept;
    return v;
}

/* "file:line: team 'odd' and 'usual' of league (first at file:line) why:
 * the same club? ...", of odd's first row and usual's. */
static void warn_alias(const struct spelling *odd, const struct spelling *usual, const char *why)
{
    warnf("%s:%ld: team '%s' and '%s' of %s (first at %s:%ld) %s: the same club? name it "
          "once in teams.csv",
          odd->first->source ? odd->first->source : "-", odd->first->line, odd->name,
          usual->name, odd->league, usual->first->source ? usual->first->source : "-",
          usual->first->line, why);
}

/* ---- names whose words abbreviate each other ---- */

#define MAX_WORDS 8

/* A name's words, each folded (team_fold), and the spelling it is of. */
struct words {
    char *word[MAX_WORDS];
    int n; /* how many; -1 for more than MAX_WORDS */
    size_t at;
};

/* The words of a name: split at spaces, hyphens, full stops and slashes
 * ("Nott'm" one word, "nottm"), those that fold to nothing left out. Free
 * them with free_words. */
static struct words folded_words(const char *name)
{
    struct words w = { .n = 0 };
    char *copy = xstrdup(name), *save = NULL;
    for (char *t = strtok_r(copy, " -./", &save); t; t = strtok_r(NULL, " -./", &save)) {
        char *f = team_fold(t);
        if (!*f) {
            free(f);
            continue;
        }
        if (w.n == MAX_WORDS) {
            free(f);
            for (int i = 0; i < MAX_WORDS; i++)
                free(w.word[i]);
            w.n = -1;
            break;
        }
        w.word[w.n++] = f;
    }
    free(copy);
    return w;
}

static void free_words(struct words *w)
{
    for (int i = 0; i < w->n; i++)
        free(w->word[i]);
}

/* The bytes of the UTF-8 character s starts with (1 for a byte that
 * starts none): a folded word keeps other scripts' letters as they are,
 * and their first bytes are shared (С, Ц and К of Cyrillic all 0xD0). */
static size_t char_len(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    size_t n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    for (size_t i = 1; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

/* Orders two words by their first letters (0: the same letter). */
static int cmp_first_letter(const char *a, const char *b)
{
    size_t na = char_len(a), nb = char_len(b);
    if (na != nb)
        return na < nb ? -1 : 1;
    return strncmp(a, b, na);
}

static int has_digit(const char *s)
{
    return strpbrk(s, "0123456789") != NULL;
}

/* Whether the folded word a abbreviates b: shorter, the same first
 * letter, its letters found in b in order ("nottm", "nottingham"), each
 * letter a whole character. */
static int abbreviates(const char *a, const char *b)
{
    if (strlen(a) >= strlen(b) || cmp_first_letter(a, b) != 0 || has_digit(a) || has_digit(b))
        return 0;
    size_t first = char_len(a);
    a += first;
    for (const char *p = b + first; *a && *p;) {
        size_t n = char_len(p);
        if (char_len(a) == n && strncmp(a, p, n) == 0)
            a += n;
        p += n;
    }
    return *a == '\0';
}

/* team_words_abbreviate of two names' words. */
static int words_abbreviate(const struct words *x, const struct words *y)
{
    /* Two words or more: one word alone says too little (Bury and Burnley,
     * Chester and Colchester are four clubs). No word need be the same
     * (Man Utd, Manchester United): pooled as one league that never meets,
     * the 609 names of the shared files' 26 divisions gave no pair more
     * than with a word the same required. */
    int same = x->n > 1 && x->n == y->n, differ = 0;
    for (int i = 0; same && i < x->n; i++) {
        int equal = strcmp(x->word[i], y->word[i]) == 0;
        same = equal || abbreviates(x->word[i], y->word[i]) || abbreviates(y->word[i], x->word[i]);
        differ |= !equal;
    }
    return same && differ;
}

int team_words_abbreviate(const char *a, const char *b)
{
    struct words x = folded_words(a), y = folded_words(b);
    int yes = words_abbreviate(&x, &y);
    free_words(&x), free_words(&y);
    return yes;
}

/* Orders names by their number of words, then by each word's first
 * letter: two whose words abbreviate each other's agree in both, so only
 * names in a run of equals are compared, not every pair of a league's. */
static int compare_initials(const struct words *x, const struct words *y)
{
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    for (int i = 0; i < x->n; i++) {
        int c = cmp_first_letter(x->word[i], y->word[i]);
        if (c)
            return c;
    }
    return 0;
}

static int cmp_initials(const void *a, const void *b)
{
    const struct words *x = a, *y = b;
    int c = compare_initials(x, y);
    return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* Whether the two names of league meet in a row of set: then they are two
 * clubs, whatever their names say. */
static int meet(const struct fixture_set *set, const char *league, const char *a, const char *b)
{
    for (size_t i = 0; i < set->n; i++) {
        const struct fixture *f = &set->v[i];
        if (((!strcmp(f->home, a) && !strcmp(f->away, b)) ||
             (!strcmp(f->home, b) && !strcmp(f->away, a))) && !strcmp(f->league, league))
            return 1;
    }
    return 0;
}

/* Two spellings (their indices, the first the smaller). */
struct spelling_pair {
    size_t i, j;
};

static int cmp_pair(const void *a, const void *b)
{
    const struct spelling_pair *x = a, *y = b;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

/* The pairs of spellings of v[from..to) (one league) whose words
 * abbreviate each other's, in order of their indices; returns how many. */
static size_t abbreviation_pairs(const struct spelling *v, size_t from, size_t to,
                                 struct spelling_pair **out)
{
    size_t k = to - from, npairs = 0, cap = 0;
    struct words *w = xmalloc((k + 1) * sizeof *w);
    for (size_t i = 0; i < k; i++) {
        w[i] = folded_words(v[from + i].name);
        w[i].at = from + i;
    }
    qsort(w, k, sizeof *w, cmp_initials);
    struct spelling_pair *pair = NULL;
    for (size_t i = 0, end; i < k; i = end) {
        for (end = i + 1; end < k && w[i].n > 1 && compare_initials(&w[i], &w[end]) == 0; end++)
            ;
        for (size_t a = i; a < end; a++)
            for (size_t b = a + 1; b < end; b++)
                if (words_abbreviate(&w[a], &w[b])) {
                    grow(&pair, &cap, npairs + 1, sizeof *pair);
                    size_t x = w[a].at, y = w[b].at;
                    pair[npairs++] = (struct spelling_pair){ x < y ? x : y, x < y ? y : x };
                }
    }
    for (size_t i = 0; i < k; i++)
        free_words(&w[i]);
    free(w);
    if (npairs > 1)
        qsort(pair, npairs, sizeof *pair, cmp_pair);
    *out = pair;
    return npairs;
}

/* The spellings of v[from..to) (one league) that abbreviate each other and
 * never meet: each pair warned of once, the rarer one named first. */
static size_t report_abbreviations(const struct fixture_set *set, const struct spelling *v,
                                   size_t from, size_t to)
{
    struct spelling_pair *pair;
    size_t n = abbreviation_pairs(v, from, to, &pair), warned = 0;
    for (size_t p = 0; p < n; p++) {
        const struct spelling *a = &v[pair[p].i], *b = &v[pair[p].j];
        if (!strcmp(a->key, b->key) || meet(set, a->league, a->name, b->name))
            continue; /* (names of one folding: the folding's warning) */
        int rarer_b = b->count < a->count;
        warn_alias(rarer_b ? b : a, rarer_b ? a : b,
                   "never meet, and the words of one abbreviate the other's");
        warned++;
    }
    free(pair);
    return warned;
}

size_t teams_report_probable_aliases(const struct fixture_set *set)
{
    size_t n, warned = 0;
    struct spelling *v = spellings(set, &n);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i; j < n && !strcmp(v[j].league, v[i].league); j++)
            ;
        warned += report_abbreviations(set, v, i, j);
    }
    for (size_t i = 0, j; i < n; i = j) {
        size_t usual = i;
        for (j = i; j < n && !strcmp(v[j].league, v[i].league) && !strcmp(v[j].key, v[i].key);
             j++)
            if (v[j].count > v[usual].count)
                usual = j;
        for (size_t k = i; k < j; k++)
            if (k != usual && *v[k].key) {
                warn_alias(&v[k], &v[usual], "differ only in case, accents or punctuation");
                warned++;
            }
    }
    for (size_t i = 0; i < n; i++)
        free(v[i].key);
    free(v);
    return warned;
}

/* ---- the closest known names, for a name not known ---- */

/* Whether one name shortens the other, folded (a and b) and in words (x
 * and y): the shorter's letters found in the longer in order from the same
 * first letter ("nottmforest" in "nottinghamforest", "lagalaxy" in
 * "losangelesgalaxy"); a name of one word, the other's first
 * SHARED_PREFIX letters or more ("wolves", "wolverhampton"; not "Real
 * Betis" and "Real Madrid"); the other's last words ("Betis", "Real
 * Betis"); or the words abbreviating each other's ("Man Utd", "Manchester
 * United"). The edit distance counts every letter a short form drops: it
 * ranks "Wolves" far from "Wolverhampton", behind "Everton". */
#define SHARED_PREFIX 4
static int shortens(const char *a, const char *b, const struct words *x, const struct words *y)
{
    if (strlen(a) > strlen(b)) {
        const char *t = a;
        const struct words *u = x;
        a = b, b = t, x = y, y = u;
    }
    if (x->n > 0 && x->n < y->n) {
        int tail = 1;
        for (int i = 0; tail && i < x->n; i++)
            tail = strcmp(x->word[i], y->word[y->n - x->n + i]) == 0;
        if (tail)
            return 1;
    }
    if (words_abbreviate(x, y))
        return 1;
    if (!*a || *a != *b)
        return 0;
    if (x->n == 1 && strlen(a) >= SHARED_PREFIX && strncmp(a, b, SHARED_PREFIX) == 0)
        return 1;
    for (a++, b++; *a && *b; b++)
        a += *a == *b;
    return *a == '\0';
}

/* The distance team_closest ranks by, of a name folded (a) and in words
 * (x) to a known one: the edit distance, after every name one shortens
 * the other of (shortens). */
static size_t closeness(const char *a, const struct words *x, const char *known)
{
    char *b = team_fold(known);
    struct words y = folded_words(known);
    int near = shortens(a, b, x, &y);
    size_t d = team_folded_distance(a, b);
    free(b);
    free_words(&y);
    return (near ? 0 : (size_t)1 << 20) + d;
}

size_t team_closest(const char *name, const char *const *known, size_t n,
                    const char **out, size_t max)
{
    size_t *dist = xmalloc((max + 1) * sizeof *dist), k = 0;
    char *a = team_fold(name); /* (the name folded once, not once a known name) */
    struct words x = folded_words(name);
    for (size_t i = 0; i < n; i++) {
        size_t d = closeness(a, &x, known[i]);
        /* Insertion into the sorted list of the best so far. */
        size_t j = k < max ? k++ : max;
        while (j > 0 && (dist[j - 1] > d ||
                         (dist[j - 1] == d && strcmp(out[j - 1], known[i]) > 0))) {
            if (j < max)
                dist[j] = dist[j - 1], out[j] = out[j - 1];
            j--;
        }
        if (j < max)
            dist[j] = d, out[j] = known[i];
    }
    free(dist), free(a);
    free_words(&x);
    return k;
}
