#ifndef mfpg_model_gaussian_law_h
#define mfpg_model_gaussian_law_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include <string>
#include <vector>

namespace mfpg
{
  /**
   * A Gaussian law N(m, S) on R^d: the initial law nu_0 of model.md §7 and
   * the state of its exact solution.
   */
  struct GaussianLaw
  {
    dealii::Vector<double>     mean;
    dealii::FullMatrix<double> covariance;

    struct Parameters
    {
      std::vector<double> mean{0.};
      std::vector<double> covariance{1.};

      /** Declare "Mean", "Covariance" in the current subsection. */
      void
      add_parameters(dealii::ParameterHandler &prm);
    };

    /** From parameters, in dimension @p d; @p section names them in errors. */
    static GaussianLaw
    from_parameters(const Parameters  &parameters,
                    const unsigned int d,
                    const std::string &section);
  };
} // namespace mfpg

#endif
