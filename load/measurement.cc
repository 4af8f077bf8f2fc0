#include "load/measurement.h"

#include "load/server_process.h"

namespace brew::load {

std::optional<double> Measurement::ServerCpuUsPerItem() const {
  if (!cpu.server_s || count <= 0) return std::nullopt;
  return *cpu.server_s * 1e6 / static_cast<double>(count);
}

CpuWindow::CpuWindow(std::optional<int> server_pid)
    : server_pid_(server_pid), client_start_(SelfCpuSeconds()) {
  if (server_pid_) server_start_ = ProcessCpuSeconds(*server_pid_);
}

CpuUse CpuWindow::Stop() const {
  CpuUse use;
  use.client_s = SelfCpuSeconds() - client_start_;
  if (server_pid_ && server_start_) {
    if (const auto now = ProcessCpuSeconds(*server_pid_)) use.server_s = *now - *server_start_;
  }
  return use;
}

}  // namespace brew::load
