#include "cli/printer.h"

#include <iostream>

#include "common/log.h"

namespace raycloud::cli {

void Printer::Print(const CommandOutput& output) const {
  if (json()) {
    // A command that streamed its result itself (iam simulate --requests) returns null.
    if (!output.json.is_null()) std::cout << output.json.dump(2) << "\n";
  } else if (!output.text.empty()) {
    std::cout << output.text;
    if (output.text.back() != '\n') std::cout << "\n";
  }
  std::cout.flush();
}

void Printer::PrintError(const Error& error) const {
  // Errors may quote AWS messages; scrub them once more on the way out.
  std::string message = log::Redact(error.message);
  if (json()) {
    nlohmann::json details = nlohmann::json::object();
    for (const auto& [key, value] : error.details) details[key] = log::Redact(value);
    nlohmann::json doc = {{"error",
                           {{"code", ErrorCodeName(error.kind)},
                            {"message", message},
                            {"details", details}}}};
    std::cout << doc.dump(2) << "\n";
    std::cout.flush();
  } else {
    std::cerr << "error: " << message << "\n";
  }
}

}  // namespace raycloud::cli
