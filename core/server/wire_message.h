// ParseMessage and SerializeMessage: the one place the three handlers turn
// bytes into messages and back.
//
// The service registers its methods raw (the generated
// WithRawCallbackMethod_*), so that a message that does not parse is an
// error that names it, as in the lesson's Go server, rather than what gRPC
// 1.51 makes of it (call_end.h, 2). Each reactor reads a grpc::ByteBuffer
// and parses it with ParseMessage, which says whether the bytes parsed;
// writes go out as the bytes SerializeMessage makes.
//
// Protobuf's own rules decide what parses: a truncated message or a bad
// length does not; a field of the wrong wire type is an unknown field (it
// parses, with that field unset), in C++ as in Go.
#pragma once

#include <grpcpp/impl/codegen/proto_utils.h>  // grpc::SerializationTraits for protobuf
#include <grpcpp/support/byte_buffer.h>

#include <string>

namespace brew {

// Parses `bytes` into `*out`. False when they are not a `Message`; `bytes`
// is consumed either way.
template <typename Message>
bool ParseMessage(grpc::ByteBuffer& bytes, Message* out) {
  out->Clear();
  return grpc::SerializationTraits<Message>::Deserialize(&bytes, out).ok();
}

// The bytes of `message`, for a write (or a unary-style response).
template <typename Message>
grpc::ByteBuffer SerializeMessage(const Message& message) {
  grpc::ByteBuffer bytes;
  bool own_buffer = false;
  grpc::SerializationTraits<Message>::Serialize(message, &bytes, &own_buffer);
  return bytes;
}

// "record 2 does not parse as OrderInput": the status message and the log's
// err for a message that did not parse. `what` names it in its stream.
std::string DoesNotParse(const std::string& what, const std::string& type_name);

}  // namespace brew
