#include "load/server_process.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace brew::load {
namespace {

// The inodes of sockets in LISTEN state on `port`, from one /proc/net/tcp*
// table ("sl local_address rem_address st ... inode", addresses as
// HEXADDR:HEXPORT, LISTEN is st 0A).
void ListeningInodes(const char* table, int port, std::set<std::string>* inodes) {
  std::ifstream in(table);
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string word; fields >> word;) f.push_back(word);
    if (f.size() < 10 || f[3] != "0A") continue;
    const auto colon = f[1].rfind(':');
    if (colon == std::string::npos) continue;
    if (std::strtol(f[1].c_str() + colon + 1, nullptr, 16) != port) continue;
    if (f[9] != "0") inodes->insert(f[9]);
  }
}

bool IsNumber(const char* s) {
  if (*s == '\0') return false;
  for (; *s != '\0'; ++s) {
    if (*s < '0' || *s > '9') return false;
  }
  return true;
}

// Whether process `pid` holds an fd on one of `links` ("socket:[inode]").
bool HoldsSocket(const std::string& pid, const std::set<std::string>& links) {
  const std::string dir = "/proc/" + pid + "/fd";
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return false;
  bool found = false;
  while (const dirent* e = readdir(d)) {
    if (!IsNumber(e->d_name)) continue;
    char target[128];
    const std::string path = dir + "/" + e->d_name;
    const ssize_t n = readlink(path.c_str(), target, sizeof target - 1);
    if (n <= 0) continue;
    target[n] = '\0';
    if (links.count(target) != 0) {
      found = true;
      break;
    }
  }
  closedir(d);
  return found;
}

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  if (host.empty() || host == "localhost" || host == "::1" || host == "[::1]") return true;
  return host.rfind("127.", 0) == 0;
}

std::optional<int> FindListeningPid(int port, std::string* why) {
  std::set<std::string> inodes;
  ListeningInodes("/proc/net/tcp", port, &inodes);
  ListeningInodes("/proc/net/tcp6", port, &inodes);
  if (inodes.empty()) {
    *why = "no socket listening on port " + std::to_string(port) + " in /proc/net/tcp{,6}";
    return std::nullopt;
  }
  std::set<std::string> links;
  for (const std::string& inode : inodes) links.insert("socket:[" + inode + "]");
  const std::string self = std::to_string(getpid());
  DIR* proc = opendir("/proc");
  if (proc == nullptr) {
    *why = "cannot read /proc";
    return std::nullopt;
  }
  std::optional<int> pid;
  while (const dirent* e = readdir(proc)) {
    if (!IsNumber(e->d_name) || self == e->d_name) continue;
    if (HoldsSocket(e->d_name, links)) {
      pid = std::atoi(e->d_name);
      break;
    }
  }
  closedir(proc);
  if (!pid) {
    *why = "the process listening on port " + std::to_string(port) +
           " is not visible (another user's? pass --server-pid)";
  }
  return pid;
}

std::optional<double> ProcessCpuSeconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return std::nullopt;
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so
  // count the fields from the last ')'. utime and stime are fields 14 and
  // 15, i.e. the 12th and 13th after the comm.
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close + 1));
  std::vector<std::string> f;
  for (std::string word; fields >> word;) f.push_back(word);
  if (f.size() < 13) return std::nullopt;
  const double ticks = std::strtod(f[11].c_str(), nullptr) + std::strtod(f[12].c_str(), nullptr);
  return ticks * CpuClockTick();
}

std::optional<Footprint> ProcessFootprint(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  Footprint f;
  bool threads = false;
  bool rss = false;
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string key;
    double value = 0;
    if (!(fields >> key >> value)) continue;
    if (key == "Threads:") {
      f.threads = static_cast<int>(value);
      threads = true;
    } else if (key == "VmRSS:") {  // in kB
      f.rss_mib = value / 1024;
      rss = true;
    }
  }
  if (!threads || !rss) return std::nullopt;
  return f;
}

double CpuClockTick() { return 1.0 / static_cast<double>(sysconf(_SC_CLK_TCK)); }

double SelfCpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const auto secs = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return secs(ru.ru_utime) + secs(ru.ru_stime);
}

}  // namespace brew::load
