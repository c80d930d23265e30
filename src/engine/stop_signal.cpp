#include "engine/stop_signal.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

namespace kvbench::engine {
namespace {

// SIGPIPE is raised in the thread that wrote to the closed pipe (thread-directed), so a sigwait in
// the watcher thread would never see it. Its handler forwards it as a process-directed SIGUSR1,
// which the watcher does wait for. Only async-signal-safe calls here (kill, an atomic store).
std::atomic<bool> g_forward_sigpipe{false};

void forward_sigpipe(int) {
  if (g_forward_sigpipe.load()) ::kill(::getpid(), SIGUSR1);
}

// A SIGPIPE stops the run only when it is the console that went away (stdout or stderr is a pipe
// with no reader left: poll reports POLLERR); one from a socket (a scrape client gone) does not.
bool console_pipe_closed() {
  for (int fd : {1, 2}) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP)) != 0) return true;
  }
  return false;
}

// SIGHUP: the SSH session closed. SIGUSR1: a forwarded SIGPIPE (`| head` exited). SIGUSR2 only
// wakes the watcher at shutdown. All are blocked in every thread and taken by sigwait.
sigset_t watched_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  return set;
}

void install_sigpipe_forwarder(struct sigaction* previous) {
  struct sigaction pipe_action {};
  pipe_action.sa_handler = forward_sigpipe;
  sigemptyset(&pipe_action.sa_mask);
  pipe_action.sa_flags = SA_RESTART;  // the write itself still fails with EPIPE
  ::sigaction(SIGPIPE, &pipe_action, previous);
}
}  // namespace

void block_stop_signals() {
  const sigset_t set = watched_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  install_sigpipe_forwarder(nullptr);
  g_forward_sigpipe.store(true);
}

SignalWatcher::SignalWatcher(StopSignal& stop) : stop_(stop) {
  const sigset_t set = watched_set();
  pthread_sigmask(SIG_BLOCK, &set, &previous_mask_);
  install_sigpipe_forwarder(&previous_sigpipe_);
  g_forward_sigpipe.store(true);
  // What arrived before (while the command line and the config were read), at once: the caller
  // can then refuse to start a run that was already told to stop.
  const timespec now{0, 0};
  for (;;) {
    siginfo_t info{};
    const int sig = sigtimedwait(&set, &info, &now);
    if (sig < 0) break;
    if (sig != SIGUSR2) take(sig, info);
  }
  thread_ = std::thread([this, set] {
    for (;;) {
      siginfo_t info{};
      const int sig = sigwaitinfo(&set, &info);
      if (sig < 0) continue;
      if (sig == SIGUSR2) return;
      take(sig, info);
    }
  });
}

void SignalWatcher::take(int sig, const siginfo_t& info) {
  // Only our own forwarder's SIGUSR1 stands for SIGPIPE; one from elsewhere stops the run too.
  const bool forwarded = sig == SIGUSR1 && info.si_pid == ::getpid();
  if (forwarded && !console_pipe_closed()) return;
  signal_.store(forwarded ? SIGPIPE : sig);
  interrupted_.store(true);
  stop_.request();
}

SignalWatcher::~SignalWatcher() {
  pthread_kill(thread_.native_handle(), SIGUSR2);
  thread_.join();
  // Under main() the signals stay blocked to the exit (block_stop_signals): one that arrives
  // now is never delivered, so the results just written keep their exit code. Where the
  // console's reader is already gone, the flush of stdout at exit would raise SIGPIPE: that
  // one is ignored whatever the earlier action was.
  if (console_pipe_closed()) ::signal(SIGPIPE, SIG_IGN);
  else ::sigaction(SIGPIPE, &previous_sigpipe_, nullptr);
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

}  // namespace kvbench::engine
