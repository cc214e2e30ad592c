#ifndef mfpg_model_linear_feature_h
#define mfpg_model_linear_feature_h

#include "model/feature_sweeps.h"

#include <string>
#include <vector>

namespace mfpg
{
  class Mdp;

  /**
   * The linear feature f(s, a, theta) = theta · phi(s, a) of model.md §2,
   * with the basis phi = (phi_1, ..., phi_d) given as expressions in the
   * state and action coordinates and tabulated on the grid once, as
   * structure of arrays phi_k[p]. With a quadratic potential it has the
   * exact Gaussian solution of model.md §7.
   */
  class LinearFeature : public FeatureSweeps<LinearFeature>
  {
  public:
    /** @p basis: one expression per component (parameter "Feature/Basis"). */
    LinearFeature(const std::vector<std::string> &basis, const Mdp &mdp);

    unsigned int
    n_parameters() const override;

    std::vector<std::string>
    parameter_names() const override;

    /** Nothing to keep: G does not depend on theta. */
    unsigned int
    sweep_cache_size() const override;

    /** f[p] = sum_k theta_k phi_k[p]. */
    void
    pair_values(const dealii::ArrayView<const double> &theta,
                double                                *f,
                double                                *work,
                double                                *sweep_cache) const;

    /** G_k = sum_p w[p] phi_k[p] (independent of theta). */
    void
    weighted_gradient(const dealii::ArrayView<const double> &theta,
                      const double                          *w,
                      double                                *G,
                      double                                *work,
                      const double                          *sweep_cache) const;

    /** No scratch. */
    unsigned int
    work_size() const;

  private:
    unsigned int d;
    /** phi_k[p] = phi[k * n_pairs + p]. */
    std::vector<double> phi;
  };

  // the sweeps are compiled in linear_feature.cc only (for SIMD lanes)
  extern template class FeatureSweeps<LinearFeature>;
} // namespace mfpg

#endif
