#include "cmd/client_session.h"

#include <algorithm>
#include <utility>

#include "core/cli/console.h"
#include "core/cli/flags.h"
#include "core/client/client_channel.h"
#include "core/client/grpc_status.h"

namespace brew::cli {
namespace {

// The word for the call in a failure line: "upload failed: ...".
const char* CallNoun(StreamKind shape) {
  switch (shape) {
    case StreamKind::kSubscribe: return "stream";
    case StreamKind::kUpload: return "upload";
    case StreamKind::kChat: return "chat";
    case StreamKind::kConsume: break;  // not a gRPC call
  }
  return "call";
}

}  // namespace

ClientSession::ClientSession(std::string program, StreamKind shape)
    : program_(std::move(program)),
      shape_(shape),
      printer_(shape),
      observer_([this](const ClientEvent& ev) {
        brew::MutexLock lock(&print_mu_);
        if (ev.kind == EventKind::kDone) {
          done_ = ev;  // printed by Finish, which knows about signals
          return;
        }
        if (const auto line = printer_.Line(ev)) PrintLine(*line);
      }),
      watcher_([this](int) { control_.Cancel(); }) {}

bool ClientSession::Connect(const std::string& addr) {
  const std::string target = DialTarget(addr);
  channel_ = NewClientChannel(target);
  stub_ = orders::v1::StreamingService::NewStub(channel_);

  // WaitForConnected in short slices, so Ctrl+C is not stuck behind it.
  using Clock = std::chrono::system_clock;
  const auto give_up = Clock::now() + std::chrono::duration_cast<Clock::duration>(kConnectWait);
  while (!control_.cancelled()) {
    const auto slice = std::min(give_up, Clock::now() + std::chrono::milliseconds(100));
    if (channel_->WaitForConnected(slice)) return true;
    if (Clock::now() >= give_up) {
      PrintError(program_, "cannot reach server at " + target +
                               ": connection refused or no server listening (waited " +
                               FormatDuration(kConnectWait) + ")");
      return false;
    }
  }
  return true;
}

int ClientSession::Finish(const grpc::Status& status, const std::optional<Duration>& deadline,
                          const std::string& tally) {
  watcher_.Stop();
  const int signo = watcher_.received();
  // The call is over: no other thread prints any more.
  brew::MutexLock lock(&print_mu_);
  // Who closed whom (the lesson asks to tell them apart): the server ended
  // the call normally, we cancelled it, or it failed.
  if (status.ok()) {
    if (const auto line = printer_.Line(done_)) PrintLine(*line);
    return 0;
  }
  if (signo != 0) {
    PrintLine(std::string("cancelled by client (") + StopSignalName(signo) + ")" + tally);
    return ExitCodeForSignal(signo);
  }
  PrintError(program_, std::string(CallNoun(shape_)) +
                           " failed: " + DescribeFailure(status, deadline) + tally);
  return 1;
}

std::string DescribeFailure(const grpc::Status& status, const std::optional<Duration>& deadline) {
  const std::string code = StatusCodeName(status.error_code());
  if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED && deadline) {
    return "deadline exceeded (" + code + ", --deadline " + FormatDuration(*deadline) + ")";
  }
  if (status.error_message().empty()) return code;
  return code + ": " + status.error_message();
}

}  // namespace brew::cli
