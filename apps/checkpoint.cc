#include "apps/checkpoint.h"

#include "model/parameter_file.h"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

namespace mfpg
{
  namespace
  {
    volatile std::sig_atomic_t signal_received = 0;

    extern "C" void
    remember_signal(int)
    {
      signal_received = 1;
    }

    using Handler                      = void (*)(int);
    Handler previous_interrupt_handler = SIG_DFL;
    Handler previous_terminate_handler = SIG_DFL;

    /** The parameters as JSON, without the Checkpoint subsection. */
    nlohmann::json
    parameters_as_json(const dealii::ParameterHandler &prm)
    {
      std::ostringstream json;
      prm.print_parameters(json, dealii::ParameterHandler::ShortJSON);
      nlohmann::json parameters = nlohmann::json::parse(json.str());
      parameters.erase("Checkpoint");
      return parameters;
    }

  } // namespace

  StopSignals::StopSignals()
  {
    signal_received            = 0;
    previous_interrupt_handler = std::signal(SIGINT, remember_signal);
    previous_terminate_handler = std::signal(SIGTERM, remember_signal);
  }

  StopSignals::~StopSignals()
  {
    std::signal(SIGINT, previous_interrupt_handler);
    std::signal(SIGTERM, previous_terminate_handler);
  }

  bool
  StopSignals::received() const
  {
    return signal_received != 0;
  }

  void
  Checkpoint::Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Checkpoint");
    prm.add_parameter("Interval",
                      interval,
                      "Write OUTPUT/checkpoint.cbor every this many steps and "
                      "at the end time (0: only when SIGINT or SIGTERM "
                      "stops the run). Needs an output directory.",
                      dealii::Patterns::Integer(0));
    prm.add_parameter("Resume",
                      resume,
                      "Start from OUTPUT/checkpoint.cbor instead of the "
                      "initial law; its parameters must be these, except the "
                      "end time (which may grow to continue a finished run).",
                      dealii::Patterns::Bool());
    prm.leave_subsection();
  }

  Checkpoint::Checkpoint(const Parameters               &parameters,
                         const std::string              &output_directory,
                         const std::string              &subcommand,
                         const dealii::ParameterHandler &prm,
                         const std::vector<std::string> &free_entries,
                         const MPI_Comm                  communicator)
    : parameters(parameters)
    , path(output_directory.empty() ? "" :
                                      output_directory + "/checkpoint.cbor")
    , subcommand(subcommand)
    , used_parameters(parameters_as_json(prm))
    , free_entries(free_entries)
    , communicator(communicator)
    , stop_requested(false)
  {
    if (path.empty() && (parameters.interval > 0 || parameters.resume))
      throw ParameterError("Checkpoint/Interval",
                           "checkpoints need an output directory");
    if (!path.empty())
      signals.emplace();
  }

  Checkpoint::~Checkpoint() = default;

  bool
  Checkpoint::resuming() const
  {
    return parameters.resume;
  }

  bool
  Checkpoint::due(const std::uint64_t step, const std::uint64_t n_steps) const
  {
    if (path.empty())
      return false;
    stop_requested =
      dealii::Utilities::MPI::max(int(signals->received()), communicator) > 0;
    const unsigned int every = parameters.interval;
    return stop_requested ||
           (every > 0 && step > 0 && (step % every == 0 || step == n_steps));
  }

  bool
  Checkpoint::interrupted() const
  {
    return stop_requested;
  }

  void
  Checkpoint::write(const double t, const nlohmann::json &state) const
  {
    if (dealii::Utilities::MPI::this_mpi_process(communicator) != 0)
      return;
    const nlohmann::json checkpoint       = {{"format", "mfpg checkpoint 1"},
                                             {"subcommand", subcommand},
                                             {"time", t},
                                             {"parameters", used_parameters},
                                             {"state", state}};
    const std::vector<std::uint8_t> bytes = nlohmann::json::to_cbor(checkpoint);
    const std::string               partial = path + ".partial";
    {
      std::ofstream out(partial, std::ios::binary);
      out.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
      if (!out)
        throw std::runtime_error("cannot write the checkpoint " + partial);
    }
    std::filesystem::rename(partial, path);
  }

  nlohmann::json
  Checkpoint::read() const
  {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      throw ParameterError("Checkpoint/Resume",
                           "there is no checkpoint " + path +
                             " to resume from");
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                          std::istreambuf_iterator<char>());
    nlohmann::json checkpoint = nlohmann::json::from_cbor(bytes, true, false);
    if (checkpoint.is_discarded() || !checkpoint.is_object() ||
        checkpoint.value("format", "") != "mfpg checkpoint 1")
      throw ParameterError("Checkpoint/Resume",
                           path + " is not an mfpg checkpoint");
    if (checkpoint["subcommand"] != subcommand)
      throw ParameterError("Checkpoint/Resume",
                           path + " was written by 'mfpg " +
                             checkpoint["subcommand"].get<std::string>() +
                             "', not 'mfpg " + subcommand + "'");

    nlohmann::json here  = used_parameters.flatten();
    nlohmann::json there = checkpoint["parameters"].flatten();
    for (const std::string &entry : free_entries)
      {
        here.erase("/" + entry);
        there.erase("/" + entry);
      }
    std::set<std::string> entries;
    for (const auto &[entry, value] : here.items())
      entries.insert(entry);
    for (const auto &[entry, value] : there.items())
      entries.insert(entry);
    std::string differences;
    for (const std::string &entry : entries)
      if (!here.contains(entry) || !there.contains(entry) ||
          here[entry] != there[entry])
        differences += (differences.empty() ? "" : "; ") + entry.substr(1) +
                       " = " + there.value(entry, std::string("(none)")) +
                       " there, " + here.value(entry, std::string("(none)")) +
                       " here";
    if (!differences.empty())
      throw ParameterError("Checkpoint/Resume",
                           path + " was written with other parameters: " +
                             differences);
    return checkpoint["state"];
  }

  const std::string &
  Checkpoint::file() const
  {
    return path;
  }

  RunInterrupted::RunInterrupted(const double t, const std::string &file)
    : std::runtime_error("interrupted at t = " + std::to_string(t) +
                         ": checkpoint written to " + file +
                         "; resume with --set 'Checkpoint/Resume=true'")
  {
  }

  RunInterrupted::RunInterrupted(const std::string &what)
    : std::runtime_error(what)
  {
  }
} // namespace mfpg
