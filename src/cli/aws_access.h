#pragma once

#include "aws/client/aws_session.h"
#include "cli/context.h"

namespace raycloud::cli {

/// Opens the AWS session every command uses, from the global flags and the environment.
Result<aws::AwsSession> ConnectAws(const GlobalOptions& options);

}  // namespace raycloud::cli
