#include "store/cloud_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace raycloud::store {

Result<CloudLock> CloudLock::Acquire(const std::filesystem::path& state_dir,
                                     const std::string& cloud_key) {
  std::error_code ec;
  std::filesystem::path dir = state_dir / "locks";
  std::filesystem::create_directories(dir, ec);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  std::filesystem::path path = dir / (cloud_key + ".lock");
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Fail(Error::Io("cannot open lock file " + path.string() + ": " + std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return Fail({ErrorKind::kInProgress, ErrorClass::kConflict,
                 "another raycloud process is working on cloud " + cloud_key +
                     "; wait for it to finish (its lock is released when it exits)",
                 {}});
  }
  return CloudLock(fd);
}

CloudLock::~CloudLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace raycloud::store
