/* decimal.h: the common plain decimals ("-0.4523", "1500", ".5") read
 * without strtod, to the same double.
 *
 * A decimal of at most 2^53 in its digits w and at most 22 places after
 * the point (value w / 10^places) is w / 10^places with both operands exact
 * doubles: one IEEE division, correctly rounded, as strtod rounds. Feature
 * tables hold hundreds of thousands of numbers and most are of this kind
 * (up to 16 significant digits); the rest (17 digits, exponents, anything
 * else) are left to strtod. */
#ifndef LF_DECIMAL_H
#define LF_DECIMAL_H

/* 0 and *out set when s is wholly [-]digits[.digits] (a digit at least)
 * within the limits above; -1 otherwise, *out untouched (use strtod). */
int decimal_parse_exact(const char *s, double *out);

#endif
