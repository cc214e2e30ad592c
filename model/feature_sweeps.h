#ifndef mfpg_model_feature_sweeps_h
#define mfpg_model_feature_sweeps_h

#include <deal.II/base/exceptions.h>

#include "model/feature.h"

#include <algorithm>

namespace mfpg
{
  /**
   * The sweeps of Feature over all state-action pairs, written once for
   * every feature (CRTP): @p Kernel provides, for a theta prepared once per
   * sweep by `prepare(theta)`,
   *
   *   double value(prepared, p)                       f at pair p
   *   void   add_gradient(prepared, p, weight, G)     G += weight grad_theta f
   *
   * as non-virtual, inlinable functions; pair p = i * n_actions + j.
   */
  template <class Kernel>
  class FeatureSweeps : public Feature
  {
  public:
    FeatureSweeps(const unsigned int n_states, const unsigned int n_actions)
      : n_states(n_states)
      , n_actions(n_actions)
    {
    }

    void
    add_values(const dealii::ArrayView<const double> &theta,
               const double                           weight,
               dealii::FullMatrix<double>            &F) const override
    {
      check_size(F);
      const auto    prepared = kernel().prepare(theta);
      double *const f        = &F(0, 0);
      for (unsigned int p = 0; p < n_states * n_actions; ++p)
        f[p] += weight * kernel().value(prepared, p);
    }

    double
    first_variation(const dealii::ArrayView<const double> &theta,
                    const dealii::FullMatrix<double>      &W) const override
    {
      check_size(W);
      const auto          prepared = kernel().prepare(theta);
      const double *const w        = &W(0, 0);
      double              sum      = 0.;
      for (unsigned int p = 0; p < n_states * n_actions; ++p)
        sum += w[p] * kernel().value(prepared, p);
      return sum;
    }

    void
    drift(const dealii::ArrayView<const double> &theta,
          const dealii::FullMatrix<double>      &W,
          const dealii::ArrayView<double>       &G) const override
    {
      check_size(W);
      AssertDimension(G.size(), this->n_parameters());
      const auto          prepared = kernel().prepare(theta);
      const double *const w        = &W(0, 0);
      std::fill(G.begin(), G.end(), 0.);
      for (unsigned int p = 0; p < n_states * n_actions; ++p)
        kernel().add_gradient(prepared, p, w[p], G.data());
    }

    double
    value_and_gradient(const dealii::ArrayView<const double> &theta,
                       const unsigned int                     i,
                       const unsigned int                     j,
                       const dealii::ArrayView<double> &gradient) const override
    {
      AssertIndexRange(i, n_states);
      AssertIndexRange(j, n_actions);
      AssertDimension(gradient.size(), this->n_parameters());
      const auto         prepared = kernel().prepare(theta);
      const unsigned int p        = i * n_actions + j;
      std::fill(gradient.begin(), gradient.end(), 0.);
      kernel().add_gradient(prepared, p, 1., gradient.data());
      return kernel().value(prepared, p);
    }

  protected:
    const unsigned int n_states;
    const unsigned int n_actions;

  private:
    const Kernel &
    kernel() const
    {
      return static_cast<const Kernel &>(*this);
    }

    void
    check_size(const dealii::FullMatrix<double> &M) const
    {
      AssertThrow(M.m() == n_states && M.n() == n_actions,
                  dealii::ExcMessage("A state-action matrix of size " +
                                     std::to_string(M.m()) + " x " +
                                     std::to_string(M.n()) +
                                     " does not match the MDP's grid."));
    }
  };
} // namespace mfpg

#endif
