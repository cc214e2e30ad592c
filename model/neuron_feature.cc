#include "model/neuron_feature.h"

#include <deal.II/base/aligned_vector.h>

#include "model/expression.h"
#include "model/mdp.h"
#include "model/parameter_file.h"
#include "simd/compile_time_size.h"

#include <array>

namespace mfpg
{
  namespace
  {
    constexpr unsigned int L = n_lanes;
    static_assert(sizeof(Lanes) == L * sizeof(double), "one point per lane");

    /**
     * The pre-activations z_p = b + sum_k w_k x_k[p] of a neuron with K
     * inputs for one block of lanes (w_k and b from the lanes' parameters
     * q, held in registers; x_k[p] = inputs[k n_pairs + p]).
     */
    template <unsigned int K>
    class LanePreActivations
    {
    public:
      LanePreActivations(const double      *q,
                         const double      *inputs,
                         const unsigned int n_pairs)
        : inputs(inputs)
        , n_pairs(n_pairs)
        , b(load_lanes(q + (K + 1) * L))
      {
        for (unsigned int k = 0; k < K; ++k)
          w[k] = load_lanes(q + (1 + k) * L);
      }

      Lanes
      operator()(const unsigned int p) const
      {
        Lanes z = b;
        for (unsigned int k = 0; k < K; ++k)
          z += inputs[k * n_pairs + p] * w[k];
        return z;
      }

    private:
      const double *inputs;
      unsigned int  n_pairs;
      Lanes         w[K];
      Lanes         b;
    };

    /** psi(c) in the lanes, c = q[0 .. L). */
    Lanes
    output_values(const bool tanh_output, const double *q)
    {
      const Lanes c = load_lanes(q);
      return tanh_output ? tanh_in_lane(c) : c;
    }

    /**
     * The sums of the gradient of a neuron with K inputs over the pairs
     * p < n_pairs, for one block of lanes with activations
     * s_p = activation_at(p): sums[0] = sum_p W_p s_p,
     * sums[1 + k] = sum_p W_p sigma'_p x_k[p] (Wx[k n_pairs + p] =
     * W_p x_k[p]) and sums[K + 1] = sum_p W_p sigma'_p. Even and odd p go
     * to two sets of accumulators, so that the additions of consecutive
     * pairs do not wait on each other; the order of additions does not
     * depend on where s_p comes from (the sweep cache, or evaluated here).
     */
    template <unsigned int K, class Activation, class ActivationAt>
    void
    lane_gradient_sums(const Activation &activation,
                       const double *__restrict w,
                       const double *__restrict Wx,
                       const unsigned int  n_pairs,
                       const ActivationAt &activation_at,
                       Lanes (&sums)[K + 2])
    {
      Lanes      even[K + 2] = {}, odd[K + 2] = {};
      const auto accumulate = [&](Lanes(&acc)[K + 2], const unsigned int p) {
        const Lanes s          = activation_at(p);
        const Lanes derivative = activation.derivative_from_value(s);
        acc[0] += w[p] * s;
        for (unsigned int k = 0; k < K; ++k)
          acc[1 + k] += Wx[k * n_pairs + p] * derivative;
        acc[K + 1] += w[p] * derivative;
      };
      unsigned int p = 0;
      for (; p + 1 < n_pairs; p += 2)
        {
          accumulate(even, p);
          accumulate(odd, p + 1);
        }
      if (p < n_pairs)
        accumulate(even, p);
      for (unsigned int r = 0; r < K + 2; ++r)
        sums[r] = even[r] + odd[r];
    }
  } // namespace

  template <class Activation>
  NeuronFeature<Activation>::NeuronFeature(
    const Activation                    &activation,
    const std::string                   &output_function,
    const std::map<std::string, double> &frozen,
    const Mdp                           &mdp)
    : activation(activation)
    , tanh_output(output_function == "tanh")
    , n_states(mdp.n_states())
    , n_actions(mdp.n_actions())
    // the cemetery of a safety budget, the last state, has no features
    // (§13): its pairs, the last n_A, are left out of every sweep
    , n_pairs((n_states - (mdp.safety() != nullptr)) * n_actions)
    , n_inputs(mdp.state_variable_names().size() + mdp.actions().dimension())
    , inputs(n_pairs * n_inputs)
    , frozen_values(n_inputs + 2, 0.)
    , free_index(n_inputs + 2, -1)
    , d(0)
  {
    if (n_inputs > max_inputs)
      throw ParameterError("Feature/Type",
                           "a neuron takes at most " +
                             std::to_string(max_inputs) +
                             " inputs (s, z, a), "
                             "not " +
                             std::to_string(n_inputs));
    full_names.push_back("c");
    for (const auto &w : coordinate_names("w", n_inputs))
      full_names.push_back(w);
    full_names.push_back("b");

    for (const auto &[name, value] : frozen)
      {
        const auto it = std::find(full_names.begin(), full_names.end(), name);
        if (it == full_names.end())
          {
            std::string known;
            for (const auto &n : full_names)
              known += (known.empty() ? "" : ", ") + n;
            throw ParameterError("Feature/Frozen components",
                                 "this neuron has no component '" + name +
                                   "' (its components are " + known + ")");
          }
        frozen_values[it - full_names.begin()] = value;
      }
    for (unsigned int k = 0; k < full_names.size(); ++k)
      if (frozen.count(full_names[k]) == 0)
        free_index[k] = d++;
    if (d == 0)
      throw ParameterError("Feature/Frozen components",
                           "every component is frozen: theta would be empty");

    // x = (s, z, a): the state's coordinates (with the budget z under
    // MDP/Safety), then the action's
    for (unsigned int p = 0; p < n_pairs; ++p)
      {
        const auto         s   = mdp.state_point(p / n_actions);
        const auto         a   = mdp.actions().point(p % n_actions);
        const unsigned int d_S = s.size();
        for (unsigned int k = 0; k < n_inputs; ++k)
          inputs[k * n_pairs + p] = k < d_S ? s[k] : a[k - d_S];
      }
  }

  template <class Activation>
  unsigned int
  NeuronFeature<Activation>::n_parameters() const
  {
    return d;
  }

  template <class Activation>
  std::vector<std::string>
  NeuronFeature<Activation>::parameter_names() const
  {
    std::vector<std::string> names;
    for (unsigned int k = 0; k < full_names.size(); ++k)
      if (free_index[k] >= 0)
        names.push_back(full_names[k]);
    return names;
  }

  template <class Activation>
  double
  NeuronFeature<Activation>::output_derivative_from_value(
    const double psi) const
  {
    return tanh_output ? 1. - psi * psi : 1.;
  }

  template <class Activation>
  std::size_t
  NeuronFeature<Activation>::block_cache_size() const
  {
    return std::size_t(n_pairs + 1) * L;
  }

  template <class Activation>
  std::size_t
  NeuronFeature<Activation>::sweep_cache_size(const unsigned int n) const
  {
    return (n + L - 1) / L * block_cache_size();
  }

  template <class Activation>
  double *
  NeuronFeature<Activation>::scratch(const std::size_t size) const
  {
    thread_local dealii::AlignedVector<double> buffer;
    if (buffer.size() < size)
      buffer.resize(size);
    return buffer.data();
  }

  template <class Activation>
  void
  NeuronFeature<Activation>::lane_parameters(const double      *thetas,
                                             const unsigned int n_valid,
                                             double *__restrict q) const
  {
    for (unsigned int r = 0; r < n_inputs + 2; ++r)
      for (unsigned int l = 0; l < L; ++l)
        q[r * L + l] = free_index[r] >= 0 ?
                         thetas[std::min(l, n_valid - 1) * d + free_index[r]] :
                         frozen_values[r];
  }

  template <class Activation>
  void
  NeuronFeature<Activation>::add_values_at_points(
    const double               *thetas,
    const double               *weights,
    const unsigned int          n,
    dealii::FullMatrix<double> &F,
    double                     *sweep_cache,
    const double               *next_sweep_cache) const
  {
    check_size(F, n_states, n_actions);
    const std::size_t block   = std::size_t(n_pairs) * L;
    double *const     F_lanes = scratch(block + (n_inputs + 2) * L);
    double *const     q       = F_lanes + block;
    std::fill(F_lanes, F_lanes + block, 0.);
    with_compile_time_size<max_inputs>(n_inputs, [&](auto K) {
      for (unsigned int first = 0; first < n; first += L)
        {
          const unsigned int n_valid = std::min(L, n - first);
          lane_parameters(thetas + first * d, n_valid, q);
          const LanePreActivations<K()> z(q, inputs.data(), n_pairs);
          const Lanes                   psi = output_values(tanh_output, q);
          Lanes                         weighted_psi = {};
          for (unsigned int l = 0; l < n_valid; ++l)
            weighted_psi[l] = weights[first + l] * psi[l];
          // the activations go into the cache, when there is one, as they
          // are added to F; the next region's line of each pair is
          // prefetched after its tanh, so that the prefetches are spread
          // over the arithmetic (a burst of them before a block stalls it)
          const std::size_t offset = first / L * block_cache_size();
          double *const     cached =
            sweep_cache != nullptr ? sweep_cache + offset : nullptr;
          const double *const next =
            next_sweep_cache != nullptr ? next_sweep_cache + offset : nullptr;
          for (unsigned int p = 0; p < n_pairs; ++p)
            {
              const Lanes s = activation.value(z(p));
              if (cached != nullptr)
                store_lanes(cached + p * L, s);
              if (next != nullptr)
                __builtin_prefetch(next + p * L);
              store_lanes(F_lanes + p * L,
                          load_lanes(F_lanes + p * L) + weighted_psi * s);
            }
          if (next != nullptr)
            __builtin_prefetch(next + block);
          if (cached != nullptr)
            store_lanes(cached + block, psi);
        }
    });
    double *__restrict F_data = &F(0, 0);
    for (unsigned int p = 0; p < n_pairs; ++p)
      for (unsigned int l = 0; l < L; ++l)
        F_data[p] += F_lanes[p * L + l];
  }

  template <class Activation>
  void
  NeuronFeature<Activation>::first_variation_at_points(
    const double                     *thetas,
    const unsigned int                n,
    const dealii::FullMatrix<double> &W,
    double                           *values) const
  {
    check_size(W, n_states, n_actions);
    double *const q            = scratch((n_inputs + 2) * L);
    const double *__restrict w = &W(0, 0);
    with_compile_time_size<max_inputs>(n_inputs, [&](auto K) {
      for (unsigned int first = 0; first < n; first += L)
        {
          const unsigned int n_valid = std::min(L, n - first);
          lane_parameters(thetas + first * d, n_valid, q);
          const LanePreActivations<K()> z(q, inputs.data(), n_pairs);
          Lanes                         sums = {};
          for (unsigned int p = 0; p < n_pairs; ++p)
            sums += w[p] * activation.value(z(p));
          const Lanes psi = output_values(tanh_output, q);
          for (unsigned int l = 0; l < n_valid; ++l)
            values[first + l] = psi[l] * sums[l];
        }
    });
  }

  template <class Activation>
  void
  NeuronFeature<Activation>::drift_at_points(
    const double                     *thetas,
    const unsigned int                n,
    const dealii::FullMatrix<double> &W,
    double                           *G,
    const double                     *sweep_cache) const
  {
    check_size(W, n_states, n_actions);
    const std::size_t block = std::size_t(n_pairs) * L;
    double *const     q     = scratch((n_inputs + 2) * L + n_inputs * n_pairs);
    // W_p x_k[p], the weight of sigma'_p in dG/dw_k
    double *__restrict Wx      = q + (n_inputs + 2) * L;
    const double *__restrict w = &W(0, 0);
    for (unsigned int k = 0; k < n_inputs; ++k)
      for (unsigned int p = 0; p < n_pairs; ++p)
        Wx[k * n_pairs + p] = w[p] * inputs[k * n_pairs + p];
    with_compile_time_size<max_inputs>(n_inputs, [&](auto K) {
      for (unsigned int first = 0; first < n; first += L)
        {
          const unsigned int n_valid = std::min(L, n - first);
          Lanes              sums[K() + 2];
          Lanes              psi;
          if (sweep_cache != nullptr)
            {
              const double *const s =
                sweep_cache + first / L * block_cache_size();
              psi = load_lanes(s + block);
              lane_gradient_sums<K()>(
                activation,
                w,
                Wx,
                n_pairs,
                [s](const unsigned int p) { return load_lanes(s + p * L); },
                sums);
            }
          else
            {
              lane_parameters(thetas + first * d, n_valid, q);
              const LanePreActivations<K()> z(q, inputs.data(), n_pairs);
              psi = output_values(tanh_output, q);
              lane_gradient_sums<K()>(
                activation,
                w,
                Wx,
                n_pairs,
                [&](const unsigned int p) { return activation.value(z(p)); },
                sums);
            }
          for (unsigned int l = 0; l < n_valid; ++l)
            {
              // dG/dc = psi'(c) sums[0], the other components psi(c) times
              // theirs
              double *const G_m = G + (first + l) * d;
              for (unsigned int r = 0; r < n_inputs + 2; ++r)
                if (free_index[r] >= 0)
                  G_m[free_index[r]] =
                    (r > 0 ? psi[l] : output_derivative_from_value(psi[l])) *
                    sums[r][l];
            }
        }
    });
  }

  template <class Activation>
  double
  NeuronFeature<Activation>::value_and_gradient(
    const dealii::ArrayView<const double> &theta,
    const unsigned int                     i,
    const unsigned int                     j,
    const dealii::ArrayView<double>       &gradient) const
  {
    AssertIndexRange(i, n_states);
    AssertIndexRange(j, n_actions);
    AssertDimension(theta.size(), d);
    AssertDimension(gradient.size(), d);
    const unsigned int p = i * n_actions + j;
    if (p >= n_pairs) // the cemetery
      {
        std::fill(gradient.begin(), gradient.end(), 0.);
        return 0.;
      }
    // one pair by the scalar formulas
    double q[L * (max_inputs + 2)] = {};
    lane_parameters(theta.data(), 1, q);
    double z = q[(n_inputs + 1) * L];
    for (unsigned int k = 0; k < n_inputs; ++k)
      z += q[(1 + k) * L] * inputs[k * n_pairs + p];
    const double sigma            = activation.value(z);
    const double sigma_derivative = activation.derivative_from_value(sigma);
    const double psi              = tanh_output ? std::tanh(q[0]) : q[0];
    std::array<double, max_inputs + 2> full_gradient;
    full_gradient[0] = output_derivative_from_value(psi) * sigma;
    for (unsigned int k = 0; k < n_inputs; ++k)
      full_gradient[1 + k] = psi * sigma_derivative * inputs[k * n_pairs + p];
    full_gradient[n_inputs + 1] = psi * sigma_derivative;
    for (unsigned int r = 0; r < n_inputs + 2; ++r)
      if (free_index[r] >= 0)
        gradient[free_index[r]] = full_gradient[r];
    return psi * sigma;
  }

  template class NeuronFeature<TanhActivation>;
  template class NeuronFeature<SmoothedReluActivation>;
} // namespace mfpg
