package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// logWriter batches log lines: a busy site logs one line per request, and
// one write(2) per line costs as much as a tenth of the server's time under
// load. Lines are written at least every flushEvery, when the buffer fills,
// and at shutdown; a crash can lose at most that interval's lines.
type logWriter struct {
	mu   sync.Mutex
	w    *bufio.Writer
	done chan struct{}
	wg   sync.WaitGroup
}

const flushEvery = 100 * time.Millisecond

func newLogWriter(w io.Writer) *logWriter {
	l := &logWriter{w: bufio.NewWriterSize(w, 64<<10), done: make(chan struct{})}
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		t := time.NewTicker(flushEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				l.Flush()
			case <-l.done:
				return
			}
		}
	}()
	return l
}

func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// Flush writes what is buffered.
func (l *logWriter) Flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Flush()
}

// Close stops the ticker and writes what is left.
func (l *logWriter) Close() error {
	close(l.done)
	l.wg.Wait()
	return l.Flush()
}

// batchRequests is a slog handler that leaves only the per-request info
// lines in the batch: anything else (start-up, warnings, errors) is written
// at once, so an operator watching the log sees it when it happens.
type batchRequests struct {
	slog.Handler
	lw *logWriter
}

func (h batchRequests) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn || r.Message != "request" {
		h.lw.Flush()
	}
	return err
}

func (h batchRequests) WithAttrs(as []slog.Attr) slog.Handler {
	return batchRequests{h.Handler.WithAttrs(as), h.lw}
}

func (h batchRequests) WithGroup(name string) slog.Handler {
	return batchRequests{h.Handler.WithGroup(name), h.lw}
}
