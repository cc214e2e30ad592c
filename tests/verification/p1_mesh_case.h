#ifndef mfpg_tests_verification_p1_mesh_case_h
#define mfpg_tests_verification_p1_mesh_case_h

// A case of the verification experiments: the model with what they read
// besides it (initial law, mesh flow, particle system, comparison), every
// entry declared and a parameter text parsed. Case P1: the initial law
// N(1, 0.5), the mesh flow on 256 cells of [-7, 7], and the text @p extra
// (time stepping, output, particles, ...) parsed on top.

#include <deal.II/base/parameter_handler.h>

#include "model/initial_law.h"
#include "model/model.h"
#include "particles/particle_system.h"
#include "solver/fokker_planck_solver.h"
#include "tests/cases.h"
#include "verification/pde_particle_comparison.h"

#include <string>

namespace mfpg::test
{
  struct ComparisonCase
  {
    Model::Parameters               model_parameters;
    InitialLaw::Parameters          law_parameters;
    MeshFlowParameters              flow;
    ParticleSystem::Parameters      particles;
    PdeParticleComparisonParameters comparison;

    explicit ComparisonCase(const std::string &text)
    {
      dealii::ParameterHandler prm;
      model_parameters.add_parameters(prm);
      law_parameters.add_parameters(prm);
      flow.add_parameters(prm);
      particles.add_parameters(prm);
      comparison.add_parameters(prm);
      parse_parameter_text(prm, text);
    }
  };

  struct P1MeshCase : ComparisonCase
  {
    explicit P1MeshCase(const std::string &extra)
      : ComparisonCase(bandit_p1_text(R"(
subsection Initial law
  set Mean = 1.0
  set Covariance = 0.5
end
subsection Mesh
  set Lower corner = -7
  set Upper corner = 7
  set Global refinements = 8
end
)" + extra))
    {}
  };
} // namespace mfpg::test

#endif
