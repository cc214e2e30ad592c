#ifndef mfpg_verification_barrier_sweep_h
#define mfpg_verification_barrier_sweep_h

#include <deal.II/lac/vector.h>

#include <deal.II/lac/full_matrix.h>

#include "model/gaussian_law.h"
#include "model/model.h"
#include "verification/result_table.h"
#include "verification/supremum_search.h"

#include <string>
#include <vector>

namespace mfpg
{
  /**
   * One barrier strength n of a BarrierSweep (docs/model.md §13.2).
   */
  struct BarrierStrengthResult
  {
    double strength;
    /** V*_n(rho) - V*_inf(rho) by barrier_gap(), without cancellation. */
    double soft_optimal_gap;
    /** D_viol of the soft-optimal policy pi*_n. */
    double optimum_violation;

    /** The flow with the barrier in the reward: nu*_n = N(m*_n, K^-1). */
    dealii::Vector<double> mean;
    /** J_n(nu*_n), the penalised objective the flow increases. */
    double objective;
    /** D_viol, V_0 and P(ever violate) of the policy of nu*_n. */
    double violation;
    double unpenalised_value;
    double ever_violation;
    /** L_n over R^d and beta_n = sigma^2 kappa / 2 - C_2 - L_n. */
    double lipschitz;
    double beta;
    /** The fitted decay rate of W2(nu_t, nu*_n) along the exact flow. */
    LeastSquaresSlope observed_rate;
    /** -max Re of the eigenvalues of the mean drift's Jacobian at m*_n. */
    double linearised_rate;

    /** The flow with the barrier in the reference measure mu_n. */
    dealii::Vector<double> measure_mean;
    /** W2 of its stationary law to the hard constraint's, and the error
     * estimate of that W2 (0 where it is exact). */
    double distance_to_hard;
    double distance_error;
  };

  /**
   * The barrier sweep of docs/model.md §13.2 on a model with MDP/Safety
   * enabled (kl, tau > 0): for each strength n, the soft-optimal gap, and
   * the stationary laws (BarrierStationaryLaws: of the exact Gaussian flow
   * for a linear feature, Gibbs fixed points on a mesh otherwise) with the
   * barrier in the reward and in the reference measure, the theorem's
   * constants and the observed rate; once, the hard constraint's
   * stationary law. Three facts are then read off, each by a rule stated
   * with its verdict:
   *
   *  1. the gap decays like e^{-b n / tau}, b the smallest barrier value
   *     b(z - c) of a violation from the viability kernel (1 for integer
   *     costs with a unit overdraft);
   *  2. with the barrier in the reward the stationary means escape (|m*_n|
   *     grows without bound, J_n(nu*_n) and V_0 fall: no W2 cluster
   *     point), with the barrier in mu_n the stationary laws converge to
   *     the hard constraint's (to within their W2's error estimate);
   *  3. beta_n turns negative while the observed rate stays positive (the
   *     rate condition is sufficient, not necessary).
   */
  struct BarrierSweep
  {
    std::vector<BarrierStrengthResult> points;
    /** The hard constraint's stationary law's mean, and J, V there. */
    dealii::Vector<double> hard_mean;
    double                 hard_objective;
    double                 hard_value;
    /** V*_inf(rho), the hard soft optimum. */
    double hard_soft_optimum;
    /** b / tau, the rate fact 1 predicts, and the fitted rate. */
    double            predicted_gap_rate;
    LeastSquaresSlope gap_rate;

    /** "holds: ..." or "does not hold: ..." for each fact. */
    std::string
    gap_verdict() const;
    std::string
    escape_verdict() const;
    std::string
    rate_verdict() const;

    /** The rules the verdicts apply, one line each. */
    static std::vector<std::string>
    verdict_rules();

    /** One row per strength (barrier_strength, ...), atomically. */
    void
    write_csv(const std::string &file) const;
  };

  /**
   * The stationary laws of a BarrierSweep and the rates of the flows
   * towards them, for one kind of feature: GaussianStationaryLaws (a linear
   * feature: the exact Gaussian flow of §7) or MeshStationaryLaws<dim> (any
   * feature, d <= 3: Gibbs fixed points and flows on a mesh).
   */
  class BarrierStationaryLaws
  {
  public:
    /** A stationary law nu* of a model: its mean, J(nu*), F = ∫ f dnu*. */
    struct Law
    {
      dealii::Vector<double>     mean;
      double                     objective;
      dealii::FullMatrix<double> policy_energy;
    };

    virtual ~BarrierStationaryLaws() = default;

    /**
     * The stationary law of @p model; with @p reference it becomes the law
     * distance_to_reference() measures from.
     */
    virtual Law
    stationary_law(const Model &model, const bool reference) = 0;

    /**
     * W2 from the last stationary_law() to the reference, and its error
     * estimate.
     */
    virtual std::pair<double, double>
    distance_to_reference() const = 0;

    /**
     * L and beta over R^d, and the observed and linearised rates of the
     * flow of @p model, into @p point.
     */
    virtual void
    rates(const Model &model, BarrierStrengthResult &point) const = 0;
  };

  /**
   * BarrierStationaryLaws of a linear feature: GaussianFlow's stationary
   * law N(m*, K^-1) (W2 between two of them exact), L from
   * global_linear_feature_convergence_constants() by @p search, the
   * observed rate the decay_rate() of W2(nu_t, nu*) along the exact flow
   * from @p initial at @p times on [@p fit_start, T] (where W2 > 1e-8), the
   * linearised rate minus the largest real part of the eigenvalues of the
   * mean drift's Jacobian at m*.
   */
  class GaussianStationaryLaws : public BarrierStationaryLaws
  {
  public:
    GaussianStationaryLaws(const GaussianLaw         &initial,
                           const std::vector<double> &times,
                           const double               fit_start,
                           const SupremumSearch      &search);

    Law
    stationary_law(const Model &model, const bool reference) override;

    std::pair<double, double>
    distance_to_reference() const override;

    void
    rates(const Model &model, BarrierStrengthResult &point) const override;

  private:
    GaussianLaw         initial;
    std::vector<double> times;
    double              fit_start;
    SupremumSearch      search;
    GaussianLaw         reference;
    GaussianLaw         last;
  };

  /**
   * Run the sweep of @p parameters (MDP/Safety enabled, kl with tau > 0:
   * a ParameterError naming the parameter otherwise) over @p strengths
   * (positive, increasing), the stationary laws and rates from @p laws.
   */
  BarrierSweep
  barrier_sweep(const Model::Parameters   &parameters,
                const std::vector<double> &strengths,
                BarrierStationaryLaws     &laws);
} // namespace mfpg

#endif
