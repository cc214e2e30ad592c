#ifndef mfpg_apps_progress_line_h
#define mfpg_apps_progress_line_h

#include <chrono>

namespace mfpg
{
  /**
   * A progress line for long runs, "[ 37%] t = 1.11 of 3, 12 s left",
   * rewritten in place on standard error at most four times a second, and
   * erased at the end. Shown only when standard error is a terminal (and
   * MFPG_NO_PROGRESS is not set): CI logs and redirected output stay quiet.
   * The time left is extrapolated from the wall time so far.
   */
  class ProgressLine
  {
  public:
    explicit ProgressLine(const double end_time);

    ~ProgressLine();

    /** Simulated time t reached. */
    void
    update(const double t);

    /** Erase the line (before other output to the terminal). */
    void
    clear();

  private:
    double                                end_time;
    bool                                  enabled;
    bool                                  shown;
    std::chrono::steady_clock::time_point start;
    std::chrono::steady_clock::time_point last;
  };
} // namespace mfpg

#endif
