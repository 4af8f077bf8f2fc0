// What the lesson's command-line clients print for their events, so the
// programs in cmd/ and labrun's "client" log lines say the same thing:
//
//   subscribe  [1] order_id=ord-000001 customer_id=cust-ana amount_cents=387
//              stream closed by server, got 5 events        (ended OK)
//              cancelled by client (Ctrl+C), got 2 events   (ended CANCELLED)
//   upload     summary: received=20 accepted=17 rejected=3 total_cents=20400
//   chat       > sent: ping 1
//              < echo from server: echo: ping 1
//              chat closed by server, got 5 echoes          (ended OK)
//
// A call the client cancelled (a kCancel event came first) ends with
// "cancelled by client (Ctrl+C), ..." whatever its shape; any other ending
// prints "<shape> failed: <STATUS>: <message>, ...". The lesson asks that
// the two normal endings of a subscription (the server's end, the client's
// cancel) always read differently.
#pragma once

#include <optional>
#include <string>

#include "core/event/client_event.h"

namespace brew {

class ClientPrinter {
 public:
  // A consumer's records print as a subscription's events do ("[N] ...").
  explicit ClientPrinter(StreamKind shape) : shape_(shape) {}

  // The line for `event`, if the program prints one for it.
  std::optional<std::string> Line(const ClientEvent& event);

 private:
  std::string EndLine(const ClientEvent& event) const;

  const StreamKind shape_;
  int sent_ = 0;
  int received_ = 0;
  bool cancelled_ = false;
};

}  // namespace brew
