#include "apps/subcommands.h"

#include "apps/barrier_run.h"
#include "apps/comparison_run.h"
#include "apps/convergence_experiment.h"
#include "apps/exact_flow.h"
#include "apps/mesh_flow.h"
#include "apps/order_study_run.h"
#include "apps/particle_run.h"
#include "apps/stability_experiment.h"

namespace mfpg
{
  namespace
  {
    template <class Parameters>
    std::shared_ptr<void>
    declare(dealii::ParameterHandler &prm)
    {
      const auto parameters = std::make_shared<Parameters>();
      parameters->add_parameters(prm);
      return parameters;
    }
  } // namespace

  const std::vector<Subcommand> &
  subcommands()
  {
    static const std::vector<Subcommand> list = {
      {"exact",
       "the exact Gaussian flow (docs/model.md §7): linear feature, quadratic "
       "potential, Gaussian start",
       &declare<exact_flow::Parameters>,
       &exact_flow::run},
      {"mesh",
       "the flow on a mesh of parameter space (docs/model.md §5), d = 1, 2, "
       "3: monitors, VTU/ParaView output",
       &declare<mesh_flow::Parameters>,
       &mesh_flow::run},
      {"convergence",
       "experiment (a) of docs/model.md §6: W2(nu_t, nu*) against "
       "e^{-beta t} W2(nu_0, nu*), any feature, mesh d = 1, 2, 3 or particles in any d",
       &declare<convergence_experiment::Parameters>,
       &convergence_experiment::run},
      {"stability",
       "experiment (b) of docs/model.md §6: W2 between stationary laws over "
       "a (sigma', tau') sweep against the bound (closed form for a linear "
       "feature, Gibbs fixed points on a mesh d = 1, 2, 3 for any), and "
       "optionally along two exact flows (linear feature)",
       &declare<stability_experiment::Parameters>,
       &stability_experiment::run},
      {"study",
       "observed orders of the mesh flow in h (against the exact Gaussian) "
       "or dt, of the particles in N or eta: a ConvergenceTable",
       &declare<order_study_run::Parameters>,
       &order_study_run::run},
      {"particles",
       "the interacting particle system (docs/model.md §5), any d: monitors, "
       "snapshots",
       &declare<particle_run::Parameters>,
       &particle_run::run},
      {"compare",
       "experiment (c) of docs/model.md §6: the mesh solver against "
       "particles of growing N, W2 read against the sampling floor, d = 1, "
       "2, 3",
       &declare<comparison_run::Parameters>,
       &comparison_run::run},
      {"barrier",
       "the barrier sweep of docs/model.md §13.2: soft-optimal gaps, the "
       "exact flow's stationary points with the barrier in the reward and in "
       "the reference measure, beta_n and the observed rate, three verdicts "
       "(linear feature, MDP/Safety)",
       &declare<barrier_run::Parameters>,
       &barrier_run::run},
    };
    return list;
  }

  const Subcommand *
  find_subcommand(const std::string &name)
  {
    for (const Subcommand &c : subcommands())
      if (name == c.name)
        return &c;
    return nullptr;
  }
} // namespace mfpg
