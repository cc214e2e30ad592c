#ifndef mfpg_model_neuron_feature_h
#define mfpg_model_neuron_feature_h

#include "model/feature_sweeps.h"
#include "model/vectorised_tanh.h"

#include <array>
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace mfpg
{
  class Mdp;

  /**
   * The hyperbolic tangent, sigma(z) = tanh z (Leahy et al.'s neuron),
   * evaluated over a whole sweep in SIMD lanes (tanh_of_array).
   */
  struct TanhActivation
  {
    /** s_p = tanh z_p, p < n. */
    void
    values(const double *z, double *s, const unsigned int n) const
    {
      tanh_of_array(z, s, n);
    }

    /** sigma' = 1 - s^2 from the value s = tanh z. */
    double
    derivative_from_value(const double s) const
    {
      return 1. - s * s;
    }

    double
    value(const double z) const
    {
      return std::tanh(z);
    }
  };

  /**
   * The ReLU of Agazzi & Lu, smoothed for the mesh solver:
   * relu_eps(z) = eps ln(1 + e^{z/eps}) (softplus), which tends to max(0, z)
   * with error at most eps ln 2; eps = 0 is the exact ReLU.
   */
  struct SmoothedReluActivation
  {
    double eps;

    void
    values(const double *z, double *s, const unsigned int n) const
    {
      for (unsigned int p = 0; p < n; ++p)
        s[p] = value(z[p]);
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

    double
    value(const double z) const
    {
      if (eps == 0.)
        return z > 0. ? z : 0.;
      return std::max(z, 0.) + eps * std::log1p(std::exp(-std::abs(z) / eps));
    }
  };

  /**
   * A single neuron of model.md §2, f(s, a, theta) = psi(c) sigma(w · x + b)
   * with x = (s, a), full parameter (c, w_1..w_n, b), n = d_S + d_A, output
   * psi in {identity, tanh} and activation sigma a template argument
   * (TanhActivation: the "tanh neuron"; SmoothedReluActivation: the "relu
   * neuron"). Any components may be frozen at constants; theta holds the
   * others in the order c, w_1, ..., w_n, b, so that d <= 3 for the mesh.
   *
   * The sweeps over the pairs p run in SIMD lanes (neuron_feature.cc is
   * compiled for the host's vector width): the inputs are stored as
   * structure of arrays x_k[p], the pre-activations z_p = b + sum_k w_k
   * x_k[p] and the activations sigma(z_p) are formed for all pairs at once,
   * and the gradient is three kinds of dot product over p,
   *   dG/dc = psi'(c) sum_p w_p sigma(z_p),
   *   dG/dw_k = psi(c) sum_p w_p sigma'(z_p) x_k[p],
   *   dG/db = psi(c) sum_p w_p sigma'(z_p).
   */
  template <class Activation>
  class NeuronFeature : public FeatureSweeps<NeuronFeature<Activation>>
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

    /** The activations sigma(z_p) at every pair, then psi(c) and psi'(c). */
    unsigned int
    sweep_cache_size() const override;

    /**
     * f at every pair into @p f; @p work: work_size() doubles; the sweep
     * cache, if not null, receives the activations, psi and psi'.
     */
    void
    pair_values(const dealii::ArrayView<const double> &theta,
                double                                *f,
                double                                *work,
                double                                *sweep_cache) const;

    /**
     * G = sum_p w[p] grad_theta f at pair p, from the sweep cache when it
     * is not null (no activation evaluated).
     */
    void
    weighted_gradient(const dealii::ArrayView<const double> &theta,
                      const double                          *w,
                      double                                *G,
                      double                                *work,
                      const double                          *sweep_cache) const;

    unsigned int
    work_size() const;

  private:
    /** theta completed by the frozen components. */
    struct FullParameter
    {
      double                         c;
      std::array<double, max_inputs> w;
      double                         b;
    };

    FullParameter
    full_parameter_of(const dealii::ArrayView<const double> &theta) const;

    /** psi(c) and psi'(c). */
    std::pair<double, double>
    output(const double c) const;

    /**
     * z_p and s_p = sigma(z_p) for every pair (@p z and @p s of
     * padded_size()), and (psi(c), psi'(c)).
     */
    std::pair<double, double>
    activations(const FullParameter &q, double *z, double *s) const;

    /** n_pairs + 1 rounded up to a whole number of 8 SIMD lanes. */
    unsigned int
    padded_size() const;

    /** z_p = b + sum_k w_k x_k[p] for every pair. */
    void
    preactivations(const FullParameter &q, double *z) const;

    Activation   activation;
    bool         tanh_output;
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
  extern template class FeatureSweeps<NeuronFeature<TanhActivation>>;
  extern template class FeatureSweeps<NeuronFeature<SmoothedReluActivation>>;
  extern template class NeuronFeature<TanhActivation>;
  extern template class NeuronFeature<SmoothedReluActivation>;
} // namespace mfpg

#endif
