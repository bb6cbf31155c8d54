# report.mk: the models as a document (docs/report.md).
#
#   make report     MODELS/index.json (every registry entry joined with its
#                   metrics.json) and MODELS/index.html (one self-contained
#                   page: the table of models and SVG plots)
#
# Both are views of MODELS: remade whenever the registry or anything under
# MODELS that the index reads is newer (normal prerequisites, unlike the
# models' order-only ones), and replaced atomically by leaguefit-report
# (temp file beside, then rename).
#
# Included by the project Makefile (before pipeline.mk) and by the installed
# share/leaguefit/pipeline.mk. `report` runs the rules below in a sub-make
# that reads this file alone: there, metrics.json files are plain files,
# whereas under pipeline.mk they match its pattern rules, whose order-only
# prerequisites (feature tables, ...) make would bring up to date first.
# A report never trains or rebuilds data.

REPORT_MK := $(lastword $(MAKEFILE_LIST))
MODELS ?= models
BIN    ?= bin

ifeq ($(LEAGUEFIT_REPORT_RULES),)

ifeq ($(LEAGUEFIT_INSTALLED),)
# The project Makefile builds bin/leaguefit-report from src/leaguefit-report.sh
# and its jq programs (src/leaguefit-report/*.jq, put in by mk/embed-jq.sh),
# as part of `build`; installed, it is in $(BIN) already.
BINS += bin/leaguefit-report
build: bin/leaguefit-report
bin/leaguefit-report: src/leaguefit-report.sh $(wildcard src/leaguefit-report/*.jq) mk/embed-jq.sh
	@mkdir -p $(@D)
	mk/embed-jq.sh src/leaguefit-report $< > $@.tmp && chmod +x $@.tmp && mv -f $@.tmp $@
# `make check` installs the browser the page is tested in (tests/browser).
DEPS_check += chromium
endif

# `make all report` (-j too): the report after the training.
.PHONY: report
report: $(BIN)/leaguefit-report $(BIN)/registry-keys $(filter all poisson_v2 1x2_v2 draw_specialist,$(MAKECMDGOALS))
	+@$(MAKE) --no-print-directory -f $(REPORT_MK) LEAGUEFIT_REPORT_RULES=1 \
	  MODELS="$(MODELS)" BIN="$(BIN)" "$(MODELS)/index.html"

else

.SUFFIXES:
.DEFAULT_GOAL := $(MODELS)/index.html

# Made (or installed) by the caller; named here so that `make -n report`,
# which has not made them, still goes through. (registry-keys ranks the
# versions for leaguefit-report.)
$(BIN)/leaguefit-report $(BIN)/registry-keys: ;

$(MODELS)/registry.jsonl:
	@echo "leaguefit: no $@: train models first (make all)" >&2; exit 1

# What the index reads: the registry, and every league, type and version
# directory and file under MODELS. A file deleted or made again (a
# partial version, a repair by make all, which registers nothing anew)
# moves its directory's time, not the registry's nor a metrics.json's: by
# those alone the index kept the old newest version and its files' checks.
# (Of MODELS itself, the league directories alone: its other files are
# the views themselves, or archives put there; dot-files are not matched.)
REPORT_INPUTS = $(patsubst %/,%,$(wildcard $(MODELS)/*/)) \
                $(wildcard $(MODELS)/*/* $(MODELS)/*/*/* $(MODELS)/*/*/*/*)

$(MODELS)/index.json: $(MODELS)/registry.jsonl $(REPORT_INPUTS) $(BIN)/leaguefit-report \
                      $(BIN)/registry-keys
	$(BIN)/leaguefit-report -m $(MODELS) -o $@

$(MODELS)/index.html: $(MODELS)/index.json $(BIN)/leaguefit-report
	$(BIN)/leaguefit-report --html -o $@ $<

endif
