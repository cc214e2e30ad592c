#!/usr/bin/env bash
# mfpg's speed, side by side with its peers in one invocation; every figure
# of benchmarks/README.md is printed by this script.
#  (a) the particle step on case P4 (tanh neuron, d = 2, n_A = 64) at
#      N = 10^5 (bench_particle_step, Google Benchmark), on 1 and 2 threads,
#      and the NumPy peer (numpy_particles.py) in five alternating rounds,
#      with the speed ratio of each round;
#  (b) the machine's limit for the sweep's kernel (the fastest of four tight
#      vectorised tanh loops), the F sweep's throughput as a fraction of
#      it, and the step on one core beside its tanh at that limit and its
#      cache's bytes at one core's memory bandwidth;
#  (c) the mesh solver's time per step on case P4 by phase, for the
#      exponential fitting Q1 and the spectral elements Q2, with the AMG
#      hierarchy kept across steps and built every step (the builds, the
#      CG iterations, and how much V and the mean differ): the sweeps
#      (F, MDP, Phi) against dofs x n_S n_A and the time step (assembly,
#      AMG, CG) against dofs, with the fitted constants;
#  (d) the mesh solver (its default, the exponential fitting, and the
#      spectral elements with their safe steps) and the FEniCSx peer
#      (dolfinx_fp.py) on case P4 to t = 1 at three resolutions each: the
#      error of V(1) and of the mean
#      against a reference solution (Galerkin Q2, fine mesh and time step,
#      its own uncertainty printed), the wall time of the time loop, and
#      the time each code takes to the same error.
# The peers are the scripts of ../shared/peers beside this repository; when
# they are not there, (a) and (d) print mfpg's figures alone and say so.
#
#   bash benchmarks/run.sh        (about 5 minutes with the peers)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup.sh" --benchmarks
bin=$root/build/bin
peers=$root/../shared/peers
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

have_peers=0
if [ -f "$peers/numpy_particles.py" ] && [ -f "$peers/dolfinx_fp.py" ]; then
  have_peers=1
else
  echo "peers: $peers not found: the NumPy and FEniCSx comparisons are skipped, mfpg's figures alone follow"
fi

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
  [ $have_peers -eq 1 ] || continue
  /usr/bin/python3 -c '
import resource, runpy, sys
sys.argv = [sys.argv[1], "100000", "64", "10"]
runpy.run_path(sys.argv[0], run_name="__main__")
print(f"peak_rss_MiB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
' "$peers/numpy_particles.py" >"$work/numpy$round.txt"
done

# (c) the phases of a step at four mesh sizes (289 ... 16641 dofs): the
# exponential fitting Q1 and the spectral elements Q2 (one refinement
# fewer: the same dofs), the AMG hierarchy kept across steps (the default)
# and built every step, in three rounds (the medians are printed: the speed
# of this machine drifts over minutes)
for round in 1 2 3; do
for level in 4 5 6 7; do
  for reuse in true false; do
    "$bin/mfpg" mesh "$root/examples/p4_bandit_tanh_mesh.prm" \
      --set "Mesh/Global refinements=$level" --set 'Time stepping/End time=0.2' \
      --set "Time stepping/Preconditioner reuse=$reuse" \
      --set 'Output/Interval=0.2' --set "Output/Directory=$work/mesh$level-$reuse-$round" >/dev/null 2>&1
    "$bin/mfpg" mesh "$root/examples/p4_bandit_tanh_mesh.prm" \
      --set 'Discretisation/Scheme=spectral-element' --set 'Discretisation/Element degree=2' \
      --set "Mesh/Global refinements=$((level - 1))" --set 'Time stepping/End time=0.2' \
      --set "Time stepping/Preconditioner reuse=$reuse" \
      --set 'Output/Interval=0.2' --set "Output/Directory=$work/sem$level-$reuse-$round" >/dev/null 2>&1
  done
done
done

# (d) P4 to t = 1 on [-5, 5]^2: the reference (Galerkin Q2, 64^2 cells,
# BDF2, dt = 0.00125), the same with dt and with h doubled for its own
# error, mfpg's default scheme and the peer at 32, 64, 128 cells per side
# with dt halved with h
p4_to_1() {
  "$bin/mfpg" mesh "$root/examples/p4_bandit_tanh_mesh.prm" --set 'Time stepping/End time=1' \
    --set 'Output/Interval=1' --set "Output/Directory=$work/$1" "${@:2}" >/dev/null 2>&1
}
p4_to_1 reference --set 'Discretisation/Scheme=galerkin' --set 'Discretisation/Element degree=2' \
  --set 'Mesh/Global refinements=6' --set 'Time stepping/Time step=0.00125'
p4_to_1 reference-dt --set 'Discretisation/Scheme=galerkin' --set 'Discretisation/Element degree=2' \
  --set 'Mesh/Global refinements=6' --set 'Time stepping/Time step=0.0025'
p4_to_1 reference-h --set 'Discretisation/Scheme=galerkin' --set 'Discretisation/Element degree=2' \
  --set 'Mesh/Global refinements=5' --set 'Time stepping/Time step=0.00125'
ladder=("5 0.02" "6 0.01" "7 0.005")
for rung in "${ladder[@]}"; do
  read -r level dt <<<"$rung"
  p4_to_1 "ladder$level" --set "Mesh/Global refinements=$level" --set "Time stepping/Time step=$dt"
done
# the spectral elements (Q2, docs/model.md §8.8) at 8, 16, 32 cells per side
for level in 3 4 5; do
  p4_to_1 "spectral$level" --set 'Discretisation/Scheme=spectral-element' \
    --set 'Discretisation/Element degree=2' --set "Mesh/Global refinements=$level" \
    --set 'Time stepping/Time step=0.01'
done
if [ $have_peers -eq 1 ]; then
  for rung in "32 0.005" "64 0.0025" "128 0.00125"; do
    read -r cells dt <<<"$rung"
    /usr/bin/python3 "$peers/dolfinx_fp.py" --case P4 --L 5 --cells "$cells" --dt "$dt" \
      --t-end 1 >"$work/dolfinx$cells.txt" 2>&1
  done
fi

MFPG_WORK=$work MFPG_HAVE_PEERS=$have_peers /usr/bin/python3 - <<'PY'
import glob, json, math, os, re
work = os.environ["MFPG_WORK"]
have_peers = os.environ["MFPG_HAVE_PEERS"] == "1"
runs = {b["name"]: b for b in json.load(open(f"{work}/bench.json"))["benchmarks"]}
def ms(b):
    return b["real_time"] * {"ms": 1, "us": 1e-3, "ns": 1e-6}[b["time_unit"]]
def median(values):
    values = sorted(values)
    return values[len(values) // 2]
rounds = []
for r in range(1, 6):
    rounds.append({threads: json.load(open(f"{work}/step{r}-{threads}.json"))["benchmarks"][0]
                   for threads in (1, 2)})
    if have_peers:
        numpy = open(f"{work}/numpy{r}.txt").read()
        rounds[-1]["numpy"] = float(re.search(r"per_step=([0-9.]+)ms", numpy).group(1))
        rounds[-1]["numpy_MiB"] = float(re.search(r"peak_rss_MiB=([0-9.]+)", numpy).group(1))
print("(a) particle step, case P4, N = 10^5, n_A = 64, Euler-Maruyama, "
      + ("5 rounds of mfpg then the NumPy peer:" if have_peers else "5 rounds of mfpg:"))
if have_peers:
    numpy_ms = [r["numpy"] for r in rounds]
    print(f"    NumPy peer: {median(numpy_ms):8.2f} ms per step (median; "
          f"{min(numpy_ms):.2f} to {max(numpy_ms):.2f})")
for threads in (1, 2):
    t = [ms(r[threads]) for r in rounds]
    line = (f"    mfpg, {threads} thread(s): {median(t):8.2f} ms per step (median; "
            f"{min(t):.2f} to {max(t):.2f})")
    if have_peers:
        ratios = [r["numpy"] / ms(r[threads]) for r in rounds]
        line += (f"   ratio {median(ratios):5.1f}x (median of the rounds' ratios; "
                 f"{min(ratios):.1f} to {max(ratios):.1f})")
    print(line)
b = rounds[-1][2]
print(f"    memory: mfpg particles + sweep cache {b['memory_MiB']:.1f} MiB; peak resident "
      f"{b['peak_rss_MiB']:.0f} MiB on 2 threads, {rounds[-1][1]['peak_rss_MiB']:.0f} MiB "
      f"on 1 (each its own process; {runs['particle_step/N:10000/threads:1/real_time']['peak_rss_MiB']:.0f} MiB "
      f"at N = 10^4)"
      + (f"; NumPy peer peak resident {max(r['numpy_MiB'] for r in rounds):.0f} MiB" if have_peers else ""))
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

print("(c) mesh solver, case P4 (n_S n_A = 64), BDF2, 20 steps (time step = assembly, AMG set-up, CG), median of 3 rounds:")
def phases(summary, n_steps):
    t = summary["timings"]
    return [t[f"flow: {phase}"] / n_steps for phase in
            ("policy energy F", "MDP solve, Phi, J", "time step (assembly, solve)")]
def fit(points):
    c = sum(x * y for x, y in points) / sum(x * x for x, _ in points)
    return c, max(abs(y - c * x) / y for x, y in points)
for name, run in (("exponential fitting Q1", "mesh"), ("spectral elements Q2", "sem")):
    print(f"    {name}: per step, AMG kept (default) | built every step")
    sweeps, solves = [], []
    for level in (4, 5, 6, 7):
        kept, every = ([json.load(open(f"{work}/{run}{level}-{reuse}-{r}/summary.json"))
                        for r in (1, 2, 3)] for reuse in ("true", "false"))
        F, mdp, step = (median(p) for p in zip(*(phases(k, 20) for k in kept)))
        step_every = median([phases(e, 20)[2] for e in every])
        kept, every = kept[0], every[0]
        f = kept["figures"]
        dofs = f["dofs"]
        sweeps.append((dofs * 64, F + mdp))
        solves.append((dofs, step))
        g = every["figures"]
        dV = abs(f["V"] - g["V"]) / abs(g["V"])
        dm = max(abs(f[m] - g[m]) for m in ("mean1", "mean2")) / math.hypot(g["mean1"], g["mean2"])
        print(f"    {int(dofs):7d} dofs: {(F + mdp + step) * 1e3:7.2f} ms (F {F * 1e3:.2f}, MDP and Phi "
              f"{mdp * 1e3:.2f}, time step {step * 1e3:.2f}; {int(f['preconditioner builds'])} builds, "
              f"{int(f['linear iterations'])} CG its) | time step {step_every * 1e3:.2f} "
              f"({int(g['preconditioner builds'])} builds, {int(g['linear iterations'])} CG its): "
              f"x{step_every / step:.2f}; V, mean differ by {dV:.0e}, {dm:.0e}")
    c, misfit = fit(sweeps)
    print(f"      fitted: sweeps (F, MDP, Phi) = {c:.3e} s x dofs x n_S n_A "
          f"(largest relative misfit {misfit:.2f})")
    c, misfit = fit(solves)
    print(f"              time step (AMG kept) = {c:.3e} s x dofs "
          f"(largest relative misfit {misfit:.2f})")

print("(d) mesh solvers on case P4, box [-5, 5]^2, to t = 1: errors against the reference "
      "(mfpg Galerkin Q2, 64^2 cells, BDF2, dt = 0.00125), wall time of the time loop")
def mfpg_final(name):
    s = json.load(open(f"{work}/{name}/summary.json"))
    f = s["figures"]
    # the time loop without its output (the peer's loop writes none)
    loop = sum(phases(s, 1))
    return dict(V=f["V"], mean=[f["mean1"], f["mean2"]], dofs=f["dofs"], time=loop,
                safe=int(f.get("safe steps", 0)))
reference = mfpg_final("reference")
def error(run):
    return (abs(run["V"] - reference["V"]),
            max(abs(a - b) for a, b in zip(run["mean"], reference["mean"])))
# the reference's own error by Richardson: BDF2 is second order in dt, Q2
# third order in h (the smooth functionals V and the mean converge at least
# that fast)
uncertainty = [max(error(mfpg_final("reference-dt"))) / (2**2 - 1),
               max(error(mfpg_final("reference-h"))) / (2**3 - 1)]
print(f"    reference V(1) = {reference['V']:.10f}, mean = ({reference['mean'][0]:.8f}, "
      f"{reference['mean'][1]:.8f}); its own error (Richardson) from dt: {uncertainty[0]:.1e}, "
      f"from h: {uncertainty[1]:.1e}; errors below 3 x these are not resolved")
peer = "FEniCSx peer (Q1, IMEX Euler, LU reused)"
table = {"mfpg (exponential fitting Q1, BDF2)": [], "mfpg (spectral elements Q2, BDF2)": [], peer: []}
for level, dt in ((5, 0.02), (6, 0.01), (7, 0.005)):
    run = mfpg_final(f"ladder{level}")
    table["mfpg (exponential fitting Q1, BDF2)"].append((2**level, dt, run["dofs"], *error(run), run["time"]))
safe_steps = []
for level in (3, 4, 5):
    run = mfpg_final(f"spectral{level}")
    table["mfpg (spectral elements Q2, BDF2)"].append((2**level, 0.01, run["dofs"], *error(run), run["time"]))
    safe_steps.append(f"{2**level}^2: {run['safe']}")
if have_peers:
    for cells, dt in ((32, 0.005), (64, 0.0025), (128, 0.00125)):
        text = open(f"{work}/dolfinx{cells}.txt").read()
        V = float(re.search(r"^V = ([-0-9.e+]+)", text, re.M).group(1))
        mean = [float(x) for x in re.search(r"^mean = \[([^\]]+)\]", text, re.M).group(1).split()]
        dofs = int(re.search(r"dofs=(\d+)", text).group(1))
        loop = float(re.search(r"total time = ([0-9.]+) s", text).group(1))
        run = dict(V=V, mean=mean)
        table[peer].append((cells, dt, dofs, *error(run), loop))
else:
    del table[peer]
    print("    (the FEniCSx peer is skipped: ../shared/peers is not beside the repository)")
print(f"    {'code':42s} {'cells':>5s} {'dt':>8s} {'dofs':>6s} {'V(1) error':>11s} "
      f"{'mean error':>11s} {'time (s)':>9s}")
resolved = 3 * max(uncertainty)
def shown(e):
    return f"{e:11.2e}" if e >= resolved else f"{'< ' + format(resolved, '.1e'):>11s}"
for code, rows in table.items():
    for cells, dt, dofs, eV, em, t in rows:
        print(f"    {code:42s} {cells:5d} {dt:8.5f} {int(dofs):6d} {shown(eV)} {shown(em)} {t:9.2f}")
print(f"    spectral elements: safe steps (of 100) at {', '.join(safe_steps)}")
# time to the same error: log-log interpolation of each code's (error, time)
# along its ladder at the smallest error both ladders reach; a ladder whose
# every rung is below it reaches it at most in its cheapest rung's time
def time_to(rows, column, target):
    points = sorted((r[column], r[5]) for r in rows)
    if points[-1][0] <= target:
        return "at most", min(t for _, t in points)
    for (e1, t1), (e2, t2) in zip(points, points[1:]):
        if e1 <= target <= e2:
            s = math.log(target / e1) / math.log(e2 / e1)
            return "", math.exp(math.log(t1) + s * math.log(t2 / t1))
    return None
if have_peers:
    for code in [c for c in table if c != peer]:
        for column, name in ((3, "V(1)"), (4, "the mean")):
            rows = [table[code], table[peer]]
            target = max(min(r[column] for r in code_rows) for code_rows in rows)
            if target < resolved:
                print(f"    {code}, {name}: the ladders' common error {target:.1e} is within 3 x "
                      f"the reference's uncertainty: no time-to-error ratio")
                continue
            (q_mfpg, t_mfpg), (q_peer, t_peer) = (time_to(code_rows, column, target) for code_rows in rows)
            ratio = t_peer / t_mfpg
            bound = "at most " if q_peer else ("at least " if q_mfpg else "")
            print(f"    {code}, time to the error {target:.1e} in {name}: mfpg "
                  f"{q_mfpg + ' ' if q_mfpg else ''}{t_mfpg:.2f} s, peer "
                  f"{q_peer + ' ' if q_peer else ''}{t_peer:.2f} s; peer / mfpg = {bound}{ratio:.2f}")
PY
