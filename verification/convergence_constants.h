#ifndef mfpg_verification_convergence_constants_h
#define mfpg_verification_convergence_constants_h

#include <deal.II/base/array_view.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include "model/model.h"

#include <string>
#include <utility>
#include <vector>

namespace mfpg
{
  /**
   * One constant of the convergence theorem of model.md §6, with how it was
   * obtained and whether the number is exact, a lower bound or an upper
   * bound of the constant the theorem needs; for a supremum, also the
   * region it was taken over and where it was attained (model.md §6.4).
   */
  struct TheoryConstant
  {
    enum class Bound
    {
      exact,
      lower_bound,
      upper_bound
    };

    double      value;
    Bound       bound;
    std::string method;
    /** Where the supremum was taken, e.g. "[-6, 6]^3" or "R^3". */
    std::string region = "";
    /** The point at which the value was attained (empty: none, or exact). */
    std::vector<double> argmax = {};
    /** A growing-box estimate: (b, largest value on [-b, b]^d) per box. */
    std::vector<std::pair<double, double>> growing_boxes = {};
  };

  /**
   * One line: "value (bound over region, at (argmax): method)", with the
   * sequence of growing boxes if there is one.
   */
  std::string
  describe(const TheoryConstant &constant);

  /** "exact", "lower bound" or "upper bound". */
  std::string
  to_string(const TheoryConstant::Bound bound);

  /**
   * The constants of the exponential-convergence theorem of Leahy et al.
   * (model.md §6), W2(nu_t, nu*) <= e^{-beta t} W2(nu_0, nu*) when
   * beta = sigma^2 kappa / 2 - C_2 - L > 0, for a linear feature
   * f = theta · phi and the quadratic potential:
   *
   *  - kappa, the smallest eigenvalue of K: exact;
   *  - C_2 = sup |Hess_theta dV/dnu| = 0: exact, dV/dnu(nu, theta) =
   *    theta · g(m) is linear in theta;
   *  - L, the Lipschitz constant of nu -> G(nu, theta) = g(m_nu) in W1:
   *    |g(m) - g(m')| <= sup ||Dg|| |m - m'| and |m - m'| <= W1(nu, nu'),
   *    with equality for translations, so L = sup_m ||Dg(m)||_2. It is
   *    estimated by the largest spectral norm of the (central-difference)
   *    Jacobian Dg on a grid of n points per axis over the box
   *    [-bound, bound]^d of means (linear_feature_convergence_constants):
   *    a lower bound of the supremum over R^d, equal to it up to the grid
   *    only when the maximum lies inside the box. Dg need not decay at large
   *    |m| (in a direction in which the policy of some state never
   *    saturates, or for a small feature scale, the supremum lies far out):
   *    global_linear_feature_convergence_constants() searches R^d.
   *
   * beta() is then sigma^2 kappa / 2 - C_2 - L, an upper bound of the
   * theorem's beta whenever L is a lower bound.
   */
  struct ConvergenceConstants
  {
    TheoryConstant kappa;
    TheoryConstant C2;
    TheoryConstant L;
    double         sigma;

    double
    beta() const;
  };

  ConvergenceConstants
  linear_feature_convergence_constants(const Model       &model,
                                       const double       bound,
                                       const unsigned int n_per_axis);

  struct SupremumSearch;

  /**
   * The same constants with L = sup_m ||Dg(m)||_2 estimated over R^d by
   * global_maximum() (growing boxes and BFGS from far-out starts, model.md
   * §6.4): still a lower bound of L, but not confined to a box.
   */
  ConvergenceConstants
  global_linear_feature_convergence_constants(const Model          &model,
                                              const SupremumSearch &search);

  /**
   * Hess_theta dV/dnu(nu, theta) = sum_ij W_ij Hess_theta f(s_i, a_j, theta)
   * for the coupling weights @p W of nu, by central differences (step
   * @p h) of the drift G = grad_theta dV/dnu, symmetrised: error O(h^2).
   */
  dealii::FullMatrix<double>
  first_variation_hessian(const Feature                         &feature,
                          const dealii::ArrayView<const double> &theta,
                          const dealii::FullMatrix<double>      &W,
                          const double                           h = 1e-4);

  /** Where and how densely sampled_convergence_constants() looks. */
  struct ConstantSampling
  {
    /** Means of the sampled measures and the points theta: [lo, hi]^d. */
    double lo = -3.;
    double hi = 3.;
    /** Widths s of the measures N(m, s^2 I), uniform in [s_min, s_max]. */
    double       width_min          = 0.3;
    double       width_max          = 1.5;
    unsigned int n_measures         = 16;
    unsigned int points_per_measure = 64;
    unsigned int n_theta            = 64;
    /** Perturbation size, relative to the measure's width, for L. */
    double       perturbation = 0.05;
    unsigned int seed         = 1;
  };

  /**
   * The constants of the theorem for any feature, by sampling (model.md
   * §6); both sampled suprema are lower bounds of the constants the
   * theorem needs, so beta() is an upper bound of its beta:
   *
   *  - kappa: exact, as above;
   *  - C_2 = sup |Hess_theta dV/dnu(nu, theta)|_2 over the sampled
   *    measures nu (empirical measures of points_per_measure draws from
   *    N(m, s^2 I), m uniform in the box, s in [width_min, width_max]) and
   *    points theta (uniform in the box), by first_variation_hessian();
   *  - L = sup |G(nu, theta) - G(nu', theta)| / W1(nu, nu') over pairs
   *    (nu, nu') where nu' moves every point x_n of nu by delta_n — once
   *    all by one vector (a translation, W1 = |delta| exactly), once each
   *    by its own — and W1(nu, nu') is replaced by the cost of that
   *    coupling, mean |delta_n| >= W1: each ratio is then a lower bound of
   *    the Lipschitz constant, with no transport problem to solve.
   *
   * Sample q of theta and measure m are drawn from RandomStream(seed, q, 1)
   * and RandomStream(seed, m, 2): a larger sample contains a smaller one,
   * so the estimates only grow with it. They grow slowly in d >= 2 (the
   * box is sparsely covered: see the tests' measured values for the tanh
   * neuron on the A&L MDP, d = 4), so read them as lower bounds, and
   * beta() as an upper bound, as their Bound says. Cost: n_measures
   * (n_theta (2d + 2) drift sweeps + 3 sweeps for F).
   */
  ConvergenceConstants
  sampled_convergence_constants(const Model            &model,
                                const ConstantSampling &sampling);

  /**
   * sampled_convergence_constants() on the growing boxes
   * [-2^k b, 2^k b]^d, b = search.initial_bound (the sampling's lo and hi
   * are replaced), C_2 and L each by growing_box_estimate(): the largest
   * sampled value over the boxes, with the sequence and whether it
   * settled. One sample per box serves both constants.
   */
  ConvergenceConstants
  global_sampled_convergence_constants(const Model            &model,
                                       const ConstantSampling &sampling,
                                       const SupremumSearch   &search);

  /**
   * D of model.md §6.1 for any feature, the Lipschitz constant of
   * tau -> G_tau(nu, theta), by the sampling of
   * sampled_convergence_constants() (the same measures nu and points theta,
   * from the same streams): the largest
   * |G_tau'(nu, theta) - G_tau(nu, theta)| / |tau' - tau| over them and
   * the tau' != tau of @p taus (0 if there is none), tau that of
   * @p parameters and G_tau' that of the same model with entropy strength
   * tau'. Each ratio is a secant of tau -> G, at most its Lipschitz
   * constant on the interval between tau and tau', so the value is a lower
   * bound of D over the range of the sweep.
   */
  TheoryConstant
  sampled_entropy_lipschitz_constant(const Model::Parameters   &parameters,
                                     const std::vector<double> &taus,
                                     const ConstantSampling    &sampling);

  /**
   * sampled_entropy_lipschitz_constant() on the growing boxes
   * [-2^k b, 2^k b]^d, b = search.initial_bound, by growing_box_estimate():
   * the estimate of D over R^d.
   */
  TheoryConstant
  global_sampled_entropy_lipschitz_constant(const Model::Parameters &parameters,
                                            const std::vector<double> &taus,
                                            const ConstantSampling    &sampling,
                                            const SupremumSearch      &search);
} // namespace mfpg

#endif
