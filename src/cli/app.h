#pragma once

namespace raycloud::cli {

/// Parses the command line, runs the command and returns the process exit code
/// (cli.md: 0 success, 1 failed, 2 bad input, 130 interrupted).
int Run(int argc, char** argv);

}  // namespace raycloud::cli
