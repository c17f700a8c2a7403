#include "verify/report.h"

namespace raycloud::verify {

nlohmann::json RenderJson(const Report& report, bool strict) {
  using nlohmann::json;
  Summary summary = report.Counts();
  json checks = json::array();
  for (const auto& finding : report.findings) {
    checks.push_back({{"id", finding.id},
                      {"resource", finding.resource ? json(*finding.resource) : json(nullptr)},
                      {"status", CheckStatusName(finding.status)},
                      {"message", finding.message},
                      {"remediation", finding.remediation}});
  }
  return {{"cloud", report.cloud_name},
          {"cloud_id", report.cloud_id},
          {"passed", report.Passed(strict)},
          {"summary",
           {{"pass", summary.pass},
            {"warn", summary.warn},
            {"fail", summary.fail},
            {"skip", summary.skip}}},
          {"checks", std::move(checks)}};
}

}  // namespace raycloud::verify
