#!/usr/bin/env bash
# One command, side by side on this machine (issue 7's measurements):
#  (a) the particle step of mfpg (bench_particle_step, Google Benchmark) and
#      the NumPy peer ../shared/peers/numpy_particles.py on case P4 at
#      N = 10^5, n_A = 64, in five alternating rounds, with the speed ratio
#      of each round;
#  (b) the machine's limit for the sweep's kernel (the fastest of four
#      tight vectorised tanh loops: mfpg's tanh_of_array and its Lanes form,
#      its formula with glibc's vector expm1, glibc's vector tanh; a plain
#      std::tanh loop beside them), the F sweep's throughput as a fraction
#      of it, and the step on one core beside its tanh at that limit and
#      its cache's bytes at one core's memory bandwidth;
#  (c) the mesh solver's time per step on case P4 by phase: the sweeps
#      (F, MDP, Phi) against dofs x n_S n_A and the assembly and solve
#      against dofs, with the fitted constants.
#   bash benchmarks/run.sh        (after scripts/setup.sh; needs python3-numpy)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/build/bin
peers=$root/../shared/peers
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin/bench_particle_step" --benchmark_filter='^(particle_step/N:10000/|policy_energy|tanh_limit|memory)' \
  --benchmark_min_time=1 --benchmark_out="$work/bench.json" \
  --benchmark_out_format=json >/dev/null 2>&1
# (a) in five rounds, each mfpg's step at N = 10^5 on 1 and on 2 threads
# (each its own process, so that its peak resident memory is that of this
# case alone) and then the peer as it is (10 steps, with its peak resident
# memory): the speed of this machine drifts by tens of per cent over
# minutes, and each ratio compares runs seconds apart
for round in 1 2 3 4 5; do
  for threads in 1 2; do
    "$bin/bench_particle_step" \
      --benchmark_filter="^particle_step/N:100000/threads:$threads/" \
      --benchmark_min_time=1 --benchmark_out="$work/step$round-$threads.json" \
      --benchmark_out_format=json >/dev/null 2>&1
  done
  /usr/bin/python3 -c '
import resource, runpy, sys
sys.argv = [sys.argv[1], "100000", "64", "10"]
runpy.run_path(sys.argv[0], run_name="__main__")
print(f"peak_rss_MiB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
' "$peers/numpy_particles.py" >"$work/numpy$round.txt"
done

for level in 4 5 6 7; do
  "$bin/mfpg" mesh "$root/examples/p4_bandit_tanh_mesh.prm" \
    --set "Mesh/Global refinements=$level" --set 'Time stepping/End time=0.2' \
    --set 'Output/Interval=0.2' --set "Output/Directory=$work/mesh$level" >/dev/null 2>&1
done

MFPG_WORK=$work /usr/bin/python3 - <<'PY'
import json, math, os, re
work = os.environ["MFPG_WORK"]
runs = {b["name"]: b for b in json.load(open(f"{work}/bench.json"))["benchmarks"]}
def ms(b):
    return b["real_time"] * {"ms": 1, "us": 1e-3, "ns": 1e-6}[b["time_unit"]]
def median(values):
    values = sorted(values)
    return values[len(values) // 2]
rounds = []
for r in range(1, 6):
    numpy = open(f"{work}/numpy{r}.txt").read()
    rounds.append({"numpy": float(re.search(r"per_step=([0-9.]+)ms", numpy).group(1)),
                   "numpy_MiB": float(re.search(r"peak_rss_MiB=([0-9.]+)", numpy).group(1)),
                   **{threads: json.load(open(f"{work}/step{r}-{threads}.json"))["benchmarks"][0]
                      for threads in (1, 2)}})
print("(a) particle step, case P4, N = 10^5, n_A = 64, Euler-Maruyama, "
      "5 rounds of mfpg then the NumPy peer:")
numpy_ms = [r["numpy"] for r in rounds]
print(f"    NumPy peer: {median(numpy_ms):8.2f} ms per step (median; "
      f"{min(numpy_ms):.2f} to {max(numpy_ms):.2f})")
for threads in (1, 2):
    t = [ms(r[threads]) for r in rounds]
    ratios = [r["numpy"] / ms(r[threads]) for r in rounds]
    print(f"    mfpg, {threads} thread(s): {median(t):8.2f} ms per step (median; "
          f"{min(t):.2f} to {max(t):.2f})   ratio {median(ratios):5.1f}x "
          f"(median of the rounds' ratios; {min(ratios):.1f} to {max(ratios):.1f})")
b = rounds[-1][2]
print(f"    memory: mfpg particles + sweep cache {b['memory_MiB']:.1f} MiB; peak resident "
      f"{b['peak_rss_MiB']:.0f} MiB on 2 threads, {rounds[-1][1]['peak_rss_MiB']:.0f} MiB "
      f"on 1 (each its own process; {runs['particle_step/N:10000/threads:1/real_time']['peak_rss_MiB']:.0f} MiB "
      f"at N = 10^4); NumPy peer peak resident {max(r['numpy_MiB'] for r in rounds):.0f} MiB")
tanh = {m: runs[f"tanh_limit/n:65536/method:{m}"]["tanh_per_s"] for m in range(5)}
limit = max(tanh[m] for m in (1, 2, 3, 4))
sweep = runs["policy_energy_sweep/N:100000/threads:1/real_time"]["particle_action_evals_per_s"]
print(f"(b) machine limit, the fastest tight vectorised tanh loop in batches of 64, one core:")
print(f"    mfpg's tanh_of_array {tanh[2] / 1e6:7.1f} M/s (on Lanes, as the sweeps take it, "
      f"{tanh[4] / 1e6:.1f} M/s); its formula with glibc's vector expm1 "
      f"{tanh[3] / 1e6:.1f} M/s; glibc's vector tanh {tanh[1] / 1e6:.1f} M/s; "
      f"std::tanh loop {tanh[0] / 1e6:.1f} M/s")
print(f"    F sweep (one tanh per evaluation), one core: {sweep / 1e6:7.1f} M/s "
      f"= {sweep / limit:.2f} of the limit ({sweep / tanh[1]:.2f} of glibc's vector tanh)")
# the step on one core against its two big costs: its tanh at the limit,
# and the cache's bytes (read by the drift, written by the policy energy)
# at the bandwidth; their sum is the time with no overlap of the two
read = runs["memory_bandwidth/write:0"]["bytes_per_s"]
write = runs["memory_bandwidth/write:1"]["bytes_per_s"]
# particles + cache, less the particles' N d = 10^5 x 2 doubles
cache = rounds[-1][1]["memory_MiB"] * 2**20 - 100000 * 2 * 8
tanh_ms, memory_ms = 1e3 * 100000 * 64 / limit, 1e3 * (cache / read + cache / write)
one_thread = median([ms(r[1]) for r in rounds])
print(f"    the step on one core: tanh at the limit {tanh_ms:.2f} ms, the cache's "
      f"{cache / 2**20:.1f} MiB read ({read / 1e9:.1f} GB/s) and written ({write / 1e9:.1f} GB/s) "
      f"{memory_ms:.2f} ms, with no overlap {tanh_ms + memory_ms:.2f} ms; measured "
      f"{one_thread:.2f} ms ({one_thread / (tanh_ms + memory_ms):.2f} of no overlap, "
      f"{one_thread / tanh_ms:.2f} x the tanh alone)")
print("(c) mesh solver, case P4 (n_S n_A = 64), BDF2, 20 steps:")
sweeps, solves = [], []
for level in (4, 5, 6, 7):
    s = json.load(open(f"{work}/mesh{level}/summary.json"))
    dofs = s["figures"]["dofs"]
    t = s["timings"]
    F, mdp, step = (t[f"flow: {phase}"] / 20 for phase in
                    ("policy energy F", "MDP solve, Phi, J", "time step (assembly, solve)"))
    sweeps.append((dofs * 64, F + mdp))
    solves.append((dofs, step))
    print(f"    {int(dofs):7d} dofs: {(F + mdp + step) * 1e3:8.2f} ms per step "
          f"(F {F * 1e3:.2f}, MDP and Phi {mdp * 1e3:.2f}, assembly and solve {step * 1e3:.2f}; "
          f"output excluded)")
def fit(points):
    c = sum(x * y for x, y in points) / sum(x * x for x, _ in points)
    return c, max(abs(y - c * x) / y for x, y in points)
c, misfit = fit(sweeps)
print(f"    fitted: sweeps (F, MDP, Phi) = {c:.3e} s x dofs x n_S n_A "
      f"(largest relative misfit {misfit:.2f})")
c, misfit = fit(solves)
print(f"            assembly and AMG-CG solve = {c:.3e} s x dofs "
      f"(largest relative misfit {misfit:.2f})")
PY
