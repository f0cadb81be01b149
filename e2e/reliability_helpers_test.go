package e2e

import (
	"database/sql"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"orgsite/internal/testkit"

	_ "modernc.org/sqlite" // to look into the database the binary wrote
)

// The first admin of every site the reliability tests start.
const (
	reliabEmail    = "e2e@example.org"
	reliabPassword = "e2e-password-not-secret"
)

// reliabSite is one run of the real binary on a data folder (orgsite.db and
// media/) that outlives it, so that a test can kill it, restart it on the
// same files and send it signals.
type reliabSite struct {
	t       *testing.T
	dir     string
	base    string
	cmd     *exec.Cmd
	logs    *testkit.SyncBuffer
	exited  chan struct{}
	waitErr error
	started time.Time
}

// reliabStart runs the binary on dir, on a free port, and returns once
// /healthz answers. A process still running when the test ends is killed;
// its log is shown if the test failed.
func reliabStart(t *testing.T, bin, dir string, extra ...string) *reliabSite {
	t.Helper()
	addr := testkit.FreeAddr(t)
	s := &reliabSite{t: t, dir: dir, base: "http://" + addr, logs: &testkit.SyncBuffer{}, exited: make(chan struct{})}
	args := append([]string{"serve", "--addr", addr, "--db", filepath.Join(dir, "orgsite.db"),
		"--media", filepath.Join(dir, "media"), "--base-url", s.base}, extra...)
	s.cmd = exec.Command(bin, args...)
	// Settings of the developer's shell must not change the test.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ORGSITE_") {
			s.cmd.Env = append(s.cmd.Env, kv)
		}
	}
	s.cmd.Env = append(s.cmd.Env, "ORGSITE_ADMIN_EMAIL="+reliabEmail, "ORGSITE_ADMIN_PASSWORD="+reliabPassword)
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.started = time.Now()
	go func() { s.waitErr = s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() {
		if s.running() {
			s.cmd.Process.Kill()
			<-s.exited
		}
		if t.Failed() {
			t.Logf("server log (%s):\n%s", dir, s.logs.String())
		}
	})
	client := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if !s.running() {
			t.Fatalf("the server stopped: %v\n%s", s.waitErr, s.logs.String())
		}
		if res, err := client.Get(s.base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				// The request line is written after the answer: wait for
				// it, so that the log holds nothing more from the start.
				for !strings.Contains(s.logs.String(), "path=/healthz status=200") && time.Now().Before(deadline) {
					time.Sleep(5 * time.Millisecond)
				}
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz did not answer within 30s\n%s", s.logs.String())
		}
	}
}

func (s *reliabSite) running() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

func (s *reliabSite) signal(sig os.Signal) {
	s.t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatalf("signal %v: %v", sig, err)
	}
}

// wait reports whether the process exited within d.
func (s *reliabSite) wait(d time.Duration) bool {
	select {
	case <-s.exited:
		return true
	case <-time.After(d):
		return false
	}
}

// reliabTemplate starts the binary once on a new folder, which seeds the
// demo content and creates the admin, and stops it; each test then starts
// from a copy, without seeding again.
func reliabTemplate(t *testing.T, bin string) string {
	t.Helper()
	dir := t.TempDir()
	s := reliabStart(t, bin, dir)
	s.signal(os.Interrupt)
	if !s.wait(10*time.Second) || s.waitErr != nil {
		t.Fatalf("the template site did not stop cleanly: %v", s.waitErr)
	}
	return dir
}

// reliabCopy copies the data folder src into dst.
func reliabCopy(t *testing.T, dst, src string) {
	t.Helper()
	if err := testkit.CopyTree(dst, src); err != nil {
		t.Fatalf("copy %s: %v", src, err)
	}
}

// reliabEditor is a logged-in member of staff using the admin's forms.
type reliabEditor struct {
	t      *testing.T
	base   string
	client *http.Client
	csrf   string
}

var reliabCSRFField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// reliabLogin logs in as the first admin, as a browser does: the login form
// for its cookie and token, the post, then the dashboard for the session's
// token.
func reliabLogin(t *testing.T, base string) *reliabEditor {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	e := &reliabEditor{t: t, base: base, client: &http.Client{
		Jar: jar, Timeout: 30 * time.Second,
		Transport:     &http.Transport{MaxIdleConnsPerHost: 8},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	_, page, err := e.get("/admin/login")
	if err != nil {
		t.Fatal(err)
	}
	m := reliabCSRFField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no _csrf in the login form:\n%s", page)
	}
	code, _, _, err := e.post("/admin/login", url.Values{"email": {reliabEmail}, "password": {reliabPassword}, "_csrf": {m[1]}})
	if err != nil || code != http.StatusSeeOther {
		t.Fatalf("login: %d %v", code, err)
	}
	if _, page, err = e.get("/admin"); err != nil {
		t.Fatal(err)
	}
	if m = reliabCSRFField.FindStringSubmatch(page); m == nil {
		t.Fatalf("no _csrf on the dashboard:\n%s", page)
	}
	e.csrf = m[1]
	return e
}

func (e *reliabEditor) get(path string) (int, string, error) {
	res, err := e.client.Get(e.base + path)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}

func (e *reliabEditor) post(path string, form url.Values) (code int, location, body string, err error) {
	res, err := e.client.PostForm(e.base+path, form)
	if err != nil {
		return 0, "", "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b), err
}

// saveNews posts the new-item form, published now, and returns the status
// and the Location of the answer.
func (e *reliabEditor) saveNews(title, body string) (int, string, string, error) {
	return e.post("/admin/news/new", url.Values{"title": {title}, "summary": {"Summary of " + title + "."}, "body": {body},
		"status": {"published"}, "published_at": {""}, "tags": {"Reliability"}, "_csrf": {e.csrf}, "action": {"save"}})
}

// reliabSaver saves news items from several goroutines and keeps the titles
// of the saves answered 303: the ones the site promised to keep.
type reliabSaver struct {
	mu      sync.Mutex
	saved   []string
	failed  []string // other answers, while the site was meant to be up
	stopped bool
}

func (s *reliabSaver) answered() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.saved...)
}

func (s *reliabSaver) record(title string, code int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case err == nil && code == http.StatusSeeOther:
		s.saved = append(s.saved, title)
	case !s.stopped:
		s.failed = append(s.failed, title+": "+http.StatusText(code)+" "+errString(err))
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// reliabOpenDB opens a database file with a connection of the test's own.
func reliabOpenDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+url.PathEscape(path)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// reliabIntegrity fails the test unless PRAGMA integrity_check says ok and
// no foreign key points nowhere.
func reliabIntegrity(t *testing.T, db *sql.DB) {
	t.Helper()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check: %q %v", res, err)
	}
	rows, err := db.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if rows.Next() {
		t.Fatal("foreign_key_check found rows that point nowhere")
	}
}

// reliabMissing returns the titles that have no live news item in db.
func reliabMissing(t *testing.T, db *sql.DB, titles []string) []string {
	t.Helper()
	var missing []string
	for _, title := range titles {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM news WHERE title = ? AND deleted_at IS NULL", title).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			missing = append(missing, title)
		}
	}
	return missing
}

// reliabCount counts the news items whose title starts with prefix.
func reliabCount(t *testing.T, db *sql.DB, prefix string) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM news WHERE title LIKE ? || '%'", prefix).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
