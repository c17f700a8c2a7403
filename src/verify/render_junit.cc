#include <fmt/format.h>

#include "verify/report.h"

namespace raycloud::verify {
namespace {

// Escapes text for XML attribute values and character data; drops the control characters
// XML 1.0 cannot carry.
std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\t':
      case '\r':
        out += fmt::format("&#{};", static_cast<int>(c));
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20) out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string RenderJunit(const Report& report, bool strict) {
  Summary summary = report.Counts();
  int failures = summary.fail + (strict ? summary.warn : 0);
  int tests = static_cast<int>(report.findings.size());
  std::string suite = Escape(report.cloud_name);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"raycloud cloud verify\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
      "skipped=\"{}\">\n",
      tests, failures, summary.skip);
  out += fmt::format(
      "  <testsuite name=\"{}\" id=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
      "skipped=\"{}\">\n",
      suite, Escape(report.cloud_id), tests, failures, summary.skip);
  for (const auto& finding : report.findings) {
    // A finding about no particular resource is named after the cloud.
    std::string name = Escape(finding.resource.value_or(report.cloud_name));
    out += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", Escape(finding.id), name);
    bool failed =
        finding.status == CheckStatus::kFail || (strict && finding.status == CheckStatus::kWarn);
    if (failed) {
      out += fmt::format(">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                         Escape(finding.message), CheckStatusName(finding.status),
                         Escape(finding.remediation));
      out += "    </testcase>\n";
    } else if (finding.status == CheckStatus::kSkip) {
      out += fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                         Escape(finding.message));
    } else if (finding.status == CheckStatus::kWarn) {
      out += fmt::format(
          ">\n      <system-out>warn: {}{}</system-out>\n    </testcase>\n",
          Escape(finding.message),
          finding.remediation.empty() ? "" : "&#10;fix: " + Escape(finding.remediation));
    } else {
      out += "/>\n";
    }
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace raycloud::verify
