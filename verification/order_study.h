#ifndef mfpg_verification_order_study_h
#define mfpg_verification_order_study_h

#include <deal.II/base/convergence_table.h>
#include <deal.II/base/parameter_handler.h>

#include "model/initial_law.h"
#include "model/model.h"
#include "particles/particle_system.h"
#include "solver/fokker_planck_solver.h"
#include "verification/replica_statistics.h"
#include "verification/self_convergence.h"

#include <string>
#include <vector>

namespace mfpg
{
  /** The parameters of mesh_order_study() (subsection "Study"). */
  struct OrderStudyParameters
  {
    std::string variable = "h";
    /** auto, exact, self or mesh (study_reference()). */
    std::string  reference = "auto";
    unsigned int min_level = 4;
    unsigned int max_level = 7;
    unsigned int replicas  = 8;

    void
    add_parameters(dealii::ParameterHandler &prm);
  };

  /**
   * Whether the exact Gaussian solution of docs/model.md §7 exists for
   * @p model from @p initial_law: the entropy, a linear feature and a
   * Gaussian law.
   */
  bool
  has_exact_gaussian(const Model &model, const InitialLaw &initial_law);

  /**
   * Whether the exact Barenblatt flow of docs/model.md §11.3 exists: the
   * Tsallis regulariser, a linear feature and a barenblatt initial law (the
   * potential's isotropy is checked by BarenblattFlow).
   */
  bool
  has_exact_barenblatt(const Model &model, const InitialLaw &initial_law);

  /** What the errors of a study are measured against. */
  enum class StudyReference
  {
    /** The exact Gaussian solution of docs/model.md §7. */
    exact,
    /** The Richardson limit of self-convergence (SelfConvergence). */
    self,
    /**
     * The mesh solution on the file's mesh, with its own error estimated
     * (mesh_error_estimate): an N study's independent solver.
     */
    mesh
  };

  /**
   * The reference of a study of @p model from @p initial_law
   * (Study/Reference): as asked, or for auto the exact Gaussian where it
   * exists (a linear feature and a Gaussian initial law) in h and N, else
   * self-convergence in h and degree, and the mesh solution in N (d <= 3);
   * dt and eta always self-converge (the exact Gaussian would add the
   * spatial or the sampling error), N never self-converges (a statistical
   * error has no Richardson limit). A request the model or the variable
   * cannot meet throws a ParameterError naming its cause.
   */
  StudyReference
  study_reference(const Model                &model,
                  const InitialLaw           &initial_law,
                  const OrderStudyParameters &study);

  /**
   * The outcome of an observed-order study (experiment (d) of model.md §6):
   * one row of numbers per level, the observed order of each error between
   * consecutive levels, ln(e_{l-1} / e_l) / ln(r_{l-1} / r_l) for the
   * study's resolution r (h, dt, eta, 1/N or dofs^{-1/d}), and the order
   * the discretisation should show. Shown as a deal.II ConvergenceTable
   * (text and LaTeX; its rates are the same orders), written as a CSV with
   * the orders, and read in a one-line verdict.
   */
  class OrderStudy
  {
  public:
    /** A column that describes a level: its name, and whether a count. */
    struct Coordinate
    {
      std::string name;
      bool        count;
    };

    /** The order the verdict expects, and why. */
    struct ExpectedOrder
    {
      double      order;
      std::string reason;
      /** An order above it is as good (the degree study: Q2 beats Q1). */
      bool at_least;
      /**
       * Read the least-squares order over all levels instead of the finest
       * pair's (a statistical error: one pair is too noisy).
       */
      bool fit_all_levels;
      /**
       * The errors decay geometrically in the level (the element degree,
       * docs/model.md §10.3): each pair shows the ratio e_l / e_{l-1}
       * instead of an order, and the verdict wants the finest pair's ratio
       * at most @p order.
       */
      bool geometric = false;
      /**
       * Where the errors have different design orders, one per error (the
       * spectral elements in h: 3 for L2(nu), 4 at the nodes and for the
       * moments); empty: @p order for every error.
       */
      std::vector<double> per_error = {};
    };

    /**
     * A study in @p variable, described per level by @p coordinates, its
     * orders measured against @p resolution_name. The ConvergenceTable
     * computes the same orders from the column @p rate_reference (in
     * dimension @p rate_dimension), or from log2 of the error ratios when
     * it is empty (the resolution halves per level).
     */
    OrderStudy(std::string              variable,
               std::vector<Coordinate>  coordinates,
               std::string              resolution_name,
               std::vector<std::string> error_names,
               ExpectedOrder            expected,
               std::string              rate_reference = "",
               unsigned int             rate_dimension = 1);

    /**
     * A level with its @p errors; where each error is a replica mean
     * (docs/model.md §6.6 (c)), @p standard_errors holds their standard
     * errors and @p replicas their number (empty and 1 otherwise).
     */
    void
    add_level(unsigned int               level,
              const std::vector<double> &coordinates,
              double                     resolution,
              const std::vector<double> &errors,
              const std::vector<double> &standard_errors = {},
              unsigned int               replicas        = 1);

    unsigned int
    n_levels() const;

    /** The order the verdict expects of the first error. */
    double
    expected_order() const;

    /** The order the verdict expects of error @p error. */
    double
    expected_order(unsigned int error) const;

    /** Whether the errors decay geometrically (ExpectedOrder::geometric). */
    bool
    geometric() const;

    /** Error number @p error at level number @p i. */
    double
    error(unsigned int error, unsigned int i) const;

    /**
     * The standard error of error @p error at level number @p i over the
     * replicas (NaN for a single run).
     */
    double
    standard_error(unsigned int error, unsigned int i) const;

    /**
     * The observed order of error @p error between levels i - 1 and i, or
     * for a geometric study their ratio e_i / e_{i-1}.
     */
    double
    observed_order(unsigned int error, unsigned int i) const;

    /**
     * The order the verdict reads for error @p error: the finest pair's, or
     * the least-squares slope over all levels (ExpectedOrder).
     */
    double
    verdict_order(unsigned int error) const;

    /**
     * The least-squares slope of ln e over ln r over all levels for error
     * @p error, with its standard error: weighted_slope() of
     * replica_statistics.h, each ln e weighted by 1 / sd^2 with
     * sd = SE / e (the delta method) when the errors are replica means
     * with two or more replicas; unweighted with a NaN standard error
     * otherwise.
     */
    FittedSlope
    fitted_order(unsigned int error) const;

    /** The replicas behind each error of a level (1: a single run). */
    unsigned int
    replicas() const;

    /** The names of the errors. */
    const std::vector<std::string> &
    errors() const;

    /** Whether every error shows the expected order within tolerance. */
    bool
    orders_as_expected() const;

    /**
     * One line: the observed orders against the expected one, and whether
     * they match it (within +-0.25), exceed it, or fall short.
     */
    std::string
    verdict() const;

    dealii::ConvergenceTable
    table() const;

    /**
     * The CSV: level, the coordinates, resolution_<name>, the errors,
     * order_<error> (NaN on the first level) and expected_order (ratio_
     * and expected_ratio in a geometric study); for errors
     * that are replica means also replicas, <error>_se, and the fitted
     * order over all levels fitted_order_<error> with its
     * fitted_order_<error>_se (the same on every row).
     */
    void
    write_csv(const std::string &file) const;

    /**
     * What the errors are measured against (one phrase, e.g. "the exact
     * Gaussian (docs/model.md §7)").
     */
    void
    set_reference(const std::string &description);

    const std::string &
    reference() const;

    /**
     * The Richardson limits of the study's scalar outputs (self-convergence,
     * also beside an exact reference as its cross-check).
     */
    void
    set_limits(const std::vector<SelfConvergence::Limit> &limits);

    const std::vector<SelfConvergence::Limit> &
    limits() const;

    /**
     * One line per limit: its self-convergence order, value +- uncertainty
     * and, where known, the exact value and whether it lies within the
     * uncertainty.
     */
    std::string
    limits_report() const;

    /**
     * One line on the limits that have exact values: whether all lie within
     * their uncertainty of it (empty without exact values).
     */
    std::string
    cross_check() const;

    /**
     * The CSV of the limits, one row: order_<name> (ratio_<name> in a
     * geometric study), limit_<name>, uncertainty_<name> and exact_<name>
     * (NaN if none) of each output.
     */
    void
    write_limits_csv(const std::string &file) const;

    /** The tolerance of the verdict on an observed order. */
    static constexpr double tolerance = 0.25;

  private:
    struct Level
    {
      unsigned int        level;
      std::vector<double> coordinates;
      double              resolution;
      std::vector<double> errors;
      /** Empty, or the errors' standard errors over the replicas. */
      std::vector<double> standard_errors;
    };

    /** verdict() of a geometric study: the finest ratios against a bound. */
    std::string
    geometric_verdict() const;

    /** "ratio" for a geometric study, else "order" (the CSV columns). */
    std::string
    rate_name() const;

    std::string                         variable;
    std::vector<Coordinate>             coordinates;
    std::string                         resolution_name;
    std::vector<std::string>            error_names;
    ExpectedOrder                       expected;
    std::string                         rate_reference;
    unsigned int                        rate_dimension;
    std::vector<Level>                  levels;
    unsigned int                        n_replicas = 1;
    std::string                         reference_description;
    std::vector<SelfConvergence::Limit> richardson_limits;
  };

  /**
   * An observed-order study of the mesh flow as a run mode (ExaDG style):
   * the flow of the parameter file is run at levels min..max of one
   * variable and the errors at the end time go into a OrderStudy, against
   * the exact Gaussian or by self-convergence (study_reference()):
   *
   *  - "h": level l is 'Global refinements' = l; against the exact Gaussian
   *    solution of model.md §7: L2 error of nu, mean, covariance (max
   *    entry), V; by self-convergence: mean, covariance and V against their
   *    Richardson limits, and the L2 error of nu against the Richardson
   *    limit of the levels' densities interpolated onto the finest mesh
   *    (the levels refine one box: the interpolation is exact). Where
   *    the exact Gaussian exists the limits are compared with it (the
   *    cross-check), whichever the reference;
   *  - "degree": level l = 1 ... 4 is the element degree on the file's
   *    mesh (the galerkin scheme), errors against the exact Gaussian as
   *    for "h" or by self-convergence in the degree (three degrees or
   *    more): the limits are Aitken's Delta^2 (ErrorDecay::geometric), the
   *    densities of all degrees meet in the highest degree's space on the
   *    same mesh (exactly: Q_p lies in Q_{p+1}); the errors decay
   *    geometrically, so each pair shows its ratio e_l / e_{l-1};
   *  - "dt": level l is the file's time step / 2^l on the file's mesh (the
   *    spatial error is common to all levels); nodal-quadrature L2 error
   *    of nu, mean, covariance and V against their Richardson limits.
   *
   * Expected orders: degree + 1 in h (L2 of a Q_p solution and its
   * moments); a ratio per degree of at most 1/2 (a mesh that resolves
   * the density, docs/model.md §10.3); 1 (implicit Euler)
   * or 2 (BDF2) in dt. @p initial_law needs a density (Gaussian for the
   * exact reference).
   */
  template <int dim>
  OrderStudy
  mesh_order_study(const Model                &model,
                   const InitialLaw           &initial_law,
                   const MeshFlowParameters   &flow,
                   const OrderStudyParameters &study);

  /**
   * The same for the particle system of @p particles, to the end time of
   * @p flow:
   *
   *  - "N": level l has N = (Particles/Number of particles) 4^l; the errors
   *    at T, as replica means ± SE over "Replicas" seeds
   *    (replica_estimate()): max |mean error|, max |covariance entry
   *    error|, |V error|, against the exact Gaussian (model.md §7; a
   *    linear feature and a Gaussian initial law) or the mesh solution
   *    of @p flow (d <= 3, any feature; study_reference()), whose own
   *    error is estimated by Richardson against one level coarser and
   *    another time step (mesh_error_estimate) and reported in the reference's
   * description and as the limits (value q_h + estimate, uncertainty
   * |estimate|, cross-checked against the exact Gaussian where it exists); the
   *    fitted order with its standard error (OrderStudy::fitted_order).
   *    The rate is measured against the column N: 0.5 for the
   *    statistical error O(N^{-1/2}), as long as it dominates the bias of
   *    the time step and the reference's own error.
   *  - "eta": level l has eta = (Particles/Time step) / 2^l on the same
   *    Brownian paths (BrownianIncrements with 2^{max - l} substeps), the
   *    errors of mean, covariance and V against their Richardson limits:
   *    the sampling error is common to all levels and the weak order of
   *    the integrator shows (1 for Euler–Maruyama and for the Lie
   *    splitting).
   *
   * Expected orders: 0.5 in N (fitted over all levels: one pair of
   * replica averages is noisy), 1 in eta.
   */
  OrderStudy
  particle_order_study(const Model                      &model,
                       const InitialLaw                 &initial_law,
                       const ParticleSystem::Parameters &particles,
                       const MeshFlowParameters         &flow,
                       const OrderStudyParameters       &study);
} // namespace mfpg

#endif
