package config

import (
	"io"
	"reflect"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseDefaults(t *testing.T) {
	c, rest, err := Parse("serve", nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Addr: ":8080", DB: "data/orgsite.db", Media: "data/media", BaseURL: "http://localhost:8080", Demo: true, MaxUpload: 20 << 20, BackupKeep: 7, LogFormat: "text",
		MailFrom: "orgsite@localhost"}
	if !reflect.DeepEqual(c, want) || len(rest) != 0 {
		t.Fatalf("got %+v %v, want %+v", c, rest, want)
	}
	if c.Secure() {
		t.Error("http base URL must not mean secure cookies")
	}
}

func TestParsePrecedence(t *testing.T) {
	e := env(map[string]string{"ORGSITE_ADDR": "127.0.0.1:9000", "ORGSITE_BASE_URL": "https://a.example/", "ORGSITE_DEMO": "false"})
	c, _, err := Parse("serve", []string{"--addr", ":7000"}, e, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":7000" || c.BaseURL != "https://a.example" || c.Demo || !c.Secure() {
		t.Fatalf("got %+v", c)
	}
}

func TestParseBackup(t *testing.T) {
	e := env(map[string]string{"ORGSITE_BACKUP_DIR": "/srv/backups", "ORGSITE_BACKUP_KEEP": "30"})
	c, _, err := Parse("serve", nil, e, io.Discard)
	if err != nil || c.BackupDir != "/srv/backups" || c.BackupKeep != 30 {
		t.Fatalf("from the environment: %+v %v", c, err)
	}
	c, _, err = Parse("serve", []string{"--backup-dir", "/mnt/b", "--backup-keep", "3"}, e, io.Discard)
	if err != nil || c.BackupDir != "/mnt/b" || c.BackupKeep != 3 {
		t.Fatalf("flags over the environment: %+v %v", c, err)
	}
}

func TestParseBad(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--addr", "8080"}, nil, "--addr"},
		{[]string{"--addr", ":99999"}, nil, "port"},
		{[]string{"--base-url", "localhost:8080"}, nil, "--base-url"},
		{[]string{"--base-url", "ftp://x.example"}, nil, "--base-url"},
		{[]string{"--base-url", "https://x.example/site"}, nil, "path"},
		{nil, map[string]string{"ORGSITE_DEMO": "maybe"}, "ORGSITE_DEMO"},
		{[]string{"--smtp-url", "mail.example.org:25"}, nil, "--smtp-url"},
		{[]string{"--smtp-url", "imap://mail.example.org"}, nil, "--smtp-url"},
		{[]string{"--smtp-url", "smtps://"}, nil, "--smtp-url"},
		{[]string{"--mail-from", "not an address"}, nil, "--mail-from"},
		{[]string{"--mail-from", "a@example.org\r\nBcc: b@example.org"}, nil, "--mail-from"},
		{[]string{"--db", " "}, nil, "--db"},
		{[]string{"--max-upload-mb", "0"}, nil, "max-upload"},
		{[]string{"--backup-keep", "0"}, nil, "--backup-keep"},
		{nil, map[string]string{"ORGSITE_BACKUP_KEEP": "seven"}, "ORGSITE_BACKUP_KEEP"},
		{[]string{"--metrics-addr", "9090"}, nil, "--metrics-addr"},
		{[]string{"--metrics-addr", ":8080"}, nil, "apart from --addr"},
		{[]string{"--log-format", "xml"}, nil, "--log-format"},
	}
	for _, tt := range tests {
		_, _, err := Parse("serve", tt.args, env(tt.env), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Parse(%v, %v) error = %v, want one line mentioning %q", tt.args, tt.env, err, tt.want)
		}
	}
}

func TestTrustedProxies(t *testing.T) {
	c, _, err := Parse("serve", []string{"--trusted-proxies", "10.0.0.0/8, 192.0.2.7 ,2001:db8::/32"}, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range c.TrustedProxies {
		got = append(got, n.String())
	}
	if want := "10.0.0.0/8 192.0.2.7/32 2001:db8::/32"; strings.Join(got, " ") != want {
		t.Errorf("trusted %q, want %q", got, want)
	}
	if _, _, err := Parse("serve", nil, env(map[string]string{"ORGSITE_TRUSTED_PROXIES": "10.0.0.0/33"}), io.Discard); err == nil ||
		!strings.Contains(err.Error(), "ORGSITE_TRUSTED_PROXIES") {
		t.Errorf("a bad network: %v", err)
	}
}

func TestCDNMaxAge(t *testing.T) {
	c, _, err := Parse("serve", nil, env(nil), io.Discard)
	if err != nil || c.PublicCacheControl() != "public, no-cache" {
		t.Errorf("default: %q, %v", c.PublicCacheControl(), err)
	}
	c, _, err = Parse("serve", []string{"--cdn-max-age", "300"}, env(nil), io.Discard)
	if err != nil || c.PublicCacheControl() != "public, max-age=0, s-maxage=300, stale-while-revalidate=300" {
		t.Errorf("300: %q, %v", c.PublicCacheControl(), err)
	}
	for _, bad := range []string{"-1", "soon", "99999999999"} {
		if _, _, err := Parse("serve", []string{"--cdn-max-age", bad}, env(nil), io.Discard); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
