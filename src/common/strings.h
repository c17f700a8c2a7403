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
/// RFC 3986 percent-encoding as AWS uses it (SigV4, query strings, URL labels): every byte
/// but A-Z a-z 0-9 - _ . ~ (and '/' when `keep_slash`) becomes %XX with upper-case hex.
std::string PercentEncode(std::string_view text, bool keep_slash = false);
/// Text for XML character data or a quoted attribute: & < > " ' escaped, tab, newline and CR
/// as character references (so attributes keep them and parsers do not normalise them),
/// and the other control characters, which XML 1.0 cannot carry, dropped.
std::string XmlEscape(std::string_view text);
/// Standard base64 with padding.
std::string Base64Encode(std::string_view bytes);
/// Standard base64; returns false on malformed input.
bool Base64Decode(std::string_view text, std::string& out);

}  // namespace raycloud::strings
