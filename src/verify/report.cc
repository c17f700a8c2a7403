#include "verify/report.h"

namespace raycloud::verify {

Summary Report::Counts() const {
  Summary summary;
  for (const auto& finding : findings) {
    switch (finding.status) {
      case CheckStatus::kPass:
        ++summary.pass;
        break;
      case CheckStatus::kWarn:
        ++summary.warn;
        break;
      case CheckStatus::kFail:
        ++summary.fail;
        break;
      case CheckStatus::kSkip:
        ++summary.skip;
        break;
    }
  }
  return summary;
}

bool Report::Passed(bool strict) const {
  Summary summary = Counts();
  return summary.fail == 0 && (!strict || summary.warn == 0);
}

}  // namespace raycloud::verify
