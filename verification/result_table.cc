#include "verification/result_table.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace mfpg
{
  void
  write_csv_table(const std::string                      &file,
                  const std::string                      &header,
                  const std::vector<std::vector<double>> &rows)
  {
    const std::string partial = file + ".partial";
    {
      std::ofstream out(partial);
      out << std::setprecision(16) << header << "\n";
      for (const std::vector<double> &row : rows)
        for (unsigned int c = 0; c < row.size(); ++c)
          out << row[c] << (c + 1 < row.size() ? "," : "\n");
      if (!out)
        throw std::runtime_error("cannot write " + partial);
    }
    std::filesystem::rename(partial, file);
  }

  std::string
  LeastSquaresSlope::text(const std::string &band_source) const
  {
    // the value to the second significant digit of its larger uncertainty
    // (at least 3 digits, at most 10)
    const double uncertainty =
      std::max(std::isnan(standard_error) ? 0. : standard_error, error_band);
    int digits = 3;
    if (uncertainty > 0. && value != 0.)
      digits = std::clamp(2 + int(std::floor(std::log10(std::abs(value)))) -
                            int(std::floor(std::log10(uncertainty))),
                          3,
                          10);
    std::ostringstream out;
    out << std::setprecision(digits) << value << std::setprecision(3) << " ± ";
    if (std::isnan(standard_error))
      out << "? (fit: 2 points)";
    else
      out << standard_error << " (fit)";
    out << " ± " << error_band << " (" << band_source << ")";
    return out.str();
  }

  LeastSquaresSlope
  least_squares_fit(const std::vector<double> &x,
                    const std::vector<double> &y,
                    const std::vector<double> &y_errors)
  {
    const std::size_t n = x.size();
    if (y.size() != n || !(y_errors.empty() || y_errors.size() == n))
      throw std::invalid_argument(
        "least_squares_fit: x, y (and the errors of y) must have equal lengths");
    LeastSquaresSlope fit;
    if (n < 2)
      return fit;
    const double x_mean = std::accumulate(x.begin(), x.end(), 0.) / n;
    const double y_mean = std::accumulate(y.begin(), y.end(), 0.) / n;
    double       sxx = 0., sxy = 0.;
    for (std::size_t i = 0; i < n; ++i)
      {
        sxx += (x[i] - x_mean) * (x[i] - x_mean);
        sxy += (x[i] - x_mean) * (y[i] - y_mean);
      }
    fit.value = sxy / sxx;
    for (std::size_t i = 0; i < n && !y_errors.empty(); ++i)
      fit.error_band += std::abs(x[i] - x_mean) / sxx * y_errors[i];
    if (n > 2)
      {
        double residuals = 0.;
        for (std::size_t i = 0; i < n; ++i)
          {
            const double r = y[i] - y_mean - fit.value * (x[i] - x_mean);
            residuals += r * r;
          }
        fit.standard_error = std::sqrt(residuals / ((n - 2) * sxx));
      }
    return fit;
  }

  double
  least_squares_slope(const std::vector<double> &x,
                      const std::vector<double> &y)
  {
    return least_squares_fit(x, y).value;
  }
} // namespace mfpg
