// The server behind an address, when it runs on this machine: which process
// listens on the port, and how much CPU it has used. streaming-load reads
// the server's CPU time before and after a measurement to give its cost per
// record or event.
//
// Linux only (/proc). Finding the process: the listening socket's inode
// from /proc/net/tcp and /proc/net/tcp6, then the process holding a
// "socket:[inode]" fd among /proc/*/fd. Another user's processes are
// visible to root only; otherwise pass the pid (streaming-load
// --server-pid).
#pragma once

#include <optional>
#include <string>

namespace brew::load {

// Whether a dialled `host` (as SplitHostPort gives it) reaches this machine
// over loopback: 127.0.0.0/8, ::1, "localhost", or empty (":50052").
bool IsLoopbackHost(const std::string& host);

// The pid of a process listening on TCP `port` of this machine (on any
// local address). On failure returns nullopt and sets `why`.
std::optional<int> FindListeningPid(int port, std::string* why);

// User + system CPU time of process `pid` so far, in seconds (CpuClockTick()
// steps); nullopt if it is gone.
std::optional<double> ProcessCpuSeconds(int pid);

// What process `pid` holds at this moment: its threads and its resident
// memory (/proc/PID/status); nullopt if it is gone.
struct Footprint {
  int threads = 0;
  double rss_mib = 0;
};
std::optional<Footprint> ProcessFootprint(int pid);

// The step of those CPU times, in seconds (0.01 on most kernels).
double CpuClockTick();

// This process's user + system CPU time so far, in seconds.
double SelfCpuSeconds();

}  // namespace brew::load
