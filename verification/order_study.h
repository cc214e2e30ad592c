#ifndef mfpg_verification_order_study_h
#define mfpg_verification_order_study_h

#include <deal.II/base/convergence_table.h>
#include <deal.II/base/parameter_handler.h>

#include "model/gaussian_law.h"
#include "model/model.h"
#include "particles/particle_system.h"
#include "solver/fokker_planck_solver.h"

#include <string>
#include <vector>

namespace mfpg
{
  /** The parameters of mesh_order_study() (subsection "Study"). */
  struct OrderStudyParameters
  {
    std::string  variable  = "h";
    unsigned int min_level = 4;
    unsigned int max_level = 7;
    unsigned int replicas  = 8;

    void
    add_parameters(dealii::ParameterHandler &prm);
  };

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

    void
    add_level(unsigned int               level,
              const std::vector<double> &coordinates,
              double                     resolution,
              const std::vector<double> &errors);

    unsigned int
    n_levels() const;

    /** The observed order of error @p error between levels i - 1 and i. */
    double
    observed_order(unsigned int error, unsigned int i) const;

    /**
     * The order the verdict reads for error @p error: the finest pair's, or
     * the least-squares slope over all levels (ExpectedOrder).
     */
    double
    verdict_order(unsigned int error) const;

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
     * order_<error> (NaN on the first level) and expected_order.
     */
    void
    write_csv(const std::string &file) const;

    /** The tolerance of the verdict on an observed order. */
    static constexpr double tolerance = 0.25;

  private:
    struct Level
    {
      unsigned int        level;
      std::vector<double> coordinates;
      double              resolution;
      std::vector<double> errors;
    };

    std::string              variable;
    std::vector<Coordinate>  coordinates;
    std::string              resolution_name;
    std::vector<std::string> error_names;
    ExpectedOrder            expected;
    std::string              rate_reference;
    unsigned int             rate_dimension;
    std::vector<Level>       levels;
  };

  /**
   * An observed-order study of the mesh flow as a run mode (ExaDG style):
   * the flow of the parameter file is run at levels min..max of one
   * variable and the errors at the end time go into a OrderStudy:
   *
   *  - "h": level l is 'Global refinements' = l; the errors are against
   *    the exact Gaussian solution of model.md §7 (linear feature, Gaussian
   *    initial law): L2 error of nu, mean, covariance (max entry), V;
   *  - "degree": level l = 1, 2 is the element degree on the file's mesh
   *    (the galerkin scheme), errors as for "h", the rate measured against
   *    dofs^{1/d} (the order an h-refinement would need for the same gain);
   *  - "dt": level l is the file's time step / 2^l on the file's mesh; the
   *    errors are against the same mesh run with time step / 2^{max + 3}
   *    (so that the spatial error cancels): nodal-quadrature L2 difference
   *    of nu, mean, V.
   *
   * Expected orders: degree + 1 in h (L2 of a Q_p solution and its
   * moments); at least Q1's 2 per dofs^{1/d} in degree; 1 (implicit Euler)
   * or 2 (BDF2) in dt.
   */
  template <int dim>
  OrderStudy
  mesh_order_study(const Model                &model,
                   const GaussianLaw          &initial_law,
                   const MeshFlowParameters   &flow,
                   const OrderStudyParameters &study);

  /**
   * The same for the particle system of @p particles, to the end time
   * @p end_time (a linear feature and a Gaussian initial law):
   *
   *  - "N": level l has N = (Particles/Number of particles) 4^l; the errors
   *    at T against the exact Gaussian (model.md §7), averaged over
   *    "Replicas" seeds: max |mean error|, max |covariance entry error|,
   *    |V error|. The rate is measured against the column N: 0.5 for the
   *    statistical error O(N^{-1/2}), as long as it dominates the bias of
   *    the time step.
   *  - "eta": level l has eta = (Particles/Time step) / 2^l on the same
   *    Brownian paths (BrownianIncrements with 2^{max + 3 - l} substeps),
   *    the errors against the run with eta / 2^{max + 3} on those paths:
   *    the sampling error cancels and the weak order of the integrator
   *    shows (1 for Euler–Maruyama and for the Lie splitting), as log2
   *    of the error ratios.
   *
   * Expected orders: 0.5 in N (fitted over all levels: one pair of
   * replica averages is noisy), 1 in eta.
   */
  OrderStudy
  particle_order_study(const Model                      &model,
                       const GaussianLaw                &initial_law,
                       const ParticleSystem::Parameters &particles,
                       const double                      end_time,
                       const OrderStudyParameters       &study);
} // namespace mfpg

#endif
