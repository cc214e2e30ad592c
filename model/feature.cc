#include "model/feature.h"

#include "model/linear_feature.h"
#include "model/neuron_feature.h"
#include "model/parameter_file.h"

namespace mfpg
{
  void
  Feature::Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Feature");
    prm.add_parameter(
      "Type",
      type,
      "The feature f(s, a, theta): linear (theta · phi(s, a)), tanh neuron "
      "(psi(c) tanh(w · (s, a) + b)) or relu neuron (psi(c) relu_eps(w · "
      "(s, a) + b)).",
      dealii::Patterns::Selection("linear|tanh neuron|relu neuron"));
    prm.add_parameter(
      "Basis",
      basis,
      "Linear feature: the basis phi_1; ...; phi_d, expressions in the state "
      "and action coordinates separated by ';'. d is their number.",
      dealii::Patterns::List(dealii::Patterns::Anything(), 1, 1000, ";"));
    prm.add_parameter("Output function",
                      output_function,
                      "Neurons: the output function psi of c, identity or "
                      "tanh (bounded, as Leahy et al. assume).",
                      dealii::Patterns::Selection("identity|tanh"));
    prm.add_parameter(
      "Frozen components",
      frozen_components,
      "Neurons: components of (c, w, b) held at constants, as name: value "
      "pairs separated by ','; w has one component per input (s, a): w in "
      "1-D, w1, w2, ... otherwise. Example: 'b: 0.2' leaves theta = (c, w).",
      dealii::Patterns::Map(dealii::Patterns::Anything(),
                            dealii::Patterns::Double(),
                            0,
                            dealii::Patterns::Map::max_int_value,
                            ",",
                            ":"));
    prm.add_parameter("ReLU smoothing",
                      relu_smoothing,
                      "relu neuron: eps of relu_eps(z) = eps ln(1 + e^{z/eps}) "
                      "(0: the exact, non-smooth ReLU).",
                      dealii::Patterns::Double(0.));
    prm.leave_subsection();
  }

  void
  Feature::add_values(const dealii::ArrayView<const double> &theta,
                      const double                           weight,
                      dealii::FullMatrix<double>            &F) const
  {
    AssertDimension(theta.size(), n_parameters());
    add_values_at_points(theta.data(), &weight, 1, F);
  }

  double
  Feature::first_variation(const dealii::ArrayView<const double> &theta,
                           const dealii::FullMatrix<double>      &W) const
  {
    AssertDimension(theta.size(), n_parameters());
    double value;
    first_variation_at_points(theta.data(), 1, W, &value);
    return value;
  }

  void
  Feature::drift(const dealii::ArrayView<const double> &theta,
                 const dealii::FullMatrix<double>      &W,
                 const dealii::ArrayView<double>       &G) const
  {
    AssertDimension(theta.size(), n_parameters());
    AssertDimension(G.size(), n_parameters());
    drift_at_points(theta.data(), 1, W, G.data());
  }

  void
  Feature::check_size(const dealii::FullMatrix<double> &M,
                      const unsigned int                n_states,
                      const unsigned int                n_actions)
  {
    AssertThrow(M.m() == n_states && M.n() == n_actions,
                dealii::ExcMessage("A state-action matrix of size " +
                                   std::to_string(M.m()) + " x " +
                                   std::to_string(M.n()) +
                                   " does not match the MDP's grid."));
  }

  std::unique_ptr<Feature>
  make_feature(const Feature::Parameters &parameters, const Mdp &mdp)
  {
    if (parameters.type == "linear")
      {
        if (!parameters.frozen_components.empty())
          throw ParameterError("Feature/Frozen components",
                               "a linear feature has no components to freeze");
        return std::make_unique<LinearFeature>(parameters.basis, mdp);
      }
    if (parameters.type == "tanh neuron")
      return std::make_unique<NeuronFeature<TanhActivation>>(
        TanhActivation(),
        parameters.output_function,
        parameters.frozen_components,
        mdp);
    if (parameters.type == "relu neuron")
      return std::make_unique<NeuronFeature<SmoothedReluActivation>>(
        SmoothedReluActivation{parameters.relu_smoothing},
        parameters.output_function,
        parameters.frozen_components,
        mdp);
    throw ParameterError("Feature/Type",
                         "unknown feature '" + parameters.type + "'");
  }
} // namespace mfpg
