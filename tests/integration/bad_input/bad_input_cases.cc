#include "integration/bad_input/bad_input_cases.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace raycloud::testing {
namespace {

using json = nlohmann::json;

constexpr const char* kBadInputCasesPath = RAYCLOUD_SOURCE_DIR "/tests/cli/bad_input/cases.json";

BadInputAllows BadInputAllowsFrom(const std::string& text) {
  if (text == "nothing") return BadInputAllows::kNothing;
  if (text == "store_lookup") return BadInputAllows::kStoreLookup;
  if (text == "read_only_calls") return BadInputAllows::kReadOnlyCalls;
  throw std::runtime_error("cases.json: unknown 'allows' value " + text);
}

// The command a row exercises: its leading words up to the first flag ("cloud setup").
std::string BadInputCommandOf(const std::vector<std::string>& args) {
  std::string command;
  for (const auto& arg : args) {
    if (arg.starts_with("-")) break;
    command += command.empty() ? arg : " " + arg;
    if (command.find(' ') != std::string::npos) break;
  }
  return command.empty() ? "global" : command;
}

std::vector<std::string> BadInputBase(const json& file, const std::string& name) {
  if (!file["bases"].contains(name)) throw std::runtime_error("cases.json: no base " + name);
  return file["bases"][name].get<std::vector<std::string>>();
}

// A value that starts with '-' is passed as --flag=VALUE so it is not read as a flag.
void BadInputAppendFlag(std::vector<std::string>& args, const std::string& flag,
                        const std::string& value) {
  if (value.starts_with("-")) {
    args.push_back(flag + "=" + value);
  } else {
    args.push_back(flag);
    args.push_back(value);
  }
}

std::vector<BadInputCase> LoadBadInputCases() {
  std::ifstream in(kBadInputCasesPath);
  if (!in) throw std::runtime_error(std::string("cannot read ") + kBadInputCasesPath);
  json file = json::parse(in);
  std::vector<BadInputCase> cases;
  for (const auto& group : file["groups"]) {
    const std::string about = group.value("about", "");
    const auto allows = BadInputAllowsFrom(group.value("allows", "nothing"));
    if (group.contains("values")) {
      // A flag against a list of bad values, on each base command line.
      const std::string flag = group["flag"].get<std::string>();
      const std::string reports = group.value("reports", flag);
      for (const auto& base : group["bases"]) {
        for (const auto& value : group["values"]) {
          BadInputCase row;
          row.args = BadInputBase(file, base.get<std::string>());
          BadInputAppendFlag(row.args, flag, value[0].get<std::string>());
          if (group.contains("after")) {
            for (const auto& arg : group["after"]) row.args.push_back(arg.get<std::string>());
          }
          row.contains = {reports, value[1].get<std::string>()};
          row.about = about;
          row.allows = allows;
          row.command = BadInputCommandOf(row.args);
          cases.push_back(std::move(row));
        }
      }
      continue;
    }
    for (const auto& item : group["cases"]) {
      BadInputCase row;
      if (item.contains("base")) row.args = BadInputBase(file, item["base"].get<std::string>());
      for (const auto& arg : item["args"]) row.args.push_back(arg.get<std::string>());
      row.contains = item["contains"].get<std::vector<std::string>>();
      row.exit_code = item.value("exit", 2);
      row.about = item.value("about", about);
      row.allows = BadInputAllowsFrom(item.value("allows", group.value("allows", "nothing")));
      row.command = BadInputCommandOf(row.args);
      cases.push_back(std::move(row));
    }
  }
  return cases;
}

}  // namespace

const std::vector<BadInputCase>& BadInputCases() {
  static const std::vector<BadInputCase> cases = LoadBadInputCases();
  return cases;
}

std::vector<std::string> BadInputCommands() {
  std::vector<std::string> commands;
  for (const auto& row : BadInputCases()) {
    if (std::find(commands.begin(), commands.end(), row.command) == commands.end()) {
      commands.push_back(row.command);
    }
  }
  return commands;
}

}  // namespace raycloud::testing
