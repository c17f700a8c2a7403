#include "cli/aws_access.h"

namespace raycloud::cli {

Result<aws::AwsSession> ConnectAws(const GlobalOptions& options) {
  aws::AwsSessionOptions session;
  if (!options.region.empty()) session.region = options.region;
  if (!options.profile.empty()) session.profile = options.profile;
  if (!options.endpoint_url.empty()) session.endpoint_url = options.endpoint_url;
  // A cloud's setup or verify makes hundreds of calls: at the SDK's 3 attempts, an account
  // throttling a fifth of them fails one run in two. Throttling waits longer (as Terraform's
  // AWS provider does); AWS_MAX_ATTEMPTS or a profile's max_attempts still rule.
  session.throttling_max_attempts = 10;
  return aws::OpenAwsSession(session);
}

}  // namespace raycloud::cli
