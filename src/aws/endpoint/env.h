#pragma once

#include <functional>
#include <map>
#include <string>

#include "aws/auth/environment.h"  // EnvLookup, SystemEnvironment

namespace raycloud::aws {

/// A fixed environment (an empty value counts as unset, as in the SDKs), for tests and for
/// callers that captured the environment once.
EnvLookup MapEnv(std::map<std::string, std::string, std::less<>> values);

}  // namespace raycloud::aws
