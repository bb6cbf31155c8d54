# mk/bench.mk: bench-only programs and the performance run
# (docs/benchmarks.md). Nothing here is part of `build` or `check`.
#
#   make bench-progs   build/bench/dcfit_time (times dc_fit in-process)
#   make perf          the programs, then bench/perf.sh on the shared data
#                      (PERF_DATA, default ../shared/data/football-data),
#                      which rewrites docs/benchmarks.md
#   make scale         bench/scale.sh: make -j2 all against the number of
#                      leagues (NSIM simulated in the largest set, default
#                      200) and history length, into its section of
#                      docs/benchmarks.md

BENCH_PROGS := build/bench/dcfit_time
PERF_DATA   ?= ../shared/data/football-data

.PHONY: bench-progs perf scale

bench-progs: $(BENCH_PROGS)

build/bench/%: bench/%.c build/libleaguefit.a | build/lib
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -o $@ $^ $(LDLIBS)

perf: build bench-progs
	bench/perf.sh $(PERF_DATA)

scale: build
	OUT=docs/benchmarks.md bench/scale.sh
