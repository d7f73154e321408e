// Exact Erlang B / C / A solvers and the required-agents search.
//
// Notation: lambda = arrival rate, mu = 1 / AHT, theta = 1 / mean patience, N agents,
// A = lambda / mu offered load, s = N mu the service rate when every agent is busy.
// Stationary distribution of the number in system k (a birth-death chain: up rate lambda,
// down rate min(k, N) mu + max(k - N, 0) theta), written relative to pi_N:
//   k <= N: pi_k / pi_N = N! / (k! A^(N-k))        -> r := sum_{k<N} pi_k / pi_N = 1/B(N,A) - 1
//   k = N + j: t_j := pi_{N+j} / pi_N = prod_{i=1..j} lambda / (s + i theta)   (Erlang A)
// For Erlang C (theta = 0) the t_j are geometric, which gives the classical closed forms.
// Sources: Erlang B/C: Kleinrock, Queueing Systems I (1975), sec. 3.5-3.6. Erlang A:
// Garnett, Mandelbaum & Reiman (2002), "Designing a call center with impatient customers",
// MSOM 4(3), sec. 3; Mandelbaum & Zeltyn (2007), "The Palm/Erlang-A queue, with applications
// to call centers", sec. 2-4.

#include "ccsim/models/erlang.hpp"

#include <algorithm>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <vector>

namespace ccsim::models {
namespace {

// Boost.Math evaluates double functions in long double by default; in double they are 4-5
// times faster and still within ~1e-11 relative at 20,000 agents (measured against the
// promoted versions), far inside the 1e-9 the solvers promise.
using Policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

// Scaled sums are renormalised by this factor so that products of many ratios never overflow.
constexpr double kBig = 1e100;
const double kLogBig = std::log(kBig);
// Relative size below which the tail of a series is dropped (far below double precision).
constexpr double kTailEpsilon = 1e-20;
// Erlang A sums one term per queue length in the window that holds the mass; beyond this many
// the input is unreasonable (e.g. patience of months with a heavily overloaded queue). It
// also bounds the cost of one evaluation (about 50 ms in Release).
constexpr long kMaxQueueTerms = 2'000'000;
// Far into overload only a window around the mode of the queue length is summed (erlang_a);
// beyond this mode the rounding of its log-gamma terms would start to matter.
constexpr double kMaxMode = 1e12;

std::string num(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

// fl(x / d) < e for x, e >= 0 and d > 0, dividing only where a product cannot decide:
// x > fl(2 e d) >= 2 e d (1 - u) gives x / d > e (1 + u), so fl(x / d) >= e. The tail tests of
// the Erlang A sums run once per term; this keeps their outcome and drops their division.
bool quotient_below(double x, double d, double e) { return x <= 2.0 * e * d && x / d < e; }

bool finite_nonneg(double x) { return std::isfinite(x) && x >= 0.0; }
bool finite_pos(double x) { return std::isfinite(x) && x > 0.0; }

// 1 / (1 + exp(x)) without overflow.
double inv_one_plus_exp(double x) {
  if (x > 0.0) {
    const double e = std::exp(-x);
    return e / (1.0 + e);
  }
  return 1.0 / (1.0 + std::exp(x));
}

// log(exp(x) + exp(y)).
double log_add_exp(double x, double y) {
  if (x < y) std::swap(x, y);
  if (y == -std::numeric_limits<double>::infinity()) return x;
  return x + std::log1p(std::exp(y - x));
}

// log r with r = P(Poisson(a) <= n-1) / P(Poisson(a) = n) = 1/B(n, a) - 1, for n >= 1, a > 0.
// P(Poisson(a) <= n-1) = Q(n, a) (regularised upper incomplete gamma) and
// P(Poisson(a) = n) = a^n e^-a / n! = d/dx P(n+1, x) at x = a, both from Boost.Math, which
// evaluates them to a few ulps without forming a^n or n!.
double log_ratio_below(int n, double a) {
  const double nd = n;
  const double pmf = boost::math::gamma_p_derivative(nd + 1.0, a, Policy());
  // Below ~1e-280 the pmf may be denormal or zero: use logs (only reached when B is tiny
  // or when a >> n, where the branch below takes over).
  const double log_pmf = pmf > 1e-280
                             ? std::log(pmf)
                             : -a + nd * std::log(a) - boost::math::lgamma(nd + 1.0, Policy());
  const double q = boost::math::gamma_q(nd, a, Policy());
  if (q > 1e-280) return std::log(q) - log_pmf;
  // a >> n: numerator and denominator underflow, but their ratio is moderate. Sum it from
  // k = n-1 downwards: pi_{n-m}/pi_n = prod_{i<m} (n-i)/a falls at least geometrically (n < a).
  double term = 1.0, sum = 0.0;
  for (int m = 1; m <= n; ++m) {
    term *= (nd - (m - 1)) / a;
    sum += term;
    if (term < kTailEpsilon * sum) break;
  }
  return std::log(sum);
}

// sum_{j=first..last} w_j I_y(j+1, alpha), I the regularised incomplete beta, given
// log_d_first = log d_first (d below; for first = 0 it is alpha log(1 - y), passed in so that
// each caller keeps its own rounding) and w[j - first] = w_j (w_j for j < first is negligible).
// I_y(j+1, alpha) = P(K >= j+1) for the negative binomial K with pmf d_k = Gamma(k+alpha) /
// (k! Gamma(alpha)) y^k (1-y)^alpha, so the sum is sum_{k=first+1..last} d_k W_{k-1} + W_last
// P(K >= last+1), W_k = w_first + ... + w_k: a sum of positive terms, unlike the
// divided-difference form of hypoexponential CDFs, which cancels catastrophically.
// Returned as its two parts (the d_k sum, the tail) so that callers add them in a fixed order.
// MixtureSum takes one term at a time, so that a caller may form the weights, or sum several
// mixtures, in one loop: add(k, w_k) for k = first..last in order, then result().
struct Mixture {
  double head = 0.0, tail = 0.0;
  double sum() const { return head + tail; }
};
class MixtureSum {
 public:
  MixtureSum(long last, double y, double log_d_first, double alpha)
      : last_(last), y_(y), alpha_(alpha), log_d_scale_(log_d_first) {}
  void add(long k, double w) {
    partial_ += w;  // W_k
    if (k + 1 <= last_) {
      d_ *= y_ * (static_cast<double>(k) + alpha_) / static_cast<double>(k + 1);  // d_{k+1}
      if (d_ > kBig) {
        d_ /= kBig;
        scaled_ /= kBig;
        log_d_scale_ += kLogBig;
      }
      scaled_ += d_ * partial_;
    }
  }
  Mixture result() const {
    if (!(y_ > 0.0)) return {};
    const double head = scaled_ > 0.0 ? std::exp(std::log(scaled_) + log_d_scale_) : 0.0;
    return {head,
            partial_ * boost::math::ibeta(static_cast<double>(last_ + 1), alpha_, y_, Policy())};
  }

 private:
  long last_;
  double y_, alpha_, log_d_scale_;
  double d_ = 1.0, scaled_ = 0.0, partial_ = 0.0;
};

// log d_k of the negative binomial above, with log(1 - y) = -theta x passed exactly as
// `log_one_minus_y`. Its absolute error is that of lgamma at k + alpha, about
// 1e-16 (k + alpha) log(k + alpha): only used for windows far from k = 0 (erlang_a).
double log_negative_binomial_pmf(long k, double alpha, double y, double log_one_minus_y) {
  const double kd = static_cast<double>(k);
  return boost::math::lgamma(kd + alpha, Policy()) - boost::math::lgamma(alpha, Policy()) -
         boost::math::lgamma(kd + 1.0, Policy()) + kd * std::log(y) + alpha * log_one_minus_y;
}

// log d_first of the mixture at x seconds whose shape is rate / theta: for first = 0 it is
// alpha log(1 - y) = -x rate exactly (log(1 - y) = -theta x); a window starts at d_first.
double log_d_first(long first, double theta, double x, double rate) {
  if (first == 0) return -x * rate;
  const double log_one_minus_y = -theta * x;
  return log_negative_binomial_pmf(first, rate / theta, -std::expm1(log_one_minus_y),
                                   log_one_minus_y);
}

// psi(a + m) - psi(a) = sum_{i=0..m-1} 1 / (a + i) for a > 0, in O(1): the first terms are
// summed until a >= 64, then psi(z) = ln z + g(z) with the asymptotic series g(z) = -1/(2z) -
// 1/(12 z^2) + 1/(120 z^4) - 1/(252 z^6) (next term 1/(240 z^8) < 2e-17 at z = 64), written as
// log1p(m / a) + g(a + m) - g(a) so that it keeps its digits when m << a.
double digamma_gap(double a, long m) {
  double direct = 0.0;
  while (m > 0 && (a < 64.0 || m <= 64)) {
    direct += 1.0 / a;
    a += 1.0;
    --m;
  }
  if (m == 0) return direct;
  const auto g = [](double z) {
    const double z2 = 1.0 / (z * z);
    return -0.5 / z - z2 * (1.0 / 12.0 - z2 * (1.0 / 120.0 - z2 / 252.0));
  };
  const double md = static_cast<double>(m);
  return direct + std::log1p(md / a) + (g(a + md) - g(a));
}

struct Rates {
  double lambda;  // arrivals per second
  double mu;      // services per second per agent
  double load;    // A, Erlangs
};

Rates check_input(const QueueInput& in, const char* model) {
  const std::string m = model;
  if (!finite_nonneg(in.arrival_rate))
    throw std::invalid_argument(m + ": arrival rate must be a finite number >= 0, got " +
                                num(in.arrival_rate));
  if (!finite_pos(in.mean_service_seconds))
    throw std::invalid_argument(m + ": mean service time must be a finite number > 0, got " +
                                num(in.mean_service_seconds));
  if (!finite_nonneg(in.sl_seconds))
    throw std::invalid_argument(m + ": service-level threshold must be a finite number >= 0, got " +
                                num(in.sl_seconds));
  if (!finite_nonneg(in.short_abandon_seconds))
    throw std::invalid_argument(m + ": short-abandon threshold must be a finite number >= 0, got " +
                                num(in.short_abandon_seconds));
  if (in.agents < 0)
    throw std::invalid_argument(m + ": agents must be >= 0, got " + std::to_string(in.agents));
  return {in.arrival_rate, 1.0 / in.mean_service_seconds,
          in.arrival_rate * in.mean_service_seconds};
}

// Nobody arrives: nobody waits, every (zero) contact is answered at once.
QueueMetrics idle_metrics(const QueueInput& in, const char* model) {
  QueueMetrics q;
  q.model = model;
  q.agents = in.agents;
  q.service_level = 1.0;
  q.sl_seconds = in.sl_seconds;
  q.service_level_of_answered = 1.0;
  q.service_level_excluding_abandoned = 1.0;
  q.service_level_excluding_short_abandons = 1.0;
  q.short_abandon_seconds = in.short_abandon_seconds;
  return q;
}

// Nobody abandons: every definition of the service level is the same number.
void no_abandon_variants(QueueMetrics& q, double short_abandon_seconds) {
  q.service_level_of_answered = q.service_level;
  q.service_level_excluding_abandoned = q.service_level;
  q.service_level_excluding_short_abandons = q.service_level;
  q.p_abandon_within_sl = 0.0;
  q.p_abandon_short = 0.0;
  q.short_abandon_seconds = short_abandon_seconds;
}

}  // namespace

double erlang_b(int n, double a) {
  if (n < 0) throw std::invalid_argument("erlang_b: agents must be >= 0, got " + std::to_string(n));
  if (!finite_nonneg(a))
    throw std::invalid_argument("erlang_b: offered load must be a finite number >= 0, got " +
                                num(a));
  if (n == 0) return 1.0;
  if (a == 0.0) return 0.0;
  return inv_one_plus_exp(log_ratio_below(n, a));  // B = 1 / (1 + r)
}

QueueMetrics erlang_c(const QueueInput& in) {
  const Rates r = check_input(in, "Erlang C");
  if (r.lambda == 0.0) return idle_metrics(in, "erlang-c");
  const int n = in.agents;
  if (r.load >= n)
    throw std::domain_error("Erlang C is unstable: offered load " + num(r.load) +
                            " Erlangs >= " + std::to_string(n) +
                            " agents, so the queue grows without bound; add agents or give a "
                            "patience (Erlang A)");
  const double rho = r.load / n;
  // C = pi_N / (1 - rho) / (sum_{k<N} pi_k + pi_N / (1 - rho)) = 1 / (1 + (1 - rho) r).
  const double c = inv_one_plus_exp(std::log1p(-rho) + log_ratio_below(n, r.load));
  // N mu - lambda, written so that it keeps its digits when A is close to N.
  const double gap = (n - r.load) * r.mu;
  QueueMetrics q;
  q.model = "erlang-c";
  q.agents = n;
  q.offered_load_erlangs = r.load;
  q.p_wait = c;
  // Waits are exponential with rate N mu - lambda given a wait (Kleinrock sec. 3.6).
  q.sl_seconds = in.sl_seconds;
  q.service_level = 1.0 - c * std::exp(-gap * in.sl_seconds);
  q.asa_seconds = c / gap;
  q.mean_wait_seconds = q.asa_seconds;
  q.p_abandon = 0.0;
  q.occupancy = rho;
  no_abandon_variants(q, in.short_abandon_seconds);
  return q;
}

namespace {

// One Erlang A evaluation in two steps, so that the required-agents search pays only for what
// its targets read: erlang_a_core() computes the service level, ASA, abandonment and occupancy
// and keeps the queue-length distribution; erlang_a_finish() adds the service-level variants
// (two more mixtures of incomplete betas, about a quarter of an evaluation), once, at the answer.
// Both steps compute exactly what the single function did, in the same order.
struct ErlangAState {
  QueueInput in;
  QueueMetrics q;
  bool finished = false;
  std::vector<double> pi;        // pi_{N+j} for j = first..last, at pi[j - first]
  std::vector<double> served_w;  // u_j = pi_{N+j} P(answered | j), at served_w[j - first]
  long first = 0, last = 0;
  double theta = 0.0, s = 0.0, alpha = 0.0, p_abandon = 0.0, sl_waiting_sum = 0.0;
};

void erlang_a_core(const QueueInput& in, ErlangAState& st) {
  st.in = in;
  st.finished = false;
  const Rates r = check_input(in, "Erlang A");
  if (!in.mean_patience_seconds)
    throw std::invalid_argument("Erlang A needs a mean patience (seconds)");
  const double patience = *in.mean_patience_seconds;
  if (!finite_pos(patience))
    throw std::invalid_argument("Erlang A: mean patience must be a finite number > 0, got " +
                                num(patience));
  if (r.lambda == 0.0) {
    st.q = idle_metrics(in, "erlang-a");
    st.finished = true;
    return;
  }
  const int n = in.agents;
  if (n < 1)
    throw std::invalid_argument("Erlang A: agents must be >= 1 when contacts arrive, got " +
                                std::to_string(n));
  const double lambda = r.lambda, theta = 1.0 / patience, s = n * r.mu;

  // t_j / t_{j-1} = lambda / (s + j theta) >= 1 iff j <= (lambda - s) / theta, so the mode of
  // t_j is known in advance. Far into overload with a long patience the mode is huge while the
  // mass around it is only about sqrt(lambda / theta) wide (log t_j falls like
  // (j - mode)^2 theta / (2 lambda)): then the terms below the window are dropped, so that the
  // cost follows the width of the distribution and not the length of the queue.
  const double mode_real = lambda > s ? std::floor((lambda - s) / theta) : 0.0;
  if (mode_real > kMaxMode)
    throw std::domain_error("Erlang A: patience " + num(patience) +
                            " s is too long for this overload to sum exactly; use a shorter "
                            "patience or more agents");
  const long mode = static_cast<long>(mode_real);
  const auto too_wide = [&] {
    return std::domain_error(
        "Erlang A: the queue-length distribution is too wide to sum exactly "
        "(patience " +
        num(patience) + " s); use a shorter patience");
  };
  // Walk down from the mode (t_{k-1} / t_k = (s + k theta) / lambda, falling as k falls) until
  // the rest of the left side is below kTailEpsilon of what is summed: `first` > 0 then.
  long first = 0;
  if (mode > 0) {
    double rel = 1.0, below = 0.0;
    long k = mode;
    while (k > 0) {
      rel *= (s + static_cast<double>(k) * theta) / lambda;  // t_{k-1} / t_mode
      --k;
      below += rel;
      const double q = (s + static_cast<double>(k) * theta) / lambda;
      if (k > 0 && quotient_below(rel * q, 1.0 - q, kTailEpsilon * (1.0 + below))) break;
      if (mode - k > kMaxQueueTerms) throw too_wide();
    }
    first = k;
  }

  std::vector<double>& pi = st.pi;
  long last = 0, forward_from = 0;  // pass 3 forms pi[k] for k >= forward_from
  double log_s = 0.0, log_r = 0.0, p_wait = 0.0, p_no_wait = 0.0, log_z = 0.0;
  if (first == 0) {
    // Pass 1: S = sum_j t_j, in scaled arithmetic (t_j can exceed 1e308 when the queue is
    // overloaded).
    double t = 1.0, sum = 1.0, log_t_mode = 0.0;
    long scale = 0, j = 0;
    double ratio = lambda / (s + static_cast<double>(j + 1) * theta);  // t_{j+1} / t_j
    for (;;) {
      ++j;
      t *= ratio;
      sum += t;
      if (j == mode) log_t_mode = std::log(t) + scale * kLogBig;
      if (t > kBig) {
        t /= kBig;
        sum /= kBig;
        ++scale;
      }
      ratio = lambda / (s + static_cast<double>(j + 1) * theta);
      // Past the mode the ratios fall, so the rest is below t q / (1 - q), q the next ratio.
      if (j > mode && quotient_below(t * ratio, 1.0 - ratio, kTailEpsilon * sum)) break;
      if (j > kMaxQueueTerms) throw too_wide();
    }
    last = j;
    log_s = std::log(sum) + scale * kLogBig;
    log_r = log_ratio_below(n, r.load);
    log_z = log_add_exp(log_r, log_s);  // normaliser, relative to pi_N

    // Pass 2: pi_{N+j} for j = 0..last, from the mode outward so that no factor underflows
    // before the terms that matter are formed.
    pi.assign(static_cast<std::size_t>(last) + 1, 0.0);
    pi[mode] = std::exp(log_t_mode - log_z);
    for (long k = mode - 1; k >= 0; --k) pi[k] = pi[k + 1] * (s + (k + 1) * theta) / lambda;
    // pi beyond the mode is formed in pass 3, term by term, where its chain of divisions
    // overlaps with the sums (each term depends on the one before).
    forward_from = mode + 1;
    p_no_wait = inv_one_plus_exp(log_s - log_r);  // r / (r + S)
    p_wait = inv_one_plus_exp(log_r - log_s);     // S / (r + S)
  } else {
    // The window [first, last] around the mode, relative to t_mode (values in (1e-22, 1]).
    pi.assign(static_cast<std::size_t>(mode - first) + 1, 0.0);
    pi[static_cast<std::size_t>(mode - first)] = 1.0;
    for (long k = mode - 1; k >= first; --k)
      pi[static_cast<std::size_t>(k - first)] =
          pi[static_cast<std::size_t>(k + 1 - first)] * (s + (k + 1) * theta) / lambda;
    double sum = 0.0;
    for (double x : pi) sum += x;
    double t = 1.0;
    for (long k = mode + 1;; ++k) {
      t *= lambda / (s + k * theta);
      pi.push_back(t);
      sum += t;
      const double q = lambda / (s + (k + 1) * theta);
      if (quotient_below(t * q, 1.0 - q, kTailEpsilon * sum)) {
        last = k;
        break;
      }
      if (k - first > kMaxQueueTerms) throw too_wide();
    }
    // log t_mode = mode log(lambda / theta) - sum_{i=1..mode} log(s / theta + i). Its rounding
    // (about 1e-16 of the lgamma values) reaches only r / S, below kTailEpsilon here.
    const double c = s / theta, md = static_cast<double>(mode);
    const double log_t_mode =
        md * std::log(lambda / theta) -
        (boost::math::lgamma(c + md + 1.0, Policy()) - boost::math::lgamma(c + 1.0, Policy()));
    log_s = log_t_mode + std::log(sum);
    log_r = log_ratio_below(n, r.load);
    log_z = log_add_exp(log_r, log_s);
    p_no_wait = inv_one_plus_exp(log_s - log_r);
    p_wait = inv_one_plus_exp(log_r - log_s);
    // pi_{N+j} = (t_j / S) (S / (r + S)), without the rounding of log t_mode.
    const double to_pi = p_wait / sum;
    for (double& x : pi) x *= to_pi;
    forward_from = last + 1;
  }

  // Pass 3. A contact finding j waiting (state N+j, PASTA) has offered wait
  // V_j = sum_{i=0..j} Exp(s + i theta) (each phase ends with a service or an abandonment ahead)
  // and is answered iff V_j <= tau, tau ~ Exp(theta) its own patience. Then
  //   P(answered | j)       = E[e^{-theta V_j}] = s / (s + (j+1) theta)              (telescoping)
  //   E[min(V_j, tau) | j]  = (1 - P(answered | j)) / theta = (j+1) / (s + (j+1) theta)
  //   E[V_j 1{V_j<=tau}]    = P(answered | j) * H_j, H_j = sum_{m=1..j+1} 1/(s + m theta)
  //                           (minus the derivative of the Laplace transform at theta).
  // The density of V_j is prod_{i<=j}(s + i theta) / (j! theta^j) e^{-s v} (1 - e^{-theta v})^j
  // (check: its Laplace transform is a Beta integral), hence
  //   P(V_j <= min(T, tau)) = P(answered | j) * I_y(j+1, s/theta + 1),  y = 1 - e^{-theta T},
  // with I the regularised incomplete beta, summed over j with the weights u_j = pi_{N+j}
  // P(answered | j) by a MixtureSum.
  const double y = -std::expm1(-theta * in.sl_seconds);
  const double alpha = s / theta + 1.0;
  std::vector<double>& served_w = st.served_w;
  served_w.resize(pi.size());
  double served_waiting = 0.0, p_abandon = 0.0, wait_all = 0.0;
  double served_wait_sum = 0.0;
  // H_{first-1} = sum_{m=1..first} 1 / (s + m theta) = (psi(s/theta + 1 + first) -
  // psi(s/theta + 1)) / theta.
  double harmonic = first == 0 ? 0.0 : digamma_gap(s / theta + 1.0, first) / theta;
  // The service level's mixture is summed in the same loop as the weights it mixes.
  MixtureSum sl_sum(last, y, log_d_first(first, theta, in.sl_seconds, s + theta), alpha);
  const auto accumulate = [&](long k, double p) {
    const double inv_rate = 1.0 / (s + (k + 1) * theta);
    const double served = s * inv_rate;
    harmonic += inv_rate;
    served_w[static_cast<std::size_t>(k - first)] = p * served;
    sl_sum.add(k, p * served);
    served_waiting += p * served;
    served_wait_sum += p * served * harmonic;
    p_abandon += p * ((k + 1) * theta * inv_rate);
    wait_all += p * ((k + 1) * inv_rate);
  };
  for (long k = first; k < forward_from && k <= last; ++k)
    accumulate(k, pi[static_cast<std::size_t>(k - first)]);
  if (forward_from <= last) {  // first == 0 here
    double p = pi[static_cast<std::size_t>(forward_from - 1)];
    for (long k = forward_from; k <= last; ++k) {
      p = p * lambda / (s + k * theta);
      pi[static_cast<std::size_t>(k)] = p;
      accumulate(k, p);
    }
  }
  const Mixture sl_waiting = sl_sum.result();

  const double p_served = p_no_wait + served_waiting;
  QueueMetrics& q = st.q;
  q = QueueMetrics{};
  q.model = "erlang-a";
  q.agents = n;
  q.offered_load_erlangs = r.load;
  q.p_wait = p_wait;
  q.sl_seconds = in.sl_seconds;
  q.service_level = p_no_wait + sl_waiting.head + sl_waiting.tail;
  q.asa_seconds = served_wait_sum / p_served;
  q.mean_wait_seconds = wait_all;
  q.p_abandon = p_abandon;
  if (lambda <= s) {
    q.occupancy = lambda * p_served / s;
  } else {
    // Overloaded: occupancy is 1 - E[idle agents] / N, and the idle term is tiny, so compute
    // it directly. Below N, k pi_k = A pi_{k-1} gives sum_{k<=N} k pi_k = A r pi_N, hence
    // E[idle] = sum_{k<N} (N - k) pi_k = pi_N ((N - A) r + N), with pi_N = exp(-log_z).
    // (lambda p_served / s would carry the rounding of the long queue sums into a value ~1.)
    const double idle = std::exp(-log_z) * ((n - r.load) * std::exp(log_r) + n);
    q.occupancy = 1.0 - std::max(idle, 0.0) / n;
  }
  q.service_level_of_answered = q.service_level / p_served;
  st.first = first;
  st.last = last;
  st.theta = theta;
  st.s = s;
  st.alpha = alpha;
  st.p_abandon = p_abandon;
  st.sl_waiting_sum = sl_waiting.sum();
}

void erlang_a_finish(ErlangAState& st) {
  if (st.finished) return;
  st.finished = true;
  const QueueInput& in = st.in;
  QueueMetrics& q = st.q;
  const std::vector<double>& pi = st.pi;
  const std::vector<double>& served_w = st.served_w;
  const long first = st.first, last = st.last;
  const double theta = st.theta, s = st.s, alpha = st.alpha, p_abandon = st.p_abandon;

  // The other service-level definitions need P(abandoned with wait <= x) for x = T and X.
  // With j waiting ahead, the offered wait V_j has P(V_j <= x) = I_y(j+1, s/theta) (the
  // density above, integrated with u = 1 - e^{-theta v}), and since tau ~ Exp(theta) is
  // independent of V_j, a waiting contact is answered by x, has abandoned by x, or is still
  // waiting at x (min(V_j, tau) > x, probability e^{-theta x} P(V_j > x)):
  //   P(abandoned by x | j) = 1 - e^{-theta x} - P(answered by x | j) + e^{-theta x} P(V_j <= x),
  // with P(answered by x | j) = P(answered | j) I_y(j+1, s/theta + 1) as for the service level.
  // The three mixtures (V below T, answered by X, V below X) are summed in one loop.
  const double x = in.short_abandon_seconds;
  const double y_sl = -std::expm1(-theta * in.sl_seconds), y_x = -std::expm1(-theta * x);
  MixtureSum v_below_sl(last, y_sl, log_d_first(first, theta, in.sl_seconds, s), alpha - 1.0);
  MixtureSum answered_x(last, y_x, log_d_first(first, theta, x, s + theta), alpha);
  MixtureSum v_below_x(last, y_x, log_d_first(first, theta, x, s), alpha - 1.0);
  for (long k = first; k <= last; ++k) {
    const auto i = static_cast<std::size_t>(k - first);
    v_below_sl.add(k, pi[i]);
    answered_x.add(k, served_w[i]);
    v_below_x.add(k, pi[i]);
  }
  const auto abandoned_by = [&](double at, double y_at, double answered_waiting, double v_below) {
    return std::clamp(q.p_wait * y_at - answered_waiting + std::exp(-theta * at) * v_below, 0.0,
                      p_abandon);
  };
  q.p_abandon_within_sl =
      abandoned_by(in.sl_seconds, y_sl, st.sl_waiting_sum, v_below_sl.result().sum());
  q.p_abandon_short = abandoned_by(x, y_x, answered_x.result().sum(), v_below_x.result().sum());
  q.short_abandon_seconds = x;
  q.service_level_excluding_abandoned = q.service_level / (1.0 - q.p_abandon_within_sl);
  q.service_level_excluding_short_abandons = q.service_level / (1.0 - q.p_abandon_short);
}

}  // namespace

QueueMetrics erlang_a(const QueueInput& in) {
  thread_local ErlangAState st;
  erlang_a_core(in, st);
  erlang_a_finish(st);
  return st.q;
}

QueueMetrics queue_metrics(const QueueInput& in) {
  return in.mean_patience_seconds ? erlang_a(in) : erlang_c(in);
}

namespace {

bool meets(const QueueMetrics& m, const Targets& t) {
  return (!t.service_level || m.service_level >= *t.service_level) &&
         (!t.asa_seconds || m.asa_seconds <= *t.asa_seconds) &&
         (!t.abandon_rate || m.p_abandon <= *t.abandon_rate) &&
         (!t.max_occupancy || m.occupancy <= *t.max_occupancy);
}

void check_targets(const Targets& t, bool abandons) {
  if (t.service_level) {
    const double p = *t.service_level;
    if (!(p > 0.0 && p < 1.0))
      throw std::invalid_argument(
          "service-level target must be a fraction in (0, 1), got " + num(p) +
          (p == 1.0 ? " (no finite number of agents answers every contact within T)" : ""));
  }
  if (t.asa_seconds && !(finite_pos(*t.asa_seconds)))
    throw std::invalid_argument("ASA target must be a finite number of seconds > 0, got " +
                                num(*t.asa_seconds));
  if (t.abandon_rate) {
    const double p = *t.abandon_rate;
    if (!(p >= 0.0 && p < 1.0))
      throw std::invalid_argument("abandon-rate target must be a fraction in [0, 1), got " +
                                  num(p));
    if (abandons && p == 0.0)
      throw std::invalid_argument(
          "abandon-rate target 0 cannot be met with impatient contacts: some always abandon");
  }
  if (t.max_occupancy) {
    const double p = *t.max_occupancy;
    if (!(p > 0.0 && p <= 1.0))
      throw std::invalid_argument("maximum occupancy must be a fraction in (0, 1], got " + num(p));
  }
}

}  // namespace

namespace {

// The search's evaluations: the latest candidate and the best one kept so far, in two slots
// that swap, so that keeping a candidate copies nothing. Thread-local, so that the Erlang A
// distributions' buffers are reused from one search to the next.
class Evaluation {
 public:
  void begin(const QueueInput& base, bool abandons) {
    base_ = base;
    abandons_ = abandons;
  }
  // Metrics at n agents without the service-level variants (Erlang A); they become last().
  const QueueMetrics& at(int n) {
    base_.agents = n;
    const int slot = 1 - kept_;
    if (abandons_) {
      erlang_a_core(base_, a_[slot]);
      return a_[slot].q;
    }
    c_[slot] = erlang_c(base_);
    return c_[slot];
  }
  void keep() { kept_ = 1 - kept_; }
  QueueMetrics kept() { return complete(kept_); }
  QueueMetrics last() { return complete(1 - kept_); }

 private:
  QueueMetrics complete(int slot) {
    if (!abandons_) return c_[slot];
    erlang_a_finish(a_[slot]);
    return a_[slot].q;
  }
  QueueInput base_;
  bool abandons_ = false;
  int kept_ = 0;
  ErlangAState a_[2];
  QueueMetrics c_[2];
};

}  // namespace

StaffingAnswer required_agents(QueueInput base, const Targets& targets, int max_agents,
                               std::optional<SearchStart> previous) {
  const bool abandons = base.mean_patience_seconds.has_value();
  base.agents = 0;
  (void)check_input(base, abandons ? "Erlang A" : "Erlang C");
  check_targets(targets, abandons);
  if (max_agents < 1)
    throw std::invalid_argument("max_agents must be >= 1, got " + std::to_string(max_agents));
  StaffingAnswer ans;
  if (base.arrival_rate == 0.0) {
    ans.metrics = queue_metrics(base);
    ans.feasible = true;
    return ans;
  }
  const double load = base.arrival_rate * base.mean_service_seconds;

  // Lower bound `low` such that every N < low misses a target (so the search never looks
  // below it). Erlang C: stability needs N > A, and occupancy A/N <= max needs N >= A/max.
  // Erlang A: carried load A (1 - p_abandon) < N, so p_abandon <= p needs N > A (1 - p), and
  // service level <= 1 - p_abandon, so SL >= p needs N > A p. Bounds are rounded down
  // generously so that rounding never pushes them above the true answer.
  double low_real = 1.0;
  if (!abandons) {
    low_real = std::max(low_real, std::floor(load) + 1.0);
    if (targets.max_occupancy)
      low_real = std::max(low_real, std::ceil(load / *targets.max_occupancy) - 1.0);
  } else {
    if (targets.abandon_rate)
      low_real = std::max(low_real, std::floor(load * (1.0 - *targets.abandon_rate)));
    if (targets.service_level)
      low_real = std::max(low_real, std::floor(load * *targets.service_level));
  }
  if (low_real > max_agents) {
    // The bounds alone rule out every N <= max_agents: nothing is evaluated. (Erlang A at
    // max_agents under such an overload sums millions of queue states: the fuzzer's 617,284
    // Erlangs with 6 s patience took 0.8 s to say "infeasible".)
    ans.agents = max_agents;
    ans.feasible = false;
    ans.note = "offered load " + num(load) + " Erlangs needs more than " +
               std::to_string(max_agents) + " agents";
    return ans;
  }
  const int low = static_cast<int>(low_real);

  // Every metric checked is monotone in N (fewer agents never serve better): for Erlang C
  // p_wait, SL, ASA and occupancy are in closed form and monotone for N > A; for Erlang A
  // p_abandon, SL, ASA and occupancy are monotone (checked numerically in the tests), so
  // "meets all targets" is false then true as N grows. Galloping search from a square-root
  // staffing guess A + sqrt(A) (Halfin & Whitt 1981): steps of 1, 1, 2, 4, ... up (or down)
  // until the answer is bracketed, then bisection; O(log |N - guess|) evaluations, O(log N) at
  // worst. The guess is within one agent of the answer in most intervals of a month (Erlang A,
  // 80/20, patience = AHT: 70 %; with the previous interval's beta, 9x %), so the second step of 1
  // saves an evaluation there.
  // Erlang A candidates are evaluated without the service-level variants that no target reads
  // (erlang_a_core); the answer's are added once at the end (erlang_a_finish).
  thread_local Evaluation eval;
  eval.begin(base, abandons);
  double beta = 1.0;
  if (previous && previous->load_erlangs > 0.0 && std::isfinite(previous->load_erlangs) &&
      previous->agents >= 1)
    beta = (previous->agents - previous->load_erlangs) / std::sqrt(previous->load_erlangs);
  const int guess = static_cast<int>(std::clamp(std::ceil(load + beta * std::sqrt(load)), low_real,
                                                static_cast<double>(max_agents)));
  int bad = low - 1;  // known (or implied by the bounds above) to miss a target
  int good = guess;
  if (meets(eval.at(good), targets)) {
    eval.keep();
    for (long step = 1, next = 1; good - bad > 1; step = next, next *= 2) {
      const int candidate = static_cast<int>(std::max<long>(bad + 1, good - step));
      if (!meets(eval.at(candidate), targets)) {
        bad = candidate;
        break;
      }
      good = candidate;
      eval.keep();
    }
  } else {
    for (long step = 1, next = 1;; step = next, next *= 2) {
      if (good == max_agents) {
        ans.agents = max_agents;
        ans.metrics = eval.last();
        ans.feasible = false;
        ans.note = "no number of agents up to " + std::to_string(max_agents) + " meets the targets";
        return ans;
      }
      bad = good;
      good = static_cast<int>(std::min<long>(max_agents, good + step));
      if (meets(eval.at(good), targets)) break;
    }
    eval.keep();
  }
  while (good - bad > 1) {
    const int mid = bad + (good - bad) / 2;
    if (meets(eval.at(mid), targets)) {
      good = mid;
      eval.keep();
    } else {
      bad = mid;
    }
  }
  ans.agents = good;
  ans.metrics = eval.kept();
  ans.feasible = true;
  return ans;
}

}  // namespace ccsim::models
