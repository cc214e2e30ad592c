#include "apps/exact_flow.h"

#include "apps/subcommand_input.h"

#include "model/coupling_weights.h"
#include "model/parameter_file.h"
#include "model/safety_measures.h"
#include "verification/barenblatt_flow.h"
#include "verification/gaussian_flow.h"
#include "verification/gaussian_wasserstein.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace mfpg::exact_flow
{
  void
  Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    model.add_parameters(prm);
    initial_law.add_parameters(prm);
    prm.enter_subsection("Exact flow");
    prm.add_parameter(
      "End time",
      end_time,
      "Final time T of the flow (time units of docs/model.md §5).",
      dealii::Patterns::Double(0.));
    prm.add_parameter("Number of output times",
                      n_output_times,
                      "The flow is reported at this many equally spaced times "
                      "in (0, T], and at t = 0.",
                      dealii::Patterns::Integer(1));
    prm.add_parameter("Output file",
                      output_file,
                      "CSV file for the reported flow (empty: none); written "
                      "only once the run has succeeded.");
    prm.leave_subsection();
  }

  OutputPlace
  Parameters::output_place() const
  {
    return {OutputPlace::Kind::file, output_file, "Exact flow/Output file"};
  }

  namespace
  {
    /** The reported flow: column names and one row per output time. */
    struct ExactTable
    {
      std::vector<std::string>         names;
      std::vector<std::vector<double>> rows;
    };

    /** t, the mean's components, then @p shape, V, J, W2_to_stationary. */
    std::vector<std::string>
    column_names(const unsigned int d, const std::vector<std::string> &shape)
    {
      std::vector<std::string> names{"t"};
      for (unsigned int k = 1; k <= d; ++k)
        names.push_back("m" + std::to_string(k));
      names.insert(names.end(), shape.begin(), shape.end());
      for (const char *name : {"V", "J", "W2_to_stationary"})
        names.push_back(name);
      return names;
    }

    std::string
    vector_text(const dealii::Vector<double> &v)
    {
      std::ostringstream out;
      out << std::setprecision(10) << "(";
      for (unsigned int k = 0; k < v.size(); ++k)
        out << (k ? ", " : "") << v[k];
      out << ")";
      return out.str();
    }

    /**
     * The rows of @p laws at @p times: t, the mean, @p shape(law), V, J and
     * @p distance(law, stationary), under the column @p names.
     */
    template <typename Flow, typename Law, typename Shape, typename Distance>
    ExactTable
    exact_table(std::vector<std::string>   names,
                const std::vector<double> &times,
                const std::vector<Law>    &laws,
                const Flow                &flow,
                const Law                 &stationary,
                const Shape               &shape,
                const Distance            &distance)
    {
      ExactTable table{std::move(names), {}};
      for (unsigned int n = 0; n < times.size(); ++n)
        {
          const Law          &law = laws[n];
          std::vector<double> row{times[n]};
          row.insert(row.end(), law.mean.begin(), law.mean.end());
          const std::vector<double> entries = shape(law);
          row.insert(row.end(), entries.begin(), entries.end());
          row.push_back(flow.objective(law));
          row.push_back(flow.regularised_objective(law));
          row.push_back(distance(law, stationary));
          table.rows.push_back(row);
        }
      return table;
    }

    /** @p parameters with the entropy for their regulariser. */
    Model::Parameters
    with_entropy(Model::Parameters parameters)
    {
      parameters.regulariser.type = "entropy";
      return parameters;
    }

    /** The entropy's flow: Gaussian laws (docs/model.md §7). */
    ExactTable
    gaussian_table(const Model               &model,
                   const InitialLaw          &initial_law,
                   const std::vector<double> &times,
                   std::ostream              &out,
                   RunSummary                &summary)
    {
      const GaussianFlow flow(model);
      initial_law.require_gaussian("the exact flow");
      const GaussianFlow::StationaryPoint fixed_point = flow.stationary_point();
      const GaussianLaw                  &stationary  = fixed_point.law;
      summary.add_figure("Newton residual", fixed_point.newton_residual);
      for (unsigned int k = 0; k < stationary.mean.size(); ++k)
        summary.add_figure("m*_" + std::to_string(k + 1), stationary.mean[k]);
      summary.add_figure("V(nu*)", flow.objective(stationary));
      summary.add_figure("J(nu*)", flow.regularised_objective(stationary));
      out << "  stationary law: m* = " << vector_text(stationary.mean)
          << ", S* = K^-1\n"
          << "  Newton residual |dm/dt(m*)| = " << std::scientific
          << std::setprecision(2) << fixed_point.newton_residual
          << "; real parts of the Jacobian's eigenvalues "
          << vector_text(fixed_point.jacobian_eigenvalues_real_parts)
          << (fixed_point.is_linearly_stable() ? " (linearly stable)" :
                                                 " (NOT linearly stable)")
          << "\n"
          << "  V(nu*) = " << std::setprecision(10) << std::defaultfloat
          << flow.objective(stationary)
          << ", J(nu*) = " << flow.regularised_objective(stationary) << "\n";
      if (model.mdp().safety() != nullptr)
        {
          // the stationary policy's safety (docs/model.md §13)
          const PolicyGradient pg(model.mdp(),
                                  flow.policy_energy(stationary.mean));
          const SafetyMeasures safety =
            safety_measures(model.mdp(), pg.policy(), pg.evaluation());
          summary.add_figure("D_viol(nu*)", safety.discounted_violation);
          summary.add_figure("V_0(nu*)", safety.unpenalised_value);
          summary.add_figure("P_violate(nu*)", safety.ever_violation);
          out << "  at nu*: discounted violation D_viol = "
              << safety.discounted_violation
              << ", value without the barrier V_0 = "
              << safety.unpenalised_value
              << ", P(ever violate) = " << safety.ever_violation << "\n";
        }
      out << "\n";

      const unsigned int       d = model.n_parameters();
      std::vector<std::string> shape;
      for (unsigned int k = 1; k <= d; ++k)
        for (unsigned int l = k; l <= d; ++l)
          shape.push_back("S" + std::to_string(k) + std::to_string(l));
      return exact_table(
        column_names(d, shape),
        times,
        flow.solve(initial_law.gaussian(), times),
        flow,
        stationary,
        [d](const GaussianLaw &law) {
          std::vector<double> entries;
          for (unsigned int k = 0; k < d; ++k)
            for (unsigned int l = k; l < d; ++l)
              entries.push_back(law.covariance(k, l));
          return entries;
        },
        gaussian_wasserstein);
    }

    /**
     * The Tsallis regulariser's flow: Barenblatt profiles (§11.3), and W2 to
     * the flow of @p entropy_model (the same model with the entropy).
     */
    ExactTable
    barenblatt_table(const Model               &model,
                     const Model               &entropy_model,
                     const InitialLaw          &initial_law,
                     const std::vector<double> &times,
                     std::ostream              &out,
                     RunSummary                &summary)
    {
      const BarenblattFlow flow(model);
      if (initial_law.type() != "barenblatt")
        throw ParameterError("Initial law/Type",
                             "the exact Barenblatt flow starts from a "
                             "barenblatt law, not '" +
                               initial_law.type() + "'");
      const BarenblattProfile &initial = initial_law.barenblatt();
      if (initial.exponent != flow.exponent())
        {
          std::ostringstream message;
          message << "is " << initial.exponent
                  << ", not Regularisation/Tsallis exponent = "
                  << flow.exponent()
                  << ": the flow keeps the profile's shape only for its own "
                     "exponent";
          throw ParameterError("Initial law/Barenblatt exponent",
                               message.str());
        }
      const BarenblattProfile stationary = flow.stationary_law();
      summary.add_figure("R*", stationary.radius);
      summary.add_figure("V(nu*)", flow.objective(stationary));
      summary.add_figure("J(nu*)", flow.regularised_objective(stationary));
      out << "  Tsallis exponent m = " << flow.exponent()
          << ": Barenblatt profiles A (1 - |theta - m(t)|^2 / R(t)^2)_+^"
          << 1. / (flow.exponent() - 1.) << "\n"
          << "  stationary law: m* = " << vector_text(stationary.mean)
          << ", R* = " << std::setprecision(10) << stationary.radius << "\n"
          << "  V(nu*) = " << flow.objective(stationary)
          << ", J(nu*) = " << flow.regularised_objective(stationary) << "\n\n";

      const std::vector<BarenblattProfile> laws  = flow.solve(initial, times);
      ExactTable                           table = exact_table(
        column_names(model.n_parameters(), {"R", "variance"}),
        times,
        laws,
        flow,
        stationary,
        [](const BarenblattProfile &law) {
          return std::vector<double>{law.radius, law.variance()};
        },
        barenblatt_wasserstein);
      // the m -> 1 check: W2 to the entropy's Gaussian flow from the
      // Gaussian of the same mean and covariance
      const GaussianFlow             entropy_flow(entropy_model);
      const std::vector<GaussianLaw> gaussians =
        entropy_flow.solve({initial.mean, initial.covariance()}, times);
      table.names.push_back("W2_to_entropy_flow");
      for (unsigned int n = 0; n < times.size(); ++n)
        table.rows[n].push_back(barenblatt_gaussian_wasserstein(
          laws[n], gaussians[n].mean, gaussians[n].covariance));
      return table;
    }

    /**
     * Print @p table, put its last row into the summary, and write it to
     * @p output_file (if not empty) through a .partial file.
     */
    void
    report(const ExactTable  &table,
           const std::string &output_file,
           std::ostream      &out,
           RunSummary        &summary)
    {
      std::ostringstream csv;
      csv << std::setprecision(16);
      for (unsigned int c = 0; c < table.names.size(); ++c)
        {
          out << std::setw(c == 0 ? 8 : 20) << table.names[c];
          csv << (c ? "," : "") << table.names[c];
        }
      out << "\n";
      csv << "\n";
      for (unsigned int n = 0; n < table.rows.size(); ++n)
        {
          const std::vector<double> &values = table.rows[n];
          if (n + 1 == table.rows.size())
            for (unsigned int c = 0; c < values.size(); ++c)
              summary.add_figure(table.names[c], values[c]);
          for (unsigned int c = 0; c < values.size(); ++c)
            {
              out << std::setw(c == 0 ? 8 : 20)
                  << std::setprecision(c == 0 ? 4 : 8) << values[c];
              csv << (c ? "," : "") << values[c];
            }
          out << "\n";
          csv << "\n";
        }
      if (output_file.empty())
        return;
      // write beside the target and rename: no half-written file
      const std::string partial = output_file + ".partial";
      std::ofstream     file(partial);
      file << csv.str();
      file.close();
      if (!file)
        throw std::runtime_error("cannot write " + partial);
      std::filesystem::rename(partial, output_file);
      out << "\nwritten: " << output_file << "\n";
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
    if (!(parameters.end_time > 0.))
      throw ParameterError("Exact flow/End time", "must be positive");

    const Model         model(parameters.model);
    const InitialLaw    initial_law(parameters.initial_law,
                                 model.feature().parameter_names());
    std::vector<double> times;
    for (unsigned int n = 0; n <= parameters.n_output_times; ++n)
      times.push_back(parameters.end_time * n / parameters.n_output_times);

    out << "mfpg exact: " << parameter_file << "\n"
        << "  d = " << model.n_parameters()
        << ", n_S = " << model.mdp().n_states()
        << ", n_A = " << model.mdp().n_actions()
        << ", sigma = " << model.sigma()
        << ", tau = " << model.mdp().entropy_strength()
        << ", gamma = " << model.mdp().discount()
        << ", kappa = " << model.potential().convexity() << "\n"
        << model.mdp().safety_description();
    const ExactTable table =
      model.regulariser().is_entropy() ?
        gaussian_table(model, initial_law, times, out, summary) :
        barenblatt_table(model,
                         Model(with_entropy(parameters.model)),
                         initial_law,
                         times,
                         out,
                         summary);
    report(table, parameters.output_file, out, summary);
  }
} // namespace mfpg::exact_flow
