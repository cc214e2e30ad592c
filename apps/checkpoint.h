#ifndef mfpg_apps_checkpoint_h
#define mfpg_apps_checkpoint_h

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * SIGINT and SIGTERM as a request to stop: while a StopSignals is alive
   * these signals only set a flag, which the run reads where it can stop
   * cleanly (Checkpoint, `mfpg compare` between particle runs); the
   * destructor restores the previous handlers. One at a time.
   */
  class StopSignals
  {
  public:
    StopSignals();

    ~StopSignals();

    StopSignals(const StopSignals &) = delete;
    StopSignals &
    operator=(const StopSignals &) = delete;

    /** SIGINT or SIGTERM has arrived on this process since construction. */
    bool
    received() const;
  };

  /**
   * Checkpoints of a long run, and its restart. A checkpoint is one file,
   * OUTPUT/checkpoint.cbor (CBOR, the binary form of JSON: doubles stored
   * exactly), holding the subcommand, every parameter used and the solver's
   * state at the start of a step; it is written through a .partial file and
   * renamed, so a checkpoint on disk is always complete. It is written
   *  - every "Checkpoint/Interval" steps and at the end time (Interval > 0),
   *  - and on SIGINT or SIGTERM: while a Checkpoint is alive, these signals
   *    only set a flag; at the start of the next step the state is written
   *    and the run stops with a RunInterrupted exception (exit status 3,
   *    "interrupted" in summary.json).
   * With "Checkpoint/Resume" the run starts from the checkpoint instead of
   * the initial law, after checking that it was written by the same
   * subcommand with the same parameters — all but the end time (so a
   * finished run can be continued) and the entries the caller names as
   * free (e.g. the number of threads, which changes no number) — and
   * continues exactly as the uninterrupted run: the same numbers, the CSV
   * rows and .pvd series of the steps before.
   *
   * Needs an output directory; without one, checkpoints are off and the
   * signals keep their usual effect.
   */
  class Checkpoint
  {
  public:
    struct Parameters
    {
      unsigned int interval = 0;
      bool         resume   = false;

      /** Declare the entries of subsection "Checkpoint" of @p prm. */
      void
      add_parameters(dealii::ParameterHandler &prm);
    };

    /**
     * @p free_entries: "Subsection/Entry" paths that may differ between the
     * checkpoint and the resumed run, besides the Checkpoint subsection.
     * Installs the signal handlers (collective for @p communicator's
     * ranks, which agree on the flag).
     */
    Checkpoint(const Parameters               &parameters,
               const std::string              &output_directory,
               const std::string              &subcommand,
               const dealii::ParameterHandler &prm,
               const std::vector<std::string> &free_entries,
               const MPI_Comm                  communicator);

    /** Restores the signals' previous handlers. */
    ~Checkpoint();

    Checkpoint(const Checkpoint &) = delete;
    Checkpoint &
    operator=(const Checkpoint &) = delete;

    /** "Checkpoint/Resume" is set. */
    bool
    resuming() const;

    /**
     * Whether a checkpoint is due at the start of step @p step of
     * @p n_steps: on the interval, at the end, or after a signal
     * (collective: one reduction of the signal flag).
     */
    bool
    due(const std::uint64_t step, const std::uint64_t n_steps) const;

    /** A signal asked the run to stop (as seen by the last due()). */
    bool
    interrupted() const;

    /** Write @p state at time @p t (rank 0 writes). */
    void
    write(const double t, const nlohmann::json &state) const;

    /**
     * The state of the checkpoint file, after checking its subcommand and
     * parameters: a missing or unreadable file, or one of another
     * subcommand or other parameters, throws a ParameterError naming
     * "Checkpoint/Resume" (and the first entries that differ).
     */
    nlohmann::json
    read() const;

    const std::string &
    file() const;

  private:
    Parameters                 parameters;
    std::string                path;
    std::string                subcommand;
    nlohmann::json             used_parameters;
    std::vector<std::string>   free_entries;
    MPI_Comm                   communicator;
    std::optional<StopSignals> signals;
    mutable bool               stop_requested;
  };

  /** A run stopped by a signal after writing its checkpoint. */
  class RunInterrupted : public std::runtime_error
  {
  public:
    RunInterrupted(const double t, const std::string &checkpoint_file);

    /** A run without a checkpoint, stopped as @p what says. */
    explicit RunInterrupted(const std::string &what);
  };
} // namespace mfpg

#endif
