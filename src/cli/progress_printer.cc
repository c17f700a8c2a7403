#include "cli/progress_printer.h"

#include <fmt/format.h>

#include <iostream>

namespace raycloud::cli {

using Phase = cloud::ProgressEvent::Phase;

void ProgressPrinter::operator()(const cloud::ProgressEvent& event) {
  if (quiet_) return;
  const char* verb = "";
  switch (event.phase) {
    case Phase::kStarted: verb = "CREATE_STARTED"; break;
    case Phase::kAdopted: verb = "ADOPTED"; break;
    case Phase::kCreated: verb = "CREATED"; break;
    case Phase::kUpdated: verb = "UPDATED"; break;
    case Phase::kReady: verb = "READY"; break;
    case Phase::kDeleting: verb = "DELETE_STARTED"; break;
    case Phase::kDeleted: verb = "DELETED"; break;
    case Phase::kFailed: verb = "FAILED"; break;
    case Phase::kRetained: verb = "RETAINED"; break;
  }
  std::string line = fmt::format("{:7.1f}s  {:<15} {:<32} {:<30} {}", event.elapsed_seconds, verb,
                                 event.logical_name, event.kind, event.physical_id);
  if (!event.message.empty()) line += "  " + event.message;
  std::lock_guard lock(mutex_);
  std::cerr << line << "\n";
}

std::string SummaryTable(const cloud::CloudPlan& plan, const cloud::ExecutionReport& report) {
  std::string out = fmt::format("{:<34} {:<30} {:<26} {:>8}\n", "RESOURCE", "KIND", "ID", "SECONDS");
  for (const auto& spec : plan.resources) {
    auto state = report.resources.find(spec.logical_name);
    auto seconds = report.seconds.find(spec.logical_name);
    out += fmt::format("{:<34} {:<30} {:<26} {:>8}\n", spec.logical_name, spec.kind,
                       state == report.resources.end() ? "-" : state->second.physical_id,
                       seconds == report.seconds.end() ? "-" : fmt::format("{:.1f}", seconds->second));
  }
  return out;
}

}  // namespace raycloud::cli
