#ifndef mfpg_verification_barenblatt_flow_h
#define mfpg_verification_barenblatt_flow_h

#include "model/barenblatt_profile.h"
#include "model/model.h"
#include "verification/gaussian_flow.h"

#include <vector>

namespace mfpg
{
  /**
   * The exact porous-medium flow of docs/model.md §11.3. With the Tsallis
   * regulariser h_m, a linear feature f = theta · phi and an isotropic
   * potential U = kappa |theta - c|^2 / 2 + const, the drift of the
   * policy, g(m), depends on nu only through its mean m, and
   *
   *   d_t nu = -div(nu (g(m) - D kappa (theta - c))) + D Lap(nu^m),
   *   D = sigma^2 / 2,
   *
   * maps a Barenblatt profile of exponent m to the profile with
   *
   *   dm/dt = g(m) - D kappa (m - c)   (the entropy case's mean equation,
   *                                     GaussianFlow::mean_drift),
   *   R(t)^q = R*^q + (R_0^q - R*^q) e^{-q D kappa t},  q = (m - 1) d + 2,
   *   R*^{2p + d} = Gamma(p + 1 + d/2) / (((m - 1) kappa / (2m))^p
   *                 pi^{d/2} Gamma(p + 1)),  p = 1 / (m - 1).
   *
   * The stationary law is the profile with m* (GaussianFlow's stationary
   * mean, with its stability check) and R*. V depends on the mean only;
   * J_h = V - D (∫ h_m(nu) + ∫ U dnu) in closed form.
   *
   * The object keeps a reference to the Model, which must outlive it.
   */
  class BarenblattFlow
  {
  public:
    /**
     * Throws a ParameterError naming "Regularisation/Regulariser" unless it
     * is tsallis, "Feature/Type" unless the feature is linear,
     * "Regularisation/Potential stiffness" unless K = kappa I, and
     * "Regularisation/Sigma" for sigma = 0.
     */
    explicit BarenblattFlow(const Model &model);

    /** m of h_m. */
    double
    exponent() const;

    /** R* (its mean's equation does not enter). */
    double
    stationary_radius() const;

    /**
     * The profile at each of @p times from @p initial at t = 0 (its
     * exponent must be the model's; otherwise std::invalid_argument), the
     * times >= 0 and non-decreasing as for GaussianFlow::solve().
     */
    std::vector<BarenblattProfile>
    solve(const BarenblattProfile   &initial,
          const std::vector<double> &times) const;

    /**
     * The stationary profile: m* and R*; throws std::runtime_error if m*
     * is not linearly stable (GaussianFlow::stationary_law()).
     */
    BarenblattProfile
    stationary_law() const;

    /** V(rho; pi_nu): the policy energy is F = mean · phi. */
    double
    objective(const BarenblattProfile &law) const;

    /**
     * J_h = V - D (∫ h_m(nu) + ∫ U dnu), ∫ h_m(nu) = (∫ nu^m - 1) / (m - 1)
     * (BarenblattProfile::integral_of_power), ∫ U dnu by
     * QuadraticPotential::expected_value.
     */
    double
    regularised_objective(const BarenblattProfile &law) const;

  private:
    const Model &model;
    GaussianFlow mean_flow;
    double       m;
    double       kappa;
    double       diffusion;
  };
} // namespace mfpg

#endif
