#ifndef mfpg_model_slotboom_potential_h
#define mfpg_model_slotboom_potential_h

#include <deal.II/lac/full_matrix.h>

namespace mfpg
{
  class Feature;
  class QuadraticPotential;

  /**
   * The Slotboom potential of model.md §5.2,
   *   Phi_nu(theta) = U(theta) - (2/sigma^2) dV/dnu(nu, theta),
   * at the @p n points theta_m = thetas[m d .. (m + 1) d), written into
   * Phi[0 .. n): one first-variation sweep of @p feature for the coupling
   * weights @p W of nu (Feature::first_variation_at_points), then the
   * potential at each point. sigma > 0.
   */
  void
  slotboom_potential_at_points(const Feature                    &feature,
                               const QuadraticPotential         &potential,
                               const double                      sigma,
                               const dealii::FullMatrix<double> &W,
                               const double                     *thetas,
                               const unsigned int                n,
                               double                           *Phi);
} // namespace mfpg

#endif
