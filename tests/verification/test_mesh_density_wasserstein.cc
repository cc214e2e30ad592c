// W2 between two piecewise-linear mesh densities in 1-D, as continuous laws.

#include <gtest/gtest.h>

#include "tests/cases.h"
#include "verification/gaussian_wasserstein.h"
#include "verification/mesh_density_wasserstein.h"

#include <cmath>

using namespace mfpg;

namespace
{
  /** N(m, s^2) interpolated at the nodes of Q1 on [-8, 8], 2^r cells. */
  dealii::Vector<double>
  gaussian_density(const MeshDiscretisation<1> &mesh,
                   const double                 m,
                   const double                 s)
  {
    dealii::Vector<double> nu(mesh.n_dofs());
    for (unsigned int i = 0; i < mesh.n_dofs(); ++i)
      {
        const double z = (mesh.support_points()[i][0] - m) / s;
        nu[i]          = std::exp(-0.5 * z * z);
      }
    return nu;
  }

  MeshDiscretisation<1>
  mesh(const unsigned int refinements)
  {
    ParameterDomain domain;
    domain.lower_corner       = {-8.};
    domain.upper_corner       = {8.};
    domain.global_refinements = refinements;
    return MeshDiscretisation<1>(domain, 1);
  }
} // namespace

TEST(MeshDensityWasserstein, ConvergesToTheGaussianClosedFormAtSecondOrder)
{
  const double exact = gaussian_wasserstein(test::gaussian({-0.5}, {1.44}, 1),
                                            test::gaussian({0.7}, {0.36}, 1));
  std::vector<double> errors;
  for (unsigned int r = 5; r <= 8; ++r)
    {
      const MeshDiscretisation<1> m = mesh(r);
      errors.push_back(
        std::abs(mesh_density_wasserstein_1d(m,
                                             gaussian_density(m, -0.5, 1.2),
                                             gaussian_density(m, 0.7, 0.6)) -
                 exact));
      test::report("W2 of interpolated Gaussians, 2^" + std::to_string(r) +
                     " cells: error",
                   errors.back());
    }
  const double order = std::log2(errors[2] / errors[3]);
  test::report("observed order", order);
  EXPECT_NEAR(order, 2., 0.3);
  EXPECT_LT(errors.back(), 2e-4);
}

TEST(MeshDensityWasserstein,
     IsSymmetricZeroOnEqualDensitiesAndLinearInSmallShifts)
{
  const MeshDiscretisation<1>  m = mesh(9);
  const dealii::Vector<double> a = gaussian_density(m, 0.3, 1.);
  EXPECT_EQ(mesh_density_wasserstein_1d(m, a, a), 0.);
  // a shift by delta is at distance delta: no h sqrt(delta) floor of atoms
  for (const double delta : {1e-2, 1e-4, 1e-6})
    {
      const dealii::Vector<double> b  = gaussian_density(m, 0.3 + delta, 1.);
      const double                 ab = mesh_density_wasserstein_1d(m, a, b);
      test::report("shift " + std::to_string(delta) + ": W2 / shift",
                   ab / delta);
      EXPECT_NEAR(ab / delta, 1., 1e-3);
      EXPECT_NEAR(mesh_density_wasserstein_1d(m, b, a), ab, 1e-15);
    }
}
