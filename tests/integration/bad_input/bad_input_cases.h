#pragma once

// The rows of tests/cli/bad_input/cases.json: one bad command line each, with the answer
// the CLI contract (cli.md) requires. Groups of "flag x bad values" are expanded here; the
// expected outcome of every row is stated in the file, never derived from raycloud's code.

#include <string>
#include <vector>

namespace raycloud::testing {

/// What a bad-input row may touch before it is refused.
enum class BadInputAllows {
  kNothing,        // a format error: no AWS call, no store created
  kStoreLookup,    // e.g. an unknown cloud name: the store may be opened, no AWS call
  kReadOnlyCalls,  // e.g. an AZ AWS does not know: Describe/List/Get calls only
};

struct BadInputCase {
  std::string command;  // "cloud setup", "auth whoami", ... ("global" for app-level rows)
  std::string about;
  std::vector<std::string> args;      // after `raycloud`
  std::vector<std::string> contains;  // substrings of the message (case-insensitive)
  int exit_code = 2;
  BadInputAllows allows = BadInputAllows::kNothing;
};

/// Every row of the file, expanded; aborts the test binary on a malformed file.
const std::vector<BadInputCase>& BadInputCases();

/// The distinct commands of the rows, in file order.
std::vector<std::string> BadInputCommands();

}  // namespace raycloud::testing
