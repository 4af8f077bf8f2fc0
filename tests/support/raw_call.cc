#include "tests/support/raw_call.h"

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/impl/codegen/client_unary_call.h>
#include <grpcpp/impl/codegen/rpc_method.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/sync_stream.h>

namespace brew::testing {

RawCallResult RawCall(const std::string& target, const std::string& method,
                      const std::vector<std::string>& messages,
                      std::chrono::milliseconds deadline) {
  auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + deadline);
  // A bidi call of ByteBuffers: on the wire every streaming shape is the
  // same HTTP/2 stream, so this reaches any of the three methods. (The
  // factory is what generated sync stubs call; gRPC 1.51 has no public
  // blocking generic stream.)
  const grpc::internal::RpcMethod rpc(method.c_str(), grpc::internal::RpcMethod::BIDI_STREAMING);
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
          channel.get(), rpc, &ctx));
  for (const std::string& m : messages) {
    grpc::Slice slice(m);
    grpc::ByteBuffer bytes(&slice, 1);
    if (!stream->Write(bytes)) break;  // the server has ended the call
  }
  stream->WritesDone();
  RawCallResult result;
  grpc::ByteBuffer in;
  while (stream->Read(&in)) {
    std::vector<grpc::Slice> slices;
    (void)in.Dump(&slices);
    std::string bytes;
    for (const grpc::Slice& s : slices)
      bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    result.responses.push_back(std::move(bytes));
  }
  result.status = stream->Finish();
  return result;
}

}  // namespace brew::testing
