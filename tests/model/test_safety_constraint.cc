// The budget-augmented MDP of docs/model.md §13 (SafetyConstraint): its
// kernel, the barrier's soft optimum against the public case's numbers
// (two independent computations in the issue), the viability kernel on
// hand-checked MDPs, bad input, and the safety measures of a policy
// (safety_measures) against independent computations.

#include <gtest/gtest.h>

#include "model/barrier_gap.h"
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

  /** The public case with the barrier of strength @p n at @p placement. */
  std::string
  placed_case_text(const double n, const std::string &placement)
  {
    return test::safety_bandit_text(n,
                                    "subsection MDP\n subsection Safety\n set "
                                    "Barrier placement = " +
                                      placement + "\n end\nend\n");
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

// The hard constraint (Barrier placement = hard) restricts mu at z = 0 to
// the free actions a <= 1/2 (the others would violate) and keeps it
// elsewhere; its soft optimum is the issue's V*_inf = 1.8974298517594492
// (to 1e-12), computed without any barrier.
TEST(SafetyConstraint, HardConstraintSoftOptimumIsTheIssuesLimit)
{
  const Model plain = test::model_from_text(public_case_text(1.));
  const Model hard  = test::model_from_text(placed_case_text(1., "hard"));
  const Mdp  &mdp   = hard.mdp();
  for (unsigned int x = 0; x < mdp.n_states(); ++x)
    for (unsigned int j = 0; j < mdp.n_actions(); ++j)
      {
        const bool violates =
          x == 0 && mdp.actions().point(j)[0] > 0.5; // z = 0, cost 1
        EXPECT_EQ(mdp.reference_weights()(x, j),
                  violates ? 0. : plain.mdp().reference_weights()(x, j))
          << "x " << x << ", j " << j;
        if (x < 3)
          {
            EXPECT_EQ(mdp.reward()(x, j), mdp.actions().point(j)[0]);
          }
      }
  EXPECT_NEAR(soft_value_iteration(mdp, 1e-15).objective,
              1.8974298517594492,
              1e-12);
}

// The barrier in the reference measure, mu_n = mu e^{B_n / tau}, leaves the
// reward alone and has the same soft optimum as the barrier in the reward
// (for kl, r + B_n - tau ln(pi / mu) = r - tau ln(pi / mu_n)): V*_n of the
// two placements agree to 1e-13 at n = 1, 2, 4, where they differ from the
// limit by up to 1.6e-3.
TEST(SafetyConstraint, ReferenceMeasurePlacementHasTheRewardPlacementsOptimum)
{
  for (const double n : {1., 2., 4.})
    {
      const Model in_reward = test::model_from_text(public_case_text(n));
      const Model in_measure =
        test::model_from_text(placed_case_text(n, "reference measure"));
      const Mdp &mdp = in_measure.mdp();
      for (unsigned int j = 0; j < mdp.n_actions(); ++j)
        {
          const double a = mdp.actions().point(j)[0];
          EXPECT_EQ(mdp.reward()(0, j), a);
          EXPECT_NEAR(mdp.reference_weights()(0, j),
                      in_reward.mdp().reference_weights()(0, j) *
                        (a > 0.5 ? std::exp(-n / 0.2) : 1.),
                      1e-15);
        }
      EXPECT_NEAR(soft_value_iteration(mdp, 1e-15).objective,
                  soft_value_iteration(in_reward.mdp(), 1e-15).objective,
                  1e-13)
        << "n = " << n;
    }
}

// barrier_gap(), V*_n - V*_inf without cancellation, against the direct
// difference of the two soft value iterations where that still has digits
// (n = 1, 2, 4; to 1e-13 absolute, the difference's rounding being about
// 4e-15), for both placements of the barrier; beyond, where the direct
// difference is 0, its ratio to e^{-n / tau} settles on the issue's
// 0.2451384 (to 5e-7 relative: the issue gives 7 digits) at n = 8, 16, 64.
TEST(SafetyConstraint, BarrierGapWithoutCancellation)
{
  const Model  hard  = test::model_from_text(placed_case_text(1., "hard"));
  const double limit = soft_value_iteration(hard.mdp(), 1e-15).objective;
  for (const double n : {1., 2., 4.})
    for (const std::string placement : {"reward", "reference measure"})
      {
        const Model barrier =
          test::model_from_text(placed_case_text(n, placement));
        const double direct =
          soft_value_iteration(barrier.mdp(), 1e-15).objective - limit;
        EXPECT_NEAR(barrier_gap(barrier.mdp(), hard.mdp()), direct, 1e-13)
          << "n = " << n << ", " << placement;
      }
  for (const double n : {8., 16., 64.})
    {
      const Model  barrier = test::model_from_text(public_case_text(n));
      const double gap     = barrier_gap(barrier.mdp(), hard.mdp());
      EXPECT_EQ(soft_value_iteration(barrier.mdp(), 1e-15).objective, limit)
        << "the direct difference cancels at n = " << n;
      EXPECT_NEAR(gap / std::exp(-n / 0.2), 0.2451384, 5e-7 * 0.2451384)
        << "n = " << n;
      test::report("V*_n - V*_inf at n = " + std::to_string(n), gap);
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
  // the hard constraint from rho outside the viability kernel (every action
  // costs 1 forever: no state is viable)
  const std::string outside = error_of(R"(
subsection MDP
  subsection Action space
    set Points per axis = 4
  end
  subsection Safety
    set Enabled           = true
    set Cost              = 1
    set Budget            = 2
    set Barrier placement = hard
  end
end
)");
  EXPECT_NE(outside.find("MDP/Safety/Barrier placement"), std::string::npos)
    << outside;
  EXPECT_NE(outside.find("viability kernel"), std::string::npos) << outside;
  // the reference-measure placement is J_n only for kl
  EXPECT_NE(error_of(placed_case_text(1., "reference measure") +
                     "subsection MDP\n set Policy regulariser = tsallis\nend\n")
              .find("MDP/Safety/Barrier placement"),
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

// A policy of the hard constraint never violates from rho in the viability
// kernel: D_viol = P(ever violate) = 0 exactly, and V_0 = V. A policy of
// the reference-measure placement (n = 1), pi ∝ mu e^{F + B_n / tau}, is the
// softmax of F + B_n / tau with mu: its V_0 is that policy's value on the
// MDP without barrier (to 1e-12), and its value V_0 - n D_viol.
TEST(SafetyMeasures, OfTheHardAndReferenceMeasurePlacements)
{
  const Model hard = test::model_from_text(placed_case_text(4., "hard"));
  const PolicyGradient hard_pg(hard.mdp(),
                               energies(hard.mdp().n_states(),
                                        hard.mdp().n_actions()));
  const SafetyMeasures safe =
    safety_measures(hard.mdp(), hard_pg.policy(), hard_pg.evaluation());
  EXPECT_EQ(safe.discounted_violation, 0.);
  EXPECT_EQ(safe.ever_violation, 0.);
  EXPECT_EQ(safe.unpenalised_value, hard_pg.evaluation().objective());

  const Model in_measure =
    test::model_from_text(placed_case_text(1., "reference measure"));
  const Model                free = test::model_from_text(public_case_text(0.));
  const Mdp                 &mdp  = in_measure.mdp();
  dealii::FullMatrix<double> F    = energies(mdp.n_states(), mdp.n_actions());
  const PolicyGradient       pg(mdp, F);
  const SafetyMeasures       measures =
    safety_measures(mdp, pg.policy(), pg.evaluation());
  const SafetyConstraint &c = *mdp.safety();
  for (unsigned int x = 0; x < c.cemetery(); ++x)
    for (unsigned int j = 0; j < mdp.n_actions(); ++j)
      F(x, j) += c.barrier(c.budget_left(x, j)) / 0.2;
  EXPECT_GT(measures.discounted_violation, 1e-4);
  EXPECT_NEAR(measures.unpenalised_value,
              PolicyGradient(free.mdp(), F).evaluation().objective(),
              1e-12);
  EXPECT_NEAR(pg.evaluation().objective(),
              measures.unpenalised_value - measures.discounted_violation,
              1e-12);
}

// A full-support policy violates eventually with probability 1 however
// small its violating weight: with the barrier in the reference measure at
// n = 16 and 64 the leak from z = 0 is about e^{-n / tau} (1e-35, 1e-139),
// far below rounding of 1 - P_pi(x -> x), and P(ever violate) is still 1
// (to 1e-12) while D_viol is below 1e-30.
TEST(SafetyMeasures, CertainViolationThroughATinyLeak)
{
  for (const double n : {16., 64.})
    {
      const Model model =
        test::model_from_text(placed_case_text(n, "reference measure"));
      const Mdp           &mdp = model.mdp();
      const PolicyGradient pg(mdp, energies(mdp.n_states(), mdp.n_actions()));
      const SafetyMeasures measures =
        safety_measures(mdp, pg.policy(), pg.evaluation());
      EXPECT_NEAR(measures.ever_violation, 1., 1e-12) << "n = " << n;
      EXPECT_LT(measures.discounted_violation, 1e-30) << "n = " << n;
      EXPECT_GT(measures.discounted_violation, 0.) << "n = " << n;
    }
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
