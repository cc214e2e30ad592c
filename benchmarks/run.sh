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
#  (d) the mesh solvers (mfpg's default, the exponential fitting, and its
#      spectral elements with their safe steps; the FEniCSx peer
#      dolfinx_fp.py) on case P4 to t = 1 at a ladder of three resolutions
#      each, three runs alternating mfpg and the peer rung by rung: the
#      error of V(1) and of the mean against a reference solution (Galerkin
#      Q2, fine mesh and time step, its own uncertainty printed), the wall
#      time of the time loop (median and range of the runs), the
#      work-precision plot (error against time) $output/work_precision.png,
#      and each code's time to V(1) and the mean within 1e-5 with the ratio
#      mfpg / peer (median and range of the runs' ratios);
#  (e) the 3-D targets on one core: the tanh-neuron bandit with
#      theta = (c, w, b) and an MDP with a linear feature in d = 3, the
#      spectral elements at 8^3 and 16^3 cells: the error of V(1) (against
#      the exact Gaussian flow for the linear feature, estimated by
#      Richardson for the tanh neuron) and the wall time, against the goal
#      1e-4 within 60 s.
# The peers are the scripts of ../shared/peers beside this repository; when
# they are not there, (a) and (d) print mfpg's figures alone and say so.
#
#   bash benchmarks/run.sh         every part (about 15 minutes with the peers)
#   bash benchmarks/run.sh d e     the parts named (b needs a's runs: it runs them)
#   MFPG_BENCH_OUTPUT=dir MFPG_PEERS=dir bash benchmarks/run.sh ...
#                                  the plot's directory (default output/benchmarks)
#                                  and the peers' (default ../shared/peers)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
parts=" ${*:-a b c d e} "
for part in $parts; do
  case $part in
    a | b | c | d | e) ;;
    *) echo "benchmarks/run.sh: unknown part '$part' (use a, b, c, d, e)" >&2; exit 2 ;;
  esac
done
want() { [[ $parts == *" $1 "* ]]; }
bash "$root/scripts/setup.sh" --benchmarks
bin=$root/build/bin
peers=${MFPG_PEERS:-$root/../shared/peers}
output=${MFPG_BENCH_OUTPUT:-$root/output/benchmarks}
mkdir -p "$output"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

have_peers=0
if [ -f "$peers/numpy_particles.py" ] && [ -f "$peers/dolfinx_fp.py" ]; then
  have_peers=1
else
  echo "peers: $peers not found: the NumPy and FEniCSx comparisons are skipped, mfpg's figures alone follow"
fi

if want a || want b; then
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
fi

# (c) the phases of a step at four mesh sizes (289 ... 16641 dofs): the
# exponential fitting Q1 and the spectral elements Q2 (one refinement
# fewer: the same dofs), the AMG hierarchy kept across steps (the default)
# and built every step, in three rounds (the medians are printed: the speed
# of this machine drifts over minutes)
if want c; then
  for round in 1 2 3; do
  for level in 4 5 6 7; do
    for reuse in true false; do
      "$bin/mfpg" mesh "$root/examples/p4_bandit_tanh_mesh.prm" \
        --set 'Discretisation/Scheme=exponential-fitting' \
        --set "Mesh/Global refinements=$level" --set 'Time stepping/End time=0.2' \
        --set "Time stepping/Preconditioner reuse=$reuse" \
        --set 'Output/Interval=0.2' --set 'Error estimate/Enabled=false' \
        --set "Output/Directory=$work/mesh$level-$reuse-$round" >/dev/null 2>&1
      "$bin/mfpg" mesh "$root/examples/p4_bandit_tanh_mesh.prm" \
        --set 'Discretisation/Scheme=spectral-element' --set 'Discretisation/Element degree=2' \
        --set "Mesh/Global refinements=$((level - 1))" --set 'Time stepping/End time=0.2' \
        --set "Time stepping/Preconditioner reuse=$reuse" \
        --set 'Output/Interval=0.2' --set 'Error estimate/Enabled=false' \
        --set "Output/Directory=$work/sem$level-$reuse-$round" >/dev/null 2>&1
    done
  done
  done
fi

# (d) P4 to t = 1 on [-5, 5]^2: the reference (Galerkin Q2, 64^2 cells,
# BDF2, dt = 0.00125), the same with dt and with h doubled for its own
# error; then three runs of the ladders, rung by rung mfpg's two schemes and
# the peer (the machine's speed drifts over minutes: each rung's codes run
# seconds apart). mfpg's BDF2 has dt halved with h (exponential fitting) or
# fixed (spectral elements, whose error is the spatial one at these dt);
# the peer's IMEX Euler is first order in time, so its dt falls as h^2,
# balancing its O(dt) and O(h^2) errors: its error of the mean at 32 cells,
# 9.6e-5 at dt = 0.005 and 9.1e-6 at dt = 0.00125, puts its dt error near
# 0.023 dt, 1.5e-5 at dt = 0.000625, so that with dt halved with h it would
# not reach 1e-5 even at 256 cells
ladder_ef=("5 0.02" "6 0.01" "7 0.005")
ladder_se=("3 0.01" "4 0.01" "5 0.01")
ladder_peer=("32 0.005" "64 0.00125" "96 0.0005")
p4_to_1() {
  "$bin/mfpg" mesh "$root/examples/p4_bandit_tanh_mesh.prm" --set 'Time stepping/End time=1' \
    --set 'Output/Interval=1' --set 'Error estimate/Enabled=false' \
    --set "Output/Directory=$work/$1" "${@:2}" >/dev/null 2>&1
}
if want d; then
  p4_to_1 reference --set 'Discretisation/Scheme=galerkin' --set 'Discretisation/Element degree=2' \
    --set 'Mesh/Global refinements=6' --set 'Time stepping/Time step=0.00125'
  p4_to_1 reference-dt --set 'Discretisation/Scheme=galerkin' --set 'Discretisation/Element degree=2' \
    --set 'Mesh/Global refinements=6' --set 'Time stepping/Time step=0.0025'
  p4_to_1 reference-h --set 'Discretisation/Scheme=galerkin' --set 'Discretisation/Element degree=2' \
    --set 'Mesh/Global refinements=5' --set 'Time stepping/Time step=0.00125'
  for run in 1 2 3; do
    for rung in 0 1 2; do
      read -r level dt <<<"${ladder_ef[$rung]}"
      p4_to_1 "ef-$rung-$run" --set 'Discretisation/Scheme=exponential-fitting' \
        --set "Mesh/Global refinements=$level" --set "Time stepping/Time step=$dt"
      # the spectral elements (Q2, docs/model.md §8.8)
      read -r level dt <<<"${ladder_se[$rung]}"
      p4_to_1 "se-$rung-$run" --set 'Discretisation/Scheme=spectral-element' \
        --set 'Discretisation/Element degree=2' --set "Mesh/Global refinements=$level" \
        --set "Time stepping/Time step=$dt"
      [ $have_peers -eq 1 ] || continue
      read -r cells dt <<<"${ladder_peer[$rung]}"
      /usr/bin/python3 "$peers/dolfinx_fp.py" --case P4 --L 5 --cells "$cells" --dt "$dt" \
        --t-end 1 >"$work/peer-$rung-$run.txt" 2>&1
    done
  done
fi

# (e) the 3-D targets, spectral elements (Q2) at 8^3 and 16^3 cells of
# [-5, 5]^3, BDF2, dt = 0.02, to t = 1, on one core (one MPI rank, one
# thread): the tanh bandit of examples/tanh_bandit_3d_mesh.prm, and Agazzi &
# Lu's MDP of examples/agazzi_lu_mdp_linear.prm with a third basis function,
# f = theta1 a + theta2 s a + theta3 a^2, started at N((0.5, -0.5, 0.3), 0.3 I),
# whose exact Gaussian flow (docs/model.md §7) gives V(1)
mdp_3d=("$root/examples/agazzi_lu_mdp_linear.prm" --set 'Feature/Basis=a; s*a; a^2'
  --set 'Initial law/Mean=0.5, -0.5, 0.3' --set 'Initial law/Covariance=0.3')
spectral_3d() {
  DEAL_II_NUM_THREADS=1 /usr/bin/time -f "%U %S" -o "$work/$1.cpu" "$bin/mfpg" mesh "$3" --set 'Discretisation/Scheme=spectral-element' \
    --set "Mesh/Global refinements=$2" \
    --set 'Mesh/Lower corner=-5' --set 'Mesh/Upper corner=5' --set 'Time stepping/Scheme=bdf2' \
    --set 'Time stepping/Time step=0.02' --set 'Time stepping/End time=1' \
    --set 'Output/Interval=1' --set "Output/Directory=$work/$1" "${@:4}" >/dev/null 2>&1
}
if want e; then
  "$bin/mfpg" exact "${mdp_3d[@]}" --set 'Exact flow/End time=1' \
    --set 'Exact flow/Number of output times=1' \
    --set "Exact flow/Output file=$work/mdp3d-exact.csv" >/dev/null 2>&1
  for level in 3 4; do
    spectral_3d "tanh3d-$level" "$level" "$root/examples/tanh_bandit_3d_mesh.prm"
    spectral_3d "mdp3d-$level" "$level" "${mdp_3d[@]}"
  done
  # the tanh case's references (no exact solution): 32^3 cells, and 16^3
  # with dt halved for the time error
  spectral_3d "tanh3d-5" 5 "$root/examples/tanh_bandit_3d_mesh.prm"
  spectral_3d "tanh3d-4-dt" 4 "$root/examples/tanh_bandit_3d_mesh.prm" \
    --set 'Time stepping/Time step=0.01'
  spectral_3d "tanh3d-3-dt" 3 "$root/examples/tanh_bandit_3d_mesh.prm" \
    --set 'Time stepping/Time step=0.01'
fi

MFPG_WORK=$work MFPG_HAVE_PEERS=$have_peers MFPG_PARTS=$parts MFPG_OUTPUT=$output \
  MFPG_LADDERS="$(IFS=,; echo "${ladder_ef[*]};${ladder_se[*]};${ladder_peer[*]}")" \
  MFPG_REVISION="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  /usr/bin/python3 - <<'PY'
import json, math, os, re
work = os.environ["MFPG_WORK"]
have_peers = os.environ["MFPG_HAVE_PEERS"] == "1"
parts = os.environ["MFPG_PARTS"].split()
def median(values):
    values = sorted(values)
    return values[len(values) // 2]
def phases(summary, n_steps):
    t = summary["timings"]
    return [t[f"flow: {phase}"] / n_steps for phase in
            ("policy energy F", "MDP solve, Phi, J", "time step (assembly, solve)")]
if "a" in parts or "b" in parts:
    runs = {b["name"]: b for b in json.load(open(f"{work}/bench.json"))["benchmarks"]}
    def ms(b):
        return b["real_time"] * {"ms": 1, "us": 1e-3, "ns": 1e-6}[b["time_unit"]]
    rounds = []
    for r in range(1, 6):
        rounds.append({threads: json.load(open(f"{work}/step{r}-{threads}.json"))["benchmarks"][0]
                       for threads in (1, 2)})
        if have_peers:
            numpy = open(f"{work}/numpy{r}.txt").read()
            rounds[-1]["numpy"] = float(re.search(r"per_step=([0-9.]+)ms", numpy).group(1))
            rounds[-1]["numpy_MiB"] = float(re.search(r"peak_rss_MiB=([0-9.]+)", numpy).group(1))
if "a" in parts:
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
if "b" in parts:
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

if "c" in parts:
    print("(c) mesh solver, case P4 (n_S n_A = 64), BDF2, 20 steps (time step = assembly, AMG set-up, CG), median of 3 rounds:")
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

if "d" in parts:
    print("(d) mesh solvers on case P4, box [-5, 5]^2, to t = 1: errors against the reference "
          "(mfpg Galerkin Q2, 64^2 cells, BDF2, dt = 0.00125), wall time of the time loop, "
          "3 runs alternating the codes rung by rung")
    def mfpg_final(name):
        s = json.load(open(f"{work}/{name}/summary.json"))
        f = s["figures"]
        # the time loop without its output (the peer's loop writes none)
        loop = sum(phases(s, 1))
        return dict(V=f["V"], mean=[f["mean1"], f["mean2"]], dofs=f["dofs"], time=loop,
                    safe=int(f.get("safe steps", 0)))
    def peer_final(name):
        text = open(f"{work}/{name}.txt").read()
        return dict(V=float(re.search(r"^V = ([-0-9.e+]+)", text, re.M).group(1)),
                    mean=[float(x) for x in
                          re.search(r"^mean = \[([^\]]+)\]", text, re.M).group(1).split()],
                    dofs=int(re.search(r"dofs=(\d+)", text).group(1)),
                    time=float(re.search(r"total time = ([0-9.]+) s", text).group(1)))
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
    resolved = 3 * max(uncertainty)
    # each code's ladder, rung by rung: cells per side, dt, dofs, the errors of
    # V(1) and of the mean (the same in every run), the loop's time in each run
    ladders = [[tuple(map(float, rung.split())) for rung in ladder.split(",")]
               for ladder in os.environ["MFPG_LADDERS"].split(";")]
    codes = {"mfpg exponential fitting (Q1, BDF2)": ("ef", mfpg_final, ladders[0], 2),
             "mfpg spectral elements (Q2, BDF2)": ("se", mfpg_final, ladders[1], 2),
             "FEniCSx peer (Q1, IMEX Euler, LU reused)": ("peer", peer_final, ladders[2], 1)}
    if not have_peers:
        del codes["FEniCSx peer (Q1, IMEX Euler, LU reused)"]
        print("    (the FEniCSx peer is skipped: ../shared/peers is not beside the repository)")
    table, safe_steps = {}, []
    for code, (prefix, final, ladder, cells_per_level) in codes.items():
        table[code] = []
        for rung, (size, dt) in enumerate(ladder):
            runs = [final(f"{prefix}-{rung}-{run}") for run in (1, 2, 3)]
            # mfpg's ladders give the refinement level, the peer's the cells
            cells = int(2**size if prefix != "peer" else size)
            table[code].append(dict(cells=cells, dt=dt, dofs=int(runs[0]["dofs"]),
                                    errors=error(runs[0]), times=[r["time"] for r in runs]))
            if prefix == "se":
                safe_steps.append(f"{cells}^2: {runs[0]['safe']} of {round(1 / dt)}")
    print(f"    {'code':42s} {'cells':>5s} {'dt':>8s} {'dofs':>6s} {'V(1) error':>11s} "
          f"{'mean error':>11s} {'time (s): median (range)':>26s}")
    def shown(e):
        return f"{e:11.2e}" if e >= resolved else f"{'< ' + format(resolved, '.1e'):>11s}"
    for code, rows in table.items():
        for r in rows:
            t = r["times"]
            print(f"    {code:42s} {r['cells']:5d} {r['dt']:8.5f} {r['dofs']:6d} "
                  f"{shown(r['errors'][0])} {shown(r['errors'][1])} "
                  f"{median(t):9.2f} ({min(t):.2f} to {max(t):.2f})")
    print(f"    spectral elements: safe steps at {', '.join(safe_steps)}")

    # the time to an error along a ladder, in one run: between the last rung
    # above the target and the first at or below it, log(time) linear in
    # log(error) (the work-precision curve in log-log); below the target at
    # the cheapest rung: at most that rung's time; above it at every rung:
    # extrapolated along the last two rungs' line, if their error falls
    target = 1e-5
    def time_to(rows, column, run):
        points = [(r["errors"][column], r["times"][run]) for r in rows]
        for k, (e, t) in enumerate(points):
            if e <= target:
                if k == 0:
                    return "at most", t
                (e1, t1), (e2, t2) = points[k - 1], points[k]
                break
        else:
            (e1, t1), (e2, t2) = points[-2], points[-1]
            if e2 >= e1:
                return "not reached", math.inf
        s = math.log(target / e1) / math.log(e2 / e1)
        return ("extrapolated" if e2 > target else ""), math.exp(math.log(t1) + s * math.log(t2 / t1))
    def time_to_both(rows, run):
        # V(1) and the mean within the target: the later of the two times
        V, mean = time_to(rows, 0, run), time_to(rows, 1, run)
        return V, mean, max(V, mean, key=lambda x: x[1])
    def seconds(q, t):
        return "not reached" if q == "not reached" else f"{q + ' ' if q else ''}{t:.2f} s"
    print(f"    time to V(1) and the mean within {target:.0e} (log-log interpolation between "
          f"the rungs around it; median of the 3 runs, range):")
    both = {}
    for code, rows in table.items():
        per_run = [time_to_both(rows, run) for run in range(3)]
        both[code] = [p[2] for p in per_run]
        cells = []
        for k, name in ((0, "V(1)"), (1, "the mean"), (2, "both")):
            q = per_run[0][k][0]
            t = [p[k][1] for p in per_run]
            cells.append(f"{name} " + (seconds(q, median(t)) if q == "not reached" else
                                       f"{seconds(q, median(t))} ({min(t):.2f} to {max(t):.2f})"))
        print(f"      {code:42s} " + "; ".join(cells))
    if have_peers:
        peer = "FEniCSx peer (Q1, IMEX Euler, LU reused)"
        for code in [c for c in table if c != peer]:
            qm, qp = both[code][0][0], both[peer][0][0]
            if "not reached" in (qm, qp):
                print(f"    {code} / peer: no ratio, a code does not reach {target:.0e} on its ladder")
                continue
            ratios = [m[1] / p[1] for m, p in zip(both[code], both[peer])]
            # an upper bound on the peer's time bounds the ratio from below,
            # one on mfpg's from above; both at most: no ratio
            if qm == "at most" and qp == "at most":
                print(f"    {code} / peer: undetermined, both reach {target:.0e} at their cheapest rung")
                continue
            words = (["at most"] if qm == "at most" else []) + (["at least"] if qp == "at most" else []) \
                + (["extrapolated"] if "extrapolated" in (qm, qp) else [])
            kind = ", ".join(words)
            print(f"    {code} / peer, time to both within {target:.0e}: "
                  f"{kind + ' ' if kind else ''}{median(ratios):.2f} "
                  f"(range {min(ratios):.2f} to {max(ratios):.2f} over the runs' ratios; the goal: at most 1/3)")

    # the work-precision plot: error against the loop's median time, the
    # runs' range as bars on time
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(1, 2, figsize=(11, 4.5), sharex=True)
    for axis, column, name in ((axes[0], 0, "V(1)"), (axes[1], 1, "the mean")):
        for (code, rows), marker in zip(table.items(), "osD"):
            t = [median(r["times"]) for r in rows]
            spread = [[median(r["times"]) - min(r["times"]) for r in rows],
                      [max(r["times"]) - median(r["times"]) for r in rows]]
            e = [max(r["errors"][column], 1e-12) for r in rows]
            axis.errorbar(t, e, xerr=spread, marker=marker, capsize=3, label=code)
            for ti, ei, r in zip(t, e, rows):
                axis.annotate(f"{r['cells']}$^2$", (ti, ei), textcoords="offset points",
                              xytext=(4, 4), fontsize=7)
        axis.axhline(target, color="k", linestyle="--", linewidth=0.8, label="1e-5")
        axis.axhspan(1e-12, resolved, color="0.85", label="not resolved by the reference")
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_ylim(bottom=min(resolved / 3, 1e-8))
        axis.set_xlabel("wall time of the time loop (s), median of 3 runs, range")
        axis.set_ylabel(f"error of {name} at t = 1")
        axis.set_title(f"P4, error of {name}")
    axes[0].legend(fontsize=7)
    figure.suptitle(f"work precision, mfpg {os.environ['MFPG_REVISION']} and the FEniCSx peer")
    figure.tight_layout()
    png = os.path.join(os.environ["MFPG_OUTPUT"], "work_precision.png")
    figure.savefig(png, dpi=120)
    print(f"    plot: {png}")

if "e" in parts:
    print("(e) 3-D on one core (one MPI rank, one thread), spectral elements Q2, BDF2, dt = 0.02, "
          "to t = 1, box [-5, 5]^3; goal: V(1) within 1e-4 in at most 60 s")
    def figures(name):
        s = json.load(open(f"{work}/{name}/summary.json"))
        # the process's CPU time (user + system): on a loaded machine the
        # wall time overstates the time on one free core
        cpu = sum(map(float, open(f"{work}/{name}.cpu").read().split()))
        f = s["figures"]
        return (f["V"], f["dofs"], s["timings"]["total"], cpu,
                f"{int(f['limited steps'])} redistributed, {int(f['safe steps'])} safe of 50 steps")
    def report(label, V, dofs, total, cpu, repairs, error, how):
        met = "met" if error <= 1e-4 and min(total, cpu) <= 60 else "not met"
        print(f"    {label:12s} {int(dofs):6d} dofs  V(1) = {V:.8f}  error {error:.1e} ({how})  "
              f"wall {total:6.1f} s (CPU {cpu:.1f} s; {repairs}): {met}")
    rows = open(f"{work}/mdp3d-exact.csv").read().split()
    header, last = rows[0].split(","), rows[-1].split(",")
    V_exact = float(last[header.index("V")])
    print(f"    MDP, linear feature a; s a; a^2 (exact Gaussian flow: V(1) = {V_exact:.10f})")
    for level in (3, 4):
        V, dofs, total, cpu, repairs = figures(f"mdp3d-{level}")
        report(f"{2**level}^3 cells", V, dofs, total, cpu, repairs, abs(V - V_exact),
               "against the exact")
    # no exact solution: each level against the 32^3 run, plus that run's
    # own error estimated by Richardson with the order observed on the
    # three levels, p = log2(|V8 - V16| / |V16 - V32|)
    print("    tanh-neuron bandit, theta = (c, w, b) (examples/tanh_bandit_3d_mesh.prm; "
          "reference: 32^3 cells)")
    runs = [figures(f"tanh3d-{level}") for level in (3, 4, 5)]
    V8, V16, V32 = (r[0] for r in runs)
    # the space error: against 32^3, plus 32^3's own by Richardson at the
    # order observed over the three levels, at most Q2's design order 4 at
    # the nodes (a larger observed order would shrink the estimate); the
    # time error of dt = 0.02 (common to the levels, so not in their
    # differences): BDF2's Richardson estimate (V_dt - V_dt/2) 4 / 3 at
    # each level
    p = min(math.log2(abs(V8 - V16) / abs(V16 - V32)), 4.)
    own = abs(V16 - V32) / (2**p - 1)
    for level, (V, dofs, total, cpu, repairs) in zip((3, 4), runs):
        time_error = abs(V - figures(f"tanh3d-{level}-dt")[0]) * 4 / 3
        report(f"{2**level}^3 cells", V, dofs, total, cpu, repairs,
               abs(V - V32) + own + time_error,
               f"space: against 32^3 + its Richardson error {own:.1e} at order {p:.2f}; "
               f"time: {time_error:.1e} by Richardson in dt")
    print(f"    32^3 cells {int(runs[2][1]):6d} dofs  V(1) = {V32:.8f}  "
          f"wall {runs[2][2]:6.1f} s (CPU {runs[2][3]:.1f} s; {runs[2][4]})")
PY
