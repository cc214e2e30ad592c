#include "particles/blob_diffusion.h"

#include "model/parameter_file.h"
#include "particles/particle_chunks.h"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <cmath>
#include <sstream>
#include <utility>

namespace mfpg
{
  namespace bg  = boost::geometry;
  namespace bgi = boost::geometry::index;

  BlobDiffusion::BlobDiffusion(const Regulariser &regulariser,
                               const double       sigma,
                               const double       width)
    : m(0.)
    , diffusion(0.5 * sigma * sigma)
    , eps(width)
  {
    regulariser.require_tsallis("the blob particles");
    m = regulariser.exponent();
    if (!(width > 0.) || !std::isfinite(width))
      {
        std::ostringstream value;
        value << width;
        throw ParameterError("Particles/Blob width",
                             "the blobs' width eps must be positive, not " +
                               value.str());
      }
  }

  double
  BlobDiffusion::width() const
  {
    return eps;
  }

  double
  BlobDiffusion::energy_slope(const double s) const
  {
    return m == 2. ? 1. : std::pow(s, m - 2.);
  }

  BlobDiffusion::Evaluation
  BlobDiffusion::evaluate(const std::vector<double> &all,
                          const unsigned int         d) const
  {
    // F(rho) = rho^{m-1} / (m - 1) = rho F'(rho) / (m - 1)
    Sums   blob = sums(all, d, 0, all.size() / d, MPI_COMM_SELF);
    double sum  = 0.;
    for (const double r : blob.rho)
      sum += r * energy_slope(r) / (m - 1.);
    return {sum / blob.rho.size() - 1. / (m - 1.), std::move(blob.velocities)};
  }

  std::vector<double>
  BlobDiffusion::velocities(const std::vector<double> &all,
                            const unsigned int         d,
                            const unsigned int         first,
                            const unsigned int         n,
                            const MPI_Comm             communicator) const
  {
    return sums(all, d, first, n, communicator).velocities;
  }

  BlobDiffusion::Sums
  BlobDiffusion::sums(const std::vector<double> &all,
                      const unsigned int         d,
                      const unsigned int         first,
                      const unsigned int         n,
                      const MPI_Comm             communicator) const
  {
    switch (d)
      {
        case 1:
          return sums<1>(all, first, n, communicator);
        case 2:
          return sums<2>(all, first, n, communicator);
        case 3:
          return sums<3>(all, first, n, communicator);
        default:
          throw ParameterError("Feature",
                               "the blob particles run in d <= 3, not d = " +
                                 std::to_string(d));
      }
  }

  template <int dim>
  BlobDiffusion::Sums
  BlobDiffusion::sums(const std::vector<double> &all,
                      const unsigned int         first,
                      const unsigned int         n,
                      const MPI_Comm             communicator) const
  {
    using Point          = bg::model::point<double, dim, bg::cs::cartesian>;
    using Box            = bg::model::box<Point>;
    using Entry          = std::pair<Point, unsigned int>;
    const unsigned int N = all.size() / dim;
    const auto point     = [&all](const unsigned int j, const double shift) {
      Point p;
      bg::set<0>(p, all[j * dim] + shift);
      if constexpr (dim > 1)
        bg::set<1>(p, all[j * dim + 1] + shift);
      if constexpr (dim > 2)
        bg::set<2>(p, all[j * dim + 2] + shift);
      return p;
    };
    std::vector<Entry> entries(N);
    for (unsigned int j = 0; j < N; ++j)
      entries[j] = {point(j, 0.), j};
    const bgi::rtree<Entry, bgi::quadratic<16>> tree(entries.begin(),
                                                     entries.end());

    const double cutoff = eps * std::sqrt(2. * std::log(1e16));
    const double peak   = std::pow(2. * M_PI * eps * eps, -0.5 * dim);
    // sum over the neighbours j of particle i of f(j, phi_eps(theta_i -
    // theta_j), theta_i - theta_j)
    const auto for_neighbours = [&](const unsigned int i, const auto &f) {
      // the query's iterators: no list of neighbours is allocated
      for (auto entry = tree.qbegin(
             bgi::intersects(Box(point(i, -cutoff), point(i, cutoff))));
           entry != tree.qend();
           ++entry)
        {
          const unsigned int j = entry->second;
          double             x[dim], r2 = 0.;
          for (unsigned int k = 0; k < dim; ++k)
            {
              x[k] = all[i * dim + k] - all[j * dim + k];
              r2 += x[k] * x[k];
            }
          if (r2 <= cutoff * cutoff)
            f(j, peak * std::exp(-0.5 * r2 / (eps * eps)), x);
        }
    };

    // rho at this rank's particles, then at all of them
    const ParticleChunks chunks(n);
    std::vector<double>  rho_owned(n, 0.);
    chunks.parallel_for([&](const unsigned int chunk) {
      for (unsigned int i = chunks.begin(chunk); i < chunks.end(chunk); ++i)
        for_neighbours(first + i,
                       [&](unsigned int, const double phi, double *) {
                         rho_owned[i] += phi / N;
                       });
    });
    std::vector<double> rho;
    for (const std::vector<double> &block :
         dealii::Utilities::MPI::all_gather(communicator, rho_owned))
      rho.insert(rho.end(), block.begin(), block.end());

    // grad phi_eps(x) = -x / eps^2 phi_eps(x)
    const auto F_prime = [this](const double s) { return energy_slope(s); };
    std::vector<double> v(std::size_t(n) * dim, 0.);
    chunks.parallel_for([&](const unsigned int chunk) {
      for (unsigned int i = chunks.begin(chunk); i < chunks.end(chunk); ++i)
        {
          const double own = F_prime(rho[first + i]);
          for_neighbours(
            first + i, [&](const unsigned int j, const double phi, double *x) {
              const double weight =
                (own + F_prime(rho[j])) * phi / (N * eps * eps);
              // -D (-(x / eps^2) phi (F'(rho_i) + F'(rho_j)) / N)
              for (unsigned int k = 0; k < dim; ++k)
                v[i * dim + k] += diffusion * weight * x[k];
            });
        }
    });
    return {rho, v};
  }
} // namespace mfpg
