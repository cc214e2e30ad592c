// One parameter file for every subcommand (apps/parameter_file_of.h): each
// subcommand reads its own entries from a file that holds those of all the
// others, and still refuses a key that no subcommand declares.

#include <gtest/gtest.h>

#include "apps/comparison_run.h"
#include "apps/convergence_experiment.h"
#include "apps/exact_flow.h"
#include "apps/mesh_flow.h"
#include "apps/order_study_run.h"
#include "apps/parameter_file_of.h"
#include "apps/particle_run.h"
#include "apps/stability_experiment.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace mfpg;

namespace
{
  const std::vector<std::string> subcommands = {"exact",
                                                "mesh",
                                                "particles",
                                                "convergence",
                                                "stability",
                                                "study",
                                                "compare"};

  /**
   * The seven documented default files (docs/parameters/), one after the
   * other, then @p extra: a file with every entry of every subcommand.
   */
  std::string
  every_default_file(const std::string &extra)
  {
    std::stringstream text;
    for (const std::string &subcommand : subcommands)
      text << std::ifstream(std::filesystem::path(MFPG_SOURCE_DIR) / "docs" /
                            "parameters" / (subcommand + ".prm"))
                .rdbuf()
           << "\n";
    return text.str() + extra;
  }

  /** @p text in a temporary file, removed with the object. */
  struct TemporaryFile
  {
    std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("mfpg_parameter_file_of_" + std::to_string(::getpid()) + ".prm");

    explicit TemporaryFile(const std::string &text)
    {
      std::ofstream(path) << text;
    }

    ~TemporaryFile()
    {
      std::filesystem::remove(path);
    }
  };

  /** Sigma as @p Parameters reads it from @p file. */
  template <class Parameters>
  double
  sigma_read(const std::string &file)
  {
    return ParameterFileOf<Parameters>(file, {}).parameters.model.sigma;
  }

  /** sigma_read for each subcommand, in the order of `subcommands`. */
  std::vector<double>
  sigma_read_by_each(const std::string &file)
  {
    return {sigma_read<exact_flow::Parameters>(file),
            sigma_read<mesh_flow::Parameters>(file),
            sigma_read<particle_run::Parameters>(file),
            sigma_read<convergence_experiment::Parameters>(file),
            sigma_read<stability_experiment::Parameters>(file),
            sigma_read<order_study_run::Parameters>(file),
            sigma_read<comparison_run::Parameters>(file)};
  }
} // namespace

TEST(ParameterFileOf, EverySubcommandReadsItsEntriesFromAFileOfAllEntries)
{
  const TemporaryFile file(
    every_default_file("subsection Regularisation\n set Sigma = 0.77\nend\n"));
  const std::vector<double> sigmas = sigma_read_by_each(file.path.string());
  for (unsigned int k = 0; k < subcommands.size(); ++k)
    EXPECT_EQ(sigmas[k], 0.77) << subcommands[k];
}

TEST(ParameterFileOf, EntriesOfOtherSubcommandsAreSkippedNotRecorded)
{
  const TemporaryFile                             file(every_default_file(
    "subsection Initial law\n set Mean = 3\nend\n"
                                "subsection Particles\n set Number of particles = 7\nend\n"));
  const ParameterFileOf<particle_run::Parameters> particles(file.path.string(),
                                                            {});
  EXPECT_EQ(particles.parameters.particles.n_particles, 7u);
  EXPECT_EQ(particles.parameters.initial_law.gaussian.mean,
            std::vector<double>{3.});
  // the exact flow reads no particles: its record of the parameters used
  // (parameters.prm, summary.json) holds its own entries only
  const ParameterFileOf<exact_flow::Parameters> exact(file.path.string(), {});
  std::ostringstream                            record;
  exact.prm.print_parameters(record, dealii::ParameterHandler::ShortPRM);
  EXPECT_EQ(record.str().find("Number of particles"), std::string::npos);
  EXPECT_EQ(exact.parameters.initial_law.gaussian.mean,
            std::vector<double>{3.});
}

TEST(ParameterFileOf, AKeyNoSubcommandDeclaresIsRefusedByEach)
{
  // misspelt in a section that only the particle subcommands read
  const TemporaryFile file(every_default_file(
    "subsection Particles\n set Number of particels = 10\nend\n"));
  for (const auto &read : {sigma_read<exact_flow::Parameters>,
                           sigma_read<mesh_flow::Parameters>,
                           sigma_read<particle_run::Parameters>,
                           sigma_read<convergence_experiment::Parameters>,
                           sigma_read<stability_experiment::Parameters>,
                           sigma_read<order_study_run::Parameters>,
                           sigma_read<comparison_run::Parameters>})
    try
      {
        read(file.path.string());
        ADD_FAILURE() << "the misspelt key was accepted";
      }
    catch (const ParameterError &e)
      {
        EXPECT_NE(std::string(e.what()).find(
                    "Did you mean 'Number of particles'?"),
                  std::string::npos)
          << e.what();
      }
}

TEST(ParameterFileOf, AnOverrideMustNameAnEntryOfTheSubcommand)
{
  const TemporaryFile file(every_default_file(""));
  EXPECT_THROW(ParameterFileOf<stability_experiment::Parameters>(
                 file.path.string(), {"Exact flow/End time=2"}),
               ParameterError);
  EXPECT_NO_THROW(
    ParameterFileOf<exact_flow::Parameters>(file.path.string(),
                                            {"Exact flow/End time=2"}));
  try
    {
      ParameterFileOf<stability_experiment::Parameters>(file.path.string(),
                                                        {"Initial law/Meam=2"});
      ADD_FAILURE() << "the misspelt override was accepted";
    }
  catch (const ParameterError &e)
    {
      // unknown to every subcommand: deal.II's diagnosis, not "other
      // subcommands read it"
      EXPECT_EQ(std::string(e.what()).find("other subcommands"),
                std::string::npos)
        << e.what();
    }
}
