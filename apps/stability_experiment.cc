#include "apps/stability_experiment.h"

#include "apps/mesh_dimension.h"
#include "apps/result_plots.h"
#include "apps/subcommand_input.h"

#include "model/parameter_file.h"
#include "verification/cloud_wasserstein.h"
#include "verification/mesh_stability_sweep.h"
#include "verification/particle_stability_sweep.h"
#include "verification/stability_along_flow.h"
#include "verification/stability_along_mesh_flow.h"
#include "verification/stability_sweep.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <tuple>

namespace mfpg::stability_experiment
{
  void
  Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    model.add_parameters(prm);
    mesh.add_parameters(prm);
    stationary.add_parameters(prm);
    initial_law.add_parameters(prm);
    particles.add_parameters(prm);
    prm.enter_subsection("Stability");
    prm.add_parameter(
      "Stationary laws",
      stationary_laws,
      "gaussian: the stationary laws N(m*, K^{-1}) of docs/model.md §7 and "
      "W2 in closed form (a linear feature); mesh: the Gibbs fixed points on "
      "the Q1 mesh of subsection Mesh (Stationary solver), W2 exact in d = 1 "
      "and by the grid Sinkhorn with its error estimate in d = 2, 3 (any "
      "feature, d <= 3; the mesh must be a box); particles: each law the "
      "cloud of a run of the particle system of subsection Particles (its "
      "number of particles N_ref, time step, integrator; seeds s, s + 1 for "
      "the floor, s + 2, ... for the sweep) from the Initial law to Particle "
      "end time, W2 between the clouds read against its sampling floor "
      "(any feature, any d, docs/model.md §6.6 (b)); automatic: gaussian "
      "for a linear feature, else mesh in d <= 3 and particles in d >= 4.",
      dealii::Patterns::Selection("automatic|gaussian|mesh|particles"));
    prm.add_parameter(
      "Particle end time",
      particle_end_time,
      "particles: T_ref > 0, the end time of every particle run, a whole "
      "number of Particles/Time step; long enough for each run to have "
      "reached its stationary law.",
      dealii::Patterns::Double(0.));
    prm.add_parameter(
      "Sinkhorn epsilon",
      sinkhorn_epsilon,
      "particles: entropic regularisation of the Sinkhorn divergence between "
      "clouds (d >= 2) when N_ref^2 > 10^6 (below: exact network simplex), "
      "in units of squared parameter distance.",
      dealii::Patterns::Double(0.));
    prm.add_parameter("Sigmas",
                      sigmas,
                      "The sigma' of the sweep (> 0); with Regulariser = "
                      "tsallis only the file's sigma (the bound is proven "
                      "at sigma' = sigma there, docs/model.md §11.3).",
                      dealii::Patterns::List(dealii::Patterns::Double(0.), 1));
    prm.add_parameter("Taus",
                      taus,
                      "The tau' of the sweep (>= 0).",
                      dealii::Patterns::List(dealii::Patterns::Double(0.), 1));
    prm.add_parameter(
      "Grid bound",
      grid_bound,
      "Linear features: L and D are estimated on the means in [-bound, "
      "bound]^d; other features: C_2, L and D are sampled over measures with "
      "means and points theta in that box (ConstantSampling). The estimates "
      "over R^d start from this box (docs/model.md §6.4).",
      dealii::Patterns::Double(0.));
    prm.add_parameter("Grid points",
                      grid_points,
                      "Points per axis of that grid (linear features).",
                      dealii::Patterns::Integer(2));
    prm.add_parameter(
      "Output file",
      output_file,
      "CSV of sigma', tau', W2^2, the error estimate of W2 (3 sampling "
      "floors with particles), the mean of |grad U|^2 under nu'*, the bound "
      "and the Gibbs fixed point's residual (NaN but on the mesh) "
      "(empty: none).");
    prm.enter_subsection("Along the flow");
    prm.add_parameter(
      "End time",
      along_the_flow.end_time,
      "0: no flow part. > 0: the time-dependent stability bound (docs/"
      "model.md §6.3) along the flows of the model from the first initial "
      "law and of (second sigma, second tau) from the second, on [0, end "
      "time]: the exact Gaussian flows with Gaussian stationary laws, the "
      "mesh flows (Q1 exponential fitting on subsection Mesh, Time step, "
      "Time scheme) with stationary laws on the mesh; CSV beside the output "
      "file (name-along-flow.csv).",
      dealii::Patterns::Double(0.));
    prm.add_parameter("Output times",
                      along_the_flow.output_times,
                      "Number of equal time intervals of [0, end time].",
                      dealii::Patterns::Integer(1));
    prm.add_parameter("Second sigma",
                      along_the_flow.second_sigma,
                      "sigma' of the second flow (> 0; with Regulariser = "
                      "tsallis the file's sigma).",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Second tau",
                      along_the_flow.second_tau,
                      "tau' of the second flow (>= 0).",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Time step",
                      along_the_flow.time_step,
                      "Time step of the mesh flows (stationary laws on the "
                      "mesh); it must divide End time / Output times.",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Time scheme",
                      along_the_flow.time_scheme,
                      "Time scheme of the mesh flows (docs/model.md §8.4).",
                      dealii::Patterns::Selection("implicit-euler|bdf2"));
    prm.enter_subsection("First initial law");
    along_the_flow.first_initial.add_parameters(prm);
    prm.leave_subsection();
    prm.enter_subsection("Second initial law");
    along_the_flow.second_initial.add_parameters(prm);
    prm.leave_subsection();
    prm.leave_subsection();
    prm.leave_subsection();
  }

  OutputPlace
  Parameters::output_place() const
  {
    return {OutputPlace::Kind::file, output_file, "Stability/Output file"};
  }

  namespace
  {
    /**
     * The mesh flows of the part "Along the flow": subsection Mesh with the
     * Q1 exponential fitting (for tsallis the upwind scheme of model.md
     * §11.4, implicit Euler only), Time step and Time scheme, to End time,
     * output every End time / Output times, no files.
     */
    MeshFlowParameters
    along_the_flow_mesh(const Parameters &parameters)
    {
      const Parameters::AlongTheFlow &flow = parameters.along_the_flow;
      const bool tsallis = parameters.model.regulariser.type == "tsallis";
      if (tsallis && flow.time_scheme != "implicit-euler")
        throw ParameterError("Stability/Along the flow/Time scheme",
                             "the upwind scheme of the porous-medium flow "
                             "(Regulariser = tsallis, docs/model.md §11.4) "
                             "steps by implicit-euler only, not " +
                               flow.time_scheme);
      MeshFlowParameters mesh_flow;
      mesh_flow.mesh = parameters.mesh;
      mesh_flow.discretisation.scheme =
        tsallis ? "upwind" : "exponential-fitting";
      mesh_flow.time_stepping.scheme    = flow.time_scheme;
      mesh_flow.time_stepping.time_step = flow.time_step;
      mesh_flow.time_stepping.end_time  = flow.end_time;
      mesh_flow.output.interval         = flow.end_time / flow.output_times;
      const double steps = mesh_flow.output.interval / flow.time_step;
      if (std::abs(steps - std::round(steps)) > 1e-9 * steps)
        throw ParameterError("Stability/Along the flow/Time step",
                             "it must divide End time / Output times = " +
                               std::to_string(mesh_flow.output.interval));
      return mesh_flow;
    }

    /**
     * The part "Along the flow": stability_along_flow() (Gaussian stationary
     * laws) or stability_along_mesh_flow() (@p on_mesh), CSV, plot, verdict.
     */
    void
    run_along_the_flow(const Parameters        &parameters,
                       const TheoremHypothesis &hypothesis,
                       const SupremumSearch    &search,
                       const bool               on_mesh,
                       std::ostream            &out,
                       RunSummary              &summary)
    {
      const Parameters::AlongTheFlow &flow    = parameters.along_the_flow;
      const std::string               section = "Stability/Along the flow/";
      const unsigned int              d       = hypothesis.dimension;
      const auto law = [&](const GaussianLaw::Parameters &gaussian,
                           const std::string             &name) {
        return GaussianLaw::from_parameters(gaussian, d, section + name);
      };
      FlowStability result;
      if (on_mesh)
        {
          const std::vector<std::string> names =
            Model(parameters.model).feature().parameter_names();
          const auto initial_law = [&](const GaussianLaw::Parameters &gaussian,
                                       const std::string             &name) {
            law(gaussian, name); // checks the dimensions, naming the entry
            InitialLaw::Parameters p;
            p.type     = "gaussian";
            p.gaussian = gaussian;
            return InitialLaw(p, names);
          };
          const MeshFlowParameters mesh_flow = along_the_flow_mesh(parameters);
          result = with_mesh_dimension(d, [&](const auto dim) {
            return stability_along_mesh_flow<decltype(dim)::value>(
              parameters.model,
              initial_law(flow.first_initial, "First initial law"),
              {flow.second_sigma,
               flow.second_tau,
               initial_law(flow.second_initial, "Second initial law")},
              mesh_flow,
              hypothesis,
              estimate_D(parameters.model, {flow.second_tau}, search));
          });
        }
      else
        {
          std::vector<double> times;
          for (unsigned int k = 0; k <= flow.output_times; ++k)
            times.push_back(flow.end_time * k / flow.output_times);
          result =
            stability_along_flow(parameters.model,
                                 law(flow.first_initial, "First initial law"),
                                 {flow.second_sigma,
                                  flow.second_tau,
                                  law(flow.second_initial,
                                      "Second initial law")},
                                 times,
                                 hypothesis,
                                 search);
        }
      const FlowStabilityPoint &last = result.points.back();
      out << "  along the " << (on_mesh ? "mesh flows" : "exact Gaussian flows")
          << " to t = " << flow.end_time << " (sigma' = " << flow.second_sigma
          << ", tau' = " << flow.second_tau
          << "):\n    D = " << describe(result.D()) << "\n"
          << "    t = 0: W2^2 = " << result.points[0].squared_distance
          << ", bound = " << result.points[0].bound << "\n    t = " << last.time
          << ": W2^2 = " << last.squared_distance << ", bound = " << last.bound
          << " (best l = " << last.best_l << ", best eta = " << last.best_eta
          << ")\n";
      if (!parameters.output_file.empty())
        {
          const std::string &file = parameters.output_file;
          const std::string  csv =
            file.substr(0, file.rfind('.')) + "-along-flow.csv";
          result.write_csv(csv);
          out << "  written: " << csv << "\n";
          plot_results(csv, out);
        }
      out << "verdict along the flow: " << result.verdict() << "\n";
      summary.add_figure("max W2^2 / bound along the flow",
                         result.worst_ratio());
      summary.add_figure("best l at the end time", last.best_l);
      summary.add_text("verdict along the flow", result.verdict());
    }

    /**
     * The checks of a sweep with Regulariser = tsallis (docs/model.md
     * §11.2): the bound of §6.3 holds at sigma' = sigma only (its terms in
     * sigma - sigma' come from the SDE's noise, which the porous-medium
     * flow does not have), and the exact flows along which "gaussian"
     * measures are the entropy's Gaussian flows. ParameterErrors naming
     * the entry.
     */
    void
    require_tsallis_sweep(const Parameters  &parameters,
                          const double       sigma,
                          const std::string &laws)
    {
      const auto sigma_text = [](const double s) {
        std::ostringstream text;
        text << s;
        return text.str();
      };
      const std::string why =
        "with Regulariser = tsallis the stability bound is proven for "
        "sigma' = sigma only (docs/model.md §11.2: its sigma terms come from "
        "the noise of the entropy's SDE); sigma = " +
        sigma_text(sigma) + ", not ";
      for (const double s : parameters.sigmas)
        if (s != sigma)
          throw ParameterError("Stability/Sigmas", why + sigma_text(s));
      const Parameters::AlongTheFlow &flow = parameters.along_the_flow;
      if (flow.end_time > 0. && flow.second_sigma != sigma)
        throw ParameterError("Stability/Along the flow/Second sigma",
                             why + sigma_text(flow.second_sigma));
      if (flow.end_time > 0. && laws == "gaussian")
        throw ParameterError("Stability/Along the flow/End time",
                             "the exact flows of Stationary laws = gaussian "
                             "are the entropy's Gaussian flows; with "
                             "Regulariser = tsallis set Stationary laws = "
                             "mesh (the upwind flows of docs/model.md "
                             "§11.4) or End time = 0");
    }

    /**
     * Stationary laws resolved: automatic becomes gaussian for a linear
     * feature, else mesh in d <= 3 and particles in d >= 4.
     */
    std::string
    resolved_stationary_laws(const Parameters &parameters, const unsigned int d)
    {
      if (parameters.stationary_laws != "automatic")
        return parameters.stationary_laws;
      if (parameters.model.feature.type == "linear")
        return "gaussian";
      return d <= 3 ? "mesh" : "particles";
    }

    /**
     * The sweep of the resolved Stationary laws: stability_sweep(),
     * mesh_stability_sweep() or particle_stability_sweep(), refusing what
     * cannot be run before any work.
     */
    StabilitySweep
    sweep_of(const Parameters     &parameters,
             const std::string    &laws,
             const SupremumSearch &search)
    {
      const bool linear = parameters.model.feature.type == "linear";
      if (laws == "gaussian" && !linear)
        throw ParameterError("Stability/Stationary laws",
                             "gaussian: the closed-form stationary laws of "
                             "docs/model.md §7 need a linear feature; use "
                             "mesh, particles (or automatic) for this one");
      if (parameters.along_the_flow.end_time > 0. && laws == "particles")
        throw ParameterError("Stability/Along the flow/End time",
                             "the stability along the flow is not measured "
                             "with Stationary laws = particles; set it to 0 "
                             "or use gaussian");
      if (laws == "gaussian")
        return stability_sweep(parameters.model,
                               parameters.sigmas,
                               parameters.taus,
                               search);
      const Model model(parameters.model);
      if (laws == "particles")
        return particle_stability_sweep(
          parameters.model,
          parameters.sigmas,
          parameters.taus,
          InitialLaw(parameters.initial_law, model.feature().parameter_names()),
          parameters.particles,
          parameters.particle_end_time,
          search,
          parameters.sinkhorn_epsilon);
      return with_mesh_dimension(model.n_parameters(), [&](const auto d) {
        return mesh_stability_sweep<decltype(d)::value>(parameters.model,
                                                        parameters.sigmas,
                                                        parameters.taus,
                                                        parameters.mesh,
                                                        parameters.stationary,
                                                        search);
      });
    }

    /** The line saying where the stationary laws come from. */
    void
    print_stationary_laws(const Parameters     &parameters,
                          const std::string    &laws,
                          const StabilitySweep &sweep,
                          std::ostream         &out)
    {
      const unsigned int d = sweep.hypothesis.dimension;
      out << "  stationary laws: ";
      if (laws == "gaussian" && parameters.model.regulariser.type == "tsallis")
        out << "for tsallis the Barenblatt profiles of docs/model.md §11.3, "
               "whose radius R* depends on neither sigma nor tau: W2 = |m* - "
               "m'*| in closed form, m* that of the Gaussians of §7\n";
      else if (laws == "gaussian")
        out << "the Gaussians of docs/model.md §7, W2 in closed form\n";
      else if (laws == "mesh")
        out << (parameters.model.regulariser.type == "tsallis" ?
                  "stationary profiles (docs/model.md §11.2)" :
                  "Gibbs fixed points")
            << " on the mesh; nu* residual " << sweep.fixed_point_residual
            << "; W2 "
            << (d == 1 ? "exact between the 1-D mesh densities" :
                         "by the grid Sinkhorn extrapolated to eps -> 0")
            << "\n";
      else
        {
          const unsigned int n = parameters.particles.n_particles;
          out << "particle runs of N_ref = " << n
              << " particles to t = " << parameters.particle_end_time
              << " (no mesh); W2 by "
              << resolved_cloud_distance("auto", d, std::size_t(n) * n)
              << " between the clouds, sampling floor f = "
              << sweep.sampling_floor
              << " (W2 between two independent clouds of nu*); each W2 is "
                 "judged less 3 f\n";
        }
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
    SupremumSearch                    search;
    search.initial_bound = parameters.grid_bound;
    search.n_per_axis    = parameters.grid_points;
    const Model       model(parameters.model);
    const std::string laws =
      resolved_stationary_laws(parameters, model.n_parameters());
    if (!model.regulariser().is_entropy())
      require_tsallis_sweep(parameters, model.sigma(), laws);
    if (parameters.along_the_flow.end_time > 0. && laws == "mesh")
      along_the_flow_mesh(parameters); // its checks, before any work
    const StabilitySweep sweep        = sweep_of(parameters, laws, search);
    const unsigned int   d            = sweep.hypothesis.dimension;
    const bool           on_mesh      = laws == "mesh";
    const bool           of_particles = laws == "particles";
    out << "mfpg stability: " << parameter_file << "\n";
    for (const auto &[where, constants, D] :
         {std::tuple<std::string,
                     const ConvergenceConstants &,
                     const TheoryConstant &>{box_name(parameters.grid_bound, d),
                                             sweep.constants_on_box,
                                             sweep.D_on_box},
          {"R^" + std::to_string(d), sweep.global_constants, sweep.global_D}})
      out << "  over " << where << ": beta = " << constants.beta()
          << "\n    C_2 = " << describe(constants.C2)
          << "\n    L = " << describe(constants.L)
          << "\n    D = " << describe(D) << "\n";
    print_stationary_laws(parameters, laws, sweep, out);
    for (const StabilityPoint &p : sweep.points)
      {
        out << "  sigma' = " << p.sigma << ", tau' = " << p.tau
            << ": W2 = " << std::sqrt(p.squared_distance) << " ± "
            << p.distance_error
            << (on_mesh      ? " (grid Sinkhorn error estimate)" :
                of_particles ? " (3 f)" :
                               " (closed form)")
            << ", W2^2 = " << p.squared_distance << ", bound = " << p.bound;
        if (p.bound > 0.) // none when the theorem is silent, 0 at nu* itself
          out << ", W2^2 / bound = " << bound_ratio(p.squared_distance, p.bound)
              << " ± " << p.ratio_uncertainty();
        if (on_mesh)
          out << " (nu'* residual " << p.fixed_point_residual << ")";
        if (of_particles)
          out << " (W2 = "
              << std::sqrt(p.squared_distance) / sweep.sampling_floor << " f)";
        out << "\n";
      }
    if (!parameters.output_file.empty())
      {
        sweep.write_csv(parameters.output_file);
        out << "  written: " << parameters.output_file << "\n";
        plot_results(parameters.output_file, out);
      }
    out << "verdict: " << sweep.verdict() << "\n"
        << "  rule: " << StabilitySweep::verdict_rule() << "\n";
    if (parameters.along_the_flow.end_time > 0.)
      run_along_the_flow(
        parameters, sweep.hypothesis, search, on_mesh, out, summary);
    summary.add_figure("beta", sweep.global_constants.beta());
    summary.add_figure("D", sweep.global_D.value);
    summary.add_figure("beta on the box", sweep.constants_on_box.beta());
    summary.add_figure("D on the box", sweep.D_on_box.value);
    summary.add_figure("max W2^2 / bound", sweep.worst_ratio());
    if (on_mesh)
      {
        double largest_residual = sweep.fixed_point_residual;
        for (const StabilityPoint &p : sweep.points)
          largest_residual = std::max(largest_residual, p.fixed_point_residual);
        summary.add_figure("max W2 error estimate",
                           sweep.largest_distance_error());
        summary.add_figure("max Gibbs fixed point residual", largest_residual);
      }
    if (of_particles)
      summary.add_figure("W2 sampling floor", sweep.sampling_floor);
    summary.add_text("stationary laws", laws);
    summary.add_text("verdict", sweep.verdict());
  }
} // namespace mfpg::stability_experiment
