#include "solver/fokker_planck_solver.h"

#include <deal.II/base/data_out_base.h>
#include <deal.II/numerics/data_out.h>

#include "model/coupling_weights.h"
#include "model/parameter_file.h"
#include "solver/exponential_fitting_operator.h"
#include "solver/nodal_quadrature.h"

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
    const MeshFlowParameters &parameters)
    : model(model)
    , parameters(parameters)
    , mesh(parameters.mesh, parameters.discretisation.degree)
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
  {
    model.require_diffusion("the mesh solver");
    if (model.n_parameters() != dim)
      throw ParameterError("Feature",
                           "the feature has d = " +
                             std::to_string(model.n_parameters()) +
                             " parameters but the mesh solver runs in " +
                             std::to_string(dim) + "-d");
    if (parameters.discretisation.scheme == "exponential-fitting" &&
        mesh.n_positive_edge_weights() > 0)
      std::cerr << "mfpg: warning: " << mesh.n_positive_edge_weights()
                << " positive off-diagonal stiffness entries: the mesh is not "
                   "of M-matrix type and positivity is not guaranteed\n";
  }

  template <int dim>
  void
  FokkerPlanckSolver<dim>::set_initial_density(
    const std::function<double(const dealii::Point<dim> &)> &density)
  {
    dealii::Vector<double> values(mesh.n_dofs());
    for (unsigned int i = 0; i < mesh.n_dofs(); ++i)
      values[i] = density(mesh.support_points()[i]);
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
    AssertDimension(values.size(), mesh.n_dofs());
    for (const double v : values)
      if (!(v >= 0.) || !std::isfinite(v))
        throw std::invalid_argument(
          "the initial density must be finite and non-negative at every node");
    restore(State{0,
                  values,
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
    r.min_density           = *std::min_element(nu.begin(), nu.end());
    r.boundary_layer_mass   = mesh.boundary_layer_weights() * nu;
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
    if (!warned_about_boundary)
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
    write_csv_row(csv, record);
    csv.flush();

    dealii::DataOut<dim> data_out;
    data_out.attach_dof_handler(mesh.dof_handler());
    data_out.add_data_vector(nu, "density");
    data_out.add_data_vector(Phi, "slotboom_potential");
    data_out.build_patches();
    const std::string name = data_out.write_vtu_with_pvtu_record(
      directory + "/", "density", vtu_series.size(), MPI_COMM_SELF, 4);
    vtu_series.emplace_back(record.time, name);
    std::ofstream pvd(directory + "/density.pvd");
    dealii::DataOutBase::write_pvd_record(pvd, vtu_series);
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
    return State{step,
                 nu,
                 nu_previous,
                 Phi_previous,
                 J_previous,
                 linear_iterations,
                 min_density,
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
    step              = state.step;
    nu                = state.nu;
    nu_previous       = state.nu_previous;
    Phi_previous      = state.Phi_previous;
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
      {
        std::filesystem::create_directories(directory);
        csv.open(directory + "/monitors.csv.partial");
        write_csv_header(csv, dim);
        // the rows of the steps before a restored state
        for (const FlowRecord &record : history)
          write_csv_row(csv, record);
      }

    const double half_sigma2 = 0.5 * model.sigma() * model.sigma();
    for (;; ++step)
      {
        const double                     time = step * ts.time_step;
        const dealii::FullMatrix<double> F =
          nodal_quadrature::policy_energy(mesh, model, nu);
        const PolicyGradient         pg(model.mdp(), F);
        const dealii::Vector<double> Phi =
          nodal_quadrature::slotboom_potential(mesh, model, pg.weights());
        const double V = pg.evaluation().objective();
        const double J =
          V - half_sigma2 * nodal_quadrature::entropy_plus_energy(mesh, nu, U);
        for (const auto &observer : step_observers)
          observer(time);
        min_density =
          std::min(min_density, *std::min_element(nu.begin(), nu.end()));

        if (step % output_every == 0 || step == n_steps)
          {
            const FlowRecord record =
              monitor(time, Phi, V, J, (J - J_previous) / ts.time_step);
            check_boundary_layer(record);
            history.push_back(record);
            write_output(record, Phi);
            for (const auto &observer : observers)
              observer(record, nu);
          }
        if (step == n_steps)
          break;

        dealii::Vector<double> Phi_star = Phi;
        if (ts.scheme == "bdf2" && Phi_previous.size() > 0)
          {
            Phi_star *= 2.;
            Phi_star -= Phi_previous;
          }
        dealii::Vector<double> next = stepper.step(Phi_star, nu, nu_previous);
        linear_iterations           = stepper.last_iterations();
        for (const double v : next)
          if (!std::isfinite(v))
            throw std::runtime_error(
              "the density is not finite after the step to t = " +
              std::to_string(time + ts.time_step));
        nu_previous  = std::move(nu);
        nu           = std::move(next);
        Phi_previous = Phi;
        J_previous   = J;
      }

    if (!directory.empty())
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
  const std::vector<FlowRecord> &
  FokkerPlanckSolver<dim>::records() const
  {
    return history;
  }

  template <int dim>
  double
  FokkerPlanckSolver<dim>::min_density_over_run() const
  {
    return min_density;
  }

  template class FokkerPlanckSolver<1>;
  template class FokkerPlanckSolver<2>;
  template class FokkerPlanckSolver<3>;
} // namespace mfpg
