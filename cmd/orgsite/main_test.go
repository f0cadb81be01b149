package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orgsite/internal/store"
	"orgsite/internal/testkit"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if code := run(context.Background(), []string{"version"}, nil, &out, io.Discard, env(nil)); code != 0 || !strings.HasPrefix(out.String(), "orgsite ") {
		t.Fatalf("version: %d %q", code, out.String())
	}
}

func TestBadSettingsStopWithOneLine(t *testing.T) {
	dir := t.TempDir()
	tests := [][]string{
		{"serve", "--addr", "nonsense", "--db", filepath.Join(dir, "a.db")},
		{"serve", "--base-url", "ftp://x", "--db", filepath.Join(dir, "a.db")},
		{"serve", "--demo", "perhaps", "--db", filepath.Join(dir, "a.db")},
	}
	for _, args := range tests {
		var errOut bytes.Buffer
		code := run(context.Background(), args, nil, io.Discard, &errOut, env(nil))
		lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
		if code == 0 || len(lines) != 1 || !strings.HasPrefix(lines[0], "orgsite: config:") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
	}
	if code := run(context.Background(), []string{"frobnicate"}, nil, io.Discard, io.Discard, env(nil)); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
}

// TestServeSeedsAndStops starts the real server on a new database, as a new
// user's `go run ./cmd/orgsite` would, and stops it like SIGTERM does.
func TestServeSeedsAndStops(t *testing.T) {
	dir := t.TempDir()
	addr := testkit.FreeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var logs testkit.SyncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--db", filepath.Join(dir, "site.db"), "--media", filepath.Join(dir, "media"),
			"--base-url", "http://" + addr}, nil, io.Discard, &logs, env(map[string]string{}))
	}()
	var res *http.Response
	var err error
	for i := 0; i < 600; i++ { // up to 30 s: seeding is slow under -race
		res, err = http.Get("http://" + addr + "/healthz")
		if err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("server did not start: %v\n%s", err, logs.String())
	}
	res.Body.Close()
	res, err = http.Get("http://" + addr + "/news/mobility-partnership-in-azerbaijan-conference-baku")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("demo news item: %v %v", err, res)
	}
	res.Body.Close()
	if !strings.Contains(logs.String(), "created the first admin") || !strings.Contains(logs.String(), "password=") {
		t.Errorf("first admin's generated password not logged once:\n%s", logs.String())
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop")
	}
}

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	e := env(map[string]string{"ORGSITE_DB": db})
	ctx := context.Background()
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"user", "add", "--email", "ed@example.org", "--name", "Ed", "--role", "editor"},
		strings.NewReader("a long enough password\n"), &out, &errOut, e); code != 0 {
		t.Fatalf("add: %d %s", code, errOut.String())
	}
	if code := run(ctx, []string{"user", "add", "--email", "ed@example.org", "--name", "Ed"},
		strings.NewReader("a long enough password\n"), io.Discard, io.Discard, e); code == 0 {
		t.Error("duplicate email accepted")
	}
	if code := run(ctx, []string{"user", "add", "--email", "x@example.org", "--name", "X"}, strings.NewReader("short\n"), io.Discard, io.Discard, e); code == 0 {
		t.Error("short password accepted")
	}
	if code := run(ctx, []string{"user", "passwd", "--email", "ed@example.org"}, strings.NewReader("another long password\n"), io.Discard, io.Discard, e); code != 0 {
		t.Error("passwd failed")
	}
	out.Reset()
	run(ctx, []string{"user", "list"}, nil, &out, io.Discard, e)
	if !strings.Contains(out.String(), "ed@example.org") || !strings.Contains(out.String(), "editor") {
		t.Errorf("list: %q", out.String())
	}
	// 2fa-reset turns two-factor sign-in off for a lost phone.
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := st.UserByEmail(ctx, "ed@example.org")
	if err := st.StartTwoFactor(ctx, u.ID, "JBSWY3DPEHPK3PXP"); err != nil {
		t.Fatal(err)
	}
	if err := st.EnableTwoFactor(ctx, u.ID, 1, nil, "", time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out.Reset()
	run(ctx, []string{"user", "list"}, nil, &out, io.Discard, e)
	if !strings.Contains(out.String(), "2FA") {
		t.Errorf("list does not show 2FA: %q", out.String())
	}
	if code := run(ctx, []string{"user", "2fa-reset", "--email", "ed@example.org"}, nil, io.Discard, &errOut, e); code != 0 {
		t.Fatalf("2fa-reset: %s", errOut.String())
	}
	if code := run(ctx, []string{"user", "2fa-reset", "--email", "nobody@example.org"}, nil, io.Discard, io.Discard, e); code == 0 {
		t.Error("2fa-reset of an unknown email succeeded")
	}
	out.Reset()
	run(ctx, []string{"user", "list"}, nil, &out, io.Discard, e)
	if strings.Contains(out.String(), "2FA") {
		t.Errorf("2FA still on after the reset: %q", out.String())
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	out.Reset()
	if code := run(ctx, []string{"backup", backup}, nil, &out, &errOut, e); code != 0 {
		t.Fatalf("backup: %s", errOut.String())
	}
	out.Reset()
	run(ctx, []string{"user", "list", "--db", backup}, nil, &out, io.Discard, env(nil))
	if !strings.Contains(out.String(), "ed@example.org") {
		t.Errorf("backup lacks the user: %q", out.String())
	}
}

// TestImportCommand: the import command prints its summary, refuses a file
// that is not an export with one line and exit 1, and explains itself.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	data := []string{"--db", filepath.Join(dir, "site.db"), "--media", filepath.Join(dir, "media")}
	var out, errOut bytes.Buffer
	args := append([]string{"import", "wordpress", "../../internal/wordpress/testdata/export.xml", "--uploads", "../../internal/wordpress/testdata/uploads", "--dry-run"}, data...)
	if code := run(context.Background(), args, nil, &out, &errOut, env(nil)); code != 0 || !strings.Contains(out.String(), "Dry run: nothing was written.") {
		t.Errorf("dry run: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	out.Reset()
	errOut.Reset()
	args = append([]string{"import", "wordpress", "main_test.go"}, data...)
	if code := run(context.Background(), args, nil, &out, &errOut, env(nil)); code != 1 || strings.Count(strings.TrimSpace(errOut.String()), "\n") != 0 || !strings.Contains(errOut.String(), "not a WordPress export") {
		t.Errorf("a Go file: exit %d, %q", code, errOut.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"import", "--help"}, nil, &out, io.Discard, env(nil)); code != 0 || !strings.Contains(out.String(), "--uploads DIR") {
		t.Errorf("help: exit %d\n%s", code, out.String())
	}
}
