#ifndef mfpg_solver_flow_monitor_h
#define mfpg_solver_flow_monitor_h

#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * The monitors of a flow at one time (model.md §5): conservation and
   * positivity (mass, min nu, mass in the outermost cells), the first two
   * moments, the objective V(rho; pi_nu) and the regularised objective
   * J = V - (sigma^2/2) KL(nu | e^{-U}), the dissipation ∫ |grad dJ/dnu|^2 nu
   * against the numerical dJ/dt (energy identity), and the fixed-point
   * residual KL(nu | Gamma(nu)); the linear-solver iterations of the last
   * step, the number of safe steps, of preconditioners built (AMG
   * hierarchies or LU factorisations) and of linear iterations so far.
   */
  struct FlowRecord
  {
    double                     time;
    double                     mass;
    double                     min_density;
    double                     boundary_layer_mass;
    dealii::Vector<double>     mean;
    dealii::FullMatrix<double> covariance;
    double                     objective;
    double                     regularised_objective;
    double                     dissipation;
    /** (J^n - J^{n-1}) / dt over the last step; NaN at t = 0. */
    double       objective_rate;
    double       gibbs_relative_entropy;
    unsigned int linear_iterations;
    /** Safe steps (TimeStepper) of the steps so far. */
    unsigned int safe_steps;
    /** Steps repaired by redistribution so far, and the mass they moved. */
    unsigned int  limited_steps;
    double        redistributed_mass;
    unsigned int  preconditioner_builds;
    std::uint64_t total_linear_iterations;
    /**
     * With MDP/Safety, D_viol, V_0 and P(ever violate) of the policy
     * (safety_measures(), docs/model.md §13); empty without.
     */
    std::vector<double> safety;
  };

  /**
   * The CSV header matching write_csv_row() for dimension @p d, with the
   * columns D_viol, V_0, P_violate at the end if @p with_safety.
   */
  void
  write_csv_header(std::ostream      &out,
                   const unsigned int d,
                   const bool         with_safety);

  void
  write_csv_row(std::ostream &out, const FlowRecord &record);
} // namespace mfpg

#endif
