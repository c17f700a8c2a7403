#include "cli/aws_access.h"

namespace raycloud::cli {

Result<aws::AwsSession> ConnectAws(const GlobalOptions& options) {
  aws::AwsSessionOptions session;
  if (!options.region.empty()) session.region = options.region;
  if (!options.profile.empty()) session.profile = options.profile;
  if (!options.endpoint_url.empty()) session.endpoint_url = options.endpoint_url;
  return aws::OpenAwsSession(session);
}

}  // namespace raycloud::cli
