#include "model/neuron_feature.h"

#include "model/expression.h"
#include "model/mdp.h"
#include "model/parameter_file.h"

#include <tuple>
#include <type_traits>

namespace mfpg
{
  template <class Activation>
  NeuronFeature<Activation>::NeuronFeature(
    const Activation                    &activation,
    const std::string                   &output_function,
    const std::map<std::string, double> &frozen,
    const Mdp                           &mdp)
    : FeatureSweeps<NeuronFeature<Activation>>(mdp.n_states(), mdp.n_actions())
    , activation(activation)
    , tanh_output(output_function == "tanh")
    , n_inputs(mdp.states().dimension() + mdp.actions().dimension())
    , inputs(this->n_pairs * n_inputs)
    , frozen_values(n_inputs + 2, 0.)
    , free_index(n_inputs + 2, -1)
    , d(0)
  {
    AssertThrow(n_inputs <= max_inputs,
                dealii::ExcMessage("a neuron takes at most " +
                                   std::to_string(max_inputs) + " inputs"));
    full_names.push_back("c");
    for (const auto &w : coordinate_names("w", n_inputs))
      full_names.push_back(w);
    full_names.push_back("b");

    for (const auto &[name, value] : frozen)
      {
        const auto it = std::find(full_names.begin(), full_names.end(), name);
        if (it == full_names.end())
          {
            std::string known;
            for (const auto &n : full_names)
              known += (known.empty() ? "" : ", ") + n;
            throw ParameterError("Feature/Frozen components",
                                 "this neuron has no component '" + name +
                                   "' (its components are " + known + ")");
          }
        frozen_values[it - full_names.begin()] = value;
      }
    for (unsigned int k = 0; k < full_names.size(); ++k)
      if (frozen.count(full_names[k]) == 0)
        free_index[k] = d++;
    if (d == 0)
      throw ParameterError("Feature/Frozen components",
                           "every component is frozen: theta would be empty");

    const unsigned int d_S = mdp.states().dimension();
    for (unsigned int i = 0; i < this->n_states; ++i)
      for (unsigned int j = 0; j < this->n_actions; ++j)
        {
          const auto         s = mdp.states().point(i);
          const auto         a = mdp.actions().point(j);
          const unsigned int p = i * this->n_actions + j;
          for (unsigned int k = 0; k < n_inputs; ++k)
            inputs[k * this->n_pairs + p] = k < d_S ? s[k] : a[k - d_S];
        }
  }

  template <class Activation>
  unsigned int
  NeuronFeature<Activation>::n_parameters() const
  {
    return d;
  }

  template <class Activation>
  std::vector<std::string>
  NeuronFeature<Activation>::parameter_names() const
  {
    std::vector<std::string> names;
    for (unsigned int k = 0; k < full_names.size(); ++k)
      if (free_index[k] >= 0)
        names.push_back(full_names[k]);
    return names;
  }

  template <class Activation>
  unsigned int
  NeuronFeature<Activation>::sweep_cache_size() const
  {
    return this->n_pairs + 2;
  }

  template <class Activation>
  unsigned int
  NeuronFeature<Activation>::work_size() const
  {
    return 2 * padded_size();
  }

  template <class Activation>
  unsigned int
  NeuronFeature<Activation>::padded_size() const
  {
    return (this->n_pairs + 1 + 7) / 8 * 8;
  }

  template <class Activation>
  typename NeuronFeature<Activation>::FullParameter
  NeuronFeature<Activation>::full_parameter_of(
    const dealii::ArrayView<const double> &theta) const
  {
    AssertDimension(theta.size(), d);
    const auto component = [&](const unsigned int k) {
      return free_index[k] >= 0 ? theta[free_index[k]] : frozen_values[k];
    };
    FullParameter q;
    q.c = component(0);
    for (unsigned int k = 0; k < n_inputs; ++k)
      q.w[k] = component(1 + k);
    q.b = component(n_inputs + 1);
    return q;
  }

  template <class Activation>
  std::pair<double, double>
  NeuronFeature<Activation>::output(const double c) const
  {
    if (!tanh_output)
      return {c, 1.};
    const double psi = std::tanh(c);
    return {psi, 1. - psi * psi};
  }

  template <class Activation>
  void
  NeuronFeature<Activation>::preactivations(const FullParameter &q,
                                            double *__restrict z) const
  {
    const unsigned int n = this->n_pairs;
    std::fill(z, z + n, q.b);
    for (unsigned int k = 0; k < n_inputs; ++k)
      {
        const double *__restrict x = &inputs[k * n];
        const double w             = q.w[k];
#pragma omp simd
        for (unsigned int p = 0; p < n; ++p)
          z[p] += w * x[p];
      }
  }

  template <class Activation>
  std::pair<double, double>
  NeuronFeature<Activation>::activations(const FullParameter &q,
                                         double *__restrict z,
                                         double *__restrict s) const
  {
    preactivations(q, z);
    const unsigned int n = this->n_pairs;
    if constexpr (std::is_same_v<Activation, TanhActivation>)
      if (tanh_output)
        {
          // psi(c) = tanh c rides along in the activations' SIMD call, in
          // slot n; the slots up to a whole number of 8 lanes are padding
          // (a scalar tanh per theta cost a tenth of a particle step)
          z[n] = q.c;
          std::fill(z + n + 1, z + padded_size(), 0.);
          activation.values(z, s, padded_size());
          return {s[n], 1. - s[n] * s[n]};
        }
    activation.values(z, s, n);
    return output(q.c);
  }

  template <class Activation>
  void
  NeuronFeature<Activation>::pair_values(
    const dealii::ArrayView<const double> &theta,
    double *__restrict f,
    double *__restrict work,
    double *__restrict sweep_cache) const
  {
    const unsigned int n = this->n_pairs;
    double *__restrict s = work + padded_size();
    const auto [psi, psi_derivative] =
      activations(full_parameter_of(theta), work, s);
#pragma omp simd
    for (unsigned int p = 0; p < n; ++p)
      f[p] = psi * s[p];
    if (sweep_cache != nullptr)
      {
        std::copy(s, s + n, sweep_cache);
        sweep_cache[n]     = psi;
        sweep_cache[n + 1] = psi_derivative;
      }
  }

  template <class Activation>
  void
  NeuronFeature<Activation>::weighted_gradient(
    const dealii::ArrayView<const double> &theta,
    const double *__restrict w,
    double *__restrict G,
    double *__restrict work,
    const double *__restrict sweep_cache) const
  {
    const unsigned int n = this->n_pairs;
    const double *__restrict s;
    double psi, psi_derivative;
    if (sweep_cache != nullptr)
      {
        s              = sweep_cache;
        psi            = sweep_cache[n];
        psi_derivative = sweep_cache[n + 1];
      }
    else
      {
        double *const activation_values = work + padded_size();
        std::tie(psi, psi_derivative) =
          activations(full_parameter_of(theta), work, activation_values);
        s = activation_values;
      }

    // dz[p] = psi w_p sigma'(z_p), the weight of dz_p/dtheta, into work
    double *__restrict dz = work;
    double ws = 0., dz_sum = 0.;
#pragma omp simd reduction(+ : ws, dz_sum)
    for (unsigned int p = 0; p < n; ++p)
      {
        ws += w[p] * s[p];
        dz[p] = psi * w[p] * activation.derivative_from_value(s[p]);
        dz_sum += dz[p];
      }
    std::array<double, max_inputs + 2> full_gradient;
    full_gradient[0] = psi_derivative * ws;
    for (unsigned int k = 0; k < n_inputs; ++k)
      full_gradient[1 + k] = this->pair_sum(dz, &inputs[k * n]);
    full_gradient[n_inputs + 1] = dz_sum;
    for (unsigned int k = 0; k < n_inputs + 2; ++k)
      if (free_index[k] >= 0)
        G[free_index[k]] = full_gradient[k];
  }

  template class FeatureSweeps<NeuronFeature<TanhActivation>>;
  template class FeatureSweeps<NeuronFeature<SmoothedReluActivation>>;
  template class NeuronFeature<TanhActivation>;
  template class NeuronFeature<SmoothedReluActivation>;
} // namespace mfpg
