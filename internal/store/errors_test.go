package store

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"orgsite/internal/content"
)

// These tests make SQLite itself refuse a write, each in a way it does on
// a real server, and check that the store reports ErrUnavailable, writes
// nothing and recovers once the cause is gone.

func countNews(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.read.QueryRow("SELECT count(*) FROM news").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func integrityOK(t *testing.T, s *Store) {
	t.Helper()
	var res string
	if err := s.read.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check: %q %v", res, err)
	}
}

// recovered saves n once the cause of a refusal is gone and checks that
// the store then holds want news items in an intact file; when says what
// changed, for the failure message.
func recovered(t *testing.T, s *Store, n *content.News, want int, when string) {
	t.Helper()
	saveNews(t, s, n)
	if got := countNews(t, s); got != want {
		t.Fatalf("%d items %s, want %d", got, when, want)
	}
	integrityOK(t, s)
}

// bigNews has a body of about 300 KB, more than a few free pages hold.
func bigNews(slug string) *content.News {
	n := testNews(slug, "Big "+slug, testNow)
	n.BodyMD = strings.Repeat("A long report paragraph about labour migration statistics. ", 5000)
	return n
}

// TestFullDiskIsUnavailable fills the database to its size limit, which
// SQLite reports exactly as a full disk (SQLITE_FULL).
func TestFullDiskIsUnavailable(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	saveNews(t, s, testNews("before", "Before", testNow))
	var pages int
	if err := s.write.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.write.Exec("PRAGMA max_page_count = " + strconv.Itoa(pages+2)); err != nil {
		t.Fatal(err)
	}
	err := s.SaveNews(ctx, bigNews("too-big"), nil, testNow)
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("save on a full disk: %v, want ErrUnavailable", err)
	}
	if !strings.Contains(err.Error(), "full") {
		t.Errorf("the error does not say why: %v", err)
	}
	if n := countNews(t, s); n != 1 {
		t.Fatalf("a refused save left %d items, want 1", n)
	}
	// Space again: the same connection takes the next write.
	if _, err := s.write.Exec("PRAGMA max_page_count = 1073741823"); err != nil {
		t.Fatal(err)
	}
	recovered(t, s, bigNews("fits-now"), 2, "after the disk had space again")
}

// TestReadOnlyIsUnavailable swaps the writer for a connection to the same
// file opened read-only, as SQLite opens a file it may not write.
func TestReadOnlyIsUnavailable(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	saveNews(t, s, testNews("kept", "Kept", testNow))
	rw := s.write
	ro, err := sql.Open("sqlite", "file:"+url.PathEscape(s.path)+"?mode=ro&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	ro.SetMaxOpenConns(1)
	s.write = ro
	err = s.SaveNews(ctx, testNews("refused", "Refused", testNow), nil, testNow)
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("save on a read-only database: %v, want ErrUnavailable", err)
	}
	if _, err := s.NewsByID(ctx, 1); err != nil {
		t.Fatalf("reads stopped working: %v", err)
	}
	s.write = rw
	ro.Close()
	recovered(t, s, testNews("writable", "Writable again", testNow), 2, "once writable again")
}

// TestLockedTooLongIsUnavailable holds the write lock from another
// connection, as a stuck command-line tool would, past the busy timeout.
func TestLockedTooLongIsUnavailable(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	other, err := sql.Open("sqlite", "file:"+url.PathEscape(s.path)+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	hold, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.Exec("INSERT INTO settings (key, value) VALUES ('held', 'x')"); err != nil {
		t.Fatal(err)
	}
	// The real timeout is 10 s; the test does not wait that long.
	if _, err := s.write.Exec("PRAGMA busy_timeout = 100"); err != nil {
		t.Fatal(err)
	}
	defer s.write.Exec("PRAGMA busy_timeout = 10000")
	err = s.SaveNews(ctx, testNews("waits", "Waits", testNow), nil, testNow)
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("save while another process holds the lock: %v, want ErrUnavailable", err)
	}
	hold.Rollback()
	saveNews(t, s, testNews("after", "After", testNow))
	integrityOK(t, s)
}

// TestCannotOpenIsUnavailable: a database whose folder has gone.
func TestCannotOpenIsUnavailable(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "gone", "x.db")+"?mode=rw")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = unavailable(db.Ping())
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("cannot open: %v, want ErrUnavailable", err)
	}
}

// TestOtherErrorsStayThemselves: a taken slug is the editor's to fix, not
// the disk's.
func TestOtherErrorsStayThemselves(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	saveNews(t, s, testNews("taken", "First", testNow))
	err := s.SaveNews(ctx, testNews("taken", "Second", testNow), nil, testNow)
	if !errors.Is(err, content.ErrConflict) || errors.Is(err, ErrUnavailable) {
		t.Fatalf("slug conflict: %v", err)
	}
	if _, err := s.read.Exec("SELECT nonsense FROM nowhere"); errors.Is(unavailable(err), ErrUnavailable) {
		t.Fatalf("a bad statement counted as unavailable: %v", err)
	}
	if unavailable(nil) != nil {
		t.Fatal("unavailable(nil) is not nil")
	}
}
