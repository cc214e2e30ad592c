#!/usr/bin/env bash
# check_compare_interrupt.sh MFPG EXAMPLES: `mfpg compare` stopped by SIGTERM
# keeps what is finished (issue 21 §4). P1 with N = 200 (fast) and then
# N = 400000 (slow); SIGTERM is sent once comparison_levels.csv is on disk,
# i.e. once N = 200 has all its replicas, a point of the run that does not
# depend on the machine's speed. The run must stop before the next particle
# step (the time from SIGTERM to the exit is printed; that the stop is asked
# before every step is verification_tests'
# PdeParticleComparison.AStopKeepsTheFinishedNOnly), exit with status 3,
# leave summary.json with status "interrupted" and "finished N": [200] (a
# JSON array of integers, read by python3's json), and the per-N files
# with N = 200 alone (no .partial file left); the cost predicted before the
# particle runs is printed and in summary.json, positive. Then a complete
# run with Distances at = none prints "—" for W2, its floor and their
# ratio, never "nan".
set -u
mfpg=$1 examples=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

"$mfpg" compare "$examples/p1_compare.prm" --set 'Output/Directory=cut' \
  --set 'Comparison/Particle numbers=200, 400000' --set 'Comparison/Replicas=2' \
  --set 'Comparison/Distances at=none' --set 'Mesh/Global refinements=7' >cut.log 2>&1 &
pid=$!
for ((poll = 0; poll < 6000; ++poll)); do # at most 60 s
  [ -f cut/comparison_levels.csv ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.01
done
if [ ! -f cut/comparison_levels.csv ]; then
  kill -TERM $pid 2>/dev/null
  fail "no comparison_levels.csv within 60 s: $(cat cut.log)"
fi
start=$(date +%s%N)
kill -TERM $pid
wait $pid
status=$?
echo "[ measured ] SIGTERM to exit: $((($(date +%s%N) - start) / 1000000)) ms"
[ $status -eq 3 ] || fail "exit status $status, expected 3: $(cat cut.log)"
grep -q '"status": "interrupted"' cut/summary.json || fail "summary.json does not say interrupted"
/usr/bin/python3 -c 'import json, sys; f = json.load(open(sys.argv[1]))["figures"]["finished N"]; sys.exit(not (f == [200] and all(type(n) is int for n in f)))' \
  cut/summary.json || fail "summary.json: finished N is not the JSON array [200]: $(grep -o '"finished N".*' cut/summary.json)"
grep -q '"N = 200: mean error"' cut/summary.json || fail "summary.json lacks the figures of N = 200"
ls cut/*.partial >/dev/null 2>&1 && fail "a .partial file was left"
rows=$(tail -n +2 cut/comparison_levels.csv)
[ "$(wc -l <<<"$rows")" -eq 1 ] && [ "${rows%%,*}" = 200 ] \
  || fail "comparison_levels.csv holds other than N = 200: $rows"
[ "$(cut -d, -f1 cut/comparison.csv | tail -n +2 | sort -u)" = 200 ] \
  || fail "comparison.csv holds other rows than N = 200"
grep -q "interrupted by a signal; finished N: 200" cut.log || fail "no message: $(cat cut.log)"
# the cost predicted before the particle runs, printed and in summary.json
grep -q "cost: mesh runs .* s (measured), .* total [0-9.e+]* s" cut.log || fail "no cost estimate printed"
/usr/bin/python3 -c 'import json, sys; f = json.load(open(sys.argv[1]))["figures"]; sys.exit(not f["predicted seconds: total"] > 0)' \
  cut/summary.json || fail "summary.json: no positive predicted total"
echo "[ measured ] $(grep -o 'cost: .*' cut.log)"

# a complete run that measures no W2: a dash where W2 would be
"$mfpg" compare "$examples/p1_compare.prm" --set 'Output/Directory=' \
  --set 'Comparison/Particle numbers=200' --set 'Comparison/Replicas=2' \
  --set 'Comparison/Distances at=none' --set 'Mesh/Global refinements=5' \
  --set 'Time stepping/End time=0.1' --set 'Output/Interval=0.1' >none.log 2>&1 || fail "Distances at = none failed: $(cat none.log)"
grep -qi 'nan' none.log && fail "Distances at = none prints nan: $(cat none.log)"
grep -qE '^ +200 +— +— +— +[0-9.e-]+ ± ' none.log || fail "no row '200 — — — mean ± SE': $(cat none.log)"
echo "compare: stopped by SIGTERM after N = 200, summary.json interrupted with finished N = [200]; Distances at = none prints —"

