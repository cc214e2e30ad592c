#!/usr/bin/env bash
# check_restart.sh MFPG EXAMPLES: checkpoint and restart of both solvers.
#  1. mesh and particles: a run to T/2 with checkpoints, resumed to T, gives
#     the uninterrupted run's monitors.csv byte for byte and the same .pvd
#     series (deal.II's time stamp line aside);
#  2. SIGTERM during a particle run: exit status 3, summary.json says
#     "interrupted", the checkpoint is there, and resuming from it gives the
#     uninterrupted run's monitors.csv byte for byte;
#  3. resuming with other parameters, or without a checkpoint, is refused
#     with a message naming Checkpoint/Resume and the entry that differs;
#  4. with Particles/Replicas > 1 checkpoints are refused naming the entry,
#     and SIGTERM (sent once replica 0 has begun) stops the run before its
#     next step: exit status 3, summary.json "interrupted", the message
#     naming the replica.
set -u
mfpg=$1 examples=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
same_series() { diff <(grep -v generated "$1") <(grep -v generated "$2") >/dev/null; }

mesh=("$mfpg" mesh "$examples/p4_bandit_tanh_mesh.prm" --set 'Mesh/Global refinements=4')
"${mesh[@]}" --set 'Output/Directory=mesh-full' >/dev/null 2>&1 || fail "mesh run"
"${mesh[@]}" --set 'Output/Directory=mesh-split' --set 'Time stepping/End time=1' \
  --set 'Checkpoint/Interval=30' >/dev/null 2>&1 || fail "mesh run to T/2"
"${mesh[@]}" --set 'Output/Directory=mesh-split' --set 'Checkpoint/Interval=30' \
  --set 'Checkpoint/Resume=true' >/dev/null 2>&1 || fail "mesh resume"
cmp -s mesh-full/monitors.csv mesh-split/monitors.csv || fail "mesh: resumed monitors.csv differs"
same_series mesh-full/density.pvd mesh-split/density.pvd || fail "mesh: resumed density.pvd differs"
echo "mesh: resumed at T/2 = uninterrupted (monitors.csv, density.pvd)"

particles=("$mfpg" particles "$examples/p1_bandit_particles.prm")
"${particles[@]}" --set 'Particles/Output directory=p-full' >/dev/null 2>&1 || fail "particle run"
"${particles[@]}" --set 'Particles/Output directory=p-split' --set 'Particles/End time=2' \
  --set 'Checkpoint/Interval=70' >/dev/null 2>&1 || fail "particle run to T/2"
"${particles[@]}" --set 'Particles/Output directory=p-split' --set 'Checkpoint/Resume=true' \
  --set 'Checkpoint/Interval=70' >/dev/null 2>&1 || fail "particle resume"
cmp -s p-full/monitors.csv p-split/monitors.csv || fail "particles: resumed monitors.csv differs"
same_series p-full/particles.pvd p-split/particles.pvd || fail "particles: resumed particles.pvd differs"
cmp -s p-full/particles_000400.csv p-split/particles_000400.csv || fail "particles: final snapshot differs"
echo "particles: resumed at T/2 = uninterrupted (monitors.csv, particles.pvd, snapshots)"

# 1200 steps with a checkpoint every 10: SIGTERM is sent once the first
# checkpoint (step 10) is on disk, a point of the run that does not depend
# on the machine's speed; the remaining 1190 steps take far longer than the
# 10 ms poll, so the signal always finds the run going
long=("${particles[@]}" --set 'Particles/Number of particles=40000' --set 'Particles/Threads=1'
      --set 'Particles/End time=12'
      --set 'Particles/Snapshot interval=0' --set 'Checkpoint/Interval=10')
"${long[@]}" --set 'Particles/Output directory=long-full' >/dev/null 2>&1 || fail "long run"
"${long[@]}" --set 'Particles/Output directory=long-cut' >/dev/null 2>long-cut.log &
pid=$!
for ((poll = 0; poll < 6000; ++poll)); do # at most 60 s
  [ -f long-cut/checkpoint.cbor ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.01
done
if [ ! -f long-cut/checkpoint.cbor ]; then
  kill -TERM $pid 2>/dev/null
  fail "SIGTERM: no first checkpoint within 60 s"
fi
kill -TERM $pid
wait $pid
status=$?
[ $status -eq 3 ] || fail "SIGTERM: exit status $status, expected 3"
echo "[ measured ] SIGTERM once the step-10 checkpoint (t = 0.1) was on disk:" \
  "$(grep -o 'interrupted at t = [0-9.]*' long-cut.log) of 12"
[ -f long-cut/checkpoint.cbor ] || fail "SIGTERM: no checkpoint"
[ ! -f long-cut/monitors.csv ] || fail "SIGTERM: an interrupted run left a complete-looking monitors.csv"
grep -q '"status": "interrupted"' long-cut/summary.json || fail "SIGTERM: summary.json does not say interrupted"
"${long[@]}" --set 'Particles/Output directory=long-cut' --set 'Checkpoint/Resume=true' \
  >/dev/null 2>&1 || fail "resume after SIGTERM"
cmp -s long-full/monitors.csv long-cut/monitors.csv || fail "SIGTERM: resumed monitors.csv differs"
echo "particles: stopped by SIGTERM, resumed = uninterrupted (monitors.csv)"

message=$("${mesh[@]}" --set 'Output/Directory=mesh-split' --set 'Checkpoint/Resume=true' \
  --set 'Regularisation/Sigma=0.8' 2>&1)
[ $? -eq 2 ] || fail "resume with another sigma was not refused"
grep -q "Checkpoint/Resume.*Regularisation/Sigma = 1.0 there, 0.8 here" <<<"$message" \
  || fail "the refusal does not name the entry: $message"
message=$("${mesh[@]}" --set 'Output/Directory=nothing-here' --set 'Checkpoint/Resume=true' 2>&1)
[ $? -eq 2 ] && grep -q "no checkpoint" <<<"$message" || fail "resume without a checkpoint: $message"
echo "refused: other parameters, no checkpoint"

message=$("${particles[@]}" --set 'Particles/Output directory=replicas' \
  --set 'Particles/Replicas=4' --set 'Checkpoint/Interval=10' 2>&1)
[ $? -eq 2 ] && grep -q "'Particles/Replicas': a checkpoint holds one run" <<<"$message" \
  || fail "replicas with checkpoints: $message"
"${long[@]}" --set 'Checkpoint/Interval=0' --set 'Particles/Replicas=4' \
  --set 'Particles/Output directory=replicas-cut' >replicas-cut.log 2>&1 &
pid=$!
for ((poll = 0; poll < 6000; ++poll)); do # at most 60 s
  [ -d replicas-cut/replica_0 ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.01
done
kill -TERM $pid
wait $pid
status=$?
[ $status -eq 3 ] || fail "replicas, SIGTERM: exit status $status, expected 3: $(tail -3 replicas-cut.log)"
grep -q '"status": "interrupted"' replicas-cut/summary.json || fail "replicas, SIGTERM: summary.json does not say interrupted"
grep -q "interrupted by a signal at t = .* of replica 0 of 4" replicas-cut.log \
  || fail "replicas, SIGTERM: no message naming the replica: $(tail -3 replicas-cut.log)"
echo "replicas: checkpoints refused; SIGTERM: $(grep -o 'interrupted by a signal at t = [0-9.]* of replica 0 of 4' replicas-cut.log)"
echo PASS
