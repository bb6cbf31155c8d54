# bench/children-cpu.sh: sourced by the benches that time whole runs.
#
# children_cpu OUT CMD...: runs CMD, its output (stdout and stderr) to
# OUT, and prints the CPU seconds (user+sys) of CMD and every process it
# waited for, from the shell's own times in /proc (the shell's pid taken
# in it, not $$: in a command substitution's subshell its own children's
# times are the ones read).
children_cpu() {
    local me=$BASHPID out=$1 t0 t1
    shift
    t0=$(awk '{ print $16 + $17 }' "/proc/$me/stat")
    "$@" > "$out" 2>&1
    t1=$(awk '{ print $16 + $17 }' "/proc/$me/stat")
    awk -v a="$t0" -v b="$t1" -v k="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f\n", (b - a) / k }'
}
