#!/bin/bash
# bench/goals-variants.sh: variants of poisson_v2 against the goals model
# chosen before them (ridge 3, the lower divisions linked at weight 0.25,
# decay 0.575, no season weight), by weekly walk-forward on the tuning
# seasons 2014-15 to 2018-19 only, each paired match by match with it.
#
#   bench/goals-variants.sh [DATA_DIR [LOWER_DIR]] > goals-variants.md
#
# The variants: the decay re-tuned with the ridge; the league's levels (mu
# and home) with their own decay (--level-decay); earlier seasons weighed
# less (the season weight). (Each team's own home advantage under a ridge,
# --team-home-ridge, was a variant of this script at 6046a22, whose
# backtest had the option.) Every option the reference sets is spelled out, so the table
# does not move when the defaults do. VARIANTS overrides the list (the
# first line is the reference; "@LOWER" stands for the feeder divisions).
set -euo pipefail
cd "$(dirname "$0")/.."
base="--feeder=@LOWER --link-weight=0.25 --shots-rating=0"
old="$base --ridge=3 --decay=0.575 --season-weight=1"
VARIANTS=${VARIANTS:-"$old
$base --ridge=3 --decay=0.45 --season-weight=1
$base --ridge=3 --decay=0.5 --season-weight=1
$base --ridge=3 --decay=0.65 --season-weight=1
$base --ridge=3 --decay=0.7 --season-weight=1
$base --ridge=2 --decay=0.45 --season-weight=1
$base --ridge=2 --decay=0.5 --season-weight=1
$base --ridge=2 --decay=0.575 --season-weight=1
$base --ridge=2 --decay=0.65 --season-weight=1
$base --ridge=2 --decay=0.7 --season-weight=1
$base --ridge=5 --decay=0.45 --season-weight=1
$base --ridge=5 --decay=0.5 --season-weight=1
$base --ridge=5 --decay=0.575 --season-weight=1
$base --ridge=5 --decay=0.65 --season-weight=1
$base --ridge=5 --decay=0.7 --season-weight=1
$old --level-decay=0.1
$old --level-decay=0.2
$old --level-decay=0.3
$old --level-decay=0.4
$old --level-decay=0.8
$base --ridge=3 --decay=0.575 --season-weight=0.9
$base --ridge=3 --decay=0.575 --season-weight=0.85
$base --ridge=3 --decay=0.575 --season-weight=0.75
$base --ridge=3 --decay=0.575 --season-weight=0.6
$base --ridge=3 --decay=0.65 --season-weight=0.85
$base --ridge=3 --decay=0.65 --season-weight=0.8
$base --ridge=3 --decay=0.7 --season-weight=0.8
$base --ridge=3 --decay=0.7 --season-weight=0.75
$base --ridge=3 --decay=0.75 --season-weight=0.75
$base --ridge=3 --decay=0.75 --season-weight=0.7
$base --ridge=3 --decay=0.75 --season-weight=0.65
$base --ridge=3 --decay=0.8 --season-weight=0.7
$base --ridge=3 --decay=0.8 --season-weight=0.6
$base --decay=0.7 --season-weight=0.8 --ridge=2
$base --decay=0.7 --season-weight=0.8 --ridge=5"}
. bench/tuning-data.sh "$@"
echo "Every variant: \`${base//@LOWER/LOWER}\` (LOWER: the feeder divisions)."
echo
COMMON=$base

poisson_variant_table
