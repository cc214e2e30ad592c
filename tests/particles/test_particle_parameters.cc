// Bad particle-run parameters stop with a ParameterError whose message
// names the entry: nothing crashes, nothing is silently ignored.

#include <gtest/gtest.h>

#include "tests/cases.h"
#include "tests/particles/particle_case.h"

#include <filesystem>
#include <fstream>

using namespace mfpg;

namespace
{
  /** A file in the test's temporary directory with the given text. */
  std::string
  temporary_file(const std::string &name, const std::string &text)
  {
    const auto path =
      std::filesystem::temp_directory_path() / ("mfpg_particles_" + name);
    std::ofstream(path) << text;
    return path.string();
  }

  std::string
  file_law(const std::string &path)
  {
    return "subsection Initial law\n set Type = file\n set File = " + path +
           "\nend\n";
  }

  struct BadInput
  {
    std::string name;
    std::string text;
    std::string named_in_message;
  };

  class BadParticleParameters : public ::testing::TestWithParam<BadInput>
  {
  };

  const std::string p1 = test::bandit_p1_gaussian_start_text();

  std::vector<BadInput>
  bad_inputs()
  {
    return {
      {"ZeroParticles",
       p1 + "subsection Particles\n set Number of particles = 0\nend\n",
       "Number of particles"},
      {"NegativeTimeStep",
       p1 + "subsection Particles\n set Time step = -0.1\nend\n",
       "Time step"},
      {"ZeroTimeStep",
       p1 + "subsection Particles\n set Time step = 0\nend\n",
       "Particles/Time step"},
      {"UnknownIntegrator",
       p1 + "subsection Particles\n set Integrator = runge-kutta\nend\n",
       "Integrator"},
      {"InitialLawFileRowOfWrongLength",
       test::bandit_p1_text(
         file_law(temporary_file("wrong_length.txt", "0.1\n0.2 0.3\n"))),
       "Initial law/File"},
      {"InitialLawFileWithText",
       test::bandit_p1_text(
         file_law(temporary_file("text.txt", "0.1\nzero\n"))),
       "Initial law/File"},
      {"InitialLawFileMissing",
       test::bandit_p1_text(file_law("/nonexistent/points.txt")),
       "Initial law/File"},
      {"InitialLawFileEmpty",
       test::bandit_p1_text(
         file_law(temporary_file("empty.txt", "# no points\n"))),
       "Initial law/File"},
      {"InitialLawFileOtherNumberOfPoints",
       test::bandit_p1_text(
         file_law(temporary_file("three.txt", "0.1\n0.2\n0.3\n"))) +
         test::particles_text(4, 0.1),
       "Particles/Number of particles"},
      {"UniformBoxUpsideDown",
       test::bandit_p1_text(R"(
subsection Initial law
  set Type = uniform
  set Lower corner = 1
  set Upper corner = -1
end
)"),
       "Initial law/Upper corner"},
      {"AgazziLuInitialisationOfALinearFeature",
       test::bandit_p1_text(
         "subsection Initial law\n set Type = agazzi-lu\nend\n"),
       "Initial law/Type"},
      {"InitialCovarianceNotPositiveDefinite",
       test::bandit_p1_text(test::gaussian_initial_law_text("0", "-1")),
       "Initial law/Covariance"},
      {"UnknownInitialLawType",
       test::bandit_p1_text(
         "subsection Initial law\n set Type = cauchy\nend\n"),
       "Type"},
    };
  }
} // namespace

TEST_P(BadParticleParameters, ThrowParameterErrorNamingTheEntry)
{
  const std::string message = test::parameter_error_message(
    [this]() { test::ParticleCase run(GetParam().text); });
  EXPECT_NE(message.find(GetParam().named_in_message), std::string::npos)
    << "message: " << message;
  EXPECT_EQ(message.find("Stacktrace"), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(EachKind,
                         BadParticleParameters,
                         ::testing::ValuesIn(bad_inputs()),
                         [](const ::testing::TestParamInfo<BadInput> &info) {
                           return info.param.name;
                         });

TEST(BadParticleParameters, NegativeSigmaIsRejectedAndZeroSigmaIsPureTransport)
{
  const Model model = test::model_from_text(test::bandit_p1_text());
  std::string message;
  try
    {
      const McKeanVlasovDrift drift(model.mdp(),
                                    model.feature(),
                                    model.potential(),
                                    -0.1);
    }
  catch (const ParameterError &e)
    {
      message = e.what();
    }
  EXPECT_NE(message.find("Regularisation/Sigma"), std::string::npos) << message;
  const McKeanVlasovDrift transport(model.mdp(),
                                    model.feature(),
                                    model.potential(),
                                    0.);
  EXPECT_EQ(transport.sigma(), 0.);
}
