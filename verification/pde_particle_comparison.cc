#include "verification/pde_particle_comparison.h"

#include "model/parameter_file.h"
#include "particles/mckean_vlasov_drift.h"
#include "solver/non_negative_density.h"
#include "verification/blob_width_error.h"
#include "verification/cloud_grid_deposit.h"
#include "verification/cloud_wasserstein.h"
#include "verification/grid_sinkhorn_divergence.h"
#include "verification/mesh_density_sample.h"
#include "verification/mesh_density_wasserstein.h"
#include "verification/mesh_error_estimate.h"
#include "verification/result_table.h"
#include "verification/self_convergence.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <map>
#include <sstream>

namespace mfpg
{
  void
  PdeParticleComparisonParameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Comparison");
    prm.add_parameter("Particle numbers",
                      particle_numbers,
                      "The numbers of particles N compared with the mesh "
                      "solution (each replaces Particles/Number of "
                      "particles), at least two for a rate in N.",
                      dealii::Patterns::List(dealii::Patterns::Integer(1), 1));
    prm.add_parameter("Replicas",
                      replicas,
                      "Independent particle runs per N (seeds Particles/Seed "
                      "+ 0, 1, ...): every particle quantity is their mean "
                      "with its standard error (at least 2 for one).",
                      dealii::Patterns::Integer(2));
    prm.add_parameter("Distance",
                      distance,
                      "How W2 between the mesh density and a cloud is "
                      "computed: quantile (exact, d = 1, continuous density), "
                      "network-simplex (exact OT to an N-sample of the mesh "
                      "density), sinkhorn (Sinkhorn divergence to that "
                      "sample), grid (the cloud deposited on the mesh's "
                      "nodes by cloud-in-cell, W2 to the mesh's nodal "
                      "measure by the extrapolated grid Sinkhorn: cost O(N) "
                      "plus one grid Sinkhorn independent of N, bias at "
                      "most s + e + O(h^2), s and e in comparison.csv; "
                      "needs a uniform tensor grid, docs/model.md §9.9), "
                      "auto (quantile in d = 1, else network-simplex while "
                      "N^2 <= 10^6, else grid on a uniform tensor grid, "
                      "else sinkhorn).",
                      dealii::Patterns::Selection(
                        "auto|quantile|network-simplex|sinkhorn|grid"));
    prm.add_parameter("Distances at",
                      distances_at,
                      "At which output times W2 and its sampling floor are "
                      "measured: all, final (the final time only: one W2 "
                      "per particle run instead of one per output time), "
                      "none (moments and V only; the verdict's test does "
                      "not use W2).",
                      dealii::Patterns::Selection("all|final|none"));
    prm.add_parameter("Sinkhorn epsilon",
                      sinkhorn_epsilon,
                      "Entropic regularisation of the sinkhorn distance, in "
                      "units of squared parameter distance.",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Significance",
                      significance,
                      "The family-wise level alpha of the verdict's test of "
                      "the m monitored quantities (mean, covariance, V at "
                      "the output times t > 0, the largest N): each is "
                      "tested at z* = F^-1(1 - alpha / (2 m)), F Student's "
                      "t with Replicas - 1 degrees of freedom (Bonferroni).",
                      dealii::Patterns::Double(1e-12, 0.5));
    prm.add_parameter("Resolution",
                      resolution,
                      "The relative difference the verdict must be able to "
                      "tell, in units of each quantity's scale (sqrt S_kk "
                      "for m_k, sqrt(S_kk S_ll) for S_kl, |V| for V): when "
                      "no difference is significant but z* SE_total "
                      "exceeds it, the verdict is inconclusive and names "
                      "the N that would decide.",
                      dealii::Patterns::Double(0.));
    prm.leave_subsection();
  }

  double
  ComparisonCost::total() const
  {
    return mesh_seconds + calibration_seconds + particle_seconds +
           distances_seconds;
  }

  ComparisonLevel
  PdeParticleComparison::level(const unsigned int n, const double time) const
  {
    std::vector<double> distances, floors, ratios, means, covs;
    const double        nan = std::numeric_limits<double>::quiet_NaN();
    double              largest_spread = nan, largest_sinkhorn_error = nan;
    std::vector<std::vector<double>> differences(quantity_names.size());
    for (const ComparisonRow &row : rows)
      if (row.n_particles == n && row.time == time)
        {
          distances.push_back(row.distance);
          floors.push_back(row.sampling_floor);
          ratios.push_back(row.distance / row.sampling_floor);
          // fmax ignores a NaN (not measured)
          largest_spread =
            std::fmax(largest_spread,
                      std::fmax(row.distance_spread, row.floor_spread));
          largest_sinkhorn_error =
            std::fmax(largest_sinkhorn_error,
                      std::fmax(row.distance_sinkhorn_error,
                                row.floor_sinkhorn_error));
          means.push_back(row.mean_error);
          covs.push_back(row.covariance_error);
          for (unsigned int i = 0; i < differences.size(); ++i)
            differences[i].push_back(row.differences[i]);
        }
    ComparisonLevel result{n,
                           time,
                           replica_estimate(distances),
                           replica_estimate(floors),
                           replica_estimate(ratios),
                           largest_spread,
                           largest_sinkhorn_error,
                           replica_estimate(means),
                           replica_estimate(covs),
                           {}};
    for (const std::vector<double> &values : differences)
      result.differences.push_back(replica_estimate(values));
    return result;
  }

  std::vector<ComparisonLevel>
  PdeParticleComparison::final_levels() const
  {
    std::vector<unsigned int> numbers;
    for (const ComparisonRow &row : rows)
      numbers.push_back(row.n_particles);
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    std::vector<ComparisonLevel> levels;
    for (const unsigned int n : numbers)
      levels.push_back(level(n, times.back()));
    return levels;
  }

  FittedSlope
  PdeParticleComparison::rate_in_n(
    ReplicaEstimate ComparisonLevel::*value) const
  {
    std::vector<unsigned int>    numbers;
    std::vector<ReplicaEstimate> values;
    for (const ComparisonLevel &l : final_levels())
      {
        numbers.push_back(l.n_particles);
        values.push_back(l.*value);
      }
    return mfpg::rate_in_n(numbers, values);
  }

  namespace
  {
    /**
     * The scale of each moment output @p q (moment_outputs() of a law in
     * R^d): sqrt S_kk for m_k, sqrt(S_kk S_ll) for S_kl, |V| for V.
     */
    std::vector<double>
    quantity_scales(const unsigned int d, const std::vector<double> &q)
    {
      std::vector<double> variance;
      for (unsigned int k = 0, i = d; k < d; i += d - k, ++k)
        variance.push_back(q[i]);
      std::vector<double> scales;
      for (unsigned int k = 0; k < d; ++k)
        scales.push_back(std::sqrt(variance[k]));
      for (unsigned int k = 0; k < d; ++k)
        for (unsigned int l = k; l < d; ++l)
          scales.push_back(std::sqrt(variance[k] * variance[l]));
      scales.push_back(std::abs(q.back()));
      return scales;
    }

    std::string
    named_list(const std::vector<QuantityTest> &quantities,
               double QuantityTest::*score)
    {
      std::ostringstream out;
      out << std::setprecision(3);
      for (std::size_t i = 0; i < quantities.size(); ++i)
        out << (i > 0 ? ", " : "") << quantities[i].name
            << " at t = " << quantities[i].time << " ("
            << quantities[i].difference.text()
            << ", z = " << quantities[i].*score << ")";
      return out.str();
    }
  } // namespace

  ComparisonTest
  PdeParticleComparison::test() const
  {
    ComparisonTest                     result;
    const std::vector<ComparisonLevel> levels = final_levels();
    result.n_particles                        = levels.back().n_particles;
    result.replicas                           = levels.back().distance.replicas;
    result.alpha                              = significance;
    result.deciding_n                         = 0;
    result.within_error_estimates             = false;
    for (unsigned int k = 0; k < times.size(); ++k)
      if (times[k] > 0.)
        {
          const ComparisonLevel     l = level(result.n_particles, times[k]);
          const std::vector<double> scales =
            quantity_scales(dimension, mesh_quantities[k]);
          for (unsigned int i = 0; i < quantity_names.size(); ++i)
            {
              QuantityTest q;
              q.name       = quantity_names[i];
              q.time       = times[k];
              q.difference = l.differences[i];
              q.mesh_error = mesh_errors[k][i];
              q.particle_error =
                particle_errors.empty() ? 0. : particle_errors[k][i];
              q.total_standard_error =
                std::hypot(q.difference.standard_error, q.mesh_error);
              q.tolerance = resolution * scales[i];
              q.z         = q.difference.z();
              q.z_total   = q.difference.mean / q.total_standard_error;
              result.quantities.push_back(q);
            }
        }
    result.critical_z =
      bonferroni_t(significance, result.quantities.size(), result.replicas - 1);
    const double z_star = result.critical_z;
    for (const QuantityTest &q : result.quantities)
      if (std::abs(q.z) > z_star)
        result.named.push_back(q);
    if (!result.named.empty())
      {
        result.outcome                = "disagree";
        result.within_error_estimates = true;
        for (const QuantityTest &q : result.named)
          result.within_error_estimates =
            result.within_error_estimates && std::abs(q.z_total) <= z_star;
        return result;
      }
    // SE ∝ N^{-1/2}: the N at which z* SE_total reaches the tolerance, none
    // (0) when the error estimates alone exceed tolerance / z*
    bool too_coarse = false;
    for (const QuantityTest &q : result.quantities)
      if (!(z_star * q.total_standard_error <= q.tolerance))
        {
          result.named.push_back(q);
          const double allowed =
            std::pow(q.tolerance / z_star, 2) - q.mesh_error * q.mesh_error;
          too_coarse = too_coarse || !(allowed > 0.);
          if (allowed > 0.)
            result.deciding_n = std::max<unsigned int>(
              result.deciding_n,
              std::ceil(result.n_particles *
                        std::pow(q.difference.standard_error, 2) / allowed));
        }
    if (too_coarse)
      result.deciding_n = 0;
    result.outcome = result.named.empty() ? "agree" : "inconclusive";
    return result;
  }

  std::string
  ComparisonTest::rule() const
  {
    std::ostringstream out;
    out << std::setprecision(3)
        << "rule (docs/model.md §6.6 (c)): the m = " << quantities.size()
        << " quantities (mean, covariance entries, V at each output time "
           "t > 0, N = "
        << n_particles << ", " << replicas
        << " replicas), z = (q^N - q^mesh) / SE with SE the replica "
           "standard error (blob particles: each replica's q^N extrapolated "
           "in the width, q_eps + e_p, e_p = q_eps - q_sqrt2eps), z* = "
           "F^-1(1 - alpha / (2m)) = "
        << critical_z << " (F Student's t with " << replicas - 1
        << " degrees of freedom, alpha = " << alpha
        << ", Bonferroni); disagree if some |z| > z*; else agree if every "
           "z* SE_total <= resolution x scale (SE_total = sqrt(SE^2 + "
           "e_h^2), e_h the mesh's Richardson error estimate in space and "
           "time; scale sqrt S_kk, sqrt(S_kk S_ll), |V|), else "
           "inconclusive";
    return out.str();
  }

  std::string
  PdeParticleComparison::verdict() const
  {
    const ComparisonTest test = this->test();
    std::ostringstream   out;
    out << std::setprecision(3) << test.outcome << ": ";
    if (test.outcome == "disagree")
      out << named_list(test.named, &QuantityTest::z)
          << " beyond z* = " << test.critical_z << " SE"
          << (test.within_error_estimates ?
                "; within the mesh's error estimate (z_total <= z*): the "
                "difference is the mesh's discretisation error, refine the "
                "mesh" :
                "; beyond the mesh's error estimate too" +
                  std::string(particle_errors.empty() ?
                                "" :
                                " (the blobs' extrapolation in the width "
                                "leaves O(eps^4): narrow the blobs, with "
                                "more particles)"));
    else if (test.outcome == "inconclusive")
      {
        out << "no |z| > z* = " << test.critical_z
            << ", but z* SE_total exceeds the tolerance for "
            << named_list(test.named, &QuantityTest::z);
        if (test.deciding_n > 0)
          out << "; N = " << test.deciding_n << " would decide (SE ∝ N^-1/2)";
        else
          out << "; the mesh's error estimate alone exceeds tolerance / z*: "
                 "refine the mesh";
      }
    else
      {
        const auto largest =
          std::max_element(test.quantities.begin(),
                           test.quantities.end(),
                           [](const QuantityTest &a, const QuantityTest &b) {
                             return std::abs(a.z) < std::abs(b.z);
                           });
        out << "every |z| <= z* = " << test.critical_z << " (largest "
            << named_list({*largest}, &QuantityTest::z) << ")";
      }
    const std::vector<ComparisonLevel> levels = final_levels();
    const ComparisonLevel             &last   = levels.back();
    const bool                         w2     = distances_at != "none";
    if (w2)
      out << "; W2 / floor = " << last.ratio.text()
          << " at N = " << last.n_particles;
    if (levels.size() >= 2)
      {
        const auto rate = [&](ReplicaEstimate ComparisonLevel::*value) {
          const FittedSlope  slope = rate_in_n(value);
          std::ostringstream text;
          text << std::setprecision(2) << slope.slope << " ± "
               << slope.standard_error;
          return text.str();
        };
        const FittedSlope mean = rate_in_n(&ComparisonLevel::mean_error);
        out << "; rates in N (± SE): ";
        if (w2)
          out << "W2 " << rate(&ComparisonLevel::distance) << " (floor "
              << rate(&ComparisonLevel::sampling_floor) << "), ";
        out << "|mean error| " << rate(&ComparisonLevel::mean_error)
            << " (-1/2 " << (mean.consistent_with(-0.5) ? "within" : "beyond")
            << " 1.96 SE), ||covariance error|| "
            << rate(&ComparisonLevel::covariance_error);
      }
    out << "\n  " << test.rule();
    return out.str();
  }

  namespace
  {
    std::string
    coordinate_header(const unsigned int d)
    {
      std::string header;
      for (unsigned int k = 1; k <= d; ++k)
        header += (k > 1 ? ",theta" : "theta") + std::to_string(k);
      return header;
    }
  } // namespace

  void
  PdeParticleComparison::write_csv(const std::string &directory) const
  {
    const std::filesystem::path dir(directory);
    std::string                 differences_header;
    for (const std::string &name : quantity_names)
      differences_header += ",d_" + name;
    std::vector<std::vector<double>> table;
    for (const ComparisonRow &r : rows)
      {
        table.push_back({double(r.n_particles),
                         double(r.replica),
                         r.time,
                         r.distance,
                         r.sampling_floor,
                         r.distance_spread,
                         r.floor_spread,
                         r.distance_sinkhorn_error,
                         r.floor_sinkhorn_error,
                         r.mean_error,
                         r.covariance_error,
                         r.objective_mesh,
                         r.objective_particles});
        table.back().insert(table.back().end(),
                            r.differences.begin(),
                            r.differences.end());
      }
    write_csv_table(dir / "comparison.csv",
                    "N,replica,t,W2,W2_floor,W2_spread,W2_floor_spread,"
                    "W2_sinkhorn_error,W2_floor_sinkhorn_error,mean_error,"
                    "covariance_error,"
                    "V_mesh,V_particles" +
                      differences_header,
                    table);

    // per N at the final time: replica mean and SE (and z for the signed
    // differences)
    std::string header = "N,replicas";
    for (const std::string name :
         {"W2", "W2_floor", "ratio", "mean_error", "covariance_error"})
      header += "," + name + "," + name + "_se";
    for (const std::string &name : quantity_names)
      header += ",d_" + name + ",d_" + name + "_se,d_" + name + "_z";
    table.clear();
    for (const ComparisonLevel &l : final_levels())
      {
        std::vector<double> row = {double(l.n_particles),
                                   double(l.distance.replicas)};
        for (const ReplicaEstimate &e : {l.distance,
                                         l.sampling_floor,
                                         l.ratio,
                                         l.mean_error,
                                         l.covariance_error})
          row.insert(row.end(), {e.mean, e.standard_error});
        for (const ReplicaEstimate &e : l.differences)
          row.insert(row.end(), {e.mean, e.standard_error, e.z()});
        table.push_back(row);
      }
    write_csv_table(dir / "comparison_levels.csv", header, table);

    // the verdict's test: one row per output time t > 0
    const ComparisonTest test = this->test();
    header                    = "t";
    for (const std::string &name : quantity_names)
      for (const std::string column : {"d_",
                                       "se_",
                                       "mesh_error_",
                                       "particle_error_",
                                       "z_",
                                       "z_total_",
                                       "tolerance_"})
        header += "," + column + name;
    table.clear();
    for (std::size_t i = 0; i < test.quantities.size(); ++i)
      {
        const QuantityTest &q = test.quantities[i];
        if (i % quantity_names.size() == 0)
          table.push_back({q.time});
        table.back().insert(table.back().end(),
                            {q.difference.mean,
                             q.difference.standard_error,
                             q.mesh_error,
                             q.particle_error,
                             q.z,
                             q.z_total,
                             q.tolerance});
      }
    write_csv_table(dir / "comparison_test.csv", header, table);

    const unsigned int d = dimension;
    write_csv_table(dir / "mesh_density_final.csv",
                    coordinate_header(d) + ",density",
                    final_mesh_density);
    table.clear();
    for (std::size_t n = 0; n < final_particles.size(); n += d)
      table.emplace_back(final_particles.begin() + n,
                         final_particles.begin() + n + d);
    write_csv_table(dir / "particles_final.csv", coordinate_header(d), table);
  }

  namespace
  {
    /** One W2 of a row with what bounds its error (ComparisonRow). */
    struct MeasuredDistance
    {
      double distance;
      /** grid: the deposit's spread s; else 0. */
      double spread;
      /** grid: the Sinkhorn error estimate; 0 if exact; NaN: unknown. */
      double sinkhorn_error;
    };

    /**
     * W2 between the mesh density @p nu and @p points by the distance
     * @p method: quantile in d = 1 to the continuous density; grid from the
     * deposit of the points to @p grid, the nodal measure of @p nu
     * (model.md §9.9); network-simplex and sinkhorn to the N-sample
     * @p reference of @p nu.
     */
    template <int dim>
    MeasuredDistance
    mesh_to_points_distance(const MeshDiscretisation<dim> &mesh,
                            const dealii::Vector<double>  &nu,
                            const WeightedPoints          &reference,
                            const TensorGridMeasure<dim>  &grid,
                            const WeightedPoints          &points,
                            const std::string             &method,
                            const double                   epsilon)
    {
      if (method == "quantile")
        {
          if constexpr (dim == 1)
            return {mesh_density_wasserstein_1d(mesh, nu, points), 0., 0.};
          throw ParameterError("Comparison/Distance",
                               "quantile is exact in d = 1 only");
        }
      if (method == "grid")
        {
          const CloudGridDeposit<dim> deposit =
            cloud_grid_deposit<dim>(points, grid.axes);
          const GridWasserstein w2 =
            grid_sinkhorn_wasserstein(deposit.measure, grid);
          return {w2.distance, deposit.spread, w2.error_estimate};
        }
      return {cloud_wasserstein(reference, points, method, epsilon),
              0.,
              method == "network-simplex" ?
                0. :
                std::numeric_limits<double>::quiet_NaN()};
    }

    /**
     * The distance "Comparison/Distance" = @p method stands for on @p mesh
     * with at most @p n_max particles: auto is resolved_cloud_distance(),
     * with grid instead of sinkhorn when the mesh is a uniform tensor grid;
     * grid on another mesh is a ParameterError.
     */
    template <int dim>
    std::string
    comparison_distance(const std::string             &method,
                        const MeshDiscretisation<dim> &mesh,
                        const unsigned int             n_max)
    {
      const std::string resolved =
        resolved_cloud_distance(method, dim, std::size_t(n_max) * n_max);
      if (resolved != "grid" && !(method == "auto" && resolved == "sinkhorn"))
        return resolved;
      dealii::Vector<double> uniform(mesh.n_dofs());
      uniform = 1.;
      try
        {
          tensor_grid_measure(mesh, uniform);
          return "grid";
        }
      catch (const std::invalid_argument &e)
        {
          if (method == "auto")
            return resolved;
          throw ParameterError("Comparison/Distance",
                               std::string("grid needs the mesh to be a "
                                           "uniform tensor grid of a box: ") +
                                 e.what());
        }
    }

    /** Wall-clock seconds since @p start. */
    double
    seconds_since(const std::chrono::steady_clock::time_point start)
    {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                           start)
        .count();
    }

    /**
     * The calibration and prediction of ComparisonCost: a few particle
     * steps of the largest N and, if @p n_measured output times measure
     * W2, two samples and one W2 at min(N_max, 1000) on the final density
     * @p nu. @p numbers increasing.
     */
    template <int dim>
    ComparisonCost
    predicted_cost(const MeshDiscretisation<dim>         &mesh,
                   const dealii::Vector<double>          &nu,
                   const McKeanVlasovDrift               &drift,
                   const InitialLaw                      &initial_law,
                   const ParticleSystem::Parameters      &particles,
                   const PdeParticleComparisonParameters &comparison,
                   const std::vector<unsigned int>       &numbers,
                   const std::string                     &method,
                   const double                           final_time,
                   const unsigned int                     n_times,
                   const unsigned int                     n_measured)
    {
      const auto         start = std::chrono::steady_clock::now();
      const unsigned int n_max = numbers.back();
      const double       steps = std::round(final_time / particles.time_step);
      const unsigned int n_calibration = std::min(5., steps);
      ComparisonCost     cost;
      if (n_calibration > 0)
        {
          ParticleSystem::Parameters run = particles;
          run.n_particles                = n_max;
          ParticleSystem system(run, drift, initial_law, MPI_COMM_SELF);
          const auto     stepping = std::chrono::steady_clock::now();
          advance_to(system, n_calibration * particles.time_step);
          cost.step_seconds = seconds_since(stepping) / n_calibration;
          if (particles.integrator == "blob")
            {
              run.blob_width = std::sqrt(2.) * particles.blob_width;
              ParticleSystem companion(run, drift, initial_law, MPI_COMM_SELF);
              const auto stepping_companion = std::chrono::steady_clock::now();
              advance_to(companion, n_calibration * particles.time_step);
              cost.companion_step_seconds =
                seconds_since(stepping_companion) / n_calibration;
            }
        }
      // W2 is timed at N_W = min(N_max, 1000): one Sinkhorn divergence at
      // N = 10^4 in d = 2 already takes some 20 minutes; grid is O(N) but
      // for its Sinkhorn on the grid, timed alone
      const bool         grid = method == "grid";
      const unsigned int n_w2 = grid ? n_max : std::min(n_max, 1000u);
      if (n_measured > 0)
        {
          const auto           measuring = std::chrono::steady_clock::now();
          const WeightedPoints a =
            sample_mesh_density(mesh, nu, n_w2, particles.seed);
          const WeightedPoints b =
            sample_mesh_density(mesh, nu, n_w2, particles.seed + 1);
          TensorGridMeasure<dim> nodal;
          if (grid)
            {
              nodal = tensor_grid_measure(mesh, nu);
              // the deposit of the second sample, timed with the samples
              cloud_grid_deposit<dim>(b, nodal.axes);
            }
          const auto timing_w2 = std::chrono::steady_clock::now();
          mesh_to_points_distance(
            mesh, nu, a, nodal, b, method, comparison.sinkhorn_epsilon);
          if (grid)
            cost.grid_seconds = seconds_since(timing_w2);
          // a row draws two samples for two W2: twice this bounds it
          cost.distance_seconds = seconds_since(measuring);
        }
      const double p = method == "quantile" || grid ? 1. : 2.;
      for (const unsigned int n : numbers)
        {
          const double share = double(n) / n_max;
          cost.particle_seconds +=
            comparison.replicas * (steps + n_times) *
            (cost.step_seconds + cost.companion_step_seconds) * share;
          cost.distances_seconds +=
            comparison.replicas * 2. * n_measured *
            ((cost.distance_seconds - cost.grid_seconds) *
               std::pow(double(n) / n_w2, p) +
             cost.grid_seconds);
        }
      cost.calibration_seconds = seconds_since(start);
      return cost;
    }
  } // namespace


  template <int dim>
  PdeParticleComparison
  compare_mesh_and_particles(const Model                           &model,
                             const InitialLaw                      &initial_law,
                             const MeshFlowParameters              &flow,
                             const ParticleSystem::Parameters      &particles,
                             const PdeParticleComparisonParameters &comparison,
                             const ComparisonProgress              &progress)
  {
    if (comparison.particle_numbers.empty())
      throw ParameterError("Comparison/Particle numbers", "is empty");
    if (comparison.replicas < 2)
      throw ParameterError("Comparison/Replicas",
                           "must be at least 2: a standard error needs two");
    flow.discretisation.require_piecewise_linear_law(
      "the mesh-particle comparison");
    require_coarser_mesh(flow, "the comparison");
    std::vector<unsigned int> numbers = comparison.particle_numbers;
    std::sort(numbers.begin(), numbers.end());

    const auto meshing = std::chrono::steady_clock::now();
    // the mesh density meets the particles node by node: one rank
    FokkerPlanckSolver<dim> solver(model, flow, MPI_COMM_SELF);
    solver.set_initial_density(initial_law);
    const std::string distance = comparison_distance(comparison.distance,
                                                     solver.discretisation(),
                                                     numbers.back());
    std::vector<dealii::Vector<double>> densities;
    solver.add_observer(
      [&](const FlowRecord &record, const dealii::Vector<double> &nu) {
        densities.push_back(
          non_negative_density(solver.discretisation(), nu, flow, record.time));
      });
    solver.run();
    const std::vector<FlowRecord> &records = solver.records();
    const MeshDiscretisation<dim> &mesh    = solver.discretisation();

    // the mesh's own error: Richardson in h and in dt
    const std::vector<std::vector<double>> mesh_errors =
      mesh_error_estimate<dim>(
        model, initial_law, flow, records, "the comparison")
        .total();
    const double mesh_seconds = seconds_since(meshing);

    PdeParticleComparison result;
    result.dimension      = dim;
    result.quantity_names = moment_output_names(dim);
    result.refinements    = flow.mesh.global_refinements;
    result.significance   = comparison.significance;
    result.resolution     = comparison.resolution;
    result.mesh_errors    = mesh_errors;
    for (const FlowRecord &fine : records)
      {
        result.times.push_back(fine.time);
        result.mesh_quantities.push_back(
          moment_outputs(fine.mean, fine.covariance, fine.objective));
      }
    result.distance     = distance;
    result.distances_at = comparison.distances_at;
    for (unsigned int i = 0; i < mesh.n_dofs(); ++i)
      {
        std::vector<double> row(mesh.support_points()[i].begin_raw(),
                                mesh.support_points()[i].end_raw());
        row.push_back(densities.back()[i]);
        result.final_mesh_density.push_back(row);
      }

    const McKeanVlasovDrift drift(model);
    const double            nan     = std::numeric_limits<double>::quiet_NaN();
    const std::size_t       n_times = records.size();
    const std::string      &at      = comparison.distances_at;
    result.cost                     = predicted_cost(mesh,
                                 densities.back(),
                                 drift,
                                 initial_law,
                                 particles,
                                 comparison,
                                 numbers,
                                 result.distance,
                                 records.back().time,
                                 n_times,
                                 at == "all"   ? n_times :
                                                     at == "final" ? 1 :
                                                                     0);
    result.cost.mesh_seconds        = mesh_seconds;
    if (progress.estimated)
      progress.estimated(result.cost);
    // blob particles: each replica's moment outputs are extrapolated in the
    // width (q_eps + e_eps, docs/model.md §11.5); the replica mean of the
    // applied e_eps is reported
    const bool blob = particles.integrator == "blob";
    for (const unsigned int n_particles : numbers)
      {
        const std::size_t                finished_rows = result.rows.size();
        std::vector<double>              pooled_clouds;
        std::vector<std::vector<double>> particle_error_sum(
          n_times, std::vector<double>(result.quantity_names.size(), 0.));
        for (unsigned int r = 0; r < comparison.replicas; ++r)
          {
            ParticleSystem::Parameters run = particles;
            run.n_particles                = n_particles;
            run.seed                       = particles.seed + r;
            ParticleSystem system(run, drift, initial_law, MPI_COMM_SELF);
            for (unsigned int k = 0; k < n_times; ++k)
              {
                // a stop, asked before every particle step and after every
                // output time, keeps the finished N only
                if (!advance_to(system, records[k].time, progress.stop))
                  {
                    result.rows.resize(finished_rows);
                    return result;
                  }
                const WeightedPoints cloud(
                  dim, system.particles().gathered_coordinates());
                ComparisonRow row;
                row.n_particles             = n_particles;
                row.replica                 = r;
                row.time                    = records[k].time;
                row.distance                = nan;
                row.sampling_floor          = nan;
                row.distance_spread         = nan;
                row.floor_spread            = nan;
                row.distance_sinkhorn_error = nan;
                row.floor_sinkhorn_error    = nan;
                if (at == "all" || (at == "final" && k + 1 == n_times))
                  {
                    const unsigned int   n_replicas = comparison.replicas;
                    const bool           grid       = distance == "grid";
                    const WeightedPoints sample =
                      sample_mesh_density(mesh,
                                          densities[k],
                                          n_particles,
                                          particles.seed + n_replicas + r);
                    // grid compares with the nodal measure, the others in
                    // d >= 2 with a reference sample
                    const WeightedPoints reference =
                      grid ? sample :
                             sample_mesh_density(mesh,
                                                 densities[k],
                                                 n_particles,
                                                 particles.seed +
                                                   2 * n_replicas + r);
                    const TensorGridMeasure<dim> nodal =
                      grid ? tensor_grid_measure(mesh, densities[k]) :
                             TensorGridMeasure<dim>();
                    const auto measure = [&](const WeightedPoints &points) {
                      return mesh_to_points_distance(
                        mesh,
                        densities[k],
                        reference,
                        nodal,
                        points,
                        distance,
                        comparison.sinkhorn_epsilon);
                    };
                    const MeasuredDistance w2    = measure(cloud);
                    const MeasuredDistance floor = measure(sample);
                    row.distance                 = w2.distance;
                    row.sampling_floor           = floor.distance;
                    row.distance_spread          = w2.spread;
                    row.floor_spread             = floor.spread;
                    row.distance_sinkhorn_error  = w2.sinkhorn_error;
                    row.floor_sinkhorn_error     = floor.sinkhorn_error;
                  }
                dealii::Vector<double> mean_difference =
                  system.particles().mean();
                mean_difference -= records[k].mean;
                row.mean_error = mean_difference.l2_norm();
                dealii::FullMatrix<double> covariance_difference =
                  system.particles().covariance();
                covariance_difference.add(-1., records[k].covariance);
                row.covariance_error = covariance_difference.frobenius_norm();
                row.objective_mesh   = records[k].objective;
                row.objective_particles =
                  drift.policy_gradient(system.particles())
                    .evaluation()
                    .objective();
                row.differences =
                  moment_outputs(system.particles().mean(),
                                 system.particles().covariance(),
                                 row.objective_particles);
                for (unsigned int i = 0; i < row.differences.size(); ++i)
                  row.differences[i] -= result.mesh_quantities[k][i];
                result.rows.push_back(row);
                if (k + 1 == n_times)
                  pooled_clouds.insert(pooled_clouds.end(),
                                       cloud.coordinates().begin(),
                                       cloud.coordinates().end());
                if (progress.stop && progress.stop())
                  {
                    result.rows.resize(finished_rows);
                    return result;
                  }
              }
            if (blob)
              {
                // this replica's outputs at eps, from its rows
                std::vector<double>              times;
                std::vector<std::vector<double>> at_eps;
                for (unsigned int k = 0; k < n_times; ++k)
                  {
                    times.push_back(records[k].time);
                    at_eps.push_back(
                      result.rows[result.rows.size() - n_times + k]
                        .differences);
                    for (unsigned int i = 0; i < at_eps[k].size(); ++i)
                      at_eps[k][i] += result.mesh_quantities[k][i];
                  }
                const auto errors = blob_width_error_estimate(
                  drift, initial_law, run, times, at_eps, progress.stop);
                if (!errors)
                  {
                    result.rows.resize(finished_rows);
                    return result;
                  }
                for (unsigned int k = 0; k < n_times; ++k)
                  for (unsigned int i = 0; i < (*errors)[k].size(); ++i)
                    {
                      result.rows[result.rows.size() - n_times + k]
                        .differences[i] += (*errors)[k][i];
                      particle_error_sum[k][i] +=
                        (*errors)[k][i] / comparison.replicas;
                    }
              }
          }
        if (blob)
          result.particle_errors = particle_error_sum;
        result.final_particles = pooled_clouds;
        if (progress.finished_n)
          progress.finished_n(result);
      }
    return result;
  }

  template PdeParticleComparison
  compare_mesh_and_particles<1>(const Model &,
                                const InitialLaw &,
                                const MeshFlowParameters &,
                                const ParticleSystem::Parameters &,
                                const PdeParticleComparisonParameters &,
                                const ComparisonProgress &);
  template PdeParticleComparison
  compare_mesh_and_particles<2>(const Model &,
                                const InitialLaw &,
                                const MeshFlowParameters &,
                                const ParticleSystem::Parameters &,
                                const PdeParticleComparisonParameters &,
                                const ComparisonProgress &);
  template PdeParticleComparison
  compare_mesh_and_particles<3>(const Model &,
                                const InitialLaw &,
                                const MeshFlowParameters &,
                                const ParticleSystem::Parameters &,
                                const PdeParticleComparisonParameters &,
                                const ComparisonProgress &);
} // namespace mfpg
