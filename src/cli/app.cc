#include "cli/app.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "cli/flag_checks.h"
#include "cli/printer.h"
#include "common/log.h"

namespace raycloud::cli {
namespace {

void AddGlobalOptions(CLI::App& app, GlobalOptions& options) {
  app.add_option("--region", options.region, "AWS region")->envname("AWS_REGION");
  app.add_option("--profile", options.profile, "AWS profile")->envname("AWS_PROFILE");
  app.add_option("--endpoint-url", options.endpoint_url, "send AWS calls to this endpoint");
  app.add_option("--state-dir", options.state_dir, "where the embedded store lives")
      ->envname("RAYCLOUD_HOME");
  app.add_option("--output", options.output, "text or json (verify also takes junit)")
      ->envname("RAYCLOUD_OUTPUT")
      ->check(CLI::IsMember({"text", "json", "junit"}));
  app.add_flag("-y,--yes", options.yes, "never prompt");
  auto* verbose = app.add_flag("-v,--verbose", options.verbose, "more logging on stderr");
  app.add_flag("-q,--quiet", options.quiet, "less logging on stderr")->excludes(verbose);
}

// The output mode a parse error is printed in. CLI11 binds --output only once the whole line
// is parsed, so an error found while parsing reads the raw value: a script that asked for
// JSON gets its one JSON document even when a later flag is malformed.
std::string OutputModeOfRawLine(const CLI::App& app, const GlobalOptions& options) {
  const CLI::Option* output = app.get_option("--output");
  if (output->count() > 0) return output->results().back() == "json" ? "json" : "text";
  if (const char* env = std::getenv("RAYCLOUD_OUTPUT"); env != nullptr) {
    return std::string(env) == "json" ? "json" : "text";
  }
  return options.output;
}

// CLI11 reports a bad command line as an exception with its own exit codes; the contract
// says exit 2 with one clear message.
int ReportParseError(const CLI::ParseError& error, const CLI::App& app,
                     const GlobalOptions& options) {
  if (error.get_exit_code() == 0) return 0;  // --help
  Printer(OutputModeOfRawLine(app, options))
      .PrintError(Error::Invalid(ParseErrorMessage(error, app)));
  return 2;
}

}  // namespace

int Run(int argc, char** argv) {
  Context context;
  CLI::App app{"raycloud: deploy, verify and run the AWS infrastructure Ray clusters need"};
  app.require_subcommand(1);
  app.fallthrough();
  // A switch takes no value: `--dry-run=yes` is bad input, not a way to spell true. Set
  // before the subcommands are added, which inherit it.
  app.option_defaults()->disable_flag_override();
  AddGlobalOptions(app, context.options);

  auto* auth = app.add_subcommand("auth", "credentials and identity");
  auth->require_subcommand(1);
  AddAuthWhoamiCommand(*auth, context);

  auto* cloud = app.add_subcommand("cloud", "set up, register, verify and delete clouds");
  cloud->require_subcommand(1);
  AddCloudSetupCommand(*cloud, context);
  AddCloudUpdateCommand(*cloud, context);
  AddCloudDeleteCommand(*cloud, context);
  AddCloudListCommand(*cloud, context);
  AddCloudDescribeCommand(*cloud, context);
  AddCloudPoliciesCommand(*cloud, context);
  AddCloudExportCommand(*cloud, context);
  AddCloudVerifyCommand(*cloud, context);
  AddCloudRegisterCommand(*cloud, context);
  AddCloudGcCommand(*cloud, context);

  auto* iam = app.add_subcommand("iam", "offline IAM policy evaluation");
  iam->require_subcommand(1);
  AddIamSimulateCommand(*iam, context);

  auto* autoscaler = app.add_subcommand("autoscaler", "the autoscaling decision engine");
  autoscaler->require_subcommand(1);
  AddAutoscalerSimulateCommand(*autoscaler, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::ParseError& error) {
    return ReportParseError(error, app, context.options);
  }

  const GlobalOptions& options = context.options;
  if (auto checked = CheckParsedFlags(app, options); !checked) {
    Printer(options.output).PrintError(checked.error());
    return 2;
  }
  log::SetLevel(options.verbose ? spdlog::level::debug
                : options.quiet ? spdlog::level::warn
                                : spdlog::level::info);
  Printer printer(options.output);
  if (!context.action) {
    printer.PrintError(Error::Invalid("no command given; see raycloud --help"));
    return 2;
  }
  auto result = context.action();
  if (!result) {
    printer.PrintError(result.error());
    return ExitCodeFor(result.error().kind);
  }
  printer.Print(*result);
  return result->exit_code;
}

}  // namespace raycloud::cli
