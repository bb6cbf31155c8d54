# leaguefit: build the programs, run the tests, and (through pipeline.mk)
# train the models.  `make -j all` and `make check` are all a user needs.

CC       ?= cc
CFLAGS   ?= -O2 -g
WARN     := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Werror
CPPFLAGS += -Isrc/lib
LDLIBS   := -lcsv -lcjson -llapacke -lmd -lm

PROGRAMS := import-fixtures split-league simulate-league fit-poisson \
            predict emit-metrics registry-append backtest league-features fit-1x2 fit-draw logreg-fit
LIB_SRC  := $(wildcard src/lib/*.c)
LIB_OBJ  := $(LIB_SRC:src/%.c=build/%.o)
SCRIPTS  := leaguefit-status
BINS     := $(PROGRAMS:%=bin/%) $(SCRIPTS:%=bin/%)

DEB_PACKAGES := libcsv-dev libcjson-dev liblapacke-dev libmd-dev jq bats \
                python3-statsmodels python3-sklearn

.PHONY: build deps check clean-build
.DEFAULT_GOAL := all

build: $(BINS)

build/%.o: src/%.c $(wildcard src/lib/*.h) | build/lib build/.deps-ok
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

build/lib:
	mkdir -p $@

# Checked once per build tree, so that `make -j all` on a fresh machine
# installs the libraries before the first compile.
build/.deps-ok: | build/lib
	@$(MAKE) --no-print-directory deps
	@touch $@

build/libleaguefit.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

bin/%: src/%.sh
	@mkdir -p $(@D)
	cp $< $@ && chmod +x $@

bin/%: build/%.o build/libleaguefit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# Installs what is missing when run as root; otherwise names the command.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "deps: installing $$missing"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	else \
	  echo "deps: missing Debian packages; run as root:"; \
	  echo "  apt-get install -y $$missing"; exit 1; \
	fi

# Unit tests (TAP from C) and CLI tests (bats), all through prove.
UNIT_TESTS := $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/*.c))

build/tests/%: tests/unit/%.c build/libleaguefit.a | build/lib
	@mkdir -p build/tests
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -o $@ $^ $(LDLIBS)

check: deps build $(UNIT_TESTS)
	prove -f --exec tests/run-one $(UNIT_TESTS) tests/cli/*.bats

clean-build:
	rm -rf build $(BINS)

# More targets (sanitizers, fuzzing, install, ...), one concern a file.
include $(wildcard mk/*.mk)

include pipeline.mk
