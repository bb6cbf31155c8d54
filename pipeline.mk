# pipeline.mk: the training pipeline. Its targets are model files.
#
#   make -j all            train every missing model of every type
#   make poisson_v2        one model type
#   make status            missing, partial and existing models (STATUS_FORMAT=json)
#   make -n all            dry run
#
# Variables: DATA (raw football-data.co.uk or canonical CSV files; default
# data/raw, or the simulated demo data when it holds none), LEAGUES, UNTIL
# (train only on matches before this date), MODELS (output directory).
#
# SAFE MODE: a model file depends on its data order-only, so newer data never
# retrains it; every file is published by its program without replacing an
# existing one; the registry is only appended to. Nothing here deletes.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.SUFFIXES:
MAKEFLAGS += --no-builtin-rules --no-print-directory
# Keep every file made on the way (league CSVs are prerequisites of pattern
# rules, which make would otherwise delete as intermediates).
.SECONDARY:

PIPELINE := $(lastword $(MAKEFILE_LIST))
BIN      ?= bin
DATA     ?= data/raw
MODELS   ?= models
WORK     ?= data
LEAGUES  ?= premier_league la_liga serie_a bundesliga ligue_1 eredivisie \
            primeira_liga championship
UNTIL    ?=
VERSION  := v2
TYPES    := poisson_v2 1x2_v2 draw_specialist

# Files of a complete model directory, per type.
FILES_poisson_v2 := poisson_model.json metrics.json
FILES_1x2_v2     := home_model.json draw_model.json away_model.json calibrator.json \
                    feature_list.json metrics.json
FILES_draw_specialist := draw_model.json metrics.json
# The file whose diagnostics say what data the model was fitted on.
MAIN_poisson_v2  := poisson_model.json
MAIN_1x2_v2      := home_model.json
MAIN_draw_specialist := draw_model.json

LEAGUES_CSV ?= data/leagues.csv
export LEAGUEFIT_LEAGUES := $(LEAGUES_CSV)

# ---------------------------------------------------------------- inputs
RAW_FILES := $(shell find $(DATA) -name '*.csv' -type f 2>/dev/null | LC_ALL=C sort)
DEMO_LEAGUES := premier_league la_liga serie_a bundesliga ligue_1 eredivisie \
                primeira_liga championship
ifeq ($(strip $(RAW_FILES)),)
SOURCE := the simulated demo data ($(WORK)/demo; no CSV files under $(DATA))
INPUTS := $(DEMO_LEAGUES:%=$(WORK)/demo/%.csv)
else
SOURCE := $(DATA) ($(words $(RAW_FILES)) files)
INPUTS := $(RAW_FILES)
endif

# Leagues present in the imported data; before the first import (or in a
# dry run) every requested league is assumed present.
LIST_FILE := $(WORK)/leagues.txt
IN_DATA := $(shell cut -f1 $(LIST_FILE) 2>/dev/null)
PRESENT := $(if $(wildcard $(LIST_FILE)),$(filter $(IN_DATA),$(LEAGUES)),$(LEAGUES))
ABSENT  := $(filter-out $(PRESENT),$(LEAGUES))

UNTIL_FLAG := $(if $(UNTIL),--until $(UNTIL))
STATUS = $(BIN)/leaguefit-status -m $(MODELS) -t "$(1)" -l "$(LEAGUES)" -v $(VERSION) \
         $(foreach t,$(1),-f "$(t)=$(FILES_$(t))")

.PHONY: all $(TYPES) status data models FORCE

# ------------------------------------------------------------ run a type
# `make all` and `make TYPE` run in two steps: bring the data up to date,
# then train, so that the second step knows which leagues the data holds.
# A summary compares the model directories before and after. Only the two
# lines naming $(MAKE) run under `make -n`, which passes -n on to them.
all: RUN_TYPES = $(TYPES)
$(TYPES): RUN_TYPES = $@
all $(TYPES): build
	@mkdir -p $(MODELS) $(WORK) && $(SWEEP_SNAPSHOTS) && \
	  $(call STATUS,$(RUN_TYPES)) --snapshot > $(SNAPSHOT)
	@echo "leaguefit: training $(RUN_TYPES) from $(SOURCE)"
	+@$(MAKE) -f $(PIPELINE) data || { rm -f $(SNAPSHOT); exit 1; }
	+@$(MAKE) -f $(PIPELINE) models TYPES="$(RUN_TYPES)" || true
	@rc=0; $(call STATUS,$(RUN_TYPES)) --summary $(SNAPSHOT) --present $(LIST_FILE) || rc=$$?; \
	  rm -f $(SNAPSHOT); exit $$rc

# This run's own snapshot (make's pid), so that concurrent runs keep theirs.
# The snapshots and data temp files (NAME.PID.new) of runs no longer alive
# (killed: SIGKILL leaves no time to clean up; a zombie not yet reaped
# counts as dead) are swept away at the start.
SNAPSHOT := $(WORK)/.status-before.$(shell echo $$PPID)
SWEEP_SNAPSHOTS = for f in $(WORK)/.status-before.* $(WORK)/*.new $(WORK)/*/*.new; do \
	  p=$${f%.new}; p=$${p\#\#*.}; [ -e "$$f" ] || continue; \
	  kill -0 "$$p" 2>/dev/null && ! grep -qs ') Z ' /proc/$$p/stat || rm -f "$$f"; \
	  done; true

status: build
	@$(call STATUS,$(TYPES)) $(if $(filter json,$(STATUS_FORMAT)),--json)

# ------------------------------------------------------------------ data
# Data files (not models) are remade when their inputs change: the output of
# a command goes to a temp file of this shell's own (concurrent runs must not
# share one), then replaces the file at once.
replace_with = tmp=$@.$$$$.new; trap 'rm -f "$$tmp"' EXIT; $(1) > "$$tmp" && mv -f "$$tmp" $@

data: $(WORK)/fixtures.csv $(LIST_FILE)

# The list of inputs is rewritten only when the set of files changes, so
# that a switch of DATA re-imports even when the new files are older. The
# comparison is made here, read-only, so that `make -n` stays quiet.
SOURCES_CHANGED := $(shell printf '%s\n' $(INPUTS) | cmp -s - $(WORK)/sources.txt || echo yes)
$(WORK)/sources.txt: $(if $(SOURCES_CHANGED),FORCE)
	@mkdir -p $(@D)
	@$(call replace_with,printf '%s\n' $(INPUTS))

# The alias and exclusion tables beside the league map: editing one re-imports.
TEAMS_CSV    ?= $(dir $(LEAGUES_CSV))teams.csv
EXCLUDED_CSV ?= $(dir $(LEAGUES_CSV))excluded.csv
$(WORK)/fixtures.csv: $(WORK)/sources.txt $(INPUTS) $(LEAGUES_CSV) $(TEAMS_CSV) $(EXCLUDED_CSV)
	$(call replace_with,$(BIN)/import-fixtures -L $(LEAGUES_CSV) -T $(TEAMS_CSV) -X $(EXCLUDED_CSV) $(INPUTS))

$(LIST_FILE): $(WORK)/fixtures.csv
	$(call replace_with,$(BIN)/split-league --list $<)

$(WORK)/leagues/%.csv: $(WORK)/fixtures.csv
	@mkdir -p $(@D)
	$(call replace_with,$(BIN)/split-league $* $<)

# Pre-match features of a league (1x2_v2, draw_specialist), each from
# earlier matches only; remade by a new league-features, whose columns may
# have changed.
$(WORK)/features/%.csv: $(WORK)/leagues/%.csv $(BIN)/league-features
	@mkdir -p $(@D)
	$(call replace_with,$(BIN)/league-features $<)

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
$(WORK)/demo/%.csv:
	@mkdir -p $(@D)
	$(BIN)/simulate-league --league $* --seed $(DEMO_SEED_$*) --seasons 6 \
	  --first-season 2018 --teams $(if $(filter championship,$*),24,20) \
	  --unplayed $(if $(filter championship,$*),12,10) -o $@

# ---------------------------------------------------------------- models
MODEL_FILES = $(foreach t,$(TYPES),$(foreach l,$(PRESENT),$(FILES_$(t):%=$(MODELS)/$(l)/$(t)/%)))
REGISTERED  = $(foreach t,$(TYPES),$(PRESENT:%=$(MODELS)/.registered/$(t)_%_$(VERSION)))

models: $(MODEL_FILES) $(REGISTERED)

# A program exits 3 when another run published the same file first: the
# file is there and complete, which is what was asked.
PUBLISH_OK := rc=$$?; [ $$rc -eq 3 ] || exit $$rc

$(MODELS)/%/poisson_v2/poisson_model.json: | $(WORK)/leagues/%.csv
	@mkdir -p $(@D)
	$(BIN)/fit-poisson $(UNTIL_FLAG) -o $@ $(WORK)/leagues/$*.csv || { $(PUBLISH_OK); }

$(MODELS)/%/poisson_v2/metrics.json: | $(MODELS)/%/poisson_v2/poisson_model.json $(WORK)/leagues/%.csv
	$(BIN)/emit-metrics -t poisson_v2 -m $(@D) -o $@ $(WORK)/leagues/$*.csv || { $(PUBLISH_OK); }

# 1x2_v2: three binary models on the earlier part of the split, the
# calibrator over them on the later part, the feature list, the metrics.
define x12_binary_rule
$(MODELS)/%/1x2_v2/$(1)_model.json: | $(WORK)/features/%.csv
	@mkdir -p $$(@D)
	$(BIN)/fit-1x2 --outcome $(1) $(UNTIL_FLAG) -o $$@ $(WORK)/features/$$*.csv || { $$(PUBLISH_OK); }
endef
$(foreach o,home draw away,$(eval $(call x12_binary_rule,$(o))))

X12_BINARIES = $(foreach o,home draw away,$(MODELS)/%/1x2_v2/$(o)_model.json)

$(MODELS)/%/1x2_v2/calibrator.json: | $(X12_BINARIES) $(WORK)/features/%.csv
	$(BIN)/fit-1x2 --calibrate -m $(@D) -o $@ $(WORK)/features/$*.csv || { $(PUBLISH_OK); }

$(MODELS)/%/1x2_v2/feature_list.json:
	@mkdir -p $(@D)
	$(BIN)/fit-1x2 --features -o $@ || { $(PUBLISH_OK); }

$(MODELS)/%/1x2_v2/metrics.json: | $(X12_BINARIES) $(MODELS)/%/1x2_v2/calibrator.json \
                                   $(WORK)/features/%.csv
	$(BIN)/emit-metrics -t 1x2_v2 -m $(@D) -o $@ $(WORK)/features/$*.csv || { $(PUBLISH_OK); }

# draw_specialist: the draw model (with its calibration and threshold),
# then its metrics.
$(MODELS)/%/draw_specialist/draw_model.json: | $(WORK)/features/%.csv
	@mkdir -p $(@D)
	$(BIN)/fit-draw $(UNTIL_FLAG) -o $@ $(WORK)/features/$*.csv || { $(PUBLISH_OK); }

$(MODELS)/%/draw_specialist/metrics.json: | $(MODELS)/%/draw_specialist/draw_model.json \
                                            $(WORK)/features/%.csv
	$(BIN)/emit-metrics -t draw_specialist -m $(@D) -o $@ $(WORK)/features/$*.csv || { $(PUBLISH_OK); }

# One registry entry per complete model directory; registry-append is
# idempotent by key, the stamp only spares make the call.
define register_rule
$(MODELS)/.registered/$(1)_%_$(VERSION): | $(foreach f,$(FILES_$(1)),$(MODELS)/%/$(1)/$(f))
	$(BIN)/registry-append -r $(MODELS)/registry.jsonl --model-type $(1) \
	  --league $$* --version $(VERSION) \
	  $$$$(jq -r '.diagnostics | "--first-date \(.first_date) --last-date \(.last_date) --matches \(.matches)"' \
	      $(MODELS)/$$*/$(1)/$(MAIN_$(1))) \
	  $(foreach f,$(FILES_$(1)),--file $(MODELS)/$$*/$(1)/$(f))
	@mkdir -p $$(@D) && touch $$@
endef
$(foreach t,$(TYPES),$(eval $(call register_rule,$(t))))

FORCE:
