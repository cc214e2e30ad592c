// PositivityLimiter (docs/model.md §8.8, "Positivity by redistribution")
// on a Q2 mesh: a smooth density with negative nodes planted in its bulk
// (served by their sub-cell neighbours), in its far tail (whose
// neighbours hold less than they lack) and in a corner of zeros (no
// positive neighbour): both served by the pool. Each property
// is checked against an independent computation: the lumped mass before
// and after, the deficit summed over the planted nodes, the bound
// |∫ g nu_new - ∫ g nu| <= 2 max |g| D for several g, and the nodes the
// repair may touch.

#include <gtest/gtest.h>

#include "solver/mesh_discretisation.h"
#include "solver/positivity_limiter.h"
#include "tests/cases.h"

#include <cmath>
#include <set>

using namespace mfpg;

namespace
{
  constexpr double tolerance = 1e-14;

  MeshDiscretisation<2>
  q2_mesh(const MPI_Comm communicator)
  {
    ParameterDomain domain;
    domain.lower_corner       = {-4.};
    domain.upper_corner       = {4.};
    domain.global_refinements = 3;
    return MeshDiscretisation<2>(domain, 2, communicator);
  }

  /** exp(-|theta|^2), with the planted negative values. */
  double
  planted_density(const dealii::Point<2> &p)
  {
    // bulk: two nodes of a 1-D Q2 grid of spacing 0.5
    if (p.distance(dealii::Point<2>(0.5, 0.)) < 1e-9)
      return -0.05;
    if (p.distance(dealii::Point<2>(-1., 0.5)) < 1e-9)
      return -0.02;
    // tail: exp(-16) ~ 1e-7 around it, far more lacking than there
    if (p.distance(dealii::Point<2>(3.5, 3.5)) < 1e-9)
      return -1e-3;
    // a corner whose sub-cell neighbours are all 0: nothing to ask of them
    if (p[0] < -3.4 && p[1] < -3.4)
      return p.distance(dealii::Point<2>(-4., -4.)) < 1e-9 ? -1e-3 : 0.;
    return std::exp(-p.norm_square());
  }

  dealii::Vector<double>
  planted(const MeshDiscretisation<2> &mesh)
  {
    dealii::Vector<double> nu(mesh.n_locally_relevant());
    for (unsigned int k = 0; k < nu.size(); ++k)
      nu[k] = planted_density(mesh.support_points()[k]);
    return nu;
  }

  double
  integral(const MeshDiscretisation<2>                   &mesh,
           const dealii::Vector<double>                  &nu,
           const std::function<double(dealii::Point<2>)> &g)
  {
    double sum = 0.;
    for (unsigned int k = 0; k < mesh.n_locally_owned(); ++k)
      sum += mesh.lumped_mass()[k] * g(mesh.support_points()[k]) * nu[k];
    return dealii::Utilities::MPI::sum(sum, mesh.communicator());
  }
} // namespace

TEST(PositivityLimiter, ConservesMassAndMovesIntegralsWithinTheStatedBound)
{
  const MeshDiscretisation<2>  mesh   = q2_mesh(MPI_COMM_WORLD);
  const dealii::Vector<double> before = planted(mesh);
  dealii::Vector<double>       after  = before;
  const double                 moved =
    PositivityLimiter<2>(mesh).redistribute(after, tolerance);

  // the deficit, from the planted nodes alone
  double deficit = 0.;
  for (unsigned int k = 0; k < mesh.n_locally_owned(); ++k)
    if (before[k] < 0.)
      deficit -= mesh.lumped_mass()[k] * before[k];
  deficit = dealii::Utilities::MPI::sum(deficit, mesh.communicator());
  test::report("redistributed mass", moved);
  EXPECT_NEAR(moved, deficit, 1e-15 * deficit);

  // mass to rounding: one product per node, relative 1e-15 of the mass
  const auto   one         = [](const dealii::Point<2> &) { return 1.; };
  const double mass_before = integral(mesh, before, one);
  test::report("|mass change| / mass",
               std::abs(integral(mesh, after, one) - mass_before) /
                 mass_before);
  EXPECT_NEAR(integral(mesh, after, one), mass_before, 1e-14 * mass_before);

  EXPECT_GE(mesh.minimum(after), -tolerance * mesh.maximum_norm(after));

  // |∫ g (nu_new - nu)| <= 2 max|g| D on the box, max|g| over the nodes
  const std::vector<
    std::pair<std::string, std::function<double(dealii::Point<2>)>>>
    integrands{{"theta_1", [](const dealii::Point<2> &p) { return p[0]; }},
               {"theta_1 theta_2",
                [](const dealii::Point<2> &p) { return p[0] * p[1]; }},
               {"cos 3 theta_2",
                [](const dealii::Point<2> &p) { return std::cos(3. * p[1]); }}};
  for (const auto &[name, g] : integrands)
    {
      double bound = 0.;
      for (const auto &p : mesh.support_points())
        bound = std::max(bound, std::abs(g(p)));
      bound =
        2. * dealii::Utilities::MPI::max(bound, mesh.communicator()) * deficit;
      const double change =
        std::abs(integral(mesh, after, g) - integral(mesh, before, g));
      test::report("|change of ∫ " + name + " nu| / bound", change / bound);
      EXPECT_LE(change, bound) << name;
      EXPECT_GT(change, 0.) << name;
    }
}

TEST(PositivityLimiter, TouchesOnlyTheNeighboursWhenTheyCanSupply)
{
  // without the tail and corner nodes the pool is empty: every node that
  // is neither a planted one nor on one of their sub-cells keeps its value
  // bit for bit
  const MeshDiscretisation<2> mesh   = q2_mesh(MPI_COMM_SELF);
  dealii::Vector<double>      before = planted(mesh);
  std::set<unsigned int>      touched;
  for (unsigned int k = 0; k < before.size(); ++k)
    {
      const dealii::Point<2> &p = mesh.support_points()[k];
      if (p.distance(dealii::Point<2>(3.5, 3.5)) < 1e-9 ||
          (p[0] < -3.4 && p[1] < -3.4))
        before[k] = std::exp(-p.norm_square());
      if (before[k] < 0.)
        for (const unsigned int j : mesh.stiffness_columns(k))
          touched.insert(j);
    }
  dealii::Vector<double> after = before;
  ASSERT_GT(PositivityLimiter<2>(mesh).redistribute(after, tolerance), 0.);
  unsigned int n_changed = 0;
  for (unsigned int k = 0; k < before.size(); ++k)
    if (after[k] != before[k])
      {
        ++n_changed;
        EXPECT_TRUE(touched.count(k) == 1) << "node " << k;
      }
  test::report("nodes changed", n_changed);
  test::report("nodes on the planted nodes' sub-cells", touched.size());
  EXPECT_GT(n_changed, 2u);
}

TEST(PositivityLimiter, LeavesADensityAboveTheToleranceUnchanged)
{
  // negative values above -tolerance max |nu| are not repaired
  const MeshDiscretisation<2> mesh = q2_mesh(MPI_COMM_SELF);
  dealii::Vector<double>      nu(mesh.n_locally_relevant());
  for (unsigned int k = 0; k < nu.size(); ++k)
    nu[k] = std::exp(-mesh.support_points()[k].norm_square()) - 1e-16;
  const dealii::Vector<double> before = nu;
  EXPECT_EQ(PositivityLimiter<2>(mesh).redistribute(nu, tolerance), 0.);
  for (unsigned int k = 0; k < nu.size(); ++k)
    EXPECT_EQ(nu[k], before[k]);
}

TEST(PositivityLimiterMpiRanks, RepairsOnRanksAsOnOneRank)
{
  if (dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) < 2)
    GTEST_SKIP() << "compares MPI_COMM_WORLD with one rank: meaningful from 2 "
                    "ranks on, as solver_tests.mpi_2_ranks";
  // the planted nodes' neighbours on both sides of the partition: the
  // fractions asked of ghost nodes summed on their owners, the pool summed
  // over the ranks; compared through integrals (the numbering differs)
  const MeshDiscretisation<2> one_rank = q2_mesh(MPI_COMM_SELF),
                              ranks    = q2_mesh(MPI_COMM_WORLD);
  dealii::Vector<double> a = planted(one_rank), b = planted(ranks);
  const double           moved_one =
    PositivityLimiter<2>(one_rank).redistribute(a, tolerance);
  const double moved_ranks =
    PositivityLimiter<2>(ranks).redistribute(b, tolerance);
  EXPECT_NEAR(moved_ranks, moved_one, 1e-15 * moved_one);
  for (const auto &g : std::vector<std::function<double(dealii::Point<2>)>>{
         [](const dealii::Point<2> &) { return 1.; },
         [](const dealii::Point<2> &p) { return p[0]; },
         [](const dealii::Point<2> &p) { return p[0] * p[1]; },
         [](const dealii::Point<2> &p) { return p.norm_square(); }})
    EXPECT_NEAR(integral(ranks, b, g), integral(one_rank, a, g), 1e-14);
  EXPECT_GE(ranks.minimum(b), -tolerance * ranks.maximum_norm(b));
}
