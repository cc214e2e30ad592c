#ifndef mfpg_verification_exponential_convergence_h
#define mfpg_verification_exponential_convergence_h

#include "model/initial_law.h"
#include "model/model.h"
#include "particles/particle_system.h"
#include "solver/fokker_planck_solver.h"
#include "solver/gibbs_fixed_point.h"
#include "verification/theorem_verdict.h"

#include <optional>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * Experiment (a) of the verification of model.md §6: the exponential
   * convergence W2(nu_t, nu*) <= e^{-beta t} W2(nu_0, nu*) of the mesh
   * flow. nu* is the Gibbs fixed point on the same mesh (GibbsFixedPoint,
   * independent of time stepping), W2 the exact 1-D distance between the
   * two piecewise-linear mesh densities (mesh_density_wasserstein_1d), and
   * the observed rate the least-squares slope of
   * -ln W2(nu_t, nu*) over the output times in [fit_start, T] at which W2
   * is above 1e-9 (below, the fixed-point and linear-solver tolerances
   * dominate).
   *
   * With particles, the same for the particle system: W2(nu_t^N, nu*)
   * exactly between the cloud and the continuous Q1 density nu*
   * (mesh_density_wasserstein_1d), read against the empirical-measure
   * floor W2(nu*, N-sample of nu*), below which no decay can be seen; the
   * particle rate is fitted on the output times in [fit_start, T] at which
   * W2 exceeds three times that floor.
   */
  struct ExponentialConvergence
  {
    std::vector<double> times;
    std::vector<double> distances;
    /**
     * e^{-beta t} W2(nu_0, nu*) for the beta of the hypothesis's reading
     * (TheoremHypothesis::beta(): over R^d if the theorem applies, else on
     * the box).
     */
    std::vector<double> bound;
    double              observed_rate;
    TheoremHypothesis   hypothesis;
    /** The Gibbs fixed point's residual max |nu - Gamma(nu)| / max Gamma. */
    double fixed_point_residual;
    /** W2(nu_t^N, nu*) at the output times (empty without particles). */
    std::vector<double> particle_distances;
    /** W2(nu*, an N-sample of nu*): the floor of particle_distances. */
    double particle_floor = 0.;
    /** The fitted rate of particle_distances (NaN: too few points). */
    double particle_rate = 0.;

    /** The largest W2(nu_t, nu*) / bound(t) over the output times. */
    double
    worst_bound_ratio() const;

    /**
     * One line: the reading of the theorem (TheoremHypothesis::verdict),
     * the rates, and, when the theorem applies, whether they agree with it:
     * consistent when the observed rate is >= beta and
     * W2(nu_t, nu*) <= (1 + 1e-6) e^{-beta t} W2(nu_0, nu*) at every
     * output time.
     */
    std::string
    verdict() const;

    /**
     * t, W2(nu_t, nu*), e^{-beta t} W2(nu_0, nu*), and with particles
     * W2(nu_t^N, nu*) and the floor.
     */
    void
    write_csv(const std::string &filename) const;
  };

  /**
   * Run the experiment in d = 1 for the given hypothesis (the betas of
   * model.md §6.4 on the box and over R^d), with the
   * particle system of @p particles when it is given (its time step must
   * divide the output interval). The mesh density must be Q1 (checked
   * before the run) and stay non-negative up to the linear solve's
   * accuracy (checked at each output time, non_negative_density):
   * ParameterErrors otherwise.
   */
  ExponentialConvergence
  exponential_convergence_1d(
    const Model                                     &model,
    const InitialLaw                                &initial_law,
    const MeshFlowParameters                        &flow,
    const GibbsFixedPointParameters                 &stationary,
    const TheoremHypothesis                         &hypothesis,
    const double                                     fit_start,
    const std::optional<ParticleSystem::Parameters> &particles = {});
} // namespace mfpg

#endif
