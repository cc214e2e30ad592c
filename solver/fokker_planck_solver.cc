#include "solver/fokker_planck_solver.h"

#include <deal.II/base/data_out_base.h>
#include <deal.II/numerics/data_out.h>

#include "model/coupling_weights.h"
#include "model/parameter_file.h"
#include "solver/exponential_fitting_operator.h"
#include "solver/nodal_quadrature.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace mfpg
{
  void
  FlowOutputParameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Output");
    prm.add_parameter("Directory",
                      directory,
                      "Directory for monitors.csv, the VTU files and the .pvd "
                      "series (created if missing; empty: no files).");
    prm.add_parameter("Interval",
                      interval,
                      "Time between outputs (rounded to a whole number of "
                      "time steps).",
                      dealii::Patterns::Double(0.));
    prm.add_parameter(
      "Boundary mass tolerance",
      boundary_mass_tolerance,
      "Largest acceptable mass in the outermost layer of cells: "
      "above it the box is too small for R^d.",
      dealii::Patterns::Double(0.));
    prm.add_parameter("Stop on boundary mass",
                      stop_on_boundary_mass,
                      "Above the tolerance: stop with an error (true) or warn "
                      "once (false).");
    prm.leave_subsection();
  }

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
    : model(model)
    , parameters(parameters)
    , is_root(dealii::Utilities::MPI::this_mpi_process(communicator) == 0)
    , mesh(parameters.mesh, parameters.discretisation.degree, communicator)
    , fokker_planck(make_fokker_planck_operator(parameters.discretisation,
                                                mesh,
                                                model.sigma()))
    , stepper(mesh, *fokker_planck, parameters.time_stepping)
    , U(nodal_quadrature::potential_values(mesh, model))
    , step(0)
    , J_previous(std::numeric_limits<double>::quiet_NaN())
    , linear_iterations(0)
    , min_density(std::numeric_limits<double>::max())
    , warned_about_boundary(false)
    , timer(std::cout,
            dealii::TimerOutput::never,
            dealii::TimerOutput::wall_times)
  {
    model.require_diffusion("the mesh solver");
    if (model.n_parameters() != dim)
      throw ParameterError("Feature",
                           "the feature has d = " +
                             std::to_string(model.n_parameters()) +
                             " parameters but the mesh solver runs in " +
                             std::to_string(dim) + "-d");
    if (parameters.discretisation.scheme == "exponential-fitting" &&
        mesh.n_positive_edge_weights() > 0 && is_root)
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
    restore(State{0,
                  dealii::Utilities::MPI::n_mpi_processes(mesh.communicator()),
                  mesh.gather(values),
                  {},
                  {},
                  std::numeric_limits<double>::quiet_NaN(),
                  0,
                  std::numeric_limits<double>::max(),
                  {},
                  {}});
  }

  template <int dim>
  FlowRecord
  FokkerPlanckSolver<dim>::monitor(const double                  time,
                                   const dealii::Vector<double> &Phi,
                                   const double                  objective,
                                   const double                  J,
                                   const double objective_rate) const
  {
    FlowRecord r;
    r.time                  = time;
    r.mass                  = nodal_quadrature::mass(mesh, nu);
    r.min_density           = mesh.minimum(nu);
    r.boundary_layer_mass   = nodal_quadrature::boundary_layer_mass(mesh, nu);
    r.mean                  = nodal_quadrature::mean(mesh, nu);
    r.covariance            = nodal_quadrature::covariance(mesh, nu);
    r.objective             = objective;
    r.regularised_objective = J;
    r.dissipation    = discrete_dissipation(mesh, model.sigma(), Phi, nu);
    r.objective_rate = objective_rate;
    r.gibbs_relative_entropy =
      nodal_quadrature::gibbs_relative_entropy(mesh, nu, Phi);
    r.linear_iterations = linear_iterations;
    return r;
  }

  template <int dim>
  void
  FokkerPlanckSolver<dim>::check_boundary_layer(const FlowRecord &record) const
  {
    if (record.boundary_layer_mass <= parameters.output.boundary_mass_tolerance)
      return;
    std::ostringstream text;
    text << "the mass in the outermost layer of cells is "
         << std::setprecision(3) << record.boundary_layer_mass
         << " at t = " << record.time
         << ", above 'Output/Boundary mass tolerance' = "
         << parameters.output.boundary_mass_tolerance << ": enlarge the box";
    const std::string message = text.str();
    if (parameters.output.stop_on_boundary_mass)
      throw std::runtime_error(message);
    if (!warned_about_boundary && is_root)
      std::cerr << "mfpg: warning: " << message << "\n";
    warned_about_boundary = true;
  }

  template <int dim>
  void
  FokkerPlanckSolver<dim>::write_output(const FlowRecord             &record,
                                        const dealii::Vector<double> &Phi)
  {
    const std::string &directory = parameters.output.directory;
    if (directory.empty())
      return;
    if (is_root)
      {
        write_csv_row(csv, record);
        csv.flush();
      }

    const auto  density       = mesh.ghosted_vector(nu);
    const auto  potential     = mesh.ghosted_vector(Phi);
    const auto &triangulation = mesh.dof_handler().get_triangulation();
    dealii::Vector<float> subdomain(triangulation.n_active_cells());
    subdomain = triangulation.locally_owned_subdomain();
    dealii::DataOut<dim> data_out;
    data_out.attach_dof_handler(mesh.dof_handler());
    data_out.add_data_vector(density, "density");
    data_out.add_data_vector(potential, "slotboom_potential");
    data_out.add_data_vector(subdomain, "subdomain");
    data_out.build_patches();
    const std::string name = data_out.write_vtu_with_pvtu_record(
      directory + "/", "density", vtu_series.size(), mesh.communicator(), 4);
    vtu_series.emplace_back(record.time, name);
    if (is_root)
      {
        std::ofstream pvd(directory + "/density.pvd");
        dealii::DataOutBase::write_pvd_record(pvd, vtu_series);
      }
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
  typename FokkerPlanckSolver<dim>::State
  FokkerPlanckSolver<dim>::state() const
  {
    const auto gathered = [this](const dealii::Vector<double> &x) {
      return x.size() == 0 ? dealii::Vector<double>() : mesh.gather(x);
    };
    return State{step,
                 dealii::Utilities::MPI::n_mpi_processes(mesh.communicator()),
                 gathered(nu),
                 gathered(nu_previous),
                 gathered(Phi_previous),
                 J_previous,
                 linear_iterations,
                 min_density_over_run(),
                 history,
                 vtu_series};
  }

  template <int dim>
  void
  FokkerPlanckSolver<dim>::restore(const State &state)
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
    const auto local = [this](const dealii::Vector<double> &all) {
      return all.size() == 0 ? dealii::Vector<double>() : mesh.local_part(all);
    };
    step              = state.step;
    nu                = local(state.nu);
    nu_previous       = local(state.nu_previous);
    Phi_previous      = local(state.Phi_previous);
    J_previous        = state.J_previous;
    linear_iterations = state.linear_iterations;
    min_density       = state.min_density;
    history           = state.history;
    vtu_series        = state.vtu_series;
  }

  template <int dim>
  void
  FokkerPlanckSolver<dim>::run()
  {
    if (nu.size() == 0)
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

    const std::string &directory = parameters.output.directory;
    if (!directory.empty())
      std::filesystem::create_directories(directory);
    if (!directory.empty() && is_root)
      {
        csv.open(directory + "/monitors.csv.partial");
        write_csv_header(csv, dim);
        // the rows of the steps before a restored state
        for (const FlowRecord &record : history)
          write_csv_row(csv, record);
      }

    const double half_sigma2 = 0.5 * model.sigma() * model.sigma();
    for (;; ++step)
      {
        const double               time = step * ts.time_step;
        dealii::FullMatrix<double> F;
        {
          const dealii::TimerOutput::Scope scope(timer, "policy energy F");
          F = nodal_quadrature::policy_energy(mesh, model, nu);
        }
        // F sums the density over every rank's nodes: it is not finite on
        // every rank as soon as the density is not finite on one
        if (step > 0 && !std::all_of(F.begin(), F.end(), [](const double f) {
              return std::isfinite(f);
            }))
          throw std::runtime_error(
            "the density is not finite after the step to t = " +
            std::to_string(time));
        dealii::TimerOutput::Scope   mdp_scope(timer, "MDP solve, Phi, J");
        const PolicyGradient         pg(model.mdp(), F);
        const dealii::Vector<double> Phi =
          nodal_quadrature::slotboom_potential(mesh, model, pg.weights());
        const double V = pg.evaluation().objective();
        const double J =
          V - half_sigma2 * nodal_quadrature::entropy_plus_energy(mesh, nu, U);
        mdp_scope.stop();
        for (const auto &observer : step_observers)
          observer(time);
        for (unsigned int k = 0; k < mesh.n_locally_owned(); ++k)
          min_density = std::min(min_density, nu[k]);

        if (step % output_every == 0 || step == n_steps)
          {
            const dealii::TimerOutput::Scope scope(timer,
                                                   "monitors and output");
            const FlowRecord                 record =
              monitor(time, Phi, V, J, (J - J_previous) / ts.time_step);
            check_boundary_layer(record);
            history.push_back(record);
            write_output(record, Phi);
            if (!observers.empty())
              {
                const dealii::Vector<double> all = mesh.gather(nu);
                for (const auto &observer : observers)
                  observer(record, all);
              }
          }
        if (step == n_steps)
          break;

        dealii::Vector<double> Phi_star = Phi;
        if (ts.scheme == "bdf2" && Phi_previous.size() > 0)
          {
            Phi_star *= 2.;
            Phi_star -= Phi_previous;
          }
        dealii::TimerOutput::Scope step_scope(timer,
                                              "time step (assembly, solve)");
        dealii::Vector<double> next = stepper.step(Phi_star, nu, nu_previous);
        step_scope.stop();
        linear_iterations = stepper.last_iterations();
        nu_previous       = std::move(nu);
        nu                = std::move(next);
        Phi_previous      = Phi;
        J_previous        = J;
      }

    if (!directory.empty() && is_root)
      {
        csv.close();
        std::filesystem::rename(directory + "/monitors.csv.partial",
                                directory + "/monitors.csv");
      }
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
    return nu;
  }

  template <int dim>
  dealii::Vector<double>
  FokkerPlanckSolver<dim>::gathered_density() const
  {
    return mesh.gather(nu);
  }

  template <int dim>
  const std::vector<FlowRecord> &
  FokkerPlanckSolver<dim>::records() const
  {
    return history;
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
    return dealii::Utilities::MPI::min(min_density, mesh.communicator());
  }

  template class FokkerPlanckSolver<1>;
  template class FokkerPlanckSolver<2>;
  template class FokkerPlanckSolver<3>;
} // namespace mfpg
