#ifndef mfpg_verification_gaussian_flow_h
#define mfpg_verification_gaussian_flow_h

#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include "model/gaussian_law.h"
#include "model/linear_feature.h"
#include "model/model.h"

#include <vector>

namespace mfpg
{
  /**
   * The exact solution of model.md §7. For a linear feature
   * f = theta · phi(s, a) and the quadratic potential
   * U(theta) = (1/2)(theta - c)^T K (theta - c) + const, the drift
   * G(nu, theta) = g(m) = sum_ij W_ij(m) phi_ij depends on nu only through
   * its mean m (the policy energy is F = m · phi), so the flow of §5 maps a
   * Gaussian nu_0 = N(m_0, S_0) to the Gaussian nu_t = N(m(t), S(t)) with
   *
   *   dm/dt = g(m) - (sigma^2/2) K (m - c),
   *   dS/dt = -(sigma^2/2)(K S + S K) + sigma^2 I.
   *
   * The whole nonlinear, nonlocal Fokker–Planck equation (bandit or MDP,
   * any d) becomes an ODE of size d + d^2, integrated here by Boost.odeint's
   * Dormand–Prince 5(4) with dense output at tolerances 1e-10: the reference
   * against which the mesh and particle solvers are measured.
   *
   * g(m) is computed by the model layer exactly as the solvers compute the
   * drift (Feature::add_values, PolicyGradient, Feature::drift), so that the
   * comparison tests the solvers' discretisation of nu, not a second
   * implementation of the MDP.
   *
   * Stationary laws: S* = K^{-1} (the covariance equation is linear and
   * always stable, its eigenvalues being -(sigma^2/2)(k_a + k_b) for the
   * eigenvalues k of K), and m* a zero of the mean drift, found by Newton's
   * method from c. The fixed point is a limit of the flow only if it is
   * linearly stable, i.e. every eigenvalue of the Jacobian
   * Dg(m*) - (sigma^2/2) K has negative real part; stationary_law() refuses
   * to return an unstable one. A model may have several stationary means
   * (small sigma, strong coupling); Newton returns the one it reaches from c.
   *
   * The object keeps a reference to the Model, which must outlive it.
   */
  class GaussianFlow
  {
  public:
    /** The stationary point and the evidence for it. */
    struct StationaryPoint
    {
      /** N(m*, K^{-1}). */
      GaussianLaw law;

      /** |mean_drift(m*)|, below 1e-12. */
      double newton_residual;

      unsigned int newton_iterations;

      /** Real parts of the eigenvalues of D mean_drift(m*), ascending. */
      dealii::Vector<double> jacobian_eigenvalues_real_parts;

      /** All real parts negative: the flow converges to it locally. */
      bool
      is_linearly_stable() const;
    };

    /**
     * Throws a ParameterError naming "Feature/Type" if the model's feature
     * is not linear: only then is the exact solution Gaussian.
     */
    explicit GaussianFlow(const Model &model);

    /** d, the dimension of theta. */
    unsigned int
    n_parameters() const;

    /** g(m) = sum_ij W_ij(m) phi_ij for the policy energy F = m · phi. */
    dealii::Vector<double>
    policy_gradient_drift(const dealii::Vector<double> &m) const;

    /** dm/dt = g(m) - (sigma^2/2) K (m - c). */
    dealii::Vector<double>
    mean_drift(const dealii::Vector<double> &m) const;

    /**
     * The Jacobian of mean_drift() at @p m, by central differences with
     * step 1e-6 max(1, |m_k|) (error about 1e-12 |D^3 g|, round-off about
     * 1e-10): for Newton's method and the stability of a fixed point.
     */
    dealii::FullMatrix<double>
    mean_drift_jacobian(const dealii::Vector<double> &m) const;

    /** dS/dt = -(sigma^2/2)(K S + S K) + sigma^2 I. */
    dealii::FullMatrix<double>
    covariance_drift(const dealii::FullMatrix<double> &S) const;

    /**
     * The law nu_t = N(m(t), S(t)) at each of @p times, starting from
     * nu_0 = @p initial at t = 0. The times must be >= 0 and
     * non-decreasing (repetitions are allowed); anything else, or an
     * initial law of the wrong dimension, throws std::invalid_argument.
     */
    std::vector<GaussianLaw>
    solve(const GaussianLaw &initial, const std::vector<double> &times) const;

    /**
     * Newton's method for mean_drift(m*) = 0 from c, to |residual| < 1e-12
     * (at most 50 iterations, with step halving when a full step does not
     * reduce the residual), and the eigenvalues of the Jacobian there.
     * Throws std::runtime_error if Newton fails; does not check stability.
     */
    StationaryPoint
    stationary_point() const;

    /**
     * The stationary law N(m*, K^{-1}) of stationary_point(); throws
     * std::runtime_error, listing the real parts, if it is not linearly
     * stable.
     */
    GaussianLaw
    stationary_law() const;

    /** stationary_point().jacobian_eigenvalues_real_parts. */
    dealii::Vector<double>
    stationary_jacobian_eigenvalues_real_parts() const;

    /** V(rho; pi_nu) for nu = @p law: the policy energy is F = m · phi. */
    double
    objective(const GaussianLaw &law) const;

    /**
     * J(nu) = V(rho; pi_nu) - (sigma^2/2) KL(nu | e^{-U}), the quantity the
     * flow increases (model.md §5), with KL in closed form for a Gaussian.
     */
    double
    regularised_objective(const GaussianLaw &law) const;

    /**
     * The policy energy F = m · phi of every law of mean @p m (a linear
     * feature: F depends on the mean only).
     */
    dealii::FullMatrix<double>
    policy_energy(const dealii::Vector<double> &m) const;

  private:
    const Model         &model;
    const LinearFeature &feature;

    void
    check_dimension(const GaussianLaw &law, const char *function) const;
  };
} // namespace mfpg

#endif
