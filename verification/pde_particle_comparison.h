#ifndef mfpg_verification_pde_particle_comparison_h
#define mfpg_verification_pde_particle_comparison_h

#include <deal.II/base/parameter_handler.h>

#include "model/initial_law.h"
#include "model/model.h"
#include "particles/particle_system.h"
#include "solver/fokker_planck_solver.h"
#include "verification/replica_statistics.h"

#include <functional>
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
    /** When W2 is measured: all (every output time), final, none. */
    std::string distances_at     = "all";
    double      sinkhorn_epsilon = 1e-2;
    /** The family-wise level of the verdict's test. */
    double significance = 0.05;
    /** The relative difference the verdict must be able to detect. */
    double resolution = 0.1;

    void
    add_parameters(dealii::ParameterHandler &prm);
  };

  /** One particle run (N, replica) against the mesh at one output time. */
  struct ComparisonRow
  {
    unsigned int n_particles;
    unsigned int replica;
    double       time;
    /** W2(nu_t^mesh, nu_t^N); NaN where not measured (distances_at). */
    double distance;
    /**
     * W2(nu_t^mesh, an independent N-sample of nu_t^mesh): the floor; NaN
     * where not measured.
     */
    double sampling_floor;
    /**
     * Distance grid: s, the deposit's spread (cloud_grid_deposit()) of the
     * cloud and of the floor's sample, each an upper bound of W2 between
     * the points and their deposit; 0 for the other distances, NaN where
     * not measured.
     */
    double distance_spread;
    double floor_spread;
    /**
     * Distance grid: the grid Sinkhorn's extrapolation error estimate
     * (grid_sinkhorn_wasserstein()) of W2 and of the floor; 0 for the exact
     * quantile and network-simplex, NaN for sinkhorn (not estimated) and
     * where not measured.
     */
    double distance_sinkhorn_error;
    double floor_sinkhorn_error;
    /** |m^N - m^mesh|. */
    double mean_error;
    /** ||S^N - S^mesh||_F. */
    double covariance_error;
    double objective_mesh;
    double objective_particles;
    /**
     * The signed differences q^N - q^mesh of the monitored quantities
     * (PdeParticleComparison::quantity_names: mean components, covariance
     * entries k <= l, V).
     */
    std::vector<double> differences;
  };

  /** Replica means and standard errors for one N at one output time. */
  struct ComparisonLevel
  {
    unsigned int    n_particles;
    double          time;
    ReplicaEstimate distance;
    ReplicaEstimate sampling_floor;
    /** The replicas' W2 / floor. */
    ReplicaEstimate ratio;
    /**
     * The largest over the replicas and over W2 and floor of the deposit's
     * spread s and of the Sinkhorn error estimate (ComparisonRow).
     */
    double          largest_spread;
    double          largest_sinkhorn_error;
    ReplicaEstimate mean_error;
    ReplicaEstimate covariance_error;
    /** The signed differences, as ComparisonRow::differences. */
    std::vector<ReplicaEstimate> differences;
  };

  /** One monitored quantity in the verdict's test (model.md §6.6 (c)). */
  struct QuantityTest
  {
    std::string name;
    double      time;
    /**
     * q^N - q^mesh over the replicas (blob particles: q^N extrapolated in
     * the width, q_eps + e_eps per replica).
     */
    ReplicaEstimate difference;
    /** The mesh's own error estimate (Richardson, signed: q_inf - q_h). */
    double mesh_error;
    /**
     * Blob particles: the replica mean of the width's correction e_eps
     * (signed: q_0 - q_eps, blob_width_error_estimate()) that the
     * difference includes; 0 for Euler-Maruyama and the splitting (their
     * eta bias is not in the test).
     */
    double particle_error;
    /** SE_total = sqrt(SE^2 + mesh_error^2). */
    double total_standard_error;
    /** The difference a test must be able to tell: resolution x scale. */
    double tolerance;
    /** difference / SE. */
    double z;
    /** difference / SE_total. */
    double z_total;
  };

  /**
   * The verdict of experiment (c) as a test (docs/model.md §6.6 (c)): the
   * m = quantities.size() monitored quantities at the largest N, at the
   * two-sided family level alpha with Bonferroni's critical value
   * z* = F^{-1}(1 - alpha/(2m)), F Student's t with replicas - 1 degrees
   * of freedom (bonferroni_t).
   */
  struct ComparisonTest
  {
    unsigned int              n_particles;
    unsigned int              replicas;
    double                    alpha;
    double                    critical_z;
    std::vector<QuantityTest> quantities;
    /** "agree", "disagree" or "inconclusive". */
    std::string outcome;
    /**
     * Disagree: the quantities with |z| > z*; inconclusive: those with
     * z* SE_total above their tolerance.
     */
    std::vector<QuantityTest> named;
    /**
     * Inconclusive: the N at which z* SE_total would reach the tolerance
     * (SE ∝ N^{-1/2}); 0 when the mesh's error estimate alone exceeds
     * tolerance / z*.
     */
    unsigned int deciding_n;
    /**
     * Disagree: whether every named |z_total| <= z* (the difference is
     * within the mesh's error estimate).
     */
    bool within_error_estimates;

    /** The rule, one paragraph, as printed beside the verdict. */
    std::string
    rule() const;
  };

  /**
   * The cost of a comparison in wall-clock seconds, predicted before the
   * particle runs from a short calibration at the largest N_max: a few
   * particle steps (step_seconds, one step of N_max particles; for blob
   * particles also of their companions of width sqrt 2 eps,
   * companion_step_seconds, which run at every N) and, when W2
   * is measured, two N_W-samples of the final mesh density and the W2
   * between them (distance_seconds), N_W = min(N_max, 1000) (N_max for
   * grid, whose cost is O(N)). The prediction assumes a step costs ∝ N (the
   * mean field is one sum over the particles) and is taken once more per
   * output time for the moments and V; a W2 with its samples ∝ N for
   * quantile and grid, ∝ N^2 (the N^2 pairs) for network-simplex and
   * sinkhorn (measured: 12.6 s at N = 1000, 52.9 s at 2000 for sinkhorn in
   * d = 2), except grid's Sinkhorn on the mesh's grid (grid_seconds), which
   * does not depend on N; twice per measured output time (W2 and floor):
   *   particles = sum_N R (steps + outputs) (step_seconds
   *               + companion_step_seconds) N / N_max,
   *   distances = sum_N R 2 n_W2 [(distance_seconds - grid_seconds)
   *               (N / N_W)^p + grid_seconds].
   * Network simplex can grow faster than N^2, and the Sinkhorn iterations
   * to converge may change with N (and, for grid, with the deposit): above
   * N_W, or for other densities than the final one, the W2 part is an
   * extrapolation.
   */
  struct ComparisonCost
  {
    /** Measured: the mesh run and its one-level-coarser companion. */
    double mesh_seconds = 0.;
    /** Measured: one particle step at N_max. */
    double step_seconds = 0.;
    /** Measured, blob particles: one step of the companion (0: none). */
    double companion_step_seconds = 0.;
    /** Measured: two mesh samples and one W2 at N_W (0: none measured). */
    double distance_seconds = 0.;
    /**
     * Measured, grid only: of distance_seconds, the one grid Sinkhorn
     * W2 (independent of N).
     */
    double grid_seconds = 0.;
    /** Predicted: every particle run with its moments and V. */
    double particle_seconds = 0.;
    /** Predicted: every W2 and floor with their samples. */
    double distances_seconds = 0.;
    /** Measured: the calibration itself. */
    double calibration_seconds = 0.;

    /** mesh + calibration + particles + distances. */
    double
    total() const;
  };

  /**
   * Experiment (c) of the verification (model.md §6): the mesh solution
   * nu_t^mesh against particle clouds nu_t^N of growing N, each N run with
   * several seeds (replicas), at the mesh's output times. Besides
   * W2(nu^mesh, nu^N) and the signed moment and objective differences,
   * each row holds the empirical-measure floor measured directly: W2
   * between nu^mesh and an independent N-sample of nu^mesh
   * (sample_mesh_density), i.e. what a particle cloud following the mesh
   * solution exactly would show. Every particle quantity is reported as a
   * replica mean with its standard error (ReplicaEstimate); the mesh is run
   * once more at Global refinements - 1 and once with another time step
   * for its own error estimate in space and time (mesh_error_estimate),
   * and the verdict is the test
   * of ComparisonTest.
   *
   * Distances ("Comparison/Distance"): quantile — exact in d = 1 between
   * the continuous Q1 density and the points (mesh_density_wasserstein_1d);
   * in d >= 2 the mesh density enters as an N-sample of itself (a
   * reference sample, its own seed), so that no atom floor of the nodes
   * (~ h sqrt(d / 12), see mesh_density_points) hides the comparison, and
   * W2 between the reference and the cloud is network-simplex (exact OT,
   * N^2 pairs) or sinkhorn (the Sinkhorn divergence); grid (any d, the
   * mesh a uniform tensor grid) — the cloud, and for the floor the
   * N-sample, deposited on the mesh's nodes (cloud_grid_deposit()) and W2
   * to the mesh's nodal measure by grid_sinkhorn_wasserstein(), cost O(N)
   * plus one grid Sinkhorn independent of N, with |W2_grid - W2(cloud,
   * nu_h)| <= s + e + O(h^2) (model.md §9.9); auto — quantile in d = 1,
   * network-simplex while N^2 <= 10^6, beyond it grid when the mesh is a
   * uniform tensor grid, else sinkhorn. With a reference sample the floor
   * is the distance between two independent N-samples of nu^mesh, about
   * sqrt 2 times the one-sample floor; with grid, both W2 and floor are
   * the same statistic of a cloud, so they are equal in law under the null
   * that the cloud is an N-sample of nu^mesh.
   */
  struct PdeParticleComparison
  {
    std::vector<ComparisonRow> rows;
    /** The distance used, as resolved from "auto". */
    std::string distance;
    /** When W2 was measured: "all", "final" or "none". */
    std::string distances_at;
    /** d, the dimension of parameter space. */
    unsigned int dimension;
    /** mean_1.., covariance_kl (k <= l), V: moment_output_names(d). */
    std::vector<std::string> quantity_names;
    /** The mesh's output times. */
    std::vector<double> times;
    /** The mesh's quantities at each output time (moment_outputs()). */
    std::vector<std::vector<double>> mesh_quantities;
    /** The signed Richardson error estimate of each, at each time. */
    std::vector<std::vector<double>> mesh_errors;
    /**
     * Blob particles: the replica mean of the blob width's signed
     * correction (blob_width_error_estimate()) of each quantity at the
     * largest N, at each time, which the rows' differences include (every
     * N's are extrapolated); empty for the other integrators.
     */
    std::vector<std::vector<double>> particle_errors;
    /** Global refinements of the mesh (its companion has one fewer). */
    unsigned int refinements;
    /** The predicted cost (ComparisonCost), before the particle runs. */
    ComparisonCost cost;
    /** The verdict's parameters. */
    double significance;
    double resolution;
    /** The mesh density at the final time: theta_1..theta_d, nu per node. */
    std::vector<std::vector<double>> final_mesh_density;
    /**
     * The largest finished N's replicas at the final time, pooled (R N
     * points, replica after replica, point after point): a sample of the
     * particles' law at T with R times the points of one cloud.
     */
    std::vector<double> final_particles;

    /** Replica estimates of N = @p n at the output time @p time. */
    ComparisonLevel
    level(unsigned int n, double time) const;

    /** Replica estimates at the final time, in increasing N. */
    std::vector<ComparisonLevel>
    final_levels() const;

    /**
     * The rate in N of the member @p value of final_levels() (e.g.
     * &ComparisonLevel::distance): the weighted least-squares slope of
     * ln(replica mean) over ln N with its standard error (rate_in_n of
     * replica_statistics.h); -1/2 for a sampling error.
     */
    FittedSlope
    rate_in_n(ReplicaEstimate ComparisonLevel::*value) const;

    /** The test of the verdict (model.md §6.6 (c)). */
    ComparisonTest
    test() const;

    /**
     * The verdict: the outcome of test() with the quantities it names and
     * their z-scores, the rates in N with their standard errors.
     */
    std::string
    verdict() const;

    /**
     * comparison.csv (every row), comparison_levels.csv (final_levels():
     * mean, _se, and for the signed differences _z), comparison_test.csv
     * (test(): every quantity at every time), mesh_density_final.csv and
     * particles_final.csv into @p directory, each through a .partial file
     * renamed when complete.
     */
    void
    write_csv(const std::string &directory) const;
  };

  /**
   * What a caller sees of compare_mesh_and_particles() while it runs: each
   * may be empty.
   */
  struct ComparisonProgress
  {
    /** Called once with the predicted cost, before the particle runs. */
    std::function<void(const ComparisonCost &)> estimated;
    /** Called with the result so far each time an N has all its replicas. */
    std::function<void(const PdeParticleComparison &)> finished_n;
    /**
     * Asked before every particle step and after each output time of each
     * particle run: true stops the comparison there (within one step), and
     * it returns the finished N only.
     */
    std::function<bool()> stop;
  };

  /**
   * Run the mesh flow of @p flow once and the particle system of
   * @p particles (its number of particles and seed replaced by each N of
   * @p comparison and seed + replica) to the same output times, and compare
   * (see PdeParticleComparison). The output times must be multiples of the
   * particle time step eta (ParameterError naming "Particles/Time step"
   * otherwise). Replica r's floor sample has the seed seed + replicas + r
   * and its reference sample seed + 2 replicas + r, distinct from every
   * particle seed. The mesh runs a second time at Global refinements - 1
   * (at least 1 needed: ParameterError otherwise) for its error estimate;
   * blob particles run each replica of every N a second time, with width
   * sqrt 2 eps, and the row's moment differences are those of the
   * extrapolated q_eps + e_eps (blob_width_error_estimate()); its W2, mean
   * and covariance errors stay those of the cloud at eps. The
   * mesh density must be Q1 (checked before the run) and stay non-negative up
   * to the linear solve's accuracy (checked at each output time,
   * non_negative_density): ParameterErrors otherwise. W2 and its floor are
   * measured at the output times that "Comparison/Distances at" names (NaN at
   * the others). Distance grid on a mesh that is not a uniform tensor grid
   * throws a ParameterError naming "Comparison/Distance" before the mesh
   * runs. @p progress is told of each finished N and may stop the
   * comparison (then the result holds the finished N only, none if none
   * finished).
   */
  template <int dim>
  PdeParticleComparison
  compare_mesh_and_particles(const Model                           &model,
                             const InitialLaw                      &initial_law,
                             const MeshFlowParameters              &flow,
                             const ParticleSystem::Parameters      &particles,
                             const PdeParticleComparisonParameters &comparison,
                             const ComparisonProgress &progress = {});
} // namespace mfpg

#endif
