#ifndef mfpg_model_linear_feature_h
#define mfpg_model_linear_feature_h

#include "model/feature.h"

#include <string>
#include <vector>

namespace mfpg
{
  class Mdp;

  /**
   * The linear feature f(s, a, theta) = theta · phi(s, a) of model.md §2,
   * with the basis phi = (phi_1, ..., phi_d) given as expressions in the
   * state and action coordinates and tabulated on the grid once, as
   * structure of arrays phi_k[p] over the pairs p = i n_A + j. With a
   * quadratic potential it has the exact Gaussian solution of model.md §7.
   *
   * Linearity makes every sweep one pass over the pairs whatever the number
   * of points: F += sum_k (sum_m w_m theta_mk) phi_k, and G(nu, theta) =
   * (sum_p W_p phi_k[p])_k does not depend on theta.
   */
  class LinearFeature : public Feature
  {
  public:
    /** @p basis: one expression per component (parameter "Feature/Basis"). */
    LinearFeature(const std::vector<std::string> &basis, const Mdp &mdp);

    unsigned int
    n_parameters() const override;

    std::vector<std::string>
    parameter_names() const override;

    /** Nothing to keep: G does not depend on theta. */
    std::size_t
    sweep_cache_size(const unsigned int n) const override;

    void
    add_values_at_points(
      const double               *thetas,
      const double               *weights,
      const unsigned int          n,
      dealii::FullMatrix<double> &F,
      double                     *sweep_cache      = nullptr,
      const double               *next_sweep_cache = nullptr) const override;

    void
    first_variation_at_points(const double                     *thetas,
                              const unsigned int                n,
                              const dealii::FullMatrix<double> &W,
                              double *values) const override;

    void
    drift_at_points(const double                     *thetas,
                    const unsigned int                n,
                    const dealii::FullMatrix<double> &W,
                    double                           *G,
                    const double *sweep_cache = nullptr) const override;

    double
    value_and_gradient(
      const dealii::ArrayView<const double> &theta,
      const unsigned int                     i,
      const unsigned int                     j,
      const dealii::ArrayView<double>       &gradient) const override;

  private:
    /** g_k = sum_p W_p phi_k[p], the drift at every theta. */
    std::vector<double>
    weighted_basis_sums(const dealii::FullMatrix<double> &W) const;

    unsigned int n_states;
    unsigned int n_actions;
    unsigned int n_pairs;
    unsigned int d;
    /** phi_k[p] = phi[k * n_pairs + p]. */
    std::vector<double> phi;
  };
} // namespace mfpg

#endif
