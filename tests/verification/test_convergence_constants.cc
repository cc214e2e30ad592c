// The constants of the convergence theorem (model.md §6) for any feature,
// by sampling: checked against the linear feature's sharp estimate and
// against independent finite differences.

#include <gtest/gtest.h>

#include "model/coupling_weights.h"
#include "tests/cases.h"
#include "verification/convergence_constants.h"

#include <cmath>

using namespace mfpg;

TEST(SampledConstants, LinearFeatureHasZeroC2AndLAtMostTheSharpEstimate)
{
  const Model      model = test::model_from_text(test::bandit_p1_text());
  ConstantSampling sampling;
  sampling.lo         = -6.;
  sampling.hi         = 6.;
  sampling.n_measures = 64;
  const ConvergenceConstants sampled =
    sampled_convergence_constants(model, sampling);
  const ConvergenceConstants sharp =
    linear_feature_convergence_constants(model, -6., 6., 121);
  test::report("P1: sampled C_2 (exactly 0 for a linear feature)",
               sampled.C2.value);
  test::report("P1: sampled L", sampled.L.value);
  test::report("P1: L = sup ||Dg|| on a grid of means", sharp.L.value);
  EXPECT_LT(sampled.C2.value, 1e-6);
  EXPECT_EQ(sampled.L.bound, TheoryConstant::Bound::lower_bound);
  // |g(m) - g(m')| / |m - m'| <= sup ||Dg||: never above the sharp value
  // (up to the grid), and translations near the worst mean come close
  EXPECT_LE(sampled.L.value, 1.01 * sharp.L.value);
  EXPECT_GE(sampled.L.value, 0.7 * sharp.L.value);
}

TEST(SampledConstants, HessianMatchesSecondDifferencesOfTheFirstVariation)
{
  const Model model =
    test::model_from_text(test::agazzi_lu_text(test::tanh_neuron));
  const unsigned int         d = model.n_parameters();
  dealii::FullMatrix<double> F(model.mdp().n_states(), model.mdp().n_actions());
  const std::vector<double>  cloud = {0.3, -0.2, 0.5, 0.1, 0.7, -0.4, 0.2, 0.9};
  for (std::size_t p = 0; p + d <= cloud.size(); p += d)
    model.feature().add_values(
      dealii::ArrayView<const double>(cloud.data() + p, d), 1., F);
  const dealii::FullMatrix<double> W = PolicyGradient(model.mdp(), F).weights();
  std::vector<double>              theta(d);
  for (unsigned int k = 0; k < d; ++k)
    theta[k] = 0.4 - 0.3 * k;

  const dealii::FullMatrix<double> H =
    first_variation_hessian(model.feature(), theta, W);
  // independently: second differences of the scalar dV/dnu
  const double h     = 1e-3;
  const auto   value = [&](const std::vector<double> &t) {
    return model.feature().first_variation(t, W);
  };
  double worst = 0., largest = 0.;
  for (unsigned int k = 0; k < d; ++k)
    for (unsigned int l = 0; l < d; ++l)
      {
        std::vector<double> pp = theta, pm = theta, mp = theta, mm = theta;
        pp[k] += h, pp[l] += h;
        pm[k] += h, pm[l] -= h;
        mp[k] -= h, mp[l] += h;
        mm[k] -= h, mm[l] -= h;
        const double second =
          (value(pp) - value(pm) - value(mp) + value(mm)) / (4. * h * h);
        worst   = std::max(worst, std::abs(H(k, l) - second));
        largest = std::max(largest, std::abs(second));
      }
  test::report("tanh neuron, A&L MDP (d = " + std::to_string(d) +
                 "): max |Hessian - second differences| / max |entry|",
               worst / largest);
  EXPECT_LT(worst, 1e-5 * largest);
}

TEST(SampledConstants, TanhNeuronConstantsGrowWithTheSampleAsSuprema)
{
  const Model model =
    test::model_from_text(test::agazzi_lu_text(test::tanh_neuron));
  ConstantSampling           sampling;
  const ConvergenceConstants first =
    sampled_convergence_constants(model, sampling);
  sampling.n_measures *= 4;
  sampling.n_theta *= 4;
  const ConvergenceConstants denser =
    sampled_convergence_constants(model, sampling);
  for (const auto &[name, c] :
       {std::pair<std::string, ConvergenceConstants>{"16 measures, 64 thetas",
                                                     first},
        {"64 measures, 256 thetas", denser}})
    {
      test::report("tanh neuron, A&L MDP, " + name + ": C_2", c.C2.value);
      test::report("tanh neuron, A&L MDP, " + name + ": L", c.L.value);
      test::report("tanh neuron, A&L MDP, " + name + ": beta", c.beta());
    }
  EXPECT_GT(first.C2.value, 0.);
  EXPECT_GT(first.L.value, 0.);
  // the larger sample contains the smaller: its suprema are at least as big
  EXPECT_GE(denser.C2.value, first.C2.value);
  EXPECT_GE(denser.L.value, first.L.value);
  EXPECT_EQ(first.C2.bound, TheoryConstant::Bound::lower_bound);
}
