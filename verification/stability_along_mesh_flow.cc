#include "verification/stability_along_mesh_flow.h"
#include "verification/stability_sweep.h"

#include "model/parameter_file.h"
#include "solver/nodal_quadrature.h"
#include "solver/non_negative_density.h"
#include "verification/mesh_density_wasserstein.h"
#include "verification/tensor_grid_measure.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace mfpg
{
  namespace
  {
    /** phi_1(z) = ∫_0^1 e^{-z v} dv = (1 - e^{-z}) / z, 1 at z = 0. */
    double
    phi_1(const double z)
    {
      return z == 0. ? 1. : -std::expm1(-z) / z;
    }

    /**
     * phi_2(z) = ∫_0^1 v e^{-z v} dv = (1 - (1 + z) e^{-z}) / z^2 for
     * z >= 1/2 (the cancellation costs at most a factor 1 / (1 - 1.5
     * e^{-1/2}) = 11 in relative rounding error); below, where it would
     * cost more, the alternating series sum_k (-z)^k / (k! (k + 2)) to 16
     * terms (remainder below 2^-16 / (16! 18) ~ 4e-20).
     */
    double
    phi_2(const double z)
    {
      if (z >= 0.5)
        return (1. - (1. + z) * std::exp(-z)) / (z * z);
      double sum = 0., term = 1.;
      for (unsigned int k = 0; k < 16; ++k)
        {
          sum += term / (k + 2);
          term *= -z / (k + 1);
        }
      return sum;
    }
  } // namespace

  void
  PiecewiseLinearMemory::add_sample(const double s, const double M)
  {
    if (!times.empty() && !(s > times.back()))
      throw std::invalid_argument(
        "PiecewiseLinearMemory: the sample times must increase");
    times.push_back(s);
    values.push_back(M);
  }

  unsigned int
  PiecewiseLinearMemory::n_samples() const
  {
    return times.size();
  }

  double
  PiecewiseLinearMemory::operator()(const unsigned int last_sample,
                                    const double       rate) const
  {
    AssertIndexRange(last_sample, times.size());
    // I_{j+1} = e^{-r h_j} I_j + (the interval [s_j, s_{j+1}] seen from
    // s_{j+1}), I_0 = 0
    double integral = 0.;
    for (unsigned int j = 0; j < last_sample; ++j)
      {
        const double h = times[j + 1] - times[j], z = rate * h;
        const double p1 = phi_1(z), p2 = phi_2(z);
        integral = std::exp(-z) * integral +
                   h * (values[j] * p2 + values[j + 1] * (p1 - p2));
      }
    return integral;
  }

  namespace
  {
    /**
     * ∫|grad U|^2 nu by the nodal quadrature: for U = (1/2)(theta - c)^T K
     * (theta - c) it is mass (|K (m - c)|^2 + tr(K S K)) with the nodal mean
     * m and covariance S, an identity of any measure.
     */
    template <int dim>
    double
    squared_gradient_moment(const MeshDiscretisation<dim> &mesh,
                            const QuadraticPotential      &potential,
                            const dealii::Vector<double>  &nu)
    {
      return nodal_quadrature::mass(mesh, nu) *
             potential.mean_squared_gradient(nodal_quadrature::mean(mesh, nu),
                                             nodal_quadrature::covariance(mesh,
                                                                          nu));
    }

    /**
     * What the second flow leaves for the first: its densities at the
     * output times, M(s) at every time step, and which sample of M belongs
     * to each output time.
     */
    struct SecondFlowRecord
    {
      std::vector<double>                 times;
      std::vector<dealii::Vector<double>> densities;
      PiecewiseLinearMemory               memory;
      std::vector<unsigned int>           sample_at_output;
    };

    /**
     * Run @p solver (initial density set) to the end time, recording what
     * SecondFlowRecord holds. The step observers of the solver run before
     * its output observers, so the last sample of M at an output time is
     * that of the output time.
     */
    template <int dim>
    SecondFlowRecord
    run_second_flow(FokkerPlanckSolver<dim>  &solver,
                    const QuadraticPotential &potential,
                    const MeshFlowParameters &flow)
    {
      const MeshDiscretisation<dim> &mesh = solver.discretisation();
      SecondFlowRecord               record;
      solver.add_step_observer([&](const double t) {
        record.memory.add_sample(
          t, squared_gradient_moment(mesh, potential, solver.density()));
      });
      solver.add_observer(
        [&](const FlowRecord &monitors, const dealii::Vector<double> &nu) {
          record.times.push_back(monitors.time);
          record.densities.push_back(
            non_negative_density(mesh, nu, flow, monitors.time));
          record.sample_at_output.push_back(record.memory.n_samples() - 1);
        });
      solver.run();
      return record;
    }
  } // namespace

  template <int dim>
  FlowStability
  stability_along_mesh_flow(const Model::Parameters  &parameters,
                            const InitialLaw         &initial,
                            const SecondMeshFlow     &second,
                            const MeshFlowParameters &flow,
                            const TheoremHypothesis  &hypothesis,
                            const std::pair<TheoryConstant, TheoryConstant> &D,
                            const GridSinkhornParameters &sinkhorn)
  {
    const Model model(parameters);
    const Model second_model(
      with_sigma_and_tau(parameters, second.sigma, second.tau));
    model.require_dimension(dim, "the stability bound along mesh flows");
    flow.discretisation.require_piecewise_linear_law(
      "the stability bound along mesh flows");
    // whole nodal vectors are compared: both flows run on one rank, without
    // files (they would share the output directory)
    MeshFlowParameters without_files = flow;
    without_files.output.directory   = "";
    without_files.output.run_name    = "the first flow (the file's sigma, tau)";
    MeshFlowParameters second_flow   = without_files;
    second_flow.output.run_name = "the second flow (Second sigma, Second tau)";
    FokkerPlanckSolver<dim> solver(model, without_files, MPI_COMM_SELF);
    FokkerPlanckSolver<dim> second_solver(second_model,
                                          second_flow,
                                          MPI_COMM_SELF);
    solver.set_initial_density(initial);
    second_solver.set_initial_density(second.initial);
    const MeshDiscretisation<dim> &mesh = solver.discretisation();
    if constexpr (dim > 1)
      tensor_grid_measure(mesh, solver.density()); // W2 needs a tensor grid

    const SecondFlowRecord second_record =
      run_second_flow(second_solver, second_model.potential(), flow);

    FlowStability    result{hypothesis, D.first, D.second, {}};
    constexpr double no_bound = std::numeric_limits<double>::quiet_NaN();
    solver.add_observer(
      [&](const FlowRecord &monitors, const dealii::Vector<double> &nu) {
        const unsigned int k = result.points.size();
        if (k >= second_record.times.size() ||
            std::abs(second_record.times[k] - monitors.time) >
              1e-12 * std::max(1., monitors.time))
          throw std::logic_error(
            "stability_along_mesh_flow: the two flows' output times differ");
        const GridWasserstein w2 = mesh_density_wasserstein(
          mesh,
          non_negative_density(mesh, nu, flow, monitors.time),
          second_record.densities[k],
          sinkhorn);
        result.points.push_back({monitors.time,
                                 w2.distance * w2.distance,
                                 w2.error_estimate,
                                 no_bound,
                                 no_bound,
                                 no_bound});
      });
    solver.run();

    const FlowStabilityPoint &start = result.points.front();
    add_flow_stability_bounds(
      result,
      model,
      second.sigma,
      second.tau,
      std::pow(std::sqrt(start.squared_distance) + start.distance_error, 2),
      [&](const unsigned int k, const double rate) {
        return second_record.memory(second_record.sample_at_output[k], rate);
      });
    return result;
  }

  template FlowStability
  stability_along_mesh_flow<1>(
    const Model::Parameters &,
    const InitialLaw &,
    const SecondMeshFlow &,
    const MeshFlowParameters &,
    const TheoremHypothesis &,
    const std::pair<TheoryConstant, TheoryConstant> &,
    const GridSinkhornParameters &);
  template FlowStability
  stability_along_mesh_flow<2>(
    const Model::Parameters &,
    const InitialLaw &,
    const SecondMeshFlow &,
    const MeshFlowParameters &,
    const TheoremHypothesis &,
    const std::pair<TheoryConstant, TheoryConstant> &,
    const GridSinkhornParameters &);
  template FlowStability
  stability_along_mesh_flow<3>(
    const Model::Parameters &,
    const InitialLaw &,
    const SecondMeshFlow &,
    const MeshFlowParameters &,
    const TheoremHypothesis &,
    const std::pair<TheoryConstant, TheoryConstant> &,
    const GridSinkhornParameters &);
} // namespace mfpg
