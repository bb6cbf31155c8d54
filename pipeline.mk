# pipeline.mk: the training pipeline. Its targets are model files.
#
#   make -j all            train, for every type and league, the version of the
#                          data given when it is missing or partial
#   make poisson_v2        one model type (several in one command work too)
#   make status            per type and league: newest version, current or stale
#   make -n all            dry run
#
# Variables: DATA (raw football-data.co.uk or canonical CSV files; default
# data/raw, or the simulated demo, trained into demo/, when it holds none),
# LEAGUES, UNTIL (train the version of the data before this date), MODELS
# (output directory), WORK (intermediate data), LINK=0 (fit each league on
# its own rows, linking no other division; the demo's default), V=1 (print
# the commands).
#
# A model version is the data it was fitted on (docs/design.md):
# MODELS/<league>/<type>/<version>/, the version naming the last match date
# and a digest of the played rows (data-version): the league's, and those of
# the divisions linked to it (the one below, the one above) when the data
# hold them. The rows of a version are kept, read-only and named by their
# digest, in WORK/versions/<league>/ (<version>.csv, and <version>.feeder.csv
# for the linked divisions), so that every file of a version, repairs
# included, comes from its own data.
#
# SAFE MODE: existing versions are never refit (a model file depends on its
# data order-only, and new data make a new version beside it); every file is
# published by its program without replacing an existing one; the registry
# is only appended to. Nothing here deletes a model.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.SUFFIXES:
MAKEFLAGS += --no-builtin-rules --no-print-directory
.SECONDARY:

PIPELINE := $(lastword $(MAKEFILE_LIST))
# The makefile make was given (the project's Makefile, or the installed
# pipeline.mk wrapper), which defines `build`.
TOP_MAKEFILE := $(firstword $(MAKEFILE_LIST))
BIN      ?= bin
LEAGUES  ?= premier_league la_liga serie_a bundesliga ligue_1 eredivisie \
            primeira_liga championship
UNTIL    ?=
TYPES    := poisson_v2 1x2_v2 draw_specialist

# Files of a complete model version, per type.
FILES_poisson_v2 := poisson_model.json metrics.json
FILES_1x2_v2     := home_model.json draw_model.json away_model.json calibrator.json \
                    feature_list.json metrics.json
FILES_draw_specialist := draw_model.json metrics.json
# The files of a 1x2_v2 version that fit-1x2 --all makes.
FITTED_1x2_v2    := $(filter-out metrics.json,$(FILES_1x2_v2))
# The file whose "data" member names the version's data.
MAIN_poisson_v2  := poisson_model.json
MAIN_1x2_v2      := home_model.json
MAIN_draw_specialist := draw_model.json

LEAGUES_CSV ?= data/leagues.csv
export LEAGUEFIT_LEAGUES := $(LEAGUES_CSV)

# Silent rules (automake's convention): a line per model by default, the
# commands with V=1.
Q := $(if $(filter 1,$(V)),,@)

# ---------------------------------------------------------------- inputs
# DATA named by the user must hold CSV files: a mistyped path is an error,
# never a silent switch to the demo. Symbolic links are followed (find -L,
# which reports a loop and goes on). The extension in any case: a file
# saved as E0.CSV is as much the user's data as E0.csv. Hidden files and
# directories are not the user's data, nor an office program's lock file:
# macOS's ._E0.csv (the resource fork a copy to a FAT disk or a share
# writes beside each file, binary) and ~$E0.csv (open in a spreadsheet).
# DEMO=1 runs the demo whatever data/raw holds.
user_set = $(filter command line environment environment override override,$(origin $(1)))
DATA ?= data/raw
$(call check_path,$(DATA),DATA)
ifneq ($(DEMO),1)
# The files are found once a run: the first make gives them to the makes
# of its steps (LEAGUEFIT_DATA_FILES: DATA, then its files).
ifeq ($(firstword $(LEAGUEFIT_DATA_FILES)),$(DATA))
RAW_FILES := $(wordlist 2,$(words $(LEAGUEFIT_DATA_FILES)),$(LEAGUEFIT_DATA_FILES))
else
DATA_FIND := find -L $(DATA) \( \( -name '.*' -o -name '~$$*' \) ! -path '$(DATA)' \) -prune \
  -o -iname '*.csv'
# One find a run (a shell and a find, where there were three of each with
# their sorts and filters: bench/fixed-costs.sh): each file as file:PATH,
# a marker for a name no rule could take as one word, and find's own
# complaints (a symbolic link's loop) among them. make sorts the files (its
# sort is the C locale's order); the unsafe names and the loops are asked
# for again, for the messages, only when there are any.
# (A make of this file alone, a step of the Makefile's, has no pattern: the
# Makefile's make checked the names.)
DATA_SCAN := $(shell $(DATA_FIND) -type f \( $(if $(UNSAFE_PATH_PATTERN),-path $(UNSAFE_PATH_PATTERN) \
  -printf 'unsafe:\n' -o) -printf 'file:%p\n' \) 2>&1)
RAW_FILES := $(sort $(patsubst file:%,%,$(filter file:%,$(DATA_SCAN))))
DATA_LOOPS := $(if $(findstring loop,$(filter-out file:% unsafe:,$(DATA_SCAN))),$(shell $(DATA_FIND) -print 2>&1 >/dev/null | \
  grep -i 'loop' | head -3))
UNSAFE_FILES := $(if $(filter unsafe:,$(DATA_SCAN)),$(shell $(DATA_FIND) -type f \
  -path $(UNSAFE_PATH_PATTERN) -printf '"%p"\n' 2>/dev/null | LC_ALL=C sort))
ifneq ($(UNSAFE_FILES),)
$(error DATA=$(DATA): $(UNSAFE_FILES): a file name with a space or one of $(UNSAFE_PATH_CHARS) \
  cannot be used: make and the pipeline's commands would read it as other files; rename it)
endif
# Each file's import is named by its path with every / written __ (IMPORTED
# below): two files so named alike (E0/2023-24.csv, E0__2023-24.csv) would
# share one import, the later file's rows standing for both and the first's
# lost. (Found by counting, no process: the pairs named by awk.)
IMPORT_NAMES := $(subst /,__,$(RAW_FILES))
ifneq ($(words $(sort $(IMPORT_NAMES))),$(words $(IMPORT_NAMES)))
IMPORT_CLASHES := $(shell printf '%s\n' $(RAW_FILES) | awk '{ n = $$0; gsub("/", "__", n); \
  if (n in first) printf "\"%s\" and \"%s\" ", first[n], $$0; else first[n] = $$0 }')
$(error DATA=$(DATA): $(strip $(IMPORT_CLASHES)): two files whose paths differ only in / and __ \
  cannot be used: the pipeline names each file's import by its path with every / written __; \
  rename one)
endif
endif
ifneq ($(DATA_LOOPS),)
$(warning DATA=$(DATA): $(DATA_LOOPS))
endif
ifneq ($(call user_set,DATA),)
ifeq ($(wildcard $(DATA)),)
$(error DATA=$(DATA): no such file or directory)
endif
ifeq ($(strip $(RAW_FILES)),)
$(error DATA=$(DATA): no .csv files in it)
endif
endif
endif

# Without data the demo runs in demo/, its own data and models, so that a
# simulated model never stands beside (or for) a model of real data.
DEMO_LEAGUES := premier_league la_liga serie_a bundesliga ligue_1 eredivisie \
                primeira_liga championship
# The views (status, report, predict, artifact) asked without data, where
# models of real data were trained before (DATA=DIR; their registry in
# MODELS, models/ by default), are those models' and their WORK's, not
# the demo's: a simulated model must not stand for them there either.
VIEW_GOALS := status report predict artifact
VIEW_ONLY := $(and $(MAKECMDGOALS),$(if $(filter-out $(VIEW_GOALS),$(MAKECMDGOALS)),,yes))
# (The demo's own models given as MODELS, demo/models, are the demo's,
# viewed with its WORK: their registry is no sign of real data.)
VIEWED_MODELS := $(if $(call user_set,MODELS),$(MODELS),models)
DEMO_MODELS_VIEWED := $(if $(subst $(abspath demo/models),,$(abspath $(VIEWED_MODELS))),,yes)
REAL_MODELS := $(if $(DEMO_MODELS_VIEWED),,$(wildcard $(VIEWED_MODELS)/registry.jsonl))
REAL_VIEW := $(if $(filter 1,$(DEMO)),,$(and $(VIEW_ONLY),$(REAL_MODELS)))
ifeq ($(strip $(RAW_FILES))$(REAL_VIEW),)
override DEMO := 1
# (MODELS and WORK may have a default from an mk file read before this one:
# only a value the user gave stands.)
ifeq ($(call user_set,WORK),)
WORK := demo/data
endif
ifeq ($(call user_set,MODELS),)
MODELS := demo/models
endif
# The simulated leagues are drawn apart, their clubs named from one pool of
# invented names: two of them sharing names are not the same clubs, and
# are not linked.
ifeq ($(call user_set,LINK),)
LINK := 0
endif
SOURCE := the simulated demo data (no CSV files under $(DATA)); models go to $(MODELS). \
          To train on real data put football-data.co.uk files under data/raw/ or give DATA=DIR
INPUTS := $(DEMO_LEAGUES:%=$(WORK)/simulated/%.csv)
else
WORK   ?= data
MODELS ?= models
SOURCE := $(DATA) ($(words $(RAW_FILES)) file$(if $(filter 1,$(words $(RAW_FILES))),,s))
INPUTS := $(RAW_FILES)
endif

# Leagues present in the imported data; before the first import (or in a
# dry run) every requested league is assumed present. The files make reads
# as it parses are read by $(file <), which forks no shell: each of the
# four makes of a run parses this file. (The list's words are its leagues
# and their numbers of matches, which never match a league's name.)
LIST_FILE := $(WORK)/leagues.txt
IN_DATA := $(file <$(LIST_FILE))
PRESENT := $(if $(wildcard $(LIST_FILE)),$(filter $(IN_DATA),$(LEAGUES)),$(LEAGUES))

# For the programs of a training run (exported by its first goal, below):
# the rows they parse are kept as binary images here, so that the next
# program reading the same file loads them (rowimage.h): a week's run reads
# each league's rows and table six to eight times (empty: none kept); and
# glibc's malloc asks the kernel for transparent huge pages (granted where
# /sys/kernel/mm/transparent_hugepage/enabled is madvise or always): each
# program fills tens of megabytes once, and their page faults were a fifth
# of a week's run. The heap grows 16 MiB at a time and serves blocks up to
# 32 MiB, so that it grows in whole huge pages rather than a little past
# the last (a week's run: 6.5 s of CPU against 7.9, the median of three
# runs each). Tunables the user set come after, and so win.
ROW_IMAGES_DEFAULT = $(abspath $(WORK))/cache/images
LEAGUEFIT_ROW_IMAGES ?= $(ROW_IMAGES_DEFAULT)
MALLOC_TUNABLES := glibc.malloc.hugetlb=1:glibc.malloc.top_pad=16777216:glibc.malloc.mmap_threshold=33554432
RUN_TUNABLES := $(MALLOC_TUNABLES)$(if $(GLIBC_TUNABLES),:$(GLIBC_TUNABLES))
# (The row images' default is WORK's, made absolute: the directory the
# tree sits in may hold a space, which no command splits: the recipe below
# names it by the environment, quoted, and the programs read it from
# there.)
$(foreach v,MODELS WORK BIN,$(call check_path,$($(v)),$(v)))
# WORK inside DATA (DATA=data beside the default WORK=data, or the same
# directory given for both): the next run would read the pipeline's own
# CSV files there (the merged fixtures, the imports, the versions' rows,
# the tables) as the user's, every match twice. (The shell compares: the
# directory the pipeline runs in may hold a space, which make's abspath
# would split; once a run, by the make that found the files.)
ifneq ($(DEMO),1)
ifneq ($(firstword $(LEAGUEFIT_DATA_FILES)),$(DATA))
ifneq ($(shell case "$$(realpath -m -- '$(WORK)')/" in ("$$(realpath -m -- '$(DATA)')"/*) echo in;; esac),)
$(error WORK=$(WORK) is inside DATA=$(DATA): the pipeline's own CSV files there would be \
  read as input files; put the data files in a directory of their own (data/raw) or give \
  a WORK outside DATA)
endif
endif
endif
ifneq ($(LEAGUEFIT_ROW_IMAGES),$(ROW_IMAGES_DEFAULT))
$(call check_path,$(LEAGUEFIT_ROW_IMAGES),LEAGUEFIT_ROW_IMAGES)
endif

UNTIL_FLAG := $(if $(UNTIL),--until $(UNTIL))
# make status judges the models by the versions as the last run made them:
# LINK not given is that run's (WORK/link.txt), not the default, so that a
# status after `make all LINK=0` neither calls its models stale nor makes
# the versions again (its data and versions steps are given it).
ifneq ($(filter status,$(MAKECMDGOALS)),)
LINK ?= $(or $(strip $(file <$(WORK)/link.txt)),1)
endif
LINK ?= 1
# The file naming each league's version of the data given (and UNTIL).
CURRENT = $(WORK)/versions/$(1)/current$(if $(UNTIL),-until-$(UNTIL))

# ------------------------------------------------------------ run a type
# `make all`, `make TYPE` and `make TYPE1 TYPE2` run in three steps: the
# data, the versions of each league's data, the models (each a sub-make,
# so that the next knows what the previous made). The first goal of the
# command does the work of all; the others wait for it.
.PHONY: all $(TYPES) status data versions models FORCE
TRAIN_GOALS := $(filter all $(TYPES),$(or $(MAKECMDGOALS),all))
TRAIN_GOAL  := $(firstword $(TRAIN_GOALS))
RUN_TYPES   := $(if $(filter all,$(TRAIN_GOALS)),$(TYPES),$(TRAIN_GOALS))
$(filter-out $(TRAIN_GOAL),all $(TYPES)): $(TRAIN_GOAL) ; @:

# An output directory the pipeline creates inside the tree it runs in
# holds a .gitignore of `*`, so that git ignores any MODELS or WORK given
# there (as meson marks its build directories). One outside it, or one that
# exists already, is the user's and left as it is.
# (In braces, as SWEEP_RUNS below: bash's && and || bind alike, so that
# in `$(call output_dir,A) && $(call output_dir,B) && c` unbraced, a mkdir
# of A that failed went on to B and c: a run began with no MODELS.)
output_dir = { [ -d $(1) ] || { mkdir -p $(1) && \
	  case "$$(realpath $(1))/" in "$(CURDIR)"/*) echo '*' > $(1)/.gitignore ;; esac; }; }

# Each run keeps its state in its own directory (.run.PID-START: make's
# pid and start time, in clock ticks since boot), so that concurrent runs
# keep theirs; those of runs no longer alive (SIGKILL leaves no time to
# clean up; a zombie not yet reaped counts as dead; a pid the system has
# given to another process since, which would keep the directory and stop
# the pruning below for good, is told by its start time) are swept at the
# start, with the temp files (NAME.PID.new) of killed data steps and of
# walk caches rewritten, row images and feature tables' stamps (replace.h).
# (Made when first used, once: the data and versions steps have no use for it.)
# (In braces: `a && $(SWEEP_RUNS) && b` unbraced ran b after a failed.)
# (The fields of /proc/PID/stat after the command's name: the state
# first, the start time the 20th. In the $(shell), close_paren and hash
# stand for what make would take for the end of the call and a comment.)
close_paren := )
hash := \#
RUN = $(eval RUN := $(WORK)/.run.$(shell s=; read -r s < /proc/$$PPID/stat; \
	s=$${s$(hash)$(hash)*$(close_paren) }; set -- $$s; echo $$PPID-$${20}))$(RUN)
SWEEP_RUNS = { for f in $(WORK)/.run.* $(WORK)/*.new $(WORK)/*/*.new $(WORK)/versions/*/.*.new $(WORK)/versions/*/*.new $(WORK)/cache/*/*.new; do \
	  p=$${f%.new}; p=$${p\#\#*.}; [ -e "$$f" ] || continue; \
	  s=; read -r s 2>/dev/null < /proc/$${p%%-*}/stat || :; s=($${s\#\#*) }); \
	  [ -n "$${s[0]:-}" ] && [ "$${s[0]}" != Z ] && { [[ $$p != *-* ]] || [ "$${s[19]}" = "$${p\#*-}" ]; } || \
	  rm -rf "$$f"; \
	  done; true; }
# A run's directory is made under a shared lock, which the pruning of
# feature tables at the end of a run (below) takes exclusive: no run starts
# while tables go, and none goes while another run is alive.
RUNS_LOCK = $(WORK)/.runs.lock
# The feature table of a version (WORK/versions/L/V.features.csv, 6.5 MB
# for a league of 30 seasons) is needed while its models are made and as
# the base the next version's table extends (league-features --base): a
# weekly version of the 8 leagues would keep about 49 MB of them more each
# week. At the end of a run that no other run is alive beside, each
# league's tables are removed but those of the versions its pointers
# (current, current-until-DATE) name and its newest one. A table removed
# is made again when a version needs it (an older partial one repaired):
# the same bytes, the computation in full. The version's rows stay. A
# table's stamp (TABLE.made-by, madeby.h) goes first, so that it never
# outlives its table.
# A table's temp file (league-features -o publishes through .TABLE.XXXXXX,
# locked while it is written: publish.c) that a killed run left is removed
# there too, unless a writer holds its lock: a program sweeps the stale
# temps of the name it writes, and an older version's table is not written
# again (6.5 MB each).
# (Shell builtins but rm, once for all the leagues' tables: a run pays for
# no process a league, nor a temp when there is none. Each table's stamp
# comes before it in rm's arguments, which it removes in turn.)
PRUNE_TABLES = { flock 9 && $(SWEEP_RUNS) && $(call none_of,$(WORK)/.run.*) && gone= && \
	  for d in $(WORK)/versions/*/; do [ ! -d "$$d" ] || { $(call prune_league,$${d}) && \
	    $(call sweep_table_temps,$${d}); }; done && { [ -z "$$gone" ] || rm -f $$gone; }; } 9>> $(RUNS_LOCK) || :
none_of = { any=; for f in $(1); do [ ! -e "$$f" ] || any=1; done; [ -z "$$any" ]; }
TABLES_OF = $(1)????-??-??-????????.features.csv
sweep_table_temps = for t in $(1).????-??-??-????????.features.csv.??????; do \
	  [ ! -f "$$t" ] || flock -xn "$$t" rm -f "$$t" || :; done
prune_league = { keep=; newest=; \
	  for c in $(1)current*; do [ ! -f "$$c" ] || { read -r v < "$$c" && keep="$$keep $$v"; }; done; \
	  for t in $(call TABLES_OF,$(1)); do [ ! -e "$$t" ] || newest=$$t; done; \
	  for t in $(call TABLES_OF,$(1)); do v=$${t\#\#*/}; v=$${v%.features.csv}; \
	    [ ! -e "$$t" ] || [ "$$t" = "$$newest" ] || [[ " $$keep " == *" $$v "* ]] || gone="$$gone $$t.made-by $$t"; done; }
STATUS = $(BIN)/leaguefit-status -m $(MODELS) -w $(WORK) -t "$(1)" -l "$(LEAGUES)" \
         $(if $(UNTIL),-u $(UNTIL)) $(foreach t,$(1),-f "$(t)=$(FILES_$(t))")

# The versions step's pointers, copied for the run: the models it trains
# and the summary that judges them name the same version of each league,
# even when a concurrent run with other DATA moves WORK's pointers on.
copy_pointers = mkdir -p $(1) && for l in $(LEAGUES); do \
	  f=$(call CURRENT,$$l); [ ! -f $$f ] || { read -r v < $$f && echo "$$v" > $(1)/$$l; }; done
# So are the data step's list of the leagues present and its failures
# (RUN/leagues.txt, where WORK has one; RUN/failed.tsv, empty where WORK
# has none), which the models step and the summary read: a make status,
# which runs the data step, or a run, with other data or a file put in
# DATA since, rewrites WORK's, and made the run train nothing it had
# versioned, and call it not attempted. (A dry run copies nothing: the
# models step reads WORK's.)
RUN_LIST = $(RUN)/leagues.txt
RUN_FAILED = $(RUN)/failed.tsv
copy_data_state = { [ ! -f $(LIST_FILE) ] || cp $(LIST_FILE) $(RUN_LIST); } && \
	  { cat $(FAILED_FILE) 2>/dev/null || :; } > $(RUN_FAILED)

ifneq ($(TRAIN_GOAL),)
$(TRAIN_GOAL): export LEAGUEFIT_DATA_FILES := $(DATA) $(RAW_FILES)
$(TRAIN_GOAL): export LEAGUEFIT_ROW_IMAGES := $(LEAGUEFIT_ROW_IMAGES)
$(TRAIN_GOAL): export GLIBC_TUNABLES := $(RUN_TUNABLES)
$(TRAIN_GOAL): build
	$(if $(strip $(LEAGUES)),,@echo "leaguefit: LEAGUES is empty: no league to train" \
	  "(leave it unset for the 8 target leagues, or name some)" >&2; exit 2)
	@$(call output_dir,$(MODELS)) && $(call output_dir,$(WORK)) && $(SWEEP_RUNS) && \
	  { flock -s 9 && mkdir -p $(RUN); } 9>> $(RUNS_LOCK) \
	  $(if $(LEAGUEFIT_ROW_IMAGES),&& mkdir -p -m 700 "$$LEAGUEFIT_ROW_IMAGES") && \
	  echo "leaguefit: training $(RUN_TYPES) from $(SOURCE)"
	+@$(MAKE) -f $(PIPELINE) data || { rm -rf $(RUN); exit 1; }
	+@$(MAKE) -k -f $(PIPELINE) versions || true
	@$(call copy_pointers,$(RUN)/current) && $(copy_data_state) && \
	  $(call STATUS,$(RUN_TYPES)) -c $(RUN)/current --snapshot > $(RUN)/before && \
	  $(call unstamp_unregistered,$(RUN)/before)
	+@$(MAKE) -k -f $(PIPELINE) models TYPES="$(RUN_TYPES)" RUN=$(RUN) POINTERS=$(RUN)/current \
	  $$([ ! -e $(RUN_FAILED) ] || echo LIST_FILE=$(RUN_LIST) FAILED_FILE=$(RUN_FAILED)) \
	  TOTAL=$$($(call STATUS,$(RUN_TYPES)) -c $(RUN)/current --to-train $(RUN)/before) || true
	@rc=0; $(call STATUS,$(RUN_TYPES)) -c $(RUN)/current --summary $(RUN)/before --run $(RUN) \
	  --present $(RUN_LIST) --map $(LEAGUES_CSV) || rc=$$?; rm -rf $(RUN); $(PRUNE_TABLES); exit $$rc
endif

# A stamp (.registered/KEY) of a data's version, complete, that the
# registry does not hold (its line damaged by hand, or a registry put back
# from before it) is removed, so that its registration runs again
# (registry-append, idempotent by key): by the stamp, make took it for
# registered, and every run failed it, "not complete after the run".
unstamp_unregistered = awk -F'\t' '$$3 != "-" && $$4 == "current" && $$5 == "no" \
	  { print "$(MODELS)/.registered/" $$1 "_" $$2 "_" $$3 }' $(1) | xargs -r rm -f --

# The state is judged against the data given now: the data and versions
# steps first (as a run's; they write WORK, never a model), so that a file
# put in DATA since the last run shows its league stale. Their messages go
# to stderr: the output stays the table, or JSON. (Not for the demo: its
# data never change, and a status asked where there are none makes none;
# nor without data files: the real models' state is the last run's.)
# A league that a bad input file holds (failed.tsv) is not versioned: its
# state is the last data's, not the data given; and so is every league's
# when the data step failed (WORK not writable): each status says so,
# after the table (the import said a file's errors only when it read it),
# and fails, as bad input does. (One command, which runs under make -n
# too, its steps then dry runs: it must know whether the data were read.
# WORK made as a run makes it: ignored by git in the tree, so that a run
# after the status finds it the pipeline's.)
STATUS_READS_DATA := $(if $(filter 1,$(DEMO))$(if $(strip $(RAW_FILES)),,none),,yes)
# The build first, its commands on stderr too: as a prerequisite its
# compiler lines (a fresh clone, sources changed since) went to stdout,
# before the JSON, which no longer parsed. (With other goals, whose output
# is on stdout anyway, it stays one: a sub-make would build beside them.)
STATUS_ALONE := $(if $(filter-out status,$(MAKECMDGOALS)),,yes)
status: $(if $(STATUS_ALONE),,build)
	+@$(if $(STATUS_ALONE),$(MAKE) --no-print-directory -f $(TOP_MAKEFILE) build >&2,:)
	@$(if $(STATUS_READS_DATA),$(call output_dir,$(WORK)) || true,:)
	+@read=yes; $(if $(STATUS_READS_DATA),{ \
	    $(MAKE) -s --no-print-directory -f $(PIPELINE) data LINK=$(LINK) || read=; \
	    [ -z "$$read" ] || $(MAKE) -s --no-print-directory -k -f $(PIPELINE) versions LINK=$(LINK) || :; } >&2;) \
	  $(call STATUS,$(TYPES)) $(if $(filter json,$(STATUS_FORMAT)),--json); \
	  $(if $(STATUS_READS_DATA),$(call not_judged,$(LEAGUES)))

# Says on stderr, when the data were not read ($$read empty), that no
# league is judged against them; else each league of $(1) that failed.tsv
# names (or all: *) with its first error, and each league of the data
# that a division linked to it left without a version (refuse_failed_links
# removed its pointer: its row of the table has no data's version to judge
# by). Fails when it says anything.
not_judged = if [ -z "$$read" ]; then \
	  echo "leaguefit: status: the data given could not be read into $(WORK) (see above): no league judged against them, their states the last data's" >&2; exit 1; fi; \
	  [ ! -s $(FAILED_FILE) ] || { unversioned=; for l in $(1); do \
	    ! grep -q "^$$l	" $(LIST_FILE) 2>/dev/null || [ -e $(call CURRENT,$$l) ] || unversioned="$$unversioned $$l"; done; \
	  LC_ALL=C awk -F'\t' -v leagues=" $(strip $(1)) " -v unversioned="$$unversioned" ' \
	  $$1 == "*" && !said[$$1]++ { bad = 1; print "leaguefit: status: no league judged against the data given (a file none of whose rows could be read may hold any: " $$2 "): their states are the last data'"'"'s" } \
	  $$1 != "*" && index(leagues, " " $$1 " ") && !said[$$1]++ { bad = 1; print "leaguefit: status: " $$1 ": not judged against the data given (a bad input file holds its rows: " $$2 "): its state is the last data'"'"'s" } \
	  END { n = split(unversioned, u, " "); for (i = 1; i <= n; i++) if (!said[u[i]]++ && !said["*"]) { bad = 1; \
	    print "leaguefit: status: " u[i] ": not judged against the data given (not versioned: a division linked to it has a bad input file, above)" }; \
	    exit bad }' $(FAILED_FILE) >&2; }

# ------------------------------------------------------------------ data
# Data files (not models) are remade when their inputs change: the output of
# a command goes to a temp file of this shell's own (concurrent runs must not
# share one), then replaces the file at once.
replace_with = tmp=$@.$$$$.new; trap '[ ! -e "$$tmp" ] || rm -f "$$tmp"' EXIT; $(1) > "$$tmp" && mv -f "$$tmp" $@

data: $(WORK)/fixtures.csv $(LIST_FILE) ; @:

# The alias and exclusion tables beside the league map: editing one
# re-imports. They are applied to all files together, at the merge: the
# probable aliases are looked for across files, and an excluded match is
# looked for where its day was read. The import of each file reads no
# table but the league map (header-only tables here).
TEAMS_CSV    ?= $(dir $(LEAGUES_CSV))teams.csv
EXCLUDED_CSV ?= $(dir $(LEAGUES_CSV))excluded.csv
NO_TEAMS     := $(WORK)/import/.no-teams.csv
NO_EXCLUSIONS := $(WORK)/import/.no-exclusions.csv
$(NO_TEAMS):
	@mkdir -p $(@D) && echo league,alias,name > $@
$(NO_EXCLUSIONS):
	@mkdir -p $(@D) && echo league,date,home,away,reason > $@

# Whether two lists of words are the same.
same_words = $(and $(findstring x$(1)x,x$(2)x),$(findstring x$(2)x,x$(1)x))

# Each input file is imported on its own, so that a bad file fails only the
# leagues whose rows it holds: its good rows are kept, and IMPORTED.failed
# names its leagues (or * when none could be read) and its first errors.
# Every run passes all inputs to one import-fixtures --into --changed,
# which imports those whose import is missing or older than the file or
# the league map (make's own rule, file by file, and by the time a file
# was put in place too: one copied or downloaded with an older date than
# its import, cp -p or wget -N, is imported again), in turn, by one process
# until a file's reader dies (importdir.h): a shell, an import and an mv a
# file cost a full build seven seconds of CPU, and a forked process a file
# still 1 s; the check of 247 files with nothing to import, 0.06 s. The stamp
# is touched only when a file was imported, so that the merge runs only
# then. Another league map than the last run's (IMPORT_MAP) imports every
# file again. (The inputs are prerequisites for the demo's, which rules
# make.)
IMPORTED = $(WORK)/import/$(subst /,__,$(1))
IMPORTS := $(foreach f,$(INPUTS),$(call IMPORTED,$(f)))
IMPORT_STAMP := $(WORK)/import/.imported
IMPORT_MAP := $(WORK)/import/.league-map
# Whether the alias or exclusion table was put in place since the last
# merge with an older date than it (cp -p): make, which compares
# modification times, does not see it; its change time says it. The stamp
# is touched then too, so that the merge runs.
tables_put_since_merge = [ -n "$$(find -L $(TEAMS_CSV) $(EXCLUDED_CSV) -cnewer $(WORK)/fixtures.csv 2>/dev/null)" ]
# The map's path and the imports' format: imports of an older format (rows
# without source_line) are made again once.
IMPORT_FORMAT := $(abspath $(LEAGUES_CSV)) source_line
MAP_CHANGED := $(if $(call same_words,$(strip $(file <$(IMPORT_MAP))),$(IMPORT_FORMAT)),,yes)
$(IMPORT_STAMP): $(INPUTS) FORCE | $(NO_TEAMS) $(NO_EXCLUSIONS)
	$(Q)rc=0; imported=$$($(BIN)/import-fixtures --into $(@D) $(if $(MAP_CHANGED),,--changed) \
	    -L $(LEAGUES_CSV) -T $(NO_TEAMS) -X $(NO_EXCLUSIONS) $(INPUTS)) || rc=$$?; \
	  if [ -n "$$imported" ] || [ ! -e $@ ] || $(call tables_put_since_merge); then touch $@; fi; \
	  $(if $(MAP_CHANGED),if [ $$rc -eq 0 ]; then printf '%s\n' $(IMPORT_FORMAT) > $(IMPORT_MAP); fi;) \
	  exit $$rc

# The list of inputs is rewritten only when the set of files changes, so
# that a switch of DATA re-imports even when the new files are older. The
# comparison is made here, read-only, so that `make -n` stays quiet.
SOURCES_CHANGED := $(if $(call same_words,$(strip $(file <$(WORK)/sources.txt)),$(strip $(INPUTS))),,yes)
$(WORK)/sources.txt: $(if $(SOURCES_CHANGED),FORCE)
	@mkdir -p $(@D)
	@$(call replace_with,printf '%s\n' $(INPUTS))

# The alias and exclusion tables the merge last read, rewritten when other
# ones are given, so that a switch merges again: make's dates alone miss
# a TEAMS_CSV older than the last merge, and a return to the default.
TABLES := $(abspath $(TEAMS_CSV) $(EXCLUDED_CSV))
TABLES_CHANGED := $(if $(call same_words,$(strip $(file <$(WORK)/tables.txt)),$(TABLES)),,yes)
$(WORK)/tables.txt: $(if $(TABLES_CHANGED),FORCE)
	@mkdir -p $(@D)
	@$(call replace_with,printf '%s\n' $(TABLES))

# The merge's messages name the input files and their lines (--named: the
# imports are named in the inputs' order, and carry each row's line), from
# a list of this run's own: a run with other DATA beside it rewrites
# sources.txt, whose names would then be another run's (a count that
# differs failed the merge).
# The failures of this set of inputs, league<TAB>file:line: reason: those
# of each file, and the matches that two files both hold (or that the
# alias table makes one), which fail their league at the merge
# (MERGE_FAILED), not the run.
FAILED_FILE := $(WORK)/failed.tsv
MERGE_FAILED := $(WORK)/merge.failed
# A WORK/fixtures.csv that the pipeline did not write is never replaced:
# football-data.co.uk serves its upcoming fixtures as fixtures.csv, and
# WORK is data/ by default, beside data/raw/ (the pipeline's file starts
# with its canonical header; an empty one holds nothing to lose).
not_ours = [ -s $(1) ] && ! head -c 38 $(1) | grep -qx 'league,season,date,home_team,away_team'
# (Checked before anything reads it too: one put there since the last
# merge is newer than the merge's inputs, and would pass for the merge.)
refuse_foreign = if $(call not_ours,$(1)); then \
	  echo "leaguefit: $(1): not the file the pipeline writes there (its first line: $$(head -n 1 $(1) | cut -c1-60)): left as it is; move it under DATA ($(DATA)) to read it, or give another WORK" >&2; exit 2; fi
.PHONY: merge-is-ours
merge-is-ours:
	@$(call refuse_foreign,$(WORK)/fixtures.csv)
$(WORK)/fixtures.csv: $(WORK)/sources.txt $(WORK)/tables.txt $(IMPORT_STAMP) $(TEAMS_CSV) $(EXCLUDED_CSV) | merge-is-ours
	$(Q)tmp=$@.$$$$.new; names=$(WORK)/sources.$$$$.new; trap 'rm -f "$$tmp" "$$names"' EXIT; \
	  printf '%s\n' $(INPUTS) > "$$names" && \
	  $(BIN)/import-fixtures -L $(LEAGUES_CSV) -T $(TEAMS_CSV) -X $(EXCLUDED_CSV) \
	    --failed $(MERGE_FAILED) --named "$$names" $(IMPORTS) > "$$tmp" && mv -f "$$tmp" $@
	@tmp=$(FAILED_FILE).$$$$.new; trap 'rm -f "$$tmp"' EXIT; \
	  for f in $(IMPORTS) $(MERGE_FAILED:.failed=); do [ ! -e $$f.failed ] || cat $$f.failed; done > "$$tmp"; \
	  mv -f "$$tmp" $(FAILED_FILE)

# Six seasons (2018-19 to 2023-24) of a simulated league, 20 teams (24 in
# the championship), three up and down each season, the last round unplayed.
DEMO_SEED_premier_league := 1
DEMO_SEED_la_liga        := 2
DEMO_SEED_serie_a        := 3
DEMO_SEED_bundesliga     := 4
DEMO_SEED_ligue_1        := 5
DEMO_SEED_eredivisie     := 6
DEMO_SEED_primeira_liga  := 7
DEMO_SEED_championship   := 8
$(WORK)/simulated/%.csv:
	@mkdir -p $(@D)
	$(Q)$(BIN)/simulate-league --league $* --seed $(DEMO_SEED_$*) --seasons 6 \
	  --first-season 2018 --teams $(if $(filter championship,$*),24,20) \
	  --unplayed $(if $(filter championship,$*),12,10) -o $@

# -------------------------------------------------------------- versions
# Leagues a bad input file holds (or all of them: *) are not versioned, so
# that no model is fitted on a league's data with a file missing (nor a
# league linked to them, below).
FAILED_LEAGUES := $(if $(strip $(file <$(FAILED_FILE))),$(shell cut -f1 $(FAILED_FILE) | sort -u))
VERSIONED := $(if $(filter *,$(FAILED_LEAGUES)),,$(filter-out $(FAILED_LEAGUES),$(PRESENT)))

versions: $(foreach l,$(VERSIONED),$(call CURRENT,$(l))) ; @:

# A league's played rows (before UNTIL) are published under their version's
# name by link(2), which never replaces a file: the same name holds the same
# rows. Beside them, VERSION.feeder.csv: the played rows of the divisions
# linked to the league (sharing at least two teams with it, split-league
# --linked), which its fits link (docs/quality.md, "Linked divisions"); the
# version digests both. A league with no linked division in the data has no
# such file, and the version of its rows alone. The linked rows are
# published first, so that a version's rows never stand without them. The
# pointer file names the version.
#
# Those rows of every league are split from the data at once, by one read
# of it (split-league --into), into PLAYED/<league>.csv and
# <league>.linked.csv, with their version (<league>.version, data-version's
# line for them): a fresh directory, swapped in whole under an exclusive
# lock, from which the version of each league takes its files (hard links)
# under a shared one, so that a concurrent run's split never gives it the
# rows of one data and the linked rows or version of another. (Remade when
# the programs are: a new split-league may link other rows.)
PLAYED := $(WORK)/played$(if $(UNTIL),-until-$(UNTIL))
played_rows = $(PLAYED)/$(subst /,%2F,$(subst %,%25,$(1)))$(2)
LINKED_ROWS := $(if $(filter 1,$(LINK)),--with-linked)
#
# The split also writes the list of the leagues present (split-league
# --list's lines, in leagues.txt), which the data step copies to LIST_FILE:
# it runs there, so that the data are read once for both (the data were
# read twice a run, each read a parse: the file is too new for a row image
# when the first reader comes). It keeps no row image of the data: nothing
# else of a run reads them (predict keeps its own).
$(PLAYED)/.split: $(WORK)/fixtures.csv $(WORK)/link.txt $(wildcard $(BIN)/split-league)
	$(Q)new=$(PLAYED).$$$$.new; old=$(PLAYED).old.$$$$.new; trap 'rm -rf "$$new" "$$old"' EXIT; \
	  LEAGUEFIT_ROW_IMAGES= $(BIN)/split-league --played $(UNTIL_FLAG) --into "$$new" $(LINKED_ROWS) $< && \
	  touch "$$new/.split" && \
	  { flock 9 && { [ ! -e $(PLAYED) ] || mv -T $(PLAYED) "$$old"; } && mv -T "$$new" $(PLAYED); } 9>> $(PLAYED).lock
# (A split of an earlier pipeline has no list: --list then reads the data.)
$(LIST_FILE): $(PLAYED)/.split
	$(Q)$(call replace_with,{ flock -s 9 && if [ -e $(PLAYED)/leagues.txt ]; then cat $(PLAYED)/leagues.txt; \
	  else $(BIN)/split-league --list $(WORK)/fixtures.csv; fi; } 9>> $(PLAYED).lock)
# A league linked to a division that a bad input file holds is not
# versioned either: its data would have that file's rows missing.
refuse_failed_links = { [ ! -e $(2) ] || { bad=$$(tail -n +2 $(2) | cut -d, -f1 | sort -u | \
	  grep -xF $(FAILED_LEAGUES:%=-e %) | tr '\n' ' ') || :; [ -z "$$bad" ] || { \
	  echo "leaguefit: $(1): its linked division $${bad% } has a bad input file ($(FAILED_FILE)): not versioned" >&2; \
	  rm -f $@; exit 1; }; }; }
in_dir = { [ -d $(1) ] || mkdir -p $(1); }
$(call CURRENT,%): $(PLAYED)/.split
	$(Q)$(call in_dir,$(@D)); rows=$(call played_rows,$*,.csv); linked=$(call played_rows,$*,.linked.csv); \
	  { flock -s 9 && { [ -e $(call played_rows,$*,.version) ] || { \
	      echo "leaguefit: $*: no played matches$(if $(UNTIL), before $(UNTIL))" >&2; false; }; } && \
	    read -r v _ < $(call played_rows,$*,.version) && \
	    $(if $(FAILED_LEAGUES),$(call refuse_failed_links,$*,"$$linked") &&) \
	    $(if $(LINKED_ROWS),{ ! { read -r _ && read -r _; } < "$$linked" || \
	      ln "$$linked" $(@D)/$$v.feeder.csv 2>/dev/null || cmp -s "$$linked" $(@D)/$$v.feeder.csv; } &&) \
	    { ln "$$rows" $(@D)/$$v.csv 2>/dev/null || cmp -s "$$rows" $(@D)/$$v.csv; }; \
	  } 9>> $(PLAYED).lock || { rm -f $@; exit 1; }; \
	  echo "$$v" > $(@D)/.$$$$.new && mv -f $(@D)/.$$$$.new $@

# LINK as the versions were last made: a change remakes them.
LINK_CHANGED := $(if $(filter x$(LINK)x,x$(strip $(file <$(WORK)/link.txt))x),,yes)
$(WORK)/link.txt: $(if $(LINK_CHANGED),FORCE)
	@mkdir -p $(@D)
	@$(call replace_with,echo $(LINK))

# --feeder and the linked rows of a version (LEAGUE/VERSION), when it has any.
feeder_of = $(addprefix --feeder ,$(wildcard $(WORK)/versions/$(1).feeder.csv))

# Pre-match features of a version's rows (1x2_v2, draw_specialist), linked
# with its linked rows, extended from the table of the league's newest
# earlier version: when the new rows only add matches after its last date
# (and the linked rows up to that date are the ones it was computed with),
# its rows keep their features and only the new ones are computed
# (league-features --base checks the digests, and computes every row when
# history changed).
# (The table is found by make's functions, forking nothing: the words of a
# sorted list up to a name, the newest earlier table the last of them.)
# The program publishes the table itself (-o), and keeps its row image
# (rowimage.h), so that the fits and metrics after it need not parse it;
# its exit 3, another run's table published first, is success.
words_before = $(if $(1),$(if $(filter $(2),$(firstword $(1))),,$(firstword $(1)) \
	  $(call words_before,$(wordlist 2,$(words $(1)),$(1)),$(2))))
earlier_table = $(lastword $(call words_before,$(sort $(2) \
	  $(wildcard $(WORK)/versions/$(1)/????-??-??-????????.features.csv)),$(2)))
# (Run by /bin/sh, which starts in half bash's time: one command, its exit
# status tested.)
$(WORK)/versions/%.features.csv: private SHELL := /bin/sh
$(WORK)/versions/%.features.csv: private .SHELLFLAGS := -c
$(WORK)/versions/%.features.csv: | $(WORK)/versions/%.csv
	$(Q)$(BIN)/league-features $(call base_args,$(call earlier_table,$(patsubst %/,%,$(dir $*)),$@)) \
	    $(call feeder_of,$*) -o $@ $(WORK)/versions/$*.csv || [ $$? -eq 3 ]
base_args = $(if $(1),--base $(1) $(addprefix --base-feeder ,$(wildcard $(1:%.features.csv=%.feeder.csv))))

# ---------------------------------------------------------------- models
# The version of each league: the one the data given make, and any partial
# version whose rows are still kept (repaired from them).
MODEL_LEAGUES := $(filter $(VERSIONED),$(PRESENT))
# Each league's version, read once (VERSION_<league>; empty: none).
# (POINTERS: the run's copies of the pointers, when the top make gives them;
# WORK's where it has none: a dry run copies nothing.)
$(foreach l,$(MODEL_LEAGUES),$(eval VERSION_$(l) := $(or $(if $(POINTERS),$(strip $(file <$(POINTERS)/$(l)))),$(strip $(file <$(call CURRENT,$(l)))))))
version_of = $(VERSION_$(1))

# The weeks of each league's validation walks (emit-metrics --cache), kept
# across versions: a new version refits only the weeks the last one had not
# (walkcache.h keys a week by the rows it read, so changed history is
# refitted).
walk_cache = $(WORK)/cache/$(1)/$(2).walk

# $(call step,TYPE,LEAGUE,VERSION,COMMAND): runs COMMAND for one model,
# timing it and keeping the first line of its errors for the summary; a
# program's exit 3 (another run published the file first) is success.
# $(5): a directory the step's output goes to, made first when missing
# (by leaguefit-step -d: a week's run has a hundred steps, and a process
# costs a fork); $(6): more options (-s: the registry's step, the model's
# last, leaves its stamp and prints its progress line). A step is one plain command, which make runs without a
# shell (its fast path, taken only with /bin/sh and -c: set `private` on
# the model files, so that their prerequisites keep bash).
step = $(Q)$(BIN)/leaguefit-step $(if $(5),-d $(5) )$(if $(6),$(6) )$(RUN) $(1) $(2) $(3) -- $(4)

# $(1) league, $(2) version, $(3) the fits' --until: the files and the
# registry entries of every type.
define version_rules
$(foreach t,$(TYPES),$(FILES_$(t):%=$(MODELS)/$(1)/$(t)/$(2)/%) $(MODELS)/.registered/$(t)_$(1)_$(2)): private SHELL := /bin/sh
$(foreach t,$(TYPES),$(FILES_$(t):%=$(MODELS)/$(1)/$(t)/$(2)/%) $(MODELS)/.registered/$(t)_$(1)_$(2)): private .SHELLFLAGS := -c

$(MODELS)/$(1)/poisson_v2/$(2)/poisson_model.json: | $(WORK)/versions/$(1)/$(2).csv
	$$(call step,poisson_v2,$(1),$(2),$(BIN)/fit-poisson $(3) $(call feeder_of,$(1)/$(2)) --version $(2) -o $$@ $(WORK)/versions/$(1)/$(2).csv,$$(@D))

$(MODELS)/$(1)/poisson_v2/$(2)/metrics.json: | $(MODELS)/$(1)/poisson_v2/$(2)/poisson_model.json $(WORK)/versions/$(1)/$(2).csv
	$$(call step,poisson_v2,$(1),$(2),$(BIN)/emit-metrics -t poisson_v2 $(call feeder_of,$(1)/$(2)) --cache $(call walk_cache,$(1),poisson_v2) -m $$(@D) -o $$@ $(WORK)/versions/$(1)/$(2).csv,$(WORK)/cache/$(1))

# The model files of 1x2_v2 come from one run (a grouped target: make runs
# it once when any of them is missing), which reads the version's table and
# linked rows once and makes only the missing files.
$(FITTED_1x2_v2:%=$(MODELS)/$(1)/1x2_v2/$(2)/%) &: | $(WORK)/versions/$(1)/$(2).features.csv
	$$(call step,1x2_v2,$(1),$(2),$(BIN)/fit-1x2 --all $(3) $(call feeder_of,$(1)/$(2)) --version $(2) -m $$(@D) $(WORK)/versions/$(1)/$(2).features.csv,$$(@D))

$(MODELS)/$(1)/1x2_v2/$(2)/metrics.json: | $(foreach f,home_model.json draw_model.json away_model.json calibrator.json,$(MODELS)/$(1)/1x2_v2/$(2)/$(f)) $(WORK)/versions/$(1)/$(2).features.csv
	$$(call step,1x2_v2,$(1),$(2),$(BIN)/emit-metrics -t 1x2_v2 $(call feeder_of,$(1)/$(2)) --cache $(call walk_cache,$(1),1x2_v2) -m $$(@D) -o $$@ $(WORK)/versions/$(1)/$(2).features.csv,$(WORK)/cache/$(1))

$(MODELS)/$(1)/draw_specialist/$(2)/draw_model.json: | $(WORK)/versions/$(1)/$(2).features.csv
	$$(call step,draw_specialist,$(1),$(2),$(BIN)/fit-draw $(3) $(call feeder_of,$(1)/$(2)) --version $(2) -o $$@ $(WORK)/versions/$(1)/$(2).features.csv,$$(@D))

$(MODELS)/$(1)/draw_specialist/$(2)/metrics.json: | $(MODELS)/$(1)/draw_specialist/$(2)/draw_model.json $(WORK)/versions/$(1)/$(2).features.csv
	$$(call step,draw_specialist,$(1),$(2),$(BIN)/emit-metrics -t draw_specialist $(call feeder_of,$(1)/$(2)) --cache $(call walk_cache,$(1),draw_specialist) -m $$(@D) -o $$@ $(WORK)/versions/$(1)/$(2).features.csv,$(WORK)/cache/$(1))

$(foreach t,$(TYPES),
$(MODELS)/.registered/$(t)_$(1)_$(2): | $(FILES_$(t):%=$(MODELS)/$(1)/$(t)/$(2)/%)
	$$(call step,$(t),$(1),$(2),$(BIN)/registry-append -r $(MODELS)/registry.jsonl --model-type $(t) --league $(1) --version $(2) \
	  --data-from $(MODELS)/$(1)/$(t)/$(2)/$(MAIN_$(t)) $(FILES_$(t):%=--file $(MODELS)/$(1)/$(t)/$(2)/%),,-s $$@ $(or $(RUN_TOTAL),''))
)
endef

# The data's version of a league and type beside others of its date or of
# a later one (a corrected result, then the correction taken back; the
# newest matches taken out of the data: the data of an older version given
# again, or new data behind an older last match) is made the newest again,
# unless it is already: SAFE MODE trains nothing and registers no key
# twice, and the newest is otherwise the latest date, so the registry gets
# a reinstatement (registry-append --reinstate, versionrank.h), by which
# predict, leaguefit-status and leaguefit-report take it. Only where the
# type has another version of that date or later (a glob each, no
# process), or a reinstatement already (one grep a run): a run without
# them runs nothing more. Not with UNTIL: its
# versions are of data cut before a date, not of the data given.
date_part = $(word $(2),$(subst -, ,$(1)))
version_date = $(call date_part,$(1),1)-$(call date_part,$(1),2)-$(call date_part,$(1),3)
version_dirs = $(notdir $(patsubst %/,%,$(wildcard $(MODELS)/$(1)/$(2)/????-??-??-????????/)))
# Whether version $(1)'s date is that of version $(2) or later.
on_or_after = $(filter $(call version_date,$(2)),$(firstword $(sort $(call version_date,$(1)) $(call version_date,$(2)))))
latest_other = $(lastword $(sort $(filter-out $(3),$(call version_dirs,$(1),$(2)))))
others_since = $(foreach o,$(call latest_other,$(1),$(2),$(3)),$(call on_or_after,$(o),$(3)))
# A reinstatement ranks its version above later dates (versionrank.h):
# where a type and league has one, its data's version of a later date may
# need one too. The keys of the registry's reinstatements, one grep: the
# string before each @reinstated- from its opening quote, so that a line
# spaced as a hand writes it ("key": "...") counts as the readers count it.
REINSTATED_KEYS := $(if $(UNTIL),,$(if $(filter models,$(MAKECMDGOALS)),$(if $(wildcard $(MODELS)/registry.jsonl),\
                     $(shell grep -aoE '"[^"]*@reinstated-' $(MODELS)/registry.jsonl))))
reinstated_before = $(filter "$(2)_$(1)_%,$(REINSTATED_KEYS))
REINSTATE := $(if $(UNTIL),,$(if $(filter models,$(MAKECMDGOALS)),$(foreach l,$(MODEL_LEAGUES),$(if $(call version_of,$(l)),\
               $(foreach t,$(TYPES),$(if $(or $(call reinstated_before,$(l),$(t)),$(call others_since,$(l),$(t),$(call version_of,$(l)))),\
                 reinstate/$(t)/$(l)/$(call version_of,$(l))))))))
# After the version's registration (its stamp), this run's or an earlier
# one's; and again after each partial version of its date or later that
# this run repairs (below), whose registration, after the reinstatement, would
# stand last: its data, given before, taken for the data given. (A goal
# a repair, reinstate/TYPE/LEAGUE/VERSION/after/REPAIRED, so that a repair
# that fails, and so registers nothing, holds back no other.)
define reinstate_rule
.PHONY: $(1)
$(1): | $(MODELS)/.registered/$(2)_$(3)_$(4) $(if $(5),$(MODELS)/.registered/$(2)_$(3)_$(5))
	$$(call step,$(2),$(3),$(4),$(BIN)/registry-append -r $(MODELS)/registry.jsonl --reinstate --model-type $(2) --league $(3) --version $(4))
endef
reinstate_part = $(word $(2),$(subst /, ,$(1)))
reinstate_goal_rule = $(eval $(call reinstate_rule,$(1),$(call reinstate_part,$(1),2),$(call reinstate_part,$(1),3),$(call reinstate_part,$(1),4),$(call reinstate_part,$(1),6)))

# Partial versions other than the data's own (an older run interrupted, a
# file deleted) are repaired from their kept rows, with the cutoff their
# files record; without their rows they are named and left as they are.
# They are looked for by the models step alone, one glob a file of a type
# (the versions lacking it), not one a version: years of weekly versions
# made every parse of this file cost 0.05 s of CPU with 150 of them
# (4 parses a run).
part = $(word $(2),$(subst :, ,$(1)))
lacking_file = $(filter-out $(notdir $(patsubst %/$(4),%,$(wildcard $(MODELS)/$(1)/$(2)/????-??-??-????????/$(4)))),$(3))
lacking_any = $(sort $(foreach f,$(FILES_$(2)),$(call lacking_file,$(1),$(2),$(3),$(f))))
OLD_PARTIAL := $(if $(filter models,$(MAKECMDGOALS)),$(sort $(foreach l,$(MODEL_LEAGUES),$(foreach t,$(TYPES),\
                 $(foreach v,$(filter-out $(call version_of,$(l)),$(call lacking_any,$(l),$(t),$(call version_dirs,$(l),$(t)))),\
                   $(t):$(l):$(v))))))
recorded_cutoff = $(foreach j,$(firstword $(wildcard $(MODELS)/$(1)/*/$(2)/*.json)),$(shell jq -r '.data.cutoff // empty' $(j) 2>/dev/null))
cutoff_flag = $(addprefix --until ,$(call recorded_cutoff,$(1),$(2)))
ROWS_KEPT   := $(foreach p,$(OLD_PARTIAL),$(if $(wildcard $(WORK)/versions/$(call part,$(p),2)/$(call part,$(p),3).csv),$(p)))
UNREPAIRABLE := $(filter-out $(ROWS_KEPT),$(OLD_PARTIAL))
# With UNTIL, a partial version of data given whole (its files record no
# cutoff: an earlier run's without UNTIL, cut short) is left for the next
# run without UNTIL: its registration takes an epoch (docs/design.md §6)
# and would stand above the data's own version, and a backfill writes no
# reinstatement after it (the data taken back since would be taken for
# the data given). A backfill's own partial versions (a cutoff recorded)
# register without one, and are repaired.
LEFT_FOR_A_FULL_RUN := $(if $(UNTIL),$(foreach p,$(ROWS_KEPT),$(if $(call recorded_cutoff,$(call part,$(p),2),$(call part,$(p),3)),,$(p))))
REPAIRABLE  := $(filter-out $(LEFT_FOR_A_FULL_RUN),$(ROWS_KEPT))
# The models the run registers, for its [k/N] lines: the data's versions'
# not yet complete and registered (TOTAL, the top make's count), and the
# partial versions it repairs that are not registered yet (a run stopped
# before their registration). (A process only where there are such.)
REGISTERING_REPAIRS := $(foreach p,$(filter $(addsuffix :%,$(TYPES)),$(REPAIRABLE)),\
                         $(if $(wildcard $(MODELS)/.registered/$(subst :,_,$(p))),,$(p)))
RUN_TOTAL := $(if $(and $(strip $(REGISTERING_REPAIRS)),$(filter-out ?,$(TOTAL))),\
               $(shell echo $$(($(TOTAL) + $(words $(REGISTERING_REPAIRS))))),$(TOTAL))
# The versions of type $(1), league $(2), of version $(3)'s date or later
# that are repaired; the goals of a reinstatement $(1) (reinstate/T/L/V):
# its own, and one after each of those.
repairs_since = $(foreach p,$(filter $(1):$(2):%,$(REPAIRABLE)),$(if $(call on_or_after,$(call part,$(p),3),$(3)),$(call part,$(p),3)))
reinstate_goals = $(1) $(addprefix $(1)/after/,$(call repairs_since,$(call reinstate_part,$(1),2),$(call reinstate_part,$(1),3),$(call reinstate_part,$(1),4)))
REINSTATE_GOALS := $(foreach r,$(REINSTATE),$(call reinstate_goals,$(r)))
$(foreach r,$(REINSTATE_GOALS),$(call reinstate_goal_rule,$(r)))

ifneq ($(filter models,$(MAKECMDGOALS)),)
$(foreach l,$(MODEL_LEAGUES),$(if $(call version_of,$(l)),$(eval $(call version_rules,$(l),$(call version_of,$(l)),$(UNTIL_FLAG)))))
$(foreach lv,$(sort $(foreach p,$(REPAIRABLE),$(call part,$(p),2):$(call part,$(p),3))),\
  $(eval $(call version_rules,$(call part,$(lv),1),$(call part,$(lv),2),$(call cutoff_flag,$(call part,$(lv),1),$(call part,$(lv),2)))))
endif
# Every file is a goal (a stamp alone, already there, would not bring back
# a file deleted since), then the registry entry.
version_goals = $(FILES_$(1):%=$(MODELS)/$(2)/$(1)/$(3)/%) $(MODELS)/.registered/$(1)_$(2)_$(3)
# (The data and versions goals' `:` lines and the models goal's messages
# run by /bin/sh, as the steps' recipes do, which starts in about half
# bash's time: private, so that no prerequisite's recipe takes it.)
data versions models: private SHELL := /bin/sh
data versions models: private .SHELLFLAGS := -c
models: $(foreach t,$(TYPES),$(foreach l,$(MODEL_LEAGUES),$(if $(call version_of,$(l)),$(call version_goals,$(t),$(l),$(call version_of,$(l)))))) \
        $(REINSTATE_GOALS) \
        $(foreach p,$(filter $(addsuffix :%,$(TYPES)),$(REPAIRABLE)),$(call version_goals,$(call part,$(p),1),$(call part,$(p),2),$(call part,$(p),3)))
	@$(foreach p,$(filter $(addsuffix :%,$(TYPES)),$(UNREPAIRABLE)),echo "leaguefit: $(subst :, ,$(p)): partial, and its rows are no longer in $(WORK)/versions: not repaired (the data given are another version)" >&2;) :
	@$(foreach p,$(filter $(addsuffix :%,$(TYPES)),$(LEFT_FOR_A_FULL_RUN)),echo "leaguefit: $(subst :, ,$(p)): partial, a version of data given without UNTIL: not repaired by a backfill (UNTIL=$(UNTIL)), but by the next run without UNTIL" >&2;) :

FORCE:
