// The server's standard introspection services, called as grpcurl, grpc_cli
// and health probes call them: grpc.health.v1.Health (gRPC's default health
// service) and grpc.reflection.v1alpha.ServerReflection. A plain server
// without them answers the same calls with UNIMPLEMENTED, which shows the
// assertions below are not vacuous. Every call has a 5 s deadline.
// (Suite name in lower case so `ctest -R introspection` selects it.)
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/impl/server_builder_plugin.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "orders/v1/streaming.grpc.pb.h"
#include "tests/support/test_server.h"

namespace brew {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using grpc::reflection::v1alpha::ServerReflection;
using grpc::reflection::v1alpha::ServerReflectionRequest;
using grpc::reflection::v1alpha::ServerReflectionResponse;
using testing::TestServer;

constexpr std::chrono::seconds kDeadline(5);

std::shared_ptr<grpc::Channel> Dial(const std::string& target) {
  return grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
}

void SetDeadline(grpc::ClientContext* ctx) {
  ctx->set_deadline(std::chrono::system_clock::now() + kDeadline);
}

std::string Describe(const grpc::Status& status) {
  return "status " + std::to_string(status.error_code()) + " \"" + status.error_message() + "\"";
}

struct HealthAnswer {
  grpc::Status status;
  HealthCheckResponse::ServingStatus serving = HealthCheckResponse::UNKNOWN;
};

// grpc.health.v1.Health/Check for `service` ("" = the server as a whole).
HealthAnswer CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                         const std::string& service) {
  auto stub = Health::NewStub(channel);
  grpc::ClientContext ctx;
  SetDeadline(&ctx);
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  HealthAnswer answer;
  answer.status = stub->Check(&ctx, request, &response);
  answer.serving = response.status();
  return answer;
}

// One ServerReflectionInfo stream: ask, read the answer, ask again, as
// grpcurl does. The stream's deadline covers the whole session.
class ReflectionSession {
 public:
  explicit ReflectionSession(const std::shared_ptr<grpc::Channel>& channel)
      : stub_(ServerReflection::NewStub(channel)) {
    SetDeadline(&ctx_);
    stream_ = stub_->ServerReflectionInfo(&ctx_);
  }

  ~ReflectionSession() {
    if (!finished_) {
      ctx_.TryCancel();
      Finish();
    }
  }

  // Sends `request` and reads one response; false if the stream ended.
  bool Ask(const ServerReflectionRequest& request, ServerReflectionResponse* response) {
    return stream_->Write(request) && stream_->Read(response);
  }

  grpc::Status Finish() {
    finished_ = true;
    stream_->WritesDone();
    return stream_->Finish();
  }

 private:
  std::unique_ptr<ServerReflection::Stub> stub_;
  grpc::ClientContext ctx_;  // outlives stream_
  std::unique_ptr<grpc::ClientReaderWriter<ServerReflectionRequest, ServerReflectionResponse>>
      stream_;
  bool finished_ = false;
};

ServerReflectionRequest ListServicesRequest() {
  ServerReflectionRequest request;
  request.set_list_services("*");
  return request;
}

std::vector<std::string> ServiceNames(const ServerReflectionResponse& response) {
  std::vector<std::string> names;
  for (const auto& service : response.list_services_response().service()) {
    names.push_back(service.name());
  }
  return names;
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST(introspection, HealthCheckOfTheWholeServerIsServing) {
  TestServer ts;
  HealthAnswer answer = CheckHealth(Dial(ts.server().target()), "");
  ASSERT_TRUE(answer.status.ok()) << Describe(answer.status);
  EXPECT_EQ(answer.serving, HealthCheckResponse::SERVING)
      << HealthCheckResponse::ServingStatus_Name(answer.serving);
}

// gRPC's DefaultHealthCheckService knows only "" (SERVING) until someone
// calls SetServingStatus(name, ...); it does not add the services registered
// on the server. So, as doc/health-checking.md specifies for a name that is
// not registered with the health service, Check answers NOT_FOUND. (Watch
// would send SERVICE_UNKNOWN instead.)
TEST(introspection, HealthCheckOfANamedServiceIsNotFound) {
  TestServer ts;
  HealthAnswer answer = CheckHealth(Dial(ts.server().target()), "orders.v1.StreamingService");
  EXPECT_EQ(answer.status.error_code(), grpc::StatusCode::NOT_FOUND)
      << Describe(answer.status)
      << " serving=" << HealthCheckResponse::ServingStatus_Name(answer.serving);
}

TEST(introspection, ReflectionListsServicesAndDescribesTheContract) {
  TestServer ts;
  ReflectionSession session(Dial(ts.server().target()));

  ServerReflectionResponse listed;
  ASSERT_TRUE(session.Ask(ListServicesRequest(), &listed)) << Describe(session.Finish());
  ASSERT_EQ(listed.message_response_case(), ServerReflectionResponse::kListServicesResponse)
      << listed.DebugString();
  const std::vector<std::string> names = ServiceNames(listed);
  const std::string shown = ::testing::PrintToString(names);
  EXPECT_TRUE(Contains(names, "orders.v1.StreamingService")) << shown;
  EXPECT_TRUE(Contains(names, "grpc.health.v1.Health")) << shown;
  EXPECT_TRUE(Contains(names, "grpc.reflection.v1alpha.ServerReflection")) << shown;

  ServerReflectionRequest by_symbol;
  by_symbol.set_file_containing_symbol("orders.v1.StreamingService");
  ServerReflectionResponse described;
  ASSERT_TRUE(session.Ask(by_symbol, &described)) << Describe(session.Finish());
  ASSERT_EQ(described.message_response_case(), ServerReflectionResponse::kFileDescriptorResponse)
      << described.DebugString();
  const auto& files = described.file_descriptor_response().file_descriptor_proto();
  // The file that declares the symbol comes first; its imports may follow.
  ASSERT_GE(files.size(), 1);
  google::protobuf::FileDescriptorProto file;
  ASSERT_TRUE(file.ParseFromString(files.Get(0)));
  EXPECT_EQ(file.name(), "orders/v1/streaming.proto");
  EXPECT_EQ(file.package(), "orders.v1");
  ASSERT_EQ(file.service_size(), 1) << file.DebugString();
  const google::protobuf::ServiceDescriptorProto& service = file.service(0);
  EXPECT_EQ(service.name(), "StreamingService");
  ASSERT_EQ(service.method_size(), 3) << service.DebugString();
  EXPECT_EQ(service.method(0).name(), "Subscribe");
  EXPECT_FALSE(service.method(0).client_streaming());
  EXPECT_TRUE(service.method(0).server_streaming());
  EXPECT_EQ(service.method(1).name(), "UploadOrders");
  EXPECT_TRUE(service.method(1).client_streaming());
  EXPECT_FALSE(service.method(1).server_streaming());
  EXPECT_EQ(service.method(2).name(), "Chat");
  EXPECT_TRUE(service.method(2).client_streaming());
  EXPECT_TRUE(service.method(2).server_streaming());

  const grpc::Status finished = session.Finish();
  EXPECT_TRUE(finished.ok()) << Describe(finished);
}

// Drops the reflection plugin that libgrpc++_reflection registers for every
// ServerBuilder in the process (at load time, and again on each
// InitProtoReflectionServerBuilderPlugin call).
class WithoutReflection : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    plugins->erase(std::remove_if(plugins->begin(), plugins->end(),
                                  [](const std::unique_ptr<grpc::ServerBuilderPlugin>& p) {
                                    return p->name() == "proto_server_reflection";
                                  }),
                   plugins->end());
  }
};

// The same probes against a plain server (the orders service, no health
// service, no reflection) fail: the checks above depend on what
// StreamingServer turns on, not on gRPC answering anything anyway.
TEST(introspection, APlainServerHasNeitherHealthNorReflection) {
  const bool health_was_enabled = grpc::DefaultHealthCheckServiceEnabled();
  grpc::EnableDefaultHealthCheckService(false);          // process-wide; restored below
  orders::v1::StreamingService::Service orders_service;  // every method UNIMPLEMENTED
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&orders_service);
  builder.SetOption(std::make_unique<WithoutReflection>());
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  grpc::EnableDefaultHealthCheckService(health_was_enabled);
  ASSERT_NE(server, nullptr);
  ASSERT_NE(port, 0);
  auto channel = Dial("127.0.0.1:" + std::to_string(port));

  const grpc::Status health = CheckHealth(channel, "").status;
  EXPECT_EQ(health.error_code(), grpc::StatusCode::UNIMPLEMENTED) << Describe(health);

  {
    ReflectionSession session(channel);
    ServerReflectionResponse listed;
    EXPECT_FALSE(session.Ask(ListServicesRequest(), &listed)) << listed.DebugString();
    const grpc::Status reflection = session.Finish();
    EXPECT_EQ(reflection.error_code(), grpc::StatusCode::UNIMPLEMENTED) << Describe(reflection);
  }

  server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(100));
}

}  // namespace
}  // namespace brew
