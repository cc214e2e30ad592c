#!/usr/bin/python3
"""Plot a run's CSV (`mfpg mesh`, `particles`, `convergence`, `stability`,
`compare`, `study`, `barrier`); the program calls it itself when python3-matplotlib is
present.

    /usr/bin/python3 scripts/plot_monitors.py DIR/monitors.csv [out.png]

Experiment (a) (exponential_convergence.csv of `mfpg convergence`): W2 to
the stationary point against the theorem's bound, with W2's error
estimate, KL(nu_t | nu*) and KL(nu_t | Gamma(nu_t)), and the particles'
W2 with its floor and their KL estimate (without a mesh, these and the
bound only). Experiment (b)
(the CSV of `mfpg stability`): W2^2 between stationary laws against the
stability bound; with its `-along-flow.csv`: W2^2(nu_t, nu'_t) and the
time-dependent bound against t. Experiment (c)
(comparison.csv of `mfpg compare`, with comparison_levels.csv,
mesh_density_final.csv and particles_final.csv beside it): W2(mesh,
particles), the floor and the moment errors against N (replica mean ± SE
bars), V(t) of the mesh and the particles' replica mean with an SE band per
N, and the final mesh density with the largest N's clouds, all replicas
pooled. Experiment (d) (study.csv of
`mfpg study`): the errors against the resolution on log-log axes with the
expected slope (in N: the replica means with ± 1 SE bars and the fitted
order ± its SE). The barrier sweep (the CSV of `mfpg barrier`), four
panels against the strength n: the soft-optimal gap and D_viol(pi*_n);
|m*_n| (barrier in the reward) and W2 to the hard constraint's nu* (in
mu_n); J_n, V_0 and D_viol at nu*_n; beta_n against the observed and
linearised rates. Mesh flows, four panels against time: V and J; the energy identity
(dissipation and the numerical dJ/dt); the fixed-point residual
KL(nu | Gamma(nu)); conservation and positivity (|mass - 1|, min nu,
boundary-layer mass). Particle runs, two panels: V, and the optimality gap
V* - V(rho; pi_nu) on a log scale (Agazzi & Lu's Figure 1); with replicas
(columns <name>_se and replicas), the replica means with a ± 1 SE band. Uses Debian's
python3-matplotlib (installed by scripts/setup.sh).
"""
import csv
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit(f"plot_monitors: {path} has no rows")
    return {key: [float(r[key]) for r in rows] for key in rows[0]}


def positive(values):
    return [v if v > 0 else math.nan for v in values]


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    path = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) == 3 else path.rsplit(".", 1)[0] + ".png"
    m = read(path)
    if "soft_optimal_gap" in m:
        fig = plot_barrier(m)
    elif "expected_order" in m:
        fig = plot_study(m)
    elif "expected_ratio" in m:
        fig = plot_geometric_study(m)
    elif "w2_to_stationary" in m or "w2_particles" in m:
        fig = plot_convergence(m)
    elif "w2_squared_along_flow" in m:
        fig = plot_stability_along_flow(m)
    elif "w2_squared" in m:
        fig = plot_stability(m)
    elif "W2_floor" in m:
        fig = plot_comparison(m, path.rsplit("/", 1)[0] if "/" in path else ".")
    elif "optimality_gap" in m:
        fig = plot_particles(m)
    else:
        fig = plot_mesh_flow(m, os.path.dirname(path) or ".")
    fig.suptitle(path)
    fig.savefig(out, dpi=110)
    print(f"written: {out}")


def plot_convergence(m):
    fig, ax = plt.subplots(figsize=(7, 4.5), constrained_layout=True)
    mesh = "w2_to_stationary" in m
    decaying_bound = m["bound"][-1] <= m["bound"][0]  # beta > 0: a bound to show
    if mesh:
        ax.semilogy(m["t"], positive(m["w2_to_stationary"]), label="W2(nu_t, nu*)")
        if decaying_bound:
            ax.semilogy(m["t"], positive(m["bound"]), "--", label="exp(-beta t) W2(nu_0, nu*)")
        if any(e > 0 for e in m["w2_error_estimate"]):
            ax.semilogy(m["t"], positive(m["w2_error_estimate"]), ":", label="error estimate of W2 (grid Sinkhorn)")
    if "kl_to_stationary" in m:  # the entropy only
        ax.semilogy(m["t"], positive(m["kl_to_stationary"]), "-.", label="KL(nu_t | nu*)")
        ax.semilogy(m["t"], positive(m["kl_to_gibbs_map"]), "x", ms=3, label="KL(nu_t | Gamma(nu_t))")
    if "w2_particles" in m:
        ax.semilogy(m["t"], positive(m["w2_particles"]), "o", ms=3, label="W2(nu_t^N, nu*), particles")
        ax.semilogy(m["t"], positive(m["particle_floor"]), ":", label="floor of W2(nu_t^N, nu*)")
    if "kl_particles_to_gibbs_map" in m:
        ax.semilogy(m["t"], positive(m["kl_particles_to_gibbs_map"]), "+", ms=4, label="KL(nu_t^N | Gamma(nu_t^N)), estimated")
    if not mesh and decaying_bound:
        ax.semilogy(m["t"], positive(m["bound"]), "--", label="exp(-beta t) (W2(nu_0^N, nu*) + 3 floors)")
    ax.set_xlabel("t")
    ax.set_title("exponential convergence to " + ("the Gibbs fixed point" if mesh else "a long particle run"))
    ax.legend()
    return fig


def plot_study(m):
    resolution = next(key for key in m if key.startswith("resolution_"))
    r = m[resolution]
    errors = [key[len("order_"):] for key in m if key.startswith("order_")]
    fig, ax = plt.subplots(figsize=(7, 5), constrained_layout=True)
    for key in errors:
        if key + "_se" in m:  # replica means: error bars of ± 1 SE, the fitted order ± its SE
            ax.errorbar(r, positive(m[key]), yerr=m[key + "_se"], fmt="o-", capsize=3,
                        label=f"{key}: mean over {int(m['replicas'][0])} replicas ± 1 SE "
                              f"(fitted order {m['fitted_order_' + key][0]:.2f} ± {m['fitted_order_' + key + '_se'][0]:.2f})")
        else:
            ax.loglog(r, positive(m[key]), "o-", label=f"{key} (finest order {m['order_' + key][-1]:.2f})")
    ax.set_xscale("log")
    ax.set_yscale("log")
    p = m["expected_order"][0]
    finest = 0.3 * min(m[key][-1] for key in errors)
    ax.loglog(r, [finest * (x / r[-1]) ** p for x in r], "k--", label=f"slope {p:g} (expected)")
    ax.set_xlabel(resolution[len("resolution_"):])
    ax.set_ylabel("error at the end time")
    ax.set_title("order study: observed orders")
    ax.legend(fontsize=8)
    return fig


def plot_geometric_study(m):
    """A study whose errors decay geometrically in the level (the degree)."""
    errors = [key[len("ratio_"):] for key in m if key.startswith("ratio_")]
    fig, ax = plt.subplots(figsize=(7, 5), constrained_layout=True)
    for key in errors:
        ax.semilogy(m["level"], positive(m[key]), "o-", label=f"{key} (finest ratio {m['ratio_' + key][-1]:.3f})")
    ax.set_xlabel("level (element degree)")
    ax.set_ylabel("error at the end time")
    ax.set_title(f"degree study: ratio per level, expected at most {m['expected_ratio'][0]:g}")
    ax.legend(fontsize=8)
    return fig


def plot_stability(m):
    pairs = [(b, w) for b, w in zip(m["bound"], m["w2_squared"]) if b > 0]
    bound, w2 = [p[0] for p in pairs], [p[1] for p in pairs]
    fig, ax = plt.subplots(figsize=(6, 5), constrained_layout=True)
    ax.loglog(bound, w2, "o")
    lo, hi = min(bound + w2), max(bound + w2)
    ax.loglog([lo, hi], [lo, hi], "k--", label="W2^2 = bound")
    ax.set_xlabel("bound on W2^2(nu*, nu'*)")
    ax.set_ylabel("W2^2(nu*, nu'*)")
    ax.set_title("stability of stationary points in (sigma, tau)")
    ax.legend()
    return fig


def plot_barrier(m):
    n = m["barrier_strength"]
    fig, ax = plt.subplots(2, 2, figsize=(11, 8), constrained_layout=True)
    ax[0, 0].semilogy(n, positive(m["soft_optimal_gap"]), "o-", label="V*_n - V*_inf")
    ax[0, 0].semilogy(n, positive(m["D_viol_optimum"]), "s--", label="D_viol(pi*_n)")
    ax[0, 0].set_xlabel("barrier strength n")
    ax[0, 0].set_title("soft optimum: gap to the hard limit")
    ax[0, 0].legend()
    ax[0, 1].semilogx(n, m["norm_m"], "o-", label="|m*_n|, barrier in the reward")
    ax[0, 1].set_xlabel("barrier strength n (log scale: ln n growth is a line)")
    ax[0, 1].set_ylabel("|m*_n|")
    right = ax[0, 1].twinx()
    right.loglog(n, positive(m["W2_to_hard"]), "s--", color="C1",
                 label="W2 to the hard nu*, barrier in mu_n")
    if any(e > 0 for e in m["W2_to_hard_error"]):
        right.loglog(n, positive(m["W2_to_hard_error"]), ":", color="gray",
                     label="its error estimate (W2 = 0 not drawn)")
    right.set_ylabel("W2 to the hard constraint's nu*")
    ax[0, 1].set_title("stationary points of the flow")
    ax[0, 1].legend(loc="center left")
    right.legend(loc="lower left")
    ax[1, 0].semilogx(n, m["J_n"], "o-", label="J_n(nu*_n)")
    ax[1, 0].semilogx(n, m["V_0"], "s-", label="V_0(nu*_n)")
    ax[1, 0].semilogx(n, m["D_viol"], "^-", label="D_viol(nu*_n)")
    ax[1, 0].set_xlabel("barrier strength n")
    ax[1, 0].set_title("barrier in the reward: objective, return, violation")
    ax[1, 0].legend()
    ax[1, 1].semilogx(n, m["beta"], "o-", label="beta_n (theorem)")
    ax[1, 1].semilogx(n, m["observed_rate"], "s-", label="observed rate")
    ax[1, 1].semilogx(n, m["linearised_rate"], "^--", label="linearised rate")
    ax[1, 1].axhline(0, color="k", lw=0.8)
    ax[1, 1].set_xlabel("barrier strength n")
    ax[1, 1].set_title("convergence rate: sufficient condition and observation")
    ax[1, 1].legend()
    return fig


def plot_stability_along_flow(m):
    fig, ax = plt.subplots(figsize=(7, 4.5), constrained_layout=True)
    ax.semilogy(m["t"], positive(m["w2_squared_along_flow"]), label="W2^2(nu_t, nu'_t)")
    ax.semilogy(m["t"], positive(m["bound"]), "--", label="bound (best l, eta at each t)")
    ax.set_xlabel("t")
    ax.set_title("stability along the flow")
    ax.legend()
    return fig


def read_table(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [[float(x) for x in row] for row in reader]


def replica_mean_and_se(values):
    r = len(values)
    mean = sum(values) / r
    if r < 2:
        return mean, math.nan
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / (r - 1) / r)


def plot_comparison(m, directory):
    levels = read(f"{directory}/comparison_levels.csv")
    fig, ax = plt.subplots(1, 3, figsize=(15, 4.5), constrained_layout=True)
    n = levels["N"]
    replicas = int(levels["replicas"][0])
    measured = all(math.isfinite(x) for x in levels["W2"])  # Comparison/Distances at = none: NaN
    for key, label, style in [
        ("W2", "W2(mesh, particles)", "o-"),
        ("W2_floor", "sampling floor W2(mesh, N-sample of mesh)", "s--"),
        ("mean_error", "|mean error|", "^-"),
        ("covariance_error", "||covariance error||_F", "v-"),
    ]:
        if measured or not key.startswith("W2"):
            ax[0].errorbar(n, positive(levels[key]), yerr=levels[key + "_se"], fmt=style, capsize=3, label=label)
    ax[0].set_xscale("log")
    ax[0].set_yscale("log")
    anchor = levels["W2_floor" if measured else "mean_error"][0]
    ax[0].loglog(n, [anchor * (x / n[0]) ** -0.5 for x in n], "k:", label="N^-1/2")
    ax[0].set_xlabel("N")
    ax[0].set_title(f"final time: mean ± SE over {replicas} replicas")
    ax[0].legend(fontsize=8)
    largest = max(m["N"])
    first = [i for i in range(len(m["t"])) if m["replica"][i] == 0 and m["N"][i] == largest]
    ax[1].plot([m["t"][i] for i in first], [m["V_mesh"][i] for i in first], "k-", label="mesh")
    for size in sorted(set(m["N"])):
        times = sorted({m["t"][i] for i in range(len(m["t"])) if m["N"][i] == size})
        stats = [replica_mean_and_se([m["V_particles"][i] for i in range(len(m["t"])) if m["N"][i] == size and m["t"][i] == t]) for t in times]
        mean = [s[0] for s in stats]
        se = [s[1] for s in stats]
        line, = ax[1].plot(times, mean, "o-", ms=3, lw=1, label=f"particles N = {int(size)}: mean ± SE of {replicas} replicas")
        ax[1].fill_between(times, [a - b for a, b in zip(mean, se)], [a + b for a, b in zip(mean, se)], color=line.get_color(), alpha=0.25)
    ax[1].set_xlabel("t")
    ax[1].set_title("objective V(rho; pi_nu)")
    ax[1].legend(fontsize=8)
    header, density = read_table(f"{directory}/mesh_density_final.csv")
    _, cloud = read_table(f"{directory}/particles_final.csv")  # every replica of the largest N, pooled
    pooled = f"particles: {replicas} replicas of N = {len(cloud) // replicas} pooled"
    if len(header) == 2:
        pairs = sorted(density)
        ax[2].plot([p[0] for p in pairs], [p[1] for p in pairs], "k-", label="mesh density")
        ax[2].hist([p[0] for p in cloud], bins=60, density=True, alpha=0.5, label=pooled)
        ax[2].set_xlabel("theta")
        ax[2].legend(fontsize=8)
    elif len(header) == 3:
        ax[2].tricontourf([p[0] for p in density], [p[1] for p in density], [p[2] for p in density], levels=20, cmap="viridis")
        shown = cloud[:: max(1, len(cloud) // 2000)]
        ax[2].scatter([p[0] for p in shown], [p[1] for p in shown], s=1, c="w", alpha=0.6, label=pooled + (f", every {len(cloud) // len(shown)}th shown" if len(shown) < len(cloud) else ""))
        ax[2].legend(fontsize=8)
        ax[2].set_xlabel(header[0])
        ax[2].set_ylabel(header[1])
        ax[2].set_aspect("equal")
    else:
        ax[2].set_axis_off()
    ax[2].set_title(f"final time: mesh density and the particles of N = {len(cloud) // replicas}")
    return fig


def plot_particles(m):
    t = m["t"]
    fig, ax = plt.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
    # with Particles/Replicas > 1 each column is a replica mean, with its SE in <column>_se
    replicas = int(m["replicas"][0]) if "replicas" in m else 1
    suffix = f": mean over {replicas} replicas ± 1 SE" if replicas > 1 else ""

    def curve(axis, key, label, log=False):
        values = positive(m[key]) if log else m[key]
        line, = (axis.semilogy if log else axis.plot)(t, values, label=label + suffix)
        if replicas > 1:
            low = [a - b for a, b in zip(m[key], m[key + "_se"])]
            high = [a + b for a, b in zip(m[key], m[key + "_se"])]
            axis.fill_between(t, positive(low) if log else low, high, color=line.get_color(), alpha=0.25)

    curve(ax[0], "V", "V(rho; pi_nu)")
    ax[0].set_title("V(rho; pi_nu)")
    if replicas > 1:
        ax[0].legend()
    curve(ax[1], "optimality_gap", "optimality gap V* - V(rho; pi_nu)", log=True)
    if "kl_gibbs" in m:
        curve(ax[1], "kl_gibbs", "KL(nu | Gamma(nu)) (estimate, floor ~ N^-1/2)", log=True)
    ax[1].legend(fontsize=8 if replicas > 1 else None)
    ax[1].set_title("optimality gap" + (" and fixed-point residual" if "kl_gibbs" in m else ""))
    for a in ax:
        a.set_xlabel("t")
    return fig


def plot_final_density(ax, path):
    header, density = read_table(path)
    if len(header) == 2:
        pairs = sorted(density)
        ax.plot([p[0] for p in pairs], [p[1] for p in pairs], "k-")
        ax.set_xlabel("theta")
    else:
        contour = ax.tricontourf([p[0] for p in density], [p[1] for p in density], [p[2] for p in density], levels=20, cmap="viridis")
        plt.colorbar(contour, ax=ax)
        ax.set_xlabel(header[0])
        ax.set_ylabel(header[1])
        ax.set_aspect("equal")
    ax.set_title("density at the final time")


def plot_mesh_flow(m, directory):
    t = m["t"]
    density = f"{directory}/density_final.csv"
    columns = 3 if os.path.exists(density) else 2
    fig, ax = plt.subplots(2, columns, figsize=(5.5 * columns, 7.5), constrained_layout=True, squeeze=False)
    if columns == 3:
        plot_final_density(ax[0, 2], density)
        ax[1, 2].set_axis_off()
    ax[0, 0].plot(t, m["V"], label="V(rho; pi_nu)")
    ax[0, 0].plot(t, m["J"], label="J(nu)")
    ax[0, 0].set_title("objective")
    ax[0, 1].semilogy(t, positive(m["dissipation"]), label="dissipation")
    ax[0, 1].semilogy(t, positive(m["dJdt"]), "o", ms=3, label="numerical dJ/dt")
    ax[0, 1].set_title("energy identity dJ/dt = int |grad dJ/dnu|^2 nu")
    ax[1, 0].semilogy(t, positive(m["kl_gibbs"]))
    ax[1, 0].set_title("fixed-point residual KL(nu | Gamma(nu))")
    ax[1, 1].semilogy(t, positive([abs(x - 1) for x in m["mass"]]), label="|mass - 1|")
    ax[1, 1].semilogy(t, positive(m["min_nu"]), label="min nu (gaps: <= 0)")
    ax[1, 1].semilogy(t, positive(m["boundary_layer_mass"]), label="boundary-layer mass")
    ax[1, 1].set_title("conservation and positivity")
    for a in ax[:, :2].flat:
        a.set_xlabel("t")
        if a.get_legend_handles_labels()[0]:
            a.legend()
    return fig


if __name__ == "__main__":
    main()
