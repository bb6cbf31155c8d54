# predict.mk: predictions of a fixtures file by the trained models.
#
#   make predict FIXTURES=FILE [FORMAT=csv|jsonl] [PREDICTIONS=DIR]
#
# FILE: canonical fixtures, or football-data.co.uk's fixtures.csv (main or
# extra leagues) as downloaded. Every fixture is predicted by the models of
# its league and of each type under MODELS, with the pipeline's
# WORK/fixtures.csv as the leagues' history (when it is the pipeline's:
# football-data.co.uk's own fixtures.csv saved there is said and not read
# as one; by predict itself where it is data/fixtures.csv, predict's
# default), into a new file
#   PREDICTIONS/<name of FILE>-<UTC time>.<FORMAT>   (default predictions/)
# that is named on stdout. An earlier file is never replaced: predict
# publishes with link(2), and a name taken (same second) gets a suffix.
# Fixtures that cannot be predicted (each said, by file and line) leave
# the others' predictions in the file, named, and the exit status 1.
# The features of 1x2_v2 and draw_specialist are computed with the linked
# divisions of the history as each version's were: linked where its rows
# in WORK/versions have linked rows beside them (predict --versions; a run
# of another LINK may have come since); a version whose rows are not there
# linked unless WORK/link.txt says the last run had LINK=0 (the demo's).
# Without WORK/fixtures.csv (no run yet with this WORK, or make distclean
# since) poisson_v2 alone predicts, and that is said: the feature models
# need the history, and predict's default one is another WORK's.
# The fixtures are read with the tables the pipeline read the data with
# (LEAGUES_CSV, TEAMS_CSV: pipeline.mk), so that a division or a team's
# name a user's table gives is known here too.
#
# Included by the project Makefile and by the installed pipeline.mk.

PREDICTIONS ?= predictions
FORMAT      ?= csv
MODELS      ?= models
BIN         ?= bin
WORK        ?= data

PREDICT_TABLES = $(if $(LEAGUES_CSV),-L "$(LEAGUES_CSV)") $(if $(TEAMS_CSV),-T "$(TEAMS_CSV)")

.PHONY: predict
predict: build
	@test -n "$(FIXTURES)" || { echo "make predict: give FIXTURES=FILE, the fixtures to predict" >&2; exit 2; }
	@case "$(FORMAT)" in csv|jsonl) ;; *) echo "make predict: FORMAT=csv or jsonl, not '$(FORMAT)'" >&2; exit 2;; esac
	@mkdir -p "$(PREDICTIONS)"
	@name=$$(basename "$(FIXTURES)"); name=$${name%.*}; \
	  stamp=$$(date -u +%Y%m%dT%H%M%SZ); \
	  history=; if [ ! -f "$(WORK)/fixtures.csv" ]; then history="-t poisson_v2"; \
	    echo "make predict: no $(WORK)/fixtures.csv, the history the 1x2_v2 and draw_specialist features are computed from (make all writes it): poisson_v2 alone" >&2; \
	  elif $(call not_ours,"$(WORK)/fixtures.csv"); then \
	    [ data/fixtures.csv -ef "$(WORK)/fixtures.csv" ] || \
	    echo "make predict: $(WORK)/fixtures.csv: not the file the pipeline writes there (its first line: $$(head -n 1 "$(WORK)/fixtures.csv" | cut -c1-60)): not read as the history" >&2; \
	  else history="--history $(WORK)/fixtures.csv"; fi; \
	  linked=--linked; [ "$$(cat "$(WORK)/link.txt" 2>/dev/null)" != 0 ] || linked=; \
	  [ ! -d "$(WORK)/versions" ] || linked="$$linked --versions $(WORK)/versions"; \
	  for n in "" -2 -3 -4 -5 -6 -7 -8 -9; do \
	    out="$(PREDICTIONS)/$$name-$$stamp$$n.$(FORMAT)"; rc=3; [ ! -e "$$out" ] || continue; rc=0; \
	    "$(BIN)/predict" -m "$(MODELS)" $(PREDICT_TABLES) $$history $$linked --format $(FORMAT) -o "$$out" "$(FIXTURES)" || rc=$$?; \
	    if [ $$rc -ne 3 ]; then break; fi; \
	  done; \
	  if [ $$rc -ne 0 ] && { [ $$rc -ne 1 ] || [ ! -f "$$out" ]; }; then echo "make predict: no predictions written" >&2; exit $$rc; fi; \
	  echo "make predict: $$out"; \
	  if [ $$rc -ne 0 ]; then echo "make predict: $$out: the fixtures predicted; the others not (above)" >&2; exit $$rc; fi
