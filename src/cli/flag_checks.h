#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace raycloud::cli {

/// Checks that apply to every command once CLI11 has parsed the line, before any command
/// runs (cli.md "Exit codes": format errors before any AWS call or store access): no flag
/// given an empty value, the global options well formed, --output junit only for
/// `cloud verify`. The error names the flag and what is allowed.
Status CheckParsedFlags(CLI::App& app, const GlobalOptions& options);

/// The contract's message for a CLI11 parse error: the flag and what is allowed.
std::string ParseErrorMessage(const CLI::ParseError& error, const CLI::App& app);

}  // namespace raycloud::cli
