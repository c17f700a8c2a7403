#include "cli/flag_checks.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cloud/names.h"

namespace raycloud::cli {
namespace {

// An option given an empty value would otherwise read as "not given" and fall back to its
// default (--state-dir "" to ~/.raycloud, --availability-zones "" to the region's first).
Status CheckNoEmptyValues(const CLI::App& command) {
  for (const CLI::Option* option : command.get_options()) {
    if (option->count() == 0 || option->get_type_size() == 0) continue;  // absent, or a switch
    for (const auto& value : option->results()) {
      if (!value.empty()) continue;
      std::string flag = option->get_name(/*positional=*/false, /*all_options=*/false);
      return Fail(Error::InvalidFlag(
          flag, fmt::format("the value is empty; give {}", option->get_description())));
    }
  }
  for (const CLI::App* sub : command.get_subcommands()) {
    if (auto ok = CheckNoEmptyValues(*sub); !ok) return ok;
  }
  return {};
}

// Whether `flag` names a switch (no value) of `app` or of any of its subcommands.
bool IsSwitch(const CLI::App& app, const std::string& flag) {
  for (const CLI::Option* option : app.get_options()) {
    if (option->check_name(flag)) return option->get_type_size() == 0;
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (IsSwitch(*sub, flag)) return true;
  }
  return false;
}

// The deepest subcommand the line reached, and the words that lead to it ("raycloud cloud").
const CLI::App* InnermostCommand(const CLI::App& app, std::string& path) {
  path = "raycloud";
  const CLI::App* command = &app;
  while (!command->get_subcommands().empty()) {
    command = command->get_subcommands().front();
    path += " " + command->get_name();
  }
  return command;
}

// CLI11 checks required flags and subcommands before it complains about words it could not
// place, so `cloud create` reads "A subcommand is required" and `cloud setup ok` "--name is
// required". The word the user typed is the better clue: name it.
std::string RequiredErrorMessage(const std::string& message, const CLI::App& app) {
  const std::vector<std::string> extras = app.remaining(/*recurse=*/true);
  if (extras.empty()) return message;
  std::string path;
  const CLI::App* command = InnermostCommand(app, path);
  if (command->get_require_subcommand_min() > 0) {
    std::vector<std::string> names;
    for (const CLI::App* sub : command->get_subcommands([](const CLI::App*) { return true; })) {
      names.push_back(sub->get_name());
    }
    return fmt::format("'{}' is not a command of {}; use one of: {}", extras.front(), path,
                       fmt::join(names, ", "));
  }
  return fmt::format("{} (unexpected argument '{}')", message, extras.front());
}

bool IsCloudVerify(CLI::App& app) {
  CLI::App* cloud = app.get_subcommand("cloud");
  return cloud->parsed() && cloud->get_subcommand("verify")->parsed();
}

}  // namespace

Status CheckParsedFlags(CLI::App& app, const GlobalOptions& options) {
  if (auto ok = CheckNoEmptyValues(app); !ok) return ok;
  if (!options.region.empty()) {
    if (auto ok = cloud::ValidateRegionFormat(options.region, "--region"); !ok) return ok;
  }
  if (!options.endpoint_url.empty() && !options.endpoint_url.starts_with("http://") &&
      !options.endpoint_url.starts_with("https://")) {
    return Fail(Error::InvalidFlag(
        "--endpoint-url", fmt::format("'{}' is not a URL; use http://HOST[:PORT] or https://...",
                                      options.endpoint_url)));
  }
  if (options.output == "junit" && !IsCloudVerify(app)) {
    return Fail(Error::InvalidFlag("--output", "junit is for cloud verify only; use text or json"));
  }
  return {};
}

std::string ParseErrorMessage(const CLI::ParseError& error, const CLI::App& app) {
  std::string message = error.what();
  // CLI11 says "Could not convert: --flag = value" without saying what it wanted: a switch
  // takes no value; every other converted option of the contract is a whole number.
  constexpr std::string_view kConvert = "Could not convert: ";
  if (message.starts_with(kConvert)) {
    std::string rest = message.substr(kConvert.size());
    auto equals = rest.find(" = ");
    if (equals != std::string::npos) {
      const std::string flag = rest.substr(0, equals);
      if (IsSwitch(app, flag)) return fmt::format("{}: is a switch and takes no value", flag);
      return fmt::format("{}: '{}' is not a whole number; give an integer", flag,
                         rest.substr(equals + 3));
    }
  }
  // "dry-run was given a disallowed flag override": `--dry-run=yes`.
  constexpr std::string_view kOverride = " was given a disallowed flag override";
  if (message.ends_with(kOverride)) {
    std::string flag = message.substr(0, message.size() - kOverride.size());
    flag = (flag.size() == 1 ? "-" : "--") + flag;
    return fmt::format("{}: is a switch and takes no value", flag);
  }
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
    return RequiredErrorMessage(message, app);
  }
  return message;
}

}  // namespace raycloud::cli
