#!/usr/bin/env bash
# check_mesh_mpi.sh MFPG MPIEXEC PRM: `mfpg mesh PRM` (shortened, coarser)
# on 1 and on 2 MPI ranks writes monitors.csv files that agree to the
# linear solvers' tolerance, and the 2-rank run writes one completed
# summary.json.
#
# The tolerance, for the P4 example (sigma = 1) on 32^2 cells of [-5, 5]^2
# (h = 10/32), dt = 0.01, 20 steps, CG stopped at a residual of
# tol = 1e-12 times the right-hand side: the two runs' CG (AMG coarsens
# differently on two ranks) leave each step's solution within kappa tol of
# the exact one, relative, kappa the condition number of
# alpha M + dt A_s (alpha = 1, 1.5; M = h^2 I lumped; A_s the symmetrised
# exponential fitting, PSD, Gershgorin: row sums at most
# (sigma^2/2)(1/3) 8 (B(-dPhi) + 1) with B(x) = x/(e^x - 1) and the edge
# differences |dPhi| <= 2.2 of U = |theta|^2/2 on the box, about 4.6), so
# kappa <= 1 + dt 4.6 / h^2 < 1.5. Over T = 0.2 the flow does not amplify
# differences (the steps are L1 contractions, e^{LT} ~ 1), so they add
# up: 2 runs x 20 steps x 1.5 x 1e-12 = 6e-11, relative (absolute below 1).
set -u
mfpg=$1 mpiexec=$2 prm=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
short=(--set 'Mesh/Global refinements=5' --set 'Time stepping/End time=0.2'
       --set 'Output/Interval=0.1')
"$mfpg" mesh "$prm" "${short[@]}" --set "Output/Directory=$work/one" >"$work/one.log" 2>&1 ||
  { echo "FAIL: the 1-rank run failed"; cat "$work/one.log"; exit 1; }
"$mpiexec" -n 2 --allow-run-as-root --oversubscribe "$mfpg" mesh "$prm" "${short[@]}" \
  --set "Output/Directory=$work/two" >"$work/two.log" 2>&1 ||
  { echo "FAIL: the 2-rank run failed"; cat "$work/two.log"; exit 1; }
grep -q '"status": "completed"' "$work/two/summary.json" ||
  { echo "FAIL: no completed summary.json from the 2-rank run"; exit 1; }
/usr/bin/python3 - "$work/one/monitors.csv" "$work/two/monitors.csv" <<'PY'
import csv, math, sys
one, two = (list(csv.DictReader(open(f))) for f in sys.argv[1:3])
assert len(one) == len(two) and len(one) > 1, "different numbers of rows"
worst = 0.0
for row, (a, b) in enumerate(zip(one, two)):
    for key in a:
        if key == "linear_iterations":
            continue
        x, y = float(a[key]), float(b[key])
        # a NaN (the first row's dJ/dt, by design) must stand in both files
        if math.isnan(x) or math.isnan(y):
            if not (math.isnan(x) and math.isnan(y)):
                print(f"FAIL: {key} in row {row} is {x} on 1 rank, {y} on 2")
                sys.exit(1)
            continue
        worst = max(worst, abs(x - y) / max(1.0, abs(x)))
tolerance = 2 * 20 * 1.5 * 1e-12
print(f"[ measured ] monitors.csv, 2 ranks against 1: largest relative difference {worst:.2e} (tolerance {tolerance:.1e})")
if worst > tolerance:
    print("FAIL: the 2-rank monitors differ from the 1-rank ones")
    sys.exit(1)
print("PASS: mfpg mesh on 2 ranks gives the 1-rank monitors")
PY
