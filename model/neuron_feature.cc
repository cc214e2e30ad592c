#include "model/neuron_feature.h"

#include "model/expression.h"
#include "model/mdp.h"
#include "model/parameter_file.h"

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
    , inputs(mdp.n_states() * mdp.n_actions() * n_inputs)
    , full_parameter(n_inputs + 2, 0.)
    , free_index(n_inputs + 2, -1)
    , d(0)
  {
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
        full_parameter[it - full_names.begin()] = value;
      }
    for (unsigned int k = 0; k < full_names.size(); ++k)
      if (frozen.count(full_names[k]) == 0)
        free_index[k] = d++;
    if (d == 0)
      throw ParameterError("Feature/Frozen components",
                           "every component is frozen: theta would be empty");

    for (unsigned int i = 0; i < this->n_states; ++i)
      for (unsigned int j = 0; j < this->n_actions; ++j)
        {
          const auto s = mdp.states().point(i);
          const auto a = mdp.actions().point(j);
          double    *x = &inputs[(i * this->n_actions + j) * n_inputs];
          std::copy(s.begin(), s.end(), x);
          std::copy(a.begin(), a.end(), x + s.size());
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
  typename NeuronFeature<Activation>::Prepared
  NeuronFeature<Activation>::prepare(
    const dealii::ArrayView<const double> &theta) const
  {
    AssertDimension(theta.size(), d);
    std::array<double, max_inputs + 2> full;
    for (unsigned int k = 0; k < n_inputs + 2; ++k)
      full[k] = free_index[k] >= 0 ? theta[free_index[k]] : full_parameter[k];
    Prepared q;
    for (unsigned int k = 0; k < n_inputs; ++k)
      q.w[k] = full[1 + k];
    q.b            = full[n_inputs + 1];
    const double c = full[0];
    if (tanh_output)
      {
        q.psi            = std::tanh(c);
        q.psi_derivative = 1. - q.psi * q.psi;
      }
    else
      {
        q.psi            = c;
        q.psi_derivative = 1.;
      }
    return q;
  }

  template class NeuronFeature<TanhActivation>;
  template class NeuronFeature<SmoothedReluActivation>;
} // namespace mfpg
