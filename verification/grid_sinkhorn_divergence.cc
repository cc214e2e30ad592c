#include "verification/grid_sinkhorn_divergence.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

namespace mfpg
{
  namespace
  {
    constexpr double minus_infinity = -std::numeric_limits<double>::infinity();

    /**
     * Below this a kernel sum may have lost terms to underflow (each lost
     * term is below 1e-307, so the relative error is below n 1e-107 above
     * it).
     */
    constexpr double underflow_guard = 1e-200;

    /**
     * The nodes of a block of one line, stabilised by the block's own
     * maximum: the kernel exp(-(x - y)^2 / eps) between a node and the block
     * nearest to it is at least exp(-16^2 h^2 / eps) >= 1e-111 for eps >=
     * h^2, so that block's sum never falls below underflow_guard.
     */
    constexpr unsigned int block_size = 16;

    /** Terms this far (in log) below the largest are negligible (e^-40). */
    constexpr double negligible = 40.;
    /**
     * The soft c-transform onto the nodes x of one grid from a measure b on
     * another grid (model.md §9.4): f(x) = -eps log sum_y b_y exp((g_y -
     * |x - y|^2) / eps), applied as one log-sum-exp contraction per axis
     * (model.md §9.8).
     */
    template <int dim>
    class SoftTransform
    {
    public:
      SoftTransform(const std::array<std::vector<double>, dim> &x_axes,
                    const TensorGridMeasure<dim>               &b)
      {
        for (unsigned int k = 0; k < dim; ++k)
          {
            n_x[k] = x_axes[k].size();
            n_y[k] = b.n_nodes(k);
            for (const double x : x_axes[k])
              for (const double y : b.axes[k])
                cost[k].push_back((x - y) * (x - y));
            const unsigned int n_blocks =
              (n_y[k] + block_size - 1) / block_size;
            nearest_block_cost[k].assign(n_x[k] * n_blocks, -minus_infinity);
            for (unsigned int i = 0; i < n_x[k]; ++i)
              for (unsigned int j = 0; j < n_y[k]; ++j)
                {
                  double &c =
                    nearest_block_cost[k][i * n_blocks + j / block_size];
                  c = std::min(c, cost[k][i * n_y[k] + j]);
                }
            largest_cost += *std::max_element(cost[k].begin(), cost[k].end());
          }
        for (const double w : b.weights)
          log_b.push_back(w > 0. ? std::log(w) : minus_infinity);
      }

      /** max |x - y|^2 over the two grids. */
      double
      max_cost() const
      {
        return largest_cost;
      }

      /** f = the transform of the potential @p g at @p eps. */
      void
      operator()(const std::vector<double> &g,
                 const double               eps,
                 std::vector<double>       &f)
      {
        set_epsilon(eps);
        exponent.resize(g.size());
        for (std::size_t n = 0; n < g.size(); ++n)
          exponent[n] = log_b[n] + g[n] / eps;
        for (unsigned int k = 0; k < dim; ++k)
          {
            contract_axis(k, eps);
            std::swap(exponent, contracted);
          }
        f.resize(exponent.size());
        for (std::size_t n = 0; n < f.size(); ++n)
          f[n] = -eps * exponent[n];
      }

    private:
      /** The kernel exp(-(x_k - y_k)^2 / eps) of each axis at @p eps. */
      void
      set_epsilon(const double eps)
      {
        if (eps == kernel_epsilon)
          return;
        for (unsigned int k = 0; k < dim; ++k)
          {
            kernel[k].resize(cost[k].size());
            for (std::size_t n = 0; n < cost[k].size(); ++n)
              kernel[k][n] = std::exp(-cost[k][n] / eps);
          }
        kernel_epsilon = eps;
      }

      /**
       * contracted(.., i, ..) = log sum_j exp(exponent(.., j, ..) - C_k(i,
       * j) / eps) along axis k (axes before k already on the x nodes, axes
       * after k still on the y nodes). Each line is cut into blocks of
       * block_size nodes; per block the maximum M_B is taken out, exp(
       * exponent - M_B) multiplied by the kernel matrix, and the blocks'
       * sums combined by combine_blocks(): O(n_in) multiply-adds per entry,
       * exponentials only where a sum underflows.
       */
      void
      contract_axis(const unsigned int k, const double eps)
      {
        std::size_t outer = 1, inner = 1;
        for (unsigned int l = 0; l < k; ++l)
          outer *= n_x[l];
        for (unsigned int l = k + 1; l < dim; ++l)
          inner *= n_y[l];
        const unsigned int n_in = n_y[k], n_out = n_x[k];
        const unsigned int n_blocks = (n_in + block_size - 1) / block_size;
        contracted.resize(outer * n_out * inner);
        maxima.resize(n_blocks * inner);
        scaled.resize(n_in * inner);
        sums.resize(n_blocks * inner);
        scales.resize(n_blocks * inner);
        line_max.resize(inner);
        for (std::size_t o = 0; o < outer; ++o)
          {
            const double *line   = exponent.data() + o * n_in * inner;
            double       *result = contracted.data() + o * n_out * inner;
            std::fill(maxima.begin(), maxima.end(), minus_infinity);
            for (unsigned int j = 0; j < n_in; ++j)
              {
                double *M = maxima.data() + (j / block_size) * inner;
                for (std::size_t t = 0; t < inner; ++t)
                  M[t] = std::max(M[t], line[j * inner + t]);
              }
            std::fill(line_max.begin(), line_max.end(), minus_infinity);
            for (std::size_t n = 0; n < n_blocks * inner; ++n)
              line_max[n % inner] = std::max(line_max[n % inner], maxima[n]);
            for (std::size_t n = 0; n < n_blocks * inner; ++n)
              scales[n] = line_max[n % inner] == minus_infinity ?
                            0. :
                            std::exp(maxima[n] - line_max[n % inner]);
            for (unsigned int j = 0; j < n_in; ++j)
              {
                const double *M = maxima.data() + (j / block_size) * inner;
                for (std::size_t t = 0; t < inner; ++t)
                  scaled[j * inner + t] =
                    M[t] == minus_infinity ?
                      0. :
                      std::exp(line[j * inner + t] - M[t]);
              }
            for (unsigned int i = 0; i < n_out; ++i)
              {
                std::fill(sums.begin(), sums.end(), 0.);
                for (unsigned int j = 0; j < n_in; ++j)
                  {
                    const double K_ij = kernel[k][i * n_in + j];
                    if (K_ij == 0.)
                      continue;
                    const double *e   = scaled.data() + j * inner;
                    double       *sum = sums.data() + (j / block_size) * inner;
                    for (std::size_t t = 0; t < inner; ++t)
                      sum[t] += K_ij * e[t];
                  }
                for (std::size_t t = 0; t < inner; ++t)
                  result[i * inner + t] =
                    combine_blocks(n_blocks,
                                   inner,
                                   t,
                                   line_max[t],
                                   line,
                                   cost[k].data() + i * n_in,
                                   nearest_block_cost[k].data() + i * n_blocks,
                                   n_in,
                                   eps);
              }
          }
      }

      /**
       * The log-sum-exp over the blocks of entry (i, t): with the line's
       * largest block maximum R (@p line_max) and scales[b] = exp(M_b - R),
       * R + log sum_b sums_b scales_b when that sum does not underflow;
       * otherwise block by block, M_b + log(sums_b) for the blocks whose sum
       * does not underflow, exact_log_sum() over the nodes of a block whose
       * sum does and whose bound M_b + log(block_size) - min_{j in B} C_k(i,
       * j) / eps (the kernel's largest entry on the block times its size) is
       * not negligible next to the largest term, @p c the costs of row i.
       */
      double
      combine_blocks(const unsigned int n_blocks,
                     const std::size_t  inner,
                     const std::size_t  t,
                     const double       line_max,
                     const double      *line,
                     const double      *c,
                     const double      *c_nearest,
                     const unsigned int n_in,
                     const double       eps)
      {
        double total = 0.;
        for (unsigned int b = 0; b < n_blocks; ++b)
          total += sums[b * inner + t] * scales[b * inner + t];
        if (total > underflow_guard)
          return line_max + std::log(total);

        terms.resize(n_blocks);
        double largest = minus_infinity;
        for (unsigned int b = 0; b < n_blocks; ++b)
          {
            const double sum = sums[b * inner + t];
            terms[b]         = sum > underflow_guard ?
                                 maxima[b * inner + t] + std::log(sum) :
                                 minus_infinity;
            largest          = std::max(largest, terms[b]);
          }
        for (unsigned int b = 0; b < n_blocks; ++b)
          if (!(sums[b * inner + t] > underflow_guard) &&
              maxima[b * inner + t] + std::log(double(block_size)) -
                  c_nearest[b] / eps >
                largest - negligible)
            {
              const unsigned int j0 = b * block_size;
              terms[b]              = exact_log_sum(line + j0 * inner + t,
                                       inner,
                                       c + j0,
                                       std::min(block_size, n_in - j0),
                                       eps);
              largest               = std::max(largest, terms[b]);
            }
        if (largest == minus_infinity)
          return minus_infinity;
        total = 0.;
        for (const double term : terms)
          total += std::exp(term - largest);
        return largest + std::log(total);
      }

      /**
       * log sum_j exp(e_j - c_j / eps) for e_j = line[j stride], stabilised
       * by the largest exponent.
       */
      static double
      exact_log_sum(const double      *line,
                    const std::size_t  stride,
                    const double      *c,
                    const unsigned int n,
                    const double       eps)
      {
        double largest = minus_infinity;
        for (unsigned int j = 0; j < n; ++j)
          largest = std::max(largest, line[j * stride] - c[j] / eps);
        if (largest == minus_infinity)
          return minus_infinity;
        double sum = 0.;
        for (unsigned int j = 0; j < n; ++j)
          sum += std::exp(line[j * stride] - c[j] / eps - largest);
        return largest + std::log(sum);
      }

      std::array<unsigned int, dim>        n_x, n_y;
      std::array<std::vector<double>, dim> cost, kernel, nearest_block_cost;
      std::vector<double>                  log_b;
      double                               largest_cost   = 0.;
      double                               kernel_epsilon = 0.;
      std::vector<double> exponent, contracted, maxima, scaled, sums, scales,
        line_max, terms;
    };

    /** <p, f> over the nodes of positive weight. */
    double
    dual_pairing(const std::vector<double> &p, const std::vector<double> &f)
    {
      double s = 0.;
      for (std::size_t n = 0; n < p.size(); ++n)
        if (p[n] > 0.)
          s += p[n] * f[n];
      return s;
    }

    /**
     * OT_eps(a, b) by Sinkhorn iterations on its dual: alternating soft
     * c-transforms f = T_b(g), g = T_a(f), or, for OT_eps(a, a), the
     * averaged update f <- (f + T_a(f)) / 2; value <a, f> + <b, g>.
     */
    template <int dim>
    class EntropicTransport
    {
    public:
      /** OT_eps(a, b). */
      EntropicTransport(const TensorGridMeasure<dim> &a,
                        const TensorGridMeasure<dim> &b)
        : a(a)
        , b(b)
        , symmetric(false)
        , onto_a(a.axes, b)
        , onto_b(b.axes, a)
        , f(a.weights.size(), 0.)
        , g(b.weights.size(), 0.)
      {
      }

      /** OT_eps(a, a). */
      explicit EntropicTransport(const TensorGridMeasure<dim> &a)
        : a(a)
        , b(a)
        , symmetric(true)
        , onto_a(a.axes, a)
        , onto_b(a.axes, a)
        , f(a.weights.size(), 0.)
      {
      }

      double
      max_cost() const
      {
        return onto_a.max_cost();
      }

      void
      iterate(const double eps)
      {
        if (symmetric)
          {
            onto_a(f, eps, t);
            for (std::size_t n = 0; n < f.size(); ++n)
              f[n] = (f[n] + t[n]) / 2.;
          }
        else
          {
            onto_a(g, eps, f);
            onto_b(f, eps, g);
          }
      }

      double
      value() const
      {
        return symmetric ?
                 2. * dual_pairing(a.weights, f) :
                 dual_pairing(a.weights, f) + dual_pairing(b.weights, g);
      }

      /**
       * Iterate at @p eps until the value changes by at most the tolerance;
       * returns it, adds the iterations to @p n_iterations.
       */
      double
      solve(const double                  eps,
            const GridSinkhornParameters &parameters,
            unsigned int                 &n_iterations)
      {
        double current = value(), change = 0.;
        for (unsigned int k = 1; k <= parameters.max_iterations; ++k)
          {
            iterate(eps);
            const double next = value();
            change            = std::abs(next - current);
            current           = next;
            if (change <= parameters.tolerance)
              {
                n_iterations += k;
                return current;
              }
          }
        std::ostringstream message;
        message << "grid_sinkhorn_divergences: no convergence in "
                << parameters.max_iterations << " iterations at eps = " << eps
                << " (last change of the dual value " << change
                << " > tolerance " << parameters.tolerance
                << "): raise eps, the tolerance or max_iterations";
        throw std::runtime_error(message.str());
      }

    private:
      const TensorGridMeasure<dim> &a, &b;
      const bool                    symmetric;
      SoftTransform<dim>            onto_a, onto_b;
      std::vector<double>           f, g, t;
    };

    void
    check_parameters(const std::vector<double>    &epsilons,
                     const GridSinkhornParameters &parameters)
    {
      if (epsilons.empty() || !(epsilons.back() > 0.) ||
          !(parameters.tolerance > 0.))
        throw std::invalid_argument(
          "grid_sinkhorn_divergences: needs at least one eps, all eps and "
          "the tolerance positive");
      for (std::size_t j = 1; j < epsilons.size(); ++j)
        if (!(epsilons[j] < epsilons[j - 1]))
          throw std::invalid_argument(
            "grid_sinkhorn_divergences: the eps must decrease");
    }
  } // namespace

  template <int dim>
  GridSinkhornDivergences
  grid_sinkhorn_divergences(const TensorGridMeasure<dim> &a,
                            const TensorGridMeasure<dim> &b,
                            const std::vector<double>    &epsilons,
                            const GridSinkhornParameters &parameters)
  {
    check_parameters(epsilons, parameters);
    EntropicTransport<dim> ab(a, b), aa(a), bb(b);
    const double           c_max =
      std::max({ab.max_cost(), aa.max_cost(), bb.max_cost()});

    GridSinkhornDivergences result;
    for (double eps = c_max; eps > epsilons.front(); eps /= 2.)
      {
        for (EntropicTransport<dim> *problem : {&ab, &aa, &bb})
          problem->iterate(eps);
        result.n_iterations += 3;
      }
    for (const double eps : epsilons)
      {
        const double cost_ab = ab.solve(eps, parameters, result.n_iterations);
        const double cost_aa = aa.solve(eps, parameters, result.n_iterations);
        const double cost_bb = bb.solve(eps, parameters, result.n_iterations);
        result.divergences.push_back(cost_ab - (cost_aa + cost_bb) / 2.);
      }
    return result;
  }

  template <int dim>
  GridWasserstein
  grid_sinkhorn_wasserstein(const TensorGridMeasure<dim> &a,
                            const TensorGridMeasure<dim> &b,
                            const GridSinkhornParameters &parameters)
  {
    if (!(parameters.finest_epsilon_over_h_squared >= 1.) ||
        parameters.n_epsilons < 3)
      throw std::invalid_argument(
        "grid_sinkhorn_wasserstein: needs finest_epsilon_over_h_squared >= 1 "
        "(below, the nodal sums alias: error 2 exp(-pi^2 eps / h^2)) and at "
        "least 3 eps (the error estimate compares two extrapolations)");
    const double h = std::max(a.spacing(), b.spacing());

    GridWasserstein result;
    for (unsigned int j = 0; j < parameters.n_epsilons; ++j)
      result.epsilons.push_back(parameters.finest_epsilon_over_h_squared * h *
                                h *
                                std::pow(2., parameters.n_epsilons - 1 - j));
    const GridSinkhornDivergences s =
      grid_sinkhorn_divergences(a, b, result.epsilons, parameters);
    result.divergences  = s.divergences;
    result.n_iterations = s.n_iterations;

    // Richardson in eps^2 with ratio 2: (4 S(eps / 2) - S(eps)) / 3
    const auto richardson = [&s](const std::size_t j) {
      return (4. * s.divergences[j + 1] - s.divergences[j]) / 3.;
    };
    const std::size_t last          = s.divergences.size() - 2;
    const double      squared       = richardson(last);
    const double      squared_error = std::abs(squared - richardson(last - 1));
    result.distance                 = std::sqrt(std::max(squared, 0.));
    result.error_estimate =
      result.distance > 0. ?
        std::min(std::sqrt(squared_error), squared_error / result.distance) :
        std::sqrt(squared_error);
    return result;
  }

  template <int dim>
  GridWasserstein
  grid_sinkhorn_wasserstein(const MeshDiscretisation<dim> &mesh_a,
                            const dealii::Vector<double>  &nu_a,
                            const MeshDiscretisation<dim> &mesh_b,
                            const dealii::Vector<double>  &nu_b,
                            const GridSinkhornParameters  &parameters)
  {
    return grid_sinkhorn_wasserstein(tensor_grid_measure(mesh_a, nu_a),
                                     tensor_grid_measure(mesh_b, nu_b),
                                     parameters);
  }

#define MFPG_INSTANTIATE(dim)                                 \
  template GridSinkhornDivergences grid_sinkhorn_divergences( \
    const TensorGridMeasure<dim> &,                           \
    const TensorGridMeasure<dim> &,                           \
    const std::vector<double> &,                              \
    const GridSinkhornParameters &);                          \
  template GridWasserstein grid_sinkhorn_wasserstein(         \
    const TensorGridMeasure<dim> &,                           \
    const TensorGridMeasure<dim> &,                           \
    const GridSinkhornParameters &);                          \
  template GridWasserstein grid_sinkhorn_wasserstein(         \
    const MeshDiscretisation<dim> &,                          \
    const dealii::Vector<double> &,                           \
    const MeshDiscretisation<dim> &,                          \
    const dealii::Vector<double> &,                           \
    const GridSinkhornParameters &);
  MFPG_INSTANTIATE(1)
  MFPG_INSTANTIATE(2)
  MFPG_INSTANTIATE(3)
#undef MFPG_INSTANTIATE
} // namespace mfpg
