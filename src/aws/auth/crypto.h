#pragma once

#include <string>
#include <string_view>

namespace raycloud::aws {

/// The raw 32-byte SHA-256 digest of `data`.
std::string Sha256(std::string_view data);

/// The lower-case hex SHA-256 digest of `data` (SigV4's payload and request hashes).
std::string Sha256Hex(std::string_view data);

/// The raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);

}  // namespace raycloud::aws
