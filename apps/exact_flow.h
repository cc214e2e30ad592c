#ifndef mfpg_apps_exact_flow_h
#define mfpg_apps_exact_flow_h

#include <deal.II/base/parameter_handler.h>

#include "apps/output_directory.h"
#include "apps/run_summary.h"

#include "model/initial_law.h"
#include "model/model.h"

#include <ostream>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * `mfpg exact FILE`: the exact solution for the model of FILE (linear
   * feature, quadratic U): with the entropy the Gaussian flow of model.md
   * §7 (a Gaussian initial law; mean and covariance), with the Tsallis
   * regulariser the Barenblatt flow of §11.3 (a barenblatt initial law of
   * the same exponent, K = kappa I; mean, radius R and variance). The
   * stationary law, and at each output time those, V, J and W2(nu_t, nu*)
   * (for tsallis also W2 to the entropy's Gaussian flow from the Gaussian
   * of the profile's mean and covariance, the m -> 1 check of §11.3),
   * printed as a table and optionally written to CSV.
   */
  namespace exact_flow
  {
    struct Parameters
    {
      Model::Parameters      model;
      InitialLaw::Parameters initial_law;
      double                 end_time       = 2.;
      unsigned int           n_output_times = 10;
      std::string            output_file;

      /** Every entry the subcommand reads, bound to the members. */
      void
      add_parameters(dealii::ParameterHandler &prm);

      /** Where the run writes (SubcommandInput checks it before the run). */
      OutputPlace
      output_place() const;
    };

    /** Run on @p parameter_file, printing to @p out. */
    void
    run(const std::string              &parameter_file,
        const std::vector<std::string> &overrides,
        std::ostream                   &out,
        RunSummary                     &summary);
  } // namespace exact_flow
} // namespace mfpg

#endif
