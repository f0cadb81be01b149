package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orgsite/internal/backup"
	"orgsite/internal/config"
	"orgsite/internal/store"
	"orgsite/internal/testkit"
)

// TestHTTPServerLimits: every timeout that stops a slow or stalled client
// from holding a connection is set, and short enough to matter.
func TestHTTPServerLimits(t *testing.T) {
	srv := newHTTPServer(config.Config{Addr: ":8080"}, http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	checks := []struct {
		name     string
		got, max time.Duration
	}{
		{"ReadHeaderTimeout", srv.ReadHeaderTimeout, 10 * time.Second},
		{"ReadTimeout", srv.ReadTimeout, 5 * time.Minute},
		{"WriteTimeout", srv.WriteTimeout, 5 * time.Minute},
		{"IdleTimeout", srv.IdleTimeout, 5 * time.Minute},
	}
	for _, c := range checks {
		if c.got <= 0 || c.got > c.max {
			t.Errorf("%s = %v, want more than 0 and at most %v", c.name, c.got, c.max)
		}
	}
	if srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 1<<20 {
		t.Errorf("MaxHeaderBytes = %d", srv.MaxHeaderBytes)
	}
	if srv.ErrorLog == nil {
		t.Error("the server's own errors are not logged through slog")
	}
	if drainTimeout >= 10*time.Second {
		t.Errorf("drainTimeout %v: a stop must finish before docker's 10 s SIGKILL", drainTimeout)
	}
}

// serveTest serves h with the server newHTTPServer builds, after adjust.
func serveTest(t *testing.T, adjust func(*http.Server)) string {
	t.Helper()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	srv := newHTTPServer(config.Config{}, h, slog.New(slog.DiscardHandler))
	adjust(srv)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// TestSlowHeadersCutOff: a client that sends its headers a byte at a time
// (slowloris) is disconnected when ReadHeaderTimeout runs out, here
// shortened from 10 s to 300 ms, though it never stops sending.
func TestSlowHeadersCutOff(t *testing.T) {
	addr := serveTest(t, func(s *http.Server) { s.ReadHeaderTimeout = 300 * time.Millisecond })
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	closed := make(chan time.Time, 1)
	go func() {
		io.Copy(io.Discard, conn) // returns when the server hangs up
		closed <- time.Now()
	}()
	start := time.Now()
	header := "GET / HTTP/1.1\r\nHost: example.org\r\nX-Slow: " + strings.Repeat("a", 100)
	for i := 0; i < len(header); i++ {
		select {
		case at := <-closed:
			if d := at.Sub(start); d < 250*time.Millisecond || d > 2*time.Second {
				t.Fatalf("cut off after %v, want about 300ms", d)
			}
			return
		default:
		}
		conn.Write([]byte{header[i]})
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("a client still sending its headers after %v was not cut off", time.Since(start))
}

// TestHugeHeadersRefused: headers over MaxHeaderBytes get 431 before any
// handler runs.
func TestHugeHeadersRefused(t *testing.T) {
	addr := serveTest(t, func(*http.Server) {})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	go io.WriteString(conn, "GET / HTTP/1.1\r\nHost: example.org\r\nX-Big: "+strings.Repeat("a", 200<<10)+"\r\n\r\n")
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("status %d, want 431", res.StatusCode)
	}
}

// TestServeTakesBackupAtStart: with --backup-dir, a server on a database
// without a recent snapshot writes one at start, and stops cleanly.
func TestServeTakesBackupAtStart(t *testing.T) {
	dir := t.TempDir()
	addr := testkit.FreeAddr(t)
	backups := filepath.Join(dir, "backups")
	os.MkdirAll(backups, 0o755)
	old := filepath.Join(backups, backup.Name(time.Now().Add(-72*time.Hour)))
	os.WriteFile(old, []byte("an old snapshot"), 0o600)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs testkit.SyncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--db", filepath.Join(dir, "site.db"), "--media", filepath.Join(dir, "media"),
			"--base-url", "http://" + addr, "--backup-keep", "1"}, nil, io.Discard, &logs, env(map[string]string{"ORGSITE_BACKUP_DIR": backups}))
	}()
	var list []backup.Snapshot
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		list, _ = backup.List(backups)
		if len(list) == 1 && list[0].Path != old {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no new snapshot, or the old one kept beyond --backup-keep 1: %v\n%s", list, logs.String())
		}
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d\n%s", code, logs.String())
	}
	st, err := store.Open(context.Background(), list[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if empty, err := st.IsEmpty(context.Background()); err != nil || empty {
		t.Fatalf("the snapshot has no content: %v", err)
	}
	if !strings.Contains(logs.String(), "backup written") || !strings.Contains(logs.String(), "msg=stopped") {
		t.Errorf("log:\n%s", logs.String())
	}
}
