#include "model/symmetric_matrix_function.h"

#include <deal.II/lac/lapack_full_matrix.h>

#include <limits>

namespace mfpg
{
  namespace
  {
    void
    eigensystem(const dealii::FullMatrix<double> &M,
                dealii::Vector<double>           &values,
                dealii::FullMatrix<double>       &vectors)
    {
      AssertDimension(M.m(), M.n());
      dealii::LAPACKFullMatrix<double> lapack(M.m(), M.n());
      lapack            = M;
      const double huge = std::numeric_limits<double>::max();
      lapack.compute_eigenvalues_symmetric(-huge, huge, 0., values, vectors);
    }
  } // namespace

  dealii::Vector<double>
  symmetric_eigenvalues(const dealii::FullMatrix<double> &M)
  {
    dealii::Vector<double>     values;
    dealii::FullMatrix<double> vectors;
    eigensystem(M, values, vectors);
    return values;
  }

  dealii::FullMatrix<double>
  symmetric_matrix_function(const dealii::FullMatrix<double>    &M,
                            const std::function<double(double)> &f)
  {
    dealii::Vector<double>     values;
    dealii::FullMatrix<double> vectors;
    eigensystem(M, values, vectors);
    const unsigned int         n = M.m();
    dealii::FullMatrix<double> result(n, n);
    for (unsigned int e = 0; e < n; ++e)
      {
        const double fe = f(values[e]);
        for (unsigned int k = 0; k < n; ++k)
          for (unsigned int l = 0; l < n; ++l)
            result(k, l) += vectors(k, e) * fe * vectors(l, e);
      }
    return result;
  }
} // namespace mfpg
