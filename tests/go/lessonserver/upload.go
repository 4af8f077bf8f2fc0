package main

import (
	"errors"
	"io"

	ordersv1 "brew/gen/orders/v1"
)

// UploadOrders is the nightly batch import: read every record, count the
// bad ones instead of failing the stream (lenient mode), and answer once
// with the summary when the client closes its side.
func (s *streamingServer) UploadOrders(stream ordersv1.StreamingService_UploadOrdersServer) error {
	var summary ordersv1.UploadSummary
	for {
		in, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			s.logger.Info("upload ended", "received", summary.Received,
				"accepted", summary.Accepted, "rejected", summary.Rejected)
			return stream.SendAndClose(&summary)
		}
		if err != nil {
			return err
		}

		summary.Received++
		if in.GetAmountCents() <= 0 || in.GetCustomerId() == "" {
			summary.Rejected++
			continue
		}
		summary.Accepted++
		summary.TotalCents += in.GetAmountCents()
	}
}
