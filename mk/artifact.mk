# mk/artifact.mk: the archive a CI job publishes.
#
#   make artifact [MODELS=models] [ARTIFACT_DIR=.]
#       the report first (MODELS/index.json, index.html), then
#       ARTIFACT_DIR/leaguefit-models-<newest data>.tar.gz: every file under
#       MODELS (any depth: models/<league>/<type>/[<version>/]..., the
#       registry and its two views) as models/..., dot-files left out (the
#       pipeline's stamps and temp files, the .gitignore it writes).
#
# <newest data> is the latest data.last_date of the registry's entries.
# Reproducible: the same models give the same bytes (sorted members, owner
# and group 0, modes a+rX,go-w, every mtime SOURCE_DATE_EPOCH or else
# midnight UTC of <newest data>, gzip -n: no name nor time in its header).
# A CI job: make -j all && make artifact

ARTIFACT_DIR ?= .

.PHONY: artifact
artifact: report
	@set -euo pipefail; \
	last=$$(jq -R -r 'fromjson? | .data.last_date? // empty' "$(MODELS)/registry.jsonl" \
	        | LC_ALL=C sort | tail -n 1); \
	[ -n "$$last" ] || { echo "artifact: $(MODELS)/registry.jsonl: no entry with data.last_date" >&2; exit 1; }; \
	epoch=$${SOURCE_DATE_EPOCH:-$$(date -u -d "$$last" +%s)}; \
	out="$(ARTIFACT_DIR)/leaguefit-models-$$last.tar.gz"; tmp="$$out.$$$$.new"; \
	trap 'rm -f "$$tmp"' EXIT; \
	(cd "$(MODELS)" && find . -type f ! -path '*/.*' -printf '%P\n' | LC_ALL=C sort) \
	| tar -C "$(MODELS)" --create --no-recursion --verbatim-files-from --files-from=- \
	      --sort=name --transform='s,^,models/,' --format=gnu --hard-dereference \
	      --owner=0 --group=0 --numeric-owner --mode='a+rX,u+w,go-w' --mtime="@$$epoch" \
	| gzip -n -9 > "$$tmp"; \
	mv -f "$$tmp" "$$out"; \
	echo "artifact: $$out ($$(tar -tzf "$$out" | wc -l) files, data up to $$last)"
