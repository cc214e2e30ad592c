#ifndef mfpg_model_feature_sweeps_h
#define mfpg_model_feature_sweeps_h

#include <deal.II/base/exceptions.h>

#include "model/feature.h"

#include <algorithm>
#include <vector>

namespace mfpg
{
  /**
   * The sweeps of Feature over all state-action pairs, written once for
   * every feature (CRTP). @p Kernel provides two whole-grid operations for
   * one theta, over the n_pairs = n_S n_A pairs p = i * n_actions + j held
   * as structure of arrays, so that their loops run in SIMD lanes:
   *
   *   void pair_values(theta, f, work, cache)   f[p] = f(s_i, a_j, theta)
   *   void weighted_gradient(theta, w, G, work, cache)
   *                                             G = sum_p w[p] grad_theta f
   *
   * (pair_values fills the sweep cache when it is not null, and
   * weighted_gradient then reads it instead of evaluating again), and
   * `unsigned int work_size() const`, the doubles of scratch they need.
   * The scratch is one buffer per thread, grown once: no allocation and no
   * virtual call per evaluation, one virtual call per theta.
   */
  template <class Kernel>
  class FeatureSweeps : public Feature
  {
  public:
    FeatureSweeps(const unsigned int n_states, const unsigned int n_actions)
      : n_states(n_states)
      , n_actions(n_actions)
      , n_pairs(n_states * n_actions)
    {
    }

    void
    add_values(const dealii::ArrayView<const double> &theta,
               const double                           weight,
               dealii::FullMatrix<double>            &F,
               double *sweep_cache = nullptr) const override
    {
      check_size(F);
      const double *__restrict f = values(theta, sweep_cache);
      double *__restrict F_data  = &F(0, 0);
#pragma omp simd
      for (unsigned int p = 0; p < n_pairs; ++p)
        F_data[p] += weight * f[p];
    }

    double
    first_variation(const dealii::ArrayView<const double> &theta,
                    const dealii::FullMatrix<double>      &W) const override
    {
      check_size(W);
      return pair_sum(&W(0, 0), values(theta, nullptr));
    }

    void
    drift(const dealii::ArrayView<const double> &theta,
          const dealii::FullMatrix<double>      &W,
          const dealii::ArrayView<double>       &G,
          const double *sweep_cache = nullptr) const override
    {
      check_size(W);
      AssertDimension(G.size(), this->n_parameters());
      kernel().weighted_gradient(
        theta, &W(0, 0), G.data(), scratch(0), sweep_cache);
    }

    /** One pair through the whole-grid sweeps (O(n_pairs): diagnostics). */
    double
    value_and_gradient(const dealii::ArrayView<const double> &theta,
                       const unsigned int                     i,
                       const unsigned int                     j,
                       const dealii::ArrayView<double> &gradient) const override
    {
      AssertIndexRange(i, n_states);
      AssertIndexRange(j, n_actions);
      AssertDimension(gradient.size(), this->n_parameters());
      const unsigned int  p = i * n_actions + j;
      std::vector<double> unit(n_pairs, 0.);
      unit[p] = 1.;
      kernel().weighted_gradient(
        theta, unit.data(), gradient.data(), scratch(0), nullptr);
      return values(theta, nullptr)[p];
    }

  protected:
    /** sum_p u[p] v[p] over the pairs, in SIMD lanes. */
    double
    pair_sum(const double *__restrict u, const double *__restrict v) const
    {
      double sum = 0.;
#pragma omp simd reduction(+ : sum)
      for (unsigned int p = 0; p < n_pairs; ++p)
        sum += u[p] * v[p];
      return sum;
    }

    const unsigned int n_states;
    const unsigned int n_actions;
    const unsigned int n_pairs;

  private:
    const Kernel &
    kernel() const
    {
      return static_cast<const Kernel &>(*this);
    }

    /**
     * This thread's scratch: @p n_front doubles for the caller, then the
     * kernel's work space. Valid until the thread's next sweep.
     */
    double *
    scratch(const unsigned int n_front) const
    {
      thread_local std::vector<double> buffer;
      const std::size_t                size = n_front + kernel().work_size();
      if (buffer.size() < size)
        buffer.resize(size);
      return buffer.data();
    }

    /** f at every pair, in this thread's scratch. */
    double *
    values(const dealii::ArrayView<const double> &theta,
           double                                *sweep_cache) const
    {
      double *const f = scratch(n_pairs);
      kernel().pair_values(theta, f, f + n_pairs, sweep_cache);
      return f;
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
