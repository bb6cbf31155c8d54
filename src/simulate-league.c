/* simulate-league: seeded, deterministic canonical fixtures of one league
 * drawn from a Dixon–Coles process with known team strengths, for demo data
 * and for tests that a fit recovers what was put in. */
#define _GNU_SOURCE /* getopt_long */
#include "date.h"
#include "dc.h"
#include "fixtures.h"
#include "json.h"
#include "publish.h"
#include "rng.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_TEAMS 40      /* 78 rounds: two a week fit between August and May */
#define MAX_SEASONS 100
#define PROMOTED_MEAN (-0.2) /* promoted sides start weaker, attack and defence */
#define STRENGTH_CUT 2.5  /* strengths are Normal(mean, sd) cut at 2.5 sd */
#define MAX_RATE 8.0      /* beyond it the goals grid (dc.h) loses measurable mass */
#define MIN_ODDS 1.01
#define MAX_ODDS 1000.0

struct params {
    const char *league, *out_path, *truth_path;
    uint64_t seed;
    int teams, seasons, first_season, relegated, unplayed;
    double home, rho, mu, sd, drift, margin;
};

struct team {
    char *name;
    double attack, defence;
    int points, goal_diff, goals_for; /* this season's table */
};

struct sim {
    const struct params *p;
    struct rng rng;
    struct team *team; /* every team ever drawn */
    size_t nteams, cap;
    int *current;      /* indices into team of this season's p->teams sides */
    struct fixture_set out;
    long capped;       /* scoring rates cut to MAX_RATE */
    char **label;      /* season labels, one a season */
    int nlabels;
};

_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp,
            "usage: simulate-league [--league SLUG] [--seed N] [--teams N] [--seasons N]\n"
            "                       [--first-season YYYY] [--relegated K] [--home H]\n"
            "                       [--rho R] [--mu M] [--sd S] [--drift D] [--margin F]\n"
            "                       [--unplayed N] [--truth FILE] [-o FILE]\n"
            "Writes canonical fixtures of a simulated league (Dixon-Coles goals, 1X2\n"
            "odds with a bookmaker margin). Same options give byte-identical output.\n"
            "  --league SLUG        league column (default demo_league)\n"
            "  --seed N             random seed, 0 up (default 1)\n"
            "  --teams N            even, 4 to %d (default 20)\n"
            "  --seasons N          1 to %d (default 5)\n"
            "  --first-season YYYY  first season YYYY-YY+1 (default 2019)\n"
            "  --relegated K        teams replaced by promoted ones each season, 0 to\n"
            "                       teams/2; 0 is a closed league (default 3, at most\n"
            "                       teams/2)\n"
            "  --home H             home advantage, log scale (default 0.25)\n"
            "  --rho R              Dixon-Coles low-score correction (default -0.08)\n"
            "  --mu M               log goal rate of an average away side (default 0.15)\n"
            "  --sd S               sd of attack and defence strengths (default 0.3)\n"
            "  --drift D            per-season random-walk sd of strengths (default 0.05)\n"
            "  --margin F           bookmaker margin, 0 to 0.5 (default 0.05)\n"
            "  --unplayed N         leave the last N fixtures without goals (default 0)\n"
            "  --truth FILE         publish the last season's true parameters as JSON\n"
            "  -o FILE              publish to FILE; never replaces an existing file\n",
            MAX_TEAMS, MAX_SEASONS);
    exit(code);
}

_Noreturn __attribute__((format(printf, 1, 2))) static void bad_option(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    usage(stderr, EXIT_USAGE);
}

static long long_in(const char *opt, const char *s, long lo, long hi, const char *want)
{
    long v;
    if (parse_long(s, &v) || v < lo || v > hi)
        bad_option("--%s: must be %s, got '%s'", opt, want, s);
    return v;
}

static double double_in(const char *opt, const char *s, double lo, double hi)
{
    double v;
    if (parse_double(s, &v) || v < lo || v > hi)
        bad_option("--%s: must be a number from %g to %g, got '%s'", opt, lo, hi, s);
    return v;
}

static int valid_slug(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
            !(*s >= '0' && *s <= '9') && *s != '_' && *s != '-')
            return 0;
    return 1;
}

static void parse_options(int argc, char **argv, struct params *p)
{
    enum { O_LEAGUE = 256, O_SEED, O_TEAMS, O_SEASONS, O_FIRST, O_RELEGATED,
           O_HOME, O_RHO, O_MU, O_SD, O_DRIFT, O_MARGIN, O_UNPLAYED, O_TRUTH };
    static const struct option longopts[] = {
        { "league", required_argument, NULL, O_LEAGUE },
        { "seed", required_argument, NULL, O_SEED },
        { "teams", required_argument, NULL, O_TEAMS },
        { "seasons", required_argument, NULL, O_SEASONS },
        { "first-season", required_argument, NULL, O_FIRST },
        { "relegated", required_argument, NULL, O_RELEGATED },
        { "home", required_argument, NULL, O_HOME },
        { "rho", required_argument, NULL, O_RHO },
        { "mu", required_argument, NULL, O_MU },
        { "sd", required_argument, NULL, O_SD },
        { "drift", required_argument, NULL, O_DRIFT },
        { "margin", required_argument, NULL, O_MARGIN },
        { "unplayed", required_argument, NULL, O_UNPLAYED },
        { "truth", required_argument, NULL, O_TRUTH },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *relegated = NULL, *unplayed = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case O_LEAGUE:
            if (!valid_slug(optarg))
                bad_option("--league: must be letters, digits, '_' or '-', got '%s'", optarg);
            p->league = optarg;
            break;
        case O_SEED:
            p->seed = (uint64_t)long_in("seed", optarg, 0, LONG_MAX, "a whole number from 0 up");
            break;
        case O_TEAMS:
            p->teams = (int)long_in("teams", optarg, 4, MAX_TEAMS, "an even number from 4 to 40");
            if (p->teams % 2)
                bad_option("--teams: must be an even number from 4 to 40, got '%s'", optarg);
            break;
        case O_SEASONS:
            p->seasons = (int)long_in("seasons", optarg, 1, MAX_SEASONS, "a whole number from 1 to 100");
            break;
        case O_FIRST:
            p->first_season = (int)long_in("first-season", optarg, 1900, 2100, "a year from 1900 to 2100");
            break;
        case O_RELEGATED: /* checked against --teams below */
            relegated = optarg;
            break;
        case O_HOME:
            p->home = double_in("home", optarg, -1, 1);
            break;
        case O_RHO:
            p->rho = double_in("rho", optarg, -1, 1);
            break;
        case O_MU:
            p->mu = double_in("mu", optarg, -2, 2);
            break;
        case O_SD:
            p->sd = double_in("sd", optarg, 0, 1);
            break;
        case O_DRIFT:
            p->drift = double_in("drift", optarg, 0, 1);
            break;
        case O_MARGIN:
            p->margin = double_in("margin", optarg, 0, 0.5);
            break;
        case O_UNPLAYED: /* checked against --teams below */
            unplayed = optarg;
            break;
        case O_TRUTH:
            p->truth_path = optarg;
            break;
        case 'o':
            p->out_path = optarg;
            break;
        case 'h':
            usage(stdout, EXIT_OK);
        default:
            usage(stderr, EXIT_USAGE);
        }
    }
    if (optind < argc)
        bad_option("unexpected argument '%s'", argv[optind]);
    if (relegated)
        p->relegated = (int)long_in("relegated", relegated, 0, p->teams / 2,
                                    "a whole number from 0 to teams/2");
    else if (p->relegated > p->teams / 2) /* the default, in a small league */
        p->relegated = p->teams / 2;
    if (unplayed)
        p->unplayed = (int)long_in("unplayed", unplayed, 0, (long)p->teams * (p->teams - 1),
                                   "a whole number from 0 to the matches of a season");
    if (p->first_season + p->seasons > 2101)
        bad_option("--seasons: %d seasons from %d run past 2100", p->seasons, p->first_season);
    if (p->out_path && p->truth_path && strcmp(p->out_path, p->truth_path) == 0)
        bad_option("--truth and -o name the same file '%s'", p->out_path);
}

/* ---- teams ---- */

/* Invented towns and club words: 16 × 8 × 6 = 768 distinct names. */
static const char *const town_head[] = {
    "Ash", "Bram", "Cal", "Dun", "Elm", "Fen", "Gar", "Hol",
    "Kel", "Lan", "Mar", "Nor", "Oak", "Pen", "Ros", "Thorn",
};
static const char *const town_tail[] = {
    "bury", "ford", "ham", "ley", "mouth", "stead", "ton", "wick",
};
static const char *const club_word[] = {
    "United", "City", "Town", "Rovers", "Athletic", "Wanderers",
};
#define NAME_COMBOS 768

/* FNV-1a: a fixed hash, so each league gets its own run of names. */
static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The i-th team of a league. Stepping by 337 (coprime to 768) makes
 * neighbours differ in town, not just in club word. */
static char *team_name(const char *league, size_t i)
{
    size_t j = (fnv1a(league) + i * 337) % NAME_COMBOS;
    char buf[64];
    int len = snprintf(buf, sizeof buf, "%s%s %s", town_head[j % 16],
                       town_tail[j / 16 % 8], club_word[j / 128]);
    if (i >= NAME_COMBOS) /* 768 teams in: number the second lap */
        snprintf(buf + len, sizeof buf - (size_t)len, " %zu", i / NAME_COMBOS + 1);
    return xstrdup(buf);
}

/* A standard normal cut at ±2.5: a 4-sd side (seed 1 drew one) would score
 * 9 goals a match against a weak one, which is no league's reality. */
static double strength_z(struct rng *r)
{
    double z;
    do
        z = rng_normal(r);
    while (fabs(z) > STRENGTH_CUT);
    return z;
}

static int new_team(struct sim *s, double mean)
{
    grow(&s->team, &s->cap, s->nteams + 1, sizeof *s->team);
    struct team *t = &s->team[s->nteams];
    t->name = team_name(s->p->league, s->nteams);
    t->attack = mean + s->p->sd * strength_z(&s->rng);
    t->defence = mean + s->p->sd * strength_z(&s->rng);
    return (int)s->nteams++;
}

/* ---- calendar ---- */

static int weekday(int days) /* 0 = Sunday; 1970-01-01 was a Thursday */
{
    return ((days % 7) + 7 + 4) % 7;
}

/* One date per round, spread evenly over the Saturdays from the second
 * Saturday of August to the end of May; when there are more rounds than
 * Saturdays, the Wednesdays between are used too. */
static void round_dates(int year, int rounds, int *date)
{
    int aug1 = days_from_civil(year, 8, 1);
    int first = aug1 + (6 - weekday(aug1) + 7) % 7 + 7;
    int last = days_from_civil(year + 1, 5, 31);
    int slot[2 * 53], nslots = 0;
    int midweek = (last - first) / 7 + 1 < rounds;
    for (int d = first; d <= last; d += 7) {
        slot[nslots++] = d;
        if (midweek && d + 4 <= last)
            slot[nslots++] = d + 4;
    }
    if (nslots < rounds) /* MAX_TEAMS keeps this from happening */
        die("internal error: %d rounds do not fit in a season", rounds);
    for (int r = 0; r < rounds; r++)
        date[r] = slot[(long)r * nslots / rounds];
}

/* Circle method: slot n-1 stays, the others turn. Pair k of round r (of
 * the first half) as (home, away) slots; the second half mirrors it. */
static void pairing(int n, int r, int k, int *home, int *away)
{
    int a, b;
    if (k == 0) {
        a = n - 1;
        b = r;
        if (r % 2 == 0) { /* the fixed slot alternates home and away */
            a = r;
            b = n - 1;
        }
    } else {
        a = (r + k) % (n - 1);
        b = (r - k + n - 1) % (n - 1);
        if (k % 2 == 0) {
            int t = a;
            a = b;
            b = t;
        }
    }
    *home = a;
    *away = b;
}

/* ---- matches ---- */

static double round2(double x) { return round(x * 100) / 100; }

static double bookmaker_odds(double prob, double margin)
{
    double odds = round2(1 / (prob * (1 + margin)));
    return odds < MIN_ODDS ? MIN_ODDS : odds > MAX_ODDS ? MAX_ODDS : odds;
}

/* Index of the cell a uniform u falls in under the cumulative of p. */
static int draw_cell(const double p[DC_CELLS], double u)
{
    double cum = 0;
    int last = 0;
    for (int i = 0; i < DC_CELLS; i++) {
        if (p[i] <= 0)
            continue;
        cum += p[i];
        last = i;
        if (u < cum)
            return i;
    }
    return last; /* u beyond a cumulative rounded just below 1 */
}

/* Rates past MAX_RATE would put real mass beyond the goals grid; they take
 * a random-walk drift of many seasons or an extreme --sd, and are capped
 * (and counted, for a warning) rather than failing a long run. */
static double capped_rate(struct sim *s, double rate)
{
    if (rate <= MAX_RATE)
        return rate;
    s->capped++;
    return MAX_RATE;
}

static void check_rho(const struct params *p, double lambda, double nu)
{
    if (dc_tau(0, 0, lambda, nu, p->rho) <= 0 || dc_tau(0, 1, lambda, nu, p->rho) <= 0 ||
        dc_tau(1, 0, lambda, nu, p->rho) <= 0 || dc_tau(1, 1, lambda, nu, p->rho) <= 0)
        die_code(EXIT_USAGE,
                 "--rho: %g gives a negative score probability at rates %.3g and %.3g",
                 p->rho, lambda, nu);
}

static void play(struct sim *s, int h, int a, int date, char *season)
{
    const struct params *p = s->p;
    struct team *th = &s->team[h], *ta = &s->team[a];
    double lambda = capped_rate(s, exp(p->mu + p->home + th->attack - ta->defence));
    double nu = capped_rate(s, exp(p->mu + ta->attack - th->defence));
    double cells[DC_CELLS];
    struct dc_probs prob;
    check_rho(p, lambda, nu);
    dc_score_matrix(lambda, nu, p->rho, cells);
    dc_probs_from_matrix(cells, &prob);
    int cell = draw_cell(cells, rng_uniform(&s->rng));
    struct fixture f = {
        .league = (char *)p->league, .season = season,
        .home = th->name, .away = ta->name, .date = date,
        .home_goals = cell / (DC_MAX_GOALS + 1), .away_goals = cell % (DC_MAX_GOALS + 1),
        .odds = { bookmaker_odds(prob.home, p->margin), bookmaker_odds(prob.draw, p->margin),
                  bookmaker_odds(prob.away, p->margin) },
    };
    int gd = f.home_goals - f.away_goals;
    th->points += gd > 0 ? 3 : gd == 0;
    ta->points += gd < 0 ? 3 : gd == 0;
    th->goal_diff += gd;
    ta->goal_diff -= gd;
    th->goals_for += f.home_goals;
    ta->goals_for += f.away_goals;
    f.line = (long)s->out.n + 2; /* its line in the output, as if read back */
    grow(&s->out.v, &s->out.cap, s->out.n + 1, sizeof f);
    s->out.v[s->out.n++] = f;
}

static void play_season(struct sim *s, int year)
{
    int n = s->p->teams, rounds = 2 * (n - 1);
    int *slot_team = xmalloc((size_t)n * sizeof *slot_team);
    int *date = xmalloc((size_t)rounds * sizeof *date);
    char season[8];
    /* A fresh draw of slots each season, so fixture lists differ. */
    memcpy(slot_team, s->current, (size_t)n * sizeof *slot_team);
    for (int i = n - 1; i > 0; i--) {
        int j = (int)rng_below(&s->rng, (uint64_t)i + 1), t = slot_team[i];
        slot_team[i] = slot_team[j];
        slot_team[j] = t;
    }
    round_dates(year, rounds, date);
    season_of(date[0], season);
    char *label = xstrdup(season);
    s->label = xrealloc(s->label, (size_t)(s->nlabels + 1) * sizeof *s->label);
    s->label[s->nlabels++] = label;
    for (int i = 0; i < n; i++) {
        struct team *t = &s->team[s->current[i]];
        t->points = t->goal_diff = t->goals_for = 0;
    }
    for (int r = 0; r < rounds; r++)
        for (int k = 0; k < n / 2; k++) {
            int h, a;
            pairing(n, r % (n - 1), k, &h, &a);
            if (r >= n - 1) { /* second half: the return fixtures */
                int t = h;
                h = a;
                a = t;
            }
            play(s, slot_team[h], slot_team[a], date[r], label);
        }
    free(date);
    free(slot_team);
}

/* Table order, best first: points, goal difference, goals, then name. */
static const struct team *table_base;
static int cmp_table(const void *x, const void *y)
{
    const struct team *a = &table_base[*(const int *)x], *b = &table_base[*(const int *)y];
    if (a->points != b->points)
        return a->points > b->points ? -1 : 1;
    if (a->goal_diff != b->goal_diff)
        return a->goal_diff > b->goal_diff ? -1 : 1;
    if (a->goals_for != b->goals_for)
        return a->goals_for > b->goals_for ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* Between seasons: the bottom K go down for good, survivors' strengths
 * take a random-walk step, K fresh (weaker) sides come up. */
static void next_season(struct sim *s)
{
    const struct params *p = s->p;
    int n = p->teams, stay = n - p->relegated;
    table_base = s->team;
    qsort(s->current, (size_t)n, sizeof *s->current, cmp_table);
    for (int i = 0; i < stay; i++) {
        struct team *t = &s->team[s->current[i]];
        t->attack += p->drift * rng_normal(&s->rng);
        t->defence += p->drift * rng_normal(&s->rng);
    }
    for (int i = stay; i < n; i++)
        s->current[i] = new_team(s, PROMOTED_MEAN);
}

/* ---- truth ---- */

static int cmp_name(const void *x, const void *y)
{
    const struct team *a = &table_base[*(const int *)x], *b = &table_base[*(const int *)y];
    return strcmp(a->name, b->name);
}

/* The last season's parameters, centred to sum to zero as a fit reports
 * them; mu absorbs the means so that every rate is unchanged. */
static cJSON *truth_json(const struct sim *s)
{
    const struct params *p = s->p;
    int n = p->teams;
    double mean_att = 0, mean_def = 0;
    int *order = xmalloc((size_t)n * sizeof *order);
    memcpy(order, s->current, (size_t)n * sizeof *order);
    table_base = s->team;
    qsort(order, (size_t)n, sizeof *order, cmp_name);
    for (int i = 0; i < n; i++) {
        mean_att += s->team[order[i]].attack;
        mean_def += s->team[order[i]].defence;
    }
    mean_att /= n;
    mean_def /= n;
    cJSON *root = cJSON_CreateObject();
    if (!root)
        die("out of memory");
    json_add_string(root, "league", p->league);
    json_add_string(root, "season", s->out.v[s->out.n - 1].season);
    json_add_number(root, "mu", p->mu + mean_att - mean_def);
    json_add_number(root, "home", p->home);
    json_add_number(root, "rho", p->rho);
    cJSON *teams = json_add_array(root, "teams");
    for (int i = 0; i < n; i++) {
        const struct team *t = &s->team[order[i]];
        cJSON *obj = cJSON_CreateObject();
        if (!obj || !cJSON_AddItemToArray(teams, obj))
            die("out of memory");
        json_add_string(obj, "name", t->name);
        json_add_number(obj, "attack", t->attack - mean_att);
        json_add_number(obj, "defence", t->defence - mean_def);
    }
    free(order);
    return root;
}

static void refuse_existing(const char *path)
{
    if (path && access(path, F_OK) == 0)
        die_code(EXIT_EXISTS, "%s: already exists, not overwritten", path);
}

static void write_fixtures(FILE *fp, const struct fixture_set *set)
{
    fixture_write_header(fp);
    for (size_t i = 0; i < set->n; i++)
        fixture_write(fp, &set->v[i]);
}

static void sim_free(struct sim *s)
{
    for (size_t i = 0; i < s->nteams; i++)
        free(s->team[i].name);
    free(s->team);
    free(s->current);
    for (int i = 0; i < s->nlabels; i++)
        free(s->label[i]);
    free(s->label);
    free(s->out.v); /* its strings belong to teams, labels and params */
}

int main(int argc, char **argv)
{
    struct params p = {
        .league = "demo_league", .seed = 1, .teams = 20, .seasons = 5,
        .first_season = 2019, .relegated = 3, .unplayed = 0,
        .home = 0.25, .rho = -0.08, .mu = 0.15, .sd = 0.3, .drift = 0.05, .margin = 0.05,
    };
    set_progname(argv[0]);
    parse_options(argc, argv, &p);
    /* Either file already there: fail before publishing the other. */
    refuse_existing(p.out_path);
    refuse_existing(p.truth_path);

    struct sim s = { .p = &p };
    rng_seed(&s.rng, p.seed);
    s.current = xmalloc((size_t)p.teams * sizeof *s.current);
    for (int i = 0; i < p.teams; i++)
        s.current[i] = new_team(&s, 0);
    for (int season = 0; season < p.seasons; season++) {
        if (season > 0)
            next_season(&s);
        play_season(&s, p.first_season + season);
    }
    fixtures_sort(&s.out);
    /* Goals are drawn for every fixture and blanked afterwards, so the
     * played rows are the same with or without --unplayed. */
    for (size_t i = s.out.n - (size_t)p.unplayed; i < s.out.n; i++)
        s.out.v[i].home_goals = s.out.v[i].away_goals = NO_GOALS;

    struct output out;
    if (p.truth_path) {
        cJSON *truth = truth_json(&s);
        json_write(output_open(&out, p.truth_path), truth);
        output_commit(&out);
        cJSON_Delete(truth);
    }
    write_fixtures(output_open(&out, p.out_path), &s.out);
    output_commit(&out);
    if (s.capped > 0)
        warnf("warning: %ld scoring rates above %g capped at it (lower --sd or --drift)",
              s.capped, MAX_RATE);
    sim_free(&s);
    return EXIT_OK;
}
