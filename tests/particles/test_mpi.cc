// MPI: the particles split over the ranks of MPI_COMM_WORLD, with one
// Allreduce of the policy energy F per step, move as in a one-rank run up
// to the rounding of that Allreduce (particle n keeps its random numbers,
// keyed by its global index). Skipped at 1 rank (it would compare a run with
// itself); run at 2 ranks as particles_tests.mpi_2_ranks.

#include <gtest/gtest.h>

#include "tests/cases.h"
#include "tests/particles/particle_case.h"

#include <algorithm>

using namespace mfpg;

namespace
{
  class MpiRanks : public ::testing::TestWithParam<std::string>
  {
  };
} // namespace

TEST_P(MpiRanks, DistributedRunEqualsOneRankRunUpToRounding)
{
  if (dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) < 2)
    GTEST_SKIP() << "compares a run on MPI_COMM_WORLD with one on one rank: "
                    "meaningful from 2 ranks on, as particles_tests.mpi_2_ranks";
  const test::ParticleParameters parameters(
    test::agazzi_lu_text(test::tanh_neuron +
                         test::gaussian_initial_law_text("0", "1")) +
    test::particles_text(3001, 0.05, GetParam(), 23));
  const Model             model(parameters.model);
  const InitialLaw        law(parameters.initial_law,
                       model.feature().parameter_names());
  const McKeanVlasovDrift drift(model);
  ParticleSystem one_rank(parameters.particles, drift, law, MPI_COMM_SELF);
  ParticleSystem distributed(parameters.particles, drift, law, MPI_COMM_WORLD);
  for (unsigned int k = 0; k < 10; ++k)
    {
      one_rank.make_one_step();
      distributed.make_one_step();
    }

  const ParticleEnsemble &mine           = distributed.particles();
  const unsigned int      first          = mine.first_locally_owned_particle();
  double                  max_difference = 0.;
  for (unsigned int n = 0; n < mine.n_locally_owned_particles(); ++n)
    for (unsigned int k = 0; k < mine.dimension(); ++k)
      max_difference =
        std::max(max_difference,
                 std::abs(mine.particle(n)[k] -
                          one_rank.particles().particle(first + n)[k]));
  max_difference = dealii::Utilities::MPI::max(max_difference, MPI_COMM_WORLD);
  const unsigned int n_owned =
    dealii::Utilities::MPI::sum(mine.n_locally_owned_particles(),
                                MPI_COMM_WORLD);
  const dealii::Vector<double> mean_difference =
    dealii::Vector<double>(mine.mean()) -= one_rank.particles().mean();

  test::report(GetParam() + ": ranks",
               dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD));
  test::report(GetParam() + ": max |theta(ranks) - theta(1 rank)|",
               max_difference);
  test::report(GetParam() + ": |mean(ranks) - mean(1 rank)|",
               mean_difference.linfty_norm());
  EXPECT_EQ(n_owned, 3001u);
  EXPECT_LT(max_difference, 1e-12);
  EXPECT_LT(mean_difference.linfty_norm(), 1e-13);
}

INSTANTIATE_TEST_SUITE_P(BothIntegrators,
                         MpiRanks,
                         ::testing::Values("euler-maruyama", "ou-splitting"),
                         [](const ::testing::TestParamInfo<std::string> &info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });
