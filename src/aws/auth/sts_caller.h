#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "aws/auth/credentials.h"
#include "common/error.h"

namespace raycloud::aws {

/// The two STS calls the credential chain needs. The STS client implements it; the chain
/// depends only on this seam so that it stays below the service clients.
class StsCaller {
 public:
  virtual ~StsCaller() = default;

  /// sts:AssumeRole signed with `source`. The result's `expiration` must be set; `source` is
  /// filled in by the caller.
  virtual Result<Credentials> AssumeRole(const Credentials& source, const std::string& role_arn,
                                         const std::string& session_name,
                                         const std::optional<std::string>& external_id,
                                         std::optional<std::chrono::seconds> duration) = 0;

  /// sts:AssumeRoleWithWebIdentity (an unsigned call) with the OIDC `token`.
  virtual Result<Credentials> AssumeRoleWithWebIdentity(const std::string& role_arn,
                                                        const std::string& session_name,
                                                        const std::string& token) = 0;
};

}  // namespace raycloud::aws
