// The teacher reward of model.md §1 (Agazzi & Lu's second experiment):
// r = Q* - gamma P V* with Q* = tau f*, so that soft value iteration must
// return Q* itself, the student's ReLU neurons represent f* exactly, the
// draw is N(0, v) and reproducible, and bad input is named.

#include <gtest/gtest.h>

#include "model/feature.h"
#include "model/mdp.h"
#include "model/soft_value_iteration.h"
#include "model/teacher_network.h"
#include "tests/cases.h"

#include <cmath>

using namespace mfpg;

namespace
{
  /** tau f*(s_i, a_j) on the grid, from the teacher's own formula. */
  dealii::FullMatrix<double>
  teacher_q_function(const Mdp &mdp, const TeacherNetwork &teacher)
  {
    dealii::FullMatrix<double> Q(mdp.n_states(), mdp.n_actions());
    for (unsigned int i = 0; i < mdp.n_states(); ++i)
      for (unsigned int j = 0; j < mdp.n_actions(); ++j)
        {
          const std::vector<double> x = {mdp.states().point(i)[0],
                                         mdp.actions().point(j)[0]};
          Q(i, j) =
            mdp.entropy_strength() * teacher.value(dealii::make_array_view(x));
        }
    return Q;
  }

  TeacherNetwork
  teacher_of(const std::string &text)
  {
    dealii::ParameterHandler prm;
    Model::Parameters        parameters;
    parameters.add_parameters(prm);
    parse_parameter_text(prm, text);
    return TeacherNetwork(parameters.mdp.teacher, 2);
  }
} // namespace

// Q* = tau f* is the fixed point by construction: r + gamma P V* = Q* with
// V* = tau ln sum_j mu_j e^{Q*/tau}, so soft value iteration can only differ
// from it by its stopping error and rounding. It stops when
// |V_{n+1} - V_n| <= delta; the gamma-contraction then gives
// |V_{n+1} - V*| <= gamma/(1 - gamma) delta and
// |Q - Q*| = gamma |P (V_{n+1} - V*)| <= gamma^2/(1 - gamma) delta
// = 1.63 delta (gamma = 0.7). With delta = 1e-13 that is 1.6e-13; rounding
// adds a few ulps of |Q*| <= 10 per Bellman step, damped by 1/(1 - gamma):
// below 1e-13 more. Hence 1e-12, the target, with room.
TEST(TeacherReward, SoftValueIterationRecoversTheTeachersQStarTo1e12)
{
  const std::string text    = test::agazzi_lu_teacher_text(12);
  const Model       model   = test::model_from_text(text);
  const SoftOptimum optimum = soft_value_iteration(model.mdp(), 1e-13);
  const dealii::FullMatrix<double> Q_star =
    teacher_q_function(model.mdp(), teacher_of(text));
  double error = 0., size = 0.;
  for (unsigned int i = 0; i < Q_star.m(); ++i)
    for (unsigned int j = 0; j < Q_star.n(); ++j)
      {
        error =
          std::max(error, std::abs(optimum.q_function(i, j) - Q_star(i, j)));
        size = std::max(size, std::abs(Q_star(i, j)));
      }
  test::report("max |Q*|", size);
  test::report("max |Q_VI - tau f*|", error);
  ASSERT_LT(size, 10.); // the premise of the rounding bound above
  ASSERT_GT(size, 0.1); // a teacher that is not (nearly) zero
  EXPECT_LT(error, 1e-12);
}

// The student's neuron c relu(w1 s + w2 a + b) has the teacher's layout:
// K = 5 particles at the teacher's neurons, each with weight 1 in the sum
// F = sum_m omega_m f(theta_m), give F = f* up to the rounding of a 5-term
// sum of values <= 30 (2 ulps each): 1e-13.
TEST(TeacherReward, StudentNeuronsAtTheTeachersWeightsGiveFStar)
{
  const std::string    text    = test::agazzi_lu_teacher_text(12);
  const Model          model   = test::model_from_text(text);
  const TeacherNetwork teacher = teacher_of(text);
  std::vector<double>  thetas, weights(teacher.width(), 1.);
  for (unsigned int k = 0; k < teacher.width(); ++k)
    thetas.insert(thetas.end(),
                  teacher.neuron(k).begin(),
                  teacher.neuron(k).end());
  ASSERT_EQ(model.feature().n_parameters(), 4u);
  dealii::FullMatrix<double> F(model.mdp().n_states(), model.mdp().n_actions());
  model.feature().add_values_at_points(thetas.data(),
                                       weights.data(),
                                       teacher.width(),
                                       F);
  dealii::FullMatrix<double> f_star = teacher_q_function(model.mdp(), teacher);
  f_star *= 1. / model.mdp().entropy_strength();
  F.add(-1., f_star);
  test::report("max |F - f*|", F.linfty_norm());
  EXPECT_LT(F.linfty_norm(), 1e-13);
}

// Every weight is N(0, v): 20000 neurons of 4 components (M = 80000
// numbers) have mean 0 and variance v = 4 within 4 standard errors,
// sqrt(v / M) and v sqrt(2 / M); the same seed draws the same network, and
// another seed another one.
TEST(TeacherReward, WeightsAreNormalWithTheStatedVarianceAndReproducible)
{
  const TeacherNetwork::Parameters parameters{20000, 4., 7};
  const TeacherNetwork             teacher(parameters, 2);
  const double                     M   = 4. * parameters.width;
  double                           sum = 0., sum2 = 0.;
  for (unsigned int k = 0; k < teacher.width(); ++k)
    for (const double x : teacher.neuron(k))
      {
        sum += x;
        sum2 += x * x;
      }
  const double mean = sum / M, variance = sum2 / M - mean * mean;
  test::report("teacher weights: mean", mean);
  test::report("teacher weights: variance", variance);
  EXPECT_LT(std::abs(mean), 4. * std::sqrt(4. / M));
  EXPECT_LT(std::abs(variance - 4.), 4. * 4. * std::sqrt(2. / M));

  const TeacherNetwork again(parameters, 2);
  const TeacherNetwork other({20000, 4., 8}, 2);
  EXPECT_EQ(again.neuron(17)[2], teacher.neuron(17)[2]);
  EXPECT_NE(other.neuron(17)[2], teacher.neuron(17)[2]);
}

TEST(TeacherReward, BadInputIsNamed)
{
  const std::string text = test::agazzi_lu_teacher_text(4);
  EXPECT_NE(test::parameter_error_message([&] {
              test::model_from_text(text +
                                    "subsection MDP\n subsection Teacher\n"
                                    "  set Weight variance = 0\n end\nend\n");
            }).find("MDP/Teacher/Weight variance"),
            std::string::npos);
  EXPECT_NE(test::parameter_error_message([&] {
              test::model_from_text(
                text + "subsection MDP\n set Entropy strength = 0\nend\n");
            }).find("Reward = teacher needs tau > 0"),
            std::string::npos);
  EXPECT_NE(test::parameter_error_message([&] {
              test::model_from_text(text +
                                    "subsection MDP\n subsection Teacher\n"
                                    "  set Width = 0\n end\nend\n");
            }).find("Width"),
            std::string::npos);
}
