// A seeded random-mutation fuzz test of parameter files: the documented
// default file of every subcommand and the examples, corrupted in many ways,
// go through what the program does with a file before it computes anything
// (parse into the subcommand's Parameters, build the Model and the initial
// law). Each must end in success or in a clean error: an exception derived
// from std::exception with a message, never a crash, a hang, an abort or a
// huge allocation.

#include <gtest/gtest.h>

#include "apps/comparison_run.h"
#include "apps/convergence_experiment.h"
#include "apps/exact_flow.h"
#include "apps/mesh_flow.h"
#include "apps/order_study_run.h"
#include "apps/parameter_file_of.h"
#include "apps/particle_run.h"
#include "apps/stability_experiment.h"
#include "tests/cases.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

using namespace mfpg;

namespace
{
  std::string
  read_text(const std::filesystem::path &file)
  {
    std::ifstream     in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  /** Parse @p file as the Parameters of a subcommand, build model and law. */
  template <class Parameters>
  void
  validate(const std::string &file)
  {
    const ParameterFileOf<Parameters> parsed(file, {});
    const Model                       model(parsed.parameters.model);
    InitialLaw(parsed.parameters.initial_law,
               model.feature().parameter_names());
  }

  /** Every subcommand whose files carry a model and an initial law. */
  const std::map<std::string, std::function<void(const std::string &)>>
    validators = {{"exact", validate<exact_flow::Parameters>},
                  {"mesh", validate<mesh_flow::Parameters>},
                  {"particles", validate<particle_run::Parameters>},
                  {"compare", validate<comparison_run::Parameters>},
                  {"convergence", validate<convergence_experiment::Parameters>},
                  {"study", validate<order_study_run::Parameters>}};

  std::vector<std::string>
  lines_of(const std::string &text)
  {
    std::vector<std::string> lines;
    std::istringstream       in(text);
    for (std::string line; std::getline(in, line);)
      lines.push_back(line);
    return lines;
  }

  std::string
  joined(const std::vector<std::string> &lines)
  {
    std::string text;
    for (const std::string &line : lines)
      text += line + "\n";
    return text;
  }

  /** The mutations, each a function of the text and a random engine. */
  using Mutation =
    std::function<std::string(const std::string &, std::mt19937_64 &)>;

  std::size_t
  pick(std::mt19937_64 &random, const std::size_t n)
  {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  }

  /** Replace the value of a random "set Entry = value" line. */
  std::string
  with_value(const std::string              &text,
             std::mt19937_64                &random,
             const std::vector<std::string> &values)
  {
    std::vector<std::string> lines = lines_of(text);
    std::vector<std::size_t> assignments;
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (lines[i].find("set ") != std::string::npos &&
          lines[i].find('=') != std::string::npos)
        assignments.push_back(i);
    if (assignments.empty())
      return text;
    std::string &line = lines[assignments[pick(random, assignments.size())]];
    line              = line.substr(0, line.find('=') + 1) + " " +
           values[pick(random, values.size())];
    return joined(lines);
  }

  const std::map<std::string, Mutation> mutations = {
    {"delete a line",
     [](const std::string &text, std::mt19937_64 &random) {
       std::vector<std::string> lines = lines_of(text);
       lines.erase(lines.begin() + pick(random, lines.size()));
       return joined(lines);
     }},
    {"duplicate a line",
     [](const std::string &text, std::mt19937_64 &random) {
       std::vector<std::string> lines = lines_of(text);
       const std::size_t        i     = pick(random, lines.size());
       lines.insert(lines.begin() + i, lines[i]);
       return joined(lines);
     }},
    {"swap two lines",
     [](const std::string &text, std::mt19937_64 &random) {
       std::vector<std::string> lines = lines_of(text);
       std::swap(lines[pick(random, lines.size())],
                 lines[pick(random, lines.size())]);
       return joined(lines);
     }},
    {"truncate",
     [](const std::string &text, std::mt19937_64 &random) {
       return text.substr(0, pick(random, text.size()));
     }},
    {"insert random bytes",
     [](const std::string &text, std::mt19937_64 &random) {
       std::string bytes;
       for (std::size_t k = 0, n = 1 + pick(random, 40); k < n; ++k)
         bytes += char(pick(random, 256));
       if (pick(random, 4) == 0)
         bytes += std::string(100000, 'x');
       std::string mutated = text;
       mutated.insert(pick(random, text.size()), bytes);
       return mutated;
     }},
    {"bad number",
     [](const std::string &text, std::mt19937_64 &random) {
       return with_value(text,
                         random,
                         {"nan",
                          "inf",
                          "-inf",
                          "-1",
                          "0",
                          "1e308",
                          "1e-320",
                          "99999999999",
                          "4294967297",
                          "100000",
                          "",
                          "abc",
                          "1,2,3,4,5",
                          "0.5.5",
                          "-0"});
     }},
    {"bad expression",
     [](const std::string &text, std::mt19937_64 &random) {
       return with_value(text,
                         random,
                         {"sin(",
                          "x+",
                          "s*a*",
                          "1/0",
                          "a;;",
                          "unknown(a)",
                          "a^a^a^a^a",
                          "b: x",
                          "w1: 1, w1: 2",
                          "c: nan",
                          "tanh neuron",
                          "cos(2*a) + sp"});
     }},
    {"drop an end",
     [](const std::string &text, std::mt19937_64 &random) {
       std::vector<std::string> lines = lines_of(text);
       std::vector<std::size_t> ends;
       for (std::size_t i = 0; i < lines.size(); ++i)
         if (lines[i].find("end") != std::string::npos &&
             lines[i].find("set") == std::string::npos)
           ends.push_back(i);
       if (!ends.empty())
         lines.erase(lines.begin() + ends[pick(random, ends.size())]);
       return joined(lines);
     }},
    {"rename a subsection",
     [](const std::string &text, std::mt19937_64 &random) {
       std::vector<std::string> lines = lines_of(text);
       std::vector<std::size_t> subsections;
       for (std::size_t i = 0; i < lines.size(); ++i)
         if (lines[i].find("subsection ") != std::string::npos)
           subsections.push_back(i);
       if (!subsections.empty())
         lines[subsections[pick(random, subsections.size())]] += "x";
       return joined(lines);
     }},
  };
} // namespace

TEST(ParameterFuzz, CorruptedFilesEndInACleanErrorOrSuccess)
{
  const std::filesystem::path root(MFPG_SOURCE_DIR);
  const std::vector<std::pair<std::string, std::filesystem::path>> corpus = {
    {"exact", root / "docs/parameters/exact.prm"},
    {"mesh", root / "docs/parameters/mesh.prm"},
    {"particles", root / "docs/parameters/particles.prm"},
    {"compare", root / "docs/parameters/compare.prm"},
    {"convergence", root / "docs/parameters/convergence.prm"},
    {"study", root / "docs/parameters/study.prm"},
    {"exact", root / "examples/p1_bandit_linear.prm"},
    {"exact", root / "examples/agazzi_lu_mdp_linear.prm"},
    {"mesh", root / "examples/p4_bandit_tanh_mesh.prm"},
    {"particles", root / "examples/agazzi_lu_bandit_particles.prm"},
    {"particles", root / "examples/agazzi_lu_mdp_tanh_particles.prm"},
    {"compare", root / "examples/tanh_bandit_compare.prm"}};
  const std::filesystem::path file =
    std::filesystem::temp_directory_path() /
    ("mfpg_fuzz_" + std::to_string(::getpid()) + ".prm");

  std::mt19937_64                                              random(20261124);
  std::map<std::string, std::pair<unsigned int, unsigned int>> outcomes;
  unsigned int                                                 n_runs = 0;
  for (unsigned int round = 0; round < 12; ++round)
    for (const auto &[subcommand, source] : corpus)
      for (const auto &[kind, mutate] : mutations)
        {
          std::string text = read_text(source);
          // one to three mutations of the kind, on top of each other
          for (std::size_t k = 0, n = 1 + pick(random, 3); k < n; ++k)
            text = mutate(text, random);
          std::ofstream(file, std::ios::binary) << text;
          ++n_runs;
          try
            {
              validators.at(subcommand)(file.string());
              ++outcomes[kind].first;
            }
          catch (const std::exception &e)
            {
              ++outcomes[kind].second;
              EXPECT_GT(std::string(e.what()).size(), 10u)
                << kind << " of " << source << " gave an empty message:\n"
                << text;
            }
          catch (...)
            {
              ADD_FAILURE() << kind << " of " << source
                            << " threw something that is not a "
                               "std::exception:\n"
                            << text;
            }
        }
  std::filesystem::remove(file);
  for (const auto &[kind, counts] : outcomes)
    std::cout << "[ measured ] " << kind << ": " << counts.first
              << " accepted, " << counts.second << " refused with a message\n";
  test::report("mutated files tried", n_runs);
  // the test is not vacuous: each kind of corruption is caught somewhere
  for (const auto &[kind, counts] : outcomes)
    EXPECT_GT(counts.second, 0u) << kind;
}

TEST(ParameterFuzz, NonFiniteNumbersAreRefusedNamingTheEntry)
{
  for (const std::string value : {"nan", "inf", "-inf", "1e400"})
    {
      const std::string message = test::parameter_error_message([&] {
        test::model_from_text(test::bandit_p1_text(
          "subsection Regularisation\n set Sigma = " + value + "\nend\n"));
      });
      std::cout << "[ measured ] Sigma = " << value << ": " << message << "\n";
      EXPECT_NE(message.find("Sigma"), std::string::npos) << message;
    }
}

TEST(ParameterFuzz, OversizedGridsAreRefusedBeforeAllocating)
{
  const std::string states = test::parameter_error_message([] {
    test::model_from_text(test::agazzi_lu_text(
      "subsection MDP\n subsection State space\n  set Points per axis = "
      "100000\n end\nend\n"));
  });
  EXPECT_NE(states.find("MDP/State space/Points per axis"), std::string::npos)
    << states;
  const std::string actions = test::parameter_error_message([] {
    test::model_from_text(test::bandit_p1_text(
      "subsection MDP\n subsection Action space\n  set Points per axis = "
      "2000000\n end\nend\n"));
  });
  EXPECT_NE(actions.find("MDP/Action space/Points per axis"), std::string::npos)
    << actions;
}
