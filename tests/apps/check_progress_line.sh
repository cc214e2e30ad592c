#!/usr/bin/env bash
# check_progress_line.sh MFPG EXAMPLES: a run on a terminal (a pseudo-terminal
# made by script(1)) shows the progress line "[ p%] t = ... of T, ... s
# left"; the same run into a pipe (CI, logs) shows none.
set -u
mfpg=$1 examples=$2
run=("$mfpg" particles "$examples/p1_bandit_particles.prm" --set 'Particles/Output directory=')
on_terminal=$(script -qec "$(printf '%q ' "${run[@]}")" /dev/null | grep -c "of 4, ")
in_pipe=$("${run[@]}" 2>&1 | grep -c "of 4, ")
echo "progress lines: $on_terminal on a terminal, $in_pipe in a pipe"
[ "$on_terminal" -gt 0 ] && [ "$in_pipe" -eq 0 ] && echo PASS && exit 0
echo FAIL; exit 1
