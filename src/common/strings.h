#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace raycloud::strings {

/// Splits on `sep`; empty pieces are kept.
std::vector<std::string> Split(std::string_view text, char sep);
/// Joins with `sep`.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
/// Removes ASCII whitespace at both ends.
std::string_view Trim(std::string_view text);
/// ASCII lower-case copy.
std::string Lower(std::string_view text);
bool StartsWith(std::string_view text, std::string_view prefix);
bool EndsWith(std::string_view text, std::string_view suffix);
/// Lower-case hex of bytes.
std::string HexEncode(std::string_view bytes);
/// Standard base64 with padding.
std::string Base64Encode(std::string_view bytes);
/// Standard base64; returns false on malformed input.
bool Base64Decode(std::string_view text, std::string& out);

}  // namespace raycloud::strings
