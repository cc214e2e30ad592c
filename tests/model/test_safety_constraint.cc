// The budget-augmented MDP of docs/model.md §13 (SafetyConstraint): its
// kernel, the barrier's soft optimum against the public case's numbers
// (two independent computations in the issue), the viability kernel on
// hand-checked MDPs, bad input, and the safety measures of a policy
// (safety_measures) against independent computations.

#include <gtest/gtest.h>

#include "model/coupling_weights.h"
#include "model/parameter_file.h"
#include "model/safety_measures.h"
#include "model/soft_value_iteration.h"
#include "tests/cases.h"

#include <cmath>

using namespace mfpg;

namespace
{
  /** The public case with the indicator barrier of strength @p n. */
  std::string
  public_case_text(const double n)
  {
    return test::safety_bandit_text(n);
  }

  /** A 2-state MDP (s = 0.25, 0.75) that stays where it is, cost @p cost. */
  Model
  staying_mdp(const std::string &cost, const unsigned int budget)
  {
    return test::model_from_text(R"(
subsection MDP
  subsection State space
    set Dimension       = 1
    set Points per axis = 2
    set Quadrature      = midpoint
  end
  subsection Action space
    set Points per axis = 4
  end
  set Deterministic transition = s
  set Deterministic weight     = 1
  set Discount                 = 0.5
  subsection Safety
    set Enabled = true
    set Cost    = )" + cost + "\n    set Budget  = " +
                                 std::to_string(budget) + R"(
  end
end
)");
  }
} // namespace

// Every row of the augmented kernel is a probability vector (to 1e-14);
// the cemetery is absorbing; a pair whose cost exceeds the budget left
// goes to the cemetery with probability 1, any other to (s', z - c): on the
// public case (one base state) to z - c with probability 1. The reward
// carries -n at a violation and is 0 at the cemetery; rho sits at z = 2.
TEST(SafetyConstraint, AugmentedKernelIsStochasticWithAnAbsorbingCemetery)
{
  const Model             model = test::model_from_text(public_case_text(3.));
  const Mdp              &mdp   = model.mdp();
  const SafetyConstraint &c     = *mdp.safety();
  ASSERT_EQ(mdp.n_states(), 4u);
  ASSERT_EQ(c.cemetery(), 3u);
  const unsigned int n_A = mdp.n_actions();
  EXPECT_LE(test::kernel_row_sum_error(mdp), 1e-14);
  for (unsigned int z = 0; z <= 2; ++z)
    for (unsigned int j = 0; j < n_A; ++j)
      {
        const double       a    = mdp.actions().point(j)[0];
        const unsigned int cost = a > 0.5 ? 1 : 0;
        const unsigned int next = cost > z ? 3u : z - cost;
        const unsigned int row  = c.state(0, z) * n_A + j;
        EXPECT_EQ(mdp.transition()(row, next), 1.) << "z " << z << ", a " << a;
        EXPECT_EQ(mdp.reward()(c.state(0, z), j), a - (cost > z ? 3. : 0.));
        EXPECT_FALSE(mdp.is_cemetery(c.state(0, z)));
      }
  for (unsigned int j = 0; j < n_A; ++j)
    {
      EXPECT_EQ(mdp.transition()(3 * n_A + j, 3), 1.);
      EXPECT_EQ(mdp.reward()(3, j), 0.);
    }
  EXPECT_TRUE(mdp.is_cemetery(3));
  EXPECT_EQ(mdp.initial_distribution()[2], 1.);
  EXPECT_EQ(mdp.state_point(3)[0], -1.);
  EXPECT_EQ(mdp.state_point(1)[0], 1.);
}

// The public case's soft optimum V*_n(z = 2) by soft value iteration (to a
// change of 1e-15 per sweep, so within 4e-15 of its fixed point): at
// n = 64 the barrier's gap 0.2451 e^{-n / tau} = e^{-320} is far below
// rounding, so V*_64 is the hard limit V*_inf = 1.8974298517594492 (to
// 1e-12); V*_n - V*_inf = 1.627e-3, 1.113e-5, 5.053e-10 at n = 1, 2, 4 (to
// the 4 digits given), each about 0.2451384 e^{-n / tau}.
TEST(SafetyConstraint, BarrierSoftOptimumApproachesTheHardLimit)
{
  const double limit =
    soft_value_iteration(test::model_from_text(public_case_text(64.)).mdp(),
                         1e-15)
      .objective;
  EXPECT_NEAR(limit, 1.8974298517594492, 1e-12);
  const std::vector<std::pair<double, double>> gaps = {{1., 1.627e-3},
                                                       {2., 1.113e-5},
                                                       {4., 5.053e-10}};
  for (const auto &[n, gap] : gaps)
    {
      const double V =
        soft_value_iteration(test::model_from_text(public_case_text(n)).mdp(),
                             1e-15)
          .objective;
      EXPECT_NEAR(V - limit, gap, 5e-4 * gap) << "n = " << n;
      test::report("V*_n - V*_inf at n = " + std::to_string(n), V - limit);
      test::report("its ratio to e^{-n/tau}", (V - limit) / std::exp(-n / 0.2));
    }
}

// Hand-checked viability kernels of a 2-state MDP that stays where it is
// (s = 0.25, 0.75), budget 2: with the cost 1{s > 1/2} the states at s =
// 0.25 are viable at every budget and those at s = 0.75 at none (every
// step there costs 1, forever); with the cost 1{a > 1/2} (a free action
// everywhere) every state is viable; with the cost 1 no state is; the
// cemetery never is.
TEST(SafetyConstraint, ViabilityKernelOfHandCheckedMdps)
{
  const Model by_state = staying_mdp("s > 0.5", 2);
  const auto &viable   = by_state.mdp().viability_kernel();
  const auto &c        = *by_state.mdp().safety();
  ASSERT_EQ(viable.size(), 7u);
  for (unsigned int z = 0; z <= 2; ++z)
    {
      EXPECT_TRUE(viable[c.state(0, z)]) << "s = 0.25, z = " << z;
      EXPECT_FALSE(viable[c.state(1, z)]) << "s = 0.75, z = " << z;
    }
  EXPECT_FALSE(viable[c.cemetery()]);
  const Model free_action = staying_mdp("a > 0.5", 2);
  for (unsigned int x = 0; x < 6; ++x)
    EXPECT_TRUE(free_action.mdp().viability_kernel()[x]) << x;
  const Model always = staying_mdp("1", 2);
  for (const bool v : always.mdp().viability_kernel())
    EXPECT_FALSE(v);
}

// Bad input names its parameter: a negative or fractional cost, and an
// initial budget above the budget.
TEST(SafetyConstraint, BadInputNamesTheParameter)
{
  const auto error_of = [](const std::string &text) {
    try
      {
        test::model_from_text(text);
      }
    catch (const ParameterError &e)
      {
        return std::string(e.what());
      }
    return std::string("no error");
  };
  const std::string negative = public_case_text(1.);
  std::string       text     = negative;
  text.replace(text.find("a > 0.5"), 7, "-1");
  EXPECT_NE(error_of(text).find("MDP/Safety/Cost"), std::string::npos);
  text = negative;
  text.replace(text.find("a > 0.5"), 7, "0.5");
  EXPECT_NE(error_of(text).find("MDP/Safety/Cost"), std::string::npos);
  EXPECT_NE(error_of(negative + "subsection MDP\n subsection Safety\n set "
                                "Initial budget = 3\n end\nend\n")
              .find("MDP/Safety/Initial budget"),
            std::string::npos);
}

namespace
{
  dealii::FullMatrix<double>
  energies(const unsigned int m, const unsigned int n)
  {
    dealii::FullMatrix<double> F(m, n);
    for (unsigned int i = 0; i < m; ++i)
      for (unsigned int j = 0; j < n; ++j)
        F(i, j) = std::sin(1.7 * i + 0.3 * j + 0.5);
    return F;
  }
} // namespace

// SafetyMeasures of a fixed softmax policy on the public case (n = 4)
// against independent computations: D_viol and P(ever violate) by
// propagating the state law rho P_pi^t forward for 4000 steps (gamma^4000
// and the unabsorbed mass below rounding), V_0 by evaluating the same
// policy on the MDP with Barrier strength 0; all to 1e-12.
TEST(SafetyMeasures, MatchTheForwardPropagationOfTheStateLaw)
{
  const Model penalised = test::model_from_text(public_case_text(4.));
  const Model free      = test::model_from_text(public_case_text(0.));
  const Mdp  &mdp       = penalised.mdp();
  const dealii::FullMatrix<double> F =
    energies(mdp.n_states(), mdp.n_actions());
  const PolicyGradient pg(mdp, F);
  const SafetyMeasures measures =
    safety_measures(mdp, pg.policy(), pg.evaluation());

  const SafetyConstraint           &c          = *mdp.safety();
  const dealii::FullMatrix<double> &pi         = pg.policy().probabilities();
  const unsigned int                n_A        = mdp.n_actions();
  dealii::Vector<double>            law        = mdp.initial_distribution();
  double                            discounted = 0., weight = 1.;
  for (unsigned int t = 0; t < 4000; ++t, weight *= mdp.discount())
    {
      dealii::Vector<double> next(law.size());
      for (unsigned int x = 0; x < law.size(); ++x)
        for (unsigned int j = 0; j < n_A; ++j)
          {
            if (x != c.cemetery() && c.budget_left(x, j) < 0.)
              discounted += weight * law[x] * pi(x, j);
            for (unsigned int y = 0; y < law.size(); ++y)
              next[y] += law[x] * pi(x, j) * mdp.transition()(x * n_A + j, y);
          }
      law = next;
    }
  EXPECT_NEAR(measures.discounted_violation, discounted, 1e-12);
  EXPECT_NEAR(measures.ever_violation, law[c.cemetery()], 1e-12);
  EXPECT_NEAR(measures.ever_violation, 1., 1e-12)
    << "a full-support policy violates eventually";
  EXPECT_GT(measures.discounted_violation, 0.1);
  EXPECT_NEAR(measures.unpenalised_value,
              PolicyGradient(free.mdp(), F).evaluation().objective(),
              1e-12);
  EXPECT_NEAR(pg.evaluation().objective(),
              measures.unpenalised_value - 4. * measures.discounted_violation,
              1e-12);
}

// The staying 2-state MDP (gamma = 0.5, rho uniform on s at z = 2) with the
// cost 1{s > 1/2}: from s = 0.25 nothing is ever spent, from s = 0.75 every
// step costs 1, so the violation comes at t = 2 for sure: P(ever violate) =
// 1/2 and D_viol = 1/2 gamma^2 = 0.125, whatever the policy.
TEST(SafetyMeasures, OfAHandCheckedMdp)
{
  const Model          model = staying_mdp("s > 0.5", 2);
  const Mdp           &mdp   = model.mdp();
  const PolicyGradient pg(mdp, energies(mdp.n_states(), mdp.n_actions()));
  const SafetyMeasures measures =
    safety_measures(mdp, pg.policy(), pg.evaluation());
  EXPECT_NEAR(measures.ever_violation, 0.5, 1e-14);
  EXPECT_NEAR(measures.discounted_violation, 0.125, 1e-14);
}
