#pragma once

#include <cstddef>
#include <cstdint>

namespace raycloud::aws {

/// libFuzzer entry: the first byte picks an operation (a few per protocol: ec2, query,
/// rest-xml, rest-json, json) and the second a status (2xx or error); the rest is the body,
/// optionally preceded by "Name: value\n" header lines up to a blank line. Runs the output or
/// error parser of that operation. Never crashes or leaks; always returns 0 (aborts only when
/// the table names an operation that is not embedded).
int FuzzParseResponse(const uint8_t* data, size_t size);

}  // namespace raycloud::aws
