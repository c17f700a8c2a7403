#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace raycloud::cli {

// One function per command file; each adds its subcommand to `parent`.
void AddAuthWhoamiCommand(CLI::App& auth, Context& context);
void AddCloudListCommand(CLI::App& cloud, Context& context);
void AddCloudSetupCommand(CLI::App& cloud, Context& context);
void AddCloudUpdateCommand(CLI::App& cloud, Context& context);
void AddCloudDeleteCommand(CLI::App& cloud, Context& context);
void AddCloudDescribeCommand(CLI::App& cloud, Context& context);
void AddCloudPoliciesCommand(CLI::App& cloud, Context& context);
void AddCloudExportCommand(CLI::App& cloud, Context& context);
void AddCloudVerifyCommand(CLI::App& cloud, Context& context);
void AddCloudRegisterCommand(CLI::App& cloud, Context& context);
void AddCloudGcCommand(CLI::App& cloud, Context& context);
void AddIamSimulateCommand(CLI::App& iam, Context& context);
void AddAutoscalerSimulateCommand(CLI::App& autoscaler, Context& context);

}  // namespace raycloud::cli
