// Message size for the backpressure exercises. OrderInput, ChatMessage and
// OrderEvent carry a `bytes padding = 15` field (not in the lesson): the
// clients fill it in their records and pings (servers ignore it), and the
// server fills it in each OrderEvent when SubscribeRequest.message_bytes
// asks for a size.
#pragma once

#include <cstddef>
#include <string>

namespace brew {

// The largest message size a client may ask for: above gRPC's default 4 MiB
// receive limit, so an exercise can show RESOURCE_EXHAUSTED, yet no more
// than a client can comfortably hold.
inline constexpr int kMaxMessageBytes = 16 * 1024 * 1024;

// The padding that brings a message whose serialised size is
// `unpadded_bytes` (padding empty) to `target_bytes` (exactly, or one byte
// short where a length prefix grows by a byte); empty when the message is
// already that large, or when target_bytes <= 0 (no size asked).
std::string PaddingFor(std::size_t unpadded_bytes, int target_bytes);

}  // namespace brew
