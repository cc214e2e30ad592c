#ifndef mfpg_verification_exponential_convergence_h
#define mfpg_verification_exponential_convergence_h

#include "model/initial_law.h"
#include "model/model.h"
#include "particles/particle_system.h"
#include "solver/fokker_planck_solver.h"
#include "solver/gibbs_fixed_point.h"
#include "verification/result_table.h"
#include "verification/theorem_verdict.h"
#include "verification/weighted_points.h"

#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * Experiment (a) of the verification of model.md §6: the exponential
   * convergence W2(nu_t, nu*) <= e^{-beta t} W2(nu_0, nu*) of the mesh
   * flow, for any feature, in d = 1, 2, 3 (model.md §6.6). nu* is the Gibbs
   * fixed point on the same mesh (GibbsFixedPoint, independent of time
   * stepping). W2 at the output times is the exact 1-D distance between
   * the two piecewise-linear mesh densities in d = 1
   * (mesh_density_wasserstein_1d, error estimate 0), and the debiased
   * Sinkhorn divergence on the tensor grid extrapolated to eps -> 0 in
   * d = 2, 3 (grid_sinkhorn_wasserstein, with its error estimate). The
   * observed rate is the least-squares slope of -ln W2(nu_t, nu*) over the
   * output times in [fit_start, T] at which W2 is above 1e-9 (below, the
   * fixed-point and linear-solver tolerances dominate) and above three
   * times its error estimate, with its fit's standard error and the band
   * of the error estimates (decay_rate()). Beside W2, the relative entropies
   * KL(nu_t | nu*) (computed as KL(nu_t | Gamma(nu*)), equal to it up to
   * the fixed point's residual) and KL(nu_t | Gamma(nu_t)), both by the
   * nodal quadrature; with Regulariser = tsallis (model.md §11.2: nu* the
   * stationary profile, beta again a sufficient rate) neither, nor the
   * particles' KL estimator: the stationary laws are not Gibbs laws.
   *
   * With particles, the same for the particle system: W2(nu_t^N, nu*)
   * read against the empirical-measure floor, below which no decay can be
   * seen (model.md §6.5), the particle rate fitted on the output times in
   * [fit_start, T] at which W2 exceeds three times that floor, and
   * KL(nu_t^N | Gamma(nu_t^N)) by the particle estimator (model.md §10.2).
   * Here nu* is the mesh's Gibbs fixed point: in d = 1 the distance is
   * exact between the cloud and the continuous piecewise-linear nu*
   * (mesh_density_wasserstein_1d) and the floor is W2(nu*, an N-sample of
   * nu*); in d = 2, 3 nu* enters as an N-sample of itself and the distance
   * is that of two clouds (model.md §9.7), the floor W2 between two
   * independent N-samples of nu*. Or, without a mesh (any d, see
   * particle_exponential_convergence()), nu* is the cloud of a long
   * particle run.
   *
   * With a perturbation eps > 0 and the entropy, the linearised rate at
   * nu* (for tsallis none: the mixture below spreads mass beyond the free
   * boundary of nu*, which is no small perturbation): the mesh flow
   * from (1 - eps) nu* + eps nu_0 (a density for any eps in (0, 1]), whose
   * difference to nu* is eps (nu_0 - nu*) + O(eps^2) and decays like the
   * flow linearised at nu* up to O(eps); the rate is fitted as above on
   * the relative L2 distance ||nu_t - nu*|| / ||nu*|| (any norm decays at
   * the same rate; the L2 norm needs no Sinkhorn at distances near its
   * floor), at the output times in [fit_start, T] at which it exceeds 100
   * times the fixed point's residual.
   */
  struct ExponentialConvergence
  {
    std::vector<double> times;
    std::vector<double> distances;
    /** The error estimate of each distance (0 in d = 1: exact). */
    std::vector<double> distance_errors;
    /** KL(nu_t | nu*) at the output times (empty for tsallis). */
    std::vector<double> relative_entropies;
    /** KL(nu_t | Gamma(nu_t)) at the output times (empty for tsallis). */
    std::vector<double> gibbs_relative_entropies;
    /**
     * e^{-beta t} (W2(nu_0, nu*) + its error estimate) for the beta of the
     * hypothesis's reading (TheoremHypothesis::beta(): over R^d if the
     * theorem applies, else on the box).
     */
    std::vector<double> bound;
    /**
     * The observed rate with its fit's standard error and the band of the
     * W2 error estimates (LeastSquaresSlope, model.md §6.6 (a)).
     */
    LeastSquaresSlope observed_rate;
    /**
     * The decay rate of a small perturbation of nu* (NaN: not measured):
     * the slowest decay of the flow linearised at nu* that the
     * perturbation excites (linearised_rate()); its band is that of an
     * error of the fixed point's residual in each distance.
     */
    LeastSquaresSlope linearised_rate;
    /** The start of the window [fit_start, T] of the fit. */
    double            fit_start = 0.;
    TheoremHypothesis hypothesis;
    /** The Gibbs fixed point's residual max |nu - Gamma(nu)| / max Gamma. */
    double fixed_point_residual;
    /** The iterations the Gibbs fixed point took. */
    unsigned int fixed_point_iterations;
    /** Where nu* comes from, one line (printed and in summary.json). */
    std::string reference;
    /** How W2(nu_t^N, nu*) is computed, one line (empty without particles). */
    std::string particle_distance;
    /** W2(nu_t^N, nu*) at the output times (empty without particles). */
    std::vector<double> particle_distances;
    /**
     * The floor of particle_distances: what a cloud of N points that
     * follows nu* shows (model.md §6.5, §6.6; how it is measured: see
     * exponential_convergence() and particle_exponential_convergence()).
     */
    double particle_floor = 0.;
    /**
     * KL(nu_t^N | Gamma(nu_t^N)) at the output times by the particle
     * estimator of model.md §10.2 (gibbs_relative_entropy(); it falls to a
     * floor set by N, not to 0); empty without particles, in d > 3 (no
     * estimator) and for sigma = 0.
     */
    std::vector<double> particle_gibbs_relative_entropies;
    /**
     * The fitted rate of particle_distances (NaN: too few points); its
     * band is that of an error of particle_floor in each distance.
     */
    LeastSquaresSlope particle_rate;

    /**
     * Whether the mesh flow was run (distances, their error estimates, the
     * relative entropies and the observed rate are then filled); without
     * it (particle_exponential_convergence()) the particle distances are
     * what is read against the bound.
     */
    bool
    has_mesh() const;

    /**
     * The largest (W2(nu_t, nu*) - its error estimate) / bound(t) over the
     * output times: above 1 only if W2 exceeds the bound by more than its
     * error estimate. Without a mesh the same for W2(nu_t^N, nu*) with the
     * error estimate 3 x particle_floor.
     */
    double
    worst_bound_ratio() const;

    /**
     * The largest rate that @p rate r ± s (fit) ± b allows: r + 2 s + b
     * (s read as 0 when NaN, with two points; b is a bound on the change
     * the error estimates can make, so it is added unscaled). The theorem
     * bounds the rate from below (rate >= beta), so only this value below
     * beta is a violation.
     */
    static double
    largest_allowed_rate(const LeastSquaresSlope &rate);

    /** The rule of verdict(), one line (printed under it). */
    static std::string
    verdict_rule();

    /**
     * One line: the reading of the theorem (TheoremHypothesis::verdict),
     * the rates with their uncertainties (the linearised one when
     * measured), and, when the theorem applies, whether they agree with
     * it (verdict_rule()): consistent when largest_allowed_rate() of the
     * observed rate is >= beta and worst_bound_ratio() <= 1 + 1e-6.
     * Without a mesh the particle rate and distances take the place of
     * the mesh's.
     */
    std::string
    verdict() const;

    /**
     * t, and with the mesh W2(nu_t, nu*), its error estimate, the bound,
     * KL(nu_t | nu*), KL(nu_t | Gamma(nu_t)); with particles W2(nu_t^N,
     * nu*), the floor and (d <= 3) KL(nu_t^N | Gamma(nu_t^N)); without a
     * mesh the bound after them.
     */
    void
    write_csv(const std::string &filename) const;
  };

  /**
   * The decay rate of @p distances over @p times (model.md §6.6 (a)): minus
   * the LeastSquaresSlope of ln(distance) over the times in [t_min, T] at which
   * the distance exceeds @p threshold and three times its error estimate
   * in @p errors (one per time); NaN with fewer than two such times. The
   * band is that of the errors: a true distance within e of the computed
   * W moves ln W by at most -ln(1 - e / W) (= e / W + O((e / W)^2); e / W <
   * 1/3 at the fitted times), so the band bounds the change of the rate
   * exactly, not only to first order.
   */
  LeastSquaresSlope
  decay_rate(const std::vector<double> &times,
             const std::vector<double> &distances,
             const double               t_min,
             const double               threshold,
             const std::vector<double> &errors);

  /**
   * Run the experiment in d = dim = the feature's number of parameters, for
   * the given hypothesis (the betas of model.md §6.4 on the box and over
   * R^d), with the particle system of @p particles when it is given (its
   * time step must divide the output times; in d = 2, 3 the distance is
   * network simplex while N^2 <= 10^6, else the Sinkhorn divergence at
   * eps = @p sinkhorn_epsilon), and the linearised rate when
   * @p perturbation (eps) is positive. Seeds: the particles use
   * Particles/Seed s, the floor's sample of nu* s + 1, the reference sample
   * of nu* (d = 2, 3) s + 2. Checked before the run, each a
   * ParameterError: the feature's dimension is dim, the mesh density is
   * Q1 or Q2 (read as its sub-cell law, model.md §8.1), in d = 2, 3 the
   * mesh is a uniform tensor grid
   * (tensor_grid_measure()). The density must stay non-negative up to the
   * linear solve's accuracy (checked at each output time,
   * non_negative_density).
   */
  template <int dim>
  ExponentialConvergence
  exponential_convergence(
    const Model                                     &model,
    const InitialLaw                                &initial_law,
    const MeshFlowParameters                        &flow,
    const GibbsFixedPointParameters                 &stationary,
    const TheoremHypothesis                         &hypothesis,
    const double                                     fit_start,
    const std::optional<ParticleSystem::Parameters> &particles        = {},
    const double                                     perturbation     = 0.,
    const double                                     sinkhorn_epsilon = 1e-2);

  /** nu* of particle_exponential_convergence(): a long particle run. */
  struct ParticleReference
  {
    /** N_ref, the particles of the reference run. */
    unsigned int n_particles = 10000;
    /** T_ref, its end time (at least the experiment's end time). */
    double end_time = 40.;
  };

  /**
   * The empirical measure of the particle system of @p particles (one
   * rank) at @p end_time, a multiple of its time step.
   */
  WeightedPoints
  particle_law_at(const Model                      &model,
                  const InitialLaw                 &initial_law,
                  const ParticleSystem::Parameters &particles,
                  const double                      end_time);

  /**
   * The output times of particle_exponential_convergence(): 0, Delta,
   * 2 Delta, ... below @p end_time, and @p end_time (those of the mesh
   * flow, FokkerPlanckSolver::run()), Delta = @p interval. Checked first,
   * each a ParameterError naming the entry: T_ref = @p reference.end_time
   * >= @p end_time and a multiple of the time step, Delta > 0, and each
   * output time a multiple of the time step ("Particles/Time step").
   */
  std::vector<double>
  particle_output_times(const ParticleSystem::Parameters &particles,
                        const ParticleReference          &reference,
                        const double                      end_time,
                        const double                      interval);

  /**
   * The particle part of exponential_convergence() without a mesh, in any
   * d (model.md §6.6 (a)): nu* is the cloud of @p reference.n_particles
   * particles at t = @p reference.end_time >= @p end_time (seed s + 1, the
   * time step and integrator of @p particles); W2(nu_t^N, nu*) at the
   * output times 0, Delta, 2 Delta, ..., @p end_time (Delta =
   * @p output_interval) between the clouds (resolved_cloud_distance():
   * exact 1-D in d = 1, network simplex while N N_ref <= 10^6, else
   * Sinkhorn at eps = @p sinkhorn_epsilon); the floor is W2(nu*, the cloud
   * of an independent run of N particles to T_ref) (seed s + 2), the level
   * at which W2(nu_t^N, nu*) settles when the flow has converged; the rate
   * is fitted above 3 x the floor on [fit_start, end_time] and read against
   * e^{-beta t} (W2(nu_0^N, nu*) + 3 floor) as the bound. Checked before the
   * runs by particle_output_times(). Throws std::runtime_error if fewer
   * than two output times are above 3 floors.
   */
  ExponentialConvergence
  particle_exponential_convergence(const Model      &model,
                                   const InitialLaw &initial_law,
                                   const ParticleSystem::Parameters &particles,
                                   const ParticleReference          &reference,
                                   const TheoremHypothesis          &hypothesis,
                                   const double                      end_time,
                                   const double output_interval,
                                   const double fit_start,
                                   const double sinkhorn_epsilon = 1e-2);
} // namespace mfpg

#endif
