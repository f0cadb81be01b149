package web

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/labstack/echo/v4"
	"modernc.org/sqlite"

	"orgsite/internal/config"
	"orgsite/internal/content"
	"orgsite/internal/media"
	"orgsite/internal/store"
	"orgsite/internal/testkit"
	"orgsite/web/admin"
)

// unavailFull lists the database files whose writer connection may grow the
// file by only a few pages: SQLite then answers SQLITE_FULL, exactly as on
// a full disk. The hook is global to the driver, so it acts only on the
// files named here, and never on the read-only pool.
var unavailFull struct {
	once  sync.Once
	mu    sync.Mutex
	files map[string]int // escaped path as in the DSN → pages of room
}

func unavailLimitGrowth(t *testing.T, dbPath string, pages int) {
	t.Helper()
	unavailFull.once.Do(func() {
		unavailFull.files = map[string]int{}
		sqlite.RegisterConnectionHook(func(conn sqlite.ExecQuerierContext, dsn string) error {
			if strings.Contains(dsn, "query_only") {
				return nil
			}
			unavailFull.mu.Lock()
			room, ok := -1, false
			for f, n := range unavailFull.files {
				if strings.Contains(dsn, f) {
					room, ok = n, true
				}
			}
			unavailFull.mu.Unlock()
			if !ok {
				return nil
			}
			ctx := context.Background()
			rows, err := conn.QueryContext(ctx, "PRAGMA page_count", nil)
			if err != nil {
				return err
			}
			v := make([]driver.Value, 1)
			err = rows.Next(v)
			rows.Close()
			if err != nil {
				return err
			}
			n, _ := v[0].(int64)
			_, err = conn.ExecContext(ctx, "PRAGMA max_page_count = "+strconv.FormatInt(n+int64(room), 10), nil)
			return err
		})
	})
	key := url.PathEscape(dbPath)
	unavailFull.mu.Lock()
	unavailFull.files[key] = pages
	unavailFull.mu.Unlock()
	t.Cleanup(func() {
		unavailFull.mu.Lock()
		delete(unavailFull.files, key)
		unavailFull.mu.Unlock()
	})
}

// reliabServer is a fixture site whose database can grow by only room pages,
// with its log kept.
func reliabServer(t *testing.T, room int) (*testServer, *testkit.SyncBuffer) {
	t.Helper()
	dir := fixtureDir(t)
	path := filepath.Join(dir, "orgsite.db")
	if room > 0 {
		unavailLimitGrowth(t, path, room)
	}
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	ms, err := media.New(filepath.Join(dir, "media"), 20<<20)
	if err != nil {
		t.Fatal(err)
	}
	logs := &testkit.SyncBuffer{}
	clk := &clock{now: testStart}
	srv := New(Deps{Store: st, Media: ms, Now: clk.Now, Log: slog.New(slog.NewTextHandler(logs, nil)),
		Config: config.Config{BaseURL: baseURL, DB: path, Media: ms.Dir, Addr: "127.0.0.1:0", MaxUpload: 20 << 20}})
	return &testServer{t: t, srv: srv, st: st, ms: ms, clock: clk, dir: dir}, logs
}

// TestNewsSaveOnFullDisk: when the database cannot grow, saving a news
// item answers 503 with the form shown again, every field as typed and the
// reason at the top; nothing is written, the public site keeps serving,
// and the error is logged for the operator.
func TestNewsSaveOnFullDisk(t *testing.T) {
	ts, logs := reliabServer(t, 24)
	ed := ts.loginAs("editor")
	before := ts.mustGet("/news", http.StatusOK)

	marker := "Paragraph that must survive a full disk."
	form := url.Values{"title": {"Steering committee minutes"}, "slug": {"steering-minutes"}, "summary": {"What the committee decided."},
		"body": {strings.Repeat(marker+" ", 4000)}, "status": {"published"}, "tags": {"Governance, Minutes"}}
	r := ed.post("/admin/news/new", form)
	if r.Code != http.StatusServiceUnavailable {
		t.Fatalf("save on a full disk: %d, want 503\n%s", r.Code, excerpt(r.Body))
	}
	body := html.UnescapeString(r.Body)
	for _, want := range []string{admin.UnavailableMessage, `value="Steering committee minutes"`, `value="steering-minutes"`,
		"What the committee decided.", marker + " " + marker, `value="Governance, Minutes"`, "<title>Not saved: "} {
		if !strings.Contains(body, want) {
			t.Errorf("the form shown again lacks %.80q", want)
		}
	}
	if !strings.Contains(body, `name="_csrf" value="`+ed.csrf+`"`) {
		t.Error("the form shown again cannot be posted: no CSRF token")
	}
	if _, total, _ := ts.st.AdminList(ts.ctx(), content.KindNews, storeFilterAll(), ts.clock.Now()); total != 10 {
		t.Errorf("a refused save wrote something: %d news items, want 10", total)
	}
	for _, p := range []string{"/", "/news", "/news/" + fxConferenceSlug, "/search?q=" + fxSearchWord, "/sitemap.xml", "/feed.xml"} {
		ts.mustGet(p, http.StatusOK)
	}
	if after := ts.mustGet("/news", http.StatusOK); after.Body != before.Body {
		t.Error("the news list changed after a refused save")
	}
	log := logs.String()
	if !strings.Contains(log, "level=ERROR") || !strings.Contains(log, "full") || !strings.Contains(log, "path=/admin/news/new") {
		t.Errorf("the refused save is not logged as an error with its cause:\n%s", log)
	}
	if res, err := unavailIntegrity(ts.st.Path()); err != nil || res != "ok" {
		t.Errorf("integrity_check after the refused save: %q %v", res, err)
	}
}

// TestUnavailableErrorPage: a handler that just returns the store's error
// (any admin action without a form of its own) gets a 503 page that says
// what happened, never the internal error, and the error is logged.
func TestUnavailableErrorPage(t *testing.T) {
	ts, logs := reliabServer(t, 0)
	errs := map[string]error{
		"/test-unavailable/store": fmt.Errorf("store: trash news 3: %w", fmt.Errorf("%w: secret detail", store.ErrUnavailable)),
		"/test-unavailable/disk":  fmt.Errorf("media: write x.jpg: %w", &os.PathError{Op: "write", Path: "/data/media/x.jpg", Err: syscall.ENOSPC}),
		"/test-unavailable/ro":    fmt.Errorf("media: create temp file: %w", &os.PathError{Op: "open", Path: "/data/media/.tmp", Err: syscall.EROFS}),
	}
	for path, err := range errs {
		ts.srv.echo.POST(path, func(echo.Context) error { return err })
	}
	ed := ts.loginAs("editor")
	for path := range errs {
		r := ed.post(path, url.Values{})
		if r.Code != http.StatusServiceUnavailable {
			t.Errorf("%s: %d, want 503", path, r.Code)
			continue
		}
		body := html.UnescapeString(r.Body)
		if !strings.Contains(body, "Changes cannot be saved right now") || !strings.Contains(body, "the database is read-only or the disk is full") {
			t.Errorf("%s: the page does not say what happened:\n%s", path, excerpt(body))
		}
		if strings.Contains(body, "secret detail") || strings.Contains(body, "/data/media") {
			t.Errorf("%s: the page shows the internal error", path)
		}
	}
	if n := strings.Count(logs.String(), `msg="request failed"`); n != len(errs) {
		t.Errorf("%d errors logged, want %d:\n%s", n, len(errs), logs.String())
	}
	// Other errors stay what they were.
	ts.srv.echo.POST("/test-unavailable/other", func(echo.Context) error { return errors.New("boom") })
	if r := ed.post("/test-unavailable/other", url.Values{}); r.Code != http.StatusInternalServerError {
		t.Errorf("a plain error: %d, want 500", r.Code)
	}
}

// unavailIntegrity runs PRAGMA integrity_check on a database file through
// a connection of its own.
func unavailIntegrity(path string) (string, error) {
	db, err := sql.Open("sqlite", "file:"+url.PathEscape(path)+"?mode=ro")
	if err != nil {
		return "", err
	}
	defer db.Close()
	var res string
	err = db.QueryRow("PRAGMA integrity_check").Scan(&res)
	return res, err
}
