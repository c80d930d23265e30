#include "engine/stop_signal.h"

#include <pthread.h>
#include <signal.h>

namespace kvbench::engine {
namespace {
// SIGUSR2 only wakes the watcher at shutdown; it is blocked like the others.
sigset_t watched_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGUSR2);
  return set;
}
}  // namespace

SignalWatcher::SignalWatcher(StopSignal& stop) : stop_(stop) {
  const sigset_t set = watched_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::thread([this, set] {
    for (;;) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) continue;
      if (sig == SIGUSR2) return;
      signal_.store(sig);
      interrupted_.store(true);
      stop_.request();
    }
  });
}

SignalWatcher::~SignalWatcher() {
  pthread_kill(thread_.native_handle(), SIGUSR2);
  thread_.join();
  // A signal that arrives after this point gets the default action again (terminate), which
  // is right once the results are written.
  const sigset_t set = watched_set();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

}  // namespace kvbench::engine
