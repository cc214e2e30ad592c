#include "model/linear_feature.h"

#include "model/expression.h"
#include "model/mdp.h"

namespace mfpg
{
  LinearFeature::LinearFeature(const std::vector<std::string> &basis,
                               const Mdp                      &mdp)
    : FeatureSweeps<LinearFeature>(mdp.n_states(), mdp.n_actions())
    , d(basis.size())
    , phi(mdp.n_states() * mdp.n_actions() * basis.size())
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
              phi[(i * n_actions + j) * d + k] = phi_k(x);
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
} // namespace mfpg
