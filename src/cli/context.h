#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>

#include "common/error.h"

namespace raycloud::cli {

/// Options accepted by every command (cli.md, "Global options"). Empty means "not given":
/// the environment and profile fill them in later.
struct GlobalOptions {
  std::string region;
  std::string profile;
  std::string endpoint_url;
  std::string state_dir;
  std::string output = "text";
  bool yes = false;
  bool verbose = false;
  bool quiet = false;
};

/// What a command returns when it ran: the document to print and the exit code. A JSON
/// document is printed as is under --output json; `text` is printed otherwise.
struct CommandOutput {
  nlohmann::json json;
  std::string text;
  int exit_code = 0;
};

using CommandAction = std::function<Result<CommandOutput>()>;

/// Shared by the command files while the command line is parsed: each command's callback
/// stores the action to run once parsing succeeded.
struct Context {
  GlobalOptions options;
  CommandAction action;
};

}  // namespace raycloud::cli
