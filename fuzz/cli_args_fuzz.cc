// libFuzzer target: command lines of `cloud setup` and `cloud update`, the commands with the
// most flags, through CLI11 and the validation that runs before any AWS call or store access
// (nothing here can reach the network). Input: the arguments, separated by NUL bytes. A bad
// line must be a CLI::ParseError or an Error, never another exception or a crash.
#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/setup_flags.h"

using namespace raycloud;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> args;  // CLI11 takes them last to first
  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!input.empty() && args.size() < 64) {
    size_t end = input.find('\0');
    args.emplace(args.begin(), input.substr(0, end));
    input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
  }

  cli::GlobalOptions global;
  CLI::App app{"raycloud"};
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--region", global.region, "AWS region");
  auto* cloud = app.add_subcommand("cloud", "clouds");
  cloud->require_subcommand(1);
  cli::SetupFlags setup_flags;
  auto* setup = cloud->add_subcommand("setup", "setup");
  cli::AddSetupFlags(*setup, setup_flags);
  cli::UpdateFlags update_flags;
  auto* update = cloud->add_subcommand("update", "update");
  cli::AddUpdateFlags(*update, update_flags);
  try {
    app.parse(args);
  } catch (const CLI::ParseError&) {
    return 0;
  }
  if (setup->parsed()) {
    if (auto options = cli::SetupOptionsFromFlags(setup_flags, global)) {
      (void)cloud::SetupOptionsToJson(*options).dump();
    }
  }
  if (update->parsed()) {
    cloud::SetupOptions stored;
    stored.name = "fuzz";
    stored.region = "us-west-2";
    (void)cli::ApplyUpdateFlags(stored, update_flags);
  }
  return 0;
}
