#include "model/teacher_network.h"

#include "model/mdp.h"
#include "model/parameter_file.h"
#include "model/policy_evaluation.h"
#include "model/random_stream.h"
#include "model/soft_value_iteration.h"

#include <cmath>

namespace mfpg
{
  void
  TeacherNetwork::Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Teacher");
    prm.add_parameter("Width",
                      width,
                      "Reward = teacher: the number K of ReLU neurons of the "
                      "teacher f*(s, a) = sum_k c_k max(0, w_k . (s, a) + b_k) "
                      "(Agazzi & Lu: 5).",
                      dealii::Patterns::Integer(1));
    prm.add_parameter("Weight variance",
                      weight_variance,
                      "Reward = teacher: the variance v > 0 of every teacher "
                      "weight c_k, w_k, b_k, drawn independently from N(0, v) "
                      "(Agazzi & Lu: 4).",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Seed",
                      seed,
                      "Reward = teacher: the seed of the teacher's random "
                      "stream (docs/model.md §1); the teacher shares no random "
                      "number with the particles, whatever their seed.",
                      dealii::Patterns::Integer(0));
    prm.leave_subsection();
  }

  void
  TeacherNetwork::Parameters::check() const
  {
    if (!(weight_variance > 0.))
      throw ParameterError("MDP/Teacher/Weight variance",
                           "v = " + std::to_string(weight_variance) +
                             " must be > 0 (the weights are N(0, v))");
  }

  TeacherNetwork::TeacherNetwork(const Parameters  &parameters,
                                 const unsigned int n_inputs)
    : n_inputs(n_inputs)
    , neurons(std::size_t(parameters.width) * (n_inputs + 2))
  {
    parameters.check();
    const double deviation = std::sqrt(parameters.weight_variance);
    for (unsigned int k = 0; k < parameters.width; ++k)
      {
        RandomStream random(parameters.seed, k, teacher_stream);
        for (unsigned int r = 0; r < n_inputs + 2; ++r)
          neurons[k * (n_inputs + 2) + r] = deviation * random.normal();
      }
  }

  unsigned int
  TeacherNetwork::width() const
  {
    return neurons.size() / (n_inputs + 2);
  }

  dealii::ArrayView<const double>
  TeacherNetwork::neuron(const unsigned int k) const
  {
    AssertIndexRange(k, width());
    return {neurons.data() + k * (n_inputs + 2), n_inputs + 2};
  }

  double
  TeacherNetwork::value(const dealii::ArrayView<const double> &x) const
  {
    AssertDimension(x.size(), n_inputs);
    double f = 0.;
    for (unsigned int k = 0; k < width(); ++k)
      {
        const auto theta = neuron(k);
        double     z     = theta[n_inputs + 1];
        for (unsigned int l = 0; l < n_inputs; ++l)
          z += theta[1 + l] * x[l];
        f += theta[0] * std::max(z, 0.);
      }
    return f;
  }

  dealii::FullMatrix<double>
  teacher_reward(const Mdp &mdp, const TeacherNetwork &teacher)
  {
    const double tau = mdp.entropy_strength();
    AssertThrow(tau > 0.,
                dealii::ExcMessage("the teacher reward needs tau > 0"));
    dealii::FullMatrix<double> Q_star(mdp.n_states(), mdp.n_actions());
    std::vector<double>        x;
    for (unsigned int i = 0; i < mdp.n_states(); ++i)
      for (unsigned int j = 0; j < mdp.n_actions(); ++j)
        {
          const auto s = mdp.states().point(i);
          const auto a = mdp.actions().point(j);
          x.assign(s.begin(), s.end());
          x.insert(x.end(), a.begin(), a.end());
          Q_star(i, j) = tau * teacher.value(dealii::make_array_view(x));
        }
    const dealii::Vector<double> V_star = soft_maximum(mdp, Q_star);
    dealii::FullMatrix<double>   r      = Q_star;
    r.add(-mdp.discount(), expected_next_value(mdp, V_star));
    return r;
  }
} // namespace mfpg
