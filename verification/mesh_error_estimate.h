#ifndef mfpg_verification_mesh_error_estimate_h
#define mfpg_verification_mesh_error_estimate_h

#include "model/initial_law.h"
#include "model/model.h"
#include "solver/fokker_planck_solver.h"

#include <string>
#include <vector>

namespace mfpg
{
  /**
   * The signed estimates of q_inf - q_h of a mesh flow's moment outputs,
   * per output time and output, in its two parts (mesh_error_estimate()).
   */
  struct MeshErrorEstimate
  {
    std::vector<std::vector<double>> space;
    std::vector<std::vector<double>> time;

    /** space + time, per output time and output. */
    std::vector<std::vector<double>>
    total() const;
  };

  /**
   * The mesh flow's own error estimate (docs/model.md §10.3), in space and
   * in time: the flow of @p flow is run once more at Global refinements - 1
   * and once more with another time step (no files written), and for every
   * output time of @p fine (the records of @p flow's run) and each moment
   * output (moment_output_names: mean components, covariance entries
   * k <= l, V) the signed estimate of q_inf - q_h is the sum of
   *  - the space part (q_h - q_2h) / (2^p - 1), p the order of the
   *    moments (DiscretisationParameters::nodal_order: 4 for the spectral
   *    elements, degree + 1 for the others; richardson_correction), both
   *    runs at the file's dt, and
   *  - the time part from the run at 2 dt, (q_dt - q_2dt) / (2^r - 1),
   *    r = the time scheme's order (TimeSteppingParameters::order), or,
   *    where 2 dt does not divide the output interval and the end time, from
   *    the run at dt / 2, (q_dt/2 - q_dt) 2^r / (2^r - 1).
   * @p user says who needs it, for the message of the ParameterError on
   * Mesh/Global refinements = 0. The runs are on @p communicator.
   */
  template <int dim>
  MeshErrorEstimate
  mesh_error_estimate(const Model                   &model,
                      const InitialLaw              &initial_law,
                      const MeshFlowParameters      &flow,
                      const std::vector<FlowRecord> &fine,
                      const std::string             &user,
                      const MPI_Comm communicator = MPI_COMM_SELF);

  /**
   * The check of mesh_error_estimate() on its input, for a caller that
   * wants to fail before its own runs.
   */
  void
  require_coarser_mesh(const MeshFlowParameters &flow, const std::string &user);
} // namespace mfpg

#endif
