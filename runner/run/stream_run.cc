#include "runner/run/stream_run.h"

#include "core/client/chat_client.h"
#include "core/client/client_channel.h"
#include "core/client/grpc_status.h"
#include "core/client/subscribe_client.h"
#include "core/client/upload_client.h"

namespace brew::lab {
namespace {

StreamKind KindOf(const Step& step) {
  switch (step.kind()) {
    case StepKind::kUpload: return StreamKind::kUpload;
    case StepKind::kChat: return StreamKind::kChat;
    default: return StreamKind::kSubscribe;
  }
}

std::shared_ptr<grpc::Channel> NewChannel(const std::string& target) {
  grpc::ChannelArguments args = ClientChannelArgs();
  // A connection of its own: no sharing of a subchannel (and its reconnect
  // backoff) with other streams, so a stream started after restart_server
  // connects to the new server at once.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return NewClientChannel(target, args);
}

}  // namespace

StreamRun::StreamRun(const Step& step, const std::string& target, Timeline& timeline)
    : id_(step.stream_id()), kind_(KindOf(step)) {
  outcome_.id = id_;
  outcome_.kind = kind_;
  thread_ = std::thread(
      [this, &step, channel = NewChannel(target), &timeline] { Run(step, channel, timeline); });
}

StreamRun::~StreamRun() { StopAndJoin(); }

void StreamRun::Stop() {
  if (!done_) control_.Cancel();
}

void StreamRun::StopAndJoin() {
  Stop();
  if (thread_.joinable()) thread_.join();
}

StreamOutcome StreamRun::Outcome() const {
  brew::MutexLock lock(&mu_);
  return outcome_;
}

void StreamRun::Run(const Step& step, std::shared_ptr<grpc::Channel> channel, Timeline& timeline) {
  auto stub = orders::v1::StreamingService::NewStub(channel);
  const ClientObserver observer = timeline.ObserverFor(id_);
  StreamOutcome outcome = Outcome();
  grpc::Status status;

  if (const auto* s = std::get_if<SubscribeStep>(&step.body)) {
    SubscribeOptions options;
    options.customer_id = s->customer_id;
    options.limit = s->limit;
    options.deadline = s->deadline;
    options.read_delay = s->read_delay;
    options.message_bytes = s->message_bytes;
    SubscribeResult r = RunSubscribe(*stub, options, observer, &control_);
    status = r.status;
    outcome.received = r.received;
  } else if (const auto* u = std::get_if<UploadStep>(&step.body)) {
    UploadOptions options;
    options.count = u->count;
    options.bad = u->bad;
    options.pause = u->pause;
    options.customer_id = u->customer_id;
    options.close_send = u->close_send;
    options.deadline = u->deadline;
    options.message_bytes = u->message_bytes;
    UploadResult r = RunUpload(*stub, options, observer, &control_);
    status = r.status;
    outcome.sent = r.sent;
    if (r.status.ok()) {
      outcome.summary = StreamOutcome::Summary{r.summary.received(), r.summary.accepted(),
                                               r.summary.rejected(), r.summary.total_cents()};
    }
  } else if (const auto* c = std::get_if<ChatStep>(&step.body)) {
    ChatOptions options;
    options.from = c->from;
    options.count = c->count;
    options.interval = c->interval;
    options.close_send = c->close_send;
    options.deadline = c->deadline;
    options.message_bytes = c->message_bytes;
    options.ack_batch = c->ack_batch;
    ChatResult r = RunChat(*stub, options, observer, &control_);
    status = r.status;
    outcome.sent = r.sent;
    outcome.received = r.received;
  }

  outcome.done = true;
  outcome.status = FromGrpc(status.error_code());
  outcome.message = status.error_message();
  {
    brew::MutexLock lock(&mu_);
    outcome_ = outcome;
  }
  done_ = true;
  timeline.Wake();
}

}  // namespace brew::lab
