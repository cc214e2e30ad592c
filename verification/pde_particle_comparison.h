#ifndef mfpg_verification_pde_particle_comparison_h
#define mfpg_verification_pde_particle_comparison_h

#include <deal.II/base/parameter_handler.h>

#include "model/initial_law.h"
#include "model/model.h"
#include "particles/particle_system.h"
#include "solver/fokker_planck_solver.h"

#include <string>
#include <vector>

namespace mfpg
{
  /** The entries of subsection "Comparison" of `mfpg compare`. */
  struct PdeParticleComparisonParameters
  {
    std::vector<unsigned int> particle_numbers = {256, 1024, 4096};
    unsigned int              replicas         = 4;
    std::string               distance         = "auto";
    double                    sinkhorn_epsilon = 1e-2;

    void
    add_parameters(dealii::ParameterHandler &prm);
  };

  /** One particle run (N, replica) against the mesh at one output time. */
  struct ComparisonRow
  {
    unsigned int n_particles;
    unsigned int replica;
    double       time;
    /** W2(nu_t^mesh, nu_t^N). */
    double distance;
    /** W2(nu_t^mesh, an independent N-sample of nu_t^mesh): the floor. */
    double sampling_floor;
    /** |m^N - m^mesh|. */
    double mean_error;
    /** ||S^N - S^mesh||_F. */
    double covariance_error;
    double objective_mesh;
    double objective_particles;
  };

  /** Replica averages at the final time for one N. */
  struct ComparisonLevel
  {
    unsigned int n_particles;
    double       distance;
    double       sampling_floor;
    double       mean_error;
    double       covariance_error;
    double       objective_error;
  };

  /**
   * Experiment (c) of the verification (model.md §6): the mesh solution
   * nu_t^mesh against particle clouds nu_t^N of growing N, each N run with
   * several seeds (replicas), at the mesh's output times. Besides
   * W2(nu^mesh, nu^N) and the moment and objective differences, each row
   * holds the empirical-measure floor measured directly: W2 between
   * nu^mesh and an independent N-sample of nu^mesh (sample_mesh_density),
   * i.e. what a particle cloud following the mesh solution exactly would
   * show. The distance is read against it: W2 / floor ~ 1 means the
   * solvers agree to sampling error, a ratio growing with N exposes a bias
   * (mesh size h, time steps dt and eta, O(1/N) propagation of chaos).
   *
   * Distances ("Comparison/Distance"): quantile — exact in d = 1 between
   * the continuous Q1 density and the points (mesh_density_wasserstein_1d);
   * in d >= 2 the mesh density enters as an N-sample of itself (a
   * reference sample, its own seed), so that no atom floor of the nodes
   * (~ h sqrt(d / 12), see mesh_density_points) hides the comparison, and
   * W2 between the reference and the cloud is network-simplex (exact OT,
   * N^2 pairs) or sinkhorn (the Sinkhorn divergence); auto — quantile in
   * d = 1, network-simplex while N^2 <= 10^6, sinkhorn beyond. With a
   * reference sample the floor is the distance between two independent
   * N-samples of nu^mesh, about sqrt 2 times the one-sample floor.
   */
  struct PdeParticleComparison
  {
    std::vector<ComparisonRow> rows;
    /** The distance used, as resolved from "auto". */
    std::string distance;
    /** The mesh density at the final time: theta_1..theta_d, nu per node. */
    std::vector<std::vector<double>> final_mesh_density;
    /** The largest N's first replica at the final time, point after point. */
    std::vector<double> final_particles;

    /** Replica averages at the final time, in increasing N. */
    std::vector<ComparisonLevel>
    final_levels() const;

    /**
     * The least-squares slope of ln(value) over ln N of final_levels() for
     * the member @p value (e.g. &ComparisonLevel::distance): the observed
     * rate in N (-1/2 for a sampling error in d = 1).
     */
    double
    rate_in_n(double ComparisonLevel::*value) const;

    /** One line: distance against the floor, and the fitted rates. */
    std::string
    verdict() const;

    /**
     * comparison.csv (every row), comparison_levels.csv (final_levels()),
     * mesh_density_final.csv and particles_final.csv into @p directory,
     * each through a .partial file renamed when complete.
     */
    void
    write_csv(const std::string &directory) const;
  };

  /**
   * Run the mesh flow of @p flow once and the particle system of
   * @p particles (its number of particles and seed replaced by each N of
   * @p comparison and seed + replica) to the same output times, and compare
   * (see PdeParticleComparison). The output times must be multiples of the
   * particle time step eta (ParameterError naming "Particles/Time step"
   * otherwise). Replica r's floor sample has the seed seed + replicas + r
   * and its reference sample seed + 2 replicas + r, distinct from every
   * particle seed. The mesh density must be Q1 (checked before the run)
   * and stay non-negative up to the linear solve's accuracy (checked at
   * each output time, non_negative_density): ParameterErrors otherwise.
   */
  template <int dim>
  PdeParticleComparison
  compare_mesh_and_particles(const Model                           &model,
                             const InitialLaw                      &initial_law,
                             const MeshFlowParameters              &flow,
                             const ParticleSystem::Parameters      &particles,
                             const PdeParticleComparisonParameters &comparison);
} // namespace mfpg

#endif
