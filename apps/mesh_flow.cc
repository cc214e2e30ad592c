#include "apps/mesh_flow.h"

#include "apps/progress_line.h"
#include "apps/result_plots.h"
#include "apps/subcommand_input.h"

#include "apps/mesh_dimension.h"

#include <deal.II/numerics/data_out.h>

#include "io/partial_file.h"
#include "model/parameter_file.h"
#include "solver/nodal_quadrature.h"
#include "verification/mesh_error_estimate.h"
#include "verification/self_convergence.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iomanip>

namespace mfpg::mesh_flow
{
  void
  Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    model.add_parameters(prm);
    initial_law.add_parameters(prm);
    flow.add_parameters(prm);
    stationary.add_parameters(prm);
    prm.enter_subsection("Stationary solver");
    prm.add_parameter("Enabled",
                      solve_stationary,
                      "After the flow, also solve for the stationary point "
                      "nu* = Gamma(nu*) (from the final density; the Gibbs "
                      "fixed point, or for tsallis the stationary profile "
                      "of docs/model.md §11.2) and compare.");
    prm.leave_subsection();
    prm.enter_subsection("Error estimate");
    prm.add_parameter(
      "Enabled",
      estimate_error,
      "After the flow, run it twice more without files, at Global "
      "refinements - 1 and with the time step 2 dt (dt / 2 where 2 dt does "
      "not divide Output/Interval and End time), and print the final mean, "
      "covariance and V with the Richardson estimate of their error, in "
      "space (the moments' order: 4 for the spectral elements, degree + 1 for "
      "the others) and in time (the time scheme's order), "
      "docs/model.md §10.3. Costs about 1/2^d + 1/2 of the run (2 + 1/2^d "
      "with dt / 2); needs Global refinements >= 1.");
    prm.leave_subsection();
    checkpoint.add_parameters(prm);
  }

  OutputPlace
  Parameters::output_place() const
  {
    return {OutputPlace::Kind::directory,
            flow.output.directory,
            "Output/Directory"};
  }

  namespace
  {
    /**
     * theta_1..theta_d, density at every node, for the density panel of
     * the run's PNG (VTU is for ParaView); through a .partial file, by
     * rank 0 after gathering the nodes (d + 1 all-gathers of n_dofs
     * doubles, once at the end; collective).
     */
    template <int dim>
    void
    write_final_density(const MeshDiscretisation<dim> &mesh,
                        const dealii::Vector<double>  &nu,
                        const std::string             &file)
    {
      std::vector<dealii::Vector<double>> columns;
      for (unsigned int k = 0; k < dim; ++k)
        {
          dealii::Vector<double> theta_k(mesh.n_locally_relevant());
          for (unsigned int i = 0; i < theta_k.size(); ++i)
            theta_k[i] = mesh.support_points()[i][k];
          columns.push_back(mesh.gather(theta_k));
        }
      columns.push_back(mesh.gather(nu));
      if (dealii::Utilities::MPI::this_mpi_process(mesh.communicator()) != 0)
        return;
      PartialFile   csv(file);
      std::ostream &out = csv.stream();
      for (unsigned int k = 1; k <= dim; ++k)
        out << "theta" << k << ",";
      out << "density\n" << std::setprecision(10);
      for (unsigned int i = 0; i < mesh.n_dofs(); ++i)
        {
          for (unsigned int k = 0; k < dim; ++k)
            out << columns[k][i] << ",";
          out << columns[dim][i] << "\n";
        }
      csv.commit();
    }

    void
    print_record(std::ostream &out, const FlowRecord &r, const bool header)
    {
      if (header)
        out << std::setw(9) << "t" << std::setw(14) << "mass-1" << std::setw(12)
            << "min nu" << std::setw(12) << "bdry mass" << std::setw(14) << "V"
            << std::setw(14) << "J" << std::setw(12) << "dissip."
            << std::setw(12) << "dJ/dt" << std::setw(12) << "KL(nu|G)"
            << std::setw(6) << "its"
            << "\n";
      out << std::setw(9) << std::setprecision(4) << r.time << std::scientific
          << std::setprecision(2) << std::setw(14) << r.mass - 1.
          << std::setw(12) << r.min_density << std::setw(12)
          << r.boundary_layer_mass << std::defaultfloat << std::setprecision(8)
          << std::setw(14) << r.objective << std::setw(14)
          << r.regularised_objective << std::scientific << std::setprecision(3)
          << std::setw(12) << r.dissipation << std::setw(12) << r.objective_rate
          << std::setw(12) << r.gibbs_relative_entropy << std::defaultfloat
          << std::setw(6) << r.linear_iterations << "\n";
    }

    /**
     * The Gibbs fixed point from the final density, and its distance to it;
     * on every rank of the mesh (gibbs_density.vtu written by MPI I/O).
     */
    template <int dim>
    void
    report_stationary_point(const FokkerPlanckSolver<dim> &solver,
                            const Model                   &model,
                            const Parameters              &parameters,
                            std::ostream                  &out,
                            RunSummary                    &summary)
    {
      const MeshDiscretisation<dim> &mesh = solver.discretisation();
      const auto                     result =
        GibbsFixedPoint<dim>(model, mesh, parameters.stationary)
          .solve(solver.density());
      summary.add_figure("Gibbs fixed point residual", result.residual);
      const dealii::Vector<double> mean =
        nodal_quadrature::mean(mesh, result.density);
      for (unsigned int k = 0; k < dim; ++k)
        summary.add_figure("stationary mean" + std::to_string(k + 1), mean[k]);
      summary.add_figure("stationary variance1",
                         nodal_quadrature::covariance(mesh, result.density)(0,
                                                                            0));
      summary.add_figure("||nu(T) - nu*|| / ||nu*||",
                         nodal_quadrature::relative_l2_difference(
                           mesh, solver.density(), result.density));
      out << (model.regulariser().is_entropy() ?
                "\nGibbs fixed point: " :
                "\nstationary profile nu* = Gamma(nu*) (§11.2): ")
          << result.n_iterations << " iterations, residual " << result.residual;
      if (model.regulariser().is_entropy())
        out << ", KL(nu* | Gamma(nu*)) = " << result.relative_entropy;
      out << "\n  ||nu(T) - nu*|| / ||nu*|| (L2) = "
          << nodal_quadrature::relative_l2_difference(mesh,
                                                      solver.density(),
                                                      result.density)
          << "\n";
      const std::string &directory = parameters.flow.output.directory;
      if (!directory.empty())
        {
          dealii::DataOut<dim> data_out;
          data_out.attach_dof_handler(mesh.dof_handler());
          const auto density = mesh.ghosted_vector(result.density);
          data_out.add_data_vector(density, "gibbs_density");
          data_out.build_patches(mesh.dof_handler().get_fe().degree);
          data_out.write_vtu_in_parallel(directory + "/gibbs_density.vtu",
                                         mesh.communicator());
          out << "written: " << directory << "/gibbs_density.vtu\n";
        }
    }

    /**
     * The final moment outputs with their estimated errors in space and
     * time (mesh_error_estimate(), two more flows on the mesh's ranks).
     */
    template <int dim>
    void
    report_error_estimate(const FokkerPlanckSolver<dim> &solver,
                          const Model                   &model,
                          const InitialLaw              &initial_law,
                          const Parameters              &parameters,
                          std::ostream                  &out,
                          RunSummary                    &summary)
    {
      const MeshErrorEstimate estimate =
        mesh_error_estimate<dim>(model,
                                 initial_law,
                                 parameters.flow,
                                 solver.records(),
                                 "Error estimate/Enabled",
                                 solver.discretisation().communicator());
      const FlowRecord         &last = solver.records().back();
      const std::vector<double> value =
        moment_outputs(last.mean, last.covariance, last.objective);
      const std::vector<std::string> names = moment_output_names(dim);
      const std::vector<double>     &space = estimate.space.back();
      const std::vector<double>     &time  = estimate.time.back();
      out << "\nerror estimate at t = " << last.time
          << " (Richardson, docs/model.md §10.3: against Global refinements "
          << parameters.flow.mesh.global_refinements - 1 << " at order "
          << parameters.flow.discretisation.nodal_order()
          << " and against another time step at order "
          << parameters.flow.time_stepping.order() << "):\n"
          << std::setw(16) << "output" << std::setw(16) << "value"
          << std::setw(14) << "q_inf - q_h" << std::setw(12) << "space"
          << std::setw(12) << "time"
          << "\n";
      for (unsigned int i = 0; i < value.size(); ++i)
        {
          out << std::setw(16) << names[i] << std::setw(16)
              << std::setprecision(10) << value[i] << std::scientific
              << std::setprecision(2) << std::setw(14) << space[i] + time[i]
              << std::setw(12) << space[i] << std::setw(12) << time[i]
              << std::defaultfloat << "\n";
          summary.add_figure(names[i] + " error estimate", space[i] + time[i]);
        }
    }

    template <int dim>
    void
    run_in_dimension(const Model                    &model,
                     const InitialLaw               &initial_law,
                     const Parameters               &parameters,
                     const dealii::ParameterHandler &prm,
                     std::ostream                   &out,
                     RunSummary                     &summary)
    {
      FokkerPlanckSolver<dim> solver(model, parameters.flow);
      summary.add_figure("dofs", solver.discretisation().n_dofs());
      out << "mesh: " << solver.discretisation().n_dofs()
          << " dofs, h = " << solver.discretisation().mesh_size() << ", scheme "
          << parameters.flow.discretisation.scheme << " Q"
          << parameters.flow.discretisation.element_degree() << ", "
          << parameters.flow.time_stepping.scheme
          << " dt = " << parameters.flow.time_stepping.time_step << "\n\n";
      const Checkpoint checkpoint(parameters.checkpoint,
                                  parameters.flow.output.directory,
                                  "mesh",
                                  prm,
                                  {"Time stepping/End time"},
                                  solver.discretisation().communicator());
      if (checkpoint.resuming())
        {
          solver.restore(checkpoint.read().get<FlowState>());
          out << "resumed from " << checkpoint.file() << " at t = "
              << solver.state().step * parameters.flow.time_stepping.time_step
              << "\n";
        }
      else
        solver.set_initial_density(initial_law);
      const double        dt = parameters.flow.time_stepping.time_step;
      const std::uint64_t n_steps =
        whole_number_of_steps(parameters.flow.time_stepping.end_time,
                              dt,
                              "Time stepping/End time");
      ProgressLine progress(parameters.flow.time_stepping.end_time);
      const bool   is_root = dealii::Utilities::MPI::this_mpi_process(
                             solver.discretisation().communicator()) == 0;
      solver.add_step_observer([&](const double t) {
        if (is_root)
          progress.update(t);
        if (checkpoint.due(std::llround(t / dt), n_steps))
          {
            checkpoint.write(t, solver.state());
            if (checkpoint.interrupted())
              throw RunInterrupted(t, checkpoint.file());
          }
      });
      const auto start = std::chrono::steady_clock::now();
      solver.run();
      summary.add_timing("flow",
                         std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - start)
                           .count());
      for (const auto &[phase, seconds] : solver.phase_times())
        summary.add_timing("flow: " + phase, seconds);
      if (dim <= 2 && !parameters.flow.output.directory.empty())
        write_final_density(solver.discretisation(),
                            solver.density(),
                            parameters.flow.output.directory +
                              "/density_final.csv");
      for (unsigned int n = 0; n < solver.records().size(); ++n)
        print_record(out, solver.records()[n], n == 0);
      const FlowRecord &last = solver.records().back();
      if (parameters.flow.discretisation.scheme == "spectral-element")
        out << "positivity (nu < 0 after a step): " << last.limited_steps
            << " of " << n_steps
            << " steps repaired by redistribution (mass moved "
            << last.redistributed_mass << "), " << last.safe_steps
            << " redone by implicit Euler with the exponential fitting; "
               "min nu / max nu over the steps "
            << solver.min_relative_density_over_run() << "\n";
      for (const auto &[name, value] :
           {std::pair<const char *, double>{"t", last.time},
            {"mass - 1", last.mass - 1.},
            {"min nu", solver.min_density_over_run()},
            {"min nu / max nu", solver.min_relative_density_over_run()},
            {"safe steps", static_cast<double>(last.safe_steps)},
            {"limited steps", static_cast<double>(last.limited_steps)},
            {"redistributed mass", last.redistributed_mass},
            {"preconditioner builds",
             static_cast<double>(last.preconditioner_builds)},
            {"linear iterations",
             static_cast<double>(last.total_linear_iterations)},
            {"boundary-layer mass", last.boundary_layer_mass},
            {"V", last.objective},
            {"J", last.regularised_objective},
            {"dissipation", last.dissipation},
            {"KL(nu | Gamma(nu))", last.gibbs_relative_entropy}})
        summary.add_figure(name, value);
      for (unsigned int k = 0; k < last.mean.size(); ++k)
        summary.add_figure("mean" + std::to_string(k + 1), last.mean[k]);
      if (parameters.estimate_error)
        report_error_estimate(
          solver, model, initial_law, parameters, out, summary);
      if (parameters.solve_stationary)
        report_stationary_point(solver, model, parameters, out, summary);
    }
  } // namespace

  void
  run(const std::string              &parameter_file,
      const std::vector<std::string> &overrides,
      std::ostream                   &out,
      RunSummary                     &summary)
  {
    const SubcommandInput<Parameters> file(parameter_file, overrides, summary);
    const Parameters                 &parameters = file.parameters;
    const dealii::ParameterHandler   &prm        = file.prm;

    const std::string &directory = parameters.flow.output.directory;
    const Model        model(parameters.model);
    const InitialLaw   initial_law(parameters.initial_law,
                                 model.feature().parameter_names());
    initial_law.require_density("the mesh solver");
    if (parameters.estimate_error)
      require_coarser_mesh(parameters.flow, "Error estimate/Enabled");

    // the mesh solver runs on the ranks of MPI_COMM_WORLD; rank 0 prints
    // and writes the files that are not split by rank
    const bool is_root =
      dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    std::ostream  silent(nullptr);
    std::ostream &log = is_root ? out : silent;
    if (!directory.empty() && is_root)
      write_used_parameters(prm, directory);

    log << "mfpg mesh: " << parameter_file << "\n  d = " << model.n_parameters()
        << ", n_S = " << model.mdp().n_states()
        << ", n_A = " << model.mdp().n_actions()
        << ", sigma = " << model.sigma()
        << ", tau = " << model.mdp().entropy_strength()
        << ", gamma = " << model.mdp().discount() << "\n"
        << model.mdp().safety_description() << "  ";
    with_mesh_dimension(model.n_parameters(), [&](const auto dim) {
      run_in_dimension<decltype(dim)::value>(
        model, initial_law, parameters, prm, log, summary);
    });
    if (!directory.empty() && is_root)
      {
        out << "\nwritten: " << directory
            << "/monitors.csv, density.pvd, parameters.prm\n";
        plot_results(directory + "/monitors.csv", out);
      }
  }
} // namespace mfpg::mesh_flow
