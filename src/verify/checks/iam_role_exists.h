#pragma once

#include <optional>
#include <string>

#include "verify/finding.h"
#include "verify/snapshot.h"

namespace raycloud::verify {

/// The `*.exists` finding of a role: pass, or fail saying whether it is unconfigured,
/// missing, or unreadable.
Finding RoleExists(const char* check_id, const std::string& role_arn, const RoleSnapshot& role,
                   const char* flag);

/// True when GetRole found the role.
inline bool RoleFound(const RoleSnapshot& role) { return role.role.ok(); }

}  // namespace raycloud::verify
