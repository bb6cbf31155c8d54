# mk/reliability.mk: the fault-injection shim and the reliability tests
# (docs/reliability.md: "Fault injection", "Kill test", "Concurrency",
# "Full disk and no permission").
#
#   make faultinject      build/faultinject.so (LD_PRELOAD shim)
#   make reliability      the shim, then tests/cli/faults.bats and
#                         tests/cli/safe-mode.bats (safe-mode needs root)
#   bench/killtest.sh, bench/concurrency.sh: long runs, by hand
#
# safe-mode.bats needs e2fsprogs' chattr only as a fallback; it mounts tmpfs.

.PHONY: faultinject reliability

faultinject: build/faultinject.so

build/faultinject.so: tests/faults/faultinject.c | build/lib
	$(CC) $(WARN) $(CFLAGS) -fPIC -shared -o $@ $< -ldl

reliability: deps-check build build/faultinject.so
	bats tests/cli/faults.bats tests/cli/safe-mode.bats
