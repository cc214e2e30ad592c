// Policy evaluation, occupancy and coupling weights (model.md §3-§4): the
// policy-gradient theorem dV(rho)/dF = W, checked by central differences.

#include <gtest/gtest.h>

#include "model/coupling_weights.h"
#include "model/mdp.h"
#include "tests/cases.h"

#include <cmath>
#include <random>

using namespace mfpg;

namespace
{
  dealii::FullMatrix<double>
  random_matrix(const unsigned int m,
                const unsigned int n,
                const unsigned int seed,
                const double       scale)
  {
    std::mt19937                     rng(seed);
    std::normal_distribution<double> normal(0., scale);
    dealii::FullMatrix<double>       M(m, n);
    for (unsigned int i = 0; i < m; ++i)
      for (unsigned int j = 0; j < n; ++j)
        M(i, j) = normal(rng);
    return M;
  }

  /** |d/deps V(rho; F + eps dF) - sum W dF| / |sum W dF| at eps = 0. */
  void
  expect_policy_gradient_theorem(const Mdp &mdp)
  {
    const unsigned int n_S = mdp.n_states(), n_A = mdp.n_actions();
    for (unsigned int seed = 1; seed <= 3; ++seed)
      {
        const dealii::FullMatrix<double> F = random_matrix(n_S, n_A, seed, 1.);
        const dealii::FullMatrix<double> dF =
          random_matrix(n_S, n_A, 100 + seed, 1.);
        const PolicyGradient at_F(mdp, F);
        double               predicted = 0.;
        for (unsigned int i = 0; i < n_S; ++i)
          for (unsigned int j = 0; j < n_A; ++j)
            predicted += at_F.weights()(i, j) * dF(i, j);

        const double               eps  = 1e-5;
        dealii::FullMatrix<double> plus = F, minus = F;
        plus.add(eps, dF);
        minus.add(-eps, dF);
        const double fd =
          (PolicyGradient(mdp, plus).evaluation().objective() -
           PolicyGradient(mdp, minus).evaluation().objective()) /
          (2. * eps);
        EXPECT_NEAR(fd, predicted, 1e-8 * std::abs(predicted))
          << "seed " << seed;
        test::report("policy-gradient theorem: |FD - sum W dF| / |sum W dF|",
                     std::abs(fd - predicted) / std::abs(predicted));
        EXPECT_GT(std::abs(predicted), 1e-3)
          << "a trivial direction proves nothing";
      }
  }
} // namespace

TEST(PolicyGradient, TheoremHoldsForABandit)
{
  const Model model = test::model_from_text(test::bandit_p1_text());
  expect_policy_gradient_theorem(model.mdp());
}

TEST(PolicyGradient, TheoremHoldsForAgazziLuMdpWithDiscount07)
{
  const Model model = test::model_from_text(test::agazzi_lu_text());
  ASSERT_EQ(model.mdp().discount(), 0.7);
  expect_policy_gradient_theorem(model.mdp());
}

TEST(PolicyEvaluation,
     ValueSolvesRegularisedBellmanEquationAndOccupancyItsAdjoint)
{
  const Model          model = test::model_from_text(test::agazzi_lu_text());
  const Mdp           &mdp   = model.mdp();
  const unsigned int   n_S = mdp.n_states(), n_A = mdp.n_actions();
  const double         gamma = mdp.discount(), tau = mdp.entropy_strength();
  const PolicyGradient pg(mdp, random_matrix(n_S, n_A, 5, 2.));
  const auto          &pi    = pg.policy().probabilities();
  const auto          &log_p = pg.policy().log_density();
  const auto          &V     = pg.evaluation().value();
  const auto          &Q     = pg.evaluation().q_function();
  const auto          &d     = pg.evaluation().occupancy_measure();

  double d_sum = 0.;
  for (unsigned int i = 0; i < n_S; ++i)
    {
      double bellman = 0., pi_sum = 0.;
      for (unsigned int j = 0; j < n_A; ++j)
        {
          bellman += pi(i, j) * (Q(i, j) - tau * log_p(i, j));
          pi_sum += pi(i, j);
        }
      EXPECT_NEAR(V[i], bellman, 1e-12);
      EXPECT_NEAR(pi_sum, 1., 1e-14);

      // d_k = (1 - gamma) rho_k + gamma sum_ij d_i pi_ij P(s_k | s_i, a_j)
      double inflow = (1. - gamma) * mdp.initial_distribution()[i];
      for (unsigned int l = 0; l < n_S; ++l)
        for (unsigned int j = 0; j < n_A; ++j)
          inflow += gamma * d[l] * pi(l, j) * mdp.transition()(l * n_A + j, i);
      EXPECT_NEAR(d[i], inflow, 1e-14);
      EXPECT_GE(d[i], 0.);
      d_sum += d[i];
    }
  EXPECT_NEAR(d_sum, 1., 1e-13);
}

TEST(PolicyEvaluation, BanditValueIsExpectedRegularisedRewardWithUnitOccupancy)
{
  const Model model = test::model_from_text(test::bandit_p1_text());
  const Mdp  &mdp   = model.mdp();
  dealii::FullMatrix<double> F(1, mdp.n_actions());
  const std::vector<double>  theta{1.7};
  model.feature().add_values(theta, 1., F);
  const PolicyGradient pg(mdp, F);

  // pi_j = mu_j e^{theta a_j} / sum_l mu_l e^{theta a_l}, computed directly
  double Z = 0.;
  for (unsigned int j = 0; j < mdp.n_actions(); ++j)
    Z +=
      mdp.reference_weights()(0, j) * std::exp(1.7 * mdp.actions().point(j)[0]);
  double V = 0.;
  for (unsigned int j = 0; j < mdp.n_actions(); ++j)
    {
      const double p = std::exp(1.7 * mdp.actions().point(j)[0]) / Z;
      V += mdp.reference_weights()(0, j) * p *
           (std::cos(2. * mdp.actions().point(j)[0]) - 0.3 * std::log(p));
    }
  EXPECT_NEAR(pg.evaluation().objective(), V, 1e-14);
  EXPECT_NEAR(pg.evaluation().occupancy_measure()[0], 1., 1e-15);
}

// The Tsallis policy regulariser of §12, phi(p) = p^2 - p: R_ij = r_ij -
// tau (p_ij - 1), A_ij = Q_ij - tau (2 p_ij - 1); the theorem by central
// differences as above (relative 1e-8; measured below 3e-10).
TEST(PolicyGradient, TheoremHoldsWithTheTsallisPolicyRegulariser)
{
  const std::string tsallis =
    "subsection MDP\n set Policy regulariser = tsallis\nend\n";
  const Model bandit = test::model_from_text(test::bandit_p1_text(tsallis));
  ASSERT_EQ(bandit.mdp().policy_regulariser().type(), "tsallis");
  expect_policy_gradient_theorem(bandit.mdp());
  const Model mdp = test::model_from_text(test::agazzi_lu_text() + tsallis);
  ASSERT_EQ(mdp.mdp().policy_regulariser().type(), "tsallis");
  expect_policy_gradient_theorem(mdp.mdp());
}

// Policy regulariser = expression, phi(p) = p^3 - p (phi' = 3 p^2 - 1): the
// theorem by central differences as above on case P1 and Agazzi & Lu's MDP.
TEST(PolicyGradient, TheoremHoldsWithAnExpressionPolicyRegulariser)
{
  const std::string cubic =
    "subsection MDP\n set Policy regulariser = expression\n set Policy "
    "regulariser function = p^3 - p\n set Policy regulariser derivative = "
    "3*p^2 - 1\nend\n";
  expect_policy_gradient_theorem(
    test::model_from_text(test::bandit_p1_text(cubic)).mdp());
  expect_policy_gradient_theorem(
    test::model_from_text(test::agazzi_lu_text() + cubic).mdp());
}

// The budget-augmented MDP of §13 (the safety issue's public case: a bandit
// with r = a, c = 1{a > 1/2}, Z = 2, gamma = 0.8, tau = 0.2, the indicator
// barrier of strength 4): the theorem as above on its 4 states.
TEST(PolicyGradient, TheoremHoldsOnABudgetAugmentedMdp)
{
  // the barrier in the reward, in the reference measure, and the hard
  // constraint (a reference measure vanishing on the violating actions)
  for (const std::string placement : {"reward", "reference measure", "hard"})
    {
      SCOPED_TRACE(placement);
      const Model model = test::model_from_text(test::safety_bandit_text(
        4.,
        "subsection MDP\n subsection Safety\n set Barrier placement = " +
          placement + "\n end\nend\n"));
      ASSERT_EQ(model.mdp().n_states(), 4u);
      expect_policy_gradient_theorem(model.mdp());
    }
}
