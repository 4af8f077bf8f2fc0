// The channel brewlab's clients dial with: gRPC's defaults, but retries off.
//
// gRPC 1.51 turns retry support on by default, even when no service config
// asks for a retry policy; a call then keeps retry bookkeeping for the
// messages it sends. For a long client stream that showed as memory that
// grew with the stream: measured with client-upload, one upload of
// 1,000,000 records peaked about 5 MB above one of 10,000 with retries on,
// about 1.4 MB with them off (tests/cmd/memory_flat_test.cc). None of the
// lesson's clients retries a call, so they turn it off.
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/support/channel_arguments.h>

#include <memory>
#include <string>

namespace brew {

// The arguments every client channel starts from (retries off); add more
// before passing them to NewClientChannel.
grpc::ChannelArguments ClientChannelArgs();

// An insecure channel to `target` (HOST:PORT) with `args`.
std::shared_ptr<grpc::Channel> NewClientChannel(
    const std::string& target, const grpc::ChannelArguments& args = ClientChannelArgs());

}  // namespace brew
