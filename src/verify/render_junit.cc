#include <fmt/format.h>

#include "common/strings.h"
#include "verify/report.h"

namespace raycloud::verify {
std::string RenderJunit(const Report& report, bool strict) {
  Summary summary = report.Counts();
  int failures = summary.fail + (strict ? summary.warn : 0);
  int tests = static_cast<int>(report.findings.size());
  std::string suite = strings::XmlEscape(report.cloud_name);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"raycloud cloud verify\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
      "skipped=\"{}\">\n",
      tests, failures, summary.skip);
  out += fmt::format(
      "  <testsuite name=\"{}\" id=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
      "skipped=\"{}\">\n",
      suite, strings::XmlEscape(report.cloud_id), tests, failures, summary.skip);
  for (const auto& finding : report.findings) {
    // A finding about no particular resource is named after the cloud.
    std::string name = strings::XmlEscape(finding.resource.value_or(report.cloud_name));
    out += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", strings::XmlEscape(finding.id),
                       name);
    bool failed =
        finding.status == CheckStatus::kFail || (strict && finding.status == CheckStatus::kWarn);
    if (failed) {
      out += fmt::format(">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                         strings::XmlEscape(finding.message), CheckStatusName(finding.status),
                         strings::XmlEscape(finding.remediation));
      out += "    </testcase>\n";
    } else if (finding.status == CheckStatus::kSkip) {
      out += fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                         strings::XmlEscape(finding.message));
    } else if (finding.status == CheckStatus::kWarn) {
      out += fmt::format(">\n      <system-out>warn: {}{}</system-out>\n    </testcase>\n",
                         strings::XmlEscape(finding.message),
                         finding.remediation.empty()
                             ? ""
                             : "&#10;fix: " + strings::XmlEscape(finding.remediation));
    } else {
      out += "/>\n";
    }
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace raycloud::verify
