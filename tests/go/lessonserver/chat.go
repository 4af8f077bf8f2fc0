package main

import (
	"errors"
	"io"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	ordersv1 "brew/gen/orders/v1"
)

type incoming struct {
	msg *ordersv1.ChatMessage
	err error
}

// Chat echoes each message after echoDelay. Recv blocks, so a reader
// goroutine feeds a channel and the handler selects on it and on the
// context: the two directions stay independent.
func (s *streamingServer) Chat(stream ordersv1.StreamingService_ChatServer) error {
	ctx := stream.Context()
	in := make(chan incoming, 8)

	go func() {
		for {
			m, err := stream.Recv()
			select {
			case in <- incoming{msg: m, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				close(in)
				return
			}
		}
	}()

	for {
		select {
		case <-ctx.Done():
			return ctx.Err()

		case m := <-in:
			if errors.Is(m.err, io.EOF) {
				s.logger.Info("chat ended: client closed send")
				return nil
			}
			if m.err != nil {
				return m.err
			}
			select {
			case <-time.After(s.echoDelay):
			case <-ctx.Done():
				return ctx.Err()
			}
			echo := &ordersv1.ChatMessage{
				From:   "server",
				Text:   "echo: " + m.msg.GetText(),
				SentAt: timestamppb.Now(),
			}
			if err := stream.Send(echo); err != nil {
				return err
			}
		}
	}
}
