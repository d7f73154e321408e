#pragma once
// A mixed-integer linear program and one call that solves it. The roster code builds its
// models against this; the solver library (COIN-OR CBC) is used only in milp.cpp, so it stays
// private to ccsim_models.

#include <limits>
#include <vector>

namespace ccsim::models::roster {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// min c'x  s.t.  row_lo <= A x <= row_hi,  col_lo <= x <= col_hi,  x_j integer where flagged.
class Milp {
 public:
  /// Adds a column; returns its index.
  int add_column(double cost, double lo, double hi, bool integer);
  /// Adds a row lo <= sum coef_k x_{cols_k} <= hi; returns its index.
  int add_row(const std::vector<int>& cols, const std::vector<double>& coefs, double lo, double hi);

  /// Fixes column j to `value`.
  void fix(int j, double value) {
    col_lo_[static_cast<std::size_t>(j)] = col_hi_[static_cast<std::size_t>(j)] = value;
  }

  int columns() const { return static_cast<int>(cost_.size()); }
  int rows() const { return static_cast<int>(row_lo_.size()); }

  struct Result {
    enum class Status { optimal, feasible, infeasible, no_solution };
    Status status = Status::no_solution;
    std::vector<double> x;  ///< column values (integers exactly rounded), empty without one
    double objective = kInfinity;
    double bound = -kInfinity;  ///< best lower bound proved (LP bound of the search tree)
    double shortfall = 0;       ///< set by callers that price shortfalls (roster stage 2)
  };

  /// Solves with CBC on one thread (deterministic). `time_limit_seconds` <= 0 means none;
  /// when it runs out the best solution found so far is returned (status feasible) or none.
  /// `relative_gap` stops the search once (objective - bound) <= gap x |objective|.
  /// `start`, when given (one value per column), is offered to CBC as a first solution.
  /// `max_nodes` > 0 stops the branch and bound after that many nodes: unlike a time limit, the
  /// same result on any machine and load.
  Result solve(double time_limit_seconds, double relative_gap,
               const std::vector<double>* start = nullptr, int max_nodes = 0) const;
  /// Whether x satisfies every bound, row and integrality (within `tolerance`).
  bool feasible(const std::vector<double>& x, double tolerance = 1e-6) const;
  /// c'x.
  double cost(const std::vector<double>& x) const;
  /// The linear relaxation (integrality dropped); status optimal or infeasible.
  Result solve_relaxation() const;

 private:
  std::vector<double> cost_, col_lo_, col_hi_;
  std::vector<char> integer_;
  std::vector<double> row_lo_, row_hi_;
  // Triplets (row, column, value), turned into CSC on solve.
  std::vector<int> t_row_, t_col_;
  std::vector<double> t_val_;
};

}  // namespace ccsim::models::roster
