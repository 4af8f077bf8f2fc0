package main

import (
	"fmt"
	"log"
	"os"
	"strings"

	"golang.org/x/exp/slog"
)

// logger is the part of slog the handlers use: a message and key/value
// pairs. Debian's Go 1.19 has no log/slog; golang.org/x/exp/slog is the
// same package before it moved into the standard library.
type logger interface {
	Info(msg string, args ...any)
	Warn(msg string, args ...any)
}

func newLogger(style string) (logger, error) {
	switch style {
	case "slog":
		return slog.New(slog.NewTextHandler(os.Stderr)), nil
	case "printf":
		return printfLogger{log.New(os.Stderr, "", log.LstdFlags)}, nil
	}
	return nil, fmt.Errorf("-log: unknown style %q (slog or printf)", style)
}

// printfLogger logs the way many students do without slog:
// log.Printf("subscribe started customer_id=%q limit=%d", ...). Strings are
// quoted with %q; anything else, errors included, is printed with %v,
// unquoted ("err=context canceled").
type printfLogger struct{ l *log.Logger }

func (p printfLogger) Info(msg string, args ...any) { p.l.Print(line("", msg, args)) }
func (p printfLogger) Warn(msg string, args ...any) { p.l.Print(line("WARN ", msg, args)) }

func line(prefix, msg string, args []any) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteString(msg)
	for i := 0; i+1 < len(args); i += 2 {
		if s, ok := args[i+1].(string); ok {
			fmt.Fprintf(&b, " %v=%q", args[i], s)
		} else {
			fmt.Fprintf(&b, " %v=%v", args[i], args[i+1])
		}
	}
	return b.String()
}
