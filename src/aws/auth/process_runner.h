#pragma once

#include <string>

#include "common/error.h"

namespace raycloud::aws {

/// What a finished command printed and returned.
struct ProcessOutput {
  int exit_code = 0;  // 128+N when killed by signal N
  std::string stdout_text;
  std::string stderr_text;
};

/// Runs shell commands (credential_process); injected so tests control it.
class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  /// Runs `command` with `/bin/sh -c` and waits for it; an error only when it cannot start.
  virtual Result<ProcessOutput> Run(const std::string& command) = 0;
};

/// The real runner: posix_spawn of /bin/sh with stdout and stderr captured.
class ShellProcessRunner final : public ProcessRunner {
 public:
  Result<ProcessOutput> Run(const std::string& command) override;
};

}  // namespace raycloud::aws
