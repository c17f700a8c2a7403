#include "cli/interrupt.h"

#include <unistd.h>

#include <atomic>
#include <csignal>

namespace raycloud::cli {
namespace {

std::atomic<int> signals_seen{0};

void OnSignal(int) {
  if (signals_seen.fetch_add(1) >= 1) _exit(130);
  static const char kMessage[] =
      "\ninterrupted: finishing the calls in flight, then stopping (Ctrl-C again to quit now)\n";
  (void)!write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
}

}  // namespace

void InstallInterruptHandler() {
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool Interrupted() { return signals_seen.load() > 0; }

}  // namespace raycloud::cli
