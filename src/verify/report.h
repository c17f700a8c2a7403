#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "verify/finding.h"

namespace raycloud::verify {

/// Entries per status (cli.md: `summary` counts entries, not check ids).
struct Summary {
  int pass = 0;
  int warn = 0;
  int fail = 0;
  int skip = 0;
};

/// The result of verifying one cloud.
struct Report {
  std::string cloud_name;
  std::string cloud_id;
  Findings findings;

  Summary Counts() const;
  /// False when an entry failed, or under `strict` when one warned (statuses are never
  /// rewritten: --strict changes only the verdict).
  bool Passed(bool strict = false) const;
};

/// The report as cli.md's JSON document: cloud, cloud_id, passed, summary, checks.
nlohmann::json RenderJson(const Report& report, bool strict);

/// The report as JUnit XML: one testcase per entry (classname = check id, name =
/// resource); fail is a failure, skip is skipped, warn passes with its message in
/// system-out (a failure under --strict).
std::string RenderJunit(const Report& report, bool strict);

struct TextOptions {
  bool color = false;  // ANSI colours; the CLI turns them on only on a TTY
  bool strict = false;
};

/// Human text: findings grouped by area, each with its fix, then a summary line.
std::string RenderText(const Report& report, const TextOptions& options = {});

}  // namespace raycloud::verify
