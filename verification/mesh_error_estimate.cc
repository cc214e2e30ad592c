#include "verification/mesh_error_estimate.h"

#include "model/parameter_file.h"
#include "verification/self_convergence.h"

namespace mfpg
{
  void
  require_coarser_mesh(const MeshFlowParameters &flow, const std::string &user)
  {
    if (flow.mesh.global_refinements == 0)
      throw ParameterError("Mesh/Global refinements",
                           "must be at least 1: " + user +
                             " runs the mesh once more one level coarser for "
                             "its error estimate");
  }

  template <int dim>
  std::vector<std::vector<double>>
  mesh_error_estimate(const Model                   &model,
                      const InitialLaw              &initial_law,
                      const MeshFlowParameters      &flow,
                      const std::vector<FlowRecord> &fine,
                      const std::string             &user)
  {
    require_coarser_mesh(flow, user);
    MeshFlowParameters coarse_flow = flow;
    coarse_flow.mesh.global_refinements -= 1;
    coarse_flow.output.directory = "";
    FokkerPlanckSolver<dim> coarse(model, coarse_flow, MPI_COMM_SELF);
    coarse.set_initial_density(initial_law);
    coarse.run();
    AssertThrow(coarse.records().size() == fine.size(),
                dealii::ExcInternalError());
    std::vector<std::vector<double>> errors;
    for (unsigned int k = 0; k < fine.size(); ++k)
      {
        const FlowRecord         &h = fine[k], &rough = coarse.records()[k];
        const std::vector<double> fine_quantities =
          moment_outputs(h.mean, h.covariance, h.objective);
        const std::vector<double> coarse_quantities =
          moment_outputs(rough.mean, rough.covariance, rough.objective);
        std::vector<double> estimate;
        for (unsigned int i = 0; i < fine_quantities.size(); ++i)
          estimate.push_back(
            richardson_correction(coarse_quantities[i],
                                  fine_quantities[i],
                                  flow.discretisation.element_degree() + 1.));
        errors.push_back(estimate);
      }
    return errors;
  }

  template std::vector<std::vector<double>>
  mesh_error_estimate<1>(const Model &,
                         const InitialLaw &,
                         const MeshFlowParameters &,
                         const std::vector<FlowRecord> &,
                         const std::string &);
  template std::vector<std::vector<double>>
  mesh_error_estimate<2>(const Model &,
                         const InitialLaw &,
                         const MeshFlowParameters &,
                         const std::vector<FlowRecord> &,
                         const std::string &);
  template std::vector<std::vector<double>>
  mesh_error_estimate<3>(const Model &,
                         const InitialLaw &,
                         const MeshFlowParameters &,
                         const std::vector<FlowRecord> &,
                         const std::string &);
} // namespace mfpg
