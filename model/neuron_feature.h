#ifndef mfpg_model_neuron_feature_h
#define mfpg_model_neuron_feature_h

#include "model/feature.h"
#include "simd/vectorised_tanh.h"

#include <array>
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace mfpg
{
  class Mdp;

  /**
   * The hyperbolic tangent, sigma(z) = tanh z (Leahy et al.'s neuron), by
   * the inline tanh_in_lane, for a double or for Lanes.
   */
  struct TanhActivation
  {
    template <class T>
    T
    value(const T &z) const
    {
      return tanh_in_lane(z);
    }

    /** sigma' = 1 - s^2 from the value s = tanh z. */
    template <class T>
    T
    derivative_from_value(const T &s) const
    {
      return 1. - s * s;
    }
  };

  /**
   * The ReLU of Agazzi & Lu, smoothed for the mesh solver:
   * relu_eps(z) = eps ln(1 + e^{z/eps}) (softplus), which tends to max(0, z)
   * with error at most eps ln 2; eps = 0 is the exact ReLU. On Lanes, lane
   * by lane (libm's log1p and exp).
   */
  struct SmoothedReluActivation
  {
    double eps;

    double
    value(const double z) const
    {
      if (eps == 0.)
        return z > 0. ? z : 0.;
      return std::max(z, 0.) + eps * std::log1p(std::exp(-std::abs(z) / eps));
    }

    /**
     * relu_eps' = 1 / (1 + e^{-z/eps}) = 1 - e^{-s/eps} from the value
     * s = relu_eps(z); the step 1{z > 0} = 1{s > 0} at eps = 0.
     */
    double
    derivative_from_value(const double s) const
    {
      if (eps == 0.)
        return s > 0. ? 1. : 0.;
      return -std::expm1(-s / eps);
    }

    /** value() of each lane of @p z (Lanes). */
    template <class T>
    T
    value(const T &z) const
    {
      return in_each_lane(z, [this](const double x) { return value(x); });
    }

    /** derivative_from_value() of each lane of @p s (Lanes). */
    template <class T>
    T
    derivative_from_value(const T &s) const
    {
      return in_each_lane(s, [this](const double x) {
        return derivative_from_value(x);
      });
    }

  private:
    template <class T, class Function>
    static T
    in_each_lane(const T &x, const Function &f)
    {
      T y;
      for (unsigned int l = 0; l < sizeof(T) / sizeof(double); ++l)
        y[l] = f(x[l]);
      return y;
    }
  };

  /**
   * A single neuron of model.md §2, f(s, a, theta) = psi(c) sigma(w · x + b)
   * with x = (s, a) (under MDP/Safety x = (s, z, a), and f = 0 at the
   * cemetery, §13), full parameter (c, w_1..w_n, b), n the length of x, output
   * psi in {identity, tanh} and activation sigma a template argument
   * (TanhActivation: the "tanh neuron"; SmoothedReluActivation: the "relu
   * neuron"). Any components may be frozen at constants; theta holds the
   * others in the order c, w_1, ..., w_n, b, so that d <= 3 for the mesh.
   *
   * The sweeps take the points in blocks of n_lanes, one point per
   * lane of Lanes (neuron_feature.cc is compiled for the host's vector
   * width): for the pairs p in turn, with the inputs x_k[p] as structure of
   * arrays and a block's w_k and b in registers, its pre-activations
   * z_p = b + sum_k w_k x_k[p] and activations s_p = sigma(z_p) (sigma
   * inline) stay in registers, and
   *   F_p += sum_m weight_m psi(c_m) s_p,
   *   dV/dnu = psi(c) sum_p W_p s_p,
   *   dG/dc = psi'(c) sum_p W_p s_p,
   *   dG/dw_k = psi(c) sum_p W_p sigma'_p x_k[p],
   *   dG/db = psi(c) sum_p W_p sigma'_p
   * are vertical sums over p in the lanes, with no horizontal reduction
   * but one per pair of F at the end of a sweep. The sweep cache keeps a
   * block's activations and psi in that layout.
   */
  template <class Activation>
  class NeuronFeature : public Feature
  {
  public:
    static constexpr unsigned int max_inputs = 6;

    /**
     * @p output_function "identity" or "tanh"; @p frozen maps component
     * names (c, w or w1..wn, b) to constants; an unknown name throws a
     * ParameterError naming "Feature/Frozen components".
     */
    NeuronFeature(const Activation                    &activation,
                  const std::string                   &output_function,
                  const std::map<std::string, double> &frozen,
                  const Mdp                           &mdp);

    unsigned int
    n_parameters() const override;

    std::vector<std::string>
    parameter_names() const override;

    /** Per block of lanes points: the activations s_p, then psi(c). */
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

    /** Through the sweeps with a unit W (O(n_pairs): diagnostics). */
    double
    value_and_gradient(
      const dealii::ArrayView<const double> &theta,
      const unsigned int                     i,
      const unsigned int                     j,
      const dealii::ArrayView<double>       &gradient) const override;

  private:
    static constexpr unsigned int L = n_lanes;

    /** psi'(c) from the value psi = psi(c). */
    double
    output_derivative_from_value(const double psi) const;

    /** The doubles of one block in the sweep cache: s_p, then psi. */
    std::size_t
    block_cache_size() const;

    /**
     * The full parameters (c, w_1..w_n, b) of the points thetas[0..n_valid)
     * in lanes, q[r L + l] for component r of point l, the last point
     * repeated in the lanes beyond n_valid.
     */
    void
    lane_parameters(const double      *thetas,
                    const unsigned int n_valid,
                    double            *q) const;

    /**
     * This thread's scratch of @p size doubles (a sweep's lanes of F, its
     * lanes' parameters, W x), 64-byte aligned: a block's Lanes in it fill
     * whole cache lines.
     */
    double *
    scratch(const std::size_t size) const;

    Activation   activation;
    bool         tanh_output;
    unsigned int n_states;
    unsigned int n_actions;
    unsigned int n_pairs;
    unsigned int n_inputs;
    /** x_k[p] = inputs[k * n_pairs + p]. */
    std::vector<double> inputs;
    /** The full parameter (c, w, b) with frozen values; free ones unused. */
    std::vector<double> frozen_values;
    /** The position in theta of each full component, -1 when frozen. */
    std::vector<int>         free_index;
    std::vector<std::string> full_names;
    unsigned int             d;
  };

  // the sweeps are compiled in neuron_feature.cc only (for SIMD lanes)
  extern template class NeuronFeature<TanhActivation>;
  extern template class NeuronFeature<SmoothedReluActivation>;
} // namespace mfpg

#endif
