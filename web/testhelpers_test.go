package web

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the fixture's time zone must load on hosts without zoneinfo

	"orgsite/internal/config"
	"orgsite/internal/content"
	"orgsite/internal/demo"
	"orgsite/internal/media"
	"orgsite/internal/store"
	"orgsite/internal/testkit"
)

// baseURL is the site's public address in every test.
const baseURL = "https://example.org"

// testStart is when every test server's clock starts: after the newest
// fixture news item, while fxOngoing runs, before fxUpcoming starts and
// after fxCompleted ended.
var testStart = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// seeded is the fixture site (fixture_test.go) seeded once per test binary.
// Seeding draws and resizes its images; each test server starts from a copy
// of it instead.
var seeded struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if seeded.dir != "" {
		os.RemoveAll(seeded.dir)
	}
	os.Exit(code)
}

func seedTemplate() (string, error) {
	seeded.once.Do(func() {
		dir, err := os.MkdirTemp("", "orgsite-web-test-*")
		if err != nil {
			seeded.err = err
			return
		}
		seeded.dir = dir
		ctx := context.Background()
		st, err := store.Open(ctx, filepath.Join(dir, "orgsite.db"))
		if err != nil {
			seeded.err = err
			return
		}
		ms, err := media.New(filepath.Join(dir, "media"), 20<<20)
		if err == nil {
			err = seedFixture(ctx, st, ms, testStart)
		}
		// Close checkpoints the WAL into the main file, so the file alone
		// is the whole database.
		if cerr := st.Close(); err == nil {
			err = cerr
		}
		seeded.err = err
	})
	return seeded.dir, seeded.err
}

// clock is a test clock that tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testServer is the whole public site on a fresh copy of the fixture
// database.
type testServer struct {
	t     testing.TB
	srv   *Server
	st    *store.Store
	ms    *media.Store
	clock *clock
	dir   string
}

// newTestServer starts a site with the fixture content, a controllable
// clock set to testStart and the base URL https://example.org.
func newTestServer(t testing.TB) *testServer {
	t.Helper()
	return serveDir(t, fixtureDir(t), nil)
}

// fixtureDir is a new data folder holding a copy of the fixture site.
func fixtureDir(t testing.TB) string {
	t.Helper()
	tmpl, err := seedTemplate()
	if err != nil {
		t.Fatalf("seed the fixture: %v", err)
	}
	dir := t.TempDir()
	if err := testkit.CopyTree(dir, tmpl); err != nil {
		t.Fatalf("copy the fixture site: %v", err)
	}
	return dir
}

// newDemoServer starts a site on a new database seeded with the real demo
// content, as a first start of the binary does.
func newDemoServer(t testing.TB) *testServer {
	t.Helper()
	return serveDir(t, t.TempDir(), func(st *store.Store, ms *media.Store) error {
		return demo.Seed(context.Background(), st, ms, testStart)
	})
}

// serveDir starts a site on the data folder dir, after seed if it is not
// nil.
func serveDir(t testing.TB, dir string, seed func(*store.Store, *media.Store) error) *testServer {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "orgsite.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	ms, err := media.New(filepath.Join(dir, "media"), 20<<20)
	if err != nil {
		t.Fatalf("media: %v", err)
	}
	if seed != nil {
		if err := seed(st, ms); err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	clk := &clock{now: testStart}
	srv := New(Deps{
		Store:  st,
		Media:  ms,
		Config: config.Config{BaseURL: baseURL, DB: st.Path(), Media: ms.Dir, Addr: "127.0.0.1:0", MaxUpload: 20 << 20},
		Now:    clk.Now,
	})
	return &testServer{t: t, srv: srv, st: st, ms: ms, clock: clk, dir: dir}
}

// response is what a request got back.
type response struct {
	Code   int
	Header http.Header
	Body   string
	// Rejected is set when net/http itself would refuse the request line,
	// before any handler runs (the server answers 400 then).
	Rejected bool
}

// do sends a request through the router. The target is parsed exactly as
// net/http's server parses a request line, so odd paths reach the router as
// they would in production; one the server would refuse is reported as a
// 400 with Rejected set.
func (ts *testServer) do(method, target string, hdr http.Header) response {
	ts.t.Helper()
	raw := method + " " + target + " HTTP/1.1\r\nHost: example.org\r\n"
	for k, vs := range hdr {
		for _, v := range vs {
			raw += k + ": " + v + "\r\n"
		}
	}
	raw += "\r\n"
	req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
	if err != nil {
		return response{Code: http.StatusBadRequest, Rejected: true, Header: http.Header{}}
	}
	req.RemoteAddr = "192.0.2.1:1234"
	req = req.WithContext(context.Background())
	rec := httptest.NewRecorder()
	ts.srv.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return response{Code: res.StatusCode, Header: res.Header, Body: string(body)}
}

func (ts *testServer) get(target string) response {
	ts.t.Helper()
	return ts.do(http.MethodGet, target, nil)
}

// mustGet fetches a target and fails the test unless the status is want.
func (ts *testServer) mustGet(target string, want int) response {
	ts.t.Helper()
	r := ts.get(target)
	if r.Code != want {
		ts.t.Fatalf("GET %s: status %d, want %d\n%s", target, r.Code, want, excerpt(r.Body))
	}
	return r
}

// mustMove fails the test unless from answers 301 to to, and to answers
// 200: an old address after a rename.
func (ts *testServer) mustMove(from, to string) {
	ts.t.Helper()
	old := ts.get(from)
	if old.Code != http.StatusMovedPermanently || old.Header.Get("Location") != to {
		ts.t.Fatalf("old slug: %d %q", old.Code, old.Header.Get("Location"))
	}
	ts.mustGet(to, http.StatusOK)
}

// excerpt shortens a body for a failure message.
func excerpt(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}

// ctx is a context for store calls in tests.
func (ts *testServer) ctx() context.Context { return context.Background() }

// saveNews stores a news item through the store, as the admin does.
func (ts *testServer) saveNews(n *content.News, tags ...string) {
	ts.t.Helper()
	if err := ts.st.SaveNews(ts.ctx(), n, tags, ts.clock.Now()); err != nil {
		ts.t.Fatalf("save news %q: %v", n.Slug, err)
	}
}

// saveUnlistedNews stores a draft, a scheduled and an expired news item,
// none of which may be listed anywhere, and returns their slugs: prefix
// followed by -draft, -future and -expired.
func (ts *testServer) saveUnlistedNews(prefix string) []string {
	ts.t.Helper()
	now := ts.clock.Now()
	draft := publishedNews(prefix+"-draft", prefix+"draft", now.Add(-time.Hour))
	draft.Status = content.StatusDraft
	ts.saveNews(draft)
	ts.saveNews(publishedNews(prefix+"-future", prefix+"future", now.Add(time.Hour)))
	expired := publishedNews(prefix+"-expired", prefix+"expired", now.Add(-2*time.Hour))
	expired.ExpiresAt = now.Add(-time.Hour)
	ts.saveNews(expired)
	return []string{prefix + "-draft", prefix + "-future", prefix + "-expired"}
}

// publishedNews is a published news item with a unique word in its title
// and body, so that search can find it.
func publishedNews(slug, word string, at time.Time) *content.News {
	return &content.News{Entry: content.Entry{
		Slug:        slug,
		Title:       "Test item " + word,
		Summary:     "A summary about " + word + ".",
		BodyMD:      "The body mentions " + word + " and links [the project](/projects/" + fxOngoing.Slug + ").",
		Status:      content.StatusPublished,
		PublishedAt: at,
	}}
}

func itoa(n int) string     { return strconv.Itoa(n) }
func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
