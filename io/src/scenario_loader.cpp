// Scenario YAML -> models::Scenario. The reader walks the YAML tree with the schema of
// scenarios/README.md, collects every problem with its position instead of stopping at the
// first, and keeps a path -> position map so that models::validate()'s findings (dotted paths)
// point back into the file.

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "ccsim/io/scenario_file.hpp"
#include "ccsim/io/sweep.hpp"
#include "ccsim/models/limits.hpp"
#include "ccsim/models/routing.hpp"
#include "scenario_tree.hpp"
#include "text.hpp"

namespace ccsim::io {

using detail::did_you_mean;
using detail::format_number;

namespace {

constexpr double kDay = 86400.0;
using models::kMaxAgents;
using models::kMaxReplications;

const std::vector<std::string> kWeekdays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
const std::vector<std::string> kWeekdaysLong{"monday", "tuesday",  "wednesday", "thursday",
                                             "friday", "saturday", "sunday"};

// ---- context: diagnostics, positions, overrides ---------------------------------------------

struct Override {
  std::string path;   // dotted
  std::string label;  // the command-line edit as given, e.g. "--set a.b=1"
};

class Context {
 public:
  explicit Context(std::string file) : file_(std::move(file)) {}

  void add_override(Override o) { overrides_.push_back(std::move(o)); }

  /// Where a node is, or the --set that put it there.
  SourceLocation where(const YAML::Node& node, const std::string& path) const {
    for (const auto& o : overrides_)
      if (path == o.path || path.starts_with(o.path + ".")) return SourceLocation{o.label, 0, 0};
    return at(node.Mark());
  }

  SourceLocation at(const YAML::Mark& mark) const {
    if (mark.is_null()) return SourceLocation{file_, 0, 0};
    return SourceLocation{file_, mark.line + 1, mark.column + 1};
  }

  void error(const YAML::Node& node, const std::string& path, std::string message) {
    diagnostics_.push_back(Diagnostic{where(node, path), std::move(message)});
  }
  void error(SourceLocation where, std::string message) {
    diagnostics_.push_back(Diagnostic{std::move(where), std::move(message)});
  }

  void remember(const std::string& path, const YAML::Node& node) {
    marks_.emplace(path, where(node, path));
  }
  /// Paths under `to_prefix` (models' names for a field) are found under `from_prefix` (the
  /// YAML key). Resolved when the positions are built: O(1) here, so reading stays linear.
  void alias(const std::string& from_prefix, const std::string& to_prefix) {
    aliases_.emplace_back(from_prefix, to_prefix);
  }

  /// The path -> position map of everything read, aliases included (built once, at the end).
  void resolve_aliases() {
    // The marks in path order: the paths under an alias's prefix are one contiguous run, found
    // by binary search, so resolving costs O(M log M + A log M + matches) for M marks and A
    // aliases. (A roster's scenario has an alias per break, thousands, each in a site with
    // tens of thousands of marks: a scan per alias was quadratic.)
    using Mark = std::pair<const std::string, SourceLocation>;
    std::vector<const Mark*> sorted;
    sorted.reserve(marks_.size());
    for (const auto& kv : marks_) sorted.push_back(&kv);
    std::sort(sorted.begin(), sorted.end(),
              [](const Mark* x, const Mark* y) { return x->first < y->first; });
    std::vector<std::pair<std::string, SourceLocation>> add;
    for (const auto& [from, to] : aliases_) {
      auto it =
          std::lower_bound(sorted.begin(), sorted.end(), from,
                           [](const Mark* m, const std::string& key) { return m->first < key; });
      for (; it != sorted.end() && (*it)->first.starts_with(from); ++it) {
        const std::string& path = (*it)->first;
        if (path.size() == from.size() || path[from.size()] == '.')
          add.emplace_back(to + path.substr(from.size()), (*it)->second);
      }
    }
    for (auto& [p, loc] : add) marks_.emplace(std::move(p), std::move(loc));
    aliases_.clear();
  }

  const std::string& file() const { return file_; }
  /// Every position read, aliases included, in path order.
  std::map<std::string, SourceLocation> marks() {
    resolve_aliases();
    return {marks_.begin(), marks_.end()};
  }
  bool ok() const { return diagnostics_.empty(); }
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }

 private:
  std::string file_;
  std::vector<Override> overrides_;
  std::vector<Diagnostic> diagnostics_;
  std::unordered_map<std::string, SourceLocation> marks_;
  std::vector<std::pair<std::string, std::string>> aliases_;
};

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string quoted_list(const std::vector<std::string>& xs) {
  std::string out;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (i > 0) out += i + 1 == xs.size() ? " or " : ", ";
    out += xs[i];
  }
  return out;
}

const char* type_name(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return "nothing";
  }
  return "?";
}

// ---- mappings with a fixed set of keys --------------------------------------------------------

/// A YAML mapping read against a list of allowed keys: unknown keys (with a suggestion),
/// duplicates and non-string keys are reported when it is constructed.
class Fields {
 public:
  Fields(Context& ctx, const YAML::Node& map, std::string path, std::vector<std::string> allowed)
      : ctx_(ctx), node_(map), path_(std::move(path)) {
    ctx_.remember(path_, map);
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : map) {
      if (!kv.first.IsScalar()) {
        ctx_.error(
            kv.first, path_,
            fmt::format("{}: keys must be plain names, got {}", shown(), type_name(kv.first)));
        continue;
      }
      const std::string key = kv.first.Scalar();
      const std::string key_path = join(path_, key);
      if (const auto it = seen.find(key); it != seen.end()) {
        ctx_.error(kv.first, key_path,
                   fmt::format("duplicate key '{}' in {} (first at line {})", key, shown(),
                               it->second.line + 1));
        continue;
      }
      seen.emplace(key, kv.first.Mark());
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        ctx_.error(
            kv.first, key_path,
            fmt::format("unknown key '{}' in {}{}", key, shown(), did_you_mean(key, allowed)));
        continue;
      }
      ctx_.remember(key_path, kv.second);
      entries_.emplace_back(key, kv.second);
    }
  }

  /// The value of `key`, or an undefined node when absent.
  YAML::Node get(const std::string& key) const {
    for (const auto& [k, v] : entries_)
      if (k == key) return v;
    return YAML::Node(YAML::NodeType::Undefined);
  }
  bool has(const std::string& key) const { return get(key).IsDefined(); }

  /// The value of a required key; reports it missing otherwise.
  YAML::Node need(const std::string& key) const {
    YAML::Node v = get(key);
    if (!v.IsDefined())
      ctx_.error(node_, path_, fmt::format("{}: missing required key '{}'", shown(), key));
    return v;
  }

  std::string path(const std::string& key) const { return join(path_, key); }
  const std::string& path() const { return path_; }
  const YAML::Node& node() const { return node_; }
  Context& ctx() const { return ctx_; }
  std::string shown() const { return path_.empty() ? "the scenario" : path_; }

 private:
  Context& ctx_;
  YAML::Node node_;
  std::string path_;
  std::vector<std::pair<std::string, YAML::Node>> entries_;
};

// ---- scalar readers ---------------------------------------------------------------------------

bool expect_map(Context& ctx, const YAML::Node& n, const std::string& path) {
  if (n.IsMap()) return true;
  ctx.error(n, path, fmt::format("{}: expected a mapping, got {}", path, type_name(n)));
  return false;
}

bool expect_seq(Context& ctx, const YAML::Node& n, const std::string& path) {
  if (n.IsSequence()) return true;
  ctx.error(n, path, fmt::format("{}: expected a list, got {}", path, type_name(n)));
  return false;
}

std::optional<std::string> read_scalar(Context& ctx, const YAML::Node& n, const std::string& path,
                                       const char* what) {
  if (n.IsScalar()) return n.Scalar();
  ctx.error(n, path, fmt::format("{}: expected {}, got {}", path, what, type_name(n)));
  return std::nullopt;
}

/// Control characters (from YAML escapes such as "\x1b") would reach terminal tables and CSV.
bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

std::optional<std::string> read_string(Context& ctx, const YAML::Node& n, const std::string& path) {
  auto s = read_scalar(ctx, n, path, "a string");
  if (s && s->empty()) {
    ctx.error(n, path, fmt::format("{}: must not be empty", path));
    return std::nullopt;
  }
  if (s && has_control(*s)) {
    ctx.error(n, path, fmt::format("{}: must not contain control characters", path));
    return std::nullopt;
  }
  return s;
}

std::optional<double> read_number(Context& ctx, const YAML::Node& n, const std::string& path) {
  const auto s = read_scalar(ctx, n, path, "a number");
  if (!s) return std::nullopt;
  double x = 0;
  switch (detail::parse_decimal(*s, x)) {
    case detail::NumberStatus::ok:
      return x;
    case detail::NumberStatus::out_of_range:
      ctx.error(n, path, fmt::format("{}: number '{}' is out of range", path, *s));
      return std::nullopt;
    case detail::NumberStatus::malformed:
      break;
  }
  ctx.error(n, path, fmt::format("{}: expected a number, got '{}'", path, *s));
  return std::nullopt;
}

/// A number in [lo, hi] (bounds inclusive unless open_lo / open_hi).
std::optional<double> read_number_in(Context& ctx, const YAML::Node& n, const std::string& path,
                                     double lo, double hi, bool open_lo = false,
                                     bool open_hi = false) {
  const auto x = read_number(ctx, n, path);
  if (!x) return std::nullopt;
  const bool below = open_lo ? !(*x > lo) : !(*x >= lo);
  const bool above = open_hi ? !(*x < hi) : !(*x <= hi);
  if (below || above) {
    std::string range;
    if (hi == std::numeric_limits<double>::infinity())
      range = fmt::format("{} {}", open_lo ? ">" : ">=", format_number(lo));
    else
      range = fmt::format("in {}{}, {}{}", open_lo ? "(" : "[", format_number(lo),
                          format_number(hi), open_hi ? ")" : "]");
    ctx.error(n, path, fmt::format("{}: must be {}, got {}", path, range, format_number(*x)));
    return std::nullopt;
  }
  return x;
}

std::optional<double> read_probability(Context& ctx, const YAML::Node& n, const std::string& path) {
  return read_number_in(ctx, n, path, 0.0, 1.0);
}

std::optional<int> read_int(Context& ctx, const YAML::Node& n, const std::string& path, int lo,
                            int hi) {
  const auto x = read_number(ctx, n, path);
  if (!x) return std::nullopt;
  if (*x != std::floor(*x)) {
    ctx.error(n, path, fmt::format("{}: expected a whole number, got {}", path, n.Scalar()));
    return std::nullopt;
  }
  if (*x < lo || *x > hi) {
    ctx.error(n, path, fmt::format("{}: must be in [{}, {}], got {}", path, lo, hi, n.Scalar()));
    return std::nullopt;
  }
  return static_cast<int>(*x);
}

std::optional<bool> read_bool(Context& ctx, const YAML::Node& n, const std::string& path) {
  const auto s = read_scalar(ctx, n, path, "true or false");
  if (!s) return std::nullopt;
  if (*s == "true") return true;
  if (*s == "false") return false;
  ctx.error(n, path, fmt::format("{}: expected true or false, got '{}'", path, *s));
  return std::nullopt;
}

std::optional<double> read_duration(Context& ctx, const YAML::Node& n, const std::string& path) {
  const auto s = read_scalar(ctx, n, path, "a duration");
  if (!s) return std::nullopt;
  try {
    return parse_duration(*s);
  } catch (const std::invalid_argument& e) {
    ctx.error(n, path, fmt::format("{}: {}", path, e.what()));
    return std::nullopt;
  }
}

std::optional<double> read_positive_duration(Context& ctx, const YAML::Node& n,
                                             const std::string& path) {
  const auto d = read_duration(ctx, n, path);
  if (d && *d <= 0) {
    ctx.error(n, path, fmt::format("{}: must be > 0", path));
    return std::nullopt;
  }
  return d;
}

/// One of `names`, reported with a suggestion otherwise; returns its index.
std::optional<int> read_choice(Context& ctx, const YAML::Node& n, const std::string& path,
                               const std::vector<std::string>& names) {
  const auto s = read_scalar(ctx, n, path, "a name");
  if (!s) return std::nullopt;
  const auto it = std::find(names.begin(), names.end(), *s);
  if (it != names.end()) return static_cast<int>(it - names.begin());
  ctx.error(n, path,
            fmt::format("{}: unknown value '{}'; expected {}{}", path, *s, quoted_list(names),
                        did_you_mean(*s, names)));
  return std::nullopt;
}

/// 0 = Monday .. 6 = Sunday for "mon" / "Monday" (any case), or nullopt.
std::optional<int> weekday_index(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::size_t d = 0; d < 7; ++d)
    if (name == kWeekdays[d] || name == kWeekdaysLong[d]) return static_cast<int>(d);
  return std::nullopt;
}

std::optional<int> read_weekday(Context& ctx, const YAML::Node& n, const std::string& path) {
  const auto s = read_scalar(ctx, n, path, "a weekday");
  if (!s) return std::nullopt;
  if (const auto d = weekday_index(*s)) return d;
  ctx.error(n, path,
            fmt::format("{}: unknown weekday '{}'; expected mon, tue, ..., sun{}", path, *s,
                        did_you_mean(*s, kWeekdays)));
  return std::nullopt;
}

/// UTC offset in hours: a number (3, -3.5) or a string "+3", "UTC+5", "+05:30".
std::optional<double> read_utc_offset(Context& ctx, const YAML::Node& n, const std::string& path) {
  const auto s = read_scalar(ctx, n, path, "a UTC offset");
  if (!s) return std::nullopt;
  std::string t = *s;
  if (t.starts_with("UTC") || t.starts_with("utc")) t = t.substr(3);
  double hours = 0;
  bool ok = false;
  if (const auto colon = t.find(':'); colon != std::string::npos) {
    double h = 0, m = 0;
    const std::string hs = t.substr(0, colon), ms = t.substr(colon + 1);
    if (detail::parse_decimal(hs, h) == detail::NumberStatus::ok &&
        detail::parse_decimal(ms, m) == detail::NumberStatus::ok && m >= 0 && m < 60 &&
        h == std::floor(h) && m == std::floor(m)) {
      hours = std::abs(h) + m / 60.0;
      if (hs.starts_with('-')) hours = -hours;
      ok = true;
    }
  } else {
    ok = detail::parse_decimal(t.empty() ? "x" : t, hours) == detail::NumberStatus::ok;
  }
  if (!ok) {
    ctx.error(n, path,
              fmt::format("{}: expected a UTC offset in hours such as 3, -3.5, \"+05:30\" or "
                          "\"UTC+3\", got '{}'",
                          path, *s));
    return std::nullopt;
  }
  // The range and the 15-minute grid are models::validate()'s rule; it reports them here.
  return hours;
}

/// Time of day "HH:MM" or "HH:MM:SS" in [00:00, 24:00), in seconds.
std::optional<double> read_time_of_day(Context& ctx, const YAML::Node& n, const std::string& path) {
  const auto s = read_scalar(ctx, n, path, "a time of day");
  if (!s) return std::nullopt;
  // H:MM, HH:MM or HH:MM:SS exactly: "12:345" is not 12:34 and "8:5" is not 08:05.
  int h = -1, m = -1, sec = 0;
  std::vector<std::string> parts;
  {
    std::stringstream ss(*s);
    for (std::string part; std::getline(ss, part, ':');) parts.push_back(part);
  }
  const bool digits = std::all_of(parts.begin(), parts.end(), [](const std::string& p) {
    return !p.empty() &&
           std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
  });
  const bool shape_ok = digits && (parts.size() == 2 || parts.size() == 3) && !s->ends_with(':') &&
                        parts[0].size() <= 2 && parts[1].size() == 2 &&
                        (parts.size() == 2 || parts[2].size() == 2);
  if (shape_ok) {
    h = std::stoi(parts[0]);
    m = std::stoi(parts[1]);
    if (parts.size() == 3) sec = std::stoi(parts[2]);
  }
  if (!shape_ok || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) {
    ctx.error(n, path,
              fmt::format("{}: expected a time of day \"HH:MM\" from 00:00 to 23:59 (quote it), "
                          "got '{}'",
                          path, *s));
    return std::nullopt;
  }
  return h * 3600.0 + m * 60.0 + sec;
}

/// The entries of a mapping whose keys are user-chosen names (channels, sites, ...).
std::vector<std::pair<std::string, YAML::Node>> named_entries(Context& ctx, const YAML::Node& map,
                                                              const std::string& path) {
  std::vector<std::pair<std::string, YAML::Node>> out;
  if (!expect_map(ctx, map, path)) return out;
  ctx.remember(path, map);
  std::map<std::string, int> seen;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar() || kv.first.Scalar().empty()) {
      ctx.error(kv.first, path, fmt::format("{}: names must be non-empty strings", path));
      continue;
    }
    const std::string name = kv.first.Scalar();
    const std::string p = join(path, name);
    if (const auto it = seen.find(name); it != seen.end()) {
      ctx.error(
          kv.first, p,
          fmt::format("duplicate name '{}' in {} (first at line {})", name, path, it->second));
      continue;
    }
    seen.emplace(name, kv.first.Mark().line + 1);
    if (name.find_first_of(".[]= \t") != std::string::npos || has_control(name)) {
      ctx.error(kv.first, p,
                fmt::format("{}: name '{}' must not contain '.', '[', ']', '=', spaces or control "
                            "characters",
                            path, name));
      continue;
    }
    ctx.remember(p, kv.second);
    // models::validate() may name entries by index; both spellings find the node.
    ctx.remember(join(path, std::to_string(out.size())), kv.second);
    out.emplace_back(name, kv.second);
  }
  return out;
}

std::vector<double> read_number_list(Context& ctx, const YAML::Node& n, const std::string& path,
                                     bool non_negative) {
  std::vector<double> out;
  if (!expect_seq(ctx, n, path)) return out;
  bool all_ok = true;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string p = fmt::format("{}.{}", path, i);
    const auto x = non_negative
                       ? read_number_in(ctx, n[i], p, 0.0, std::numeric_limits<double>::infinity())
                       : read_number(ctx, n[i], p);
    if (x)
      out.push_back(*x);
    else
      all_ok = false;
  }
  if (!all_ok) out.clear();
  return out;
}

// ---- the schema -------------------------------------------------------------------------------

using models::Distribution;

/// The `dist:` values, in the order of Distribution::Kind (so a choice's index is its kind).
const std::vector<std::string> kDistNames = [] {
  std::vector<std::string> names;
  for (std::size_t k = 0; k < std::variant_size_v<Distribution::Alternatives>; ++k)
    names.emplace_back(models::traits(static_cast<Distribution::Kind>(k)).name);
  return names;
}();

/// A visitor made of lambdas, one per alternative.
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::optional<Distribution> read_distribution(Context& ctx, const YAML::Node& n,
                                              const std::string& path) {
  if (!n.IsMap()) {
    ctx.error(n, path,
              fmt::format("{}: expected a distribution such as {{dist: exponential, mean: 120s}}, "
                          "got {}",
                          path, type_name(n)));
    return std::nullopt;
  }
  // The keys allowed depend on `dist`, so read it before checking the others.
  std::optional<int> kind;
  const std::string dist_path = join(path, "dist");
  for (const auto& kv : n)
    if (kv.first.IsScalar() && kv.first.Scalar() == "dist") {
      kind = read_choice(ctx, kv.second, dist_path, kDistNames);
      if (!kind) return std::nullopt;
      break;
    }
  if (!kind) {
    ctx.error(n, path,
              fmt::format("{}: missing required key 'dist' ({})", path, quoted_list(kDistNames)));
    return std::nullopt;
  }
  Distribution d(static_cast<Distribution::Kind>(*kind));
  std::vector<std::string> allowed{"dist"};
  for (const char* key : models::traits(d.kind()).parameters)
    if (key) allowed.emplace_back(key);
  Fields f(ctx, n, path, allowed);
  bool ok = true;
  auto positive_duration = [&](const std::string& key, double& out) {
    const YAML::Node v = f.need(key);
    if (!v.IsDefined()) return void(ok = false);
    const auto x = read_positive_duration(ctx, v, f.path(key));
    if (x)
      out = *x;
    else
      ok = false;
  };
  auto positive_number = [&](const std::string& key, double& out) {
    const YAML::Node v = f.need(key);
    if (!v.IsDefined()) return void(ok = false);
    const auto x =
        read_number_in(ctx, v, f.path(key), 0.0, std::numeric_limits<double>::infinity(), true);
    if (x)
      out = *x;
    else
      ok = false;
  };
  auto mean_cv = [&](auto& x) {
    positive_duration("mean", x.mean);
    positive_number("cv", x.cv);
  };
  std::visit(
      Overloaded{
          [&](models::Exponential& x) { positive_duration("mean", x.mean); },
          [&](models::Lognormal& x) { mean_cv(x); },
          [&](models::Gamma& x) { mean_cv(x); },
          [&](models::Weibull& x) {
            positive_number("shape", x.shape);
            positive_duration("scale", x.scale);
          },
          [&](models::Deterministic& x) {
            const YAML::Node v = f.need("value");
            const auto r = v.IsDefined() ? read_duration(ctx, v, f.path("value")) : std::nullopt;
            if (r)
              x.value = *r;
            else
              ok = false;
          },
          [&](models::Empirical& x) {
            const YAML::Node v = f.need("values");
            if (!v.IsDefined() || !expect_seq(ctx, v, f.path("values"))) return void(ok = false);
            for (std::size_t i = 0; i < v.size(); ++i) {
              const auto r = read_duration(ctx, v[i], fmt::format("{}.{}", f.path("values"), i));
              if (r)
                x.values.push_back(*r);
              else
                ok = false;
            }
            if (ok && x.values.empty()) {
              ctx.error(v, f.path("values"),
                        fmt::format("{}: needs at least one value", f.path("values")));
              ok = false;
            }
            if (ok && Distribution(x).expected() <= 0) {
              ctx.error(v, f.path("values"), fmt::format("{}: mean must be > 0", f.path("values")));
              ok = false;
            }
          },
      },
      d.alternative());
  if (!ok) return std::nullopt;
  return d;
}

/// Shared reading context for the parts of a scenario.
struct Reader {
  Context& ctx;
  ScenarioFile& out;
  int intervals_per_day = 0;  // 0 when the interval is invalid
  std::map<std::string, std::pair<YAML::Node, std::vector<double>>> profiles;
  models::NameIndex names;                 // channels and sites, filled before they are read
  std::vector<std::string> channel_names;  // for "did you mean" in skills

  models::Scenario& sc() { return out.scenario; }

  void read_top(const YAML::Node& root);
  void read_horizon(const Fields& top);
  void read_profiles(const YAML::Node& n, const std::string& path);
  void read_regions(const YAML::Node& n, const std::string& path);
  void read_channel(const std::string& name, const YAML::Node& n, const std::string& path);
  std::vector<double> read_intraday(const YAML::Node& n, const std::string& path);
  void read_day_of_week(const YAML::Node& n, const std::string& path,
                        std::array<double, 7>& out_dow);
  void read_site(const std::string& name, const YAML::Node& n, const std::string& path);
  void read_group(const Fields& f, models::AgentGroupConfig& g, bool rostered = false);
  void read_shift(const std::string& name, const YAML::Node& n, const std::string& path,
                  models::Shift& s);
  std::optional<models::RosterRules> read_roster(const YAML::Node& n, const std::string& path,
                                                 bool site_level);
  void read_template(const YAML::Node& n, const std::string& path, models::ShiftTemplate& t);
  void read_expect(const YAML::Node& n, const std::string& path);
  const std::vector<double>* profile(const YAML::Node& n, const std::string& path);
};

void Reader::read_top(const YAML::Node& root) {
  Fields top(ctx, root, "",
             {"name", "description", "horizon", "interval", "seed", "replications", "calendar",
              "month_days", "drain_limit", "regions", "profiles", "channels", "sites", "routing",
              "staffing", "expect", "precision"});
  if (const auto n = top.get("name"); n.IsDefined())
    if (auto s = read_string(ctx, n, "name")) sc().name = *s;
  if (const auto n = top.get("description"); n.IsDefined())
    if (auto s = read_scalar(ctx, n, "description", "a string")) out.description = *s;

  read_horizon(top);

  bool interval_ok = true;
  if (const auto n = top.get("interval"); n.IsDefined()) {
    const auto d = read_positive_duration(ctx, n, "interval");
    interval_ok = d.has_value();
    if (d) {
      const double per_day = kDay / *d;
      if (std::abs(per_day - std::round(per_day)) > 1e-9 || *d != std::round(*d)) {
        ctx.error(n, "interval",
                  fmt::format("interval: {} does not divide a day into whole intervals of whole "
                              "seconds (try 15m, 30m or 1h)",
                              n.Scalar()));
        interval_ok = false;
      } else {
        sc().interval_seconds = *d;
      }
    }
  }
  // Profile lengths are checked against the interval only when the interval itself is valid.
  intervals_per_day = interval_ok ? sc().intervals_per_day() : 0;

  if (const auto n = top.get("seed"); n.IsDefined()) {
    if (const auto s = read_scalar(ctx, n, "seed", "a whole number")) {
      unsigned long long v = 0;
      switch (detail::parse_uint64(*s, v)) {
        case detail::NumberStatus::ok:
          sc().seed = v;
          break;
        case detail::NumberStatus::out_of_range:
          ctx.error(n, "seed", fmt::format("seed: '{}' does not fit in 64 bits", *s));
          break;
        case detail::NumberStatus::malformed:
          ctx.error(n, "seed", fmt::format("seed: expected a whole number >= 0, got '{}'", *s));
          break;
      }
    }
  }
  if (const auto n = top.get("replications"); n.IsDefined())
    if (const auto r = read_int(ctx, n, "replications", 1, kMaxReplications))
      sc().replications = *r;
  if (const auto n = top.get("calendar"); n.IsDefined())
    if (const auto c = read_choice(ctx, n, "calendar", {"calendar_queue", "binary_heap"}))
      sc().calendar = *c == 0 ? sim::CalendarKind::calendar_queue : sim::CalendarKind::binary_heap;
  if (const auto n = top.get("month_days"); n.IsDefined())
    if (const auto m = read_number_in(ctx, n, "month_days", 28, 31)) sc().month_days = *m;

  if (const auto n = top.get("drain_limit"); n.IsDefined())
    if (const auto d = read_positive_duration(ctx, n, "drain_limit")) sc().drain_limit_seconds = *d;
  if (const auto n = top.get("profiles"); n.IsDefined()) read_profiles(n, "profiles");

  if (const auto n = top.need("channels"); n.IsDefined()) {
    const auto entries = named_entries(ctx, n, "channels");
    if (n.IsMap() && entries.empty() && n.size() == 0)
      ctx.error(n, "channels", "channels: at least one channel is needed");
    // Names first: sites and regions refer to them, wherever they appear in the file.
    for (const auto& [name, node] : entries) {
      models::ChannelConfig c;
      c.name = name;
      names.add_channel(name, static_cast<int>(sc().channels.size()));
      channel_names.push_back(name);
      sc().channels.push_back(c);
    }
    for (std::size_t i = 0; i < entries.size(); ++i)
      read_channel(entries[i].first, entries[i].second, join("channels", entries[i].first));
  }
  if (const auto n = top.need("sites"); n.IsDefined()) {
    const auto entries = named_entries(ctx, n, "sites");
    if (n.IsMap() && n.size() == 0) ctx.error(n, "sites", "sites: at least one site is needed");
    for (const auto& [name, node] : entries) {
      models::SiteConfig s;
      s.name = name;
      names.add_site(name, static_cast<int>(sc().sites.size()));
      sc().sites.push_back(s);
    }
    for (const auto& [name, node] : entries) read_site(name, node, join("sites", name));
  }
  if (const auto n = top.get("regions"); n.IsDefined()) read_regions(n, "regions");

  if (const auto n = top.get("routing"); n.IsDefined() && expect_map(ctx, n, "routing")) {
    Fields f(ctx, n, "routing", {"policy", "overflow_delay", "priority", "reservation", "weights"});
    if (const auto p = f.get("policy"); p.IsDefined()) {
      if (const auto name = read_string(ctx, p, f.path("policy"))) {
        // Policies come from a registry that programs may extend; ask it, not a fixed list.
        if (models::has_routing_policy(*name)) {
          sc().routing.policy = *name;
        } else {
          const auto names = models::routing_policy_names();
          ctx.error(p, f.path("policy"),
                    fmt::format("routing.policy: unknown policy '{}'; expected {}{}", *name,
                                quoted_list(names), did_you_mean(*name, names)));
        }
      }
    }
    if (const auto d = f.get("overflow_delay"); d.IsDefined()) {
      // Only home_first waits before overflowing; elsewhere the key would do nothing.
      if (sc().routing.policy == "pooled")
        ctx.error(d, f.path("overflow_delay"),
                  "routing.overflow_delay: has no effect with policy 'pooled' (every site "
                  "takes every contact at once); remove it or use policy 'home_first'");
      else if (const auto x = read_duration(ctx, d, f.path("overflow_delay")))
        sc().routing.overflow_delay_seconds = *x;
    }
    // Channel names and policy fit are models::validate's (mapped back to these positions).
    if (const auto v = f.get("priority"); v.IsDefined() && expect_seq(ctx, v, f.path("priority")))
      for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string p = fmt::format("{}.{}", f.path("priority"), i);
        ctx.remember(p, v[i]);
        if (const auto s = read_string(ctx, v[i], p)) sc().routing.priority.push_back(*s);
      }
    if (const auto v = f.get("reservation");
        v.IsDefined() && expect_seq(ctx, v, f.path("reservation")))
      for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string p = fmt::format("{}.{}", f.path("reservation"), i);
        if (!expect_map(ctx, v[i], p)) continue;
        Fields rf(ctx, v[i], p, {"channel", "idle_agents"});
        models::Reservation r;
        if (const auto x = rf.need("channel"); x.IsDefined())
          if (const auto s = read_string(ctx, x, rf.path("channel"))) r.channel = *s;
        if (const auto x = rf.need("idle_agents"); x.IsDefined())
          if (const auto k = read_int(ctx, x, rf.path("idle_agents"), 0, kMaxAgents))
            r.idle_agents = *k;
        sc().routing.reservation.push_back(r);
      }
    if (const auto v = f.get("weights"); v.IsDefined() && expect_map(ctx, v, f.path("weights")))
      for (const auto& [name, node] : named_entries(ctx, v, f.path("weights"))) {
        const std::string p = join(f.path("weights"), name);
        if (const auto w = read_number_in(ctx, node, p, 0.0, 1e9, true))
          sc().routing.weights.push_back({name, *w});
      }
  }
  if (const auto n = top.get("staffing"); n.IsDefined() && expect_map(ctx, n, "staffing")) {
    Fields f(ctx, n, "staffing",
             {"paid_hours_per_month", "must_hold", "replications", "max_replications",
              "decision_confidence"});
    if (const auto p = f.get("paid_hours_per_month"); p.IsDefined())
      if (const auto x = read_number_in(ctx, p, f.path("paid_hours_per_month"), 0.0, 744.0, true))
        sc().staffing.paid_hours_per_month = *x;
    if (const auto p = f.get("must_hold"); p.IsDefined())
      if (const auto c =
              read_choice(ctx, p, f.path("must_hold"), {"month", "interval_of_week", "interval"}))
        sc().staffing.must_hold = static_cast<models::MustHold>(*c);
    if (const auto p = f.get("replications"); p.IsDefined())
      if (const auto r = read_int(ctx, p, f.path("replications"), 1, kMaxReplications))
        sc().staffing.replications = *r;
    if (const auto p = f.get("max_replications"); p.IsDefined())
      if (const auto r = read_int(ctx, p, f.path("max_replications"), 1, kMaxReplications))
        sc().staffing.max_replications = *r;
    if (const auto p = f.get("decision_confidence"); p.IsDefined())
      if (const auto x =
              read_number_in(ctx, p, f.path("decision_confidence"), 0.0, 1.0, true, true))
        sc().staffing.decision_confidence = *x;
  }
  if (const auto n = top.get("expect"); n.IsDefined()) read_expect(n, "expect");
  if (const auto n = top.get("precision"); n.IsDefined() && expect_map(ctx, n, "precision")) {
    Fields f(ctx, n, "precision", {"metrics", "max_replications"});
    PrecisionSpec spec;
    spec.where = ctx.where(n, "precision");
    if (const auto m = f.need("metrics"); m.IsDefined() && expect_map(ctx, m, f.path("metrics"))) {
      // Keys are metric paths (with dots), so not named_entries(): checked like expect: metrics.
      for (const auto& kv : m) {
        const std::string metric = kv.first.IsScalar() ? kv.first.Scalar() : "";
        const std::string p = f.path("metrics");
        PrecisionTarget t;
        t.metric = metric;
        t.where = ctx.where(kv.first, p);
        if (const auto h = read_number_in(ctx, kv.second, p + " " + metric, 0.0,
                                          std::numeric_limits<double>::infinity(), true))
          t.half_width = *h;
        spec.metrics.push_back(std::move(t));
      }
      if (m.size() == 0) ctx.error(m, f.path("metrics"), "precision.metrics: give at least one");
    }
    if (const auto r = f.get("max_replications"); r.IsDefined())
      if (const auto x = read_int(ctx, r, f.path("max_replications"), 2, kMaxReplications))
        spec.max_replications = *x;
    out.precision = std::move(spec);
  }
}

void Reader::read_horizon(const Fields& top) {
  const YAML::Node n = top.get("horizon");
  if (!n.IsDefined() || !expect_map(ctx, n, "horizon")) return;
  Fields f(ctx, n, "horizon", {"days", "warmup", "start_weekday", "start_date"});
  if (const auto d = f.get("days"); d.IsDefined())
    if (const auto x = read_number_in(ctx, d, f.path("days"), 0.0, 3660.0, true))
      sc().horizon_days = *x;
  if (const auto w = f.get("warmup"); w.IsDefined())
    if (const auto x = read_duration(ctx, w, f.path("warmup"))) {
      if (*x > 30 * kDay)
        ctx.error(w, f.path("warmup"), "horizon.warmup: must be at most 30d");
      else
        sc().warmup_seconds = *x;
    }
  if (const auto s = f.get("start_weekday"); s.IsDefined())
    if (const auto d = read_weekday(ctx, s, f.path("start_weekday"))) sc().start_weekday = *d;
  if (const auto s = f.get("start_date"); s.IsDefined()) {
    const std::string text = s.IsScalar() ? s.Scalar() : std::string();
    const auto days = detail::parse_iso_date(text);
    if (!days) {
      ctx.error(s, f.path("start_date"),
                fmt::format("horizon.start_date: expected a date YYYY-MM-DD, got '{}'", text));
    } else {
      // 1970-01-01 was a Thursday (index 3 with Monday = 0).
      const int wd = static_cast<int>(((*days + 3) % 7 + 7) % 7);
      if (const auto w = f.get("start_weekday"); w.IsDefined() && sc().start_weekday != wd)
        ctx.error(w, f.path("start_weekday"),
                  fmt::format("horizon.start_weekday: {} is a {}, not a {}", text,
                              kWeekdays[static_cast<std::size_t>(wd)],
                              kWeekdays[static_cast<std::size_t>(sc().start_weekday)]));
      sc().start_weekday = wd;
      sc().start_date = text;
    }
  }
}

void Reader::read_profiles(const YAML::Node& n, const std::string& path) {
  for (const auto& [name, node] : named_entries(ctx, n, path)) {
    auto values = read_number_list(ctx, node, join(path, name), true);
    profiles.emplace(name, std::make_pair(node, std::move(values)));
  }
}

const std::vector<double>* Reader::profile(const YAML::Node& n, const std::string& path) {
  const std::string name = n.Scalar();
  if (const auto it = profiles.find(name); it != profiles.end()) return &it->second.second;
  std::vector<std::string> names;
  for (const auto& [k, v] : profiles) names.push_back(k);
  ctx.error(n, path,
            fmt::format("{}: unknown profile '{}'{}{}", path, name,
                        names.empty() ? "; no profiles are defined under 'profiles:'" : "",
                        did_you_mean(name, names)));
  return nullptr;
}

std::vector<double> Reader::read_intraday(const YAML::Node& n, const std::string& path) {
  std::vector<double> values;
  if (n.IsScalar()) {
    const auto* p = profile(n, path);
    if (!p) return {};
    values = *p;
  } else {
    values = read_number_list(ctx, n, path, true);
    if (values.empty() && n.IsSequence() && n.size() > 0) return {};  // element errors reported
  }
  if (intervals_per_day == 0) return {};
  const auto ipd = static_cast<std::size_t>(intervals_per_day);
  if (values.size() != ipd && values.size() != 24) {
    ctx.error(
        n, path,
        fmt::format("{}: intraday profile has {} values; expected {} (one per {} interval) "
                    "or 24 (hourly)",
                    path, values.size(), ipd, detail::format_duration(sc().interval_seconds)));
    return {};
  }
  double total = 0;
  for (double v : values) total += v;
  if (total <= 0) {
    ctx.error(n, path, fmt::format("{}: intraday profile is all zeros", path));
    return {};
  }
  if (values.size() == ipd) return values;
  // Hourly weights spread over the intervals by overlap, so each hour keeps its share of the
  // day whatever the interval (30m halves an hour's weight, 2h sums two hours).
  std::vector<double> expanded(ipd, 0.0);
  const double len = sc().interval_seconds;
  for (std::size_t i = 0; i < ipd; ++i) {
    const double a = static_cast<double>(i) * len, b = a + len;
    for (int h = 0; h < 24; ++h) {
      const double overlap = std::min(b, (h + 1) * 3600.0) - std::max(a, h * 3600.0);
      if (overlap > 0) expanded[i] += values[static_cast<std::size_t>(h)] * overlap / 3600.0;
    }
  }
  return expanded;
}

void Reader::read_day_of_week(const YAML::Node& n, const std::string& path,
                              std::array<double, 7>& out_dow) {
  std::vector<double> values;
  if (n.IsMap()) {
    Fields f(ctx, n, path, kWeekdays);
    values.assign(7, 1.0);
    for (std::size_t d = 0; d < 7; ++d)
      if (const auto v = f.get(kWeekdays[d]); v.IsDefined()) {
        const auto x = read_number_in(ctx, v, f.path(kWeekdays[d]), 0.0,
                                      std::numeric_limits<double>::infinity());
        if (!x) return;
        values[d] = *x;
      }
  } else if (n.IsScalar()) {
    const auto* p = profile(n, path);
    if (!p) return;
    values = *p;
  } else {
    values = read_number_list(ctx, n, path, true);
    if (values.empty() && n.IsSequence() && n.size() > 0) return;
  }
  if (values.size() != 7) {
    ctx.error(n, path,
              fmt::format("{}: day-of-week profile has {} values; expected 7 (Monday to Sunday)",
                          path, values.size()));
    return;
  }
  double total = 0;
  for (double v : values) total += v;
  if (total <= 0) {
    ctx.error(n, path, fmt::format("{}: day-of-week profile is all zeros", path));
    return;
  }
  std::copy(values.begin(), values.end(), out_dow.begin());
}

void Reader::read_regions(const YAML::Node& n, const std::string& path) {
  const auto entries = named_entries(ctx, n, path);
  for (const auto& [name, node] : entries) {
    const std::string p = join(path, name);
    if (!expect_map(ctx, node, p)) continue;
    Fields f(ctx, node, p, {"utc_offset", "share", "home_site"});
    models::Region r;
    r.name = name;
    if (const auto v = f.need("utc_offset"); v.IsDefined()) {
      if (const auto x = read_utc_offset(ctx, v, f.path("utc_offset"))) r.utc_offset_hours = *x;
    }
    if (const auto v = f.need("share"); v.IsDefined())
      if (const auto x = read_probability(ctx, v, f.path("share"))) r.share = *x;
    if (const auto v = f.get("home_site"); v.IsDefined()) {
      if (const auto s = read_string(ctx, v, f.path("home_site"))) {
        if (names.site(*s) < 0) {
          std::vector<std::string> sites;
          for (const auto& site : sc().sites) sites.push_back(site.name);
          ctx.error(v, f.path("home_site"),
                    fmt::format("{}: unknown site '{}'{}", f.path("home_site"), *s,
                                did_you_mean(*s, sites)));
        }
        r.home_site = *s;
      }
    }
    sc().regions.push_back(r);
  }
  if (entries.empty() && n.IsMap())
    ctx.error(n, path, "regions: give at least one region, or leave 'regions' out");
  // That the shares sum to 1 is models::validate's rule (reported at `regions`).
}

std::optional<models::RedialConfig> read_redial(Context& ctx, const YAML::Node& n,
                                                const std::string& path);
std::optional<models::CallbackConfig> read_callback(Context& ctx, const YAML::Node& n,
                                                    const std::string& path);

void Reader::read_channel(const std::string& name, const YAML::Node& n, const std::string& path) {
  if (!expect_map(ctx, n, path)) return;
  Fields f(ctx, n, path,
           {"kind", "volume", "intraday", "day_of_week", "overdispersion", "handle_time",
            "patience", "sl_seconds", "short_abandon_seconds", "targets", "concurrency",
            "concurrency_slowdown", "inactivity_timeout", "quiet_after", "after_call_work",
            "first_reply", "redial", "callback"});
  auto& c = sc().channels[static_cast<std::size_t>(names.channel(name))];
  if (const auto v = f.need("kind"); v.IsDefined())
    if (const auto k = read_choice(ctx, v, f.path("kind"), {"call", "chat", "messenger", "email"}))
      c.kind = static_cast<models::ChannelKind>(*k);
  if (const auto v = f.need("volume"); v.IsDefined() && expect_map(ctx, v, f.path("volume"))) {
    Fields vf(ctx, v, f.path("volume"), {"per_hour", "per_day", "per_month"});
    int given = 0;
    for (const auto& [key, per] : {std::pair{"per_hour", models::Volume::Per::hour},
                                   std::pair{"per_day", models::Volume::Per::day},
                                   std::pair{"per_month", models::Volume::Per::month}}) {
      const auto x = vf.get(key);
      if (!x.IsDefined()) continue;
      ++given;
      if (const auto a =
              read_number_in(ctx, x, vf.path(key), 0.0, std::numeric_limits<double>::infinity())) {
        c.volume.per = per;
        c.volume.amount = *a;
      }
    }
    if (given != 1)
      ctx.error(v, vf.path(),
                fmt::format("{}: give exactly one of per_hour, per_day or per_month", vf.path()));
  }
  if (const auto v = f.get("intraday"); v.IsDefined())
    c.intraday = read_intraday(v, f.path("intraday"));
  if (const auto v = f.get("day_of_week"); v.IsDefined())
    read_day_of_week(v, f.path("day_of_week"), c.day_of_week);
  if (const auto v = f.get("overdispersion");
      v.IsDefined() && expect_map(ctx, v, f.path("overdispersion"))) {
    Fields of(ctx, v, f.path("overdispersion"), {"shape"});
    if (const auto s = of.need("shape"); s.IsDefined())
      if (const auto x = read_number_in(ctx, s, of.path("shape"), 0.0,
                                        std::numeric_limits<double>::infinity(), true))
        c.overdispersion_shape = *x;
  }
  if (const auto v = f.need("handle_time"); v.IsDefined())
    if (auto d = read_distribution(ctx, v, f.path("handle_time"))) c.handle_time = *d;
  if (const auto v = f.get("patience"); v.IsDefined())
    if (auto d = read_distribution(ctx, v, f.path("patience"))) c.patience = *d;
  // Email is measured against 24 hours unless told otherwise (docs/contract.md, metric
  // definitions).
  c.sl_seconds = models::traits(c.kind).default_sl_seconds;
  if (const auto v = f.get("sl_seconds"); v.IsDefined())
    if (const auto x = read_positive_duration(ctx, v, f.path("sl_seconds"))) c.sl_seconds = *x;
  if (const auto v = f.get("short_abandon_seconds"); v.IsDefined())
    if (const auto x = read_duration(ctx, v, f.path("short_abandon_seconds")))
      c.short_abandon_seconds = *x;
  if (const auto v = f.get("targets"); v.IsDefined() && expect_map(ctx, v, f.path("targets"))) {
    Fields t(ctx, v, f.path("targets"), {"service_level", "asa", "abandon_rate", "max_occupancy"});
    if (const auto x = t.get("service_level"); x.IsDefined())
      c.targets.service_level = read_probability(ctx, x, t.path("service_level"));
    if (const auto x = t.get("asa"); x.IsDefined())
      c.targets.asa_seconds = read_positive_duration(ctx, x, t.path("asa"));
    if (const auto x = t.get("abandon_rate"); x.IsDefined())
      c.targets.abandon_rate = read_probability(ctx, x, t.path("abandon_rate"));
    if (const auto x = t.get("max_occupancy"); x.IsDefined())
      c.targets.max_occupancy = read_number_in(ctx, x, t.path("max_occupancy"), 0.0, 1.0, true);
  }
  // Which kinds take concurrency, an inactivity timeout, quiet_after or first_reply is
  // models::validate's rule; the loader reads types and units only.
  if (const auto v = f.get("concurrency"); v.IsDefined())
    if (const auto x = read_int(ctx, v, f.path("concurrency"), 1, 100)) c.concurrency = *x;
  if (const auto v = f.get("concurrency_slowdown"); v.IsDefined())
    if (const auto x = read_number_in(ctx, v, f.path("concurrency_slowdown"), 0.0, 10.0))
      c.concurrency_slowdown = *x;
  if (const auto v = f.get("inactivity_timeout"); v.IsDefined())
    if (const auto x = read_positive_duration(ctx, v, f.path("inactivity_timeout")))
      c.inactivity_timeout_seconds = *x;
  if (const auto v = f.get("quiet_after"); v.IsDefined())
    if (auto d = read_distribution(ctx, v, f.path("quiet_after"))) c.quiet_after = *d;
  if (const auto v = f.get("after_call_work"); v.IsDefined())
    if (auto d = read_distribution(ctx, v, f.path("after_call_work"))) c.after_call_work = *d;
  if (const auto v = f.get("first_reply"); v.IsDefined())
    if (auto d = read_distribution(ctx, v, f.path("first_reply"))) c.first_reply = *d;
  if (const auto v = f.get("redial"); v.IsDefined())
    c.redial = read_redial(ctx, v, f.path("redial"));
  if (const auto v = f.get("callback"); v.IsDefined())
    c.callback = read_callback(ctx, v, f.path("callback"));
  // models::validate() names a few fields by their struct names.
  ctx.alias(f.path("overdispersion.shape"), f.path("overdispersion_shape"));
}

std::optional<models::RedialConfig> read_redial(Context& ctx, const YAML::Node& n,
                                                const std::string& path) {
  if (!expect_map(ctx, n, path)) return std::nullopt;
  Fields f(ctx, n, path, {"probability", "delay", "to", "max_attempts"});
  models::RedialConfig r;
  bool ok = true;
  if (const auto v = f.need("probability"); v.IsDefined()) {
    const auto x = read_probability(ctx, v, f.path("probability"));
    ok = ok && x.has_value();
    if (x) r.probability = *x;
  } else {
    ok = false;
  }
  if (const auto v = f.need("delay"); v.IsDefined()) {
    auto d = read_distribution(ctx, v, f.path("delay"));
    ok = ok && d.has_value();
    if (d) r.delay = *d;
  } else {
    ok = false;
  }
  if (const auto v = f.get("max_attempts"); v.IsDefined()) {
    const auto x = read_int(ctx, v, f.path("max_attempts"), 1, 1000);
    ok = ok && x.has_value();
    if (x) r.max_attempts = *x;
  }
  if (const auto v = f.get("to"); v.IsDefined() && expect_seq(ctx, v, f.path("to"))) {
    if (v.size() == 0) ctx.error(v, f.path("to"), f.path("to") + ": give at least one target");
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string p = fmt::format("{}.{}", f.path("to"), i);
      if (!expect_map(ctx, v[i], p)) continue;
      Fields tf(ctx, v[i], p, {"channel", "share"});
      models::RedialTarget t;
      if (const auto x = tf.need("channel"); x.IsDefined()) {
        if (const auto name = read_string(ctx, x, tf.path("channel"))) t.channel = *name;
      }
      if (const auto x = tf.get("share"); x.IsDefined()) {
        if (const auto sh = read_number_in(ctx, x, tf.path("share"), 0.0, 1.0, true)) t.share = *sh;
      } else if (v.size() > 1) {
        ctx.error(v[i], p, fmt::format("{}: missing required key 'share' (several targets)", p));
      }
      r.to.push_back(t);
    }
  }
  if (!ok) return std::nullopt;
  return r;
}

/// A callback threshold: YAML's infinity (.inf) for "never", else a duration (seconds) or a
/// whole number of contacts.
std::optional<double> read_threshold(Context& ctx, const YAML::Node& n, const std::string& path,
                                     bool duration) {
  if (n.IsScalar() && (n.Scalar() == ".inf" || n.Scalar() == ".Inf" || n.Scalar() == ".INF"))
    return std::numeric_limits<double>::infinity();
  if (duration) {
    const auto d = read_duration(ctx, n, path);
    if (d && *d < 0) {
      ctx.error(n, path, fmt::format("{}: must be >= 0", path));
      return std::nullopt;
    }
    return d;
  }
  const auto k = read_int(ctx, n, path, 0, 100'000'000);
  if (!k) return std::nullopt;
  return static_cast<double>(*k);
}

std::optional<models::CallbackConfig> read_callback(Context& ctx, const YAML::Node& n,
                                                    const std::string& path) {
  using models::CallbackConfig;
  if (!expect_map(ctx, n, path)) return std::nullopt;
  Fields f(
      ctx, n, path,
      {"offer_when", "accept_probability", "priority", "failure_probability", "failed_attempt"});
  CallbackConfig cb;
  bool ok = true;
  if (const auto v = f.need("offer_when"); !v.IsDefined()) {
    ok = false;
  } else if (!expect_map(ctx, v, f.path("offer_when"))) {
    ok = false;
  } else {
    Fields wf(ctx, v, f.path("offer_when"), {"expected_wait_seconds", "queue_length"});
    const auto wait = wf.get("expected_wait_seconds");
    const auto length = wf.get("queue_length");
    if (wait.IsDefined() == length.IsDefined()) {
      ctx.error(
          v, wf.path(),
          fmt::format("{}: give exactly one of expected_wait_seconds or queue_length", wf.path()));
      ok = false;
    } else {
      const bool by_wait = wait.IsDefined();
      cb.offer =
          by_wait ? CallbackConfig::Offer::expected_wait : CallbackConfig::Offer::queue_length;
      const auto x =
          read_threshold(ctx, by_wait ? wait : length,
                         wf.path(by_wait ? "expected_wait_seconds" : "queue_length"), by_wait);
      ok = ok && x.has_value();
      if (x) cb.threshold = *x;
    }
  }
  auto probability = [&](const char* key, double& out) {
    if (const auto v = f.get(key); v.IsDefined()) {
      const auto x = read_probability(ctx, v, f.path(key));
      ok = ok && x.has_value();
      if (x) out = *x;
    }
  };
  probability("accept_probability", cb.accept_probability);
  probability("failure_probability", cb.failure_probability);
  if (const auto v = f.get("priority"); v.IsDefined()) {
    const auto k = read_choice(ctx, v, f.path("priority"), {"fifo", "when_idle"});
    ok = ok && k.has_value();
    if (k) cb.priority = static_cast<CallbackConfig::Priority>(*k);
  }
  if (const auto v = f.get("failed_attempt"); v.IsDefined()) {
    const auto d = read_duration(ctx, v, f.path("failed_attempt"));
    if (d && *d < 0)
      ctx.error(v, f.path("failed_attempt"), f.path("failed_attempt") + ": must be >= 0");
    ok = ok && d.has_value() && *d >= 0;
    if (d) cb.failed_attempt_seconds = *d;
  }
  if (!ok) return std::nullopt;
  return cb;
}

void Reader::read_site(const std::string& name, const YAML::Node& n, const std::string& path) {
  if (!expect_map(ctx, n, path)) return;
  Fields f(ctx, n, path,
           {"utc_offset", "headcount", "shrinkage", "absence", "groups", "skills", "agents",
            "shifts", "on_duty", "roster"});
  auto& s = sc().sites[static_cast<std::size_t>(names.site(name))];
  if (const auto v = f.get("utc_offset"); v.IsDefined())
    if (const auto x = read_utc_offset(ctx, v, f.path("utc_offset"))) s.utc_offset_hours = *x;
  if (const auto v = f.get("headcount"); v.IsDefined())
    s.headcount = read_int(ctx, v, f.path("headcount"), 0, kMaxAgents);
  if (const auto v = f.get("shrinkage"); v.IsDefined())  // [0, 1): models::validate
    if (const auto x = read_number(ctx, v, f.path("shrinkage"))) s.shrinkage = *x;
  if (const auto v = f.get("absence"); v.IsDefined())
    if (const auto x = read_number_in(ctx, v, f.path("absence"), 0.0, 1.0, false, true))
      s.absence_probability = *x;
  ctx.alias(f.path("absence"), f.path("absence_probability"));
  if (const auto v = f.get("roster"); v.IsDefined())
    s.roster = read_roster(v, f.path("roster"), true);

  const bool shorthand = f.has("skills") || f.has("agents") || f.has("shifts") || f.has("on_duty");
  if (const auto g = f.get("groups"); g.IsDefined()) {
    if (shorthand) {
      ctx.error(n, path,
                fmt::format("{}: give either 'groups' or skills/agents/shifts/on_duty for the "
                            "whole site, not both",
                            path));
      return;
    }
    const auto entries = named_entries(ctx, g, f.path("groups"));
    if (g.IsMap() && g.size() == 0)
      ctx.error(g, f.path("groups"),
                fmt::format("{}: at least one group is needed", f.path("groups")));
    for (const auto& [gname, gnode] : entries) {
      const std::string gp = join(f.path("groups"), gname);
      if (!expect_map(ctx, gnode, gp)) continue;
      Fields gf(ctx, gnode, gp, {"skills", "agents", "shifts", "on_duty", "roster"});
      models::AgentGroupConfig group;
      group.name = gname;
      if (const auto v = gf.get("roster"); v.IsDefined())
        group.roster = read_roster(v, gf.path("roster"), false);
      // A group `ccsim roster` will staff needs no supply of its own.
      read_group(gf, group, group.roster.has_value() || s.roster.has_value());
      s.groups.push_back(std::move(group));
    }
  } else if (shorthand) {
    // The core schema's `main: {agents: 70, skills: [voice]}`: one group named after the site.
    models::AgentGroupConfig group;
    group.name = name;
    read_group(f, group, s.roster.has_value());
    s.groups.push_back(std::move(group));
    const std::string gp = join(f.path("groups"), name);
    ctx.remember(gp, n);
    ctx.remember(join(f.path("groups"), "0"), n);
    for (const char* key : {"skills", "agents", "shifts", "on_duty"}) {
      ctx.alias(f.path(key), join(gp, key));
      ctx.alias(f.path(key), join(join(f.path("groups"), "0"), key));
    }
  } else {
    ctx.error(n, path,
              fmt::format("{}: a site needs agents: give 'agents' and 'skills', 'shifts' and "
                          "'skills', or 'groups'",
                          path));
  }
}

void Reader::read_group(const Fields& f, models::AgentGroupConfig& g, bool rostered) {
  std::set<std::string> listed;
  if (const auto v = f.need("skills"); v.IsDefined() && expect_seq(ctx, v, f.path("skills"))) {
    if (v.size() == 0)
      ctx.error(v, f.path("skills"),
                fmt::format("{}: needs at least one channel", f.path("skills")));
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string p = fmt::format("{}.{}", f.path("skills"), i);
      const auto s = read_string(ctx, v[i], p);
      if (!s) continue;
      if (names.channel(*s) < 0) {
        ctx.error(v[i], p,
                  fmt::format("{}: unknown channel '{}' in skills{}", f.path("skills"), *s,
                              did_you_mean(*s, channel_names)));
        continue;
      }
      if (!listed.insert(*s).second) {
        ctx.error(v[i], p, fmt::format("{}: channel '{}' is listed twice", f.path("skills"), *s));
        continue;
      }
      g.skills.push_back(*s);
    }
  }
  const auto agents = f.get("agents");
  const auto shifts = f.get("shifts");
  const auto on_duty = f.get("on_duty");
  const int given = agents.IsDefined() + shifts.IsDefined() + on_duty.IsDefined();
  if (given > 1) {
    ctx.error(
        f.node(), f.path(),
        fmt::format("{}: give only one of 'agents' (constant), 'shifts' or 'on_duty'", f.shown()));
    return;
  }
  if (given == 0 && !rostered) {
    ctx.error(f.node(), f.path(),
              fmt::format("{}: missing 'agents' (constant on-duty agents), 'shifts' or 'on_duty'",
                          f.shown()));
    return;
  }
  if (on_duty.IsDefined() && expect_seq(ctx, on_duty, f.path("on_duty"))) {
    for (std::size_t i = 0; i < on_duty.size(); ++i)
      if (const auto x =
              read_int(ctx, on_duty[i], fmt::format("{}.{}", f.path("on_duty"), i), 0, kMaxAgents))
        g.on_duty.push_back(*x);
    const auto n = static_cast<int>(on_duty.size());
    if (intervals_per_day > 0 && n != intervals_per_day && n != sc().horizon_intervals())
      ctx.error(on_duty, f.path("on_duty"),
                fmt::format("{}: has {} values; expected {} (one per interval of a day, repeated "
                            "daily) or {} (one per interval of the horizon)",
                            f.path("on_duty"), n, intervals_per_day, sc().horizon_intervals()));
  }
  if (agents.IsDefined())
    if (const auto x = read_int(ctx, agents, f.path("agents"), 0, kMaxAgents)) g.agents = *x;
  if (shifts.IsDefined()) {
    const auto entries = named_entries(ctx, shifts, f.path("shifts"));
    if (shifts.IsMap() && shifts.size() == 0)
      ctx.error(shifts, f.path("shifts"),
                fmt::format("{}: at least one shift is needed", f.path("shifts")));
    for (const auto& [name, node] : entries) {
      models::Shift s;
      s.name = name;
      read_shift(name, node, join(f.path("shifts"), name), s);
      g.shifts.push_back(std::move(s));
    }
  }
}

void Reader::read_shift(const std::string& /*name*/, const YAML::Node& n, const std::string& path,
                        models::Shift& s) {
  if (!expect_map(ctx, n, path)) return;
  Fields f(ctx, n, path, {"start", "length", "days", "agents", "breaks"});
  if (const auto v = f.need("start"); v.IsDefined())
    if (const auto x = read_time_of_day(ctx, v, f.path("start"))) s.start_seconds = *x;
  // At most 24 h: models::validate()'s rule.
  if (const auto v = f.need("length"); v.IsDefined())
    if (const auto x = read_positive_duration(ctx, v, f.path("length"))) s.length_seconds = *x;
  if (const auto v = f.need("agents"); v.IsDefined())
    if (const auto x = read_int(ctx, v, f.path("agents"), 0, kMaxAgents)) s.agents = *x;
  if (const auto v = f.get("days"); v.IsDefined() && expect_seq(ctx, v, f.path("days"))) {
    s.days.fill(false);
    if (v.size() == 0)
      ctx.error(v, f.path("days"),
                fmt::format("{}: lists no weekday, so the shift never runs; give e.g. [mon-fri] "
                            "or leave 'days' out for every day",
                            f.path("days")));
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string p = fmt::format("{}.{}", f.path("days"), i);
      if (!v[i].IsScalar()) {
        read_scalar(ctx, v[i], p, "a weekday");
        continue;
      }
      const std::string text = v[i].Scalar();
      // "mon-fri" ranges are handy for office patterns.
      if (const auto dash = text.find('-'); dash != std::string::npos) {
        const auto a = weekday_index(text.substr(0, dash));
        const auto b = weekday_index(text.substr(dash + 1));
        if (!a || !b) {
          ctx.error(v[i], p,
                    fmt::format("{}: unknown weekday range '{}'; expected e.g. mon-fri", p, text));
          continue;
        }
        for (int d = *a;; d = (d + 1) % 7) {
          s.days[static_cast<std::size_t>(d)] = true;
          if (d == *b) break;
        }
        continue;
      }
      if (const auto d = read_weekday(ctx, v[i], p)) s.days[static_cast<std::size_t>(*d)] = true;
    }
  }
  if (const auto v = f.get("breaks"); v.IsDefined() && expect_seq(ctx, v, f.path("breaks"))) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string p = fmt::format("{}.{}", f.path("breaks"), i);
      if (!expect_map(ctx, v[i], p)) continue;
      Fields bf(ctx, v[i], p, {"after", "length"});
      ctx.alias(bf.path("after"), bf.path("offset"));
      models::Break b;
      bool ok = true;
      if (const auto x = bf.need("after"); x.IsDefined()) {
        const auto d = read_duration(ctx, x, bf.path("after"));
        ok = ok && d.has_value();
        if (d) b.offset_seconds = *d;
      } else {
        ok = false;
      }
      if (const auto x = bf.need("length"); x.IsDefined()) {
        const auto d = read_positive_duration(ctx, x, bf.path("length"));
        ok = ok && d.has_value();
        if (d) b.length_seconds = *d;
      } else {
        ok = false;
      }
      // A break ending after its shift, or overlapping another: models::validate()'s rules.
      if (ok) s.breaks.push_back(b);
    }
  }
}

std::optional<models::RosterRules> Reader::read_roster(const YAML::Node& n, const std::string& path,
                                                       bool site_level) {
  if (!expect_map(ctx, n, path)) return std::nullopt;
  std::vector<std::string> keys{"templates", "max_part_time_share"};
  if (site_level) keys.push_back("cost_per_hour");
  Fields f(ctx, n, path, keys);
  models::RosterRules r;
  if (const auto v = f.get("max_part_time_share"); v.IsDefined())
    r.max_part_time_share = read_probability(ctx, v, f.path("max_part_time_share"));
  if (const auto v = f.get("cost_per_hour"); v.IsDefined())
    r.cost_per_hour = read_number_in(ctx, v, f.path("cost_per_hour"), 0.0, 1e9, true);
  if (const auto v = f.get("templates"); v.IsDefined()) {
    const auto entries = named_entries(ctx, v, f.path("templates"));
    if (v.IsMap() && v.size() == 0)
      ctx.error(v, f.path("templates"),
                fmt::format("{}: at least one template is needed", f.path("templates")));
    for (const auto& [name, node] : entries) {
      models::ShiftTemplate t;
      t.name = name;
      read_template(node, join(f.path("templates"), name), t);
      r.templates.push_back(std::move(t));
    }
  }
  return r;
}

void Reader::read_template(const YAML::Node& n, const std::string& path, models::ShiftTemplate& t) {
  if (!expect_map(ctx, n, path)) return;
  Fields f(ctx, n, path, {"length", "start", "breaks", "days", "part_time", "max_per_start"});
  // Lengths: one duration or a list of them, each in (0, 24h].
  if (const auto v = f.need("length"); v.IsDefined()) {
    std::vector<std::pair<YAML::Node, std::string>> items;
    if (v.IsSequence()) {
      if (v.size() == 0)
        ctx.error(v, f.path("length"),
                  fmt::format("{}: needs at least one length", f.path("length")));
      for (std::size_t i = 0; i < v.size(); ++i)
        items.emplace_back(v[i], fmt::format("{}.{}", f.path("length"), i));
    } else {
      items.emplace_back(v, f.path("length"));
    }
    for (const auto& [node, p] : items)
      if (const auto x = read_positive_duration(ctx, node, p)) {
        if (*x > kDay || std::fmod(*x, 60.0) != 0.0)
          ctx.error(node, p, fmt::format("{}: a shift lasts whole minutes, at most 24h", p));
        else
          t.lengths_seconds.push_back(*x);
      }
  }
  if (const auto v = f.need("start"); v.IsDefined() && expect_map(ctx, v, f.path("start"))) {
    Fields sf(ctx, v, f.path("start"), {"earliest", "latest", "step"});
    if (const auto x = sf.need("earliest"); x.IsDefined())
      if (const auto d = read_time_of_day(ctx, x, sf.path("earliest")))
        t.start_earliest_seconds = t.start_latest_seconds = *d;
    if (const auto x = sf.get("latest"); x.IsDefined())
      if (const auto d = read_time_of_day(ctx, x, sf.path("latest"))) t.start_latest_seconds = *d;
    if (const auto x = sf.get("step"); x.IsDefined())
      if (const auto d = read_positive_duration(ctx, x, sf.path("step"))) {
        if (std::fmod(*d, 60.0) != 0.0 || *d > kDay)
          ctx.error(x, sf.path("step"),
                    fmt::format("{}: expected whole minutes up to 24h", sf.path("step")));
        else
          t.start_step_seconds = *d;
      }
  }
  const double shortest = t.lengths_seconds.empty() ? 0.0
                                                    : *std::min_element(t.lengths_seconds.begin(),
                                                                        t.lengths_seconds.end());
  if (const auto v = f.get("breaks"); v.IsDefined() && expect_seq(ctx, v, f.path("breaks"))) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string p = fmt::format("{}.{}", f.path("breaks"), i);
      if (!expect_map(ctx, v[i], p)) continue;
      Fields bf(ctx, v[i], p, {"length", "earliest", "latest", "step", "paid"});
      models::BreakRule b;
      bool ok = true;
      auto duration = [&](const char* key, double& out, bool positive) {
        const auto x = bf.need(key);
        if (!x.IsDefined()) return ok = false;
        const auto d = positive ? read_positive_duration(ctx, x, bf.path(key))
                                : read_duration(ctx, x, bf.path(key));
        if (!d) return ok = false;
        out = *d;
        return true;
      };
      duration("length", b.length_seconds, true);
      duration("earliest", b.earliest_seconds, false);
      b.latest_seconds = b.earliest_seconds;
      if (bf.has("latest")) duration("latest", b.latest_seconds, false);
      if (const auto x = bf.get("step"); x.IsDefined()) {
        if (const auto d = read_positive_duration(ctx, x, bf.path("step"))) {
          if (*d != 900.0 && *d != 1800.0) {
            ctx.error(x, bf.path("step"),
                      fmt::format("{}: break starts lie on a 15m or 30m grid", bf.path("step")));
            ok = false;
          } else {
            b.step_seconds = *d;
          }
        }
      }
      if (const auto x = bf.get("paid"); x.IsDefined())
        if (const auto y = read_bool(ctx, x, bf.path("paid"))) b.paid = *y;
      if (ok && b.latest_seconds < b.earliest_seconds) {
        ctx.error(v[i], p, fmt::format("{}: latest start is before the earliest", p));
        ok = false;
      }
      if (ok && shortest > 0 && b.latest_seconds + b.length_seconds > shortest) {
        ctx.error(v[i], p,
                  fmt::format("{}: break can end after the shift ({} + {} > {})", p,
                              detail::format_duration(b.latest_seconds),
                              detail::format_duration(b.length_seconds),
                              detail::format_duration(shortest)));
        ok = false;
      }
      if (ok && !t.breaks.empty()) {
        const models::BreakRule& prev = t.breaks.back();
        if (b.earliest_seconds < prev.latest_seconds + prev.length_seconds)
          ctx.error(
              v[i], p,
              fmt::format("{}: overlaps the break before it (its window starts at {}, the "
                          "previous break can last until {}); give the breaks in order "
                          "with windows that do not overlap",
                          p, detail::format_duration(b.earliest_seconds),
                          detail::format_duration(prev.latest_seconds + prev.length_seconds)));
      }
      t.breaks.push_back(b);
    }
  }
  if (const auto v = f.get("days"); v.IsDefined() && expect_map(ctx, v, f.path("days"))) {
    Fields df(ctx, v, f.path("days"), {"work", "off", "weekend"});
    if (const auto x = df.get("work"); x.IsDefined())
      if (const auto w = read_int(ctx, x, df.path("work"), 1, 7)) t.days.work_days = *w;
    if (const auto x = df.get("off"); x.IsDefined())
      if (const auto c = read_choice(ctx, x, df.path("off"), {"consecutive", "any"}))
        t.days.consecutive_off = *c == 0;
    if (const auto x = df.get("weekend"); x.IsDefined())
      if (const auto c = read_choice(ctx, x, df.path("weekend"), {"any", "one_off", "both_off"}))
        t.days.weekend = static_cast<models::DaysOffRule::Weekend>(*c);
    if (t.days.weekend == models::DaysOffRule::Weekend::both_off && t.days.work_days > 5)
      ctx.error(v, df.path("work"),
                fmt::format("{}: {} working days leave no whole weekend off", df.path("work"),
                            t.days.work_days));
    if (t.days.weekend == models::DaysOffRule::Weekend::one_off && t.days.work_days > 6)
      ctx.error(v, df.path("work"),
                fmt::format("{}: 7 working days leave no weekend day off", df.path("work")));
  }
  if (const auto v = f.get("part_time"); v.IsDefined())
    if (const auto x = read_bool(ctx, v, f.path("part_time"))) t.part_time = *x;
  if (const auto v = f.get("max_per_start"); v.IsDefined())
    t.max_per_start = read_int(ctx, v, f.path("max_per_start"), 0, kMaxAgents);
}

void Reader::read_expect(const YAML::Node& n, const std::string& path) {
  if (!expect_seq(ctx, n, path)) return;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string p = fmt::format("{}.{}", path, i);
    const YAML::Node e = n[i];
    if (!expect_map(ctx, e, p)) continue;
    Fields f(ctx, e, p, {"metric", "value", "tolerance", "rel_tolerance", "within_ci"});
    Expectation x;
    x.where = ctx.where(e, p);
    bool ok = true;
    if (const auto m = f.need("metric"); m.IsDefined()) {
      const auto s = read_string(ctx, m, f.path("metric"));
      // Resolved against the run results' JSON by io::check_metric_paths (validate, check).
      if (s) x.metric = *s;
      x.metric_where = ctx.where(m, f.path("metric"));
      ok = ok && s.has_value();
    } else {
      ok = false;
    }
    if (const auto v = f.need("value"); v.IsDefined()) {
      const auto d = read_number(ctx, v, f.path("value"));
      if (d) x.value = *d;
      ok = ok && d.has_value();
    } else {
      ok = false;
    }
    int given = 0;
    if (const auto t = f.get("tolerance"); t.IsDefined()) {
      ++given;
      x.kind = Expectation::Kind::absolute;
      const auto d =
          read_number_in(ctx, t, f.path("tolerance"), 0.0, std::numeric_limits<double>::infinity());
      if (d) x.tolerance = *d;
      ok = ok && d.has_value();
    }
    if (const auto t = f.get("rel_tolerance"); t.IsDefined()) {
      ++given;
      x.kind = Expectation::Kind::relative;
      const auto d = read_number_in(ctx, t, f.path("rel_tolerance"), 0.0,
                                    std::numeric_limits<double>::infinity());
      if (d) x.tolerance = *d;
      ok = ok && d.has_value();
    }
    if (const auto t = f.get("within_ci"); t.IsDefined()) {
      ++given;
      x.kind = Expectation::Kind::within_ci;
      const auto b = read_bool(ctx, t, f.path("within_ci"));
      if (b && !*b)
        ctx.error(t, f.path("within_ci"),
                  fmt::format("{}: only 'within_ci: true' is meaningful; give a tolerance "
                              "instead",
                              f.path("within_ci")));
      ok = ok && b.value_or(false);
    }
    if (given != 1) {
      ctx.error(
          e, p,
          fmt::format("{}: give exactly one of tolerance, rel_tolerance or within_ci: true", p));
      ok = false;
    }
    if (ok) out.expect.push_back(std::move(x));
  }
}

// ---- file reading, overrides ------------------------------------------------------------------

/// Rejects what is not a YAML text ccsim reads: invalid UTF-8 (detail::check_utf8, the one
/// validator of text input), a byte order mark, tabs in indentation.
void check_text(Context& ctx, std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) {
    ctx.error(SourceLocation{ctx.file(), 1, 1},
              "the file starts with an invisible UTF-8 byte order mark (BOM, bytes EF BB BF); "
              "save it as UTF-8 without BOM");
    return;
  }
  if (const auto p = detail::check_utf8(text)) {
    ctx.error(SourceLocation{ctx.file(), p->line, p->column}, "not a text file: " + p->message);
    return;
  }
  // YAML forbids tabs in indentation; yaml-cpp's own message does not say so.
  int line = 1;
  for (std::size_t i = 0; i < text.size(); ++line) {
    std::size_t end = text.find('\n', i);
    if (end == std::string_view::npos) end = text.size();
    for (std::size_t k = i; k < end && (text[k] == ' ' || text[k] == '\t'); ++k)
      if (text[k] == '\t') {
        ctx.error(SourceLocation{ctx.file(), line, static_cast<int>(k - i) + 1},
                  "tab character in indentation; YAML indents with spaces only");
        return;
      }
    i = end + 1;
  }
}

/// Notes where a YAML document starts and where its first content event is, nothing else.
class DocumentScan final : public YAML::EventHandler {
 public:
  void reset() {
    start_ = YAML::Mark::null_mark();
    content_.reset();
  }
  const YAML::Mark& start() const { return start_; }
  const std::optional<YAML::Mark>& content() const { return content_; }

  void OnDocumentStart(const YAML::Mark& mark) override { start_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { note(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    note(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    note(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    note(mark);
  }
  void OnMapEnd() override {}

 private:
  void note(const YAML::Mark& mark) {
    if (!content_) content_ = mark;
  }
  YAML::Mark start_ = YAML::Mark::null_mark();
  std::optional<YAML::Mark> content_;
};

/// Rejects text after the first YAML document and input yaml-cpp cannot read to its end.
/// YAML::LoadAll is not used: on some malformed input (a ',' at block level) yaml-cpp 0.7
/// hands out empty documents forever without consuming the token, so LoadAll never returns.
/// Here every document must start past the previous one, which bounds the walk by the size of
/// the text; a document that does not advance is reported where the parser is stuck.
void check_single_document(const Context& ctx, std::string_view text) {
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  DocumentScan scan;
  std::optional<int> previous_start;
  for (std::size_t k = 0;; ++k) {
    scan.reset();
    if (!parser.HandleNextDocument(scan)) return;
    const YAML::Mark& start = scan.start();
    if (previous_start && start.pos <= *previous_start) {
      const auto at = static_cast<std::size_t>(std::max(start.pos, 0));
      const char c = at < text.size() ? text[at] : '\0';
      if (c == ',')
        throw InputError(ctx.at(start),
                         "invalid YAML: a ',' outside [ ] or { } (a comma separates items only "
                         "inside a flow list or mapping)");
      throw InputError(ctx.at(start), "invalid YAML: the text cannot be read past this point");
    }
    previous_start = start.pos;
    if (k >= 1 && scan.content())
      throw InputError(ctx.at(*scan.content()),
                       "a second YAML document (after '---' or '...') is not read; a scenario "
                       "file holds one document: remove the separator or the text after it");
  }
}

/// The innermost `{` or `[` still open at byte `until` (outside quotes and comments), if any.
std::optional<SourceLocation> unclosed_bracket_at(const std::string& file, std::string_view text,
                                                  std::size_t until) {
  std::vector<SourceLocation> open;
  int line = 1, col = 1;
  char quote = 0;
  bool comment = false;
  for (std::size_t i = 0; i < text.size() && i < until; ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line, col = 1, comment = false;
      continue;
    }
    if (comment) {
    } else if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) {
      comment = true;
    } else if (c == '{' || c == '[') {
      open.push_back(SourceLocation{file, line, col});
    } else if ((c == '}' || c == ']') && !open.empty()) {
      open.pop_back();
    }
    ++col;
  }
  if (open.empty()) return std::nullopt;
  return open.back();
}

/// How many places of the tree under `n` are the node `target` (YAML anchors and aliases make
/// one node appear in several); stops counting at 2.
int references(const YAML::Node& n, const YAML::Node& target) {
  if (n.is(target)) return 1;
  int count = 0;
  if (n.IsMap()) {
    for (const auto& kv : n)
      if ((count += references(kv.second, target)) > 1) return count;
  } else if (n.IsSequence()) {
    for (const auto& v : n)
      if ((count += references(v, target)) > 1) return count;
  }
  return count;
}

void apply_override(Context& ctx, YAML::Node& root, const std::string& assignment) {
  const auto eq = assignment.find('=');
  const SourceLocation where{"--set " + assignment, 0, 0};
  if (eq == std::string::npos || eq == 0) {
    ctx.error(where, "expected key.path=value, e.g. --set sites.main.agents=75");
    return;
  }
  if (const auto p = detail::check_utf8(assignment)) {
    ctx.error(where, "not valid text: " + p->message);
    return;
  }
  const std::string path = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  std::vector<std::string> parts;
  {
    std::stringstream ss(path);
    for (std::string part; std::getline(ss, part, '.');) parts.push_back(part);
  }
  if (path.back() == '.' ||
      std::any_of(parts.begin(), parts.end(), [](const auto& s) { return s.empty(); })) {
    ctx.error(where, fmt::format("empty component in key path '{}'", path));
    return;
  }
  YAML::Node value_node;
  try {
    value_node = YAML::Load(value);
  } catch (const YAML::Exception& e) {
    ctx.error(where, fmt::format("cannot read value '{}': {}", value, e.msg));
    return;
  }
  YAML::Node cur;
  cur.reset(root);
  std::string walked;
  // Writing into a node that an alias shares would change every copy of it, not only `path`.
  auto shared = [&](const YAML::Node& n, const std::string& at) {
    if (references(root, n) < 2) return false;
    ctx.error(where, fmt::format("'{}' is shared through a YAML anchor and alias (&name / *name), "
                                 "so --set would change every copy of it, not only '{}'; give "
                                 "this entry its own value in the file instead",
                                 at, path));
    return true;
  };
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& key = parts[i];
    const bool last = i + 1 == parts.size();
    const std::string here = walked.empty() ? "the scenario" : "'" + walked + "'";
    if (!walked.empty() && shared(cur, walked)) return;
    if (cur.IsSequence()) {
      unsigned long long idx = 0;
      if (detail::parse_uint64(key, idx) != detail::NumberStatus::ok || idx >= cur.size()) {
        ctx.error(where, fmt::format("unknown key path '{}': {} is a list of {} entries, '{}' is "
                                     "not an index in it",
                                     path, here, cur.size(), key));
        return;
      }
      if (last) {
        if (shared(cur[static_cast<std::size_t>(idx)], path)) return;
        cur[static_cast<std::size_t>(idx)] = value_node;
        break;
      }
      YAML::Node next = cur[static_cast<std::size_t>(idx)];
      cur.reset(next);
    } else if (cur.IsMap()) {
      std::vector<std::string> keys;
      bool found = false;
      for (const auto& kv : cur) {
        if (!kv.first.IsScalar()) continue;
        keys.push_back(kv.first.Scalar());
        found = found || kv.first.Scalar() == key;
      }
      if (last) {
        // A new key is allowed (e.g. a warm-up the file leaves out); the loader checks it
        // against the schema like any other key and names the --set if it is unknown.
        if (found && shared(cur[key], path)) return;
        cur[key] = value_node;
        break;
      }
      if (!found) {
        ctx.error(where, fmt::format("unknown key path '{}': {} has no key '{}'{}", path, here, key,
                                     did_you_mean(key, keys)));
        return;
      }
      YAML::Node next = cur[key];
      cur.reset(next);
    } else {
      ctx.error(where, fmt::format("unknown key path '{}': {} is a single value, it has no key "
                                   "'{}'",
                                   path, here, key));
      return;
    }
    walked = walked.empty() ? key : walked + "." + key;
  }
  ctx.add_override(Override{path, "--set " + assignment});
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '.');) parts.push_back(part);
  return parts;
}

bool bad_path(const std::string& path, const std::vector<std::string>& parts) {
  return path.empty() || path.back() == '.' ||
         std::any_of(parts.begin(), parts.end(), [](const auto& s) { return s.empty(); });
}

std::vector<std::string> map_keys(const YAML::Node& n) {
  std::vector<std::string> keys;
  for (const auto& kv : n)
    if (kv.first.IsScalar()) keys.push_back(kv.first.Scalar());
  return keys;
}

/// --unset key.path: removes a map key (a channel, a site, an optional setting) or a list entry.
void apply_unset(Context& ctx, YAML::Node& root, const std::string& path) {
  const SourceLocation where{"--unset " + path, 0, 0};
  const auto parts = split_path(path);
  if (bad_path(path, parts)) {
    ctx.error(where, fmt::format("expected key.path, e.g. --unset sites.irkutsk; got '{}'", path));
    return;
  }
  YAML::Node cur;
  cur.reset(root);
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& key = parts[i];
    const bool last = i + 1 == parts.size();
    const std::string here = walked.empty() ? "the scenario" : "'" + walked + "'";
    if (cur.IsMap()) {
      const auto keys = map_keys(cur);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        ctx.error(where, fmt::format("unknown key path '{}': {} has no key '{}'{}", path, here, key,
                                     did_you_mean(key, keys)));
        return;
      }
      if (last) {
        cur.remove(key);
        break;
      }
      YAML::Node next = cur[key];
      cur.reset(next);
    } else if (cur.IsSequence()) {
      unsigned long long idx = 0;
      if (detail::parse_uint64(key, idx) != detail::NumberStatus::ok || idx >= cur.size()) {
        ctx.error(where, fmt::format("unknown key path '{}': {} is a list of {} entries, '{}' is "
                                     "not an index in it",
                                     path, here, cur.size(), key));
        return;
      }
      if (last) {
        cur.remove(static_cast<std::size_t>(idx));
        break;
      }
      YAML::Node next = cur[static_cast<std::size_t>(idx)];
      cur.reset(next);
    } else {
      ctx.error(where, fmt::format("unknown key path '{}': {} is a single value, it has no key "
                                   "'{}'",
                                   path, here, key));
      return;
    }
    walked = walked.empty() ? key : walked + "." + key;
  }
  ctx.add_override(Override{path, "--unset " + path});
}

/// Multiplies one scalar: a plain number, or a duration "<number><unit>" (unit kept). False when
/// it is neither.
bool scale_scalar(YAML::Node n, double factor) {
  if (!n.IsScalar()) return false;
  const std::string text = n.Scalar();
  double x = 0;
  if (detail::parse_decimal(text, x) == detail::NumberStatus::ok) {
    n = detail::format_number(x * factor);
    return true;
  }
  if (text.size() >= 2 && std::string_view("smhd").find(text.back()) != std::string_view::npos &&
      detail::parse_decimal(std::string_view(text).substr(0, text.size() - 1), x) ==
          detail::NumberStatus::ok) {
    n = detail::format_number(x * factor) + text.back();
    return true;
  }
  return false;
}

/// --scale key.path=factor: multiplies the numbers at key.path, where a '*' component matches
/// every key of a map or entry of a list. A matched number or duration is scaled; a matched map
/// (e.g. volume: {per_month: N}) or list (a profile) has each number directly in it scaled.
void apply_scale(Context& ctx, YAML::Node& root, const std::string& assignment) {
  const SourceLocation where{"--scale " + assignment, 0, 0};
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    ctx.error(where, "expected key.path=factor, e.g. --scale 'channels.*.volume=1.1'");
    return;
  }
  const std::string path = assignment.substr(0, eq);
  double factor = 0;
  if (detail::parse_decimal(assignment.substr(eq + 1), factor) != detail::NumberStatus::ok ||
      !(factor > 0)) {
    ctx.error(where, fmt::format("the factor must be a positive number, got '{}'",
                                 assignment.substr(eq + 1)));
    return;
  }
  const auto parts = split_path(path);
  if (bad_path(path, parts)) {
    ctx.error(where, fmt::format("empty component in key path '{}'", path));
    return;
  }
  // Breadth-first over the pattern: (node, concrete path) pairs matching parts[0..i).
  std::vector<std::pair<YAML::Node, std::string>> level{{root, ""}};
  for (const std::string& key : parts) {
    std::vector<std::pair<YAML::Node, std::string>> next;
    for (auto& [node, at] : level) {
      // A named copy: clang (C++20 as it implements it) cannot capture a structured binding.
      const std::string& prefix = at;
      const auto child_path = [&prefix](const std::string& k) {
        return prefix.empty() ? k : prefix + "." + k;
      };
      if (node.IsMap()) {
        for (const auto& k : map_keys(node))
          if (key == "*" || k == key) next.emplace_back(node[k], child_path(k));
      } else if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i)
          if (key == "*" || key == std::to_string(i))
            next.emplace_back(node[i], child_path(std::to_string(i)));
      }
    }
    if (next.empty()) {
      std::vector<std::string> keys;
      for (auto& [node, at] : level)
        if (node.IsMap())
          for (const auto& k : map_keys(node)) keys.push_back(k);
      ctx.error(where, fmt::format("key path '{}' matches nothing: no '{}'{}", path, key,
                                   key == "*" ? std::string() : did_you_mean(key, keys)));
      return;
    }
    level = std::move(next);
  }
  for (auto& [node, at] : level) {
    bool scaled = scale_scalar(node, factor);
    if (node.IsMap()) {
      for (const auto& k : map_keys(node)) scaled = scale_scalar(node[k], factor) || scaled;
    } else if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i)
        scaled = scale_scalar(node[i], factor) || scaled;
    }
    if (!scaled) {
      ctx.error(where, fmt::format("'{}' holds no number to scale", at));
      return;
    }
    ctx.add_override(Override{at, "--scale " + assignment});
  }
}

void run_model_checks(Context& ctx, ScenarioFile& out) {
  out.locations = ctx.marks();
  for (const auto& p : models::validate(out.scenario))
    ctx.error(locate(out, p.path), p.path.empty() ? p.message : p.path + ": " + p.message);
}

}  // namespace

double parse_duration(std::string_view text) {
  std::string_view t = text;
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  double unit = 1.0;
  if (!t.empty()) {
    switch (t.back()) {
      case 's':
        unit = 1.0;
        break;
      case 'm':
        unit = 60.0;
        break;
      case 'h':
        unit = 3600.0;
        break;
      case 'd':
        unit = kDay;
        break;
      default:
        unit = 0.0;
    }
    if (unit > 0) t.remove_suffix(1);
    if (unit == 0) unit = 1.0;
  }
  double x = 0;
  const auto status = detail::parse_decimal(t, x);
  if (status == detail::NumberStatus::out_of_range)
    throw std::invalid_argument(fmt::format("duration '{}' is out of range", text));
  if (status != detail::NumberStatus::ok)
    throw std::invalid_argument(fmt::format(
        "invalid duration '{}': expected seconds or a number with unit s, m, h or d (90s, 1.5h)",
        text));
  if (x < 0) throw std::invalid_argument(fmt::format("duration '{}' is negative", text));
  const double seconds = x * unit;
  if (!std::isfinite(seconds) || seconds > 1e12)
    throw std::invalid_argument(fmt::format("duration '{}' is out of range", text));
  return seconds;
}

ScenarioFile parse_scenario(std::string_view text, const std::string& file,
                            const std::vector<std::string>& overrides) {
  ScenarioEdits edits;
  edits.sets = overrides;
  return parse_scenario(text, file, edits);
}

ScenarioFile parse_scenario(std::string_view text, const std::string& file,
                            const ScenarioEdits& edits) {
  const std::vector<std::string>& overrides = edits.sets;
  Context ctx(file);
  ScenarioFile out;
  out.path = file;
  out.overrides = overrides;
  out.edits = edits;
  out.source = std::string(text);
  check_text(ctx, text);
  if (!ctx.ok()) throw InputError(std::move(ctx.diagnostics()));

  YAML::Node root;
  try {
    // A scenario is one document: text after `---` or `...` would be silently ignored.
    check_single_document(ctx, text);
    root = YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp calls this "bad file"; say what is wrong.
    throw InputError(ctx.at(e.mark), "invalid YAML: nested deeper than 2000 levels");
  } catch (const YAML::Exception& e) {
    // yaml-cpp reports an unclosed { or [ where it gave up (often the next line); point at
    // the bracket that was opened and never closed.
    const bool flow = e.msg.find("flow") != std::string::npos;
    if (const auto open =
            flow ? unclosed_bracket_at(file, text, std::string_view::npos) : std::nullopt)
      throw InputError(*open, "invalid YAML: this bracket is never closed (" + e.msg + ")");
    throw InputError(ctx.at(e.mark), "invalid YAML: " + e.msg);
  }
  if (!root.IsDefined() || root.IsNull())
    throw InputError(SourceLocation{file, 1, 1},
                     "the file is empty; expected a scenario mapping "
                     "with channels and sites");
  if (!root.IsMap())
    throw InputError(ctx.at(root.Mark()),
                     fmt::format("expected a scenario mapping (name, channels, sites, ...) at the "
                                 "top level, got {}",
                                 type_name(root)));
  // A failed edit leaves the tree as it was, so reading goes on and reports the rest too.
  // Order: --unset, then --set, then --scale (a scale applies to a value a --set gave).
  for (const auto& u : edits.unsets) apply_unset(ctx, root, u);
  for (const auto& o : overrides) apply_override(ctx, root, o);
  for (const auto& sc : edits.scales) apply_scale(ctx, root, sc);

  Reader reader{ctx, out, 0, {}, {}, {}};
  reader.read_top(root);
  if (out.scenario.name.empty()) {
    // A scenario without a name is called after its file.
    std::string stem = file;
    if (const auto slash = stem.find_last_of('/'); slash != std::string::npos)
      stem = stem.substr(slash + 1);
    if (const auto dot = stem.rfind('.'); dot != std::string::npos && dot > 0) stem.resize(dot);
    out.scenario.name = stem;
  }
  // The model's own checks run on a fully read scenario only; on a partial one they would
  // repeat what was already reported.
  if (ctx.ok()) run_model_checks(ctx, out);
  if (!ctx.ok()) {
    // In file order (command-line problems first), however the schema was walked.
    auto& ds = ctx.diagnostics();
    std::stable_sort(ds.begin(), ds.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
    });
    throw InputError(std::move(ds));
  }
  out.locations = ctx.marks();
  return out;
}

SourceLocation locate(const ScenarioFile& file, std::string path) {
  for (std::size_t i; (i = path.find('[')) != std::string::npos;) {
    path[i] = '.';
    const auto close = path.find(']', i);
    if (close != std::string::npos) path.erase(close, 1);
  }
  while (true) {
    if (const auto it = file.locations.find(path); it != file.locations.end()) return it->second;
    const auto dot = path.rfind('.');
    if (dot == std::string::npos) break;
    path.resize(dot);
  }
  return SourceLocation{file.path, 0, 0};
}

namespace detail {

std::string leading_comments(std::string_view source) {
  std::string out;
  while (!source.empty() && source.front() == '#') {
    const std::size_t end = source.find('\n');
    const std::string_view line = source.substr(0, end);
    out.append(line.data(), line.size());
    out += '\n';
    if (end == std::string_view::npos) break;
    source.remove_prefix(end + 1);
  }
  return out;
}

YAML::Node scenario_tree(const ScenarioFile& file) {
  Context ctx(file.path);
  YAML::Node root = YAML::Load(file.source);
  // The same edits in the same order as parse_scenario: the tree is the scenario as read.
  for (const auto& u : file.edits.unsets) apply_unset(ctx, root, u);
  for (const auto& o : file.edits.sets) apply_override(ctx, root, o);
  for (const auto& sc : file.edits.scales) apply_scale(ctx, root, sc);
  if (!ctx.ok()) throw InputError(std::move(ctx.diagnostics()));
  return root;
}

}  // namespace detail

ScenarioFile load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  ScenarioEdits edits;
  edits.sets = overrides;
  return load_scenario(path, edits);
}

ScenarioFile load_scenario(const std::string& path, const ScenarioEdits& edits) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(SourceLocation{path, 0, 0}, "is a directory; expected a scenario YAML file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(SourceLocation{path, 0, 0}, "cannot open the scenario file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError(SourceLocation{path, 0, 0}, "cannot read the scenario file");
  return parse_scenario(buffer.str(), path, edits);
}

}  // namespace ccsim::io

namespace ccsim::io {

std::optional<std::string> scenario_scalar(const std::string& path,
                                           const std::vector<std::string>& overrides,
                                           const std::string& key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  YAML::Node root;
  try {
    root = YAML::Load(buffer.str());
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
  if (!root.IsMap()) return std::nullopt;
  // Overrides as load_scenario applies them; their problems are load_scenario's to report.
  Context ctx(path);
  for (const auto& o : overrides) apply_override(ctx, root, o);
  YAML::Node cur;
  cur.reset(root);
  std::stringstream ss(key);
  for (std::string part; std::getline(ss, part, '.');) {
    YAML::Node next;
    if (cur.IsMap()) {
      bool found = false;
      for (const auto& kv : cur)
        found = found || (kv.first.IsScalar() && kv.first.Scalar() == part);
      if (!found) return std::nullopt;
      next = cur[part];
    } else if (cur.IsSequence()) {
      unsigned long long idx = 0;
      if (detail::parse_uint64(part, idx) != detail::NumberStatus::ok || idx >= cur.size())
        return std::nullopt;
      next = cur[static_cast<std::size_t>(idx)];
    } else {
      return std::nullopt;
    }
    cur.reset(next);
  }
  if (!cur.IsScalar()) return std::nullopt;
  return cur.Scalar();
}

}  // namespace ccsim::io
