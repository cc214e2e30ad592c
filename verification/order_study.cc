#include "verification/order_study.h"

#include <deal.II/base/function.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/numerics/fe_field_function.h>
#include <deal.II/numerics/vector_tools.h>

#include "model/initial_law.h"
#include "model/linear_feature.h"
#include "model/parameter_file.h"
#include "particles/mckean_vlasov_drift.h"
#include "solver/nodal_quadrature.h"
#include "verification/barenblatt_flow.h"
#include "verification/gaussian_flow.h"
#include "verification/mesh_error_estimate.h"
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
                      "refinements), degree (element degree l = 1 ... 4 on "
                      "the file's mesh, galerkin scheme; the ratio "
                      "e_l / e_(l-1) per degree instead of an order) or "
                      "dt (time step / 2^l); the particles' N (Number of "
                      "particles 4^l) or eta (Time step / 2^l on common "
                      "Brownian paths).",
                      dealii::Patterns::Selection("h|degree|dt|N|eta"));
    prm.add_parameter(
      "Reference",
      reference,
      "What the errors are against: exact (the exact Gaussian solution: a "
      "linear feature and a Gaussian initial law; h, degree and N; with "
      "Regulariser = tsallis the exact Barenblatt flow from a barenblatt "
      "law, h only), self "
      "(self-convergence: the Richardson limit of the three finest levels, "
      "whose own error is removed; h, dt and eta, any feature; degree over "
      "at least three degrees: Aitken's limit), mesh (N only, d <= 3, any "
      "feature: the mesh solution on the file's mesh, whose own error, "
      "Richardson against Global refinements - 1 and against another time "
      "step, is reported) or auto "
      "(exact where it exists, else self in h and degree and mesh in N; dt "
      "and eta always self).",
      dealii::Patterns::Selection("auto|exact|self|mesh"));
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
                      "N study: seeds per level; each error is their mean ± "
                      "standard error, the order fitted with its standard "
                      "error (1: no SE).",
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
                        const std::vector<double> &errors,
                        const std::vector<double> &standard_errors,
                        const unsigned int         replicas)
  {
    AssertDimension(level_coordinates.size(), coordinates.size());
    AssertDimension(errors.size(), error_names.size());
    Assert(standard_errors.empty() ||
             standard_errors.size() == error_names.size(),
           dealii::ExcDimensionMismatch(standard_errors.size(),
                                        error_names.size()));
    Assert(levels.empty() || replicas == n_replicas,
           dealii::ExcMessage("every level has the same replicas"));
    n_replicas = replicas;
    levels.push_back(
      {level, level_coordinates, resolution, errors, standard_errors});
  }

  unsigned int
  OrderStudy::n_levels() const
  {
    return levels.size();
  }

  double
  OrderStudy::expected_order() const
  {
    return expected_order(0);
  }

  double
  OrderStudy::expected_order(const unsigned int error) const
  {
    AssertIndexRange(error, error_names.size());
    return expected.per_error.empty() ? expected.order :
                                        expected.per_error[error];
  }

  bool
  OrderStudy::geometric() const
  {
    return expected.geometric;
  }

  double
  OrderStudy::error(const unsigned int error, const unsigned int i) const
  {
    AssertIndexRange(i, levels.size());
    AssertIndexRange(error, error_names.size());
    return levels[i].errors[error];
  }

  double
  OrderStudy::standard_error(const unsigned int error,
                             const unsigned int i) const
  {
    AssertIndexRange(i, levels.size());
    AssertIndexRange(error, error_names.size());
    return levels[i].standard_errors.empty() ?
             std::numeric_limits<double>::quiet_NaN() :
             levels[i].standard_errors[error];
  }

  double
  OrderStudy::observed_order(const unsigned int error,
                             const unsigned int i) const
  {
    AssertIndexRange(i, levels.size());
    Assert(i > 0, dealii::ExcMessage("an order needs two levels"));
    if (expected.geometric)
      return levels[i].errors[error] / levels[i - 1].errors[error];
    return std::log(levels[i - 1].errors[error] / levels[i].errors[error]) /
           std::log(levels[i - 1].resolution / levels[i].resolution);
  }

  double
  OrderStudy::verdict_order(const unsigned int error) const
  {
    if (!expected.fit_all_levels)
      return observed_order(error, levels.size() - 1);
    return fitted_order(error).slope;
  }

  FittedSlope
  OrderStudy::fitted_order(const unsigned int error) const
  {
    std::vector<double> log_resolution, log_error, sd;
    for (const Level &l : levels)
      {
        log_resolution.push_back(std::log(l.resolution));
        log_error.push_back(std::log(l.errors[error]));
        sd.push_back(l.standard_errors.empty() ?
                       std::numeric_limits<double>::quiet_NaN() :
                       l.standard_errors[error] / l.errors[error]);
      }
    return weighted_slope(log_resolution, log_error, sd);
  }

  unsigned int
  OrderStudy::replicas() const
  {
    return n_replicas;
  }

  const std::vector<std::string> &
  OrderStudy::errors() const
  {
    return error_names;
  }

  bool
  OrderStudy::orders_as_expected() const
  {
    for (unsigned int e = 0; e < error_names.size(); ++e)
      {
        const double order  = verdict_order(e);
        const double wanted = expected_order(e);
        if (expected.geometric ?
              !(order <= wanted) :
              (!(order >= wanted - tolerance) ||
               (!expected.at_least && order > wanted + tolerance)))
          return false;
      }
    return true;
  }

  std::string
  OrderStudy::rate_name() const
  {
    return expected.geometric ? "ratio" : "order";
  }

  std::string
  OrderStudy::geometric_verdict() const
  {
    std::ostringstream out;
    std::string        above;
    out << std::fixed << std::setprecision(3)
        << "observed ratios e_l / e_(l-1) "
        << "per " << variable << " (finest pair):";
    for (unsigned int e = 0; e < error_names.size(); ++e)
      {
        const double ratio = verdict_order(e);
        out << (e > 0 ? ", " : " ") << error_names[e] << ' ' << ratio;
        if (!(ratio <= expected.order))
          above += (above.empty() ? "" : ", ") + error_names[e];
      }
    out << "; expected at most " << std::defaultfloat << expected.order << " ("
        << expected.reason << ")";
    if (above.empty())
      out << ": all within it";
    else
      out << ": above it: " << above
          << " (a mesh too coarse for the density, at the floor of another "
             "error such as the time step, or a defect)";
    return out.str();
  }

  std::string
  OrderStudy::verdict() const
  {
    if (expected.geometric)
      return geometric_verdict();
    std::ostringstream out;
    std::string        below, above;
    const bool         with_se = expected.fit_all_levels && n_replicas > 1;
    out << std::fixed << std::setprecision(2) << "observed orders in "
        << variable << " ("
        << (!expected.fit_all_levels ? "finest pair" :
            with_se ? "least squares over all levels weighted by 1/SE^2, "
                      "± its standard error; errors the mean over " +
                        std::to_string(n_replicas) + " replicas" :
            n_replicas == 1 ? "least squares over all levels; 1 replica, "
                              "no SE" :
                              "least squares over all levels")
        << ", per " << resolution_name << "):";
    for (unsigned int e = 0; e < error_names.size(); ++e)
      {
        const double order = verdict_order(e);
        out << (e > 0 ? ", " : " ") << error_names[e] << ' ' << order;
        if (with_se)
          out << " ± " << fitted_order(e).standard_error;
        if (!(order >= expected_order(e) - tolerance))
          below += (below.empty() ? "" : ", ") + error_names[e];
        else if (!expected.at_least && order > expected_order(e) + tolerance)
          above += (above.empty() ? "" : ", ") + error_names[e];
      }
    out << "; expected " << (expected.at_least ? "at least " : "")
        << std::defaultfloat;
    if (expected.per_error.empty())
      out << expected.order;
    else
      for (unsigned int e = 0; e < error_names.size(); ++e)
        out << (e > 0 ? ", " : "") << error_names[e] << ' '
            << expected_order(e);
    out << " (" << expected.reason << ")";
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
        for (unsigned int e = 0; e < l.standard_errors.size(); ++e)
          table.add_value(error_names[e] + " SE", l.standard_errors[e]);
      }
    if (!levels.empty())
      for (unsigned int e = 0; e < levels[0].standard_errors.size(); ++e)
        {
          table.set_scientific(error_names[e] + " SE", true);
          table.set_precision(error_names[e] + " SE", 2);
        }
    for (const std::string &column : error_names)
      {
        table.set_scientific(column, true);
        table.set_precision(column, 3);
        // geometric: the reduction factor e_(l-1) / e_l = 1 / ratio
        if (expected.geometric)
          table.evaluate_convergence_rates(
            column, dealii::ConvergenceTable::reduction_rate);
        else if (rate_reference.empty())
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
      header += "," + rate_name() + "_" + e;
    header += ",expected_" + rate_name();
    if (!expected.per_error.empty())
      for (const std::string &e : error_names)
        header += ",expected_order_" + e;
    const bool with_se = !levels.empty() && !levels[0].standard_errors.empty();
    if (with_se)
      {
        header += ",replicas";
        for (const std::string &e : error_names)
          header +=
            "," + e + "_se,fitted_order_" + e + ",fitted_order_" + e + "_se";
      }
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
        row.insert(row.end(),
                   expected.per_error.begin(),
                   expected.per_error.end());
        if (with_se)
          {
            row.push_back(n_replicas);
            for (unsigned int e = 0; e < error_names.size(); ++e)
              {
                const FittedSlope order = fitted_order(e);
                row.insert(row.end(),
                           {levels[i].standard_errors[e],
                            order.slope,
                            order.standard_error});
              }
          }
        rows.push_back(row);
      }
    write_csv_table(file, header, rows);
  }

  void
  OrderStudy::set_reference(const std::string &description)
  {
    reference_description = description;
  }

  const std::string &
  OrderStudy::reference() const
  {
    return reference_description;
  }

  void
  OrderStudy::set_limits(const std::vector<SelfConvergence::Limit> &limits)
  {
    richardson_limits = limits;
  }

  const std::vector<SelfConvergence::Limit> &
  OrderStudy::limits() const
  {
    return richardson_limits;
  }

  std::string
  OrderStudy::limits_report() const
  {
    std::ostringstream out;
    for (const SelfConvergence::Limit &limit : richardson_limits)
      {
        const bool ratio = !std::isnan(limit.ratio);
        out << "  " << std::left << std::setw(14) << limit.name << std::right
            << (ratio ? " ratio " : " order ") << std::fixed
            << std::setprecision(2) << (ratio ? limit.ratio : limit.order)
            << "  limit " << std::scientific << std::setprecision(9)
            << limit.value << " ± " << std::setprecision(2)
            << limit.uncertainty;
        if (!std::isnan(limit.exact))
          out << "  exact " << std::setprecision(9) << limit.exact
              << "  |limit - exact| " << std::setprecision(2)
              << std::abs(limit.value - limit.exact)
              << (limit.agrees_with_exact() ? " (within)" : " (OUTSIDE)");
        out << '\n';
      }
    return out.str();
  }

  std::string
  OrderStudy::cross_check() const
  {
    std::string outside;
    bool        any_exact = false;
    for (const SelfConvergence::Limit &limit : richardson_limits)
      if (!std::isnan(limit.exact))
        {
          any_exact = true;
          if (!limit.agrees_with_exact())
            outside += (outside.empty() ? "" : ", ") + limit.name;
        }
    if (!any_exact)
      return "";
    return outside.empty() ?
             "the Richardson limits agree with the exact values within "
             "their uncertainty" :
             "the Richardson limits of " + outside +
               " lie outside their uncertainty of the exact value (not yet "
               "asymptotic, or a limit at the floor of another error such as "
               "the time step)";
  }

  void
  OrderStudy::write_limits_csv(const std::string &file) const
  {
    using Limit = SelfConvergence::Limit;
    const std::vector<std::pair<std::string, double Limit::*>> columns = {
      {rate_name(), expected.geometric ? &Limit::ratio : &Limit::order},
      {"limit", &Limit::value},
      {"uncertainty", &Limit::uncertainty},
      {"exact", &Limit::exact}};
    std::string         header;
    std::vector<double> row;
    for (const auto &[column, member] : columns)
      for (const Limit &limit : richardson_limits)
        {
          header += (header.empty() ? "" : ",") + column + "_" + limit.name;
          row.push_back(limit.*member);
        }
    write_csv_table(file, header, {row});
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

    /**
     * The exact solution at the end time T where it exists (§7 for the
     * entropy, §11.3 for tsallis): its moments, V, and its density as an
     * initial law (for the L2 error).
     */
    struct ExactAtEnd
    {
      dealii::Vector<double>      mean;
      dealii::FullMatrix<double>  covariance;
      double                      objective;
      std::unique_ptr<InitialLaw> density;
    };

    ExactAtEnd
    exact_at_end(const Model &model, const InitialLaw &initial, const double T)
    {
      if (has_exact_barenblatt(model, initial))
        {
          const BarenblattFlow    flow(model);
          const BarenblattProfile law =
            flow.solve(initial.barenblatt(), {T}).back();
          InitialLaw::Parameters p;
          p.type                = "barenblatt";
          p.barenblatt_exponent = law.exponent;
          p.gaussian.mean =
            std::vector<double>(law.mean.begin(), law.mean.end());
          p.gaussian.covariance = {law.variance()};
          return {
            law.mean,
            law.covariance(),
            flow.objective(law),
            std::make_unique<InitialLaw>(p, model.feature().parameter_names())};
        }
      const GaussianFlow flow(model);
      const GaussianLaw  law = flow.solve(initial.gaussian(), {T}).back();
      return {law.mean,
              law.covariance,
              flow.objective(law),
              std::make_unique<InitialLaw>(as_initial_law(law, model))};
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

  bool
  has_exact_gaussian(const Model &model, const InitialLaw &initial_law)
  {
    return model.regulariser().is_entropy() &&
           dynamic_cast<const LinearFeature *>(&model.feature()) != nullptr &&
           initial_law.type() == "gaussian";
  }

  bool
  has_exact_barenblatt(const Model &model, const InitialLaw &initial_law)
  {
    return !model.regulariser().is_entropy() &&
           dynamic_cast<const LinearFeature *>(&model.feature()) != nullptr &&
           initial_law.type() == "barenblatt";
  }

  StudyReference
  study_reference(const Model                &model,
                  const InitialLaw           &initial_law,
                  const OrderStudyParameters &study)
  {
    const std::string &variable = study.variable;
    const std::string &asked    = study.reference;
    const bool         exists   = has_exact_gaussian(model, initial_law) ||
                        has_exact_barenblatt(model, initial_law);
    if (asked == "mesh" && variable != "N")
      throw ParameterError(
        "Study/Reference",
        "the mesh reference is an N study's (in " + variable +
          " the mesh or particle solution is what is refined): use " +
          (variable == "h" || variable == "degree" ? "exact, self or auto" :
                                                     "self or auto"));
    if (variable == "dt" || variable == "eta")
      {
        if (asked == "exact")
          throw ParameterError(
            "Study/Reference",
            "a " + variable +
              " study has no exact reference (the exact Gaussian would add "
              "the " +
              (variable == "dt" ? "spatial" : "sampling") +
              " error, which is the same on every level): use self or auto");
        return StudyReference::self;
      }
    if (asked == "self" && variable == "N")
      throw ParameterError(
        "Study/Reference",
        "an N study measures a statistical error, which has no Richardson "
        "limit: use exact, mesh or auto");
    if (variable == "N" && (asked == "mesh" || (asked == "auto" && !exists)))
      {
        if (model.n_parameters() > 3)
          throw ParameterError(
            "Study/Reference",
            "the mesh reference of an N study needs d <= 3 (the mesh "
            "solver's dimensions; here d = " +
              std::to_string(model.n_parameters()) +
              "): in d > 3 use a linear feature with a Gaussian initial law, "
              "whose exact Gaussian (docs/model.md §7) is the reference");
        return StudyReference::mesh;
      }
    if (variable == "N")
      {
        const std::string user =
          "the N study with the exact Gaussian solution of docs/model.md §7 "
          "as its reference (Study/Reference = mesh takes any feature in "
          "d <= 3)";
        if (dynamic_cast<const LinearFeature *>(&model.feature()) == nullptr)
          throw ParameterError("Feature/Type",
                               user + " needs a linear feature");
        initial_law.require_gaussian(user);
        return StudyReference::exact;
      }
    if (asked == "exact" && !exists)
      throw ParameterError(
        "Study/Reference",
        "the exact solution needs a linear feature and, for the entropy, a "
        "Gaussian initial law (docs/model.md §7), for tsallis a barenblatt "
        "one (§11.3): use self or auto");
    return exists && asked != "self" ? StudyReference::exact :
                                       StudyReference::self;
  }

  namespace
  {
    /**
     * The scalar outputs of a level (mean components, covariance entries
     * k <= l, V) in the error columns mean, covariance, V after
     * @p first_column others.
     */
    SelfConvergence
    moment_convergence(const unsigned int d,
                       const unsigned int first_column,
                       const double       expected_order,
                       const ErrorDecay   decay = ErrorDecay::algebraic)
    {
      const std::vector<std::string> names = moment_output_names(d);
      std::vector<unsigned int>      columns(d, first_column);
      columns.resize(names.size() - 1, first_column + 1);
      columns.push_back(first_column + 2);
      return SelfConvergence(names, columns, expected_order, decay);
    }

    /** The description OrderStudy::reference() gives a self-convergence. */
    const std::string self_reference =
      "the Richardson limit of the three finest levels (self-convergence, "
      "docs/model.md §10.3)";
    const std::string exact_reference =
      "the exact Gaussian solution (docs/model.md §7)";
    const std::string aitken_reference =
      "the Aitken limit of the three highest degrees (self-convergence in "
      "the degree, docs/model.md §10.3)";

    /** The rows of a study, held until the limits give the errors. */
    struct StudyRow
    {
      unsigned int        level;
      std::vector<double> coordinates;
      double              resolution;
      std::vector<double> errors;
      /** Empty, or the errors' SE over @p replicas (replica means). */
      std::vector<double> standard_errors = {};
      unsigned int        replicas        = 1;
    };

    /**
     * Add @p rows to @p result with their errors against the exact
     * solution (@p exact) or, after the @p n_other columns that have their
     * own, against the limits of @p convergence; the limits go with them.
     */
    void
    add_rows(OrderStudy                  &result,
             const std::vector<StudyRow> &rows,
             const SelfConvergence       &convergence,
             const bool                   exact,
             const unsigned int           n_other)
    {
      result.set_reference(exact              ? exact_reference :
                           result.geometric() ? aitken_reference :
                                                self_reference);
      if (convergence.n_levels() >= 3)
        result.set_limits(convergence.limits());
      for (unsigned int i = 0; i < rows.size(); ++i)
        {
          std::vector<double> errors = rows[i].errors;
          if (!exact)
            {
              const std::vector<double> own = convergence.errors(i);
              errors.resize(n_other);
              errors.insert(errors.end(), own.begin() + n_other, own.end());
            }
          result.add_level(rows[i].level,
                           rows[i].coordinates,
                           rows[i].resolution,
                           errors,
                           rows[i].standard_errors,
                           rows[i].replicas);
        }
    }

    /** Self-convergence needs three levels. */
    void
    require_three_levels(const OrderStudyParameters &study, const bool exact)
    {
      if (!exact && study.max_level < study.min_level + 2)
        throw ParameterError("Study/Max level",
                             "self-convergence needs three levels: Max "
                             "level >= Min level + 2");
    }

    /**
     * The levels of a degree study are element degrees that the scheme of
     * @p flow takes (docs/model.md §8.3): 1 ... 4, above 1 the galerkin
     * scheme.
     */
    void
    require_degree_range(const MeshFlowParameters   &flow,
                         const OrderStudyParameters &study)
    {
      if (study.min_level < 1)
        throw ParameterError("Study/Min level",
                             "the levels of a degree study are element "
                             "degrees, from 1");
      if (study.max_level > 4)
        throw ParameterError("Study/Max level",
                             "the levels of a degree study are element "
                             "degrees, at most 4 (Discretisation/Element "
                             "degree)");
      DiscretisationParameters highest = flow.discretisation;
      highest.degree                   = study.max_level;
      highest.check();
    }

    /** The study of variable "h", "degree" or "dt" of @p flow. */
    template <int dim>
    OrderStudy
    mesh_study(const MeshFlowParameters &flow, const std::string &variable)
    {
      const unsigned int             p = flow.discretisation.element_degree();
      const std::vector<std::string> errors = {"L2(nu)",
                                               "mean",
                                               "covariance",
                                               "V"};
      const double                   nodal  = flow.discretisation.nodal_order();
      if (variable == "h" && flow.discretisation.porous_medium())
        return OrderStudy(variable,
                          {{"dofs", true}, {"h", false}},
                          "h",
                          errors,
                          {nodal,
                           "the " + flow.discretisation.scheme +
                             " scheme of the porous-medium flow, "
                             "docs/model.md §11.4: order " +
                             std::to_string(int(nodal)) +
                             " in h (and 1 in dt, which an h study keeps: "
                             "take it small)",
                           false,
                           false});
      if (variable == "h" && nodal != p + 1.)
        return OrderStudy(variable,
                          {{"dofs", true}, {"h", false}},
                          "h",
                          errors,
                          {p + 1.,
                           "the spectral elements, docs/model.md §8.8: the "
                           "Q2 field's L2 error order 3 in h, the nodes and "
                           "the moments (nodal quadrature) order 4",
                           false,
                           false,
                           false,
                           {p + 1., nodal, nodal, nodal}});
      if (variable == "h")
        return OrderStudy(variable,
                          {{"dofs", true}, {"h", false}},
                          "h",
                          errors,
                          {p + 1.,
                           "Q" + std::to_string(p) +
                             " elements: order degree + 1 in h",
                           false,
                           false});
      if (variable == "degree")
        return OrderStudy(variable,
                          {{"dofs", true}, {"h", false}},
                          "dofs^(-1/d)",
                          errors,
                          {0.5,
                           "the error C_p h^(p+1) of a mesh that resolves "
                           "the density falls geometrically in p, "
                           "docs/model.md §10.3",
                           false,
                           false,
                           true});
      const unsigned int order = flow.time_stepping.order();
      return OrderStudy(variable,
                        {{"dt", false}},
                        "dt",
                        errors,
                        {double(order),
                         order == 2 ? "BDF2 is second order" :
                                      "implicit Euler is first order",
                         false,
                         false});
    }

    /** ||v - f||_{L2} of the nodal vector @p v on @p mesh. */
    template <int dim>
    double
    l2_distance(const MeshDiscretisation<dim> &mesh,
                const dealii::Vector<double>  &v,
                const dealii::Function<dim>   &f)
    {
      dealii::Vector<float> per_cell(
        mesh.dof_handler().get_triangulation().n_active_cells());
      dealii::VectorTools::integrate_difference(
        mesh.dof_handler(),
        v,
        f,
        per_cell,
        dealii::QGauss<dim>(mesh.dof_handler().get_fe().degree + 2),
        dealii::VectorTools::L2_norm);
      return dealii::VectorTools::compute_global_error(
        mesh.dof_handler().get_triangulation(),
        per_cell,
        dealii::VectorTools::L2_norm);
    }

    /** The L2 error of @p solver's density against @p exact_law. */
    template <int dim>
    double
    l2_error(const FokkerPlanckSolver<dim> &solver, const InitialLaw &exact_law)
    {
      const dealii::ScalarFunctionFromFunctionObject<dim> exact_density(
        [&exact_law](const dealii::Point<dim> &theta) {
          return exact_law.density(
            dealii::ArrayView<const double>(theta.begin_raw(), dim));
        });
      return l2_distance(solver.discretisation(),
                         solver.density(),
                         exact_density);
    }

    /**
     * The density of @p coarse interpolated onto the mesh of @p fine, a
     * refinement of it (the h levels refine one box): exact, since the
     * coarse finite element space lies in the fine one.
     */
    template <int dim>
    dealii::Vector<double>
    prolonged_density(const FokkerPlanckSolver<dim> &coarse,
                      const FokkerPlanckSolver<dim> &fine)
    {
      const dealii::Functions::FEFieldFunction<dim> field(
        coarse.discretisation().dof_handler(), coarse.density());
      dealii::Vector<double> v(fine.discretisation().dof_handler().n_dofs());
      dealii::VectorTools::interpolate(fine.discretisation().dof_handler(),
                                       field,
                                       v);
      return v;
    }

    /**
     * The L2 errors of the densities of the h levels @p solvers against
     * their Richardson limit (docs/model.md §10.3): every level prolonged
     * onto the finest mesh, then self_convergence_errors() in the L2 norm
     * there, at the order observed from the norms of the differences.
     */
    template <int dim>
    std::vector<double>
    density_self_convergence_errors(
      const std::vector<std::unique_ptr<FokkerPlanckSolver<dim>>> &solvers,
      const double     expected_order,
      const ErrorDecay decay)
    {
      const FokkerPlanckSolver<dim>      &finest = *solvers.back();
      std::vector<dealii::Vector<double>> densities;
      for (const auto &solver : solvers)
        densities.push_back(prolonged_density(*solver, finest));
      const dealii::Functions::ZeroFunction<dim> zero;
      return self_convergence_errors(
        densities,
        [&finest, &zero](const dealii::Vector<double> &v) {
          return l2_distance(finest.discretisation(), v, zero);
        },
        expected_order,
        decay);
    }
  } // namespace

  template <int dim>
  OrderStudy
  mesh_order_study(const Model                &model,
                   const InitialLaw           &initial,
                   const MeshFlowParameters   &flow,
                   const OrderStudyParameters &study)
  {
    if (!(study.max_level > study.min_level))
      throw ParameterError("Study/Max level", "must exceed 'Min level'");
    const bool exact =
      study_reference(model, initial, study) == StudyReference::exact;
    require_three_levels(study, exact);
    const bool in_degree = study.variable == "degree";
    if (in_degree)
      require_degree_range(flow, study);
    const double T      = flow.time_stepping.end_time;
    OrderStudy   result = mesh_study<dim>(flow, study.variable);
    // the moments' columns follow L2(nu), at their own order
    const ErrorDecay decay =
      in_degree ? ErrorDecay::geometric : ErrorDecay::algebraic;
    SelfConvergence convergence =
      moment_convergence(dim, 1, result.expected_order(1), decay);
    std::vector<StudyRow> rows;

    if (study.variable == "h" || study.variable == "degree")
      {
        // the exact solution at T, and its density, where it exists: the
        // reference, or the cross-check of the limits
        ExactAtEnd exact_law;
        // self-convergence: the levels, whose densities meet on the finest
        std::vector<std::unique_ptr<FokkerPlanckSolver<dim>>> solvers;
        if (has_exact_gaussian(model, initial) ||
            has_exact_barenblatt(model, initial))
          {
            exact_law = exact_at_end(model, initial, T);
            convergence.set_exact(moment_outputs(exact_law.mean,
                                                 exact_law.covariance,
                                                 exact_law.objective));
          }
        for (unsigned int l = study.min_level; l <= study.max_level; ++l)
          {
            MeshFlowParameters level = flow;
            if (study.variable == "h")
              level.mesh.global_refinements = l;
            else
              level.discretisation.degree = l;
            level.discretisation.check();
            level.output.run_name = "level " + std::to_string(l) + " of the " +
                                    study.variable + " study";
            auto              solver = run_flow<dim>(model, initial, level);
            const FlowRecord &last   = solver->records().back();
            const double      n_dofs = solver->discretisation().n_dofs();
            const double      h      = solver->discretisation().mesh_size();
            convergence.add_level(
              moment_outputs(last.mean, last.covariance, last.objective));
            std::vector<double> errors;
            if (exact)
              errors = {l2_error(*solver, *exact_law.density),
                        max_difference(last.mean, exact_law.mean),
                        max_difference(last.covariance, exact_law.covariance),
                        std::abs(last.objective - exact_law.objective)};
            rows.push_back(
              {l,
               {n_dofs, h},
               study.variable == "h" ? h : std::pow(n_dofs, -1. / dim),
               errors});
            if (!exact)
              solvers.push_back(std::move(solver));
          }
        if (!exact)
          {
            const std::vector<double> l2 =
              density_self_convergence_errors(solvers,
                                              result.expected_order(),
                                              decay);
            for (unsigned int i = 0; i < rows.size(); ++i)
              rows[i].errors = {l2[i]};
          }
      }
    else
      {
        std::vector<dealii::Vector<double>> densities;
        dealii::Vector<double>              lumped_mass;
        for (unsigned int l = study.min_level; l <= study.max_level; ++l)
          {
            MeshFlowParameters level = flow;
            level.time_stepping.time_step /= std::pow(2., l);
            level.output.interval = T;
            level.output.run_name =
              "level " + std::to_string(l) + " of the dt study";
            const auto        solver = run_flow<dim>(model, initial, level);
            const FlowRecord &last   = solver->records().back();
            convergence.add_level(
              moment_outputs(last.mean, last.covariance, last.objective));
            densities.push_back(solver->density());
            lumped_mass     = solver->discretisation().lumped_mass();
            const double dt = level.time_stepping.time_step;
            rows.push_back({l, {dt}, dt, {}});
          }
        // the nodal-quadrature L2 norm on the common mesh
        const std::vector<double> l2 = self_convergence_errors(
          densities,
          [&lumped_mass](const dealii::Vector<double> &v) {
            double sum = 0.;
            for (unsigned int i = 0; i < v.size(); ++i)
              sum += lumped_mass[i] * v[i] * v[i];
            return std::sqrt(sum);
          },
          result.expected_order());
        for (unsigned int i = 0; i < rows.size(); ++i)
          rows[i].errors = {l2[i]};
      }
    add_rows(result, rows, convergence, exact, rows[0].errors.size());
    if (exact && has_exact_barenblatt(model, initial))
      result.set_reference(
        "the exact Barenblatt solution (docs/model.md §11.3)");
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

    /**
     * The mesh reference of an N study (StudyReference::mesh): the moments
     * of the mesh flow of @p flow at its end time, and the Richardson
     * limits of its outputs from one level coarser and another time step
     * (mesh_error_estimate; the uncertainty |q_inf - q_h|).
     */
    struct MeshReference
    {
      ParticleMoments                     moments;
      std::vector<SelfConvergence::Limit> limits;
    };

    template <int dim>
    MeshReference
    mesh_reference_in(const Model              &model,
                      const InitialLaw         &initial,
                      const MeshFlowParameters &flow)
    {
      MeshFlowParameters end_only = flow;
      end_only.output.directory   = "";
      end_only.output.interval    = flow.time_stepping.end_time;
      const auto        solver    = run_flow<dim>(model, initial, end_only);
      const FlowRecord &last      = solver->records().back();
      const std::vector<double> estimate =
        mesh_error_estimate<dim>(model,
                                 initial,
                                 end_only,
                                 solver->records(),
                                 "the mesh reference of an N study")
          .total()
          .back();
      const std::vector<std::string> names = moment_output_names(dim);
      const std::vector<double>      outputs =
        moment_outputs(last.mean, last.covariance, last.objective);
      MeshReference reference{{last.mean, last.covariance, last.objective}, {}};
      for (unsigned int i = 0; i < outputs.size(); ++i)
        reference.limits.push_back({names[i],
                                    double(flow.discretisation.nodal_order()),
                                    outputs[i] + estimate[i],
                                    std::abs(estimate[i]),
                                    std::numeric_limits<double>::quiet_NaN()});
      return reference;
    }

    MeshReference
    mesh_reference(const Model              &model,
                   const InitialLaw         &initial,
                   const MeshFlowParameters &flow)
    {
      switch (model.n_parameters())
        {
          case 1:
            return mesh_reference_in<1>(model, initial, flow);
          case 2:
            return mesh_reference_in<2>(model, initial, flow);
          default:
            // study_reference() refuses d > 3
            AssertThrow(model.n_parameters() == 3, dealii::ExcInternalError());
            return mesh_reference_in<3>(model, initial, flow);
        }
    }

    /**
     * The description of a mesh reference: its mesh, and the largest own
     * error (|q_inf - q_h|) of the outputs of each error column.
     */
    std::string
    mesh_reference_description(const MeshReference      &reference,
                               const MeshFlowParameters &flow,
                               const unsigned int        d)
    {
      double largest[3] = {0., 0., 0.};
      for (unsigned int i = 0; i < reference.limits.size(); ++i)
        {
          const unsigned int column =
            i < d ? 0 : (i + 1 < reference.limits.size() ? 1 : 2);
          largest[column] =
            std::max(largest[column], reference.limits[i].uncertainty);
        }
      std::ostringstream out;
      out << std::scientific << std::setprecision(2)
          << "the mesh solution at Global refinements = "
          << flow.mesh.global_refinements
          << " (an independent solver; its own error, Richardson against "
          << flow.mesh.global_refinements - 1
          << " refinements at the moments' order "
          << flow.discretisation.nodal_order()
          << " plus against another time "
             "step at the time scheme's order, docs/model.md §10.3: mean "
          << largest[0] << ", covariance " << largest[1] << ", V " << largest[2]
          << ")";
      return out.str();
    }
  } // namespace

  OrderStudy
  particle_order_study(const Model                      &model,
                       const InitialLaw                 &initial,
                       const ParticleSystem::Parameters &particles,
                       const MeshFlowParameters         &flow,
                       const OrderStudyParameters       &study)
  {
    if (!(study.max_level > study.min_level))
      throw ParameterError("Study/Max level", "must exceed 'Min level'");
    const StudyReference kind     = study_reference(model, initial, study);
    const bool           exact    = kind == StudyReference::exact;
    const double         end_time = flow.time_stepping.end_time;
    if (kind == StudyReference::mesh)
      require_coarser_mesh(flow, "the mesh reference of an N study");
    else
      require_three_levels(study, exact);
    const McKeanVlasovDrift drift(model);
    const bool              in_n = study.variable == "N";
    OrderStudy              result(study.variable,
                      {{"N", true}, {"eta", false}},
                      in_n ? "1/N" : "eta",
                      {"mean", "covariance", "V"},
                      in_n ?
                                     OrderStudy::ExpectedOrder{0.5,
                                                  "the statistical error is "
                                                               "O(N^-1/2)",
                                                  false,
                                                  true} :
                                     OrderStudy::ExpectedOrder{
                          1.,
                          particles.integrator == "blob" ?
                                         "order 1 of the blob particles' explicit Euler" :
                                         "weak order 1 of the " + particles.integrator,
                          false,
                          false},
                      in_n ? "N" : "",
                      1);
    SelfConvergence         convergence =
      moment_convergence(model.n_parameters(), 0, result.expected_order());
    std::vector<StudyRow> rows;

    // the exact Gaussian at T where it exists: the reference, or the
    // cross-check of the mesh reference
    ParticleMoments                     reference;
    std::vector<SelfConvergence::Limit> reference_limits;
    if (in_n && has_exact_gaussian(model, initial))
      {
        const GaussianFlow exact_flow(model);
        const GaussianLaw  exact_law =
          exact_flow.solve(initial.gaussian(), {end_time}).back();
        reference = {exact_law.mean,
                     exact_law.covariance,
                     exact_flow.objective(exact_law)};
      }
    if (kind == StudyReference::mesh)
      {
        const MeshReference mesh = mesh_reference(model, initial, flow);
        reference_limits         = mesh.limits;
        if (has_exact_gaussian(model, initial))
          {
            const std::vector<double> exact_outputs =
              moment_outputs(reference.mean,
                             reference.covariance,
                             reference.objective);
            for (unsigned int i = 0; i < exact_outputs.size(); ++i)
              reference_limits[i].exact = exact_outputs[i];
          }
        reference = mesh.moments;
        result.set_reference(
          mesh_reference_description(mesh, flow, model.n_parameters()));
      }
    for (unsigned int l = study.min_level; l <= study.max_level; ++l)
      {
        ParticleSystem::Parameters level = particles;
        if (in_n)
          level.n_particles *= std::pow(4., l);
        else
          {
            // the Brownian paths of the finest level, summed per step
            level.time_step /= std::pow(2., l);
            level.brownian_substeps = std::pow(2., study.max_level - l);
          }
        const unsigned int n_replicas = in_n ? study.replicas : 1;
        // per replica: max |mean error|, max |covariance error|, |V error|
        std::vector<std::vector<double>> replica_errors(3);
        for (unsigned int r = 0; r < n_replicas; ++r)
          {
            // in N independent levels (the counter-based streams of one
            // seed would make level l's cloud a subset of level l + 1's);
            // in eta one seed: the common Brownian paths
            level.seed = particles.seed +
                         (in_n ? r + n_replicas * (l - study.min_level) : 0);
            const ParticleMoments moments =
              run_particles(drift, initial, level, end_time);
            if (!in_n)
              convergence.add_level(moment_outputs(moments.mean,
                                                   moments.covariance,
                                                   moments.objective));
            else
              {
                replica_errors[0].push_back(
                  max_difference(moments.mean, reference.mean));
                replica_errors[1].push_back(
                  max_difference(moments.covariance, reference.covariance));
                replica_errors[2].push_back(
                  std::abs(moments.objective - reference.objective));
              }
          }
        StudyRow row{l,
                     {double(level.n_particles), level.time_step},
                     in_n ? 1. / level.n_particles : level.time_step,
                     {}};
        if (in_n)
          {
            for (const std::vector<double> &values : replica_errors)
              {
                const ReplicaEstimate e = replica_estimate(values);
                row.errors.push_back(e.mean);
                // one replica has no SE: no column for it
                if (n_replicas > 1)
                  row.standard_errors.push_back(e.standard_error);
              }
            row.replicas = n_replicas;
          }
        rows.push_back(row);
      }
    if (kind == StudyReference::mesh)
      {
        for (const StudyRow &row : rows)
          result.add_level(row.level,
                           row.coordinates,
                           row.resolution,
                           row.errors,
                           row.standard_errors,
                           row.replicas);
        result.set_limits(reference_limits);
      }
    else
      add_rows(result, rows, convergence, exact, 0);
    return result;
  }

  template OrderStudy
  mesh_order_study<1>(const Model &,
                      const InitialLaw &,
                      const MeshFlowParameters &,
                      const OrderStudyParameters &);
  template OrderStudy
  mesh_order_study<2>(const Model &,
                      const InitialLaw &,
                      const MeshFlowParameters &,
                      const OrderStudyParameters &);
  template OrderStudy
  mesh_order_study<3>(const Model &,
                      const InitialLaw &,
                      const MeshFlowParameters &,
                      const OrderStudyParameters &);
} // namespace mfpg
