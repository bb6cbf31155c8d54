#!/bin/bash
# bench/blend.sh: chooses the weights of shots on target and corners in
# poisson_v2's goals response (--blend, blend.h) by weekly walk-forward on
# the tuning seasons 2014-15 to 2018-19 only.
#
#   bench/blend.sh [DATA_DIR [LOWER_DIR]] > blend-report.md
#
# One line per variant: pooled RPS and log loss over the 8 target leagues,
# the RPS on the matches of sides new to their league in their first six
# weeks, and the mean RPS difference to the first variant match by match
# with its paired z (the difference over its standard error). VARIANTS
# overrides the list (each a set of backtest options; the first is the
# reference; "@LOWER" stands for the feeder divisions).
set -euo pipefail
cd "$(dirname "$0")/.."
VARIANTS=${VARIANTS:-"--feeder=@LOWER --blend=0,0
--feeder=@LOWER --blend=0.05,0
--feeder=@LOWER --blend=0.1,0
--feeder=@LOWER --blend=0.2,0
--feeder=@LOWER --blend=0,0.05
--feeder=@LOWER --blend=0,0.1
--feeder=@LOWER --blend=0,0.2
--feeder=@LOWER --blend=0.05,0.05
--feeder=@LOWER --blend=0.1,0.05
--feeder=@LOWER --blend=0.1,0.1
--feeder=@LOWER --blend=0.2,0.1
--feeder=@LOWER --blend=0.1,0.05 --ridge=2
--feeder=@LOWER --blend=0,0 --ridge=2
--feeder=@LOWER --blend=0.2,0.1 --ridge=1
--feeder=@LOWER --blend=0.2,0.1 --ridge=2
--ridge=0 --blend=0,0
--ridge=0 --blend=0.2,0.1
--ridge=0 --blend=0.1,0.05"}
. bench/tuning-data.sh "$@"
# The time weights of poisson_v2 when this table was made, and no shots
# ratings (docs/quality.md).
FIXED="--decay=0.575 --season-weight=1 --shots-rating=0"

poisson_variant_table
