#include "model/linear_feature.h"

#include "model/expression.h"
#include "model/mdp.h"

#include <algorithm>

namespace mfpg
{
  LinearFeature::LinearFeature(const std::vector<std::string> &basis,
                               const Mdp                      &mdp)
    : FeatureSweeps<LinearFeature>(mdp.n_states(), mdp.n_actions())
    , d(basis.size())
    , phi(n_pairs * basis.size())
  {
    std::vector<std::string> names =
      coordinate_names("s", mdp.states().dimension());
    for (const auto &a : coordinate_names("a", mdp.actions().dimension()))
      names.push_back(a);
    std::vector<double> x(names.size());
    for (unsigned int k = 0; k < d; ++k)
      {
        const Expression phi_k(basis[k], names, "Feature/Basis");
        for (unsigned int i = 0; i < n_states; ++i)
          for (unsigned int j = 0; j < n_actions; ++j)
            {
              const auto s = mdp.states().point(i);
              const auto a = mdp.actions().point(j);
              std::copy(s.begin(), s.end(), x.begin());
              std::copy(a.begin(), a.end(), x.begin() + s.size());
              phi[k * n_pairs + i * n_actions + j] = phi_k(x);
            }
      }
  }

  unsigned int
  LinearFeature::n_parameters() const
  {
    return d;
  }

  std::vector<std::string>
  LinearFeature::parameter_names() const
  {
    return coordinate_names("theta", d);
  }

  unsigned int
  LinearFeature::sweep_cache_size() const
  {
    return 0;
  }

  unsigned int
  LinearFeature::work_size() const
  {
    return 0;
  }

  void
  LinearFeature::pair_values(const dealii::ArrayView<const double> &theta,
                             double *__restrict f,
                             double *,
                             double *) const
  {
    AssertDimension(theta.size(), d);
    std::fill(f, f + n_pairs, 0.);
    for (unsigned int k = 0; k < d; ++k)
      {
        const double *__restrict phi_k = &phi[k * n_pairs];
        const double theta_k           = theta[k];
#pragma omp simd
        for (unsigned int p = 0; p < n_pairs; ++p)
          f[p] += theta_k * phi_k[p];
      }
  }

  void
  LinearFeature::weighted_gradient(const dealii::ArrayView<const double> &,
                                   const double *__restrict w,
                                   double *__restrict G,
                                   double *,
                                   const double *) const
  {
    for (unsigned int k = 0; k < d; ++k)
      G[k] = pair_sum(w, &phi[k * n_pairs]);
  }

  template class FeatureSweeps<LinearFeature>;
} // namespace mfpg
