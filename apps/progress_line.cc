#include "apps/progress_line.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace mfpg
{
  ProgressLine::ProgressLine(const double end_time)
    : end_time(end_time)
    , enabled(isatty(STDERR_FILENO) == 1 &&
              std::getenv("MFPG_NO_PROGRESS") == nullptr && end_time > 0.)
    , shown(false)
    , start(std::chrono::steady_clock::now())
    // the first update shows at once, later ones at most every 250 ms
    , last(start - std::chrono::milliseconds(250))
  {
  }

  ProgressLine::~ProgressLine()
  {
    clear();
  }

  void
  ProgressLine::clear()
  {
    if (shown)
      std::fprintf(stderr, "\r\033[K");
    shown = false;
  }

  void
  ProgressLine::update(const double t)
  {
    if (!enabled)
      return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::milliseconds(250))
      return;
    last                 = now;
    const double elapsed = std::chrono::duration<double>(now - start).count();
    const double done    = t / end_time;
    std::fprintf(stderr,
                 "\r\033[K[%3.0f%%] t = %.4g of %.4g, %.0f s left",
                 100. * done,
                 t,
                 end_time,
                 done > 0. ? elapsed * (1. - done) / done : 0.);
    std::fflush(stderr);
    shown = true;
  }
} // namespace mfpg
