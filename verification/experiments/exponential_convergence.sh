#!/usr/bin/env bash
# Experiment (a) of model.md §6 in one command: the mesh flow of FILE against
# the theorem's exponential rate. Writes DIR/exponential_convergence.csv and
# DIR/exponential_convergence.png (DIR: the file's Output/Directory) and
# prints the constants and a one-line verdict.
#   bash verification/experiments/exponential_convergence.sh examples/p1_exponential_convergence.prm
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ $# -eq 1 ] || { echo "usage: $0 FILE.prm" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$root/build/bin/mfpg" convergence "$1" | tee "$log"
csv=$(sed -n 's/^  written: \(.*\)$/\1/p' "$log")
[ -z "$csv" ] || /usr/bin/python3 "$root/scripts/plot_monitors.py" "$csv"
