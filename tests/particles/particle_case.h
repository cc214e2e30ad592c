#ifndef mfpg_tests_particles_particle_case_h
#define mfpg_tests_particles_particle_case_h

// A particle run built from parameter text exactly as `mfpg particles`
// builds it: the model, the initial law (subsection "Initial law") and the
// particle system (subsection "Particles").

#include <deal.II/base/parameter_handler.h>

#include "model/initial_law.h"
#include "model/model.h"
#include "model/parameter_file.h"
#include "particles/mckean_vlasov_drift.h"
#include "particles/particle_system.h"
#include "tests/cases.h"

#include <cmath>
#include <iomanip>
#include <sstream>
#include <string>

namespace mfpg::test
{
  struct ParticleParameters
  {
    Model::Parameters          model;
    InitialLaw::Parameters     initial_law;
    ParticleSystem::Parameters particles;

    explicit ParticleParameters(const std::string &text)
    {
      dealii::ParameterHandler prm;
      model.add_parameters(prm);
      initial_law.add_parameters(prm);
      particles.add_parameters(prm);
      parse_parameter_text(prm, text);
    }
  };

  /** The objects of a one-rank run; the system starts at t = 0. */
  struct ParticleCase
  {
    explicit ParticleCase(const std::string &text)
      : ParticleCase(ParticleParameters(text))
    {
    }

    explicit ParticleCase(const ParticleParameters &parameters)
      : model(parameters.model)
      , initial_law(parameters.initial_law, model.feature().parameter_names())
      , drift(model)
      , system(parameters.particles, drift, initial_law, MPI_COMM_SELF)
    {
    }

    /** Steps of size eta up to time @p t (a multiple of eta). */
    void
    run_to(const double t)
    {
      const auto n_steps =
        static_cast<std::uint64_t>(std::llround(t / system.time_step()));
      while (system.n_steps() < n_steps)
        system.make_one_step();
    }

    const Model             model;
    const InitialLaw        initial_law;
    const McKeanVlasovDrift drift;
    ParticleSystem          system;
  };

  /** A subsection "Particles" with the given entries. */
  inline std::string
  particles_text(const unsigned int n_particles,
                 const double       time_step,
                 const std::string &integrator = "euler-maruyama",
                 const unsigned int seed       = 1,
                 const unsigned int substeps   = 1)
  {
    std::ostringstream text;
    text << std::setprecision(17) << "subsection Particles\n"
         << "  set Number of particles = " << n_particles << "\n"
         << "  set Time step = " << time_step << "\n"
         << "  set Integrator = " << integrator << "\n"
         << "  set Seed = " << seed << "\n"
         << "  set Brownian substeps = " << substeps << "\nend\n";
    return text.str();
  }

  /** A Gaussian subsection "Initial law". */
  inline std::string
  gaussian_initial_law_text(const std::string &mean,
                            const std::string &covariance)
  {
    return "subsection Initial law\n  set Type = gaussian\n  set Mean = " +
           mean + "\n  set Covariance = " + covariance + "\nend\n";
  }

  /** The bandit P1 of tests/cases.h started from N(1.0, 0.5). */
  inline std::string
  bandit_p1_gaussian_start_text(const std::string &extra = "")
  {
    return bandit_p1_text(gaussian_initial_law_text("1.0", "0.5") + extra);
  }
} // namespace mfpg::test

#endif
