// Temporary: commands whose engines are still being built. Each is replaced by its own file.
#include "cli/commands.h"

namespace raycloud::cli {

void AddAuthWhoamiCommand(CLI::App&, Context&) {}
void AddIamSimulateCommand(CLI::App&, Context&) {}
void AddAutoscalerSimulateCommand(CLI::App&, Context&) {}

}  // namespace raycloud::cli
