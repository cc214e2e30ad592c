// The quadratic potential of model.md §5.1: E|grad U|^2 under a Gaussian,
// QuadraticPotential::mean_squared_gradient, against the sum written out by
// hand for a diagonal K and against a Monte Carlo average of |grad U|^2 for
// a full K.

#include <gtest/gtest.h>

#include "model/potential.h"

#include <cmath>
#include <random>

using namespace mfpg;

TEST(QuadraticPotential, MeanSquaredGradientOfADiagonalStiffnessByHand)
{
  // K = diag(2, 1/2), c = (1, -1), m = (0.3, 0.4), S_11 = 0.5, S_22 = 0.2:
  // E|grad U|^2 = sum_k K_k^2 ((m_k - c_k)^2 + S_kk)
  //             = 4 (0.49 + 0.5) + 0.25 (1.96 + 0.2) = 3.96 + 0.54 = 4.5;
  // the off-diagonal S_12 does not enter for a diagonal K.
  const QuadraticPotential U({{1., -1.}, {2., 0.5}}, 2, "test");
  dealii::Vector<double>   m(2);
  m[0] = 0.3;
  m[1] = 0.4;
  dealii::FullMatrix<double> S(2, 2);
  S(0, 0) = 0.5;
  S(1, 1) = 0.2;
  S(0, 1) = S(1, 0) = 0.1;
  // a few roundings of numbers of size ~ 4
  EXPECT_NEAR(U.mean_squared_gradient(m, S), 4.5, 1e-14);
}

TEST(QuadraticPotential, MeanSquaredGradientAgainstMonteCarlo)
{
  // a full SPD K and S in d = 3: theta = m + L xi, L L^T = S, xi ~ N(0, I)
  const unsigned int       d = 3;
  const QuadraticPotential U({{0.5, -0.2, 1.},
                              {2., 0.4, -0.3, 0.4, 1.5, 0.2, -0.3, 0.2, 1.}},
                             d,
                             "test");
  dealii::Vector<double>   m(d);
  m[0] = -0.4;
  m[1] = 0.7;
  m[2] = 0.1;
  dealii::FullMatrix<double> L(d, d);
  L(0, 0) = 0.8;
  L(1, 0) = 0.3;
  L(1, 1) = 0.5;
  L(2, 0) = -0.2;
  L(2, 1) = 0.1;
  L(2, 2) = 0.6;
  dealii::FullMatrix<double> S(d, d);
  L.mTmult(S, L);

  const unsigned int               n = 200000;
  std::mt19937_64                  generator(2026);
  std::normal_distribution<double> normal;
  double                           sum = 0., sum_squares = 0.;
  dealii::Vector<double>           theta(d), xi(d), gradient(d);
  for (unsigned int i = 0; i < n; ++i)
    {
      for (unsigned int k = 0; k < d; ++k)
        xi[k] = normal(generator);
      L.vmult(theta, xi);
      theta += m;
      U.gradient(dealii::make_array_view(theta),
                 dealii::make_array_view(gradient));
      const double g2 = gradient.norm_sqr();
      sum += g2;
      sum_squares += g2 * g2;
    }
  const double mean           = sum / n;
  const double variance       = sum_squares / n - mean * mean;
  const double standard_error = std::sqrt(variance / n);
  // 5 standard errors of the sample mean: a false alarm has probability
  // below 1e-6 (the seed is fixed, so the test is deterministic)
  EXPECT_NEAR(U.mean_squared_gradient(m, S), mean, 5. * standard_error);
  // the check is informative: the standard error is below 1 % of E|grad U|^2
  EXPECT_LT(standard_error, 1e-2 * mean);
}
