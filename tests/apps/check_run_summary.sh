#!/usr/bin/env bash
# check_run_summary.sh MFPG EXAMPLES: a completed run leaves summary.json
# with status "completed", the program's version and git revision, every
# parameter used, timings and final figures; a run that fails after its
# output directory is known leaves status "failed" with the error message.
set -u
mfpg=$1 examples=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
"$mfpg" mesh "$examples/p4_bandit_tanh_mesh.prm" --set 'Mesh/Global refinements=3' \
  --set 'Time stepping/End time=0.5' --set 'Output/Directory=done' >/dev/null || exit 1
"$mfpg" mesh "$examples/p4_bandit_tanh_mesh.prm" --set 'Mesh/Global refinements=3' \
  --set 'Mesh/Lower corner=-1' --set 'Mesh/Upper corner=1' \
  --set 'Output/Stop on boundary mass=true' --set 'Output/Directory=failed' >/dev/null 2>&1
[ $? -ne 0 ] || { echo "FAIL: the run on a box too small did not fail"; exit 1; }
/usr/bin/python3 - <<'PY'
import json, math, sys
done = json.load(open("done/summary.json"))
failed = json.load(open("failed/summary.json"))
checks = [
    (done["status"] == "completed", "status completed"),
    (done["subcommand"] == "mesh", "subcommand"),
    (len(done["program"]["git_revision"]) >= 7, "git revision"),
    (done["program"]["version"].count(".") == 2, "version"),
    (done["parameters"]["Mesh"]["Global refinements"] == "3", "parameters used, with the override"),
    (done["timings"]["total"] > 0 and done["timings"]["flow"] > 0, "timings"),
    (abs(done["figures"]["t"] - 0.5) < 1e-12, "final time"),
    (abs(done["figures"]["mass - 1"]) < 1e-10, "final mass"),
    (math.isfinite(done["figures"]["V"]), "final V"),
    (failed["status"] == "failed", "status failed"),
    ("Boundary mass tolerance" in failed["error"], "failure names the parameter"),
]
bad = [what for ok, what in checks if not ok]
if bad:
    sys.exit("FAIL: " + ", ".join(bad))
print("PASS: summary.json of a completed and of a failed run")
PY
