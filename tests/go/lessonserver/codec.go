package main

import (
	"google.golang.org/grpc/encoding"
	"google.golang.org/protobuf/proto"
)

// protoCodec marshals the messages protoc-gen-go generates (protobuf's
// APIv2). grpc-go 1.33's own codec goes through the older
// github.com/golang/protobuf API, which Debian's protoc-gen-go package
// replaces; registering this one under the name "proto" makes grpc-go use
// it for every call.
type protoCodec struct{}

func (protoCodec) Marshal(v interface{}) ([]byte, error) {
	return proto.Marshal(v.(proto.Message))
}

func (protoCodec) Unmarshal(data []byte, v interface{}) error {
	return proto.Unmarshal(data, v.(proto.Message))
}

func (protoCodec) Name() string { return "proto" }

func init() { encoding.RegisterCodec(protoCodec{}) }
