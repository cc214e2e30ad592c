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
   * state and action coordinates and tabulated on the grid once. With a
   * quadratic potential it has the exact Gaussian solution of model.md §7.
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

    /** phi_k(s_i, a_j) at pair p = i * n_actions + j. */
    double
    basis_value(const unsigned int p, const unsigned int k) const
    {
      return phi[p * d + k];
    }

    const double *
    prepare(const dealii::ArrayView<const double> &theta) const
    {
      AssertDimension(theta.size(), d);
      return theta.data();
    }

    double
    value(const double *theta, const unsigned int p) const
    {
      const double *phi_p = &phi[p * d];
      double        f     = 0.;
      for (unsigned int k = 0; k < d; ++k)
        f += theta[k] * phi_p[k];
      return f;
    }

    void
    add_gradient(const double *,
                 const unsigned int p,
                 const double       weight,
                 double            *G) const
    {
      const double *phi_p = &phi[p * d];
      for (unsigned int k = 0; k < d; ++k)
        G[k] += weight * phi_p[k];
    }

  private:
    unsigned int        d;
    std::vector<double> phi;
  };
} // namespace mfpg

#endif
