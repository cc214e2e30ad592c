#!/usr/bin/env bash
# Strong scaling of the mesh solver (docs/architecture.md#mpi-and-threads):
# time per step of `mfpg mesh` on 1 and 2 MPI ranks for case P4
# (examples/p4_bandit_tanh_mesh.prm, the default Q2 spectral elements) at
# 64^2 and 128^2 cells (129^2 and 257^2 nodes) and for
# examples/tanh_bandit_3d_mesh.prm (16^3 cells, 33^3 nodes),
# each shortened to a few steps, with output only at t = 0 and the end, the
# best of 3 runs, split into the phases of FokkerPlanckSolver::run() (the
# "flow: ..." timings of summary.json, rank 0, over the number of steps,
# without the two outputs); and the largest relative difference of
# monitors.csv between the 1- and 2-rank runs of the full P4 example.
# Prints Markdown, with the machine's 1-minute load average before each case
# (on a shared 2-core machine, a load near 2 leaves no core for rank 2).
#
#   bash benchmarks/mesh_scaling.sh            # after scripts/setup.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mfpg=$root/build/bin/mfpg
mpirun=(mpirun --allow-run-as-root --oversubscribe)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# run RANKS FILE END_TIME [--set ...]: the best of 3 runs, as
# "dofs steps F MDP step total" (seconds per step)
run() {
  local ranks=$1 file=$2 end_time=$3
  shift 3
  for repeat in 1 2 3; do
    "${mpirun[@]}" -np "$ranks" "$mfpg" mesh "$root/$file" \
      --set "Output/Directory=$scratch/run$repeat" \
      --set "Time stepping/End time=$end_time" \
      --set "Output/Interval=$end_time" --set "Error estimate/Enabled=false" \
      "$@" >/dev/null
  done
  python3 -c '
import json, sys
best = None
for file in sys.argv[1:]:
    s = json.load(open(file))
    p = s["parameters"]["Time stepping"]
    steps = round(float(p["End time"]) / float(p["Time step"]))
    t = s["timings"]
    phases = [t["flow: policy energy F"], t["flow: MDP solve, Phi, J"],
              t["flow: time step (assembly, solve)"],
              t["flow"] - t["flow: monitors and output"]]
    phases = [x / steps for x in phases]
    if best is None or phases[-1] < best[-1]:
        best = phases
print(int(s["figures"]["dofs"]), steps, *best)
' "$scratch"/run{1,2,3}/summary.json
}

# row NAME FILE END_TIME [--set ...]: the 1- and 2-rank rows of the table
row() {
  local name=$1 file=$2 end_time=$3
  shift 3
  local one two load
  load=$(cut -d' ' -f1 /proc/loadavg)
  one=$(run 1 "$file" "$end_time" "$@")
  two=$(run 2 "$file" "$end_time" "$@")
  python3 -c '
import sys
name, load = sys.argv[1], sys.argv[4]
one, two = sys.argv[2].split(), sys.argv[3].split()
for ranks, r in ((1, one), (2, two)):
    ms = [1e3 * float(x) for x in r[2:]]
    speed_up = float(one[-1]) / float(r[-1])
    print(f"| {name} | {r[0]} | {r[1]} | {ranks} | "
          + " | ".join(f"{x:.1f}" for x in ms) + f" | {speed_up:.2f} | {load} |")
' "$name" "$one" "$two" "$load"
}

echo "| case | dofs | steps | ranks | F (ms) | MDP, Phi, J (ms) | time step (ms) | total per step (ms) | speed-up | load before |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
row "P4 d=2, 64^2 Q2" examples/p4_bandit_tanh_mesh.prm 0.2 \
  --set "Mesh/Global refinements=6"
row "P4 d=2, 128^2 Q2" examples/p4_bandit_tanh_mesh.prm 0.1 \
  --set "Mesh/Global refinements=7"
row "tanh bandit d=3, 16^3 Q2" examples/tanh_bandit_3d_mesh.prm 0.2

# the full P4 example on 1 and 2 ranks: monitors.csv against each other
for ranks in 1 2; do
  "${mpirun[@]}" -np "$ranks" "$mfpg" mesh \
    "$root/examples/p4_bandit_tanh_mesh.prm" \
    --set "Error estimate/Enabled=false" \
    --set "Output/Directory=$scratch/p4_$ranks" >/dev/null
done
python3 -c '
import csv, sys
one, two = ([r for r in csv.DictReader(open(f))] for f in sys.argv[1:])
assert len(one) == len(two)
worst, where = 0., ""
for a, b in zip(one, two):
    for key in a:
        if key in ("t", "linear_iterations", "dJdt"):
            continue
        x, y = float(a[key]), float(b[key])
        d = abs(x - y) / max(abs(x), 1e-3)
        if d > worst:
            worst, where = d, key + " at t = " + a["t"]
print(f"\nP4 example, monitors.csv on 2 ranks vs 1 rank: {len(one)} rows, "
      f"largest relative difference {worst:.2e} ({where}; relative to "
      "max(|value|, 1e-3), without t, dJdt and the iteration counts)")
' "$scratch/p4_1/monitors.csv" "$scratch/p4_2/monitors.csv"
