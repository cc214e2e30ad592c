#include "apps/result_plots.h"

#include <cstdlib>
#include <filesystem>

namespace mfpg
{
  namespace
  {
    bool
    has_matplotlib()
    {
      return std::system("/usr/bin/python3 -c 'import matplotlib' "
                         ">/dev/null 2>&1") == 0;
    }
  } // namespace

  void
  plot_results(const std::string &csv, std::ostream &out)
  {
    const char *off = std::getenv("MFPG_NO_PLOTS");
    if (off != nullptr && std::string(off) == "1")
      return;
    const std::filesystem::path script =
      std::filesystem::path(MFPG_SOURCE_DIR) / "scripts" / "plot_monitors.py";
    if (!std::filesystem::exists(script) || !has_matplotlib())
      {
        out << "no plot: needs /usr/bin/python3 with matplotlib "
               "(python3-matplotlib) and "
            << script.string() << "\n";
        return;
      }
    const std::string command = "/usr/bin/python3 '" + script.string() + "' '" +
                                csv + "' >/dev/null 2>&1";
    const std::string png = csv.substr(0, csv.rfind('.')) + ".png";
    if (std::system(command.c_str()) == 0)
      out << "plot: " << png << "\n";
    else
      out << "no plot: " << script.string() << " failed on " << csv << "\n";
  }
} // namespace mfpg
