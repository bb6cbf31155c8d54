# mk/bench.mk: bench-only programs and the performance run
# (docs/benchmarks.md). Nothing here is part of `build` or `check`.
#
#   make bench-progs   build/bench/dcfit_time (times dc_fit in-process),
#                      build/bench/walk_probs (backtest's forecasts, each),
#                      build/bench/cputime (a program's CPU to the µs)
#   make perf          the programs, then bench/perf.sh on the shared data
#                      (PERF_DATA, default ../shared/data/football-data),
#                      which rewrites docs/benchmarks.md
#   make scale         bench/scale.sh: make -j2 all against the number of
#                      leagues (NSIM simulated in the largest set, default
#                      200) and history length, into its section of
#                      docs/benchmarks.md
#   make quality       bench/quality.sh on the shared data: the
#                      walk-forward report that opens docs/quality.md
#                      (about 5 minutes), in place of its earlier block
#   make kept-versions bench/kept-versions.sh: the CPU of a run that trains
#                      nothing against the versions MODELS keeps (0 to
#                      150 more a league and type), into its section of
#                      docs/benchmarks.md
#   make fixed-costs   bench/fixed-costs.sh: what a run pays besides its
#                      fits (a shell, a step, the build check, a status
#                      count), and a run that trains nothing, into its
#                      section of docs/benchmarks.md (OLD=DIR: beside an
#                      older checkout's)
#   make peers         bench/peers.sh on the same data: one season's
#                      walk-forward beside penaltyblog (PENALTYBLOG=DIR of a
#                      build of it, else skipped) and statsmodels, and with
#                      penaltyblog the same season of the 8 leagues, pooled,
#                      into its section of docs/benchmarks.md
#
# deps-bench: the peers' Python (Debian's), what building penaltyblog from
# its source needs (python3-dev, cython3), and perf.sh's hyperfine. Not one
# of DEPS_SETS: CI's `make deps` does not need it.
DEPS_bench := python3-numpy python3-scipy python3-pandas python3-statsmodels \
              python3-dev cython3 time hyperfine

.PHONY: deps-bench
deps-bench: | deps-build
	+@$(call deps_step,bench)

BENCH_PROGS := build/bench/dcfit_time build/bench/walk_probs build/bench/cputime
PERF_DATA   ?= ../shared/data/football-data

.PHONY: bench-progs perf scale peers quality kept-versions fixed-costs

bench-progs: $(BENCH_PROGS)

build/bench/%: bench/%.c build/libleaguefit.a | build/lib
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -o $@ $^ $(LDLIBS)

perf: build bench-progs deps-bench
	bench/perf.sh $(PERF_DATA)

scale: build
	OUT=docs/benchmarks.md bench/scale.sh

quality: build
	OUT=docs/quality.md bench/quality.sh

kept-versions: build
	OUT=docs/benchmarks.md bench/kept-versions.sh $(PERF_DATA)

fixed-costs: build deps-bench
	OUT=docs/benchmarks.md bench/fixed-costs.sh $(PERF_DATA)

peers: build bench-progs deps-bench
	OUT=docs/benchmarks.md bench/peers.sh $(PERF_DATA)
