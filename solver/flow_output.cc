#include "solver/flow_output.h"

#include <deal.II/numerics/data_out.h>

#include "solver/nodal_quadrature.h"

#include <algorithm>
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


  template <int dim>
  FlowOutput<dim>::FlowOutput(const MeshDiscretisation<dim> &mesh,
                              const FlowOutputParameters    &parameters)
    : mesh(mesh)
    , parameters(parameters)
    , is_root(dealii::Utilities::MPI::this_mpi_process(mesh.communicator()) ==
              0)
    , min_density(std::numeric_limits<double>::max())
    , min_relative_density(std::numeric_limits<double>::max())
    , warned_about_boundary(false)
    , vtu_series(parameters.directory + "/density.pvd", is_root)
  {
  }

  template <int dim>
  void
  FlowOutput<dim>::open(const bool with_safety)
  {
    const std::string &directory = parameters.directory;
    if (directory.empty())
      return;
    std::filesystem::create_directories(directory);
    if (!is_root)
      return;
    csv = std::make_unique<PartialFile>(directory + "/monitors.csv");
    write_csv_header(csv->stream(), dim, with_safety);
    // the rows of the steps before a restored state
    for (const FlowRecord &record : history)
      write_csv_row(csv->stream(), record);
  }

  template <int dim>
  void
  FlowOutput<dim>::track_minimum(const dealii::Vector<double> &nu)
  {
    for (unsigned int k = 0; k < mesh.n_locally_owned(); ++k)
      min_density = std::min(min_density, nu[k]);
    min_relative_density =
      std::min(min_relative_density, mesh.minimum(nu) / mesh.maximum_norm(nu));
  }

  template <int dim>
  const FlowRecord &
  FlowOutput<dim>::write(const FlowStepper<dim> &flow)
  {
    const FlowRecord record = monitor(flow);
    check_boundary_layer(record);
    history.push_back(record);
    write_files(record, flow);
    return history.back();
  }

  template <int dim>
  void
  FlowOutput<dim>::close()
  {
    if (csv)
      csv->commit();
  }

  template <int dim>
  FlowRecord
  FlowOutput<dim>::monitor(const FlowStepper<dim> &flow) const
  {
    const dealii::Vector<double> &nu = flow.density();
    FlowRecord                    r;
    r.time                    = flow.time();
    r.mass                    = nodal_quadrature::mass(mesh, nu);
    r.min_density             = mesh.minimum(nu);
    r.boundary_layer_mass     = nodal_quadrature::boundary_layer_mass(mesh, nu);
    r.mean                    = nodal_quadrature::mean(mesh, nu);
    r.covariance              = nodal_quadrature::covariance(mesh, nu);
    r.objective               = flow.objective();
    r.regularised_objective   = flow.regularised_objective();
    r.dissipation             = flow.dissipation();
    r.objective_rate          = flow.objective_rate();
    r.gibbs_relative_entropy  = flow.fixed_point_residual();
    r.linear_iterations       = flow.linear_iterations();
    r.safe_steps              = flow.safe_steps();
    r.limited_steps           = flow.limited_steps();
    r.redistributed_mass      = flow.redistributed_mass();
    r.preconditioner_builds   = flow.preconditioner_builds();
    r.total_linear_iterations = flow.total_linear_iterations();
    r.safety                  = flow.safety();
    return r;
  }

  template <int dim>
  void
  FlowOutput<dim>::check_boundary_layer(const FlowRecord &record)
  {
    if (record.boundary_layer_mass <= parameters.boundary_mass_tolerance)
      return;
    std::ostringstream text;
    if (!parameters.run_name.empty())
      text << "in " << parameters.run_name << ", ";
    text << "the mass in the outermost layer of cells is "
         << std::setprecision(3) << record.boundary_layer_mass
         << " at t = " << record.time
         << ", above 'Output/Boundary mass tolerance' = "
         << parameters.boundary_mass_tolerance << ": enlarge the box";
    const std::string message = text.str();
    if (parameters.stop_on_boundary_mass)
      throw std::runtime_error(message);
    if (!warned_about_boundary && is_root)
      std::cerr << "mfpg: warning: " << message << "\n";
    warned_about_boundary = true;
  }

  template <int dim>
  void
  FlowOutput<dim>::write_files(const FlowRecord       &record,
                               const FlowStepper<dim> &flow)
  {
    const std::string &directory = parameters.directory;
    if (directory.empty())
      return;
    if (csv)
      {
        write_csv_row(csv->stream(), record);
        csv->stream().flush();
      }

    const auto  density       = mesh.ghosted_vector(flow.density());
    const auto  potential     = mesh.ghosted_vector(flow.potential());
    const auto &triangulation = mesh.dof_handler().get_triangulation();
    dealii::Vector<float> subdomain(triangulation.n_active_cells());
    subdomain = triangulation.locally_owned_subdomain();
    dealii::DataOut<dim> data_out;
    data_out.attach_dof_handler(mesh.dof_handler());
    data_out.add_data_vector(density, "density");
    data_out.add_data_vector(potential, "slotboom_potential");
    data_out.add_data_vector(subdomain, "subdomain");
    // one patch per node interval, so ParaView shows a Q_p field
    data_out.build_patches(mesh.dof_handler().get_fe().degree);
    const std::string name =
      data_out.write_vtu_with_pvtu_record(directory + "/",
                                          "density",
                                          vtu_series.entries().size(),
                                          mesh.communicator(),
                                          4);
    vtu_series.add(record.time, name);
  }

  template <int dim>
  const std::vector<FlowRecord> &
  FlowOutput<dim>::records() const
  {
    return history;
  }

  template <int dim>
  double
  FlowOutput<dim>::min_density_over_run() const
  {
    return dealii::Utilities::MPI::min(min_density, mesh.communicator());
  }

  template <int dim>
  double
  FlowOutput<dim>::min_relative_density_over_run() const
  {
    return min_relative_density;
  }

  template <int dim>
  void
  FlowOutput<dim>::save(FlowState &state) const
  {
    state.min_density          = min_density_over_run();
    state.min_relative_density = min_relative_density;
    state.history              = history;
    state.vtu_series           = vtu_series.entries();
  }

  template <int dim>
  void
  FlowOutput<dim>::restore(const FlowState &state)
  {
    min_density          = state.min_density;
    min_relative_density = state.min_relative_density;
    history              = state.history;
    vtu_series.restore(state.vtu_series);
  }

  template class FlowOutput<1>;
  template class FlowOutput<2>;
  template class FlowOutput<3>;
} // namespace mfpg
