#include "isolated.hpp"

#include <poll.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>

#include "ccsim/models/roster.hpp"

namespace ccsim::models::roster {
namespace {

// Wire format of a result: status, objective, bound, shortfall, the number of values, values.
struct Header {
  std::int32_t status;
  double objective, bound, shortfall;
  std::uint64_t values;
};

bool write_all(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

int send_error(int fd, std::int32_t status, const std::string& text) {
  const Header h{status, 0.0, 0.0, 0.0, static_cast<std::uint64_t>(text.size())};
  return write_all(fd, &h, sizeof h) && write_all(fd, text.data(), text.size()) ? 0 : 1;
}

[[noreturn]] void child(const std::function<Milp::Result()>& job, int fd) {
  int code = 1;
  try {
    const Milp::Result r = job();
    const Header h{static_cast<std::int32_t>(r.status), r.objective, r.bound, r.shortfall,
                   static_cast<std::uint64_t>(r.x.size())};
    if (write_all(fd, &h, sizeof h) && write_all(fd, r.x.data(), r.x.size() * sizeof(double)))
      code = 0;
  } catch (const RosterError& e) {
    // Status -2: a RosterError, its path, a NUL and its message instead of values.
    code = send_error(fd, -2, e.path() + '\0' + e.what());
  } catch (const std::exception& e) {
    code = send_error(fd, -1, e.what());  // status -1: any other exception's message
  } catch (...) {
  }
  ::_exit(code);  // no atexit handlers, no stdio flush: the parent's buffers are its own
}

Milp::Result decode(const std::string& bytes, std::size_t job) {
  Header h{};
  auto bad = [job](const char* why) {
    return std::runtime_error("roster: solver process of program " + std::to_string(job + 1) + " " +
                              why);
  };
  if (bytes.size() < sizeof h) throw bad("sent no result");
  std::memcpy(&h, bytes.data(), sizeof h);
  if (h.status < 0 && bytes.size() == sizeof h + h.values) {  // the child's exception, again
    const std::string text = bytes.substr(sizeof h);
    const std::size_t nul = text.find('\0');
    if (h.status == -2 && nul != std::string::npos)
      throw RosterError(text.substr(0, nul), text.substr(nul + 1));
    throw std::runtime_error(text);
  }
  if (bytes.size() != sizeof h + h.values * sizeof(double)) throw bad("sent a truncated result");
  if (h.status < 0 || h.status > static_cast<std::int32_t>(Milp::Result::Status::no_solution))
    throw bad("sent an unknown status");
  Milp::Result r;
  r.status = static_cast<Milp::Result::Status>(h.status);
  r.objective = h.objective;
  r.bound = h.bound;
  r.shortfall = h.shortfall;
  r.x.resize(h.values);
  if (h.values > 0) std::memcpy(r.x.data(), bytes.data() + sizeof h, h.values * sizeof(double));
  return r;
}

}  // namespace

std::vector<Milp::Result> run_isolated(const std::vector<std::function<Milp::Result()>>& jobs,
                                       int workers) {
  std::vector<Milp::Result> out(jobs.size());
  if (workers <= 1 || jobs.size() <= 1) {
    for (std::size_t k = 0; k < jobs.size(); ++k) out[k] = jobs[k]();
    return out;
  }
  struct Running {
    pid_t pid;
    int fd;
    std::size_t job;
    std::string bytes;
  };
  std::vector<Running> running;
  std::size_t next = 0, done = 0;
  std::string failure;       // why the jobs stopped, if they did
  std::exception_ptr error;  // what to throw then, when a job's own exception
  auto reap = [&](Running& r) {
    int status = 0;
    while (::waitpid(r.pid, &status, 0) < 0 && errno == EINTR) {
    }
    ::close(r.fd);
    if (!failure.empty()) return;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      failure =
          "roster: solver process of program " + std::to_string(r.job + 1) +
          (WIFSIGNALED(status) ? " died of signal " + std::to_string(WTERMSIG(status)) : " failed");
      return;
    }
    try {
      out[r.job] = decode(r.bytes, r.job);
    } catch (...) {
      error = std::current_exception();  // a job's RosterError keeps its type
      failure = "job failed";
    }
  };
  while (done < jobs.size()) {
    while (failure.empty() && next < jobs.size() &&
           running.size() < static_cast<std::size_t>(workers)) {
      int fds[2];
      if (::pipe(fds) != 0) {
        failure = std::string("roster: pipe failed: ") + std::strerror(errno);
        break;
      }
      const pid_t pid = ::fork();
      if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        failure = std::string("roster: fork failed: ") + std::strerror(errno);
        break;
      }
      if (pid == 0) {
        ::close(fds[0]);
        child(jobs[next], fds[1]);
      }
      ::close(fds[1]);
      running.push_back({pid, fds[0], next, {}});
      ++next;
    }
    if (running.empty()) break;  // a failure stopped the launches and every child is reaped
    std::vector<pollfd> polls;
    for (const Running& r : running) polls.push_back({r.fd, POLLIN, 0});
    if (::poll(polls.data(), polls.size(), -1) < 0) {
      if (errno == EINTR) continue;
      failure = std::string("roster: poll failed: ") + std::strerror(errno);
    }
    for (std::size_t i = running.size(); i-- > 0;) {
      if (failure.empty() && !(polls[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[65536];
      ssize_t n = 0;
      if (failure.empty()) {
        n = ::read(running[i].fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n > 0) {
          running[i].bytes.append(buf, static_cast<std::size_t>(n));
          continue;
        }
      } else {
        ::kill(running[i].pid, SIGKILL);
      }
      reap(running[i]);
      running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
      ++done;
    }
  }
  if (error) std::rethrow_exception(error);
  if (!failure.empty()) throw std::runtime_error(failure);
  return out;
}

}  // namespace ccsim::models::roster
