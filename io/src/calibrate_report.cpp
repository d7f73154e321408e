// Writers of calibration results (see calibrate_report.hpp).
#include "ccsim/io/calibrate_report.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include "scenario_tree.hpp"

namespace ccsim::io {

namespace {

using Json = nlohmann::ordered_json;

Json estimate_json(const models::Estimate& e) {
  return Json{{"mean", e.mean}, {"ci95", Json::array({e.lower, e.upper})}};
}

}  // namespace

std::string to_json(const CalibrationSetup& setup, const models::CalibrationResult& result) {
  Json j;
  j["scenario"] = setup.scenario;
  j["parameter"] = setup.parameter;
  j["metric"] = setup.metric;
  j["target"] = setup.target;
  j["range"] = Json::array({setup.range_lower, setup.range_upper});
  j["seed"] = setup.seed;
  j["replications"] = setup.replications;
  j["bracketed"] = result.bracketed;
  j["converged"] = result.converged;
  j["stop_reason"] = result.stop_reason;
  j["value"] = result.value;
  j["ci95"] = Json::array({result.lower, result.upper});
  j["metric_at_value"] = estimate_json(result.metric);
  Json evals = Json::array();
  for (const auto& e : result.evaluations) {
    Json row = estimate_json(e.metric);
    row["x"] = e.x;
    evals.push_back(std::move(row));
  }
  j["evaluations"] = std::move(evals);
  return j.dump(2) + "\n";
}

std::string format_calibration_table(const CalibrationSetup& setup,
                                     const models::CalibrationResult& result) {
  std::string out = fmt::format("Calibration of {} in scenario {} ({} replications, seed {})\n",
                                setup.parameter, setup.scenario, setup.replications, setup.seed);
  out += fmt::format("  target: {} = {:g}\n", setup.metric, setup.target);
  if (result.bracketed) {
    out += fmt::format("  fitted: {} = {:.6g}  (95% interval {:.6g} .. {:.6g})\n", setup.parameter,
                       result.value, result.lower, result.upper);
  } else {
    out += fmt::format("  NOT FITTED: {}\n", result.stop_reason);
  }
  out += fmt::format("  metric there: {:.6g} (95% CI {:.6g} .. {:.6g})\n", result.metric.mean,
                     result.metric.lower, result.metric.upper);
  out += fmt::format("  stop: {}\n\n", result.stop_reason);
  out += fmt::format("  {:>4}  {:>14}  {:>14}  {:>27}\n", "#", "value", "metric", "95% CI");
  int i = 0;
  for (const auto& e : result.evaluations)
    out += fmt::format("  {:>4}  {:>14.6g}  {:>14.6g}  {:>12.6g} .. {:<12.6g}\n", ++i, e.x,
                       e.metric.mean, e.metric.lower, e.metric.upper);
  return out;
}

std::string calibrated_scenario_yaml(const ScenarioFile& at_value, const CalibrationSetup& setup,
                                     const models::CalibrationResult& result) {
  YAML::Emitter emitter;
  emitter << detail::scenario_tree(at_value);
  return fmt::format(
      "{}# Calibrated by ccsim calibrate: {} = {:.6g} (95% interval {:.6g} .. {:.6g}) makes {} = "
      "{:.6g} (target {:g}; seed {}, {} replications).\n{}\n",
      detail::leading_comments(at_value.source), setup.parameter, result.value, result.lower,
      result.upper, setup.metric, result.metric.mean, setup.target, setup.seed, setup.replications,
      emitter.c_str());
}

}  // namespace ccsim::io
