# Sanitizers, valgrind and libFuzzer (docs/reliability.md).
#
#   make check-asan       every program and unit test built with
#                         -fsanitize=address,undefined into build-asan/ and
#                         bin-asan/, then the whole suite (unit + CLI) run on
#                         them in a copy of the tree (build-asan/tree) whose
#                         bin/ and build/ hold the sanitized binaries
#   make check-valgrind   a representative set of invocations under valgrind
#   make fuzz             libFuzzer harnesses (tests/fuzz), FUZZ_RUNS runs each
#
# The normal build (build/, bin/) is never touched. Each target installs
# its own Debian packages first (deps-sanitize, the Makefile's deps step).

DEPS_sanitize := clang libclang-rt-14-dev valgrind
DEPS_SETS     += sanitize
# `make check` runs `make fuzz` (tests/cli/fuzz.bats): its step installs
# this set too, before the suite starts.
DEPS_WITH_check += sanitize
deps-sanitize: | deps-build

SAN_CC     := clang
SAN_FLAGS  := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=undefined
SAN_WARN   := $(filter-out -Werror,$(WARN))
ASAN_DIR   := build-asan
ASAN_BIN   := bin-asan
DISTCLEAN_BUILD += $(ASAN_DIR) $(ASAN_BIN)
ASAN_LIB_OBJ := $(LIB_SRC:src/%.c=$(ASAN_DIR)/%.o)
ASAN_PROGS := $(PROGRAMS:%=$(ASAN_BIN)/%) $(SCRIPTS:%=$(ASAN_BIN)/%)
ASAN_UNIT  := $(patsubst tests/unit/%.c,$(ASAN_DIR)/tests/%,$(wildcard tests/unit/*.c))
SAN_ENV    := ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 \
              UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=98 \
              LSAN_OPTIONS=exitcode=97

.PHONY: build-asan check-asan check-valgrind fuzz fuzz-build fuzz-long

$(ASAN_DIR)/%.o: src/%.c $(LIB_HDR) | deps-sanitize
	@mkdir -p $(@D)
	$(SAN_CC) $(CPPFLAGS) $(SAN_WARN) $(SAN_FLAGS) -c -o $@ $<

$(ASAN_DIR)/libleaguefit.a: $(ASAN_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(ASAN_BIN)/%: src/%.sh
	@mkdir -p $(@D)
	cp $< $@ && chmod +x $@

$(ASAN_BIN)/%: $(ASAN_DIR)/%.o $(ASAN_DIR)/libleaguefit.a
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

$(ASAN_DIR)/tests/%: tests/unit/%.c $(ASAN_DIR)/libleaguefit.a
	@mkdir -p $(@D)
	$(SAN_CC) $(CPPFLAGS) $(SAN_WARN) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

build-asan: deps-sanitize $(ASAN_PROGS) $(ASAN_UNIT)

# The tests find their programs as "$PROJECT/bin" and pipeline.bats runs
# make in $PROJECT: so the suite runs in a copy of the tree whose build/
# holds the sanitized objects (newer than the sources, so make rebuilds
# nothing) and whose bin/ holds the sanitized programs. ../shared is linked
# beside the copy, as the tests expect it beside the project.
ASAN_TREE := $(ASAN_DIR)/tree
check-asan: build-asan
	rm -rf $(ASAN_TREE) && mkdir -p $(ASAN_TREE)
	ln -sfn "$$(cd .. && pwd)/shared" $(ASAN_DIR)/shared
	tar --exclude=./build --exclude=./$(ASAN_DIR) --exclude=./$(ASAN_BIN) \
	    --exclude=./build-fuzz --exclude=./.git --exclude=./models \
	    --exclude=./bin -cf - . | tar -C $(ASAN_TREE) -xf -
	mkdir -p $(ASAN_TREE)/build/lib $(ASAN_TREE)/build/tests $(ASAN_TREE)/bin
	cd $(ASAN_DIR) && cp --parents $(ASAN_LIB_OBJ:$(ASAN_DIR)/%=%) $(notdir $(ASAN_TREE))/build/
	cp $(PROGRAMS:%=$(ASAN_DIR)/%.o) $(ASAN_DIR)/libleaguefit.a $(ASAN_TREE)/build/
	cp $(ASAN_UNIT) $(ASAN_TREE)/build/tests/
	cp $(ASAN_PROGS) $(ASAN_TREE)/bin/
	cd $(ASAN_TREE) && $(SAN_ENV) prove -f -o --exec tests/run-one \
	    build/tests/* tests/cli/*.bats

# Every program on good and bad input under valgrind (tests/bad-input/valgrind.sh).
check-valgrind: deps-sanitize build
	tests/bad-input/valgrind.sh

# ---- libFuzzer ----
FUZZ_DIR    := build-fuzz
# No stack-depth coverage: its features measure the stack in bytes, which
# depend on where ASLR put it, so the same inputs gave different features
# from run to run (see `fuzz`).
DISTCLEAN_BUILD += $(FUZZ_DIR)
FUZZ_FLAGS  := -O1 -g -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=undefined -fno-sanitize-coverage=stack-depth
FUZZ_NAMES  := csv model_json registry
FUZZ_BINS   := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_LIB_OBJ := $(LIB_SRC:src/%.c=$(FUZZ_DIR)/%.o)
FUZZ_RUNS   ?= 20000
FUZZ_SECONDS ?= 180
# fuzz_csv loses the allocations of a parse aborted by die(): see fuzz_die.h.
FUZZ_OPTS_csv        := -detect_leaks=0
FUZZ_OPTS_model_json :=
FUZZ_OPTS_registry   :=

# (mk/sanitize.mk a prerequisite: a change of FUZZ_FLAGS rebuilds them.)
$(FUZZ_DIR)/%.o: src/%.c $(LIB_HDR) mk/sanitize.mk | deps-sanitize
	@mkdir -p $(@D)
	$(SAN_CC) $(CPPFLAGS) $(SAN_WARN) $(FUZZ_FLAGS:fuzzer,%=fuzzer-no-link,%) -c -o $@ $<

$(FUZZ_DIR)/libleaguefit.a: $(FUZZ_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_die.h $(FUZZ_DIR)/libleaguefit.a mk/sanitize.mk
	$(SAN_CC) $(CPPFLAGS) $(SAN_WARN) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_DIR)/libleaguefit.a $(LDLIBS)

fuzz-build: deps-sanitize $(FUZZ_BINS)

# Deterministic, the same inputs every run: -seed=1 and fixed -runs were
# not enough. -reload=0: by default libFuzzer rereads its corpus dir once
# a second and runs what it finds, which shifts the mutations by the clock.
# -use_cmp=0: compared values are spliced into inputs, and some are stack
# addresses, which ASLR moves (at 20000 runs the coverage is the same
# without). With stack-depth coverage off (FUZZ_FLAGS) two runs now print
# the same final cov/ft/corp. The harnesses' sanitizer options are their
# own: an inherited
# ASAN_OPTIONS=detect_leaks=1 (check-asan exports it) outranks
# -detect_leaks=0, and fuzz_csv then failed at exit on the buffers die()
# strands. Seeds read only (new inputs go to a scratch corpus dir, so the
# tree stays clean); a crash leaves crash-* in $(FUZZ_DIR)/artifacts/ and
# fails the target.
FUZZ_ENV := env -u ASAN_OPTIONS -u UBSAN_OPTIONS -u LSAN_OPTIONS
fuzz: fuzz-build
	@mkdir -p $(FUZZ_DIR)/artifacts
	@set -e; for n in $(FUZZ_NAMES); do \
	  rm -rf $(FUZZ_DIR)/work-$$n && mkdir -p $(FUZZ_DIR)/work-$$n; \
	  echo "fuzz_$$n: $(FUZZ_RUNS) runs"; \
	  $(FUZZ_ENV) $(FUZZ_DIR)/fuzz_$$n -seed=1 -reload=0 -use_cmp=0 -runs=$(FUZZ_RUNS) -max_len=4096 \
	    $$(case $$n in csv) echo "$(FUZZ_OPTS_csv)";; esac) \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/$$n- \
	    $(FUZZ_DIR)/work-$$n tests/fuzz/corpus/$$n 2>&1 | tail -n 3; \
	  test $${PIPESTATUS[0]} -eq 0; \
	done

# The longer run recorded in docs/reliability.md: FUZZ_SECONDS each.
fuzz-long: fuzz-build
	@mkdir -p $(FUZZ_DIR)/artifacts
	@for n in $(FUZZ_NAMES); do \
	  mkdir -p $(FUZZ_DIR)/long-$$n; \
	  $(FUZZ_ENV) $(FUZZ_DIR)/fuzz_$$n -seed=1 -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    $$(case $$n in csv) echo "$(FUZZ_OPTS_csv)";; esac) \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/$$n- \
	    $(FUZZ_DIR)/long-$$n tests/fuzz/corpus/$$n 2>&1 | tail -n 3; \
	done
