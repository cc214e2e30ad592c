#include "verification/convergence_study.h"

#include <deal.II/base/function.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/numerics/vector_tools.h>

#include "model/initial_law.h"
#include "model/parameter_file.h"
#include "particles/mckean_vlasov_drift.h"
#include "solver/nodal_quadrature.h"
#include "verification/gaussian_flow.h"

#include <cmath>

namespace mfpg
{
  void
  ConvergenceStudyParameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Study");
    prm.add_parameter("Variable",
                      variable,
                      "What is refined: the mesh flow's h (global "
                      "refinements, errors against the exact Gaussian), "
                      "degree (element degree l = 1, 2 on the file's mesh, "
                      "galerkin scheme; rate per dofs^{1/d}) or dt (time "
                      "step / 2^l, errors against a much finer time step); "
                      "the particles' N (Number of particles "
                      "4^l, errors against the exact Gaussian) or eta (Time "
                      "step / 2^l on common Brownian paths, errors against "
                      "a much finer eta).",
                      dealii::Patterns::Selection("h|degree|dt|N|eta"));
    prm.add_parameter("Min level",
                      min_level,
                      "First level l of the study.",
                      dealii::Patterns::Integer(0, 20));
    prm.add_parameter("Max level",
                      max_level,
                      "Last level l of the study (> Min level).",
                      dealii::Patterns::Integer(0, 20));
    prm.add_parameter("Replicas",
                      replicas,
                      "N study: seeds per level, whose errors are averaged.",
                      dealii::Patterns::Integer(1));
    prm.leave_subsection();
  }

  namespace
  {
    /** The Gaussian law as an InitialLaw, whose density() we need. */
    InitialLaw
    as_initial_law(const GaussianLaw &law, const Model &model)
    {
      InitialLaw::Parameters p;
      p.type          = "gaussian";
      p.gaussian.mean = std::vector<double>(law.mean.begin(), law.mean.end());
      p.gaussian.covariance.clear();
      for (unsigned int k = 0; k < law.covariance.m(); ++k)
        for (unsigned int l = 0; l < law.covariance.n(); ++l)
          p.gaussian.covariance.push_back(law.covariance(k, l));
      return InitialLaw(p, model.feature().parameter_names());
    }

    /** The flow of @p flow from @p initial, run to its end time. */
    template <int dim>
    std::unique_ptr<FokkerPlanckSolver<dim>>
    run_flow(const Model              &model,
             const InitialLaw         &initial,
             const MeshFlowParameters &flow)
    {
      // whole nodal vectors are compared: each study runs on one rank
      auto solver =
        std::make_unique<FokkerPlanckSolver<dim>>(model, flow, MPI_COMM_SELF);
      solver->set_initial_density(initial);
      solver->run();
      return solver;
    }

    double
    max_difference(const dealii::FullMatrix<double> &a,
                   const dealii::FullMatrix<double> &b)
    {
      double difference = 0.;
      for (unsigned int k = 0; k < a.m(); ++k)
        for (unsigned int l = 0; l < a.n(); ++l)
          difference = std::max(difference, std::abs(a(k, l) - b(k, l)));
      return difference;
    }

    double
    max_difference(const dealii::Vector<double> &a,
                   const dealii::Vector<double> &b)
    {
      dealii::Vector<double> difference(a);
      difference -= b;
      return difference.linfty_norm();
    }
  } // namespace

  template <int dim>
  dealii::ConvergenceTable
  convergence_study(const Model                      &model,
                    const GaussianLaw                &initial_law,
                    const MeshFlowParameters         &flow,
                    const ConvergenceStudyParameters &study)
  {
    if (!(study.max_level > study.min_level))
      throw ParameterError("Study/Max level", "must exceed 'Min level'");
    const InitialLaw         initial = as_initial_law(initial_law, model);
    const double             T       = flow.time_stepping.end_time;
    dealii::ConvergenceTable table;
    std::vector<std::string> error_columns;

    if (study.variable == "h" || study.variable == "degree")
      {
        const GaussianFlow exact_flow(model);
        const GaussianLaw  exact = exact_flow.solve(initial_law, {T}).back();
        const InitialLaw   exact_law = as_initial_law(exact, model);
        const dealii::ScalarFunctionFromFunctionObject<dim> exact_density(
          [&exact_law](const dealii::Point<dim> &theta) {
            return exact_law.density(
              dealii::ArrayView<const double>(theta.begin_raw(), dim));
          });
        if (study.variable == "degree" &&
            (study.min_level < 1 || study.max_level > 2))
          throw ParameterError("Study/Max level",
                               "a degree study runs degrees 1 and 2: Min "
                               "level = 1, Max level = 2");
        for (unsigned int l = study.min_level; l <= study.max_level; ++l)
          {
            MeshFlowParameters level = flow;
            if (study.variable == "h")
              level.mesh.global_refinements = l;
            else
              level.discretisation.degree = l;
            level.discretisation.check();
            const auto solver = run_flow<dim>(model, initial, level);
            const MeshDiscretisation<dim> &mesh = solver->discretisation();
            const FlowRecord              &last = solver->records().back();
            dealii::Vector<float>          per_cell(
              mesh.dof_handler().get_triangulation().n_active_cells());
            dealii::VectorTools::integrate_difference(
              mesh.dof_handler(),
              solver->density(),
              exact_density,
              per_cell,
              dealii::QGauss<dim>(mesh.dof_handler().get_fe().degree + 2),
              dealii::VectorTools::L2_norm);
            table.add_value("level", l);
            table.add_value("dofs", mesh.n_dofs());
            table.add_value("h", mesh.mesh_size());
            table.add_value("L2(nu)",
                            dealii::VectorTools::compute_global_error(
                              mesh.dof_handler().get_triangulation(),
                              per_cell,
                              dealii::VectorTools::L2_norm));
            table.add_value("mean", max_difference(last.mean, exact.mean));
            table.add_value("covariance",
                            max_difference(last.covariance, exact.covariance));
            table.add_value("V",
                            std::abs(last.objective -
                                     exact_flow.objective(exact)));
          }
        error_columns = {"L2(nu)", "mean", "covariance", "V"};
      }
    else
      {
        MeshFlowParameters reference_parameters = flow;
        reference_parameters.time_stepping.time_step /=
          std::pow(2., study.max_level + 3);
        reference_parameters.output.interval = T;
        const auto reference =
          run_flow<dim>(model, initial, reference_parameters);
        const FlowRecord &reference_record = reference->records().back();
        for (unsigned int l = study.min_level; l <= study.max_level; ++l)
          {
            MeshFlowParameters level = flow;
            level.time_stepping.time_step /= std::pow(2., l);
            level.output.interval    = T;
            const auto        solver = run_flow<dim>(model, initial, level);
            const FlowRecord &last   = solver->records().back();
            dealii::Vector<double> difference = solver->density();
            difference -= reference->density();
            double l2 = 0.;
            for (unsigned int i = 0; i < difference.size(); ++i)
              l2 += solver->discretisation().lumped_mass()[i] * difference[i] *
                    difference[i];
            table.add_value("level", l);
            table.add_value("dt", level.time_stepping.time_step);
            table.add_value("L2(nu)", std::sqrt(l2));
            table.add_value("mean",
                            max_difference(last.mean, reference_record.mean));
            table.add_value("V",
                            std::abs(last.objective -
                                     reference_record.objective));
          }
        error_columns = {"L2(nu)", "mean", "V"};
      }
    for (const std::string &column : error_columns)
      {
        table.set_scientific(column, true);
        table.set_precision(column, 3);
        // in degree, the order per dof^{1/d}: what h-refinement would need
        if (study.variable == "degree")
          table.evaluate_convergence_rates(
            column, "dofs", dealii::ConvergenceTable::reduction_rate_log2, dim);
        else
          table.evaluate_convergence_rates(
            column, dealii::ConvergenceTable::reduction_rate_log2);
      }
    return table;
  }

  namespace
  {
    /** The mean, covariance and V of the particles at the end time. */
    struct ParticleMoments
    {
      dealii::Vector<double>     mean;
      dealii::FullMatrix<double> covariance;
      double                     objective;
    };

    ParticleMoments
    run_particles(const McKeanVlasovDrift          &drift,
                  const InitialLaw                 &initial,
                  const ParticleSystem::Parameters &parameters,
                  const double                      end_time)
    {
      ParticleSystem      system(parameters, drift, initial, MPI_COMM_SELF);
      const std::uint64_t n_steps =
        whole_number_of_steps(end_time,
                              parameters.time_step,
                              "Particles/Time step");
      while (system.n_steps() < n_steps)
        system.make_one_step();
      return {
        system.particles().mean(),
        system.particles().covariance(),
        drift.policy_gradient(system.particles()).evaluation().objective()};
    }
  } // namespace

  dealii::ConvergenceTable
  particle_convergence_study(const Model                      &model,
                             const GaussianLaw                &initial_law,
                             const ParticleSystem::Parameters &particles,
                             const double                      end_time,
                             const ConvergenceStudyParameters &study)
  {
    if (!(study.max_level > study.min_level))
      throw ParameterError("Study/Max level", "must exceed 'Min level'");
    const InitialLaw         initial = as_initial_law(initial_law, model);
    const McKeanVlasovDrift  drift(model);
    dealii::ConvergenceTable table;

    ParticleMoments reference;
    unsigned int    n_replicas = 1;
    if (study.variable == "N")
      {
        const GaussianFlow exact_flow(model);
        const GaussianLaw  exact =
          exact_flow.solve(initial_law, {end_time}).back();
        reference = {exact.mean, exact.covariance, exact_flow.objective(exact)};
        n_replicas = study.replicas;
      }
    else
      {
        ParticleSystem::Parameters finest = particles;
        finest.time_step /= std::pow(2., study.max_level + 3);
        finest.brownian_substeps = 1;
        reference = run_particles(drift, initial, finest, end_time);
      }
    for (unsigned int l = study.min_level; l <= study.max_level; ++l)
      {
        ParticleSystem::Parameters level = particles;
        if (study.variable == "N")
          level.n_particles *= std::pow(4., l);
        else
          {
            level.time_step /= std::pow(2., l);
            level.brownian_substeps = std::pow(2., study.max_level + 3 - l);
          }
        double mean_error = 0., covariance_error = 0., objective_error = 0.;
        for (unsigned int r = 0; r < n_replicas; ++r)
          {
            level.seed = particles.seed + r;
            const ParticleMoments moments =
              run_particles(drift, initial, level, end_time);
            mean_error +=
              max_difference(moments.mean, reference.mean) / n_replicas;
            covariance_error +=
              max_difference(moments.covariance, reference.covariance) /
              n_replicas;
            objective_error +=
              std::abs(moments.objective - reference.objective) / n_replicas;
          }
        table.add_value("level", l);
        table.add_value("N", level.n_particles);
        table.add_value("eta", level.time_step);
        table.add_value("mean", mean_error);
        table.add_value("covariance", covariance_error);
        table.add_value("V", objective_error);
      }
    for (const std::string column : {"mean", "covariance", "V"})
      {
        table.set_scientific(column, true);
        table.set_precision(column, 3);
        if (study.variable == "N")
          table.evaluate_convergence_rates(
            column, "N", dealii::ConvergenceTable::reduction_rate_log2, 1);
        else
          table.evaluate_convergence_rates(
            column, dealii::ConvergenceTable::reduction_rate_log2);
      }
    return table;
  }

  template dealii::ConvergenceTable
  convergence_study<1>(const Model &,
                       const GaussianLaw &,
                       const MeshFlowParameters &,
                       const ConvergenceStudyParameters &);
  template dealii::ConvergenceTable
  convergence_study<2>(const Model &,
                       const GaussianLaw &,
                       const MeshFlowParameters &,
                       const ConvergenceStudyParameters &);
  template dealii::ConvergenceTable
  convergence_study<3>(const Model &,
                       const GaussianLaw &,
                       const MeshFlowParameters &,
                       const ConvergenceStudyParameters &);
} // namespace mfpg
