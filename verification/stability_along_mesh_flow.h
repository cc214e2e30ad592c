#ifndef mfpg_verification_stability_along_mesh_flow_h
#define mfpg_verification_stability_along_mesh_flow_h

#include "model/initial_law.h"
#include "model/model.h"
#include "solver/fokker_planck_solver.h"
#include "verification/convergence_constants.h"
#include "verification/grid_sinkhorn_divergence.h"
#include "verification/stability_along_flow.h"
#include "verification/theorem_verdict.h"

#include <utility>
#include <vector>

namespace mfpg
{
  /**
   * The memory term ∫_0^t e^{-r (t - s)} M(s) ds of the time-dependent
   * stability bound of model.md §6.3 from samples M(s_j) at increasing
   * times s_0 = 0 < s_1 < ...: M is taken linear between the samples and
   * the product with the exponential integrated exactly, interval by
   * interval,
   *
   *   ∫_{s_j}^{s_{j+1}} e^{-r (t - s)} M ds = e^{-r (t - s_{j+1})} h_j
   *     (M_j phi_2(r h_j) + M_{j+1} (phi_1(r h_j) - phi_2(r h_j))),
   *
   * phi_1(z) = ∫_0^1 e^{-z v} dv, phi_2(z) = ∫_0^1 v e^{-z v} dv (a series
   * for small z, where the closed form cancels). Exact for piecewise-
   * linear M at every r; for smooth M the interpolation error is at most
   * (max h_j)^2 / 8 max|M''| (1 - e^{-r t}) / r <= (max h_j)^2 / 8
   * max|M''| t. Cost O(number of samples up to t) per call.
   */
  class PiecewiseLinearMemory
  {
  public:
    /** Append the sample M(@p s) = @p M; @p s beyond the last sample. */
    void
    add_sample(const double s, const double M);

    unsigned int
    n_samples() const;

    /** ∫_0^{s_n} e^{-@p rate (s_n - s)} M(s) ds for n = @p last_sample. */
    double
    operator()(const unsigned int last_sample, const double rate) const;

  private:
    std::vector<double> times;
    std::vector<double> values;
  };

  /** The second mesh flow: its (sigma', tau') and its initial law nu'_0. */
  struct SecondMeshFlow
  {
    double     sigma;
    double     tau;
    InitialLaw initial;
  };

  /**
   * The time-dependent stability bound of model.md §6.3 along two mesh
   * flows of any feature in d = dim (model.md §6.6 (b), "Along the flow"):
   * nu_t of the model of @p parameters from @p initial and nu'_t of
   * (sigma', tau') from @p second.initial, both by FokkerPlanckSolver<dim>
   * on one rank with the mesh and time stepping of @p flow (no files; the
   * second flow runs first and keeps its densities at the output times).
   * At each output time of @p flow (every Output/Interval and the end
   * time):
   *
   *  - W2(nu_t, nu'_t) by mesh_density_wasserstein(): exact in d = 1, the
   *    grid Sinkhorn with @p sinkhorn and its error estimate in d = 2, 3,
   *    both densities read as measures by non_negative_density();
   *  - the bound flow_stability_bound() from (W2 + its error estimate)^2
   *    at t = 0, with M(s) = ∫|grad U|^2 dnu'_s by the nodal quadrature at
   *    every time step (= mass (|K (m - c)|^2 + tr(K S K)) with the nodal
   *    mean m and covariance S, QuadraticPotential::mean_squared_gradient)
   *    and the memory integral by PiecewiseLinearMemory.
   *
   * beta is that of the reading of @p hypothesis, and D = @p D (on the box,
   * over R^d) for the pair (tau, tau') that of the same reading: both are
   * estimated by the caller (for a linear feature by
   * entropy_lipschitz_constant()). Checked before the runs: the feature's
   * dimension is dim (ParameterError "Feature"), the density is Q1, both
   * initial laws have densities, and in d = 2, 3 the mesh is a uniform
   * tensor grid (std::invalid_argument from tensor_grid_measure()).
   */
  template <int dim>
  FlowStability
  stability_along_mesh_flow(const Model::Parameters  &parameters,
                            const InitialLaw         &initial,
                            const SecondMeshFlow     &second,
                            const MeshFlowParameters &flow,
                            const TheoremHypothesis  &hypothesis,
                            const std::pair<TheoryConstant, TheoryConstant> &D,
                            const GridSinkhornParameters &sinkhorn = {});
} // namespace mfpg

#endif
