// Milp::solve through COIN-OR CBC's C interface (Debian coinor-libcbc-dev). CBC was chosen as
// the maintained open-source MILP solver Debian ships; its C interface keeps the coupling to
// one file.
#include "milp.hpp"

#include <coin/Cbc_C_Interface.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>

namespace ccsim::models::roster {

int Milp::add_column(double cost, double lo, double hi, bool integer) {
  cost_.push_back(cost);
  col_lo_.push_back(lo);
  col_hi_.push_back(hi);
  integer_.push_back(integer ? 1 : 0);
  return columns() - 1;
}

int Milp::add_row(const std::vector<int>& cols, const std::vector<double>& coefs, double lo,
                  double hi) {
  if (cols.size() != coefs.size()) throw std::logic_error("Milp::add_row: sizes differ");
  const int r = rows();
  row_lo_.push_back(lo);
  row_hi_.push_back(hi);
  for (std::size_t k = 0; k < cols.size(); ++k) {
    if (coefs[k] == 0.0) continue;
    t_row_.push_back(r);
    t_col_.push_back(cols[k]);
    t_val_.push_back(coefs[k]);
  }
  return r;
}

namespace {
struct ModelDeleter {
  void operator()(Cbc_Model* m) const { Cbc_deleteModel(m); }
};
double finite(double x) {
  constexpr double big = std::numeric_limits<double>::max();  // CBC's infinity
  return std::isinf(x) ? (x > 0 ? big : -big) : x;
}
}  // namespace

bool Milp::feasible(const std::vector<double>& x, double tolerance) const {
  if (static_cast<int>(x.size()) != columns()) return false;
  for (std::size_t j = 0; j < x.size(); ++j) {
    if (x[j] < col_lo_[j] - tolerance || x[j] > col_hi_[j] + tolerance) return false;
    if (integer_[j] && std::abs(x[j] - std::round(x[j])) > tolerance) return false;
  }
  std::vector<double> activity(row_lo_.size(), 0.0);
  for (std::size_t k = 0; k < t_row_.size(); ++k)
    activity[static_cast<std::size_t>(t_row_[k])] +=
        t_val_[k] * x[static_cast<std::size_t>(t_col_[k])];
  for (std::size_t i = 0; i < activity.size(); ++i)
    if (activity[i] < row_lo_[i] - tolerance || activity[i] > row_hi_[i] + tolerance) return false;
  return true;
}

double Milp::cost(const std::vector<double>& x) const {
  double c = 0.0;
  for (std::size_t j = 0; j < x.size() && j < cost_.size(); ++j) c += cost_[j] * x[j];
  return c;
}

Milp::Result Milp::solve_relaxation() const {
  Milp lp = *this;
  std::fill(lp.integer_.begin(), lp.integer_.end(), 0);
  Result r = lp.solve(0, 0);
  r.bound = r.objective;
  return r;
}

Milp::Result Milp::solve(double time_limit_seconds, double relative_gap,
                         const std::vector<double>* first, int max_nodes) const {
  const int n = columns();
  const int m = rows();
  // Triplets -> compressed sparse columns (stable: rows keep their insertion order).
  std::vector<CoinBigIndex> start(static_cast<std::size_t>(n) + 1, 0);
  for (int c : t_col_) ++start[static_cast<std::size_t>(c) + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<int> index(t_row_.size());
  std::vector<double> value(t_row_.size());
  std::vector<CoinBigIndex> fill(start.begin(), start.end() - 1);
  for (std::size_t k = 0; k < t_row_.size(); ++k) {
    const auto pos = static_cast<std::size_t>(fill[static_cast<std::size_t>(t_col_[k])]++);
    index[pos] = t_row_[k];
    value[pos] = t_val_[k];
  }
  std::vector<double> clo(col_lo_.size()), chi(col_hi_.size()), rlo(row_lo_.size()),
      rhi(row_hi_.size());
  for (std::size_t j = 0; j < clo.size(); ++j)
    clo[j] = finite(col_lo_[j]), chi[j] = finite(col_hi_[j]);
  for (std::size_t i = 0; i < rlo.size(); ++i)
    rlo[i] = finite(row_lo_[i]), rhi[i] = finite(row_hi_[i]);

  std::unique_ptr<Cbc_Model, ModelDeleter> model(Cbc_newModel());
  Cbc_loadProblem(model.get(), n, m, start.data(), index.data(), value.data(), clo.data(),
                  chi.data(), cost_.data(), rlo.data(), rhi.data());
  for (int j = 0; j < n; ++j)
    if (integer_[static_cast<std::size_t>(j)]) Cbc_setInteger(model.get(), j);
  Cbc_setLogLevel(model.get(), 0);
  // One thread: CBC's search is then deterministic (same model, same answer).
  Cbc_setParameter(model.get(), "threads", "1");
  Cbc_setParameter(model.get(), "timeMode", "elapsed");
  if (time_limit_seconds > 0) Cbc_setMaximumSeconds(model.get(), time_limit_seconds);
  if (relative_gap > 0) Cbc_setAllowableFractionGap(model.get(), relative_gap);
  if (max_nodes > 0) Cbc_setMaximumNodes(model.get(), max_nodes);
  if (first && static_cast<int>(first->size()) == n) {
    std::vector<int> idx;
    std::vector<double> val;
    for (int j = 0; j < n; ++j)
      if (integer_[static_cast<std::size_t>(j)] && (*first)[static_cast<std::size_t>(j)] != 0.0)
        idx.push_back(j), val.push_back((*first)[static_cast<std::size_t>(j)]);
    Cbc_setMIPStartI(model.get(), static_cast<int>(idx.size()), idx.data(), val.data());
  }
  Cbc_solve(model.get());

  Result r;
  const bool continuous = std::none_of(integer_.begin(), integer_.end(), [](char c) { return c; });
  if (continuous) {  // Clp solved it; CBC keeps no "best solution" then
    if (!Cbc_isProvenOptimal(model.get())) {
      r.status = Result::Status::infeasible;
      return r;
    }
    const double* x = Cbc_getColSolution(model.get());
    r.x.assign(x, x + n);
    r.objective = Cbc_getObjValue(model.get());
    r.bound = r.objective;
    r.status = Result::Status::optimal;
    return r;
  }
  const bool has_solution = Cbc_bestSolution(model.get()) != nullptr;
  if (Cbc_isProvenInfeasible(model.get()) && !has_solution) {
    r.status = Result::Status::infeasible;
    return r;
  }
  if (!has_solution) return r;  // no_solution (time ran out first)
  const double* x = Cbc_getColSolution(model.get());
  r.x.assign(x, x + n);
  for (int j = 0; j < n; ++j)
    if (integer_[static_cast<std::size_t>(j)])
      r.x[static_cast<std::size_t>(j)] = std::round(r.x[static_cast<std::size_t>(j)]);
  r.objective = 0.0;
  for (int j = 0; j < n; ++j)
    r.objective += cost_[static_cast<std::size_t>(j)] * r.x[static_cast<std::size_t>(j)];
  r.bound = std::min(r.objective, Cbc_getBestPossibleObjValue(model.get()));
  r.status = Cbc_isProvenOptimal(model.get()) ? Result::Status::optimal : Result::Status::feasible;
  return r;
}

}  // namespace ccsim::models::roster
