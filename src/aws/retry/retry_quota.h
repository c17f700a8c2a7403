#pragma once

#include <mutex>

namespace raycloud::aws {

/// The standard retry mode's retry quota: a bucket of tokens shared by every call of a
/// client. A retry spends tokens; a success puts some back. When the bucket runs dry the
/// client stops retrying, so a struggling service is not hit by a retry storm.
class RetryQuota {
 public:
  static constexpr int kCapacity = 500;
  static constexpr int kRetryCost = 5;
  static constexpr int kTimeoutRetryCost = 10;
  static constexpr int kNoRetryIncrement = 1;

  explicit RetryQuota(int capacity = kCapacity) : capacity_(capacity), available_(capacity) {}

  /// Takes `cost` tokens when that many are left; false (taking nothing) otherwise.
  bool TryAcquire(int cost);
  /// Returns `amount` tokens, never above the capacity.
  void Release(int amount);
  int available() const;
  int capacity() const { return capacity_; }

 private:
  const int capacity_;
  mutable std::mutex mutex_;
  int available_;
};

}  // namespace raycloud::aws
