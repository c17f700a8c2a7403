#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/context.h"
#include "cloud/plan/setup_options.h"

namespace raycloud::cli {

/// The values of `cloud setup`'s flags as CLI11 fills them; SetupOptionsFromFlags finishes
/// the conversion.
struct SetupFlags {
  cloud::SetupOptions options;
  std::vector<std::string> tags;  // KEY=VALUE, as typed
};

/// Adds every flag of `cloud setup` (cli.md) to `command`, writing into `flags`. The
/// global --region is not added here (the app has it).
void AddSetupFlags(CLI::App& command, SetupFlags& flags);

/// The setup options from parsed flags and the global options (region), checked with
/// ValidateSetupOptions: bad input is Error::Invalid naming the flag.
Result<cloud::SetupOptions> SetupOptionsFromFlags(const SetupFlags& flags,
                                                  const GlobalOptions& global);

/// The flags `cloud update` accepts (cli.md); an empty value or list means "not given".
struct UpdateFlags {
  std::string name;
  bool enable_head_node_fault_tolerance = false;
  std::string shared_storage;
  std::vector<std::string> ingress_cidrs;    // replaces the list
  std::vector<std::string> console_origins;  // replaces the list
  std::vector<std::string> tags;             // KEY=VALUE: added, or replacing the same key
  bool dry_run = false;
};

/// Adds `cloud update`'s flags to `command`.
void AddUpdateFlags(CLI::App& command, UpdateFlags& flags);

/// The options a cloud has after `cloud update` with `flags`, checked like setup's. Turning
/// a feature off is not an update (cli.md lists only additions), so `--shared-storage
/// object-storage` on an nfs cloud is an error.
Result<cloud::SetupOptions> ApplyUpdateFlags(const cloud::SetupOptions& stored,
                                             const UpdateFlags& flags);

}  // namespace raycloud::cli
