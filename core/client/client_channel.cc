#include "core/client/client_channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

namespace brew {

grpc::ChannelArguments ClientChannelArgs() {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
  return args;
}

std::shared_ptr<grpc::Channel> NewClientChannel(const std::string& target,
                                                const grpc::ChannelArguments& args) {
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

}  // namespace brew
