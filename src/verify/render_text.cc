#include <fmt/format.h>

#include "verify/registry.h"
#include "verify/report.h"

namespace raycloud::verify {
namespace {

constexpr std::string_view kAreas[] = {"Network", "Identity", "Storage", "Account"};

struct Style {
  bool color;
  std::string Paint(std::string_view text, const char* code) const {
    return color ? fmt::format("\033[{}m{}\033[0m", code, text) : std::string(text);
  }
};

std::string Badge(const Style& style, CheckStatus status) {
  switch (status) {
    case CheckStatus::kPass:
      return style.Paint("PASS", "32");
    case CheckStatus::kWarn:
      return style.Paint("WARN", "33");
    case CheckStatus::kFail:
      return style.Paint("FAIL", "31");
    case CheckStatus::kSkip:
      return style.Paint("SKIP", "2");
  }
  return "SKIP";
}

}  // namespace

std::string RenderText(const Report& report, const TextOptions& options) {
  Style style{options.color};
  std::string out = fmt::format("Verifying cloud {} ({})\n", report.cloud_name, report.cloud_id);
  for (std::string_view area : kAreas) {
    bool header = false;
    for (const auto& finding : report.findings) {
      if (AreaOf(finding.id) != area) continue;
      if (!header) {
        out += fmt::format("\n{}\n", style.Paint(area, "1"));
        header = true;
      }
      out += fmt::format("  {}  {}", Badge(style, finding.status), finding.id);
      if (finding.resource) out += fmt::format(" [{}]", *finding.resource);
      out += fmt::format(": {}\n", finding.message);
      bool actionable =
          finding.status == CheckStatus::kFail || finding.status == CheckStatus::kWarn;
      if (actionable && !finding.remediation.empty()) {
        out += fmt::format("        fix: {}\n", finding.remediation);
      }
    }
  }
  Summary summary = report.Counts();
  bool passed = report.Passed(options.strict);
  std::string verdict =
      passed ? style.Paint("verification passed", "32") : style.Paint("verification failed", "31");
  out += fmt::format(
      "\n{} passed, {} warning{}, {} failed, {} skipped: {}{}\n", summary.pass, summary.warn,
      summary.warn == 1 ? "" : "s", summary.fail, summary.skip, verdict,
      options.strict && summary.fail == 0 && summary.warn > 0 ? " (--strict: warnings fail)" : "");
  return out;
}

}  // namespace raycloud::verify
