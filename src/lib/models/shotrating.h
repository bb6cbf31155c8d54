/* shotrating.h: a rating of the teams by a count of a match statistic
 * (shots, shots on target or corners: dc_options.rating_stats), beside
 * the goals ratings of the Dixon–Coles fit (dc_options.shots_decay).
 *
 *   home side's count ~ Poisson(exp(m + h + attack[i] - defence[j]))
 *   away side's count ~ Poisson(exp(m + attack[j] - defence[i]))
 *
 * each row weighted (the caller's decay, usually faster than the goals'),
 * every team's attack and defence under the prior N(0, 1/ridge): a team
 * without the statistic in the rows stays at 0, the average (it is left
 * out of the Newton system, whose cost grows with the cube of the teams
 * in it). The counts
 * are several times as many as goals and less noisy: the goals fit takes
 * the log-rate a rating gives a side (its attack minus the opponent's
 * defence) as one more input, with a weight of its own. */
#ifndef LF_SHOTRATING_H
#define LF_SHOTRATING_H

#include <stddef.h>

/* The rows of the fit: row k is home[k] against away[k] (team indices <
 * nteams), weight w[k] > 0, the home side's count home_shots[k] and the
 * away side's away_shots[k] (of whichever statistic is rated). */
struct shot_rows {
    size_t n;
    const int *home, *away;
    const double *w;
    const int *home_shots, *away_shots;
};

struct shot_rating {
    int nteams;
    double mu, home;          /* the levels (log count a side) */
    /* A team's. At the maximum they sum to 0 over the teams (the ridge
     * against the free mu: centred, as the goals fit takes them). */
    double *attack, *defence;
    int iterations;
    double grad_norm;         /* max |gradient| at the end */
};

/* Fits the rating of nteams teams on rows under a ridge > 0, Newton's
 * iterations started at `start` (mu, home, the attacks, the defences: 2 +
 * 2 × nteams numbers; last week's rating in a walk, a step or two from
 * this week's) or, NULL, at every side the rows' mean rate. The maximum is
 * the same, to the convergence tolerance. Returns 0, or -1 when the
 * iterations do not converge (r then holds the last iterate). r is
 * allocated either way: free it with shot_rating_free. */
int shot_rating_fit(const struct shot_rows *rows, int nteams, double ridge, const double *start,
                    struct shot_rating *r);
void shot_rating_free(struct shot_rating *r);

/* The penalised log-likelihood of the rows at the levels mu, home and the
 * teams' attack and defence (up to the constant log x! terms): what the
 * fit maximises. */
double shot_rating_objective(const struct shot_rows *rows, int nteams, double ridge, double mu,
                             double home, const double *attack, const double *defence);

#endif
