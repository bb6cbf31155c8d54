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
# Published once, never replaced: another archive of the same newest date
# takes the name after the highest there (<newest data>.2.tar.gz, ...), one
# with the same bytes as an archive there is not written again; the names
# given are kept in MODELS/.artifacts, for a job whose ARTIFACT_DIR is new;
# an
# ARTIFACT_DIR made in the tree is ignored by git (mk/artifact.sh).
# A CI job: make -j all && make artifact

ARTIFACT_DIR ?= .

.PHONY: artifact
artifact: report
	@mk/artifact.sh "$(MODELS)" "$(ARTIFACT_DIR)"
