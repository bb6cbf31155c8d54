# mk/bench.mk: bench-only programs and the performance run
# (docs/benchmarks.md). Nothing here is part of `build` or `check`.
#
#   make bench-progs   build/bench/dcfit_time (times dc_fit in-process)
#   make perf          the programs, then bench/perf.sh on the shared data
#                      (PERF_DATA, default ../shared/data/football-data),
#                      which rewrites docs/benchmarks.md

BENCH_PROGS := build/bench/dcfit_time
PERF_DATA   ?= ../shared/data/football-data

.PHONY: bench-progs perf

bench-progs: $(BENCH_PROGS)

build/bench/%: bench/%.c build/libleaguefit.a | build/lib
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -o $@ $^ $(LDLIBS)

perf: build bench-progs
	bench/perf.sh $(PERF_DATA)
