/* rng.h: a small seeded generator whose streams are the same on every
 * platform, so simulated data are byte-identical wherever they are made.
 *
 * xoshiro256** (Blackman & Vigna, 2018) seeded through splitmix64; normal
 * deviates by Box–Muller using only +, -, *, /, sqrt, log and cos. */
#ifndef LF_RNG_H
#define LF_RNG_H

#include <stdint.h>

struct rng {
    uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);

/* The next raw 64-bit output. */
uint64_t rng_next(struct rng *r);

/* Uniform on [0, 1), a multiple of 2^-53. */
double rng_uniform(struct rng *r);

/* Uniform integer on [0, n); n > 0. */
uint64_t rng_below(struct rng *r, uint64_t n);

/* Standard normal. Each call uses two uniforms and no hidden state (the
 * second Box–Muller deviate would need sin and a cache: not worth it). */
double rng_normal(struct rng *r);

#endif
