// The policy regulariser of docs/model.md §12 (PolicyRegulariser): its soft
// maximum against the Karush–Kuhn–Tucker conditions and an independent root
// search, and the Tsallis soft optimum of case P1 against the published
// numbers of the safety issue (arXiv 2411.19193's general regularisers).

#include <gtest/gtest.h>

#include "model/coupling_weights.h"
#include "model/parameter_file.h"
#include "model/policy_regulariser.h"
#include "model/soft_value_iteration.h"
#include "tests/cases.h"

#include <boost/math/tools/roots.hpp>

#include <cmath>
#include <random>

using namespace mfpg;

namespace
{
  const std::string tsallis_text =
    "subsection MDP\n set Policy regulariser = tsallis\nend\n";

  /**
   * lambda with sum_j mu_j [(Q_j - lambda) / (2 tau) + 1/2]_+ = 1 by
   * Boost's TOMS 748 bracketing search, independent of the sorted active
   * set of PolicyRegulariser::soft_maximum().
   */
  double
  tsallis_multiplier(const std::vector<double> &Q,
                     const std::vector<double> &mu,
                     const double               tau)
  {
    const auto mass = [&](const double lambda) {
      double sum = 0.;
      for (unsigned int j = 0; j < Q.size(); ++j)
        sum += mu[j] * std::max((Q[j] - lambda) / (2. * tau) + 0.5, 0.);
      return sum - 1.;
    };
    double         lo = *std::min_element(Q.begin(), Q.end()) - 100. * tau;
    double         hi = *std::max_element(Q.begin(), Q.end()) + tau;
    std::uintmax_t iterations = 200;
    const auto     bracket    = boost::math::tools::toms748_solve(
      mass, lo, hi, boost::math::tools::eps_tolerance<double>(52), iterations);
    return 0.5 * (bracket.first + bracket.second);
  }

  /** @p n action values ~ N(0, 1) and weights ~ U(0.01, 0.1). */
  std::pair<std::vector<double>, std::vector<double>>
  random_actions(std::mt19937 &rng, const unsigned int n)
  {
    std::normal_distribution<double>       normal(0., 1.);
    std::uniform_real_distribution<double> uniform(0.01, 0.1);
    std::vector<double>                    Q(n), mu(n);
    for (unsigned int j = 0; j < n; ++j)
      {
        Q[j]  = normal(rng);
        mu[j] = uniform(rng);
      }
    return {Q, mu};
  }
} // namespace

// Random action values and weights, tau = 0.3: the density has unit mass,
// Q_j - tau phi'(p_j) is one lambda on the support (to 1e-12) and at most
// lambda off it, lambda is the independent root search's (to 1e-12), and
// the value is sum_j mu_j (p_j Q_j - tau phi(p_j)); for kl the value is
// tau ln sum mu e^{Q / tau} and p = e^{(Q - V) / tau}.
TEST(PolicyRegulariser, SoftMaximumSatisfiesTheOptimalityConditions)
{
  std::mt19937 rng(7);
  const double tau = 0.3;
  for (unsigned int trial = 0; trial < 20; ++trial)
    {
      const auto [Q, mu] = random_actions(rng, 40);
      const auto Qv      = dealii::make_array_view(Q);
      const auto muv     = dealii::make_array_view(mu);

      const PolicyRegulariser tsallis("tsallis");
      const auto              best   = tsallis.soft_maximum(Qv, muv, tau);
      const double            lambda = tsallis_multiplier(Q, mu, tau);
      double                  mass = 0., value = 0.;
      unsigned int            zeros = 0;
      for (unsigned int j = 0; j < Q.size(); ++j)
        {
          const double p = best.density[j];
          mass += mu[j] * p;
          value += mu[j] * (p * Q[j] - tau * (p * p - p));
          if (p > 0.)
            EXPECT_NEAR(Q[j] - tau * (2. * p - 1.), lambda, 1e-12);
          else
            {
              ++zeros;
              EXPECT_LE(Q[j] - tau * (2. * 0. - 1.), lambda + 1e-12);
            }
        }
      EXPECT_NEAR(mass, 1., 1e-12);
      EXPECT_NEAR(best.value, value, 1e-12);
      EXPECT_GT(zeros, 0u) << "trial " << trial << ": no action clipped";

      const PolicyRegulariser kl("kl");
      const auto              soft = kl.soft_maximum(Qv, muv, tau);
      double                  sum  = 0.;
      for (unsigned int j = 0; j < Q.size(); ++j)
        sum += mu[j] * std::exp(Q[j] / tau);
      EXPECT_NEAR(soft.value, tau * std::log(sum), 1e-12);
      for (unsigned int j = 0; j < Q.size(); ++j)
        EXPECT_NEAR(soft.density[j],
                    std::exp((Q[j] - tau * std::log(sum)) / tau),
                    1e-12 * soft.density[j]);
    }
}

// Case P1's bandit (r = cos 2a on [0, 1], Gauss-Legendre 64 points,
// Lebesgue weights, tau = 0.3) with phi(p) = p^2 - p: pi* = [(r - lambda) /
// (2 tau) + 1/2]_+ with lambda = 0.17746618303295078 and V* =
// 0.6169093611982182 (the numbers, two independent computations),
// to 1e-12; pi* vanishes exactly for a > 0.8426 (r < lambda - tau), which
// no softmax policy does.
TEST(PolicyRegulariser, TsallisBanditOptimumIsTheClippedLinearPolicy)
{
  const Model model = test::model_from_text(test::bandit_p1_text(tsallis_text));
  const Mdp  &mdp   = model.mdp();
  const SoftOptimum optimum = soft_value_iteration(mdp);
  EXPECT_NEAR(optimum.objective, 0.6169093611982182, 1e-12);
  test::report("Tsallis bandit |V* - 0.6169093611982182|",
               std::abs(optimum.objective - 0.6169093611982182));

  std::vector<double> Q(mdp.n_actions()), mu(mdp.n_actions());
  for (unsigned int j = 0; j < Q.size(); ++j)
    {
      Q[j]  = optimum.q_function(0, j);
      mu[j] = mdp.reference_weights()(0, j);
    }
  const double lambda = tsallis_multiplier(Q, mu, 0.3);
  EXPECT_NEAR(lambda, 0.17746618303295078, 1e-12);
  const auto best =
    mdp.policy_regulariser().soft_maximum(dealii::make_array_view(Q),
                                          dealii::make_array_view(mu),
                                          0.3);
  for (unsigned int j = 0; j < Q.size(); ++j)
    {
      const double a = mdp.actions().point(j)[0];
      if (a > 0.8427)
        {
          EXPECT_EQ(best.density[j], 0.) << "a = " << a;
        }
      if (a < 0.8425)
        {
          EXPECT_GT(best.density[j], 0.) << "a = " << a;
        }
    }
}

// Soft value iteration with the Tsallis regulariser on Agazzi & Lu's MDP
// (gamma = 0.7): its fixed point satisfies the Bellman equation V =
// T V with T's soft maximum to 1e-10, in the iterations of a contraction.
TEST(PolicyRegulariser, TsallisSoftValueIterationSatisfiesItsBellmanEquation)
{
  const Model model =
    test::model_from_text(test::agazzi_lu_text() + tsallis_text);
  const SoftOptimum      optimum = soft_value_iteration(model.mdp());
  dealii::Vector<double> residual =
    soft_bellman_operator(model.mdp(), optimum.value);
  residual -= optimum.value;
  EXPECT_LT(residual.linfty_norm(), 1e-10);
  EXPECT_LT(optimum.n_iterations, 120u);
  test::report("Tsallis soft Bellman residual", residual.linfty_norm());
}

namespace
{
  /** "subsection MDP" with Policy regulariser = expression, phi, phi'. */
  std::string
  expression_text(const std::string &phi, const std::string &phi_prime)
  {
    return "subsection MDP\n set Policy regulariser = expression\n set "
           "Policy regulariser function = " +
           phi + "\n set Policy regulariser derivative = " + phi_prime +
           "\nend\n";
  }
} // namespace

// Policy regulariser = expression with the built-in phi: p^2 - p with 2p - 1
// gives case P1's Tsallis optimum V* = 0.6169093611982182 (to 1e-12), p
// ln p with ln p + 1 the kl soft optimum (1e-12), on the bandit and on the
// safety case's MDP (gamma = 0.8, 4 states); and the value of one softmax
// policy is the built-in's to 1e-13. The expression's soft maximum is
// found by nested root searches, the built-ins' in closed form.
TEST(PolicyRegulariser, ExpressionReproducesTheBuiltInRegularisers)
{
  const Model p1_tsallis = test::model_from_text(
    test::bandit_p1_text(expression_text("p^2 - p", "2*p - 1")));
  EXPECT_NEAR(soft_value_iteration(p1_tsallis.mdp(), 1e-13).objective,
              0.6169093611982182,
              1e-12);
  for (const auto &[builtin, phi, phi_prime] :
       std::vector<std::array<std::string, 3>>{
         {"kl", "p*log(p)", "log(p) + 1"}, {"tsallis", "p^2 - p", "2*p - 1"}})
    for (const std::string &text :
         {test::bandit_p1_text(), test::safety_bandit_text(2.)})
      {
        SCOPED_TRACE(builtin);
        const Model reference = test::model_from_text(
          text + "subsection MDP\n set Policy regulariser = " + builtin +
          "\nend\n");
        const Model expression =
          test::model_from_text(text + expression_text(phi, phi_prime));
        EXPECT_NEAR(soft_value_iteration(expression.mdp(), 1e-13).objective,
                    soft_value_iteration(reference.mdp(), 1e-13).objective,
                    1e-12);
        dealii::FullMatrix<double> F(expression.mdp().n_states(),
                                     expression.mdp().n_actions());
        for (unsigned int i = 0; i < F.m(); ++i)
          for (unsigned int j = 0; j < F.n(); ++j)
            F(i, j) = std::sin(0.7 * i + 0.3 * j);
        EXPECT_NEAR(
          PolicyGradient(expression.mdp(), F).evaluation().objective(),
          PolicyGradient(reference.mdp(), F).evaluation().objective(),
          1e-13);
      }
}

// phi(p) = p^3 - p (phi' = 3p^2 - 1, convex, phi(0) = 0), tau = 0.3, random
// action values and weights: the soft maximum's density has unit mass (to
// 1e-12) and satisfies the Karush–Kuhn–Tucker conditions, Q_j - tau phi'(p_j)
// one lambda on the support and at most lambda off it (1e-10); its value is
// sum_j mu_j (p_j Q_j - tau phi(p_j)) (1e-12); no other feasible density
// does better (500 random ones).
TEST(PolicyRegulariser, ExpressionSoftMaximumSatisfiesTheOptimalityConditions)
{
  const PolicyRegulariser          cubic("expression", "p^3 - p", "3*p^2 - 1");
  std::mt19937                     rng(11);
  std::normal_distribution<double> normal(0., 1.);
  const double                     tau = 0.3;
  for (unsigned int trial = 0; trial < 10; ++trial)
    {
      const auto [Q, mu] = random_actions(rng, 30);
      const auto best    = cubic.soft_maximum(dealii::make_array_view(Q),
                                           dealii::make_array_view(mu),
                                           tau);
      double     mass = 0., value = 0., lambda = NAN;
      for (unsigned int j = 0; j < Q.size(); ++j)
        {
          const double p = best.density[j];
          mass += mu[j] * p;
          value += mu[j] * (p * Q[j] - tau * (p * p * p - p));
          if (p > 0.)
            lambda = Q[j] - tau * (3. * p * p - 1.);
        }
      EXPECT_NEAR(mass, 1., 1e-12);
      EXPECT_NEAR(best.value, value, 1e-12);
      for (unsigned int j = 0; j < Q.size(); ++j)
        {
          const double p = best.density[j];
          if (p > 0.)
            EXPECT_NEAR(Q[j] - tau * (3. * p * p - 1.), lambda, 1e-10);
          else
            EXPECT_LE(Q[j] + tau, lambda + 1e-10);
        }
      for (unsigned int other = 0; other < 50; ++other)
        {
          std::vector<double> q(Q.size());
          double              total = 0.;
          for (unsigned int j = 0; j < Q.size(); ++j)
            total += mu[j] * (q[j] = std::abs(normal(rng)));
          double candidate = 0.;
          for (unsigned int j = 0; j < Q.size(); ++j)
            {
              const double p = q[j] / total;
              candidate += mu[j] * (p * Q[j] - tau * (p * p * p - p));
            }
          EXPECT_LE(candidate, best.value + 1e-12);
        }
    }
}

// An expression regulariser that cannot serve is refused naming its
// parameter: a derivative that is not phi's, a phi that is not convex, a
// phi with phi(0+) != 0, a malformed expression.
TEST(PolicyRegulariser, BadExpressionsNameTheParameter)
{
  const auto message = [](const std::string &phi, const std::string &prime) {
    return test::parameter_error_message(
      [&] { PolicyRegulariser("expression", phi, prime); });
  };
  EXPECT_NE(
    message("p^3 - p", "3*p^2").find("MDP/Policy regulariser derivative"),
    std::string::npos);
  EXPECT_NE(
    message("p - p^2", "1 - 2*p").find("MDP/Policy regulariser function"),
    std::string::npos);
  EXPECT_NE(message("(p - 1)^2", "2*(p - 1)").find("phi(0+)"),
            std::string::npos);
  EXPECT_NE(message("p^2 -", "2*p").find("MDP/Policy regulariser function"),
            std::string::npos);
}
