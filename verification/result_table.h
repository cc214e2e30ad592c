#ifndef mfpg_verification_result_table_h
#define mfpg_verification_result_table_h

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
   * The least-squares slope of @p y over @p x; NaN with fewer than two
   * points. The observed rates of the experiments are slopes of it: of
   * ln W2 over t (experiment (a)), of ln error over ln N (experiment (c)),
   * of ln error over ln resolution (the convergence studies).
   */
  double
  least_squares_slope(const std::vector<double> &x,
                      const std::vector<double> &y);
} // namespace mfpg

#endif
