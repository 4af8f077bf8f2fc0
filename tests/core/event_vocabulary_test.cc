// The event vocabulary (core/event/): every name reads back as its kind,
// the stream/event table says what the lesson's three calls and a consumer
// can do, and our status codes are gRPC's.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/client/grpc_status.h"
#include "core/event/event_kind.h"
#include "core/event/status_code.h"

namespace brew {
namespace {

TEST(EventVocabulary, EveryNameReadsBackAsItsKindAndNamesAreDistinct) {
  std::set<std::string> names;
  for (EventKind kind : kAllEventKinds) {
    EXPECT_EQ(EventKindFromName(EventKindName(kind)), kind);
    names.insert(EventKindName(kind));
  }
  EXPECT_EQ(names.size(), kEventKindCount);
  for (StreamKind kind : kAllStreamKinds) {
    EXPECT_EQ(StreamKindFromName(StreamKindName(kind)), kind);
  }
  EXPECT_EQ(EventKindFromName("log"), std::nullopt);
  EXPECT_EQ(EventKindFromName("Send"), std::nullopt);
  EXPECT_EQ(StreamKindFromName("bidi"), std::nullopt);
}

TEST(EventVocabulary, TheTableSaysWhatEachStreamCanDo) {
  // Every stream starts and ends; only a gRPC call is cancelled.
  for (StreamKind s : kAllStreamKinds) {
    EXPECT_TRUE(StreamHasEvent(s, EventKind::kStart)) << StreamKindName(s);
    EXPECT_TRUE(StreamHasEvent(s, EventKind::kDone)) << StreamKindName(s);
    EXPECT_EQ(StreamHasEvent(s, EventKind::kCancel), IsGrpcStream(s)) << StreamKindName(s);
    EXPECT_EQ(StreamHasEvent(s, EventKind::kCommit), s == StreamKind::kConsume);
  }
  // A subscribe's request is not an event; an upload's summary comes with done.
  EXPECT_FALSE(StreamHasEvent(StreamKind::kSubscribe, EventKind::kSend));
  EXPECT_FALSE(StreamHasEvent(StreamKind::kSubscribe, EventKind::kCloseSend));
  EXPECT_TRUE(StreamHasEvent(StreamKind::kSubscribe, EventKind::kRecv));
  EXPECT_TRUE(StreamHasEvent(StreamKind::kUpload, EventKind::kSend));
  EXPECT_TRUE(StreamHasEvent(StreamKind::kUpload, EventKind::kCloseSend));
  EXPECT_FALSE(StreamHasEvent(StreamKind::kUpload, EventKind::kRecv));
  for (EventKind e : {EventKind::kSend, EventKind::kRecv, EventKind::kCloseSend}) {
    EXPECT_TRUE(StreamHasEvent(StreamKind::kChat, e)) << EventKindName(e);
  }
  EXPECT_FALSE(StreamHasEvent(StreamKind::kConsume, EventKind::kSend));
  EXPECT_TRUE(StreamHasEvent(StreamKind::kConsume, EventKind::kRecv));
}

TEST(EventVocabulary, StatusCodesAreGrpcsByNumberAndName) {
  EXPECT_EQ(StatusCodeNames().size(), static_cast<size_t>(kStatusCodeCount));
  for (int i = 0; i < kStatusCodeCount; ++i) {
    const auto ours = static_cast<StatusCode>(i);
    EXPECT_EQ(StatusCodeFromName(StatusCodeName(ours)), ours);
    EXPECT_EQ(FromGrpc(static_cast<grpc::StatusCode>(i)), ours);
  }
  EXPECT_STREQ(StatusCodeName(grpc::StatusCode::DEADLINE_EXCEEDED), "DEADLINE_EXCEEDED");
  EXPECT_STREQ(StatusCodeName(static_cast<StatusCode>(99)), "UNKNOWN");
  EXPECT_EQ(StatusCodeFromName("ok"), std::nullopt);
}

}  // namespace
}  // namespace brew
