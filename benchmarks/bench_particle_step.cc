// Google Benchmark of the particle step and of its two sweeps over theta on
// case P4 of benchmarks/README.md (tanh neuron, d = 2, n_A = 64): the numbers
// benchmarks/run.sh puts beside the NumPy peer's.

#include <deal.II/base/aligned_vector.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/multithread_info.h>

#include <benchmark/benchmark.h>

#include "benchmarks/libmvec_tanh.h"
#include "model/coupling_weights.h"
#include "model/initial_law.h"
#include "model/model.h"
#include "model/parameter_file.h"
#include "particles/mckean_vlasov_drift.h"
#include "particles/particle_system.h"
#include "simd/vectorised_tanh.h"
#include "tests/cases.h"

#include <sys/resource.h>

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
      parse_parameter_text(prm, test::bandit_p4_text(R"(
subsection Initial law
  set Type = gaussian
  set Mean = 0.3, 0.3
  set Covariance = 0.3
end
subsection Particles
  set Time step = 0.001
end
)"));
      particle_parameters.n_particles = n_particles;
    }
  };

  /** Case P4's particle system of N particles. */
  struct P4Run
  {
    explicit P4Run(const unsigned int n_particles)
      : parameters(n_particles)
      , model(parameters.model_parameters)
      , law(parameters.law_parameters, model.feature().parameter_names())
      , drift(model)
      , system(parameters.particle_parameters, drift, law, MPI_COMM_SELF)
    {
    }

    const P4                parameters;
    const Model             model;
    const InitialLaw        law;
    const McKeanVlasovDrift drift;
    ParticleSystem          system;
  };

  /** One step of the particle system: F, the MDP, G, noise, update. */
  void
  particle_step(benchmark::State &state)
  {
    dealii::MultithreadInfo::set_thread_limit(state.range(1));
    P4Run run(state.range(0));
    for (auto _ : state)
      run.system.make_one_step();
    state.counters["memory_MiB"] = run.system.memory_consumption() / 1048576.;
    rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    state.counters["peak_rss_MiB"] = usage.ru_maxrss / 1024.;
    state.counters["particle_action_evals_per_s"] =
      benchmark::Counter(double(state.range(0)) * run.model.mdp().n_actions(),
                         benchmark::Counter::kIsIterationInvariantRate);
  }

  /** The first sweep alone: F = (1/N) sum_n f(., ., theta_n). */
  void
  policy_energy_sweep(benchmark::State &state)
  {
    dealii::MultithreadInfo::set_thread_limit(state.range(1));
    const P4Run run(state.range(0));
    for (auto _ : state)
      benchmark::DoNotOptimize(run.drift.policy_energy(run.system.particles()));
    state.counters["particle_action_evals_per_s"] =
      benchmark::Counter(double(state.range(0)) * run.model.mdp().n_actions(),
                         benchmark::Counter::kIsIterationInvariantRate);
  }

  /**
   * The machine's limit for the sweeps' kernel: tanh over an array in
   * batches of n_A = 64 (as the sweeps take it), by method 0: a plain
   * std::tanh loop (scalar), 1: glibc's vector tanh, 2: tanh_of_array
   * (mfpg's inline tanh_in_lane in a loop GCC vectorises), 3: the same
   * formula with glibc's vector expm1, 4: tanh_of_array_in_lanes (the
   * Lanes form, the sweeps' own).
   */
  void
  tanh_limit(benchmark::State &state)
  {
    std::vector<double> x(state.range(0)), y(state.range(0));
    for (std::size_t i = 0; i < x.size(); ++i)
      x[i] = -3. + 6. * i / x.size();
    void (*const vector_loop[])(const double *,
                                double *,
                                unsigned int) = {nullptr,
                                                 libmvec_tanh_of_array,
                                                 tanh_of_array,
                                                 libmvec_expm1_tanh_of_array,
                                                 tanh_of_array_in_lanes};
    for (auto _ : state)
      {
        for (std::size_t first = 0; first < x.size(); first += 64)
          if (state.range(1) == 0)
            for (std::size_t i = first; i < first + 64; ++i)
              y[i] = std::tanh(x[i]);
          else
            vector_loop[state.range(1)](x.data() + first, y.data() + first, 64);
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
      }
    state.counters["tanh_per_s"] =
      benchmark::Counter(double(state.range(0)),
                         benchmark::Counter::kIsIterationInvariantRate);
  }

  /**
   * The machine's memory bandwidth, the bound on the sweep cache's traffic
   * (at N = 10^5, n_A = 64 the drift reads 51 MiB per step and the policy
   * energy rewrites it): one core reads (range(0) = 0) or writes (1)
   * 256 MiB, 8 times the L3 cache.
   */
  void
  memory_bandwidth(benchmark::State &state)
  {
    const std::size_t             n = (std::size_t(256) << 20) / sizeof(double);
    dealii::AlignedVector<double> data(n, 1.);
    for (auto _ : state)
      {
        if (state.range(0) == 0)
          {
            double sum = 0.;
#pragma omp simd reduction(+ : sum)
            for (std::size_t i = 0; i < n; ++i)
              sum += data[i];
            benchmark::DoNotOptimize(sum);
          }
        else
          {
            std::fill(data.begin(), data.end(), 0.5);
            benchmark::ClobberMemory();
          }
      }
    state.counters["bytes_per_s"] =
      benchmark::Counter(double(n * sizeof(double)),
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
BENCHMARK(tanh_limit)
  ->ArgsProduct({{1 << 16}, {0, 1, 2, 3, 4}})
  ->ArgNames({"n", "method"})
  ->Unit(benchmark::kMicrosecond);

BENCHMARK(memory_bandwidth)
  ->Arg(0)
  ->Arg(1)
  ->ArgName("write")
  ->Unit(benchmark::kMillisecond);

int
main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
