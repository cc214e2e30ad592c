#include "verification/mesh_error_estimate.h"

#include "model/parameter_file.h"
#include "verification/self_convergence.h"

#include <algorithm>
#include <cmath>

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

  namespace
  {
    /** The records of the flow of @p flow, run without files. */
    template <int dim>
    std::vector<FlowRecord>
    records_of(const Model              &model,
               const InitialLaw         &initial_law,
               const MeshFlowParameters &flow,
               const MPI_Comm            communicator)
    {
      MeshFlowParameters quiet = flow;
      quiet.output.directory   = "";
      FokkerPlanckSolver<dim> solver(model, quiet, communicator);
      solver.set_initial_density(initial_law);
      solver.run();
      return solver.records();
    }

    /** Whether @p step divides @p duration a whole number of times. */
    bool
    divides(const double step, const double duration)
    {
      const double ratio = duration / step;
      return std::round(ratio) >= 1. &&
             std::abs(ratio - std::round(ratio)) <= 1e-9 * ratio;
    }

    /** The moment outputs of one record. */
    std::vector<double>
    quantities_of(const FlowRecord &record)
    {
      return moment_outputs(record.mean, record.covariance, record.objective);
    }
  } // namespace

  std::vector<std::vector<double>>
  MeshErrorEstimate::total() const
  {
    std::vector<std::vector<double>> sum = space;
    for (unsigned int k = 0; k < sum.size(); ++k)
      for (unsigned int i = 0; i < sum[k].size(); ++i)
        sum[k][i] += time[k][i];
    return sum;
  }

  template <int dim>
  MeshErrorEstimate
  mesh_error_estimate(const Model                   &model,
                      const InitialLaw              &initial_law,
                      const MeshFlowParameters      &flow,
                      const std::vector<FlowRecord> &fine,
                      const std::string             &user,
                      const MPI_Comm                 communicator)
  {
    require_coarser_mesh(flow, user);
    MeshFlowParameters coarse_flow = flow;
    coarse_flow.mesh.global_refinements -= 1;
    coarse_flow.output.run_name =
      "the error estimate's run at Global refinements = " +
      std::to_string(coarse_flow.mesh.global_refinements);
    const std::vector<FlowRecord> coarse =
      records_of<dim>(model, initial_law, coarse_flow, communicator);

    const TimeSteppingParameters &ts = flow.time_stepping;
    const double interval = std::min(flow.output.interval, ts.end_time);
    const bool   doubled  = divides(2. * ts.time_step, interval) &&
                         divides(2. * ts.time_step, ts.end_time);
    MeshFlowParameters other_step_flow = flow;
    other_step_flow.time_stepping.time_step *= doubled ? 2. : 0.5;
    other_step_flow.output.run_name =
      std::string("the error estimate's run at ") +
      (doubled ? "2 dt" : "dt / 2");
    const std::vector<FlowRecord> other_step =
      records_of<dim>(model, initial_law, other_step_flow, communicator);

    AssertThrow(coarse.size() == fine.size() &&
                  other_step.size() == fine.size(),
                dealii::ExcInternalError());
    const double      space_order = flow.discretisation.nodal_order();
    const double      time_order  = ts.order();
    MeshErrorEstimate estimate;
    for (unsigned int k = 0; k < fine.size(); ++k)
      {
        const std::vector<double> h     = quantities_of(fine[k]);
        const std::vector<double> rough = quantities_of(coarse[k]);
        const std::vector<double> other = quantities_of(other_step[k]);
        std::vector<double>       space, time;
        for (unsigned int i = 0; i < h.size(); ++i)
          {
            space.push_back(richardson_correction(rough[i], h[i], space_order));
            time.push_back(doubled ?
                             richardson_correction(other[i], h[i], time_order) :
                             richardson_correction(h[i], other[i], time_order) +
                               (other[i] - h[i]));
          }
        estimate.space.push_back(space);
        estimate.time.push_back(time);
      }
    return estimate;
  }

  template MeshErrorEstimate
  mesh_error_estimate<1>(const Model &,
                         const InitialLaw &,
                         const MeshFlowParameters &,
                         const std::vector<FlowRecord> &,
                         const std::string &,
                         const MPI_Comm);
  template MeshErrorEstimate
  mesh_error_estimate<2>(const Model &,
                         const InitialLaw &,
                         const MeshFlowParameters &,
                         const std::vector<FlowRecord> &,
                         const std::string &,
                         const MPI_Comm);
  template MeshErrorEstimate
  mesh_error_estimate<3>(const Model &,
                         const InitialLaw &,
                         const MeshFlowParameters &,
                         const std::vector<FlowRecord> &,
                         const std::string &,
                         const MPI_Comm);
} // namespace mfpg
