#pragma once

#include <memory>
#include <string>

#include "aws/auth/credentials.h"
#include "aws/auth/environment.h"
#include "aws/auth/process_runner.h"
#include "aws/auth/profile_config.h"
#include "aws/auth/sts_caller.h"
#include "aws/http/http_transport.h"
#include "common/clock.h"

namespace raycloud::aws {

/// Everything external the credential sources use, injected. Null `http` disables the
/// container and instance-metadata sources; null `sts` makes role profiles fail clearly.
struct CredentialsContext {
  EnvLookup env;
  std::string home_dir;
  Clock* clock = nullptr;
  std::shared_ptr<const SharedConfig> config;
  std::shared_ptr<HttpTransport> http;
  std::shared_ptr<ProcessRunner> process_runner;
  std::shared_ptr<StsCaller> sts;
};

/// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (or AWS_SECURITY_TOKEN) and
/// AWS_CREDENTIAL_EXPIRATION. Source `environment`.
std::unique_ptr<CredentialSource> MakeEnvironmentSource(EnvLookup env);

/// aws_access_key_id / aws_secret_access_key / aws_session_token of `[profile]` in the shared
/// credentials file. Source `profile:NAME`.
std::unique_ptr<CredentialSource> MakeSharedCredentialsFileSource(CredentialsContext context,
                                                                  std::string profile);

/// The same keys in `[profile NAME]` of the config file. Source `profile:NAME`.
std::unique_ptr<CredentialSource> MakeConfigFileSource(CredentialsContext context,
                                                       std::string profile);

/// The profile's `credential_process`, run with /bin/sh; prints Version 1 JSON. Source
/// `process`.
std::unique_ptr<CredentialSource> MakeProcessSource(CredentialsContext context,
                                                    std::string profile);

/// The profile's `role_arn` with `source_profile` (followed through chains of roles) or
/// `credential_source` (Environment, Ec2InstanceMetadata, EcsContainer), plus
/// `external_id`, `role_session_name`, `duration_seconds`; sts:AssumeRole. Source
/// `assume-role:ROLE_ARN`.
std::unique_ptr<CredentialSource> MakeAssumeRoleSource(CredentialsContext context,
                                                       std::string profile);

/// AWS_WEB_IDENTITY_TOKEN_FILE / AWS_ROLE_ARN / AWS_ROLE_SESSION_NAME (unless `use_env` is
/// false), else the profile's web_identity_token_file / role_arn / role_session_name;
/// sts:AssumeRoleWithWebIdentity with the file's token, re-read on each refresh. Source
/// `web-identity`.
std::unique_ptr<CredentialSource> MakeWebIdentitySource(CredentialsContext context,
                                                        std::string profile, bool use_env);

/// The ECS/EKS container endpoint: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI on 169.254.170.2,
/// or AWS_CONTAINER_CREDENTIALS_FULL_URI (https, or http to loopback or the ECS/EKS agent
/// addresses) with AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE / _TOKEN. Source `container`.
std::unique_ptr<CredentialSource> MakeContainerSource(CredentialsContext context);

/// EC2 instance metadata with IMDSv2 (token, role name, credentials), honouring
/// AWS_EC2_METADATA_DISABLED, AWS_EC2_METADATA_SERVICE_ENDPOINT(_MODE),
/// AWS_EC2_METADATA_V1_DISABLED, AWS_METADATA_SERVICE_TIMEOUT / _NUM_ATTEMPTS and the
/// profile's equivalents. Not answering is "not configured". Source `instance-metadata`.
std::unique_ptr<CredentialSource> MakeInstanceMetadataSource(CredentialsContext context,
                                                             std::string profile);

}  // namespace raycloud::aws
