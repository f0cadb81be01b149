// Command orgsite serves an organisation's website and its admin area from
// one SQLite file, and offers the commands to run it: user management,
// backups and the version.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"
	_ "time/tzdata" // the site's time zone must load on hosts without zoneinfo

	"orgsite/internal/auth"
	"orgsite/internal/backup"
	"orgsite/internal/config"
	"orgsite/internal/content"
	"orgsite/internal/demo"
	"orgsite/internal/mail"
	"orgsite/internal/media"
	"orgsite/internal/metrics"
	"orgsite/internal/store"
	"orgsite/web"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

const usage = `usage: orgsite [command] [flags]

commands:
  serve                  serve the site (the default)
  user add --email E --name N --role admin|editor|contributor   (password on stdin)
  user 2fa-reset --email E           turn two-factor sign-in off for a lost phone
  user passwd --email E  (password on stdin)
  user list
  backup FILE            write a consistent snapshot of the database
  export DIR             write the public site as static files
  import wordpress FILE.xml [--uploads DIR] [--dry-run]
                         bring a WordPress site in from its export
  demo --news N          seed the demo and add N generated news items
  version                print the version

Run "orgsite serve --help" for the settings.
`

// run is the whole program, with its surroundings passed in so that tests
// can start it too. It returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, args, stderr, getenv)
	case "user":
		err = userCmd(ctx, args, stdin, stdout, stderr, getenv)
	case "backup":
		err = backupCmd(ctx, args, stdout, stderr, getenv)
	case "export":
		err = exportCmd(ctx, args, stdout, stderr, getenv)
	case "demo":
		err = demoCmd(ctx, args, stdout, stderr, getenv)
	case "import":
		err = importCmd(ctx, args, stdout, stderr, getenv)
	case "version":
		fmt.Fprintln(stdout, "orgsite", versionString())
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "orgsite: unknown command %q\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, errUsage) {
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "orgsite:", err)
		return 1
	}
	return 0
}

// errUsage means the flags were wrong and usage was already printed.
var errUsage = errors.New("usage")

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			if dirty {
				rev += "-dirty"
			}
			return "dev-" + rev
		}
	}
	return "dev"
}

func parseConfig(name string, args []string, stderr io.Writer, getenv func(string) string) (config.Config, []string, error) {
	cfg, rest, err := config.Parse(name, args, getenv, stderr)
	if errors.Is(err, flagHelp) {
		return cfg, nil, errUsage
	}
	return cfg, rest, err
}

func serve(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) error {
	cfg, rest, err := parseConfig("serve", args, stderr, getenv)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("serve: unexpected argument %q", rest[0])
	}
	tuneGC(getenv)
	log, closeLog := newLogger(cfg, stderr)
	defer closeLog()
	st, ms, err := openData(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	m, stopMetrics, err := startMetrics(cfg, st, log)
	if err != nil {
		return err
	}
	defer stopMetrics()
	if err := prepare(ctx, st, ms, cfg, log, getenv); err != nil {
		return err
	}

	// Work beside the requests stops, on every way out, before the database
	// closes (the deferred Close above runs after this).
	stopBackground, err := startBackground(ctx, cfg, st, ms, m, log)
	if err != nil {
		return err
	}
	defer stopBackground()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	sender, err := newMailer(cfg, log)
	if err != nil {
		return err
	}
	srv := newHTTPServer(cfg, web.New(web.Deps{Store: st, Media: ms, Config: cfg, Log: log, Metrics: m, Mail: sender}), log)
	log.Info("serving", "addr", ln.Addr().String(), "base_url", cfg.BaseURL, "db", cfg.DB, "version", versionString())
	// First signal: stop accepting, let the requests in flight finish, then
	// close the database, which checkpoints the WAL into the main file. A
	// second signal (main's context no longer catches it) ends the process
	// at once; SQLite's journal makes that as safe as a crash.
	if err := serveUntilDone(ctx, srv, ln, log); err != nil {
		return err
	}
	stopBackground()
	if err := st.Close(); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	log.Info("stopped")
	return nil
}

// newLogger is the server's log, as text or JSON (--log-format), and the
// function that flushes and closes it.
func newLogger(cfg config.Config, stderr io.Writer) (*slog.Logger, func() error) {
	lw := newLogWriter(stderr)
	var h slog.Handler = slog.NewTextHandler(lw, nil)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(lw, nil)
	}
	return slog.New(batchRequests{h, lw}), lw.Close
}

// newMailer is the sender of staff emails: the SMTP server of the
// settings, or the log when there is none.
func newMailer(cfg config.Config, log *slog.Logger) (mail.Sender, error) {
	sender, err := mail.New(cfg.SMTPURL, cfg.MailFrom, log, mail.Options{})
	if err == nil && !sender.Enabled() {
		log.Info("email is off (no --smtp-url): invitation and password-reset links are written to this log")
	}
	return sender, err
}

// tuneGC trades some memory for less collection work.
//
// The live heap is small (15–25 MB) and requests allocate quickly, so
// the default GC target collects every few milliseconds under load. A
// larger target halves that work and the tail latency it adds; the soft
// limit keeps the process well under 100 MB all the same. Measured with
// bench/run.sh: 56,000 → 63,000 req/s, p99 9.0 → 8.0 ms, peak RSS 79 MB.
// GOGC and GOMEMLIMIT in the environment still win.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(80 << 20)
	}
}

// openData opens the database and the media folder that cfg names. The
// caller closes the store.
func openData(ctx context.Context, cfg config.Config) (*store.Store, *media.Store, error) {
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, nil, err
	}
	ms, err := media.New(cfg.Media, cfg.MaxUpload)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, ms, nil
}

// startBackground starts the work done beside the requests (cleaning
// images stored by older versions, noticing other processes' writes; the
// nightly backups, when a folder is set) and returns what stops it and waits for it to end.
func startBackground(ctx context.Context, cfg config.Config, st *store.Store, ms *media.Store, m *metrics.Metrics, log *slog.Logger) (stop func(), err error) {
	bctx, cancel := context.WithCancel(ctx)
	var background sync.WaitGroup
	stop = func() { cancel(); background.Wait() }
	background.Go(func() { cleanOldMedia(bctx, st, ms, log) })
	background.Go(func() { cleanStagedMedia(bctx, st, ms, log, time.Now) })
	background.Go(func() {
		// An import or "user add" run beside the server shows at once.
		if err := st.WatchOtherWriters(bctx, time.Second); err != nil && bctx.Err() == nil {
			log.Error("watching the database for other writers", "err", err)
		}
	})
	if cfg.BackupDir == "" {
		return stop, nil
	}
	if err := os.MkdirAll(cfg.BackupDir, 0o750); err != nil {
		stop()
		return nil, fmt.Errorf("backup folder: %w", err)
	}
	sched := &backup.Schedule{Dir: cfg.BackupDir, Keep: cfg.BackupKeep, DB: st, Log: log, Done: m.Backup}
	log.Info("nightly backups", "dir", cfg.BackupDir, "keep", cfg.BackupKeep)
	background.Go(func() { sched.Run(bctx) })
	return stop, nil
}

// startMetrics serves Prometheus metrics on their own address when one is
// set, and returns what stops that server; nil metrics when it is not.
func startMetrics(cfg config.Config, st *store.Store, log *slog.Logger) (*metrics.Metrics, func(), error) {
	if cfg.MetricsAddr == "" {
		return nil, func() {}, nil
	}
	ln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		return nil, nil, fmt.Errorf("metrics: listen on %s: %w", cfg.MetricsAddr, err)
	}
	m := metrics.New()
	st.ObserveWrites(m.Write)
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	go srv.Serve(ln)
	log.Info("metrics", "addr", ln.Addr().String(), "path", "/metrics")
	return m, func() { srv.Close() }, nil
}

// serveUntilDone serves on ln until the server fails, which it returns, or
// ctx ends: then it stops accepting and lets the requests in flight finish
// within drainTimeout, cutting off those still running after it.
func serveUntilDone(ctx context.Context, srv *http.Server, ln net.Listener, log *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err // never nil: Serve always returns an error
	case <-ctx.Done():
	}
	log.Info("shutting down", "drain", drainTimeout)
	// From now on a second signal ends the process.
	signal.Reset(os.Interrupt, syscall.SIGTERM)
	sctx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("requests still running after the drain time were cut off", "err", err)
		srv.Close()
	}
	return nil
}

// drainTimeout is how long a stop waits for requests in flight: under the
// 10 seconds that docker stop allows before SIGKILL, so that the database
// is always closed by us.
const drainTimeout = 8 * time.Second

// newHTTPServer sets the limits that keep a slow, stalled or hostile client
// from holding the server: time to send the headers, to send the whole
// request (an upload on a poor connection included), to receive the
// answer, to keep an idle connection, and the size of the headers. Bodies
// are limited per route (the admin's, in package web).
func newHTTPServer(cfg config.Config, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              cfg.Addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		ConnContext:       web.ConnContext,
	}
}

// prepare seeds a new site and makes sure someone can log in.
func prepare(ctx context.Context, st *store.Store, ms *media.Store, cfg config.Config, log *slog.Logger, getenv func(string) string) error {
	empty, err := st.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if empty && cfg.Demo {
		start := time.Now()
		if err := demo.Seed(ctx, st, ms, time.Now()); err != nil {
			return fmt.Errorf("seed demo content: %w", err)
		}
		log.Info("seeded demo content", "duration", time.Since(start).Round(time.Millisecond))
	}
	n, err := st.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	email, password := strings.TrimSpace(getenv("ORGSITE_ADMIN_EMAIL")), getenv("ORGSITE_ADMIN_PASSWORD")
	generated := false
	if email == "" || password == "" {
		if email == "" {
			email = "admin@example.org"
		}
		password, generated = auth.GeneratePassword(), true
	}
	if err := addUser(ctx, st, email, "Administrator", "admin", password); err != nil {
		return fmt.Errorf("first admin: %w", err)
	}
	if generated {
		// Printed once, on purpose: the operator needs it to log in.
		log.Warn("created the first admin; change this password after logging in", "email", email, "password", password)
	} else {
		log.Info("created the first admin", "email", email)
	}
	return nil
}

func addUser(ctx context.Context, st *store.Store, email, name, role, password string) error {
	if err := checkUser(email, name, role, password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	u := store.User{Email: email, Name: name, Role: role, PasswordHash: hash}
	err = st.CreateUser(ctx, &u, time.Now())
	if errors.Is(err, content.ErrConflict) {
		return fmt.Errorf("a user with email %s already exists", email)
	}
	return err
}

func checkUser(email, name, role, password string) error {
	switch {
	case !strings.Contains(email, "@") || strings.ContainsAny(email, " \t\r\n") || len(email) > 254:
		return fmt.Errorf("%q is not an email address", email)
	case strings.TrimSpace(name) == "":
		return errors.New("a name is required")
	case !auth.ValidRole(role):
		return fmt.Errorf("role must be admin, editor or contributor, not %q", role)
	case len([]rune(password)) < auth.MinPasswordLen:
		return fmt.Errorf("the password must have at least %d characters", auth.MinPasswordLen)
	}
	return nil
}

func readPassword(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", errors.New("give the password on standard input, e.g. printf '%s\\n' \"$PASSWORD\" | orgsite user …")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
