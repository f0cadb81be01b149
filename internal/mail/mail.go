// Package mail sends the staff's account emails (invitations, password
// resets) through an SMTP server with github.com/wneessen/go-mail: plain
// SMTP to a local relay, STARTTLS on 587 or implicit TLS on 465, with
// authentication when the server's URL carries credentials. Without a
// server, the messages go to the log, so that a site without email still
// works: the admin reads the link there.
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one plain-text email to one person.
type Message struct {
	To      string
	Subject string
	Text    string // holds the absolute link the mail is about
}

// Sender sends account emails.
type Sender interface {
	Send(ctx context.Context, m Message) error
	// Enabled is false when mails only go to the log.
	Enabled() bool
}

// Timeout bounds one delivery: connect, talk and send. A slow server
// costs the person waiting at most this long.
const Timeout = 10 * time.Second

// ErrNotSent wraps every failure to deliver, for the message people see;
// the wrapped error, for the log, says why.
var ErrNotSent = errors.New("the email could not be sent")

// Options tune a sender; the zero value is right for production.
type Options struct {
	// Roots, when not nil, holds the certificate authorities TLS trusts
	// instead of the system's (tests use a self-signed certificate).
	Roots *tls.Config
	// Timeout bounds each step of a delivery; zero is Timeout.
	Timeout time.Duration
}

// New is the sender for the server at rawURL (see config: smtp://,
// smtp+starttls:// or smtps://) from the address from; an empty rawURL
// gives a sender that writes each message to log.
func New(rawURL, from string, log *slog.Logger, o Options) (Sender, error) {
	if rawURL == "" {
		return logSender{log: log}, nil
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("mail: bad server address")
	}
	s := &smtpSender{host: u.Hostname(), from: from, tls: o.Roots, timeout: o.Timeout}
	if s.timeout <= 0 {
		s.timeout = Timeout
	}
	switch u.Scheme {
	case "smtp":
		s.port, s.policy = 25, gomail.NoTLS
	case "smtp+starttls":
		s.port, s.policy = 587, gomail.TLSMandatory
	case "smtps":
		s.port, s.policy, s.ssl = 465, gomail.TLSMandatory, true
	default:
		return nil, fmt.Errorf("mail: unknown scheme %q", u.Scheme)
	}
	if p := u.Port(); p != "" {
		if s.port, err = strconv.Atoi(p); err != nil || s.port < 1 || s.port > 65535 {
			return nil, fmt.Errorf("mail: bad port %q", p)
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
	}
	return s, nil
}

// logSender writes messages to the log: email is off.
type logSender struct{ log *slog.Logger }

func (l logSender) Send(_ context.Context, m Message) error {
	l.log.Warn("email is off: this message was not sent; pass its link on by hand", "to", m.To, "subject", m.Subject, "text", m.Text)
	return nil
}

func (logSender) Enabled() bool { return false }

// smtpSender delivers through one SMTP server, a new connection per
// message: account emails are rare, and a connection held open would die
// between them.
type smtpSender struct {
	host, from     string
	port           int
	policy         gomail.TLSPolicy
	ssl            bool
	user, password string
	tls            *tls.Config
	timeout        time.Duration
}

func (s *smtpSender) Enabled() bool { return true }

func (s *smtpSender) Send(ctx context.Context, m Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return fmt.Errorf("%w: sender %q: %v", ErrNotSent, s.from, err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("%w: recipient %q: %v", ErrNotSent, m.To, err)
	}
	msg.Subject(oneLine(m.Subject))
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	// Each step of the conversation is bounded, and so is the whole: by
	// the caller's deadline when it is sooner.
	timeout := s.timeout
	if d, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(d))
	}
	c, err := gomail.NewClient(s.host, s.options(timeout)...)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotSent, err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("%w: %s:%d: %v", ErrNotSent, s.host, s.port, err)
	}
	return nil
}

func (s *smtpSender) options(timeout time.Duration) []gomail.Option {
	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTLSPolicy(s.policy), gomail.WithTimeout(max(timeout, time.Millisecond))}
	if s.ssl {
		opts = append(opts, gomail.WithSSL())
	}
	if s.tls != nil {
		cfg := s.tls.Clone()
		cfg.ServerName = s.host
		opts = append(opts, gomail.WithTLSConfig(cfg))
	}
	if s.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.user), gomail.WithPassword(s.password))
	}
	return opts
}

// oneLine keeps a subject on one line: no header can be slipped in.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
