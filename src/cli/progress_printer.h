#pragma once

#include <mutex>

#include "cloud/exec/executor.h"

namespace raycloud::cli {

/// Prints one stderr line per resource as it starts and finishes, with elapsed seconds,
/// like stack events. Thread-safe (the executor reports from its workers).
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool quiet) : quiet_(quiet) {}
  void operator()(const cloud::ProgressEvent& event);

 private:
  bool quiet_;
  std::mutex mutex_;
};

/// The summary table (resource, id, seconds) printed after setup or delete.
std::string SummaryTable(const cloud::CloudPlan& plan, const cloud::ExecutionReport& report);

}  // namespace raycloud::cli
