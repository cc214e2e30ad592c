#!/usr/bin/env bash
# Experiment (b) of model.md §6 in one command: the W2 distance between the
# stationary laws of FILE and of a (sigma', tau') sweep, against the
# stability bound. Writes the CSV named in FILE (Stability/Output file) and a
# PNG beside it, and prints a one-line verdict.
#   bash verification/experiments/stability.sh examples/p1_stability.prm
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ $# -eq 1 ] || { echo "usage: $0 FILE.prm" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$root/build/bin/mfpg" stability "$1" | tee "$log"
csv=$(sed -n 's/^  written: \(.*\)$/\1/p' "$log")
[ -n "$csv" ] || exit 0
/usr/bin/python3 - "$csv" <<'PY'
import csv, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
rows = [r for r in csv.DictReader(open(sys.argv[1])) if float(r["bound"]) > 0]
w2 = [float(r["w2_squared"]) for r in rows]
bound = [float(r["bound"]) for r in rows]
fig, ax = plt.subplots(figsize=(6, 5), constrained_layout=True)
ax.loglog(bound, w2, "o")
lo, hi = min(bound + w2), max(bound + w2)
ax.loglog([lo, hi], [lo, hi], "k--", label="W2^2 = bound")
ax.set_xlabel("bound on W2^2(nu*, nu'*)")
ax.set_ylabel("W2^2(nu*, nu'*)")
ax.set_title("stability of stationary points in (sigma, tau)")
ax.legend()
out = sys.argv[1].rsplit(".", 1)[0] + ".png"
fig.savefig(out, dpi=110)
print(f"written: {out}")
PY
