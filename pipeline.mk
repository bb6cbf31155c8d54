# pipeline.mk: placeholder, filled in with the training rules.
all: build
