"""Independent references for the end-to-end checks (check_run.py): the
quantities the examples should show, computed here from the definitions of
docs/model.md with numpy, without any code of mfpg.
"""
import math

import numpy as np


def gauss(n, a, b):
    """Gauss-Legendre points and weights on [a, b]."""
    x, w = np.polynomial.legendre.leggauss(n)
    return a + (b - a) * (x + 1) / 2, w * (b - a) / 2


def least_squares_slope(x, y):
    return np.polyfit(np.asarray(x, float), np.asarray(y, float), 1)[0]


def expression(text, **variables):
    """A muparser expression (e.g. an MDP/Reward) evaluated in numpy."""
    names = dict(sin=np.sin, cos=np.cos, tan=np.tan, tanh=np.tanh,
                 exp=np.exp, log=np.log, sqrt=np.sqrt, abs=np.abs,
                 max=np.maximum, min=np.minimum, pi=np.pi, e=np.e)
    return eval(text.replace("^", "**"), names, variables)


# A finite MDP (§1): rewards r[i, j], reference weights mu[j], kernel
# P[i, j, k], initial distribution rho[i], discount gamma, entropy tau.

def policy_value(F, r, mu, P, rho, gamma, tau, phi_over_p=np.log):
    """V(rho) of the softmax policy p_ij ∝ e^{F_ij} (§2, §3), with the
    policy regulariser's phi(p) / p (§12: ln p for kl, p - 1 for
    tsallis)."""
    p = np.exp(F - F.max(axis=1, keepdims=True))
    p /= (mu * p).sum(axis=1, keepdims=True)
    pi = mu * p
    R = (pi * (r - tau * phi_over_p(p))).sum(axis=1)
    P_pi = np.einsum("ij,ijk->ik", pi, P)
    return rho @ np.linalg.solve(np.eye(len(rho)) - gamma * P_pi, R)


def soft_optimal_value(r, mu, P, rho, gamma, tau):
    """V* by soft value iteration, V_i = tau ln sum_j mu_j e^{Q_ij / tau}."""
    V = np.zeros(len(rho))
    for _ in range(10000):
        Q = (r + gamma * P @ V) / tau
        top = Q.max(axis=1)
        V, previous = tau * (top + np.log((mu * np.exp(Q - top[:, None]))
                                          .sum(axis=1))), V
        if np.max(np.abs(V - previous)) <= 1e-15 * np.max(np.abs(V)):
            break
    return rho @ V


def central_difference(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


# Case P1: the bandit A = [0, 1] (64 Gauss-Legendre points), r = cos 2a,
# f = theta a, K = 1, c = 0; nu_0 = N(1, 0.5), sigma = 0.9, tau = 0.3.

P1_ACTIONS, P1_WEIGHTS = gauss(64, 0, 1)


def p1_value(m, tau=0.3):
    """V of the policy of F = m a (a linear feature: F depends on the mean)."""
    a, w = P1_ACTIONS, P1_WEIGHTS
    return policy_value(m * a[None, :], np.cos(2 * a)[None, :], w,
                        np.ones((1, 64, 1)), np.ones(1), 0, tau)


def p1_regularised_value(theta, basis, cost):
    """V of the softmax policy of F = theta basis(a) on P1's bandit with the
    policy regulariser of cost(p) = phi(p) / p (§12)."""
    a, w = P1_ACTIONS, P1_WEIGHTS
    return policy_value(theta * basis(a)[None, :], np.cos(2 * a)[None, :], w,
                        np.ones((1, 64, 1)), np.ones(1), 0, 0.3, cost)


def p1_tsallis_value(theta, basis):
    """p1_regularised_value() of the Tsallis phi(p) = p^2 - p."""
    return p1_regularised_value(theta, basis, lambda p: p - 1)


def golden_section_maximum(f, lo, hi, iterations=200):
    """max f on [lo, hi] for a unimodal f, by golden-section search."""
    g = (5 ** 0.5 - 1) / 2
    for _ in range(iterations):
        c, d = hi - g * (hi - lo), lo + g * (hi - lo)
        if f(c) > f(d):
            hi = d
        else:
            lo = c
    return f((lo + hi) / 2)


def p1_drift(m, tau=0.3):
    """G = dV/dm (the policy-gradient theorem; independent of theta)."""
    return central_difference(lambda x: p1_value(x, tau), m, 1e-6)


def p1_stationary_mean(sigma, tau):
    """The root of G(m) = (sigma^2 / 2) m, by bisection on [-6, 6]."""
    low, high = -6.0, 6.0
    for _ in range(60):
        middle = (low + high) / 2
        if p1_drift(middle, tau) > sigma**2 / 2 * middle:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def stationary_stability_bound(beta, x, delta, n, M):
    """The stationary bound of docs/model.md §6.3 on W2^2(nu*, nu'*):
    ((delta + sqrt(delta^2 + 2 b c)) / (2 b))^2 with b = beta - l x and
    c = x M / (8 l) + n, minimised over l in (0, beta / x) on a geometric
    grid of 200001 points from 1e-8 to 1 - 1e-8 times beta / x (mfpg uses
    Brent's method). Neighbouring l differ by 1.8e-4 relatively, so the grid
    minimum of this smooth convex function exceeds the true one by about
    (1e-4)^2 relatively. At x = 0, l plays no role."""
    if x == 0:
        b, c = beta, n
    else:
        l = beta / x * np.geomspace(1e-8, 1 - 1e-8, 200001)
        b, c = beta - l * x, x * M / (8 * l) + n
    return np.min(((delta + np.sqrt(delta**2 + 2 * b * c)) / (2 * b))**2)


def verdict_agrees(verdict, beta, beta_on_box, holds):
    """Whether a verdict line of TheoremHypothesis says what the printed
    betas and the observation do (docs/model.md §6.4): the reading of beta
    over R^d and on the box, and "consistent with the theorem" exactly when
    the theorem applies (beta > 0) and the observation @p holds."""
    reading = ('the theorem applies' if beta > 0 else 'only on'
               if beta_on_box > 0 else 'the theorem is silent')
    return float(reading in verdict and
                 ('consistent with the theorem' in verdict) == (beta > 0 and holds))


def p1_euler_maruyama(eta, T=0.5, sigma=0.9):
    """(mean, variance, V) at T of Euler-Maruyama with step eta: the cloud's
    mean follows m += eta (G(m) - sigma^2 m / 2) up to the average of its
    noise, its variance v_{n+1} = q v_n + sigma^2 eta, q = (1 - sigma^2 eta /
    2)^2, i.e. v_n = q^n (v_0 - v_eta) + v_eta, v_eta = sigma^2 eta / (1 - q).
    """
    n = int(round(T / eta))
    m = 1.0
    for _ in range(n):
        m += eta * (p1_drift(m) - sigma**2 / 2 * m)
    q = (1 - sigma**2 / 2 * eta)**2
    v_eta = sigma**2 * eta / (1 - q)
    return np.array([m, q**n * (0.5 - v_eta) + v_eta, p1_value(m)])


def p1_interpolation_error(h, degree, T=0.5, sigma=0.9):
    """The leading term of the L2 interpolation error of the exact P1 density
    at T by Q1 (h^2 ||nu''|| / sqrt 120) or Q2 (h^3 ||nu'''|| / sqrt 30240),
    the integral of the nodal polynomial squared over a cell. The variance is
    Ornstein-Uhlenbeck's, s^2 = 1 - 0.5 e^{-sigma^2 T} (a linear feature's
    drift does not depend on theta), and a Gaussian's ||d^k nu||^2 =
    (2k - 1)!! / (2^{k+1} sqrt(pi) s^{2k+1}).
    """
    k = degree + 1
    s = math.sqrt(1 - 0.5 * math.exp(-sigma**2 * T))
    derivative = math.sqrt(math.prod(range(1, 2 * k, 2))
                           / (2**(k + 1) * math.sqrt(math.pi) * s**(2 * k + 1)))
    return h**k * derivative / math.sqrt({1: 120, 2: 30240}[degree])


def linear_gaussian_flow(value, sigma2, m0, S0, times, step=0.01):
    """The exact flow of a linear feature f = theta . phi with K = I, c = 0
    (§7) at the given times: dm/dt = grad_m V(m . phi) - (sigma^2 / 2) m (the
    drift is the gradient of V through F = m . phi; central differences),
    by RK4; S(t) = I + (S_0 - I) e^{-sigma^2 t}; V and J = V - (sigma^2 / 2)
    KL(N(m, S) | N(0, I)) from them. value(m) is V of the policy of m.phi.
    Returns (m, S, V, J) per time.
    """
    d = len(m0)
    rate = lambda x: np.array([central_difference(
        lambda h: value(x + h * e), 0, 1e-6) for e in np.eye(d)]) \
        - sigma2 / 2 * x
    m = [np.asarray(m0, float)]
    for t0, t1 in zip(times[:-1], times[1:]):
        x = m[-1]
        for _ in range(int(round((t1 - t0) / step))):
            k1 = rate(x)
            k2 = rate(x + step / 2 * k1)
            k3 = rate(x + step / 2 * k2)
            k4 = rate(x + step * k3)
            x = x + step / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        m.append(x)
    m = np.array(m)
    S = np.array([np.eye(d) + (S0 - np.eye(d)) * np.exp(-sigma2 * t)
                  for t in times])
    V = np.array([value(x) for x in m])
    KL = np.array([0.5 * (np.trace(c) + x @ x - d - np.log(np.linalg.det(c)))
                   for x, c in zip(m, S)])
    return m, S, V, V - sigma2 / 2 * KL


def barenblatt_radius(t, R0, m, d, kappa, sigma2):
    """R(t) of the porous-medium flow's Barenblatt profile (docs/model.md
    §11.3): R^q = R*^q + (R0^q - R*^q) e^{-q D kappa t}, q = (m - 1) d + 2,
    D = sigma^2 / 2, R*^{2p + d} = Gamma(p + 1 + d/2) / (((m - 1) kappa /
    (2m))^p pi^{d/2} Gamma(p + 1)), p = 1 / (m - 1).
    """
    p = 1 / (m - 1)
    q = (m - 1) * d + 2
    R_star = (math.gamma(p + 1 + d / 2)
              / (((m - 1) * kappa / (2 * m))**p * math.pi**(d / 2)
                 * math.gamma(p + 1)))**(1 / (2 * p + d))
    return (R_star**q + (R0**q - R_star**q)
            * np.exp(-q * sigma2 / 2 * kappa * np.asarray(t)))**(1 / q)


class AgazziLuMdp:
    """Agazzi & Lu's MDP: S = A = [0, 1] with 16 Gauss-Legendre points each,
    kernel 0.9 delta(s' - a) + 0.1 ds' (exact on matching grids), uniform
    initial law, gamma = 0.7, tau = 0.2, the reward a muparser expression."""

    def __init__(self, reward):
        s, self.ws = gauss(16, 0, 1)
        a, self.wa = gauss(16, 0, 1)
        self.S, self.A = np.meshgrid(s, a, indexing="ij")
        self.r = expression(reward, s=self.S, a=self.A)
        self.P = 0.9 * np.eye(16)[None, :, :] + 0.1 * self.ws[None, None, :]

    def value(self, F):
        return policy_value(F, self.r, self.wa, self.P, self.ws, 0.7, 0.2)

    def optimum(self):
        return soft_optimal_value(self.r, self.wa, self.P, self.ws, 0.7, 0.2)

    def value_gradient(self, F):
        """dV/dF_ij by central differences."""
        return np.array([central_difference(lambda h: self.value(F + h * E),
                                            0, 1e-6)
                         for E in np.eye(F.size).reshape(-1, *F.shape)]
                        ).reshape(F.shape)


MASK32 = 0xFFFFFFFF


def philox4x32(counter, key):
    """Philox4x32-10 (Salmon et al., SC'11) of four 32-bit counter words
    under two key words."""
    x0, x1, x2, x3 = counter
    k0, k1 = key
    for round in range(10):
        if round:
            k0, k1 = (k0 + 0x9E3779B9) & MASK32, (k1 + 0xBB67AE85) & MASK32
        p0, p1 = 0xD2511F53 * x0, 0xCD9E8D57 * x2
        x0, x1, x2, x3 = ((p1 >> 32) ^ x1 ^ k0, p1 & MASK32,
                          (p0 >> 32) ^ x3 ^ k1, p0 & MASK32)
    return x0, x1, x2, x3


def stream_normals(seed, particle, step, n):
    """The first n normals of the counter-based stream of docs/model.md
    §8.7: counter (block, step, step >> 32, particle), key (seed,
    seed >> 32), uniforms ((high << 32 | low) >> 11 + 1/2) 2^-53 of word
    pairs, Box-Muller (r cos, then r sin of each pair of uniforms)."""
    assert philox4x32((0, 0, 0, 0), (0, 0)) == (
        0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)  # Random123's answer
    words = []
    for block in range(n + 1):
        words += philox4x32((block, step & MASK32, step >> 32, particle),
                            (seed & MASK32, seed >> 32))
    u = [((((words[2 * i] << 32) | words[2 * i + 1]) >> 11) + 0.5) * 2.0**-53
         for i in range(2 * n + 2)]
    z = []
    for i in range(0, 2 * n + 2, 2):
        radius = math.sqrt(-2 * math.log(u[i]))
        z += [radius * math.cos(2 * math.pi * u[i + 1]),
              radius * math.sin(2 * math.pi * u[i + 1])]
    return np.array(z[:n])


class AgazziLuTeacherMdp:
    """Agazzi & Lu's second experiment (docs/model.md §1, "Teacher reward"):
    S = A = [0, 1] with n midpoint nodes each, kernel 0.9 delta(s' - a) +
    0.1 ds', uniform initial law, gamma = 0.7, tau = 0.2; the teacher
    f*(s, a) = sum_k c_k max(0, w_k1 s + w_k2 a + b_k), neuron k the
    sqrt(variance)-scaled normals of the stream (seed, k, 2^64 - 1), and
    r = tau f* - gamma P V*, V* = tau ln sum_j mu_j e^{f*}."""

    def __init__(self, n, seed=1, width=5, variance=4.0):
        x = (np.arange(n) + 0.5) / n
        self.w = np.full(n, 1.0 / n)
        S, A = np.meshgrid(x, x, indexing="ij")
        self.f = sum(c * np.maximum(0, w1 * S + w2 * A + b)
                     for c, w1, w2, b in (
                         math.sqrt(variance) *
                         stream_normals(seed, k, 2**64 - 1, 4)
                         for k in range(width)))
        self.V = 0.2 * np.log((self.w * np.exp(self.f)).sum(axis=1))
        self.P = 0.9 * np.eye(n)[None, :, :] + 0.1 * self.w[None, None, :]
        self.r = 0.2 * self.f - 0.7 * self.P @ self.V

    def value(self, F):
        return policy_value(F, self.r, self.w, self.P, self.w, 0.7, 0.2)

    def optimum(self):
        """V*(rho) in closed form."""
        return self.w @ self.V


def tanh_bandit_initial_objective(mean, variance, frozen_bias=0.2):
    """J(nu_0) = V - (sigma^2 / 2) KL(nu_0 | N(0, I)) for the tanh-neuron
    bandit r = sin 3a + 1/2 on A = [0, 1] (64 Gauss-Legendre points),
    tau = 0.15, sigma = 1, f = tanh(c) tanh(w a + b), nu_0 = N(mean,
    variance I) over theta = (c, w, b), or (c, w) with b frozen:
    F = E[tanh c] E[tanh(w a + b)] by Gauss-Hermite quadrature.
    """
    x, wx = np.polynomial.hermite_e.hermegauss(40)
    wx = wx / wx.sum()
    a, w = gauss(64, 0, 1)
    sd = math.sqrt(variance)
    d = len(mean)
    bias, bias_sd = (mean[2], sd) if d == 3 else (frozen_bias, 0)
    W, B = np.meshgrid(mean[1] + sd * x, bias + bias_sd * x, indexing="ij")
    E_c = np.sum(wx * np.tanh(mean[0] + sd * x))
    E_f = np.array([np.sum(np.outer(wx, wx) * np.tanh(W * aj + B)) for aj in a])
    V = policy_value(E_c * E_f[None, :], (np.sin(3 * a) + 0.5)[None, :], w,
                     np.ones((1, 64, 1)), np.ones(1), 0, 0.15)
    KL = 0.5 * (d * variance + np.sum(np.square(mean)) - d
                - d * math.log(variance))
    return V - 0.5 * KL


class SamplingFloorStatistics:
    """ln(W2 / floor) of comparison.csv at its final time: per N the mean
    over the replicas and its standard error, and per replica the
    least-squares slope of a column against ln N."""

    def __init__(self, N, replica, t, W2, floor):
        final = t == t.max()
        self.levels = np.unique(N)
        self.replicas = np.unique(replica)
        self.at = lambda values, n, r=None: values[
            final & (N == n) & (True if r is None else replica == r)]
        self.log_ratio = np.log(W2 / floor)
        self.log_floor = np.log(floor)
        self.ratio_mean = np.array([np.mean(self.at(self.log_ratio, n))
                                    for n in self.levels])
        self.ratio_se = np.array([standard_error(self.at(self.log_ratio, n))
                                  for n in self.levels])

    def slopes(self, values):
        return np.array([least_squares_slope(
            np.log(self.levels), [self.at(values, n, r)[0] for n in self.levels])
            for r in self.replicas])


def standard_error(values):
    return np.std(values, ddof=1) / math.sqrt(len(values))
