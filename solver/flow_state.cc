#include "solver/flow_state.h"

#include <nlohmann/json.hpp>

namespace mfpg
{
  namespace
  {
    nlohmann::json
    vector_to_json(const dealii::Vector<double> &v)
    {
      return std::vector<double>(v.begin(), v.end());
    }

    dealii::Vector<double>
    vector_from_json(const nlohmann::json &j)
    {
      const std::vector<double> values = j.get<std::vector<double>>();
      return dealii::Vector<double>(values.begin(), values.end());
    }

    nlohmann::json
    record_to_json(const FlowRecord &r)
    {
      std::vector<std::vector<double>> covariance(r.covariance.m());
      for (unsigned int k = 0; k < r.covariance.m(); ++k)
        for (unsigned int l = 0; l < r.covariance.n(); ++l)
          covariance[k].push_back(r.covariance(k, l));
      return {{"time", r.time},
              {"mass", r.mass},
              {"min_density", r.min_density},
              {"boundary_layer_mass", r.boundary_layer_mass},
              {"mean", vector_to_json(r.mean)},
              {"covariance", covariance},
              {"objective", r.objective},
              {"regularised_objective", r.regularised_objective},
              {"dissipation", r.dissipation},
              {"objective_rate", r.objective_rate},
              {"gibbs_relative_entropy", r.gibbs_relative_entropy},
              {"linear_iterations", r.linear_iterations},
              {"safe_steps", r.safe_steps},
              {"limited_steps", r.limited_steps},
              {"redistributed_mass", r.redistributed_mass},
              {"preconditioner_builds", r.preconditioner_builds},
              {"total_linear_iterations", r.total_linear_iterations},
              {"safety", r.safety}};
    }

    FlowRecord
    record_from_json(const nlohmann::json &j)
    {
      const auto covariance =
        j["covariance"].get<std::vector<std::vector<double>>>();
      FlowRecord r;
      r.time                = j["time"];
      r.mass                = j["mass"];
      r.min_density         = j["min_density"];
      r.boundary_layer_mass = j["boundary_layer_mass"];
      r.mean                = vector_from_json(j["mean"]);
      r.covariance.reinit(covariance.size(), covariance.size());
      for (unsigned int k = 0; k < covariance.size(); ++k)
        for (unsigned int l = 0; l < covariance.size(); ++l)
          r.covariance(k, l) = covariance[k][l];
      r.objective              = j["objective"];
      r.regularised_objective  = j["regularised_objective"];
      r.dissipation            = j["dissipation"];
      r.objective_rate         = j["objective_rate"];
      r.gibbs_relative_entropy = j["gibbs_relative_entropy"];
      r.linear_iterations      = j["linear_iterations"];
      r.safe_steps             = j.value("safe_steps", 0u);
      r.limited_steps          = j.value("limited_steps", 0u);
      r.redistributed_mass     = j.value("redistributed_mass", 0.);
      r.preconditioner_builds  = j.value("preconditioner_builds", 0u);
      r.total_linear_iterations =
        j.value("total_linear_iterations", std::uint64_t{0});
      r.safety = j.value("safety", std::vector<double>{});
      return r;
    }
  } // namespace

  void
  to_json(nlohmann::json &j, const FlowState &state)
  {
    nlohmann::json history = nlohmann::json::array();
    for (const FlowRecord &record : state.history)
      history.push_back(record_to_json(record));
    j = {{"step", state.step},
         {"n_ranks", state.n_ranks},
         {"nu", vector_to_json(state.nu)},
         {"nu_previous", vector_to_json(state.nu_previous)},
         {"Phi_previous", vector_to_json(state.Phi_previous)},
         {"J_previous", state.J_previous},
         {"linear_iterations", state.linear_iterations},
         {"safe_steps", state.safe_steps},
         {"limited_steps", state.limited_steps},
         {"redistributed_mass", state.redistributed_mass},
         {"preconditioner_builds", state.preconditioner_builds},
         {"total_linear_iterations", state.total_linear_iterations},
         {"preconditioner_Phi", vector_to_json(state.preconditioner_Phi)},
         {"preconditioner_alpha", state.preconditioner_alpha},
         {"preconditioner_of_fallback", state.preconditioner_of_fallback},
         {"preconditioner_reference_iterations",
          state.preconditioner_reference_iterations},
         {"min_density", state.min_density},
         {"min_relative_density", state.min_relative_density},
         {"history", history},
         {"vtu_series", state.vtu_series}};
  }

  void
  from_json(const nlohmann::json &j, FlowState &state)
  {
    state.step               = j["step"];
    state.n_ranks            = j.value("n_ranks", 1u);
    state.nu                 = vector_from_json(j["nu"]);
    state.nu_previous        = vector_from_json(j["nu_previous"]);
    state.Phi_previous       = vector_from_json(j["Phi_previous"]);
    state.J_previous         = j["J_previous"].is_null() ?
                                 std::numeric_limits<double>::quiet_NaN() :
                                 j["J_previous"].get<double>();
    state.linear_iterations  = j["linear_iterations"];
    state.safe_steps         = j.value("safe_steps", 0u);
    state.limited_steps      = j.value("limited_steps", 0u);
    state.redistributed_mass = j.value("redistributed_mass", 0.);
    // a state written before the preconditioner was kept: none kept
    state.preconditioner_builds = j.value("preconditioner_builds", 0u);
    state.total_linear_iterations =
      j.value("total_linear_iterations", std::uint64_t{0});
    state.preconditioner_Phi =
      vector_from_json(j.value("preconditioner_Phi", nlohmann::json::array()));
    state.preconditioner_alpha = j.value("preconditioner_alpha", 1.);
    state.preconditioner_of_fallback =
      j.value("preconditioner_of_fallback", false);
    state.preconditioner_reference_iterations =
      j.value("preconditioner_reference_iterations", 0u);
    state.min_density = j["min_density"];
    state.min_relative_density =
      j.value("min_relative_density", std::numeric_limits<double>::max());
    state.history.clear();
    for (const nlohmann::json &record : j["history"])
      state.history.push_back(record_from_json(record));
    state.vtu_series =
      j["vtu_series"].get<std::vector<std::pair<double, std::string>>>();
  }
} // namespace mfpg
