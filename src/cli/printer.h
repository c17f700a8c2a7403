#pragma once

#include <string>

#include "cli/context.h"
#include "common/error.h"

namespace raycloud::cli {

/// All user-facing output: the result document on stdout, errors as one clear line on
/// stderr (text) or as the contract's {"error": {...}} document on stdout (json).
class Printer {
 public:
  explicit Printer(std::string format) : format_(std::move(format)) {}

  void Print(const CommandOutput& output) const;
  void PrintError(const Error& error) const;
  bool json() const { return format_ == "json"; }

 private:
  std::string format_;
};

}  // namespace raycloud::cli
