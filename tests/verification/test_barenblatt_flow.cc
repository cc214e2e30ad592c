// The exact porous-medium flow of docs/model.md §11.3 (BarenblattFlow):
// the public case P1 with m = 2 against the values computed independently
// in issue 17; the profile put back into the PDE by finite differences in
// d = 1 and 2 (its residual against the size of the PDE's terms); the
// limit m -> 1 against the entropy's Gaussian flow; the refusals.

#include <gtest/gtest.h>

#include "model/parameter_file.h"
#include "tests/cases.h"
#include "verification/barenblatt_flow.h"

#include <cmath>

using namespace mfpg;

namespace
{
  Model::Parameters
  model_parameters(const std::string &text)
  {
    dealii::ParameterHandler prm;
    Model::Parameters        parameters;
    parameters.add_parameters(prm);
    parse_parameter_text(prm, text);
    return parameters;
  }

  std::string
  tsallis(const double m, const std::string &extra = "")
  {
    return "subsection Regularisation\n set Regulariser = tsallis\n"
           " set Tsallis exponent = " +
           std::to_string(m) + "\n" + extra + "end\n";
  }

  dealii::Vector<double>
  vector(const std::vector<double> &values)
  {
    return dealii::Vector<double>(values.begin(), values.end());
  }
} // namespace

// Case P1 (sigma = 0.9, U = theta^2/2), m = 2, nu_0 the profile with mean
// 1 and variance 0.5 (R_0 = sqrt 2.5): m* = -0.2897318457009636, R* =
// 3^{1/3}, m(1) = 0.547621242762, R(1) = 1.486202251210 (issue 17, by an
// independent computation). The mean is GaussianFlow's ODE at tolerance
// 1e-10 (its Newton to 1e-12); R is closed form.
TEST(BarenblattFlow, PublicCaseP1WithExponentTwo)
{
  const Model model(model_parameters(test::bandit_p1_text(tsallis(2.))));
  const BarenblattFlow    flow(model);
  const BarenblattProfile initial =
    BarenblattProfile::with_variance(2., vector({1.}), 0.5);
  EXPECT_NEAR(initial.radius, std::sqrt(2.5), 1e-15);
  const BarenblattProfile at_one = flow.solve(initial, {0., 1.}).back();
  EXPECT_NEAR(at_one.mean[0], 0.547621242762, 1e-9);
  EXPECT_NEAR(at_one.radius, 1.486202251210, 1e-11);
  const BarenblattProfile stationary = flow.stationary_law();
  EXPECT_NEAR(stationary.mean[0], -0.2897318457009636, 1e-10);
  EXPECT_NEAR(stationary.radius, std::cbrt(3.), 1e-14);
}

namespace
{
  /**
   * The residual of d_t nu + div(nu (g(m) - D kappa (theta - c))) - D
   * Lap(nu^m) of the exact flow at time t and point theta, and the sum of
   * the three terms' sizes, by central differences (steps 1e-3 in t, 1e-4
   * in theta).
   */
  template <int dim>
  std::pair<double, double>
  pde_residual(const Model                   &model,
               const BarenblattFlow          &flow,
               const BarenblattProfile       &initial,
               const double                   t,
               const std::array<double, dim> &theta)
  {
    const double ht = 1e-3, h = 1e-4, m = flow.exponent();
    const double D = 0.5 * model.sigma() * model.sigma();
    const std::vector<BarenblattProfile> laws =
      flow.solve(initial, {t - ht, t, t + ht});
    const auto nu = [](const BarenblattProfile &b, std::array<double, dim> x) {
      return b.density(dealii::make_array_view(x.data(), x.data() + dim));
    };
    const double time_derivative =
      (nu(laws[2], theta) - nu(laws[0], theta)) / (2. * ht);
    const GaussianFlow           mean_flow(model);
    const dealii::Vector<double> g =
      mean_flow.policy_gradient_drift(laws[1].mean);
    // U = |theta|^2 / 2 (kappa = 1, c = 0): the flux nu (g - D theta)
    double transport = 0., diffusion = 0.;
    for (unsigned int k = 0; k < dim; ++k)
      {
        std::array<double, dim> plus = theta, minus = theta;
        plus[k] += h;
        minus[k] -= h;
        transport += (nu(laws[1], plus) * (g[k] - D * plus[k]) -
                      nu(laws[1], minus) * (g[k] - D * minus[k])) /
                     (2. * h);
        diffusion += D *
                     (std::pow(nu(laws[1], plus), m) -
                      2. * std::pow(nu(laws[1], theta), m) +
                      std::pow(nu(laws[1], minus), m)) /
                     (h * h);
      }
    return {time_derivative + transport - diffusion,
            std::abs(time_derivative) + std::abs(transport) +
              std::abs(diffusion)};
  }
} // namespace

// The closed form solves the PDE: at t = 0.5, at points inside the support
// (|theta - m(t)| up to 0.8 R(t)), for m = 2 and 3 in d = 1 (P1) and
// d = 2 (P1 with the basis a, a^2), the residual of the PDE by central
// differences is below 1e-6 of the sum of the terms' sizes (the
// differences' errors: ~1e-7 relative).
TEST(BarenblattFlow, TheProfileSolvesThePorousMediumEquation)
{
  for (const double m : {2., 3.})
    {
      const Model model1(model_parameters(test::bandit_p1_text(tsallis(m))));
      const BarenblattFlow    flow1(model1);
      const BarenblattProfile initial1 =
        BarenblattProfile::with_variance(m, vector({1.}), 0.5);
      const BarenblattProfile at = flow1.solve(initial1, {0.5}).back();
      for (const double s : {-0.8, -0.3, 0.1, 0.6})
        {
          const auto [residual, size] = pde_residual<1>(
            model1, flow1, initial1, 0.5, {{at.mean[0] + s * at.radius}});
          EXPECT_LT(std::abs(residual), 1e-6 * size) << "d = 1, m = " << m;
        }
      const Model             model2(model_parameters(test::bandit_p1_text(
        tsallis(m) + "subsection Feature\n set Basis = a; a^2\nend\n")));
      const BarenblattFlow    flow2(model2);
      const BarenblattProfile initial2 =
        BarenblattProfile::with_variance(m, vector({0.5, -0.5}), 0.4);
      const BarenblattProfile at2 = flow2.solve(initial2, {0.5}).back();
      for (const auto &[sx, sy] : std::vector<std::pair<double, double>>{
             {0.5, 0.2}, {-0.3, 0.6}, {0.1, -0.1}})
        {
          const auto [residual, size] =
            pde_residual<2>(model2,
                            flow2,
                            initial2,
                            0.5,
                            {{at2.mean[0] + sx * at2.radius,
                              at2.mean[1] + sy * at2.radius}});
          EXPECT_LT(std::abs(residual), 1e-6 * size) << "d = 2, m = " << m;
        }
    }
}

// m -> 1: h_m -> r ln r and the flow tends to the entropy's Gaussian flow.
// At m = 1 + 1e-4 from the profile of the Gaussian's mean and variance:
// the same mean (the same ODE), the variance and J within 1e-3 of the
// Gaussian's at t = 0.5 and 2 (the differences are O(m - 1) relative,
// times the constants of the expansions), and R* such that the stationary
// variance is within 1e-3 of 1/kappa = 1.
TEST(BarenblattFlow, ExponentToOneGivesTheEntropysGaussianFlow)
{
  const double m = 1. + 1e-4;
  const Model  barenblatt_model(
    model_parameters(test::bandit_p1_text(tsallis(m))));
  const Model          gaussian_model(model_parameters(test::bandit_p1_text()));
  const BarenblattFlow barenblatt(barenblatt_model);
  const GaussianFlow   gaussian(gaussian_model);
  const BarenblattProfile initial =
    BarenblattProfile::with_variance(m, vector({1.}), 0.5);
  const std::vector<BarenblattProfile> profiles =
    barenblatt.solve(initial, {0.5, 2.});
  const std::vector<GaussianLaw> laws =
    gaussian.solve({vector({1.}), initial.covariance()}, {0.5, 2.});
  for (unsigned int k = 0; k < 2; ++k)
    {
      EXPECT_NEAR(profiles[k].mean[0], laws[k].mean[0], 1e-12);
      EXPECT_NEAR(profiles[k].variance(), laws[k].covariance(0, 0), 1e-3);
      EXPECT_NEAR(barenblatt.regularised_objective(profiles[k]),
                  gaussian.regularised_objective(laws[k]),
                  1e-3);
    }
  EXPECT_NEAR(barenblatt.stationary_law().variance(), 1., 1e-3);
}

// The m -> 1 check of issue 17 in law: W2(nu_t^(m), nu_t^entropy) at t = 1
// (barenblatt_gaussian_wasserstein: the radial quantile formula) from the
// profile and the Gaussian of mean 1 (d = 1: case P1; d = 2: P1 with the
// basis a, a^2, mean (0.5, -0.5)) and variance 0.5, for m - 1 = 0.1, 0.05,
// 0.025, 0.0125: W2 falls at order 1 in m - 1 (the observed order within
// 0.15 of 1 at each halving; from m - 1 = 0.4 the orders rise through 0.78
// and 0.69 in d = 1 and 2), and at m - 1 = 0.0125 it is below 2 % of the
// laws' spread sqrt(d S) (measured 0.8 % and 1.4 %).
TEST(BarenblattFlow, WassersteinToTheEntropysFlowVanishesAsExponentToOne)
{
  for (const unsigned int d : {1u, 2u})
    {
      const std::string feature =
        d == 1 ? "" : "subsection Feature\n set Basis = a; a^2\nend\n";
      const dealii::Vector<double> mean =
        d == 1 ? vector({1.}) : vector({0.5, -0.5});
      const Model entropy_model(
        model_parameters(test::bandit_p1_text(feature)));
      const GaussianFlow gaussian(entropy_model);
      const GaussianLaw  entropy =
        gaussian
          .solve({mean,
                  BarenblattProfile::with_variance(2., mean, 0.5).covariance()},
                 {1.})
          .back();
      std::vector<double> distances;
      for (const double excess : {0.1, 0.05, 0.025, 0.0125})
        {
          const double m = 1. + excess;
          const Model  model(
            model_parameters(test::bandit_p1_text(tsallis(m) + feature)));
          const BarenblattFlow    flow(model);
          const BarenblattProfile at_one =
            flow.solve(BarenblattProfile::with_variance(m, mean, 0.5), {1.})
              .back();
          distances.push_back(barenblatt_gaussian_wasserstein(
            at_one, entropy.mean, entropy.covariance));
          test::report("d = " + std::to_string(d) +
                         ", m - 1 = " + std::to_string(excess) + ": W2",
                       distances.back());
        }
      for (unsigned int k = 1; k < distances.size(); ++k)
        {
          const double order = std::log2(distances[k - 1] / distances[k]);
          test::report("d = " + std::to_string(d) + ": order in m - 1", order);
          EXPECT_NEAR(order, 1., 0.15) << "d = " << d;
        }
      EXPECT_LT(distances.back(),
                2e-2 * std::sqrt(d * entropy.covariance(0, 0)));
    }
}

TEST(BarenblattFlow, RefusesWhatItCannotSolve)
{
  const auto parameter_of = [](const std::string &text) {
    try
      {
        const Model          model(model_parameters(text));
        const BarenblattFlow flow(model);
      }
    catch (const ParameterError &e)
      {
        return std::string(e.what());
      }
    return std::string("none");
  };
  const auto names = [](const std::string &what, const std::string &name) {
    return what.find("'" + name + "'") != std::string::npos;
  };
  EXPECT_PRED2(names,
               parameter_of(test::bandit_p1_text()),
               "Regularisation/Regulariser");
  EXPECT_PRED2(names,
               parameter_of(test::bandit_p1_text(tsallis(1.))),
               "Regularisation/Tsallis exponent");
  EXPECT_PRED2(names,
               parameter_of(test::bandit_p1_text(
                 tsallis(2.) + "subsection Feature\n set Basis = a; a^2\nend\n"
                               "subsection Regularisation\n set Potential "
                               "stiffness = 1, 2\nend\n")),
               "Regularisation/Potential stiffness");
  EXPECT_PRED2(names,
               parameter_of(test::bandit_p1_text(
                 tsallis(2.) + "subsection Feature\n set Type = tanh neuron\n"
                               " set Frozen components = b: 0.2\nend\n")),
               "Feature/Type");
}
