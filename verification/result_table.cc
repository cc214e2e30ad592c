#include "verification/result_table.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
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

  double
  least_squares_slope(const std::vector<double> &x,
                      const std::vector<double> &y)
  {
    const std::size_t n = x.size();
    if (n < 2)
      return std::numeric_limits<double>::quiet_NaN();
    double sx = 0., sy = 0., sxx = 0., sxy = 0.;
    for (std::size_t i = 0; i < n; ++i)
      {
        sx += x[i];
        sy += y[i];
        sxx += x[i] * x[i];
        sxy += x[i] * y[i];
      }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
  }
} // namespace mfpg
