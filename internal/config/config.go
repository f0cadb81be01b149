// Package config reads orgsite's settings from flags, then environment
// variables, then defaults, and checks them once so that a bad value stops
// start-up with one clear line instead of failing later.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// Config is the server's settings.
type Config struct {
	Addr      string
	DB        string
	Media     string
	BaseURL   string // absolute, without trailing slash
	Demo      bool
	MaxUpload int64 // bytes
	// BackupDir, when set, receives a snapshot of the database every 24
	// hours; BackupKeep is how many of them are kept.
	BackupDir  string
	BackupKeep int
	// TrustedProxies are the networks whose X-Forwarded-For is believed:
	// a request from anywhere else is its own client address.
	TrustedProxies []*net.IPNet
	// CDNMaxAge, when not zero, lets shared caches (a CDN) keep public pages
	// this many seconds; 0 keeps them revalidated on every request.
	CDNMaxAge int
	// MetricsAddr, when set, serves Prometheus metrics at /metrics on
	// that address only, apart from the site.
	MetricsAddr string
	// LogFormat is "text" (for people) or "json" (for log collectors).
	LogFormat string
	// SMTPURL is the mail server staff emails go through (smtp://,
	// smtp+starttls:// or smtps://, with user:password when it asks);
	// empty: email is off and links go to the log. MailFrom is the
	// sender's address.
	SMTPURL  string
	MailFrom string
}

// PublicCacheControl is the Cache-Control of public pages. Browsers always
// revalidate (max-age=0 with an ETag: a 304 costs nothing); a CDN may keep
// a page CDNMaxAge seconds and serve it stale while it fetches a new one,
// so a change reaches its visitors up to that late.
func (c Config) PublicCacheControl() string {
	if c.CDNMaxAge <= 0 {
		return "public, no-cache"
	}
	n := strconv.Itoa(c.CDNMaxAge)
	return "public, max-age=0, s-maxage=" + n + ", stale-while-revalidate=" + n
}

// Secure reports whether cookies must carry the Secure flag.
func (c Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

type setting struct {
	flag, env, def, usage string
}

var settings = []setting{
	{"addr", "ORGSITE_ADDR", ":8080", "address to listen on"},
	{"db", "ORGSITE_DB", "data/orgsite.db", "SQLite database file"},
	{"media", "ORGSITE_MEDIA", "data/media", "folder for uploaded media"},
	{"base-url", "ORGSITE_BASE_URL", "http://localhost:8080", "public URL of the site, for absolute links"},
	{"demo", "ORGSITE_DEMO", "true", "seed demo content into a new database"},
	{"max-upload-mb", "ORGSITE_MAX_UPLOAD_MB", "20", "largest upload accepted, in megabytes"},
	{"backup-dir", "ORGSITE_BACKUP_DIR", "", "folder for a nightly snapshot of the database (empty: none)"},
	{"backup-keep", "ORGSITE_BACKUP_KEEP", "7", "how many nightly snapshots to keep"},
	{"trusted-proxies", "ORGSITE_TRUSTED_PROXIES", "", "comma-separated CIDRs of proxies whose X-Forwarded-For is trusted (empty: none)"},
	{"cdn-max-age", "ORGSITE_CDN_MAX_AGE", "0", "seconds a shared cache (CDN) may keep public pages (0: revalidate every time)"},
	{"metrics-addr", "ORGSITE_METRICS_ADDR", "", "address for Prometheus metrics at /metrics, apart from the site (empty: off)"},
	{"log-format", "ORGSITE_LOG_FORMAT", "text", "log lines as text (for people) or json (for log collectors)"},
	{"smtp-url", "ORGSITE_SMTP_URL", "", "mail server for staff emails: smtp://host:25, smtp+starttls://user:pass@host:587 or smtps://user:pass@host:465 (empty: email off, links in the log)"},
	{"mail-from", "ORGSITE_MAIL_FROM", "", "sender address of staff emails (default: orgsite@ the base URL's host)"},
}

// Parse reads settings from args (without the program and subcommand
// names) and getenv. A flag wins over its environment variable, which wins
// over the default. It returns the remaining arguments.
func Parse(name string, args []string, getenv func(string) string, out io.Writer) (Config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	vals := make(map[string]*string, len(settings))
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		vals[s.flag] = fs.String(s.flag, def, s.usage+" (env "+s.env+")")
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, nil, err
	}
	c, err := build(vals)
	return c, fs.Args(), err
}

func build(v map[string]*string) (Config, error) {
	c := Config{
		Addr:    strings.TrimSpace(*v["addr"]),
		DB:      strings.TrimSpace(*v["db"]),
		Media:   strings.TrimSpace(*v["media"]),
		BaseURL: strings.TrimRight(strings.TrimSpace(*v["base-url"]), "/"),
	}
	demo, err := strconv.ParseBool(strings.TrimSpace(*v["demo"]))
	if err != nil {
		return c, fmt.Errorf("config: --demo / ORGSITE_DEMO must be true or false, not %q", *v["demo"])
	}
	c.Demo = demo
	mb, err := strconv.Atoi(strings.TrimSpace(*v["max-upload-mb"]))
	if err != nil || mb < 1 || mb > 2048 {
		return c, fmt.Errorf("config: --max-upload-mb / ORGSITE_MAX_UPLOAD_MB must be a whole number from 1 to 2048, not %q", *v["max-upload-mb"])
	}
	c.MaxUpload = int64(mb) << 20
	c.BackupDir = strings.TrimSpace(*v["backup-dir"])
	keep, err := strconv.Atoi(strings.TrimSpace(*v["backup-keep"]))
	if err != nil || keep < 1 || keep > 1000 {
		return c, fmt.Errorf("config: --backup-keep / ORGSITE_BACKUP_KEEP must be a whole number from 1 to 1000, not %q", *v["backup-keep"])
	}
	c.BackupKeep = keep
	if c.TrustedProxies, err = parseCIDRs(*v["trusted-proxies"]); err != nil {
		return c, err
	}
	if c.CDNMaxAge, err = strconv.Atoi(strings.TrimSpace(*v["cdn-max-age"])); err != nil || c.CDNMaxAge < 0 || c.CDNMaxAge > 31536000 {
		return c, fmt.Errorf("config: --cdn-max-age / ORGSITE_CDN_MAX_AGE must be a number of seconds from 0 to 31536000, not %q", *v["cdn-max-age"])
	}
	c.MetricsAddr = strings.TrimSpace(*v["metrics-addr"])
	if c.LogFormat = strings.TrimSpace(*v["log-format"]); c.LogFormat != "text" && c.LogFormat != "json" {
		return c, fmt.Errorf("config: --log-format / ORGSITE_LOG_FORMAT must be text or json, not %q", c.LogFormat)
	}
	if err := c.mailSettings(*v["smtp-url"], *v["mail-from"]); err != nil {
		return c, err
	}
	return c, c.Validate()
}

// mailSettings checks the mail server's address and the sender.
func (c *Config) mailSettings(smtpURL, from string) error {
	c.SMTPURL = strings.TrimSpace(smtpURL)
	if c.SMTPURL != "" {
		u, err := url.Parse(c.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtp+starttls" && u.Scheme != "smtps") || u.Hostname() == "" {
			return errors.New("config: --smtp-url / ORGSITE_SMTP_URL must look like smtp://host:25, smtp+starttls://user:pass@host:587 or smtps://user:pass@host:465")
		}
	}
	c.MailFrom = strings.TrimSpace(from)
	if c.MailFrom == "" {
		host := "localhost"
		if u, err := url.Parse(c.BaseURL); err == nil && u.Hostname() != "" {
			host = u.Hostname()
		}
		c.MailFrom = "orgsite@" + host
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil || strings.ContainsAny(c.MailFrom, "\r\n") {
		return fmt.Errorf("config: --mail-from / ORGSITE_MAIL_FROM must be an email address, not %q", c.MailFrom)
	}
	return nil
}

// parseCIDRs reads a comma-separated list of networks; a single address
// is its own network.
func parseCIDRs(v string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			if ip := net.ParseIP(part); ip != nil && ip.To4() != nil {
				part += "/32"
			} else {
				part += "/128"
			}
		}
		_, n, err := net.ParseCIDR(part)
		if err != nil {
			return nil, fmt.Errorf("config: --trusted-proxies / ORGSITE_TRUSTED_PROXIES must be networks such as 10.0.0.0/8 or 2001:db8::/32, not %q", part)
		}
		out = append(out, n)
	}
	return out, nil
}

// Validate checks the settings and names the first bad one.
func (c Config) Validate() error {
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("config: --addr / ORGSITE_ADDR must be host:port such as :8080, not %q", c.Addr)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("config: --addr / ORGSITE_ADDR has a bad port %q", port)
	}
	_ = host
	if c.DB == "" {
		return errors.New("config: --db / ORGSITE_DB must name a database file")
	}
	if c.Media == "" {
		return errors.New("config: --media / ORGSITE_MEDIA must name a folder")
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("config: --base-url / ORGSITE_BASE_URL must be an absolute http(s) URL such as https://example.org, not %q", c.BaseURL)
	}
	if u.Path != "" {
		return fmt.Errorf("config: --base-url / ORGSITE_BASE_URL must not have a path (the site is served from /), not %q", c.BaseURL)
	}
	return c.validateMetrics()
}

func (c Config) validateMetrics() error {
	if _, _, err := net.SplitHostPort(c.MetricsAddr); c.MetricsAddr != "" && (err != nil || c.MetricsAddr == c.Addr) {
		return fmt.Errorf("config: --metrics-addr / ORGSITE_METRICS_ADDR must be host:port apart from --addr, such as 127.0.0.1:9090, not %q", c.MetricsAddr)
	}
	return nil
}
