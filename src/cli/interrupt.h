#pragma once

namespace raycloud::cli {

/// Installs a SIGINT/SIGTERM handler that only sets a flag (long operations poll it and
/// stop starting new work); a second Ctrl-C exits at once with 130.
void InstallInterruptHandler();

/// True once the user pressed Ctrl-C (or the process got SIGTERM).
bool Interrupted();

}  // namespace raycloud::cli
