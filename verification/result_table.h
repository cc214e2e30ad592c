#ifndef mfpg_verification_result_table_h
#define mfpg_verification_result_table_h

#include <limits>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * Write @p rows of numbers under the CSV @p header to @p file atomically
   * (a .partial file renamed at the end, so that a file under the final name
   * is always complete), with 16 significant digits.
   */
  void
  write_csv_table(const std::string                      &file,
                  const std::string                      &header,
                  const std::vector<std::vector<double>> &rows);

  /**
   * A least-squares slope with its two uncertainties (docs/model.md §6.6
   * (a)): @p value = sum_n c_n y_n with the weights
   * c_n = (x_n - xbar) / sum_m (x_m - xbar)^2; @p standard_error the usual
   * one from the residuals r_n, sqrt(sum r_n^2 / ((n - 2) sum (x - xbar)^2))
   * (NaN with fewer than three points: no degree of freedom left); and
   * @p error_band = sum_n |c_n| delta_n, the largest change of the slope
   * when each y_n moves by at most delta_n (exact: the slope is linear in
   * y).
   */
  struct LeastSquaresSlope
  {
    double value          = std::numeric_limits<double>::quiet_NaN();
    double standard_error = std::numeric_limits<double>::quiet_NaN();
    double error_band     = 0.;

    /**
     * "value ± standard_error (fit) ± error_band (@p band_source)", the
     * value to the second significant digit of the larger uncertainty, the
     * fit's part "(fit: 2 points)" without a standard error.
     */
    std::string
    text(const std::string &band_source) const;
  };

  /**
   * The LeastSquaresSlope of @p y over @p x, with @p y_errors (empty: none) the
   * largest |change| delta_n of each y_n; NaN value with fewer than two
   * points.
   */
  LeastSquaresSlope
  least_squares_fit(const std::vector<double> &x,
                    const std::vector<double> &y,
                    const std::vector<double> &y_errors = {});

  /**
   * The least-squares slope of @p y over @p x (least_squares_fit()); NaN with
   * fewer than two points. The observed rates of the experiments are
   * slopes of it: of ln W2 over t (experiment (a)), of ln error over ln N
   * (experiment (c)), of ln error over ln resolution (the convergence
   * studies).
   */
  double
  least_squares_slope(const std::vector<double> &x,
                      const std::vector<double> &y);
} // namespace mfpg

#endif
