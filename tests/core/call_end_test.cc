// EarlyEndCause: the one rule the three handlers use to name an early end.
// The end lines themselves are checked through the real stack
// (Server.ShutdownEndsLiveStreams for "server stopping",
// Subscribe.DeadlineEndsWithDeadlineExceeded and the HostileCancel tests
// for "client gone").
#include "core/server/call_end.h"

#include <gtest/gtest.h>

namespace brew {
namespace {

TEST(EarlyEndCause, ACancelWhileServingIsTheClientGone) {
  EXPECT_EQ(EarlyEndCause(/*server_stopping=*/false, /*at_deadline=*/false), EarlyEnd::kClientGone);
}

TEST(EarlyEndCause, ADeadlineIsTheClientGone) {
  EXPECT_EQ(EarlyEndCause(false, true), EarlyEnd::kClientGone);
}

TEST(EarlyEndCause, ACancelWhileStoppingIsTheServerStopping) {
  EXPECT_EQ(EarlyEndCause(true, false), EarlyEnd::kServerStopping);
}

// The client asked for this end; that the server was stopping too does not
// change what the client sees (DEADLINE_EXCEEDED).
TEST(EarlyEndCause, ADeadlineWhileStoppingIsStillTheClientGone) {
  EXPECT_EQ(EarlyEndCause(true, true), EarlyEnd::kClientGone);
}

TEST(InputEndedThenCancelledWhy, NamesTheLimitAndEveryCause) {
  const std::string why = InputEndedThenCancelledWhy(4194304);
  EXPECT_NE(why.find("closed its send side"), std::string::npos) << why;
  EXPECT_NE(why.find("its connection"), std::string::npos) << why;
  EXPECT_NE(why.find("max_receive_message_bytes=4194304"), std::string::npos) << why;
}

}  // namespace
}  // namespace brew
