// The discretised MDP of model.md §1: quadrature exactness, the transition
// kernel, the initial distribution and the reference measure.

#include <gtest/gtest.h>

#include "model/box_quadrature.h"
#include "model/mdp.h"
#include "tests/cases.h"

#include <cmath>

using namespace mfpg;

namespace
{
  BoxQuadrature
  box(const unsigned int dim, const std::string &rule, const unsigned int n)
  {
    BoxQuadrature::Parameters p;
    p.dimension         = dim;
    p.lower_corner      = {-1., 0.5, 2.};
    p.upper_corner      = {2., 1.5, 2.5};
    p.rule              = rule;
    p.n_points_per_axis = n;
    p.lower_corner.resize(dim);
    p.upper_corner.resize(dim);
    return BoxQuadrature(p);
  }

  /**
   * The error of @p quadrature on the monomial prod_k x_k^{degree_k}, whose
   * exact integral over the box is prod_k (hi^{p+1} - lo^{p+1}) / (p + 1).
   */
  double
  monomial_error(const BoxQuadrature             &quadrature,
                 const std::vector<unsigned int> &degree,
                 const std::vector<double>       &lo,
                 const std::vector<double>       &hi)
  {
    double exact = 1.;
    for (unsigned int k = 0; k < degree.size(); ++k)
      exact *=
        (std::pow(hi[k], degree[k] + 1) - std::pow(lo[k], degree[k] + 1)) /
        (degree[k] + 1);
    double sum = 0.;
    for (unsigned int q = 0; q < quadrature.size(); ++q)
      {
        double value = quadrature.weight(q);
        for (unsigned int k = 0; k < degree.size(); ++k)
          value *= std::pow(quadrature.point(q)[k], degree[k]);
        sum += value;
      }
    return std::abs(sum - exact) / std::max(1., std::abs(exact));
  }
} // namespace

TEST(BoxQuadrature, GaussLegendreIsExactUpToDegreeTwoNMinusOnePerAxis)
{
  const std::vector<double> lo{-1., 0.5, 2.}, hi{2., 1.5, 2.5};
  for (unsigned int dim = 1; dim <= 3; ++dim)
    for (unsigned int n = 1; n <= 4; ++n)
      {
        const BoxQuadrature q = box(dim, "gauss-legendre", n);
        ASSERT_EQ(q.size(), static_cast<unsigned int>(std::pow(n, dim)));
        std::vector<unsigned int> exact_degree(dim, 2 * n - 1);
        EXPECT_LT(monomial_error(q, exact_degree, lo, hi), 1e-13)
          << "dim " << dim << ", n " << n;
        std::vector<unsigned int> too_high(dim, 2 * n - 1);
        too_high[0] = 2 * n;
        EXPECT_GT(monomial_error(q, too_high, lo, hi), 1e-6)
          << "dim " << dim << ", n " << n;
      }
}

TEST(BoxQuadrature, MidpointIsExactForLinearsAndSecondOrderForQuadratics)
{
  const std::vector<double> lo{-1., 0.5, 2.}, hi{2., 1.5, 2.5};
  for (unsigned int dim = 1; dim <= 3; ++dim)
    {
      std::vector<unsigned int> linear(dim, 1);
      EXPECT_LT(monomial_error(box(dim, "midpoint", 5), linear, lo, hi), 1e-13);
      std::vector<unsigned int> quadratic(dim, 0);
      quadratic[0] = 2;
      const double e1 =
        monomial_error(box(dim, "midpoint", 8), quadratic, lo, hi);
      const double e2 =
        monomial_error(box(dim, "midpoint", 16), quadratic, lo, hi);
      EXPECT_NEAR(std::log2(e1 / e2), 2., 1e-6);
    }
}

TEST(BoxQuadrature, ZeroDimensionalBoxIsOnePointOfWeightOne)
{
  const BoxQuadrature q = box(0, "gauss-legendre", 7);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q.weight(0), 1.);
  EXPECT_EQ(q.point(0).size(), 0u);
}

TEST(Mdp, AgazziLuKernelIsNinetyPercentOnTheActionAndRowsSumToOne)
{
  const Model model = test::model_from_text(test::agazzi_lu_text());
  const Mdp  &mdp   = model.mdp();
  const auto &P     = mdp.transition();
  ASSERT_EQ(mdp.n_states(), 8u);
  ASSERT_EQ(mdp.n_actions(), 8u);
  for (unsigned int i = 0; i < 8; ++i)
    for (unsigned int j = 0; j < 8; ++j)
      {
        double row_sum = 0.;
        for (unsigned int k = 0; k < 8; ++k)
          {
            // uniform density on S, discretised with the state weights
            const double expected =
              0.1 * mdp.states().weight(k) + (k == j ? 0.9 : 0.);
            EXPECT_NEAR(P(i * 8 + j, k), expected, 1e-14);
            row_sum += P(i * 8 + j, k);
          }
        EXPECT_NEAR(row_sum, 1., 1e-14);
      }
}

TEST(Mdp, TransitionRowsSumToOneForDensityAndInterpolatedMoveIn2D)
{
  const Model model = test::model_from_text(R"(
subsection MDP
  subsection State space
    set Dimension = 2
    set Lower corner = -1, -1
    set Upper corner = 1, 1
    set Quadrature = midpoint
    set Points per axis = 5
  end
  subsection Action space
    set Dimension = 1
    set Lower corner = -1
    set Upper corner = 1
    set Points per axis = 3
  end
  set Reward = s1*a - s2^2
  set Initial distribution = exp(-s1^2 - s2^2)
  set Transition density = exp(-((sp1 - s1 - a)^2 + (sp2 - s2)^2))
  set Deterministic transition = 0.5*s1 + 0.3*a; 0.8*s2
  set Deterministic weight = 0.4
  set Discount = 0.5
end
subsection Feature
  set Basis = s1*a; s2
end
)");
  const Mdp  &mdp   = model.mdp();
  ASSERT_EQ(mdp.n_states(), 25u);
  double rho_sum = 0.;
  for (unsigned int i = 0; i < mdp.n_states(); ++i)
    {
      EXPECT_GT(mdp.initial_distribution()[i], 0.);
      rho_sum += mdp.initial_distribution()[i];
    }
  EXPECT_NEAR(rho_sum, 1., 1e-14);
  EXPECT_LE(test::kernel_row_sum_error(mdp), 1e-14);
}

TEST(Mdp, InterpolatedDeterministicMovePreservesTheMeanInside1DGrid)
{
  // T(s, a) = (s + a) / 2 falls between nodes of the midpoint grid; linear
  // interpolation keeps E[s'] = T(s, a) exactly.
  const Model model = test::model_from_text(R"(
subsection MDP
  subsection State space
    set Quadrature = midpoint
    set Points per axis = 7
  end
  subsection Action space
    set Lower corner = 0.2
    set Upper corner = 0.8
    set Points per axis = 5
  end
  set Deterministic transition = (s + a)/2
  set Deterministic weight = 1
end
)");
  const Mdp  &mdp   = model.mdp();
  for (unsigned int i = 0; i < mdp.n_states(); ++i)
    for (unsigned int j = 0; j < mdp.n_actions(); ++j)
      {
        const double target =
          0.5 * (mdp.states().point(i)[0] + mdp.actions().point(j)[0]);
        double mean = 0.;
        for (unsigned int k = 0; k < mdp.n_states(); ++k)
          mean += mdp.transition()(i * mdp.n_actions() + j, k) *
                  mdp.states().point(k)[0];
        EXPECT_NEAR(mean, target, 1e-14);
      }
}

TEST(Mdp, ProbabilityReferenceMeasureSumsToOneLebesgueToTheVolume)
{
  const std::string actions  = R"(
subsection MDP
  subsection State space
    set Dimension = 0
  end
  subsection Action space
    set Dimension = 2
    set Lower corner = 0, -1
    set Upper corner = 2, 2
    set Points per axis = 3
  end
  set Reference measure = )";
  const Model       lebesgue = test::model_from_text(
    actions + "lebesgue\nend\nsubsection Feature\nset Basis = a1\nend\n");
  const Model probability = test::model_from_text(
    actions + "probability\nend\nsubsection Feature\nset Basis = a1\nend\n");
  // mu(A) in every state's row
  const auto total = [](const Mdp &mdp, const unsigned int i) {
    double sum = 0.;
    for (unsigned int j = 0; j < mdp.n_actions(); ++j)
      sum += mdp.reference_weights()(i, j);
    return sum;
  };
  for (unsigned int i = 0; i < lebesgue.mdp().n_states(); ++i)
    {
      EXPECT_NEAR(total(lebesgue.mdp(), i), 6., 1e-13);
      EXPECT_NEAR(total(probability.mdp(), i), 1., 1e-14);
    }
}
