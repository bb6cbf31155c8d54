/* fit-poisson: fit the Dixon–Coles goals model (poisson_v2) to one league's
 * canonical fixtures and write poisson_model.json. */
#define _GNU_SOURCE
#include "dc.h"
#include "dataversion.h"
#include "date.h"
#include "fixtures.h"
#include "json.h"
#include "promoted.h"
#include "publish.h"
#include "util.h"
#include "versionmemo.h"

#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Below this many played matches a league is not fitted. */
#define DEFAULT_MIN_MATCHES 100

_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp,
            "usage: fit-poisson [--until DATE] [--decay F] [--no-rho]\n"
            "                   [--min-matches N] [--min-team-matches N] [--ridge R]\n"
            "                   [--feeder FILE]... [--link-weight W] [--blend S,C]\n"
            "                   [--season-weight S] [--level-decay F]\n"
            "                   [--shots-rating D] [--shots-ridge R] [--rating-stats LIST]\n"
            "                   [--rating-min-weight W] [--goals-min-weight W]\n"
            "                   [--version V] [-o FILE] [FILE]\n"
            "Fits the Dixon-Coles model to one league's canonical fixtures\n"
            "(FILE or stdin) and writes poisson_model.json (stdout or FILE).\n"
            "  --until DATE     fit only matches before DATE (YYYY-MM-DD)\n"
            "  --decay F        weight decay per year, 0 < F <= 1 (default %g)\n"
            "  --no-rho         fix rho at 0 (independent Poisson goals)\n"
            "  --min-matches N  fail with fewer played matches (default %d)\n"
            "  --min-team-matches N\n"
            "                   leave out teams with fewer matches (default %d; with a\n"
            "                   ridge, only teams seen in linked divisions alone)\n"
            "  --ridge R        prior precision of each team's attack and defence,\n"
            "                   0 for none (default %g)\n"
            "  --feeder FILE    canonical rows of other divisions (the one below, the\n"
            "                   one above): those sharing teams with the league are\n"
            "                   linked into the fit (needs a ridge); repeatable\n"
            "  --link-weight W  weight of a linked row beside a league row (default %g)\n"
            "  --blend S,C      weights of shots on target and of corners in the goals\n"
            "                   response, each on the scale of goals; goals get the rest\n"
            "                   (default %g,%g; rows without them: goals alone)\n"
            "  --season-weight S\n"
            "                   each earlier season of the league weighed S more,\n"
            "                   0 < S <= 1 (default %g; 1 is none)\n"
            "  --level-decay F  decay per year of the league's levels mu and home,\n"
            "                   refitted after the teams (default: the decay's)\n"
            "  --shots-rating D decay per year of the teams' ratings by the statistics\n"
            "                   of --rating-stats, whose log rates the goals rates take\n"
            "                   with fitted weights; 0: goals alone (default %g)\n"
            "  --shots-ridge R  prior precision of those ratings' teams (default %g)\n"
            "  --rating-stats LIST\n"
            "                   the statistics rated, each its own rating and weight:\n"
            "                   some of sot, shots, corners (default shots,corners)\n"
            "  --rating-min-weight W\n"
            "                   leave rows weighing less than W times the newest\n"
            "                   match out of those ratings, 0 <= W < 1 (default %g;\n"
            "                   0: every row)\n"
            "  --goals-min-weight W\n"
            "                   leave the league's rows weighing less than W times the\n"
            "                   newest match out of the goals likelihood (the teams and\n"
            "                   their prior still from every row; with a ridge),\n"
            "                   0 <= W < 1 (default %g; 0: every row)\n"
            "  --version V      fail unless the data fitted are version V (DATE-DIGEST:\n"
            "                   the last match date and the digest of the league's rows)\n"
            "  -o FILE          publish to FILE; never replaces an existing file\n",
            DC_DEFAULT_DECAY, DEFAULT_MIN_MATCHES, DC_DEFAULT_MIN_TEAM_MATCHES,
            (double)DC_DEFAULT_RIDGE, (double)DC_DEFAULT_LINK_WEIGHT,
            (double)DC_DEFAULT_BLEND_SHOTS_ON_TARGET, (double)DC_DEFAULT_BLEND_CORNERS,
            DC_DEFAULT_SEASON_WEIGHT, DC_DEFAULT_SHOTS_DECAY, (double)DC_DEFAULT_SHOTS_RIDGE,
            DC_DEFAULT_RATING_MIN_WEIGHT, DC_DEFAULT_GOALS_MIN_WEIGHT);
    exit(code);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "until", required_argument, NULL, 'u' },
        { "version", required_argument, NULL, 'V' },
        { "decay", required_argument, NULL, 'd' },
        { "no-rho", no_argument, NULL, 'r' },
        { "min-matches", required_argument, NULL, 'm' },
        { "min-team-matches", required_argument, NULL, 't' },
        { "ridge", required_argument, NULL, 'R' },
        { "feeder", required_argument, NULL, 'F' },
        { "link-weight", required_argument, NULL, 'W' },
        { "blend", required_argument, NULL, 'B' },
        { "season-weight", required_argument, NULL, 'S' },
        { "level-decay", required_argument, NULL, 'L' },
        { "shots-rating", required_argument, NULL, 'O' },
        { "shots-ridge", required_argument, NULL, 'Q' },
        { "rating-stats", required_argument, NULL, 'A' },
        { "rating-min-weight", required_argument, NULL, 'M' },
        { "goals-min-weight", required_argument, NULL, 'G' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct dc_options opt = DC_POISSON_V2_OPTIONS(DEFAULT_MIN_MATCHES);
    const char *out_path = NULL, *version = NULL;
    char **feeders = xcalloc((size_t)argc + 1, sizeof *feeders);
    int nfeeders = 0;
    long lv;
    int c;
    set_progname(argv[0]);
    argv[0] = (char *)progname; /* getopt's messages name argv[0] */
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'B':
            if (blend_parse(optarg, &opt.blend))
                die_code(EXIT_USAGE, "--blend: want two weights S,C from 0 to 1 with a sum "
                         "at most 1, got '%s'", optarg);
            break;
        case 'd':
            if (parse_double(optarg, &opt.decay) || !(opt.decay > 0 && opt.decay <= 1))
                die_code(EXIT_USAGE, "--decay: want a number in (0, 1], got '%s'", optarg);
            break;
        case 'F':
            feeders[nfeeders++] = optarg;
            break;
        case 'L':
            if (parse_double(optarg, &opt.level_decay) ||
                !(opt.level_decay > 0 && opt.level_decay <= 1))
                die_code(EXIT_USAGE, "--level-decay: want a number in (0, 1], got '%s'", optarg);
            break;
        case 'S':
            if (parse_double(optarg, &opt.season_weight) ||
                !(opt.season_weight > 0 && opt.season_weight <= 1))
                die_code(EXIT_USAGE, "--season-weight: want a number in (0, 1], got '%s'",
                         optarg);
            break;
        case 'O':
            if (parse_double(optarg, &opt.shots_decay) ||
                !(opt.shots_decay >= 0 && opt.shots_decay <= 1))
                die_code(EXIT_USAGE, "--shots-rating: want a number in [0, 1], got '%s'", optarg);
            break;
        case 'Q': dc_rating_option("shots-ridge", optarg, &opt); break;
        case 'A': dc_rating_option("rating-stats", optarg, &opt); break;
        case 'M': dc_rating_option("rating-min-weight", optarg, &opt); break;
        case 'G': dc_rating_option("goals-min-weight", optarg, &opt); break;
        case 'R':
            if (parse_double(optarg, &opt.ridge) || !(opt.ridge >= 0 && opt.ridge <= 1e6))
                die_code(EXIT_USAGE, "--ridge: want a number from 0 to 1e6, got '%s'", optarg);
            break;
        case 'W':
            if (parse_double(optarg, &opt.link_weight) ||
                !(opt.link_weight >= 0 && opt.link_weight <= 10))
                die_code(EXIT_USAGE, "--link-weight: want a number from 0 to 10, got '%s'",
                         optarg);
            break;
        case 'h':
            usage(stdout, EXIT_OK);
        case 'm':
            if (parse_long(optarg, &lv) || lv < 1 || lv > INT_MAX)
                die_code(EXIT_USAGE, "--min-matches: want a positive count, got '%s'", optarg);
            opt.min_matches = (int)lv;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'r':
            opt.use_rho = 0;
            break;
        case 't':
            if (parse_long(optarg, &lv) || lv < 1 || lv > INT_MAX)
                die_code(EXIT_USAGE, "--min-team-matches: want a positive count, got '%s'",
                         optarg);
            opt.min_team_matches = (int)lv;
            break;
        case 'V':
            version = optarg;
            break;
        case 'u':
            opt.until = date_option("--until", optarg);
            break;
        default:
            usage(stderr, EXIT_USAGE);
        }
    }
    if (argc - optind > 1)
        usage(stderr, EXIT_USAGE);
    const char *in = optind < argc ? argv[optind] : "-";
    struct fixture_set set = { 0 };
    struct row_image_key id;
    struct version_files files = { 0 }; /* (versionmemo.h) */
    if (fixtures_read_path_as(in, &set, 1, &id) > 0)
        die("%s: bad rows in the input, nothing fitted", in);
    if (set.n == 0)
        die("%s: no fixtures", in);
    fixtures_require_one_league(&set, in);
    char *league = xstrdup(set.v[0].league);
    version_files_add(&files, &id);
    /* (each feeder linked to the league's rows and the earlier feeders',
     * which with one feeder are the league's alone, as versionrows.h's) */
    files.chained = nfeeders > 1;
    /* Without a ridge no other division enters the fit (nothing ties it to
     * the league's scale): its rows are not read, so not in the version. */
    for (int i = 0; opt.ridge > 0 && i < nfeeders; i++) {
        feeder_append_as(&set, feeders[i], &set, league, 1, &id);
        version_files_add(&files, &id);
    }
    opt.league = league;

    struct dc_model model;
    char err[160];
    if (dc_fit(set.v, set.n, &opt, &model, err, sizeof err) != 0)
        die("%s: league '%s': %s", in, set.v[0].league, err);
    struct output out;
    FILE *fp = output_open(&out, out_path);
    cJSON *json = dc_to_json(&model);
    struct version_memo memo = { .files = &files };
    data_version_stamp_memo(json, &memo, &set, opt.until, version, in);
    json_write(fp, json);
    cJSON_Delete(json);
    output_commit(&out);
    dc_free(&model);
    fixtures_free(&set);
    version_files_free(&files);
    free(league);
    free(feeders);
    return EXIT_OK;
}
