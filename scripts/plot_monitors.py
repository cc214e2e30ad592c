#!/usr/bin/python3
"""Plot a run's CSV (`mfpg mesh`, `mfpg particles`, `mfpg convergence`).

    /usr/bin/python3 scripts/plot_monitors.py DIR/monitors.csv [out.png]

Experiment (a) (exponential_convergence.csv of `mfpg convergence`): W2 to
the stationary point against the theorem's bound. Mesh flows, four panels against time: V and J; the energy identity
(dissipation and the numerical dJ/dt); the fixed-point residual
KL(nu | Gamma(nu)); conservation and positivity (|mass - 1|, min nu,
boundary-layer mass). Particle runs, two panels: V, and the optimality gap
V* - V(rho; pi_nu) on a log scale (Agazzi & Lu's Figure 1). Uses Debian's
python3-matplotlib (installed by scripts/setup.sh).
"""
import csv
import math
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
    if "w2_to_stationary" in m:
        fig = plot_convergence(m)
    elif "optimality_gap" in m:
        fig = plot_particles(m)
    else:
        fig = plot_mesh_flow(m)
    fig.suptitle(path)
    fig.savefig(out, dpi=110)
    print(f"written: {out}")


def plot_convergence(m):
    fig, ax = plt.subplots(figsize=(7, 4.5), constrained_layout=True)
    ax.semilogy(m["t"], positive(m["w2_to_stationary"]), label="W2(nu_t, nu*)")
    ax.semilogy(m["t"], positive(m["bound"]), "--", label="exp(-beta t) W2(nu_0, nu*)")
    ax.set_xlabel("t")
    ax.set_title("exponential convergence to the Gibbs fixed point")
    ax.legend()
    return fig


def plot_particles(m):
    t = m["t"]
    fig, ax = plt.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
    ax[0].plot(t, m["V"])
    ax[0].set_title("V(rho; pi_nu)")
    ax[1].semilogy(t, positive(m["optimality_gap"]))
    ax[1].set_title("optimality gap V* - V(rho; pi_nu)")
    for a in ax:
        a.set_xlabel("t")
    return fig


def plot_mesh_flow(m):
    t = m["t"]
    fig, ax = plt.subplots(2, 2, figsize=(11, 7.5), constrained_layout=True)
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
    for a in ax.flat:
        a.set_xlabel("t")
        if a.get_legend_handles_labels()[0]:
            a.legend()
    return fig


if __name__ == "__main__":
    main()
