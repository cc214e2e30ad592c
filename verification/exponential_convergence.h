#ifndef mfpg_verification_exponential_convergence_h
#define mfpg_verification_exponential_convergence_h

#include "model/initial_law.h"
#include "model/model.h"
#include "particles/particle_system.h"
#include "solver/fokker_planck_solver.h"
#include "solver/gibbs_fixed_point.h"
#include "verification/theorem_verdict.h"

#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * Experiment (a) of the verification of model.md §6: the exponential
   * convergence W2(nu_t, nu*) <= e^{-beta t} W2(nu_0, nu*) of the mesh
   * flow, for any feature, in d = 1, 2, 3 (model.md §10). nu* is the Gibbs
   * fixed point on the same mesh (GibbsFixedPoint, independent of time
   * stepping). W2 at the output times is the exact 1-D distance between
   * the two piecewise-linear mesh densities in d = 1
   * (mesh_density_wasserstein_1d, error estimate 0), and the debiased
   * Sinkhorn divergence on the tensor grid extrapolated to eps -> 0 in
   * d = 2, 3 (grid_sinkhorn_wasserstein, with its error estimate). The
   * observed rate is the least-squares slope of -ln W2(nu_t, nu*) over the
   * output times in [fit_start, T] at which W2 is above 1e-9 (below, the
   * fixed-point and linear-solver tolerances dominate) and above three
   * times its error estimate. Beside W2, the relative entropies
   * KL(nu_t | nu*) (computed as KL(nu_t | Gamma(nu*)), equal to it up to
   * the fixed point's residual) and KL(nu_t | Gamma(nu_t)), both by the
   * nodal quadrature.
   *
   * With particles (d = 1 only), the same for the particle system:
   * W2(nu_t^N, nu*) exactly between the cloud and the continuous Q1 density
   * nu* (mesh_density_wasserstein_1d), read against the empirical-measure
   * floor W2(nu*, N-sample of nu*), below which no decay can be seen; the
   * particle rate is fitted on the output times in [fit_start, T] at which
   * W2 exceeds three times that floor.
   *
   * With a perturbation eps > 0, the linearised rate at nu*: the mesh flow
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
    /** KL(nu_t | nu*) at the output times. */
    std::vector<double> relative_entropies;
    /** KL(nu_t | Gamma(nu_t)) at the output times. */
    std::vector<double> gibbs_relative_entropies;
    /**
     * e^{-beta t} (W2(nu_0, nu*) + its error estimate) for the beta of the
     * hypothesis's reading (TheoremHypothesis::beta(): over R^d if the
     * theorem applies, else on the box).
     */
    std::vector<double> bound;
    double              observed_rate;
    /**
     * The decay rate of a small perturbation of nu* (NaN: not measured):
     * the slowest decay of the flow linearised at nu* that the
     * perturbation excites (linearised_rate()).
     */
    double linearised_rate = std::numeric_limits<double>::quiet_NaN();
    /** The start of the window [fit_start, T] of the fit. */
    double            fit_start = 0.;
    TheoremHypothesis hypothesis;
    /** The Gibbs fixed point's residual max |nu - Gamma(nu)| / max Gamma. */
    double fixed_point_residual;
    /** The iterations the Gibbs fixed point took. */
    unsigned int fixed_point_iterations;
    /** W2(nu_t^N, nu*) at the output times (empty without particles). */
    std::vector<double> particle_distances;
    /** W2(nu*, an N-sample of nu*): the floor of particle_distances. */
    double particle_floor = 0.;
    /** The fitted rate of particle_distances (NaN: too few points). */
    double particle_rate = 0.;

    /**
     * The largest (W2(nu_t, nu*) - its error estimate) / bound(t) over the
     * output times: above 1 only if W2 exceeds the bound by more than its
     * error estimate.
     */
    double
    worst_bound_ratio() const;

    /**
     * One line: the reading of the theorem (TheoremHypothesis::verdict),
     * the rates (the linearised one when measured), and, when the theorem
     * applies, whether they agree with it:
     * consistent when the observed rate is >= beta and
     * W2(nu_t, nu*) <= (1 + 1e-6) e^{-beta t} W2(nu_0, nu*) at every
     * output time.
     */
    std::string
    verdict() const;

    /**
     * t, W2(nu_t, nu*), its error estimate, e^{-beta t} W2(nu_0, nu*),
     * KL(nu_t | nu*), KL(nu_t | Gamma(nu_t)), and with particles
     * W2(nu_t^N, nu*) and the floor.
     */
    void
    write_csv(const std::string &filename) const;
  };

  /**
   * Run the experiment in d = dim = the feature's number of parameters, for
   * the given hypothesis (the betas of model.md §6.4 on the box and over
   * R^d), with the particle system of @p particles when it is given
   * (d = 1 only; its time step must divide the output interval), and the
   * linearised rate when @p perturbation (eps) is positive. Checked
   * before the run, each a ParameterError: the feature's dimension is dim,
   * the mesh density is Q1, in d = 2, 3 the mesh is a uniform tensor grid
   * (tensor_grid_measure()), and particles are asked for only in d = 1.
   * The density must stay non-negative up to the linear solve's accuracy
   * (checked at each output time, non_negative_density).
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
    const std::optional<ParticleSystem::Parameters> &particles    = {},
    const double                                     perturbation = 0.);
} // namespace mfpg

#endif
