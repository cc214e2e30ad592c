#ifndef mfpg_model_neuron_feature_h
#define mfpg_model_neuron_feature_h

#include "model/feature_sweeps.h"

#include <array>
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace mfpg
{
  class Mdp;

  /** The hyperbolic tangent, sigma(z) = tanh z (Leahy et al.'s neuron). */
  struct TanhActivation
  {
    double
    value(const double z) const
    {
      return std::tanh(z);
    }
    double
    derivative(const double z) const
    {
      const double t = std::tanh(z);
      return 1. - t * t;
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

    double
    value(const double z) const
    {
      if (eps == 0.)
        return z > 0. ? z : 0.;
      return std::max(z, 0.) + eps * std::log1p(std::exp(-std::abs(z) / eps));
    }
    double
    derivative(const double z) const
    {
      if (eps == 0.)
        return z > 0. ? 1. : 0.;
      return 1. / (1. + std::exp(-z / eps));
    }
  };

  /**
   * A single neuron of model.md §2, f(s, a, theta) = psi(c) sigma(w · x + b)
   * with x = (s, a), full parameter (c, w_1..w_n, b), n = d_S + d_A, output
   * psi in {identity, tanh} and activation sigma a template argument
   * (TanhActivation: the "tanh neuron"; SmoothedReluActivation: the "relu
   * neuron"). Any components may be frozen at constants; theta holds the
   * others in the order c, w_1, ..., w_n, b, so that d <= 3 for the mesh.
   */
  template <class Activation>
  class NeuronFeature : public FeatureSweeps<NeuronFeature<Activation>>
  {
  public:
    static constexpr unsigned int max_inputs = 6;

    /** One theta, completed by the frozen components, ready for a sweep. */
    struct Prepared
    {
      std::array<double, max_inputs> w;
      double                         b;
      double                         psi;
      double                         psi_derivative;
    };

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

    Prepared
    prepare(const dealii::ArrayView<const double> &theta) const;

    double
    value(const Prepared &q, const unsigned int p) const
    {
      return q.psi * activation.value(preactivation(q, p));
    }

    void
    add_gradient(const Prepared    &q,
                 const unsigned int p,
                 const double       weight,
                 double            *G) const
    {
      const double z = preactivation(q, p);
      if (free_index[0] >= 0)
        G[free_index[0]] += weight * q.psi_derivative * activation.value(z);
      const double  dz = weight * q.psi * activation.derivative(z);
      const double *x  = &inputs[p * n_inputs];
      for (unsigned int k = 0; k < n_inputs; ++k)
        if (free_index[1 + k] >= 0)
          G[free_index[1 + k]] += dz * x[k];
      if (free_index[n_inputs + 1] >= 0)
        G[free_index[n_inputs + 1]] += dz;
    }

  private:
    double
    preactivation(const Prepared &q, const unsigned int p) const
    {
      const double *x = &inputs[p * n_inputs];
      double        z = q.b;
      for (unsigned int k = 0; k < n_inputs; ++k)
        z += q.w[k] * x[k];
      return z;
    }

    Activation          activation;
    bool                tanh_output;
    unsigned int        n_inputs;
    std::vector<double> inputs;
    /** The full parameter (c, w, b) with frozen values; free ones unused. */
    std::vector<double> full_parameter;
    /** The position in theta of each full component, -1 when frozen. */
    std::vector<int>         free_index;
    std::vector<std::string> full_names;
    unsigned int             d;
  };
} // namespace mfpg

#endif
