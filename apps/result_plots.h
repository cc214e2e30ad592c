#ifndef mfpg_apps_result_plots_h
#define mfpg_apps_result_plots_h

#include <ostream>
#include <string>

namespace mfpg
{
  /**
   * Make the PNG of a run's CSV (@p csv → the same name with .png) by
   * scripts/plot_monitors.py, when /usr/bin/python3 with matplotlib
   * (Debian's python3-matplotlib) is there; otherwise say why not. Either
   * way one line to @p out; a failing plot is reported, never fatal: the
   * numbers are the result, the picture a convenience. MFPG_NO_PLOTS=1 in
   * the environment switches plotting off.
   */
  void
  plot_results(const std::string &csv, std::ostream &out);
} // namespace mfpg

#endif
