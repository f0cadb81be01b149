package mail

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"orgsite/internal/testkit"
)

func TestSendThroughRealServers(t *testing.T) {
	for _, tt := range []struct {
		name   string
		opts   testkit.SMTPOptions
		scheme string
		user   string
	}{
		{"plain relay", testkit.SMTPOptions{}, "smtp", ""},
		{"STARTTLS with a login", testkit.SMTPOptions{TLS: true, User: "site", Pass: "s3cret"}, "smtp+starttls", "site:s3cret@"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := testkit.StartSMTP(t, tt.opts)
			s, err := New(tt.scheme+"://"+tt.user+srv.Addr, "website@example.org", slog.Default(), Options{Roots: srv.Roots})
			if err != nil {
				t.Fatal(err)
			}
			link := "https://example.org/admin/reset/abc123"
			err = s.Send(context.Background(), Message{To: "leyla@example.org", Subject: "Reset\r\nBcc: evil@example.com", Text: "Open " + link + "\n"})
			if err != nil {
				t.Fatal(err)
			}
			got := srv.Mails()
			if len(got) != 1 {
				t.Fatalf("%d mails", len(got))
			}
			m := got[0]
			if m.From != "website@example.org" || len(m.To) != 1 || m.To[0] != "leyla@example.org" || !strings.Contains(m.Data, link) {
				t.Errorf("received %+v", m)
			}
			if strings.Contains(m.Data, "\r\nBcc:") {
				t.Error("a header was slipped in through the subject")
			}
			if tt.opts.User != "" && m.Auth != "site" {
				t.Errorf("authenticated as %q", m.Auth)
			}
		})
	}
}

func TestSendFailures(t *testing.T) {
	// A port nobody listens on.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	down := l.Addr().String()
	l.Close()
	refusing := testkit.StartSMTP(t, testkit.SMTPOptions{Refuse: true})
	untrusted := testkit.StartSMTP(t, testkit.SMTPOptions{TLS: true})
	for _, tt := range []struct {
		name, url string
	}{
		{"down", "smtp://" + down},
		{"refuses the recipient", "smtp://" + refusing.Addr},
		{"certificate not trusted", "smtp+starttls://" + untrusted.Addr},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(tt.url, "website@example.org", slog.Default(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			err = s.Send(context.Background(), Message{To: "a@example.org", Subject: "x", Text: "y"})
			if !errors.Is(err, ErrNotSent) {
				t.Fatalf("err %v, want ErrNotSent", err)
			}
		})
	}
	// A server that answers too slowly: the caller's deadline stops it.
	slow := testkit.StartSMTP(t, testkit.SMTPOptions{Delay: 3 * time.Second})
	s, _ := New("smtp://"+slow.Addr, "website@example.org", slog.Default(), Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := s.Send(ctx, Message{To: "a@example.org", Subject: "x", Text: "y"}); !errors.Is(err, ErrNotSent) {
		t.Fatalf("slow server: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a slow server held the sender %s", d)
	}
}

func TestWithoutServerLinksGoToTheLog(t *testing.T) {
	var buf bytes.Buffer
	s, err := New("", "website@example.org", slog.New(slog.NewTextHandler(&buf, nil)), Options{})
	if err != nil || s.Enabled() {
		t.Fatalf("New: %v, enabled %v", err, s.Enabled())
	}
	if err := s.Send(context.Background(), Message{To: "a@example.org", Subject: "Invitation", Text: "https://example.org/admin/invite/t0k"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "https://example.org/admin/invite/t0k") {
		t.Errorf("the log lacks the link: %s", buf.String())
	}
}
