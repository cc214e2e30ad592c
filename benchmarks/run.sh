#!/usr/bin/env bash
# One command, side by side on this machine (issue 7's measurements):
#  (a) the particle step of mfpg (bench_particle_step, Google Benchmark) and
#      the NumPy peer ../shared/peers/numpy_particles.py on case P4 at
#      N = 10^5, n_A = 64, with the speed ratio;
#  (b) the machine's limit for the sweep's kernel (the fastest tight
#      vectorised tanh loop here, mfpg's tanh_of_array, with glibc's vector
#      tanh and a plain std::tanh loop beside it) and the F sweep's
#      throughput as a fraction of it;
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

"$bin/bench_particle_step" --benchmark_min_time=1 --benchmark_format=json \
  --benchmark_out="$work/bench.json" --benchmark_out_format=json >/dev/null 2>&1
# the peer as it is, with its peak resident memory; three runs of 10 steps
# (its time varies by tens of per cent between runs on this machine: the
# ratio is taken against the median, the range printed beside it)
for run in 1 2 3; do
  /usr/bin/python3 -c '
import resource, runpy, sys
sys.argv = [sys.argv[1], "100000", "64", "10"]
runpy.run_path(sys.argv[0], run_name="__main__")
print(f"peak_rss_MiB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
' "$peers/numpy_particles.py" >>"$work/numpy.txt"
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
def ms(name):
    b = runs[name]
    return b["real_time"] * {"ms": 1, "us": 1e-3, "ns": 1e-6}[b["time_unit"]]
numpy = open(f"{work}/numpy.txt").read()
numpy_runs = sorted(float(x) for x in re.findall(r"per_step=([0-9.]+)ms", numpy))
numpy_ms = numpy_runs[len(numpy_runs) // 2]
numpy_mib = max(float(x) for x in re.findall(r"peak_rss_MiB=([0-9.]+)", numpy))
print("(a) particle step, case P4, N = 10^5, n_A = 64, Euler-Maruyama:")
print(f"    NumPy peer: {numpy_ms:.2f} ms per step (median of 3 runs; "
      f"{numpy_runs[0]:.2f} to {numpy_runs[-1]:.2f})")
for threads in (1, 2):
    b = runs[f"particle_step/N:100000/threads:{threads}/real_time"]
    t = ms(b["name"])
    print(f"    mfpg, {threads} thread(s): {t:8.2f} ms per step   "
          f"ratio {numpy_ms / t:5.1f}x (against the fastest peer run "
          f"{numpy_runs[0] / t:.1f}x)")
b = runs["particle_step/N:100000/threads:2/real_time"]
print(f"    memory: mfpg particles + sweep cache {b['memory_MiB']:.1f} MiB, "
      f"peak resident {b['peak_rss_MiB']:.0f} MiB (whole benchmark process); "
      f"NumPy peer peak resident {numpy_mib:.0f} MiB")
scalar = runs["tanh_limit/n:65536/method:0"]["tanh_per_s"]
libmvec = runs["tanh_limit/n:65536/method:1"]["tanh_per_s"]
limit = runs["tanh_limit/n:65536/method:2"]["tanh_per_s"]
sweep = runs["policy_energy_sweep/N:100000/threads:1/real_time"]["particle_action_evals_per_s"]
print(f"(b) machine limit, a tight vectorised tanh loop in batches of 64, one core:")
print(f"    mfpg's tanh_of_array (vector expm1) {limit / 1e6:7.1f} M/s; glibc's vector tanh "
      f"{libmvec / 1e6:.1f} M/s; std::tanh loop {scalar / 1e6:.1f} M/s")
print(f"    F sweep (one tanh per evaluation), one core: {sweep / 1e6:7.1f} M/s "
      f"= {sweep / limit:.2f} of the limit ({sweep / libmvec:.2f} of glibc's vector tanh)")
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
