// The constants of the convergence theorem (model.md §6) for any feature,
// by sampling: checked against the linear feature's sharp estimate, against
// independent finite differences and against an analytic bound of C_2.

#include <gtest/gtest.h>

#include "model/coupling_weights.h"
#include "tests/cases.h"
#include "verification/convergence_constants.h"
#include "verification/supremum_search.h"

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
    linear_feature_convergence_constants(model, 6., 121);
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

TEST(SampledConstants, TanhNeuronC2LiesBelowItsAnalyticBound)
{
  // An upper bound of C_2 = sup |Hess_theta dV/dnu|_2 for f = tanh(c)
  // tanh(z), z = w · x + b, x = (s, a) in [0, 1]^2, theta = (c, w, b):
  //  - |Hess dV/dnu|_2 <= sum_ij |W_ij| |Hess f_ij|_2 (model.md §4);
  //  - sum_ij |W_ij| = sum_i d_i/(1 - gamma) sum_j pi_ij |A_ij - Abar_i|
  //    <= max_i osc_j A_ij / (2 (1 - gamma)): sum_i d_i = 1, and the mean
  //    absolute deviation of a variable with range R is at most R/2;
  //  - A_ij = r_ij + gamma (P V)_ij - tau F_ij + tau ln Z_i with |F| <= 1,
  //    so osc_j A_ij <= osc_j r_ij + gamma osc V + 2 tau, and
  //    osc V <= osc R_pi / (1 - gamma) from V = R_pi + gamma P_pi V, with
  //    R_pi(i) = E_pi r - tau KL(pi_i | mu) in [min r - 2 tau, max r]
  //    (mu has mass 1, 0 <= KL <= max_j ln p_ij <= osc_j F <= 2);
  //  - Hess f = [[t''(c) t(z), t'(c) t'(z) u^T], [t'(c) t'(z) u,
  //    t(c) t''(z) u u^T]], u = (x, 1), |u|^2 <= 3, |t'| <= 1,
  //    |t''| <= 4/(3 sqrt 3); with y = t(c)^2, t'(c) = 1 - y,
  //    t''(c) = -2 t(c) t'(c): |Hess f|_F^2 <= 4 y (1 - y)^2 + 6 (1 - y)^2
  //    + (16/27) 9 y, at most 6 on [0, 1] (at y = 0).
  // The sampled C_2 is a supremum over sampled (nu, theta): a lower bound
  // of C_2, so it must lie in (0, bound].
  const Model model =
    test::model_from_text(test::agazzi_lu_text(test::tanh_neuron));
  const Mdp   &mdp   = model.mdp();
  const double gamma = mdp.discount(), tau = mdp.entropy_strength();
  double       mu_A = 0.;
  for (unsigned int j = 0; j < mdp.n_actions(); ++j)
    mu_A += mdp.reference_weights()(0, j);
  ASSERT_NEAR(mu_A, 1., 1e-14);
  double r_min = mdp.reward()(0, 0), r_max = r_min, row_osc = 0.;
  for (unsigned int i = 0; i < mdp.n_states(); ++i)
    {
      double lo = mdp.reward()(i, 0), hi = lo;
      for (unsigned int j = 0; j < mdp.n_actions(); ++j)
        {
          lo = std::min(lo, mdp.reward()(i, j));
          hi = std::max(hi, mdp.reward()(i, j));
        }
      row_osc = std::max(row_osc, hi - lo);
      r_min   = std::min(r_min, lo);
      r_max   = std::max(r_max, hi);
    }
  const double value_osc     = (r_max - r_min + 2. * tau) / (1. - gamma);
  const double advantage_osc = row_osc + gamma * value_osc + 2. * tau;
  const double bound = advantage_osc / (2. * (1. - gamma)) * std::sqrt(6.);

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
      EXPECT_GT(c.C2.value, 0.);
      EXPECT_LE(c.C2.value, bound);
      EXPECT_GT(c.L.value, 0.);
      EXPECT_EQ(c.C2.bound, TheoryConstant::Bound::lower_bound);
      EXPECT_EQ(c.L.bound, TheoryConstant::Bound::lower_bound);
    }
  test::report("tanh neuron, A&L MDP: analytic upper bound of C_2", bound);

  // the bound holds on all of R^d: so must the estimate on growing boxes
  // (a smaller sample per box, to keep the test short)
  sampling.n_measures = 8;
  sampling.n_theta    = 32;
  SupremumSearch search;
  search.initial_bound = 3.;
  const ConvergenceConstants global =
    global_sampled_convergence_constants(model, sampling, search);
  std::cout << "[ C_2      ] " << describe(global.C2) << std::endl;
  EXPECT_GT(global.C2.value, 0.);
  EXPECT_LE(global.C2.value, bound);
  EXPECT_GE(global.C2.growing_boxes.size(), 3u);
}
