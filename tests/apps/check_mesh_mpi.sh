#!/usr/bin/env bash
# check_mesh_mpi.sh MFPG MPIEXEC PRM: `mfpg mesh PRM` (shortened, coarser)
# on 1 and on 2 MPI ranks writes monitors.csv files that agree to the
# linear solvers' tolerance, and the 2-rank run writes one completed
# summary.json.
#
# The tolerance, an estimate for the P4 example (sigma = 1) on 32^2 cells of
# [-5, 5]^2 (h = 10/32), dt = 0.01, 20 steps, CG stopped at a residual of
# tol = 1e-12 times the right-hand side (AMG coarsens differently on two
# ranks): each run's step leaves its solution within kappa tol of the exact
# one (2-norm, relative), kappa = lambda_max / lambda_min of
# alpha M + dt A_s, alpha >= 1: lambda_min >= min M = h^2/4 (a corner's
# lumped mass; A_s, the symmetrised exponential fitting, is PSD), and by
# Gershgorin lambda_max <= h^2 + dt (sigma^2/2)(8/3)(B(-dPhi) + 1) with
# B(x) = x/(e^x - 1), the Q1 stiffness weights 1/3 of 8 neighbours and
# |dPhi| <= 3.4 across an edge (U = |theta|^2/2 along a diagonal edge at a
# corner of the box, 3.2, plus the policy part), i.e. <= h^2 + dt 6.0,
# so kappa <= 4 (1 + dt 6.0 / h^2) = 6.5. Over T = 0.2 the steps (L1
# contractions) carry the differences without amplifying them, so they add
# up: 2 runs x 20 steps x 6.5 x 1e-12 = 2.6e-10, relative (absolute below
# 1), for every column but dJdt, a difference quotient of J over one step,
# whose bound is that divided by dt: 2.6e-8.
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
tolerance = 2 * 20 * 6.5 * 1e-12
dt = 0.01
worst = {"dJdt": 0.0, "other": 0.0}
worst_key = ""
for row, (a, b) in enumerate(zip(one, two)):
    for key in a:
        # the solver's counts: AMG coarsens differently on two ranks
        if key in ("linear_iterations", "preconditioner_builds",
                   "total_linear_iterations"):
            continue
        x, y = float(a[key]), float(b[key])
        # a NaN (the first row's dJ/dt, by design) must stand in both files
        if math.isnan(x) or math.isnan(y):
            if not (math.isnan(x) and math.isnan(y)):
                print(f"FAIL: {key} in row {row} is {x} on 1 rank, {y} on 2")
                sys.exit(1)
            continue
        difference = abs(x - y) / max(1.0, abs(x))
        kind = "dJdt" if key == "dJdt" else "other"
        if difference > worst[kind]:
            worst[kind] = difference
            if kind == "other":
                worst_key = key
print(f"[ measured ] monitors.csv, 2 ranks against 1: largest relative difference {worst['other']:.2e} ({worst_key}; tolerance {tolerance:.1e}), of dJdt {worst['dJdt']:.2e} (tolerance {tolerance / dt:.1e})")
if worst["other"] > tolerance or worst["dJdt"] > tolerance / dt:
    print("FAIL: the 2-rank monitors differ from the 1-rank ones")
    sys.exit(1)
print("PASS: mfpg mesh on 2 ranks gives the 1-rank monitors")
PY
