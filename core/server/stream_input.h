// StreamInput: how far a handler has got with the client's side of a stream
// (UploadOrders' records, Chat's pings) -- the lesson's Recv loop, as a
// value.
#pragma once

namespace brew {

enum class StreamInput {
  kOpen,    // more may come
  kClosed,  // the read ended cleanly: Go's io.EOF, the client closed its send side
  kFailed,  // the read failed: the client went away (Go's other Recv errors)
  kBad,     // a message did not parse: Go's Recv error for it
};

}  // namespace brew
