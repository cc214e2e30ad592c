#include "verification/pde_particle_comparison.h"

#include "model/parameter_file.h"
#include "particles/mckean_vlasov_drift.h"
#include "solver/non_negative_density.h"
#include "verification/cloud_wasserstein.h"
#include "verification/mesh_density_sample.h"
#include "verification/mesh_density_wasserstein.h"
#include "verification/result_table.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
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
                      "+ 0, 1, ...), averaged.",
                      dealii::Patterns::Integer(1));
    prm.add_parameter("Distance",
                      distance,
                      "How W2 between the mesh density and a cloud is "
                      "computed: quantile (exact, d = 1, continuous density), "
                      "network-simplex (exact OT to an N-sample of the mesh "
                      "density), sinkhorn (Sinkhorn divergence to that "
                      "sample), auto (quantile in d = 1, else network-simplex "
                      "while N^2 <= 10^6, else sinkhorn).",
                      dealii::Patterns::Selection(
                        "auto|quantile|network-simplex|sinkhorn"));
    prm.add_parameter("Sinkhorn epsilon",
                      sinkhorn_epsilon,
                      "Entropic regularisation of the sinkhorn distance, in "
                      "units of squared parameter distance.",
                      dealii::Patterns::Double(0.));
    prm.leave_subsection();
  }

  std::vector<ComparisonLevel>
  PdeParticleComparison::final_levels() const
  {
    double final_time = 0.;
    for (const ComparisonRow &row : rows)
      final_time = std::max(final_time, row.time);
    std::map<unsigned int, std::pair<ComparisonLevel, unsigned int>> sums;
    for (const ComparisonRow &row : rows)
      if (row.time == final_time)
        {
          auto &[level, count] = sums[row.n_particles];
          level.n_particles    = row.n_particles;
          level.distance += row.distance;
          level.sampling_floor += row.sampling_floor;
          level.mean_error += row.mean_error;
          level.covariance_error += row.covariance_error;
          level.objective_error +=
            std::abs(row.objective_particles - row.objective_mesh);
          ++count;
        }
    std::vector<ComparisonLevel> levels;
    for (auto &[n, sum] : sums)
      {
        auto &[level, count] = sum;
        for (double *value : {&level.distance,
                              &level.sampling_floor,
                              &level.mean_error,
                              &level.covariance_error,
                              &level.objective_error})
          *value /= count;
        levels.push_back(level);
      }
    return levels;
  }

  double
  PdeParticleComparison::rate_in_n(double ComparisonLevel::*value) const
  {
    std::vector<double> log_n, log_value;
    for (const ComparisonLevel &level : final_levels())
      {
        log_n.push_back(std::log(double(level.n_particles)));
        log_value.push_back(std::log(level.*value));
      }
    return least_squares_slope(log_n, log_value);
  }

  std::string
  PdeParticleComparison::verdict() const
  {
    const std::vector<ComparisonLevel> levels = final_levels();
    const ComparisonLevel             &last   = levels.back();
    const double       ratio = last.distance / last.sampling_floor;
    std::ostringstream out;
    out << std::setprecision(3) << "W2(mesh, particles) = " << last.distance
        << " at N = " << last.n_particles << ", " << ratio
        << " x the sampling floor " << last.sampling_floor;
    if (levels.size() >= 2)
      out << "; rates in N: W2 " << rate_in_n(&ComparisonLevel::distance)
          << " (floor " << rate_in_n(&ComparisonLevel::sampling_floor)
          << "), mean " << rate_in_n(&ComparisonLevel::mean_error)
          << ", covariance " << rate_in_n(&ComparisonLevel::covariance_error)
          << ", V " << rate_in_n(&ComparisonLevel::objective_error);
    out << (ratio <= 1.5 ? ": the mesh solver and the particles agree to "
                           "sampling error" :
                           ": above the floor, a bias (mesh h, time steps, "
                           "finite N) is resolved");
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
    const std::filesystem::path      dir(directory);
    std::vector<std::vector<double>> table;
    for (const ComparisonRow &r : rows)
      table.push_back({double(r.n_particles),
                       double(r.replica),
                       r.time,
                       r.distance,
                       r.sampling_floor,
                       r.mean_error,
                       r.covariance_error,
                       r.objective_mesh,
                       r.objective_particles});
    write_csv_table(
      dir / "comparison.csv",
      "N,replica,t,W2,W2_floor,mean_error,covariance_error,V_mesh,"
      "V_particles",
      table);
    table.clear();
    for (const ComparisonLevel &l : final_levels())
      table.push_back({double(l.n_particles),
                       l.distance,
                       l.sampling_floor,
                       l.mean_error,
                       l.covariance_error,
                       l.objective_error});
    write_csv_table(dir / "comparison_levels.csv",
                    "N,W2,W2_floor,mean_error,covariance_error,V_error",
                    table);
    const unsigned int d = final_mesh_density.front().size() - 1;
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
    /**
     * W2 between the mesh density @p nu, or in d >= 2 the N-sample
     * @p reference of it, and @p points, by the distance @p method.
     */
    template <int dim>
    double
    mesh_to_points_distance(const MeshDiscretisation<dim> &mesh,
                            const dealii::Vector<double>  &nu,
                            const WeightedPoints          &reference,
                            const WeightedPoints          &points,
                            const std::string             &method,
                            const double                   epsilon)
    {
      if (method == "quantile")
        {
          if constexpr (dim == 1)
            return mesh_density_wasserstein_1d(mesh, nu, points);
          throw ParameterError("Comparison/Distance",
                               "quantile is exact in d = 1 only");
        }
      return cloud_wasserstein(reference, points, method, epsilon);
    }
  } // namespace

  template <int dim>
  PdeParticleComparison
  compare_mesh_and_particles(const Model                           &model,
                             const InitialLaw                      &initial_law,
                             const MeshFlowParameters              &flow,
                             const ParticleSystem::Parameters      &particles,
                             const PdeParticleComparisonParameters &comparison)
  {
    if (comparison.particle_numbers.empty())
      throw ParameterError("Comparison/Particle numbers", "is empty");
    flow.discretisation.require_degree_one("the mesh-particle comparison");
    std::vector<unsigned int> numbers = comparison.particle_numbers;
    std::sort(numbers.begin(), numbers.end());

    // the mesh density meets the particles node by node: one rank
    FokkerPlanckSolver<dim> solver(model, flow, MPI_COMM_SELF);
    solver.set_initial_density(initial_law);
    std::vector<dealii::Vector<double>> densities;
    solver.add_observer(
      [&](const FlowRecord &record, const dealii::Vector<double> &nu) {
        densities.push_back(
          non_negative_density(solver.discretisation(), nu, flow, record.time));
      });
    solver.run();
    const std::vector<FlowRecord> &records = solver.records();
    const MeshDiscretisation<dim> &mesh    = solver.discretisation();

    PdeParticleComparison result;
    result.distance =
      resolved_cloud_distance(comparison.distance,
                              dim,
                              std::size_t(numbers.back()) * numbers.back());
    for (unsigned int i = 0; i < mesh.n_dofs(); ++i)
      {
        std::vector<double> row(mesh.support_points()[i].begin_raw(),
                                mesh.support_points()[i].end_raw());
        row.push_back(densities.back()[i]);
        result.final_mesh_density.push_back(row);
      }

    const McKeanVlasovDrift drift(model);
    for (const unsigned int n_particles : numbers)
      for (unsigned int r = 0; r < comparison.replicas; ++r)
        {
          ParticleSystem::Parameters run = particles;
          run.n_particles                = n_particles;
          run.seed                       = particles.seed + r;
          ParticleSystem system(run, drift, initial_law, MPI_COMM_SELF);
          for (unsigned int k = 0; k < records.size(); ++k)
            {
              advance_to(system, records[k].time);
              const WeightedPoints cloud(
                dim, system.particles().gathered_coordinates());
              const unsigned int   n_replicas = comparison.replicas;
              const WeightedPoints sample =
                sample_mesh_density(mesh,
                                    densities[k],
                                    n_particles,
                                    particles.seed + n_replicas + r);
              const WeightedPoints reference =
                sample_mesh_density(mesh,
                                    densities[k],
                                    n_particles,
                                    particles.seed + 2 * n_replicas + r);
              ComparisonRow row;
              row.n_particles = n_particles;
              row.replica     = r;
              row.time        = records[k].time;
              row.distance =
                mesh_to_points_distance(mesh,
                                        densities[k],
                                        reference,
                                        cloud,
                                        result.distance,
                                        comparison.sinkhorn_epsilon);
              row.sampling_floor =
                mesh_to_points_distance(mesh,
                                        densities[k],
                                        reference,
                                        sample,
                                        result.distance,
                                        comparison.sinkhorn_epsilon);
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
              result.rows.push_back(row);
              if (k + 1 == records.size() && r == 0 &&
                  n_particles == numbers.back())
                result.final_particles = cloud.coordinates();
            }
        }
    return result;
  }

  template PdeParticleComparison
  compare_mesh_and_particles<1>(const Model &,
                                const InitialLaw &,
                                const MeshFlowParameters &,
                                const ParticleSystem::Parameters &,
                                const PdeParticleComparisonParameters &);
  template PdeParticleComparison
  compare_mesh_and_particles<2>(const Model &,
                                const InitialLaw &,
                                const MeshFlowParameters &,
                                const ParticleSystem::Parameters &,
                                const PdeParticleComparisonParameters &);
  template PdeParticleComparison
  compare_mesh_and_particles<3>(const Model &,
                                const InitialLaw &,
                                const MeshFlowParameters &,
                                const ParticleSystem::Parameters &,
                                const PdeParticleComparisonParameters &);
} // namespace mfpg
