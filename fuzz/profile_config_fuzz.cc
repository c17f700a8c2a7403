// libFuzzer target: the shared config and credentials files (input: config text, a NUL byte,
// credentials text) and the JSON credential documents (credential_process output, container
// and web-identity answers). Any input gives an error or settings; nothing may crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aws/auth/credential_parsing.h"
#include "aws/auth/profile_config.h"

using namespace raycloud::aws;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t split = input.find('\0');
  std::string_view config = input.substr(0, split);
  std::string_view credentials =
      split == std::string_view::npos ? std::string_view() : input.substr(split + 1);
  if (auto shared = SharedConfig::Parse(config, credentials)) {
    for (const char* name : {"default", "dev", "a"}) {
      if (!shared->HasProfile(name)) continue;
      auto values = shared->Merged(name);
      (void)internal::StaticCredentialsFrom(values, name, "fuzz");
      if (auto profile = shared->Profile(name)) {
        (void)profile->EndpointUrlFor("s3");
        (void)profile->EndpointUrlFor("ec2");
      }
    }
  }
  (void)internal::ParseJsonCredentials(input, "SessionToken", "credential_process");
  (void)internal::ParseJsonCredentials(input, "Token", "container credentials");
  return 0;
}
