#include "model/linear_feature.h"

#include "model/expression.h"
#include "model/mdp.h"

#include <algorithm>

namespace mfpg
{
  LinearFeature::LinearFeature(const std::vector<std::string> &basis,
                               const Mdp                      &mdp)
    : n_states(mdp.n_states())
    , n_actions(mdp.n_actions())
    , n_pairs(n_states * n_actions)
    , d(basis.size())
    , phi(n_pairs * basis.size())
  {
    std::vector<std::string> names = mdp.state_variable_names();
    for (const auto &a : coordinate_names("a", mdp.actions().dimension()))
      names.push_back(a);
    std::vector<double> x(names.size());
    for (unsigned int k = 0; k < d; ++k)
      {
        const Expression phi_k(basis[k], names, "Feature/Basis");
        for (unsigned int i = 0; i < n_states; ++i)
          for (unsigned int j = 0; j < n_actions; ++j)
            {
              // the cemetery of a safety budget has no features (§13)
              if (mdp.is_cemetery(i))
                continue;
              const auto s = mdp.state_point(i);
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

  std::size_t
  LinearFeature::sweep_cache_size(const unsigned int) const
  {
    return 0;
  }

  void
  LinearFeature::add_values_at_points(const double               *thetas,
                                      const double               *weights,
                                      const unsigned int          n,
                                      dealii::FullMatrix<double> &F,
                                      double *,
                                      const double *) const
  {
    check_size(F, n_states, n_actions);
    double *__restrict F_data = &F(0, 0);
    for (unsigned int k = 0; k < d; ++k)
      {
        double coefficient = 0.;
        for (unsigned int m = 0; m < n; ++m)
          coefficient += weights[m] * thetas[m * d + k];
        const double *__restrict phi_k = &phi[k * n_pairs];
#pragma omp simd
        for (unsigned int p = 0; p < n_pairs; ++p)
          F_data[p] += coefficient * phi_k[p];
      }
  }

  std::vector<double>
  LinearFeature::weighted_basis_sums(const dealii::FullMatrix<double> &W) const
  {
    check_size(W, n_states, n_actions);
    const double *__restrict w = &W(0, 0);
    std::vector<double> g(d);
    for (unsigned int k = 0; k < d; ++k)
      {
        const double *__restrict phi_k = &phi[k * n_pairs];
        double sum                     = 0.;
#pragma omp simd reduction(+ : sum)
        for (unsigned int p = 0; p < n_pairs; ++p)
          sum += w[p] * phi_k[p];
        g[k] = sum;
      }
    return g;
  }

  void
  LinearFeature::first_variation_at_points(const double      *thetas,
                                           const unsigned int n,
                                           const dealii::FullMatrix<double> &W,
                                           double *values) const
  {
    const std::vector<double> g = weighted_basis_sums(W);
    for (unsigned int m = 0; m < n; ++m)
      {
        values[m] = 0.;
        for (unsigned int k = 0; k < d; ++k)
          values[m] += thetas[m * d + k] * g[k];
      }
  }

  void
  LinearFeature::drift_at_points(const double *,
                                 const unsigned int                n,
                                 const dealii::FullMatrix<double> &W,
                                 double                           *G,
                                 const double *) const
  {
    const std::vector<double> g = weighted_basis_sums(W);
    for (unsigned int m = 0; m < n; ++m)
      std::copy(g.begin(), g.end(), G + m * d);
  }

  double
  LinearFeature::value_and_gradient(
    const dealii::ArrayView<const double> &theta,
    const unsigned int                     i,
    const unsigned int                     j,
    const dealii::ArrayView<double>       &gradient) const
  {
    AssertDimension(theta.size(), d);
    AssertDimension(gradient.size(), d);
    AssertIndexRange(i, n_states);
    AssertIndexRange(j, n_actions);
    const unsigned int p = i * n_actions + j;
    double             f = 0.;
    for (unsigned int k = 0; k < d; ++k)
      {
        gradient[k] = phi[k * n_pairs + p];
        f += theta[k] * gradient[k];
      }
    return f;
  }
} // namespace mfpg
