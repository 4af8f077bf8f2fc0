#include "tests/cmd/subprocess.h"

#include <signal.h>
#include <sys/wait.h>

namespace brew::e2e {

std::unique_ptr<Subprocess> Subprocess::Start(const std::string& path,
                                              const std::vector<std::string>& args,
                                              std::string* error) {
  std::vector<std::string> argv{path};
  argv.insert(argv.end(), args.begin(), args.end());
  lab::ChildProcess::Options options;
  options.unset_env = {"GRPC_VERBOSITY", "GRPC_TRACE"};
  std::unique_ptr<Subprocess> proc(new Subprocess());
  proc->child_ = lab::ChildProcess::Start(
      argv, options,
      [p = proc.get()](lab::ChildProcess::Pipe pipe, const std::string& line,
                       std::chrono::steady_clock::time_point) { p->OnLine(pipe, line); },
      error);
  if (!proc->child_) return nullptr;
  return proc;
}

void Subprocess::OnLine(lab::ChildProcess::Pipe pipe, const std::string& line) {
  std::lock_guard<std::mutex> lock(mu_);
  (pipe == lab::ChildProcess::Pipe::kStdout ? out_ : err_).push_back(line);
  cv_.notify_all();
}

void Subprocess::Signal(int signo) {
  // Once reaped, the pid may belong to someone else.
  if (child_->Running()) kill(child_->pid(), signo);
}

bool Subprocess::WaitForLine(Stream stream, const std::regex& re, Timeout timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  const std::vector<std::string>& lines = stream == Stream::kStdout ? out_ : err_;
  size_t checked = 0;
  return cv_.wait_for(lock, timeout, [&] {
    for (; checked < lines.size(); ++checked) {
      if (std::regex_search(lines[checked], re)) return true;
    }
    return false;
  });
}

std::optional<int> Subprocess::WaitExit(Timeout timeout) {
  const std::optional<int> status = child_->Wait(std::chrono::steady_clock::now() + timeout);
  if (!status) return std::nullopt;
  return WIFSIGNALED(*status) ? 128 + WTERMSIG(*status) : WEXITSTATUS(*status);
}

std::string Subprocess::Output(Stream stream) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string text;
  for (const std::string& line : stream == Stream::kStdout ? out_ : err_) text += line + "\n";
  return text;
}

std::vector<std::string> Subprocess::Lines(Stream stream) {
  std::lock_guard<std::mutex> lock(mu_);
  return stream == Stream::kStdout ? out_ : err_;
}

}  // namespace brew::e2e
