// The initial laws of the "Initial law" subsection: samples have the law's
// moments (within 4 standard errors), the densities are the closed forms,
// Agazzi & Lu's initialisation zeroes the output weight, and a file law
// returns its points in order.

#include <gtest/gtest.h>

#include "particles/particle_ensemble.h"
#include "tests/cases.h"
#include "tests/particles/particle_case.h"

#include <filesystem>
#include <fstream>

using namespace mfpg;

namespace
{
  InitialLaw
  law_from_text(const std::string &text, const std::vector<std::string> &names)
  {
    dealii::ParameterHandler prm;
    InitialLaw::Parameters   parameters;
    parameters.add_parameters(prm);
    parse_parameter_text(prm, text);
    return InitialLaw(parameters, names);
  }
} // namespace

TEST(InitialLaw, GaussianSampleHasTheLawsMeanAndCovariance)
{
  const InitialLaw law =
    law_from_text(test::gaussian_initial_law_text("0.5, -0.5",
                                                  "0.3, 0.1, 0.1, 0.6"),
                  {"theta1", "theta2"});
  const unsigned int               N = 20000;
  const ParticleEnsemble           particles(law, N, 9, MPI_COMM_SELF);
  const dealii::Vector<double>     m     = particles.mean();
  const dealii::FullMatrix<double> S     = particles.covariance();
  const GaussianLaw               &g     = law.gaussian();
  double                           max_z = 0.;
  for (unsigned int k = 0; k < 2; ++k)
    {
      max_z = std::max(max_z,
                       std::abs(m[k] - g.mean[k]) /
                         std::sqrt(g.covariance(k, k) / N));
      for (unsigned int l = 0; l < 2; ++l)
        max_z = std::max(max_z,
                         std::abs(S(k, l) - g.covariance(k, l)) /
                           std::sqrt((g.covariance(k, k) * g.covariance(l, l) +
                                      g.covariance(k, l) * g.covariance(k, l)) /
                                     N));
    }
  test::report("max |sample moment - law moment| / SE", max_z);
  EXPECT_LT(max_z, 4.);
}

TEST(InitialLaw, GaussianDensityIsTheNormalDensityAndIntegratesToOne)
{
  const InitialLaw law2 =
    law_from_text(test::gaussian_initial_law_text("0.5, -0.5",
                                                  "0.3, 0.1, 0.1, 0.6"),
                  {"theta1", "theta2"});
  // S^{-1} = [0.6 -0.1; -0.1 0.3] / 0.17, det S = 0.17
  const std::vector<double> x{1., 0.2};
  const double              dx = x[0] - 0.5, dy = x[1] + 0.5;
  const double              quadratic =
    (0.6 * dx * dx - 0.2 * dx * dy + 0.3 * dy * dy) / 0.17;
  const double expected =
    std::exp(-0.5 * quadratic) / (2. * M_PI * std::sqrt(0.17));
  EXPECT_NEAR(law2.density(x), expected, 1e-15);

  const InitialLaw law1 =
    law_from_text(test::gaussian_initial_law_text("1", "0.5"), {"theta"});
  double       integral = 0.;
  const double h        = 1e-3;
  for (double t = -9. + h / 2; t < 11.; t += h)
    integral += h * law1.density(std::vector<double>{t});
  test::report("midpoint integral of the 1-D Gaussian density - 1",
               integral - 1.);
  EXPECT_NEAR(integral, 1., 1e-10);
}

TEST(InitialLaw, UniformSampleFillsTheBoxWithTheBoxDensity)
{
  const InitialLaw       law = law_from_text(R"(
subsection Initial law
  set Type = uniform
  set Lower corner = -1, 0
  set Upper corner = 1, 4
end
)",
                                       {"theta1", "theta2"});
  const unsigned int     N   = 20000;
  const ParticleEnsemble particles(law, N, 4, MPI_COMM_SELF);
  unsigned int           n_outside = 0;
  for (unsigned int n = 0; n < N; ++n)
    {
      const auto x = particles.particle(n);
      n_outside += x[0] <= -1. || x[0] >= 1. || x[1] <= 0. || x[1] >= 4.;
    }
  EXPECT_EQ(n_outside, 0u);
  const dealii::Vector<double> m  = particles.mean();
  const double                 z0 = m[0] / std::sqrt(4. / 12. / N);
  const double                 z1 = (m[1] - 2.) / std::sqrt(16. / 12. / N);
  test::report("uniform: (mean - centre) / SE, component 1", z0);
  test::report("uniform: (mean - centre) / SE, component 2", z1);
  EXPECT_LT(std::abs(z0), 4.);
  EXPECT_LT(std::abs(z1), 4.);
  EXPECT_EQ(law.density(std::vector<double>{0.5, 3.}), 1. / 8.);
  EXPECT_EQ(law.density(std::vector<double>{0.5, 4.5}), 0.);
  EXPECT_FALSE(
    law_from_text("subsection Initial law\n set Type = agazzi-lu\nend\n",
                  {"c", "w", "b"})
      .has_density());
}

TEST(InitialLaw,
     AgazziLuInitialisationHasZeroOutputWeightAndGaussianInnerWeights)
{
  const Model model =
    test::model_from_text(test::bandit_p1_text(test::tanh_neuron));
  ASSERT_EQ(model.feature().parameter_names(),
            (std::vector<std::string>{"c", "w", "b"}));
  const InitialLaw                 law = law_from_text(R"(
subsection Initial law
  set Type = agazzi-lu
  set Inner weight deviation = 2
end
)",
                                       model.feature().parameter_names());
  const unsigned int               N   = 20000;
  const ParticleEnsemble           particles(law, N, 5, MPI_COMM_SELF);
  const dealii::FullMatrix<double> S         = particles.covariance();
  double                           max_abs_c = 0.;
  for (unsigned int n = 0; n < N; ++n)
    max_abs_c = std::max(max_abs_c, std::abs(particles.particle(n)[0]));
  EXPECT_EQ(max_abs_c, 0.);
  for (const unsigned int k : {1u, 2u})
    {
      // the sample standard deviation has standard error s / sqrt(2N)
      const double z = (std::sqrt(S(k, k)) - 2.) / (2. / std::sqrt(2. * N));
      test::report("agazzi-lu: (sample deviation - s) / SE, component " +
                     std::to_string(k + 1),
                   z);
      EXPECT_LT(std::abs(z), 4.);
    }
}

TEST(InitialLaw, FileLawReturnsItsPointsInOrderSkippingHeaderAndComments)
{
  const auto path =
    std::filesystem::temp_directory_path() / "mfpg_initial_law_points.csv";
  std::ofstream(path) << "c,w\n# a comment\n1.5, -2\n\n3e-1 4\n";
  const InitialLaw law =
    law_from_text("subsection Initial law\n set Type = file\n set File = " +
                    path.string() + "\nend\n",
                  {"c", "w"});
  EXPECT_EQ(law.n_points(), 2u);
  const ParticleEnsemble particles(law, 2, 1, MPI_COMM_SELF);
  EXPECT_EQ(particles.coordinates(), (std::vector<double>{1.5, -2., 0.3, 4.}));
  std::filesystem::remove(path);
}
