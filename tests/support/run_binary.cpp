// Runs the kvbench binary as a child process (fork/execve), for the tests that drive it.
#include "support/run_binary.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kvbench::testing_support {

namespace {
// The test's environment with `env` set on top; built before fork, as the child may only
// make async-signal-safe calls.
std::vector<std::string> child_environment(const Environment& env) {
  std::vector<std::string> vars;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string var(*e);
    const std::string name = var.substr(0, var.find('='));
    bool overridden = false;
    for (const auto& [n, v] : env) overridden = overridden || n == name;
    if (!overridden) vars.push_back(var);
  }
  for (const auto& [n, v] : env) vars.push_back(n + "=" + v);
  return vars;
}

pid_t spawn(const std::vector<std::string>& args, const std::string& out_path,
            const std::string& err_path, const std::string& cwd, const Environment& env = {}) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(KVBENCH_BINARY));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::vector<std::string> vars = child_environment(env);
  std::vector<char*> envp;
  for (const auto& v : vars) envp.push_back(const_cast<char*>(v.c_str()));
  envp.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(err, 2);
    execve(KVBENCH_BINARY, argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}
}  // namespace

int spawn_kvbench(const std::vector<std::string>& args, const std::string& out_path,
                  const std::string& err_path) {
  return spawn(args, out_path, err_path, "");
}

int wait_for_exit(int pid, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -2;
    }
    usleep(10000);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ProcessResult run_kvbench(const std::vector<std::string>& args, const std::string& cwd,
                          const Environment& env) {
  TempDir capture;
  const std::string out_path = capture.file("out"), err_path = capture.file("err");
  const pid_t pid = spawn(args, out_path, err_path, cwd, env);
  int status = 0;
  waitpid(pid, &status, 0);
  ProcessResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  return r;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "kvbench_test_XXXXXX").string();
  if (!mkdtemp(tmpl.data())) std::abort();
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace kvbench::testing_support
