#include "solver/fokker_planck_solver.h"

#include "model/parameter_file.h"
#include "solver/nodal_quadrature.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <stdexcept>

namespace mfpg
{
  void
  MeshFlowParameters::add_parameters(dealii::ParameterHandler &prm)
  {
    mesh.add_parameters(prm);
    discretisation.add_parameters(prm);
    time_stepping.add_parameters(prm);
    output.add_parameters(prm);
  }


  template <int dim>
  FokkerPlanckSolver<dim>::FokkerPlanckSolver(
    const Model              &model,
    const MeshFlowParameters &parameters,
    const MPI_Comm            communicator)
    : parameters(parameters)
    , mesh(parameters.mesh,
           parameters.discretisation.element_degree(),
           communicator)
    , timer(std::cout,
            dealii::TimerOutput::never,
            dealii::TimerOutput::wall_times)
    , stepper(model,
              mesh,
              this->parameters.discretisation,
              this->parameters.time_stepping,
              timer)
    , output(mesh, this->parameters.output)
  {
    model.require_diffusion("the mesh solver");
    if (model.n_parameters() != dim)
      throw ParameterError("Feature",
                           "the feature has d = " +
                             std::to_string(model.n_parameters()) +
                             " parameters but the mesh solver runs in " +
                             std::to_string(dim) + "-d");
    // the exponential fitting, alone or as the spectral elements' safe step
    if (parameters.discretisation.scheme != "galerkin" &&
        mesh.n_positive_edge_weights() > 0 &&
        dealii::Utilities::MPI::this_mpi_process(communicator) == 0)
      std::cerr << "mfpg: warning: " << mesh.n_positive_edge_weights()
                << " positive off-diagonal stiffness entries: the mesh is not "
                   "of M-matrix type and positivity is not guaranteed\n";
  }

  template <int dim>
  void
  FokkerPlanckSolver<dim>::set_initial_density(
    const std::function<double(const dealii::Point<dim> &)> &density)
  {
    dealii::Vector<double> values(mesh.n_locally_relevant());
    for (unsigned int k = 0; k < values.size(); ++k)
      values[k] = density(mesh.support_points()[k]);
    values /= nodal_quadrature::mass(mesh, values);
    set_initial_density(values);
  }

  template <int dim>
  void
  FokkerPlanckSolver<dim>::set_initial_density(const InitialLaw &initial_law)
  {
    initial_law.require_density("the mesh solver");
    set_initial_density([&](const dealii::Point<dim> &theta) {
      return initial_law.density(
        dealii::ArrayView<const double>(theta.begin_raw(), dim));
    });
  }

  template <int dim>
  void
  FokkerPlanckSolver<dim>::set_initial_density(
    const dealii::Vector<double> &values)
  {
    AssertDimension(values.size(), mesh.n_locally_relevant());
    bool bad = false;
    for (unsigned int k = 0; k < mesh.n_locally_owned(); ++k)
      bad = bad || !(values[k] >= 0.) || !std::isfinite(values[k]);
    if (dealii::Utilities::MPI::logical_or(bad, mesh.communicator()))
      throw std::invalid_argument(
        "the initial density must be finite and non-negative at every node");
    FlowState state;
    state.n_ranks =
      dealii::Utilities::MPI::n_mpi_processes(mesh.communicator());
    state.nu = mesh.gather(values);
    restore(state);
  }

  template <int dim>
  void
  FokkerPlanckSolver<dim>::add_observer(
    const std::function<void(const FlowRecord &,
                             const dealii::Vector<double> &)> &observer)
  {
    observers.push_back(observer);
  }

  template <int dim>
  void
  FokkerPlanckSolver<dim>::add_step_observer(
    const std::function<void(double)> &observer)
  {
    step_observers.push_back(observer);
  }

  template <int dim>
  FlowState
  FokkerPlanckSolver<dim>::state() const
  {
    FlowState state;
    state.n_ranks =
      dealii::Utilities::MPI::n_mpi_processes(mesh.communicator());
    stepper.save(state);
    output.save(state);
    return state;
  }

  template <int dim>
  void
  FokkerPlanckSolver<dim>::restore(const FlowState &state)
  {
    if (state.nu.size() != mesh.n_dofs())
      throw std::invalid_argument("FokkerPlanckSolver::restore: a state of " +
                                  std::to_string(state.nu.size()) +
                                  " nodal values for a mesh of " +
                                  std::to_string(mesh.n_dofs()));
    const unsigned int n_ranks =
      dealii::Utilities::MPI::n_mpi_processes(mesh.communicator());
    if (state.n_ranks != n_ranks)
      throw std::invalid_argument(
        "FokkerPlanckSolver::restore: the state was written on " +
        std::to_string(state.n_ranks) + " MPI ranks and cannot be restored " +
        "on " + std::to_string(n_ranks) +
        " (the dof numbering of the distributed mesh depends on the "
        "partition): resume on " +
        std::to_string(state.n_ranks) + " ranks");
    stepper.restore(state);
    output.restore(state);
  }

  template <int dim>
  void
  FokkerPlanckSolver<dim>::run()
  {
    if (stepper.density().size() == 0)
      throw std::logic_error("FokkerPlanckSolver::run: no initial density set");
    const TimeSteppingParameters &ts = parameters.time_stepping;
    const unsigned int            n_steps =
      whole_number_of_steps(ts.end_time,
                            ts.time_step,
                            "Time stepping/End time");
    const unsigned int output_every =
      whole_number_of_steps(std::min(parameters.output.interval, ts.end_time),
                            ts.time_step,
                            "Output/Interval");

    output.open(stepper.with_safety());
    for (;;)
      {
        stepper.evaluate();
        const unsigned int step = stepper.step_number();
        for (const auto &observer : step_observers)
          observer(stepper.time());
        output.track_minimum(stepper.density());

        if (step % output_every == 0 || step == n_steps)
          {
            const dealii::TimerOutput::Scope scope(timer,
                                                   "monitors and output");
            const FlowRecord                &record = output.write(stepper);
            if (!observers.empty())
              {
                const dealii::Vector<double> all =
                  mesh.gather(stepper.density());
                for (const auto &observer : observers)
                  observer(record, all);
              }
          }
        if (step == n_steps)
          break;
        stepper.advance();
      }
    output.close();
  }

  template <int dim>
  const MeshDiscretisation<dim> &
  FokkerPlanckSolver<dim>::discretisation() const
  {
    return mesh;
  }

  template <int dim>
  const dealii::Vector<double> &
  FokkerPlanckSolver<dim>::density() const
  {
    return stepper.density();
  }

  template <int dim>
  dealii::Vector<double>
  FokkerPlanckSolver<dim>::gathered_density() const
  {
    return mesh.gather(stepper.density());
  }

  template <int dim>
  const std::vector<FlowRecord> &
  FokkerPlanckSolver<dim>::records() const
  {
    return output.records();
  }

  template <int dim>
  std::map<std::string, double>
  FokkerPlanckSolver<dim>::phase_times() const
  {
    return timer.get_summary_data(dealii::TimerOutput::total_wall_time);
  }

  template <int dim>
  double
  FokkerPlanckSolver<dim>::min_density_over_run() const
  {
    return output.min_density_over_run();
  }

  template <int dim>
  double
  FokkerPlanckSolver<dim>::min_relative_density_over_run() const
  {
    return output.min_relative_density_over_run();
  }

  template class FokkerPlanckSolver<1>;
  template class FokkerPlanckSolver<2>;
  template class FokkerPlanckSolver<3>;
} // namespace mfpg
