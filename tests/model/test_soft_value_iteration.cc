// The soft-optimal reference of model.md §5: soft value iteration.

#include <gtest/gtest.h>

#include "model/coupling_weights.h"
#include "model/soft_value_iteration.h"
#include "tests/cases.h"

#include <cmath>

using namespace mfpg;

TEST(SoftValueIteration, SatisfiesSoftBellmanEquationTo1e10)
{
  const Model       model   = test::model_from_text(test::agazzi_lu_text());
  const SoftOptimum optimum = soft_value_iteration(model.mdp());
  EXPECT_LT(optimum.bellman_residual, 1e-10);
  test::report("soft Bellman residual", optimum.bellman_residual);
  dealii::Vector<double> residual =
    soft_bellman_operator(model.mdp(), optimum.value);
  residual -= optimum.value;
  EXPECT_LT(residual.linfty_norm(), 1e-10);
  // a gamma-contraction needs about ln(tol)/ln(gamma) iterations, not more
  EXPECT_LT(optimum.n_iterations, 120u);
}

TEST(SoftValueIteration, BanditOptimumIsTauLogIntegralOfExpRewardOverTau)
{
  const Model       model   = test::model_from_text(test::bandit_p1_text());
  const SoftOptimum optimum = soft_value_iteration(model.mdp());
  // tau ln ∫_0^1 exp(cos(2a)/tau) da by adaptive Gauss-Kronrod, independent
  // of the Gauss-Legendre grid of the MDP
  const double exact = test::bandit_p1_soft_optimal_value();
  EXPECT_NEAR(optimum.objective, exact, 1e-12);
  test::report("bandit |V* - tau ln int e^{r/tau}|",
               std::abs(optimum.objective - exact));
  EXPECT_EQ(optimum.n_iterations, 2u);
}

TEST(SoftValueIteration, SoftOptimalPolicyEvaluatesToTheOptimalValue)
{
  // pi* ∝ mu exp(Q*/tau) is the softmax policy of F = Q*/tau; its value,
  // computed by the independent policy-evaluation solve, is V*.
  const Model       model      = test::model_from_text(test::agazzi_lu_text());
  const SoftOptimum optimum    = soft_value_iteration(model.mdp());
  dealii::FullMatrix<double> F = optimum.q_function;
  F *= 1. / model.mdp().entropy_strength();
  const PolicyGradient pg(model.mdp(), F);
  for (unsigned int i = 0; i < model.mdp().n_states(); ++i)
    EXPECT_NEAR(pg.evaluation().value()[i], optimum.value[i], 1e-10);
  // and it is stationary: the coupling weights vanish
  EXPECT_LT(pg.weights().linfty_norm(), 1e-10);
}
