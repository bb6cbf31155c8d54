# leaguefit: build the programs, run the tests, and (through pipeline.mk)
# train the models.  `make -j all` and `make check` are all a user needs.

CC       ?= cc
# -O3: the fits' passes over their rows and pairs (dc_fit.c, shotrating.c),
# which -O2's vectorizer leaves alone, are vectorized: a walk-forward takes
# about 7% less CPU. No sum is reordered (in its standard C mode GCC fuses
# no multiply and add, and nothing allows reassociation), so the models
# are the bits -O2 gives. (clang fuses where the target has FMA, as at
# -O2; the baseline x86-64 has none.)
CFLAGS   ?= -O3 -g
WARN     := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Werror
# The library, by layer (as zstd's lib/): common (diagnostics, text, names,
# dates, JSON, digests, linear algebra), data (reading and writing matches,
# their images, and the shipped tables), models (goals model, features, regressions), eval
# (metrics, walk-forward), store (versions, model directories, publishing,
# the registry, the caches kept between runs).
LIB_LAYERS := common data models eval store
CPPFLAGS += $(LIB_LAYERS:%=-Isrc/lib/%)
LDLIBS   := -lcsv -lcjson -lnettle -lm

PROGRAMS := import-fixtures split-league data-version simulate-league fit-poisson leaguefit-step \
            predict emit-metrics registry-append registry-keys backtest league-features fit-1x2 fit-draw logreg-fit
LIB_SRC  := $(wildcard $(LIB_LAYERS:%=src/lib/%/*.c))
LIB_HDR  := $(wildcard $(LIB_LAYERS:%=src/lib/%/*.h))
LIB_OBJ  := $(LIB_SRC:src/%.c=build/%.o)
SCRIPTS  := leaguefit-status
BINS     := $(PROGRAMS:%=bin/%) $(SCRIPTS:%=bin/%)

# Debian packages by purpose: DEPS_<set> lists a set, written in the file
# of the step that needs it, and deps-<set> installs what of it is missing
# (mk/deps.sh; as root, else it prints the apt-get line). Sets: build
# (compile and train: here), check (the test tools: here and mk/report.mk),
# sanitize (clang, valgrind: mk/sanitize.mk). DEPS_WITH_<set> names the
# other sets a step needs at once. `make deps` installs every set (CI).
DEPS_build := gcc libc6-dev libcsv-dev libcjson-dev nettle-dev jq
# check: prove (perl), bats, the reference fits' Python, man and groff for
# the man page tests, git for the hygiene test; mk/report.mk adds chromium.
DEPS_check := perl bats python3-statsmodels python3-sklearn man-db groff-base git
DEPS_SETS  := build check

.PHONY: build deps check clean-build
.DEFAULT_GOAL := all

build: deps-build $(BINS)

build/%.o: src/%.c $(LIB_HDR) | build/lib deps-build
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

build/lib:
	mkdir -p $@

# The Cholesky factor's column updates (linalg.c), a tenth of a fit, run
# over columns of unknown length, which the vectorizer's cost model at -O2
# leaves alone; GCC's dynamic model vectorizes them. They are element-wise
# (no sum is reordered), so the results are the same bits. Expanded only
# when linalg.o is compiled, and empty for a compiler without the option.
# (At -O3, the default, it is the cost model already: this keeps it for
# CFLAGS given with -O2.)
# No multiply and add fused (-ffp-contract=off), whatever CFLAGS and
# -march are given (override: also over CFLAGS set on the command line):
# the factor's baseline and AVX2 forms, and test_linalg's textbook one,
# must round alike. (private: not passed to the library objects that
# test_linalg depends on, whose flags would then depend on which target
# built them first, and with them the programs' build IDs.)
VECTORIZE = $(shell $(CC) -fvect-cost-model=dynamic -Werror -x c -c -o /dev/null /dev/null \
                2>/dev/null && echo -fvect-cost-model=dynamic)
build/lib/common/linalg.o: override CFLAGS += $(VECTORIZE) -ffp-contract=off
build/tests/test_linalg: private override CFLAGS += -ffp-contract=off

build/libleaguefit.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

bin/%: src/%.sh
	@mkdir -p $(@D)
	cp $< $@ && chmod +x $@

# Each program carries the linker's digest of itself, its build ID, which
# the walk cache keys its weeks by (buildid.h): asked for, not left to
# the compiler's default.
BUILD_ID := -Wl,--build-id=sha1

bin/%: build/%.o build/libleaguefit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(BUILD_ID) -o $@ $^ $(LDLIBS)

# leaguefit-step runs once for every file of every model (72 times in a
# week's run of 8 leagues) and needs only the C library: linked statically,
# it starts without the dynamic loader (bench/fixed-costs.sh). Should it
# come to need another library, its link fails, naming what is missing.
# (Not where CFLAGS ask for a sanitizer, which cannot link statically.)
bin/leaguefit-step: LDLIBS := $(if $(findstring -fsanitize,$(CFLAGS)),$(LDLIBS),-static)

# One recipe for every set (its stamp's, below). It runs under `make -n`
# too (the `+`), where mk/deps.sh -n reports what it would install and
# installs nothing (so under -q and -t); a set's step waits for the build
# set's, so that two apt-get never overlap.
MAKE_FLAG_LETTERS = $(firstword -$(MAKEFLAGS))
DEPS_DRY_RUN = $(if $(strip $(foreach f,n q t,$(findstring $(f),$(MAKE_FLAG_LETTERS)))),-n)
deps_step = mk/deps.sh $(DEPS_DRY_RUN) $(foreach s,$(1),$(s) "$(DEPS_$(s))")

deps: FORCE
	+@$(call deps_step,$(DEPS_SETS))

deps-check: | deps-build

# Unit tests (TAP from C) and CLI tests (bats), all through prove. -o
# shows the tests' comments, where bats says which command of a failing
# test failed and with what output: a failure that comes once in many runs
# is then explained by the log of the run it came in.
UNIT_TESTS := $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/*.c))

build/tests/%: tests/unit/%.c build/libleaguefit.a | build/lib
	@mkdir -p build/tests
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(BUILD_ID) -o $@ $^ $(LDLIBS)

check: deps-check build $(UNIT_TESTS)
	prove -f -o --exec tests/run-one $(UNIT_TESTS) tests/cli/*.bats

clean-build:
	rm -rf build $(BINS)

# Build outputs (DISTCLEAN_BUILD: mk files add theirs) and the pipeline's
# intermediate data in WORK, all remade by the next run. Never a model,
# the registry or their views (MODELS), data/raw or data/leagues.csv.
DISTCLEAN_BUILD := build
# (leagues, features, demo and .status-before.* are the names of the work
# files before model versions.)
WORK_INTERMEDIATE = fixtures.csv leagues.txt sources.txt failed.tsv merge.failed import versions cache \
                    played played.lock played-until-* link.txt .runs.lock \
                    simulated .run.* *.new leagues features demo .status-before.*
.PHONY: distclean
distclean: clean-build
	rm -rf $(DISTCLEAN_BUILD)
	for w in $(WORK) demo/data; do \
	  [ ! -d $$w ] || (cd $$w && rm -rf $(WORK_INTERMEDIATE)); done

# More targets (sanitizers, fuzzing, install, ...), one concern a file.
include $(wildcard mk/*.mk)

include pipeline.mk

# deps-<set>, once the mk files (and pipeline.mk, for same_words) are
# read: phony, each the name of its set's stamp (below), which it depends
# on. (Its recipe does nothing, and runs no shell: a target without one,
# up to date, has make say so, "Nothing to be done for 'build'", on every
# status.)
#
# A set found installed is stamped (build/deps/<set>, its packages), so
# that the next make asks dpkg again only when dpkg's database has changed
# since (a package installed or removed) or the set's packages differ:
# every training run and status builds first, and the check was two
# shells and a dpkg-query (bench/fixed-costs.sh). A dry run always asks,
# and stamps nothing. A set's stamp waits for the build set's, as its
# deps-<set> does for deps-build.
DPKG_STATUS ?= /var/lib/dpkg/status
DPKG_DB := $(wildcard $(DPKG_STATUS))
DEPS_STAMP = build/deps/$(1)
deps_packages = $(strip $(foreach s,$(1) $(DEPS_WITH_$(1)),$(DEPS_$(s))))
deps_stamped = $(and $(DPKG_DB),$(if $(DEPS_DRY_RUN),,yes),\
  $(call same_words,$(call deps_packages,$(1)),$(strip $(file <$(call DEPS_STAMP,$(1))))))
DEPS_TARGETS := $(DEPS_SETS:%=deps-%)
.PHONY: $(DEPS_TARGETS)
$(foreach s,$(DEPS_SETS),$(eval deps-$(s): $(call DEPS_STAMP,$(s))))
$(DEPS_TARGETS): private SHELL := /bin/sh
$(DEPS_TARGETS): private .SHELLFLAGS := -c
$(DEPS_TARGETS): ; @:
$(foreach s,$(filter-out build,$(DEPS_SETS)),$(eval $(call DEPS_STAMP,$(s)): | $(call DEPS_STAMP,build)))
$(foreach s,$(DEPS_SETS),$(eval $(call DEPS_STAMP,$(s)): $(DPKG_DB) $(if $(call deps_stamped,$(s)),,FORCE)))
$(DEPS_SETS:%=$(call DEPS_STAMP,%)):
	+@$(call deps_step,$(notdir $@) $(DEPS_WITH_$(notdir $@)))$(if $(DEPS_DRY_RUN),, && \
	  mkdir -p $(@D) && echo '$(call deps_packages,$(notdir $@))' > $@)
