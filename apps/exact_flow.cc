#include "apps/exact_flow.h"

#include "apps/subcommand_input.h"

#include "model/parameter_file.h"
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
    std::vector<std::string>
    column_names(const unsigned int d)
    {
      std::vector<std::string> names{"t"};
      for (unsigned int k = 1; k <= d; ++k)
        names.push_back("m" + std::to_string(k));
      for (unsigned int k = 1; k <= d; ++k)
        for (unsigned int l = k; l <= d; ++l)
          names.push_back("S" + std::to_string(k) + std::to_string(l));
      for (const char *name : {"V", "J", "W2_to_stationary"})
        names.push_back(name);
      return names;
    }

    std::vector<double>
    row(const double        t,
        const GaussianLaw  &law,
        const GaussianFlow &flow,
        const GaussianLaw  &stationary)
    {
      const unsigned int  d = law.mean.size();
      std::vector<double> values{t};
      for (unsigned int k = 0; k < d; ++k)
        values.push_back(law.mean[k]);
      for (unsigned int k = 0; k < d; ++k)
        for (unsigned int l = k; l < d; ++l)
          values.push_back(law.covariance(k, l));
      values.push_back(flow.objective(law));
      values.push_back(flow.regularised_objective(law));
      values.push_back(gaussian_wasserstein(law, stationary));
      return values;
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

    const Model        model(parameters.model);
    const GaussianFlow flow(model);
    const InitialLaw   initial_law(parameters.initial_law,
                                 model.feature().parameter_names());
    initial_law.require_gaussian("the exact flow");
    const GaussianLaw                  &initial     = initial_law.gaussian();
    const GaussianFlow::StationaryPoint fixed_point = flow.stationary_point();
    const GaussianLaw                  &stationary  = fixed_point.law;
    summary.add_figure("Newton residual", fixed_point.newton_residual);
    summary.add_figure("V(nu*)", flow.objective(stationary));
    summary.add_figure("J(nu*)", flow.regularised_objective(stationary));

    std::vector<double> times;
    for (unsigned int n = 0; n <= parameters.n_output_times; ++n)
      times.push_back(parameters.end_time * n / parameters.n_output_times);
    const std::vector<GaussianLaw> laws = flow.solve(initial, times);

    out << "mfpg exact: " << parameter_file << "\n"
        << "  d = " << model.n_parameters()
        << ", n_S = " << model.mdp().n_states()
        << ", n_A = " << model.mdp().n_actions()
        << ", sigma = " << model.sigma()
        << ", tau = " << model.mdp().entropy_strength()
        << ", gamma = " << model.mdp().discount()
        << ", kappa = " << model.potential().convexity() << "\n"
        << "  stationary law: m* = " << vector_text(stationary.mean)
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
        << ", J(nu*) = " << flow.regularised_objective(stationary) << "\n\n";

    const std::vector<std::string> names = column_names(model.n_parameters());
    std::ostringstream             csv;
    csv << std::setprecision(16);
    for (unsigned int c = 0; c < names.size(); ++c)
      {
        out << std::setw(c == 0 ? 8 : 18) << names[c];
        csv << (c ? "," : "") << names[c];
      }
    out << "\n";
    csv << "\n";
    for (unsigned int n = 0; n < times.size(); ++n)
      {
        const std::vector<double> values =
          row(times[n], laws[n], flow, stationary);
        if (n + 1 == times.size())
          for (unsigned int c = 0; c < values.size(); ++c)
            summary.add_figure(names[c], values[c]);
        for (unsigned int c = 0; c < values.size(); ++c)
          {
            out << std::setw(c == 0 ? 8 : 18)
                << std::setprecision(c == 0 ? 4 : 8) << values[c];
            csv << (c ? "," : "") << values[c];
          }
        out << "\n";
        csv << "\n";
      }

    if (!parameters.output_file.empty())
      {
        // write beside the target and rename: no half-written file
        const std::string partial = parameters.output_file + ".partial";
        std::ofstream     file(partial);
        file << csv.str();
        file.close();
        if (!file)
          throw std::runtime_error("cannot write " + partial);
        std::filesystem::rename(partial, parameters.output_file);
        out << "\nwritten: " << parameters.output_file << "\n";
      }
  }
} // namespace mfpg::exact_flow
