#pragma once
// Independent integer programs solved side by side. Debian's CBC is built without
// CBC_THREAD_SAFE (its solver keeps global state, coin-or/Cbc#332), so two programs never share
// an address space: each runs in a child process and sends its result back through a pipe.

#include <functional>
#include <vector>

#include "milp.hpp"

namespace ccsim::models::roster {

/// Runs every job, at most `workers` at once, each in a forked child process, and returns
/// their results in job order. A child's side effects (on the caller's objects) are lost; only
/// the returned Result comes back. With workers <= 1 or a single job the jobs run here, in
/// order. A job's RosterError is thrown again here with its path and message, any other
/// exception as std::runtime_error with its message, and a child that dies or sends no
/// result is a std::runtime_error.
std::vector<Milp::Result> run_isolated(const std::vector<std::function<Milp::Result()>>& jobs,
                                       int workers);

}  // namespace ccsim::models::roster
