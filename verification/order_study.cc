#include "verification/order_study.h"

#include <deal.II/base/function.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/numerics/vector_tools.h>

#include "model/initial_law.h"
#include "model/parameter_file.h"
#include "particles/mckean_vlasov_drift.h"
#include "solver/nodal_quadrature.h"
#include "verification/gaussian_flow.h"
#include "verification/result_table.h"

#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

namespace mfpg
{
  void
  OrderStudyParameters::add_parameters(dealii::ParameterHandler &prm)
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

  OrderStudy::OrderStudy(std::string              variable,
                         std::vector<Coordinate>  coordinates,
                         std::string              resolution_name,
                         std::vector<std::string> error_names,
                         ExpectedOrder            expected,
                         std::string              rate_reference,
                         unsigned int             rate_dimension)
    : variable(std::move(variable))
    , coordinates(std::move(coordinates))
    , resolution_name(std::move(resolution_name))
    , error_names(std::move(error_names))
    , expected(std::move(expected))
    , rate_reference(std::move(rate_reference))
    , rate_dimension(rate_dimension)
  {
  }

  void
  OrderStudy::add_level(const unsigned int         level,
                        const std::vector<double> &level_coordinates,
                        const double               resolution,
                        const std::vector<double> &errors)
  {
    AssertDimension(level_coordinates.size(), coordinates.size());
    AssertDimension(errors.size(), error_names.size());
    levels.push_back({level, level_coordinates, resolution, errors});
  }

  unsigned int
  OrderStudy::n_levels() const
  {
    return levels.size();
  }

  double
  OrderStudy::observed_order(const unsigned int error,
                             const unsigned int i) const
  {
    AssertIndexRange(i, levels.size());
    Assert(i > 0, dealii::ExcMessage("an order needs two levels"));
    return std::log(levels[i - 1].errors[error] / levels[i].errors[error]) /
           std::log(levels[i - 1].resolution / levels[i].resolution);
  }

  double
  OrderStudy::verdict_order(const unsigned int error) const
  {
    if (!expected.fit_all_levels)
      return observed_order(error, levels.size() - 1);
    std::vector<double> log_resolution, log_error;
    for (const Level &l : levels)
      {
        log_resolution.push_back(std::log(l.resolution));
        log_error.push_back(std::log(l.errors[error]));
      }
    return least_squares_slope(log_resolution, log_error);
  }

  bool
  OrderStudy::orders_as_expected() const
  {
    for (unsigned int e = 0; e < error_names.size(); ++e)
      {
        const double order = verdict_order(e);
        if (!(order >= expected.order - tolerance) ||
            (!expected.at_least && order > expected.order + tolerance))
          return false;
      }
    return true;
  }

  std::string
  OrderStudy::verdict() const
  {
    std::ostringstream out;
    std::string        below, above;
    out << std::fixed << std::setprecision(2) << "observed orders in "
        << variable << " ("
        << (expected.fit_all_levels ? "least squares over all levels" :
                                      "finest pair")
        << ", per " << resolution_name << "):";
    for (unsigned int e = 0; e < error_names.size(); ++e)
      {
        const double order = verdict_order(e);
        out << (e > 0 ? ", " : " ") << error_names[e] << ' ' << order;
        if (!(order >= expected.order - tolerance))
          below += (below.empty() ? "" : ", ") + error_names[e];
        else if (!expected.at_least && order > expected.order + tolerance)
          above += (above.empty() ? "" : ", ") + error_names[e];
      }
    out << "; expected " << (expected.at_least ? "at least " : "")
        << std::defaultfloat << expected.order << " (" << expected.reason
        << ")";
    if (below.empty() && above.empty())
      out << ": " << (expected.at_least ? "all reach it" : "all match")
          << " within " << tolerance;
    if (!below.empty())
      out
        << ": below it: " << below
        << " (not yet asymptotic, at the floor of another error such as the time step, or a defect)";
    if (!above.empty())
      out << (below.empty() ? ": " : "; ") << "above it: " << above
          << " (superconvergence, or errors that cancel)";
    return out.str();
  }

  dealii::ConvergenceTable
  OrderStudy::table() const
  {
    dealii::ConvergenceTable table;
    for (const Level &l : levels)
      {
        table.add_value("level", l.level);
        for (unsigned int c = 0; c < coordinates.size(); ++c)
          if (coordinates[c].count)
            table.add_value(coordinates[c].name,
                            static_cast<unsigned long long>(l.coordinates[c]));
          else
            table.add_value(coordinates[c].name, l.coordinates[c]);
        for (unsigned int e = 0; e < error_names.size(); ++e)
          table.add_value(error_names[e], l.errors[e]);
      }
    for (const std::string &column : error_names)
      {
        table.set_scientific(column, true);
        table.set_precision(column, 3);
        if (rate_reference.empty())
          table.evaluate_convergence_rates(
            column, dealii::ConvergenceTable::reduction_rate_log2);
        else
          table.evaluate_convergence_rates(
            column,
            rate_reference,
            dealii::ConvergenceTable::reduction_rate_log2,
            rate_dimension);
      }
    return table;
  }

  void
  OrderStudy::write_csv(const std::string &file) const
  {
    std::string header = "level";
    for (const Coordinate &c : coordinates)
      header += "," + c.name;
    header += ",resolution_" + resolution_name;
    for (const std::string &e : error_names)
      header += "," + e;
    for (const std::string &e : error_names)
      header += ",order_" + e;
    header += ",expected_order";
    std::vector<std::vector<double>> rows;
    for (unsigned int i = 0; i < levels.size(); ++i)
      {
        std::vector<double> row = {double(levels[i].level)};
        row.insert(row.end(),
                   levels[i].coordinates.begin(),
                   levels[i].coordinates.end());
        row.push_back(levels[i].resolution);
        row.insert(row.end(), levels[i].errors.begin(), levels[i].errors.end());
        for (unsigned int e = 0; e < error_names.size(); ++e)
          row.push_back(i == 0 ? std::numeric_limits<double>::quiet_NaN() :
                                 observed_order(e, i));
        row.push_back(expected.order);
        rows.push_back(row);
      }
    write_csv_table(file, header, rows);
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

  namespace
  {
    /** The study of variable "h", "degree" or "dt" of @p flow. */
    template <int dim>
    OrderStudy
    mesh_study(const MeshFlowParameters &flow, const std::string &variable)
    {
      const unsigned int p = flow.discretisation.degree;
      if (variable == "h")
        return OrderStudy(variable,
                          {{"dofs", true}, {"h", false}},
                          "h",
                          {"L2(nu)", "mean", "covariance", "V"},
                          {p + 1.,
                           "Q" + std::to_string(p) +
                             " elements: order degree + 1 in h",
                           false,
                           false});
      if (variable == "degree")
        return OrderStudy(variable,
                          {{"dofs", true}, {"h", false}},
                          "dofs^(-1/d)",
                          {"L2(nu)", "mean", "covariance", "V"},
                          {2.,
                           "Q2 gains more per dof than h-refinement "
                           "of Q1, whose order is 2",
                           true,
                           false},
                          "dofs",
                          dim);
      const bool bdf2 = flow.time_stepping.scheme == "bdf2";
      return OrderStudy(variable,
                        {{"dt", false}},
                        "dt",
                        {"L2(nu)", "mean", "V"},
                        {bdf2 ? 2. : 1.,
                         bdf2 ? "BDF2 is second order" :
                                "implicit Euler is first order",
                         false,
                         false});
    }
  } // namespace

  template <int dim>
  OrderStudy
  mesh_order_study(const Model                &model,
                   const GaussianLaw          &initial_law,
                   const MeshFlowParameters   &flow,
                   const OrderStudyParameters &study)
  {
    if (!(study.max_level > study.min_level))
      throw ParameterError("Study/Max level", "must exceed 'Min level'");
    const InitialLaw initial = as_initial_law(initial_law, model);
    const double     T       = flow.time_stepping.end_time;
    OrderStudy       result  = mesh_study<dim>(flow, study.variable);

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
            const double n_dofs = mesh.n_dofs();
            result.add_level(
              l,
              {n_dofs, mesh.mesh_size()},
              study.variable == "h" ? mesh.mesh_size() :
                                      std::pow(n_dofs, -1. / dim),
              {dealii::VectorTools::compute_global_error(
                 mesh.dof_handler().get_triangulation(),
                 per_cell,
                 dealii::VectorTools::L2_norm),
               max_difference(last.mean, exact.mean),
               max_difference(last.covariance, exact.covariance),
               std::abs(last.objective - exact_flow.objective(exact))});
          }
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
            const double dt = level.time_stepping.time_step;
            result.add_level(l,
                             {dt},
                             dt,
                             {std::sqrt(l2),
                              max_difference(last.mean, reference_record.mean),
                              std::abs(last.objective -
                                       reference_record.objective)});
          }
      }
    return result;
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

  OrderStudy
  particle_order_study(const Model                      &model,
                       const GaussianLaw                &initial_law,
                       const ParticleSystem::Parameters &particles,
                       const double                      end_time,
                       const OrderStudyParameters       &study)
  {
    if (!(study.max_level > study.min_level))
      throw ParameterError("Study/Max level", "must exceed 'Min level'");
    const InitialLaw        initial = as_initial_law(initial_law, model);
    const McKeanVlasovDrift drift(model);
    const bool              in_n = study.variable == "N";
    OrderStudy              result(
      study.variable,
      {{"N", true}, {"eta", false}},
      in_n ? "1/N" : "eta",
      {"mean", "covariance", "V"},
      in_n ? OrderStudy::ExpectedOrder{0.5,
                                       "the statistical error is "
                                                    "O(N^-1/2)",
                                       false,
                                       true} :
                          OrderStudy::ExpectedOrder{
               1., "weak order 1 of the " + particles.integrator, false, false},
      in_n ? "N" : "",
      1);

    ParticleMoments reference;
    unsigned int    n_replicas = 1;
    if (in_n)
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
        if (in_n)
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
        result.add_level(l,
                         {double(level.n_particles), level.time_step},
                         in_n ? 1. / level.n_particles : level.time_step,
                         {mean_error, covariance_error, objective_error});
      }
    return result;
  }

  template OrderStudy
  mesh_order_study<1>(const Model &,
                      const GaussianLaw &,
                      const MeshFlowParameters &,
                      const OrderStudyParameters &);
  template OrderStudy
  mesh_order_study<2>(const Model &,
                      const GaussianLaw &,
                      const MeshFlowParameters &,
                      const OrderStudyParameters &);
  template OrderStudy
  mesh_order_study<3>(const Model &,
                      const GaussianLaw &,
                      const MeshFlowParameters &,
                      const OrderStudyParameters &);
} // namespace mfpg
