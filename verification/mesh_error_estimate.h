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
   * The mesh flow's own error estimate (docs/model.md §10.3): the flow of
   * @p flow is run once more at Global refinements - 1 (no files written),
   * and for every output time of @p fine (the records of @p flow's run)
   * the signed Richardson estimate q_inf - q_h = (q_h - q_2h) / (2^p - 1)
   * (richardson_correction, p = degree + 1) of each moment output
   * (moment_output_names: mean components, covariance entries k <= l, V).
   * @p user says who needs it, for the message of the ParameterError on
   * Mesh/Global refinements = 0.
   */
  template <int dim>
  std::vector<std::vector<double>>
  mesh_error_estimate(const Model                   &model,
                      const InitialLaw              &initial_law,
                      const MeshFlowParameters      &flow,
                      const std::vector<FlowRecord> &fine,
                      const std::string             &user);

  /**
   * The check of mesh_error_estimate() on its input, for a caller that
   * wants to fail before its own runs.
   */
  void
  require_coarser_mesh(const MeshFlowParameters &flow, const std::string &user);
} // namespace mfpg

#endif
