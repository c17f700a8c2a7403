#pragma once

#include <filesystem>
#include <string>

#include "common/error.h"

namespace raycloud::store {

/// An exclusive OS advisory lock (flock) on one cloud, held for the life of the object.
/// It dies with its process, so a SIGKILLed setup never leaves a stale lock behind.
class CloudLock {
 public:
  /// Takes the lock on `cloud_key` (the cloud's name) without waiting; a cloud another
  /// process is working on gives an error of kind kInProgress.
  static Result<CloudLock> Acquire(const std::filesystem::path& state_dir,
                                   const std::string& cloud_key);
  CloudLock(CloudLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  CloudLock& operator=(CloudLock&&) = delete;
  CloudLock(const CloudLock&) = delete;
  ~CloudLock();

 private:
  explicit CloudLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace raycloud::store
