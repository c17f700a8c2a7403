// `raycloud autoscaler simulate --input FILE`: one decision of the autoscaling engine on a
// JSON description of a cluster and its demand (cli.md, autoscaler.md).
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "autoscaler/engine.h"
#include "autoscaler/input_json.h"
#include "autoscaler/output_json.h"
#include "cli/commands.h"

namespace raycloud::cli {
namespace {

Result<std::string> ReadInput(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return Fail(Error::Invalid("--input: cannot read " + path));
  text << file.rdbuf();
  return text.str();
}

Result<CommandOutput> Simulate(const std::string& path) {
  auto text = ReadInput(path);
  if (!text) return Fail(text.error());
  auto document = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded())
    return Fail(Error::Invalid("--input: " + path + " is not valid JSON"));
  auto input = autoscaler::ParseInput(document);
  if (!input) return Fail(input.error());

  // The engine reads no clock; the command times it.
  auto start = std::chrono::steady_clock::now();
  autoscaler::Decision decision = autoscaler::Decide(*input);
  std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  double decision_ms = std::round(elapsed.count() * 1000) / 1000;

  CommandOutput output;
  output.json = autoscaler::DecisionToJson(decision);
  output.json["decision_ms"] = decision_ms;
  output.text = autoscaler::DecisionToText(decision, decision_ms);
  return output;
}

}  // namespace

void AddAutoscalerSimulateCommand(CLI::App& autoscaler, Context& context) {
  auto* command = autoscaler.add_subcommand(
      "simulate", "decide what to launch and terminate for a described cluster (what-if)");
  auto path = std::make_shared<std::string>();
  command->add_option("--input", *path, "JSON input (autoscaler.md); - for stdin")->required();
  command->callback([&context, path] { context.action = [path] { return Simulate(*path); }; });
}

}  // namespace raycloud::cli
