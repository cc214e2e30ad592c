// non_negative_density (solver/non_negative_density.h): a density within
// the linear solve's accuracy of 0 passes with its small negative values
// set to 0; a negative value beyond it stops the run with a message naming
// the parameter to change, the time, the node and its value.

#include <gtest/gtest.h>

#include "model/parameter_file.h"
#include "solver/non_negative_density.h"

#include <cmath>
#include <string>

using namespace mfpg;

namespace
{
  /** Q1 on [-2, 2] with 4 cells: nodes at -2, -1, 0, 1, 2. */
  MeshDiscretisation<1>
  mesh()
  {
    ParameterDomain domain;
    domain.lower_corner       = {-2.};
    domain.upper_corner       = {2.};
    domain.global_refinements = 2;
    return MeshDiscretisation<1>(domain, 1, MPI_COMM_SELF);
  }

  /** 1 at every node, @p value at the node theta = @p where. */
  dealii::Vector<double>
  density(const MeshDiscretisation<1> &mesh,
          const double                 where,
          const double                 value)
  {
    dealii::Vector<double> nu(mesh.n_dofs());
    for (unsigned int i = 0; i < nu.size(); ++i)
      nu[i] =
        std::abs(mesh.support_points()[i][0] - where) < 1e-12 ? value : 1.;
    return nu;
  }

  /** The message of the ParameterError of non_negative_density. */
  std::string
  message(const MeshFlowParameters &flow, const dealii::Vector<double> &nu)
  {
    try
      {
        non_negative_density(mesh(), nu, flow, 0.3);
      }
    catch (const ParameterError &e)
      {
        return e.what();
      }
    return "no error";
  }

  bool
  contains(const std::string &text, const std::string &part)
  {
    return text.find(part) != std::string::npos;
  }
} // namespace

TEST(NonNegativeDensity, ValuesWithinTheSolveAccuracyBecomeZero)
{
  const auto         d = mesh();
  MeshFlowParameters flow;
  flow.time_stepping.linear_solver.tolerance = 1e-12;
  // max nu = 1: values down to -1e-12 are rounding, set to 0
  const dealii::Vector<double> nu      = density(d, 1., -0.9e-12);
  const dealii::Vector<double> cleaned = non_negative_density(d, nu, flow, 0.);
  for (unsigned int i = 0; i < nu.size(); ++i)
    EXPECT_EQ(cleaned[i], nu[i] < 0. ? 0. : nu[i]);
  EXPECT_THROW(non_negative_density(d, density(d, 1., -1.1e-12), flow, 0.),
               ParameterError);
}

TEST(NonNegativeDensity, TheMessageNamesWhatToChangeWhenAndWhere)
{
  const dealii::Vector<double> nu = density(mesh(), 1., -0.25);
  MeshFlowParameters           flow;
  flow.time_stepping.time_step = 0.1;

  flow.discretisation.scheme = "galerkin";
  const std::string galerkin = message(flow, nu);
  EXPECT_TRUE(contains(galerkin, "'Discretisation/Scheme'")) << galerkin;
  EXPECT_TRUE(contains(galerkin, "at t = 0.3 (step 3, dt = 0.1)")) << galerkin;
  EXPECT_TRUE(contains(galerkin, "nu = -0.25 at theta = (1)")) << galerkin;
  EXPECT_TRUE(contains(galerkin, "Scheme = exponential-fitting")) << galerkin;

  flow.discretisation.scheme = "exponential-fitting";
  flow.time_stepping.scheme  = "bdf2";
  const std::string bdf2     = message(flow, nu);
  EXPECT_TRUE(contains(bdf2, "'Time stepping/Scheme'")) << bdf2;
  EXPECT_TRUE(contains(bdf2, "Scheme = implicit-euler")) << bdf2;

  flow.time_stepping.scheme = "implicit-euler";
  const std::string euler   = message(flow, nu);
  EXPECT_TRUE(contains(euler, "'Time stepping/Tolerance'")) << euler;
}
