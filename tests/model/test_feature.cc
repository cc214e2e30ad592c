// Features of model.md §2: the drift G = grad_theta dV/dnu is the gradient
// of the first variation (central differences), and the three sweeps agree.

#include <gtest/gtest.h>

#include "model/feature.h"
#include "model/neuron_feature.h"
#include "tests/cases.h"

#include <deal.II/base/aligned_vector.h>

#include <limits>
#include <random>

using namespace mfpg;

namespace
{
  struct FeatureCase
  {
    std::string              name;
    std::string              text;
    std::vector<std::string> parameter_names;
  };

  std::vector<FeatureCase>
  feature_cases()
  {
    return {
      {"linear", test::agazzi_lu_text(), {"theta1", "theta2"}},
      {"tanh_neuron_tanh_output",
       test::agazzi_lu_text(test::tanh_neuron),
       {"c", "w1", "w2", "b"}},
      {"tanh_neuron_identity_output_b_frozen",
       test::agazzi_lu_text(R"(
subsection Feature
  set Type = tanh neuron
  set Output function = identity
  set Frozen components = b: 0.2
end
)"),
       {"c", "w1", "w2"}},
      {"relu_neuron_smoothed_w1_frozen",
       test::agazzi_lu_text(R"(
subsection Feature
  set Type = relu neuron
  set Output function = identity
  set ReLU smoothing = 0.05
  set Frozen components = w1: 0.5
end
)"),
       {"c", "w2", "b"}},
      {"bandit_tanh_neuron_c_w",
       test::bandit_p1_text(R"(
subsection Feature
  set Type = tanh neuron
  set Frozen components = b: 0.2
end
)"),
       {"c", "w"}},
      {"safety_bandit_tanh_neuron",
       test::safety_bandit_text(4., test::tanh_neuron),
       {"c", "w1", "w2", "b"}},
    };
  }

  std::vector<double>
  random_vector(const unsigned int n, std::mt19937 &rng, const double scale)
  {
    std::normal_distribution<double> normal(0., scale);
    std::vector<double>              v(n);
    for (double &x : v)
      x = normal(rng);
    return v;
  }

  /** The case's model and feature, and random state-action matrices. */
  class FeatureTest : public ::testing::TestWithParam<FeatureCase>
  {
  protected:
    const Model        model   = test::model_from_text(GetParam().text);
    const Feature     &feature = model.feature();
    const unsigned int d       = feature.n_parameters();
    const unsigned int n_S     = model.mdp().n_states();
    const unsigned int n_A     = model.mdp().n_actions();

    /** W_ij standard normal, for the sweeps' weights. */
    dealii::FullMatrix<double>
    random_matrix(std::mt19937 &rng) const
    {
      const std::vector<double>  w = random_vector(n_S * n_A, rng, 1.);
      dealii::FullMatrix<double> W(n_S, n_A);
      W.fill(w.data());
      return W;
    }
  };
} // namespace

TEST_P(FeatureTest, DriftIsCentralDifferenceGradientOfFirstVariation)
{
  EXPECT_EQ(feature.parameter_names(), GetParam().parameter_names);

  std::mt19937                     rng(42);
  const dealii::FullMatrix<double> W = random_matrix(rng);

  double max_relative_error = 0.;
  for (unsigned int trial = 0; trial < 5; ++trial)
    {
      const std::vector<double> theta = random_vector(d, rng, 1.);
      std::vector<double>       G(d);
      feature.drift(theta, W, G);
      const double h = 1e-5;
      for (unsigned int k = 0; k < d; ++k)
        {
          std::vector<double> plus = theta, minus = theta;
          plus[k] += h;
          minus[k] -= h;
          const double fd = (feature.first_variation(plus, W) -
                             feature.first_variation(minus, W)) /
                            (2. * h);
          EXPECT_NEAR(G[k], fd, 1e-7 * std::max(1., std::abs(fd)))
            << "component " << k << ", trial " << trial;
          max_relative_error =
            std::max(max_relative_error,
                     std::abs(G[k] - fd) / std::max(1., std::abs(fd)));
        }
    }
  test::report(GetParam().name + ": max |G - FD| / max(1, |FD|)",
               max_relative_error);
}

TEST_P(FeatureTest, SweepsAgreeWithPointwiseValuesAndGradients)
{
  std::mt19937                     rng(7);
  const std::vector<double>        theta = random_vector(d, rng, 1.);
  const dealii::FullMatrix<double> W     = random_matrix(rng);
  dealii::FullMatrix<double>       F(n_S, n_A);
  feature.add_values(theta, 2.5, F);

  double              first_variation = 0.;
  std::vector<double> drift(d, 0.), gradient(d);
  for (unsigned int i = 0; i < n_S; ++i)
    for (unsigned int j = 0; j < n_A; ++j)
      {
        const double f = feature.value_and_gradient(theta, i, j, gradient);
        EXPECT_NEAR(F(i, j), 2.5 * f, 1e-14 * std::max(1., std::abs(f)));
        first_variation += W(i, j) * f;
        for (unsigned int k = 0; k < d; ++k)
          drift[k] += W(i, j) * gradient[k];
      }
  EXPECT_NEAR(feature.first_variation(theta, W), first_variation, 1e-12);
  std::vector<double> G(d);
  feature.drift(theta, W, G);
  for (unsigned int k = 0; k < d; ++k)
    EXPECT_NEAR(G[k], drift[k], 1e-12);
}

TEST_P(FeatureTest, SweepsOverManyPointsEqualTheOnePointSweeps)
{
  // 13 points: one whole block of lanes and a partial one
  const unsigned int n = 13;

  std::mt19937                     rng(5);
  const std::vector<double>        thetas  = random_vector(n * d, rng, 1.);
  const std::vector<double>        weights = random_vector(n, rng, 1.);
  const dealii::FullMatrix<double> W       = random_matrix(rng);
  dealii::FullMatrix<double>       F(n_S, n_A), F_points(n_S, n_A);
  feature.add_values_at_points(thetas.data(), weights.data(), n, F_points);
  std::vector<double> values(n), G(n * d);
  feature.first_variation_at_points(thetas.data(), n, W, values.data());
  feature.drift_at_points(thetas.data(), n, W, G.data());
  double max_difference = 0.;
  for (unsigned int m = 0; m < n; ++m)
    {
      const dealii::ArrayView<const double> theta(&thetas[m * d], d);
      feature.add_values(theta, weights[m], F);
      const double value = feature.first_variation(theta, W);
      max_difference =
        std::max(max_difference,
                 std::abs(values[m] - value) / std::max(1., std::abs(value)));
      std::vector<double> G_m(d);
      feature.drift(theta, W, G_m);
      for (unsigned int k = 0; k < d; ++k)
        max_difference = std::max(max_difference,
                                  std::abs(G[m * d + k] - G_m[k]) /
                                    std::max(1., std::abs(G_m[k])));
    }
  F_points.add(-1., F);
  max_difference = std::max(max_difference, F_points.linfty_norm());
  test::report(GetParam().name +
                 ": 13 points at once against one at a time, max relative "
                 "difference",
               max_difference);
  EXPECT_LE(max_difference, 1e-13);
}

TEST_P(FeatureTest, DriftFromTheSweepCacheEqualsTheDriftEvaluatedAgain)
{
  const unsigned int n = 13;

  std::mt19937                     rng(11);
  const dealii::FullMatrix<double> W = random_matrix(rng);
  dealii::FullMatrix<double>       F(n_S, n_A), F_cached(n_S, n_A);
  dealii::AlignedVector<double>    cache(feature.sweep_cache_size(n));
  double *const cache_data = cache.size() == 0 ? nullptr : cache.data();
  const std::vector<double> weights(n, 0.7);
  for (unsigned int trial = 0; trial < 3; ++trial)
    {
      const std::vector<double> thetas = random_vector(n * d, rng, 1.5);
      feature.add_values_at_points(thetas.data(), weights.data(), n, F);
      feature.add_values_at_points(
        thetas.data(), weights.data(), n, F_cached, cache_data);
      std::vector<double> G(n * d), G_cached(n * d);
      feature.drift_at_points(thetas.data(), n, W, G.data());
      feature.drift_at_points(thetas.data(), n, W, G_cached.data(), cache_data);
      // the same to the last bit: the cache changes the cost, not the result
      EXPECT_EQ(G, G_cached) << "trial " << trial;
    }
  test::report(GetParam().name + ": sweep cache of 13 points, doubles",
               cache.size());
  F_cached.add(-1., F);
  EXPECT_EQ(F_cached.frobenius_norm(), 0.);
}

INSTANTIATE_TEST_SUITE_P(EachFeatureType,
                         FeatureTest,
                         ::testing::ValuesIn(feature_cases()),
                         [](const ::testing::TestParamInfo<FeatureCase> &info) {
                           return info.param.name;
                         });

TEST(NeuronFeature, SmoothedReluIsWithinEpsLn2OfTheReluAndExactAtZeroEps)
{
  const SmoothedReluActivation smooth{0.05}, exact{0.};
  for (double z = -2.; z <= 2.; z += 0.01)
    {
      const double relu = std::max(z, 0.);
      EXPECT_EQ(exact.value(z), relu);
      EXPECT_GE(smooth.value(z), relu);
      EXPECT_LE(smooth.value(z) - relu, 0.05 * std::log(2.) + 1e-15);
    }
}

// Under MDP/Safety a neuron reads x = (z, a) on the public case's budget
// states (a bandit: no s) and vanishes at the cemetery: f = tanh(c)
// tanh(w1 z + w2 a + b) at every other pair (to 1e-15, an independent
// evaluation), the cemetery's row of F stays 0 (so pi(.|†) = mu), and the
// cemetery's weights W do not move the drift or the first variation.
TEST(NeuronFeature, ReadsTheBudgetAndVanishesAtTheCemetery)
{
  const Model model =
    test::model_from_text(test::safety_bandit_text(4., test::tanh_neuron));
  const Mdp         &mdp     = model.mdp();
  const Feature     &feature = model.feature();
  const unsigned int n_A     = mdp.n_actions();
  const unsigned int dead    = mdp.safety()->cemetery();
  ASSERT_EQ(feature.n_parameters(), 4u);
  const std::vector<double> theta = {0.7, -0.4, 1.3, 0.2}; // c, w1, w2, b
  std::vector<double>       gradient(4);
  for (unsigned int x = 0; x < mdp.n_states(); ++x)
    for (unsigned int j = 0; j < n_A; ++j)
      {
        const double z = mdp.state_point(x)[0], a = mdp.actions().point(j)[0];
        const double expected =
          x == dead ? 0. : std::tanh(0.7) * std::tanh(-0.4 * z + 1.3 * a + 0.2);
        EXPECT_NEAR(feature.value_and_gradient(dealii::make_array_view(theta),
                                               x,
                                               j,
                                               dealii::make_array_view(
                                                 gradient)),
                    expected,
                    1e-15)
          << "x " << x << ", j " << j;
      }
  dealii::FullMatrix<double> F(mdp.n_states(), n_A);
  const double               weight = 1.;
  feature.add_values_at_points(theta.data(), &weight, 1, F);
  for (unsigned int j = 0; j < n_A; ++j)
    EXPECT_EQ(F(dead, j), 0.);

  dealii::FullMatrix<double> W(mdp.n_states(), n_A), W_dead(W);
  for (unsigned int x = 0; x < mdp.n_states(); ++x)
    for (unsigned int j = 0; j < n_A; ++j)
      W(x, j) = W_dead(x, j) = std::sin(1.3 * x + 0.7 * j);
  for (unsigned int j = 0; j < n_A; ++j)
    W_dead(dead, j) = 5. + j;
  std::vector<double> G(4), G_dead(4);
  double              value, value_dead;
  feature.drift_at_points(theta.data(), 1, W, G.data());
  feature.drift_at_points(theta.data(), 1, W_dead, G_dead.data());
  feature.first_variation_at_points(theta.data(), 1, W, &value);
  feature.first_variation_at_points(theta.data(), 1, W_dead, &value_dead);
  EXPECT_EQ(value, value_dead);
  for (unsigned int k = 0; k < 4; ++k)
    EXPECT_EQ(G[k], G_dead[k]) << k;
  EXPECT_NE(value, 0.);
}
