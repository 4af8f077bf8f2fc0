// lesson-server-go: the lesson's streaming-server, written in Go from the
// lesson as a student would write it, and built offline from Debian's Go
// packages (tests/go/CMakeLists.txt). It is brewlab's second
// implementation: the grading tests run labrun against it to prove that a
// correct server in another language scores full marks, and its known-bad
// variants (known_bad/*.patch) that each classic mistake fails only the
// scenarios of its RPC.
//
// It logs only what the lesson shows (log/slog's text format by default,
// or Go's log.Printf with -log=printf); brewlab's own server adds lines of
// its own, which no scenario may require of this one.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"google.golang.org/grpc"

	ordersv1 "brew/gen/orders/v1"
)

func main() {
	addr := flag.String("addr", ":50052", "listen address")
	tick := flag.Duration("tick", time.Second, "interval between Subscribe's mock orders")
	echoDelay := flag.Duration("echo-delay", 200*time.Millisecond, "delay before each Chat echo")
	logStyle := flag.String("log", "slog", "log format: slog (log/slog text) or printf (log.Printf)")
	flag.Parse()

	logger, err := newLogger(*logStyle)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lesson-server-go:", err)
		os.Exit(2)
	}
	if *tick <= 0 {
		fmt.Fprintln(os.Stderr, "lesson-server-go: -tick must be > 0")
		os.Exit(2)
	}

	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lesson-server-go:", err)
		os.Exit(1)
	}
	srv := grpc.NewServer()
	ordersv1.RegisterStreamingServiceServer(srv, &streamingServer{
		logger:       logger,
		tickInterval: *tick,
		echoDelay:    *echoDelay,
	})
	logger.Info("streaming-server started", "addr", *addr, "tick", *tick, "echo_delay", *echoDelay)

	// Stop on SIGINT/SIGTERM: let open calls finish for a moment, then
	// close them, so the process always exits.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-stop
		done := make(chan struct{})
		go func() { srv.GracefulStop(); close(done) }()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			srv.Stop()
		}
	}()

	if err := srv.Serve(lis); err != nil {
		fmt.Fprintln(os.Stderr, "lesson-server-go:", err)
		os.Exit(1)
	}
}

// streamingServer implements the three RPCs (subscribe.go, upload.go,
// chat.go).
type streamingServer struct {
	ordersv1.UnimplementedStreamingServiceServer
	logger       logger
	tickInterval time.Duration
	echoDelay    time.Duration
}
