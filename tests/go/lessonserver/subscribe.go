package main

import (
	"fmt"
	"sync/atomic"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	ordersv1 "brew/gen/orders/v1"
)

// Subscribe is the barista screen's feed: one mock order per tick until the
// limit (0: none) or until the client goes away. (grpc-go 1.33 predates the
// generic grpc.ServerStreamingServer[T]; the generated
// StreamingService_SubscribeServer is the same stream.)
func (s *streamingServer) Subscribe(req *ordersv1.SubscribeRequest, stream ordersv1.StreamingService_SubscribeServer) error {
	s.logger.Info("subscribe started", "customer_id", req.GetCustomerId(), "limit", req.GetLimit())

	ticker := time.NewTicker(s.tickInterval)
	defer ticker.Stop()

	var sent int32
	for {
		select {
		case <-stream.Context().Done():
			s.logger.Info("subscribe ended: client gone", "sent", sent, "err", stream.Context().Err())
			return nil

		case t := <-ticker.C:
			ev := mockOrderEvent(req.GetCustomerId(), t)
			if err := stream.Send(ev); err != nil {
				s.logger.Warn("subscribe send failed", "sent", sent, "err", err)
				return err
			}
			sent++
			if req.GetLimit() > 0 && sent >= req.GetLimit() {
				s.logger.Info("subscribe ended: limit reached", "sent", sent)
				return nil
			}
		}
	}
}

var nextOrder int64

// mockOrderEvent stands in for a real order source.
func mockOrderEvent(customerID string, t time.Time) *ordersv1.OrderEvent {
	n := atomic.AddInt64(&nextOrder, 1)
	if customerID == "" {
		customerID = []string{"cust-ana", "cust-ben", "cust-chen", "cust-dara"}[n%4]
	}
	return &ordersv1.OrderEvent{
		OrderId:     fmt.Sprintf("ord-%06d", n),
		CustomerId:  customerID,
		AmountCents: 250 + (n*137)%900,
		CreatedAt:   timestamppb.New(t),
	}
}
