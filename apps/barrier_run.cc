#include "apps/barrier_run.h"

#include "apps/result_plots.h"
#include "apps/subcommand_input.h"

#include "apps/mesh_dimension.h"

#include "model/parameter_file.h"
#include "verification/barrier_sweep.h"
#include "verification/mesh_barrier_laws.h"

#include <iomanip>
#include <sstream>

namespace mfpg::barrier_run
{
  void
  Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    model.add_parameters(prm);
    initial_law.add_parameters(prm);
    flow.add_parameters(prm);
    stationary.add_parameters(prm);
    prm.enter_subsection("Barrier sweep");
    prm.add_parameter("Barrier strengths",
                      strengths,
                      "The strengths n of the sweep, positive and increasing "
                      "(they replace MDP/Safety/Barrier strength; the "
                      "placement is set per computation).",
                      dealii::Patterns::List(dealii::Patterns::Double(0.), 1));
    prm.add_parameter("End time",
                      end_time,
                      "T of the flows from the initial law whose W2 to nu*_n "
                      "gives the observed rate (on the mesh it replaces Time "
                      "stepping/End time; Time step must divide T / Number "
                      "of output times).",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Number of output times",
                      n_output_times,
                      "Equally spaced times in (0, T] at which W2(nu_t, "
                      "nu*_n) is taken (on the mesh it replaces "
                      "Output/Interval).",
                      dealii::Patterns::Integer(2));
    prm.add_parameter("Fit start",
                      fit_start,
                      "The observed rate is fitted to ln W2 on [Fit start, "
                      "T] (exact flows: where W2 > 1e-8; the mesh: where W2 "
                      "exceeds 3 x its error estimate).",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Perturbation",
                      perturbation,
                      "On the mesh: the linearised rate is fitted along the "
                      "flow from (1 - eps) nu*_n + eps nu_0 (docs/model.md "
                      "§6.6 (a)); 0: not measured. Exact flows take it from "
                      "the Jacobian at m*_n.",
                      dealii::Patterns::Double(0., 1.));
    prm.add_parameter("Grid bound",
                      grid_bound,
                      "L_n (and C_2 for other features than linear) is "
                      "searched over R^d from the box [-bound, bound]^d "
                      "(docs/model.md §6.4).",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Grid points",
                      grid_points,
                      "Points per axis of the grids of that search (linear "
                      "features).",
                      dealii::Patterns::Integer(2));
    prm.add_parameter("Output file",
                      output_file,
                      "CSV of the sweep, one row per strength (empty: none), "
                      "with its plot (PNG) beside it.");
    prm.leave_subsection();
  }

  OutputPlace
  Parameters::output_place() const
  {
    return {OutputPlace::Kind::file, output_file, "Barrier sweep/Output file"};
  }

  namespace
  {
    /** The table printed per strength. */
    void
    print_table(const BarrierSweep &sweep, std::ostream &out)
    {
      const unsigned int d = sweep.hard_mean.size();
      out << std::setw(8) << "n" << std::setw(14) << "V*_n-V*_inf"
          << std::setw(13) << "D_viol(pi*)";
      for (unsigned int k = 1; k <= d; ++k)
        out << std::setw(12) << "m*_" + std::to_string(k);
      for (const char *name :
           {"J_n(nu*)", "D_viol", "V_0", "L_n", "beta_n", "rate", "lin.rate"})
        out << std::setw(11) << name;
      out << std::setw(12) << "W2(mu_n)"
          << "\n";
      for (const BarrierStrengthResult &p : sweep.points)
        {
          out << std::setw(8) << std::setprecision(4) << p.strength
              << std::scientific << std::setprecision(3) << std::setw(14)
              << p.soft_optimal_gap << std::setw(13) << std::setprecision(2)
              << p.optimum_violation << std::defaultfloat;
          for (const double m : p.mean)
            out << std::setw(12) << std::setprecision(6) << m;
          for (const double x : {p.objective,
                                 p.violation,
                                 p.unpenalised_value,
                                 p.lipschitz,
                                 p.beta,
                                 p.observed_rate.value,
                                 p.linearised_rate})
            out << std::setw(11) << std::setprecision(4) << x;
          out << std::setw(12) << std::setprecision(3) << p.distance_to_hard
              << "\n";
        }
    }

    /** The sweep with the exact Gaussian flows (a linear feature). */
    BarrierSweep
    sweep_exact_flows(const Parameters     &parameters,
                      const InitialLaw     &initial_law,
                      const SupremumSearch &search)
    {
      initial_law.require_gaussian("the barrier sweep's exact flows");
      std::vector<double> times;
      for (unsigned int k = 0; k <= parameters.n_output_times; ++k)
        times.push_back(parameters.end_time * k / parameters.n_output_times);
      GaussianStationaryLaws laws(initial_law.gaussian(),
                                  times,
                                  parameters.fit_start,
                                  search);
      return barrier_sweep(parameters.model, parameters.strengths, laws);
    }

    /**
     * The sweep with Gibbs fixed points and flows on the mesh, its end time
     * and output times those of subsection Barrier sweep.
     */
    BarrierSweep
    sweep_on_the_mesh(const Parameters     &parameters,
                      const Model          &model,
                      const InitialLaw     &initial_law,
                      const SupremumSearch &search)
    {
      MeshFlowParameters flow     = parameters.flow;
      flow.time_stepping.end_time = parameters.end_time;
      flow.output.interval = parameters.end_time / parameters.n_output_times;
      ConstantSampling sampling;
      sampling.lo = -parameters.grid_bound;
      sampling.hi = parameters.grid_bound;
      return with_mesh_dimension(model.n_parameters(), [&](const auto d) {
        MeshStationaryLaws<decltype(d)::value> laws(initial_law,
                                                    flow,
                                                    parameters.stationary,
                                                    sampling,
                                                    search,
                                                    parameters.fit_start,
                                                    parameters.perturbation);
        return barrier_sweep(parameters.model, parameters.strengths, laws);
      });
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
      throw ParameterError("Barrier sweep/End time", "must be positive");
    if (!(parameters.fit_start < parameters.end_time))
      throw ParameterError("Barrier sweep/Fit start",
                           "must lie before the End time");

    const Model      model(parameters.model);
    const InitialLaw initial_law(parameters.initial_law,
                                 model.feature().parameter_names());
    SupremumSearch   search;
    search.initial_bound = parameters.grid_bound;
    search.n_per_axis    = parameters.grid_points;
    const bool linear    = parameters.model.feature.type == "linear";

    out << "mfpg barrier: " << parameter_file << "\n"
        << model.mdp().safety_description()
        << (linear ? "  stationary laws: the exact Gaussian flow (linear "
                     "feature, docs/model.md §7)\n" :
                     "  stationary laws: Gibbs fixed points on the mesh, "
                     "flows on the mesh (docs/model.md §13.2)\n");
    const BarrierSweep sweep =
      linear ? sweep_exact_flows(parameters, initial_law, search) :
               sweep_on_the_mesh(parameters, model, initial_law, search);
    std::ostringstream hard;
    hard << std::setprecision(10) << "(";
    for (unsigned int k = 0; k < sweep.hard_mean.size(); ++k)
      hard << (k ? ", " : "") << sweep.hard_mean[k];
    hard << ")";
    out << "  hard constraint: V*_inf = " << std::setprecision(17)
        << sweep.hard_soft_optimum << "; stationary mean m* = " << hard.str()
        << ", J(nu*) = " << std::setprecision(10) << sweep.hard_objective
        << ", V(nu*) = " << sweep.hard_value << "\n\n";
    print_table(sweep, out);

    summary.add_figure("V*_inf", sweep.hard_soft_optimum);
    summary.add_figure("hard J(nu*)", sweep.hard_objective);
    for (unsigned int k = 0; k < sweep.hard_mean.size(); ++k)
      summary.add_figure("hard m*_" + std::to_string(k + 1),
                         sweep.hard_mean[k]);
    summary.add_figure("fitted gap rate", sweep.gap_rate.value);
    summary.add_figure("b / tau", sweep.predicted_gap_rate);
    const BarrierStrengthResult &last = sweep.points.back();
    summary.add_figure("largest n: W2 to hard", last.distance_to_hard);
    summary.add_figure("largest n: |m*_n|", last.mean.l2_norm());
    if (!parameters.output_file.empty())
      {
        sweep.write_csv(parameters.output_file);
        out << "\nwritten: " << parameters.output_file << "\n";
        plot_results(parameters.output_file, out);
      }
    const std::vector<std::string> rules = BarrierSweep::verdict_rules();
    const std::vector<std::pair<std::string, std::string>> verdicts = {
      {"gap", sweep.gap_verdict()},
      {"escape", sweep.escape_verdict()},
      {"rate", sweep.rate_verdict()}};
    out << "\n";
    for (unsigned int k = 0; k < verdicts.size(); ++k)
      {
        summary.add_text("verdict: " + verdicts[k].first, verdicts[k].second);
        out << "verdict " << verdicts[k].first << ": " << verdicts[k].second
            << "\n  rule: " << rules[k] << "\n";
      }
  }
} // namespace mfpg::barrier_run
