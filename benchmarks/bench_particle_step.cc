// Google Benchmark of the particle step and of its two sweeps over theta on
// case P4 of ../shared/peers (tanh neuron, d = 2, n_A = 64): the numbers
// benchmarks/run.sh puts beside the NumPy peer's.

#include <deal.II/base/mpi.h>
#include <deal.II/base/multithread_info.h>

#include <benchmark/benchmark.h>

#include "model/coupling_weights.h"
#include "model/initial_law.h"
#include "model/model.h"
#include "model/parameter_file.h"
#include "particles/mckean_vlasov_drift.h"
#include "particles/particle_system.h"

#include <cmath>
#include <memory>
#include <string>

using namespace mfpg;

namespace
{
  /** Case P4 with N particles, Euler–Maruyama, eta = 1e-3 (the peer's). */
  struct P4
  {
    Model::Parameters          model_parameters;
    InitialLaw::Parameters     law_parameters;
    ParticleSystem::Parameters particle_parameters;

    explicit P4(const unsigned int n_particles)
    {
      dealii::ParameterHandler prm;
      model_parameters.add_parameters(prm);
      law_parameters.add_parameters(prm);
      particle_parameters.add_parameters(prm);
      parse_parameter_text(prm, R"(
subsection MDP
  subsection State space
    set Dimension = 0
  end
  subsection Action space
    set Dimension = 1
    set Lower corner = 0
    set Upper corner = 1
    set Quadrature = gauss-legendre
    set Points per axis = 64
  end
  set Reward = sin(3*a) + 0.5
  set Discount = 0
  set Entropy strength = 0.15
end
subsection Feature
  set Type = tanh neuron
  set Output function = tanh
  set Frozen components = b: 0.2
end
subsection Regularisation
  set Sigma = 1.0
end
subsection Initial law
  set Type = gaussian
  set Mean = 0.3, 0.3
  set Covariance = 0.3
end
subsection Particles
  set Time step = 0.001
end
)");
      particle_parameters.n_particles = n_particles;
    }
  };

  void
  set_threads(const benchmark::State &state)
  {
    dealii::MultithreadInfo::set_thread_limit(state.range(1));
  }

  /** One step of the particle system: F, the MDP, G, noise, update. */
  void
  particle_step(benchmark::State &state)
  {
    set_threads(state);
    const P4                case_p4(state.range(0));
    const Model             model(case_p4.model_parameters);
    const InitialLaw        law(case_p4.law_parameters,
                         model.feature().parameter_names());
    const McKeanVlasovDrift drift(model);
    ParticleSystem          system(case_p4.particle_parameters,
                          drift,
                          law,
                          MPI_COMM_SELF);
    for (auto _ : state)
      system.make_one_step();
    state.counters["particle_action_evals_per_s"] =
      benchmark::Counter(double(state.range(0)) * model.mdp().n_actions(),
                         benchmark::Counter::kIsIterationInvariantRate);
  }

  /** The first sweep alone: F = (1/N) sum_n f(., ., theta_n). */
  void
  policy_energy_sweep(benchmark::State &state)
  {
    set_threads(state);
    const P4                case_p4(state.range(0));
    const Model             model(case_p4.model_parameters);
    const InitialLaw        law(case_p4.law_parameters,
                         model.feature().parameter_names());
    const McKeanVlasovDrift drift(model);
    const ParticleSystem    system(case_p4.particle_parameters,
                                drift,
                                law,
                                MPI_COMM_SELF);
    for (auto _ : state)
      benchmark::DoNotOptimize(drift.policy_energy(system.particles()));
    state.counters["particle_action_evals_per_s"] =
      benchmark::Counter(double(state.range(0)) * model.mdp().n_actions(),
                         benchmark::Counter::kIsIterationInvariantRate);
  }

  /** A tight loop of std::tanh over an array: the machine's limit here. */
  void
  tanh_limit(benchmark::State &state)
  {
    std::vector<double> x(state.range(0)), y(state.range(0));
    for (std::size_t i = 0; i < x.size(); ++i)
      x[i] = -3. + 6. * i / x.size();
    for (auto _ : state)
      {
        for (std::size_t i = 0; i < x.size(); ++i)
          y[i] = std::tanh(x[i]);
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
      }
    state.counters["tanh_per_s"] =
      benchmark::Counter(double(state.range(0)),
                         benchmark::Counter::kIsIterationInvariantRate);
  }
} // namespace

BENCHMARK(particle_step)
  ->ArgsProduct({{10000, 100000}, {1, 2}})
  ->ArgNames({"N", "threads"})
  ->Unit(benchmark::kMillisecond)
  ->UseRealTime();
BENCHMARK(policy_energy_sweep)
  ->ArgsProduct({{100000}, {1}})
  ->ArgNames({"N", "threads"})
  ->Unit(benchmark::kMillisecond)
  ->UseRealTime();
BENCHMARK(tanh_limit)->Arg(1 << 16)->Unit(benchmark::kMicrosecond);

int
main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
