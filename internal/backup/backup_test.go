package backup

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/internal/testkit"
)

// fakeDB writes a small file per snapshot and can be told to fail.
type fakeDB struct {
	mu    sync.Mutex
	taken []string
	fail  int // how many of the next snapshots fail
	after func(n int)
}

func (f *fakeDB) Backup(ctx context.Context, dest string) error {
	f.mu.Lock()
	if f.fail > 0 {
		f.fail--
		f.mu.Unlock()
		os.WriteFile(dest, []byte("half a copy"), 0o600) // as a full disk leaves it
		return errors.New("database or disk is full")
	}
	f.taken = append(f.taken, dest)
	n := len(f.taken)
	f.mu.Unlock()
	if err := os.WriteFile(dest, []byte("snapshot"), 0o600); err != nil {
		return err
	}
	if f.after != nil {
		f.after(n)
	}
	return nil
}

func touch(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestName(t *testing.T) {
	at := time.Date(2026, 3, 29, 1, 30, 5, 0, time.FixedZone("CET", 3600))
	if got := Name(at); got != "orgsite-20260329-003005.db" {
		t.Fatalf("Name = %q", got)
	}
	for name, want := range map[string]bool{
		"orgsite-20260329-003005.db": true, "orgsite-20260329-003005.db.partial": false, ".orgsite-20260329-003005.db.partial": false,
		"orgsite.db": false, "orgsite-latest.db": false, "orgsite-20261399-003005.db": false, "notes.txt": false,
	} {
		if _, ok := parseName(name); ok != want {
			t.Errorf("parseName(%q) ok = %v, want %v", name, ok, want)
		}
	}
}

func TestDue(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	tests := []struct {
		newest time.Time
		want   time.Duration
	}{
		{time.Time{}, 0},                      // none yet: at once
		{now.Add(-25 * time.Hour), 0},         // overdue
		{now.Add(-day), 0},                    // exactly a day
		{now.Add(-time.Hour), 23 * time.Hour}, // fresh
		{now.Add(3 * time.Hour), day},         // from the future: the clock went back
	}
	for _, tt := range tests {
		if got := Due(tt.newest, now, day); got != tt.want {
			t.Errorf("Due(%v) = %v, want %v", tt.newest, got, tt.want)
		}
	}
}

func TestPruneKeepsNewestAndForeignFiles(t *testing.T) {
	dir := t.TempDir()
	base := time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC)
	for i := range 5 {
		touch(t, filepath.Join(dir, Name(base.Add(time.Duration(i)*24*time.Hour))))
	}
	for _, other := range []string{"orgsite.db", "notes.txt", "orgsite-manual.db"} {
		touch(t, filepath.Join(dir, other))
	}
	removed, err := Prune(dir, 2)
	if err != nil || len(removed) != 3 {
		t.Fatalf("Prune: %v %v", removed, err)
	}
	want := []string{"notes.txt", "orgsite-20261104-030000.db", "orgsite-20261105-030000.db", "orgsite-manual.db", "orgsite.db"}
	if got := testkit.DirNames(t, dir); !slices.Equal(got, want) {
		t.Fatalf("left %v, want %v", got, want)
	}
}

func TestWriteFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dest := filepath.Join(dir, "copy.db")
	if err := WriteFile(ctx, &fakeDB{}, dest); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(ctx, &fakeDB{}, dest); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("a second write over the same file: %v", err)
	}
	// A failed snapshot leaves nothing that could pass for a backup.
	failed := filepath.Join(dir, "failed.db")
	if err := WriteFile(ctx, &fakeDB{fail: 1}, failed); err == nil {
		t.Fatal("the failure was not reported")
	}
	if got := testkit.DirNames(t, dir); !slices.Equal(got, []string{"copy.db"}) {
		t.Fatalf("files after a failed snapshot: %v", got)
	}
}

// fakeClock moves only when the schedule sleeps.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) bool {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return ctx.Err() == nil
}

// runSchedule runs a schedule on a fake clock until n snapshots are taken.
func runSchedule(t *testing.T, dir string, start time.Time, keep, n int, db *fakeDB) (*fakeClock, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db.after = func(i int) {
		if i == n {
			cancel()
		}
	}
	clk := &fakeClock{now: start}
	var logs bytes.Buffer
	s := &Schedule{Dir: dir, Keep: keep, DB: db, Log: slog.New(slog.NewTextHandler(&logs, nil)), Now: clk.Now, wait: clk.sleep}
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("the schedule did not stop: %v", clk.sleeps)
	}
	return clk, logs.String()
}

// TestScheduleOverdueAtStart: the newest snapshot is two days old, so one
// is taken at once, then one a day, and only the newest three are kept.
func TestScheduleOverdueAtStart(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 11, 3, 3, 0, 0, 0, time.UTC)
	touch(t, filepath.Join(dir, Name(start.Add(-48*time.Hour))))
	touch(t, filepath.Join(dir, "orgsite.db"))
	clk, logs := runSchedule(t, dir, start, 3, 4, &fakeDB{})
	day := 24 * time.Hour
	if want := []time.Duration{0, day, day, day}; !slices.Equal(clk.sleeps, want) {
		t.Errorf("waited %v, want %v", clk.sleeps, want)
	}
	want := []string{"orgsite-20261104-030000.db", "orgsite-20261105-030000.db", "orgsite-20261106-030000.db", "orgsite.db"}
	if got := testkit.DirNames(t, dir); !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if strings.Count(logs, "removed an old backup") != 2 {
		t.Errorf("removals not logged:\n%s", logs)
	}
}

// TestScheduleFreshAtStart: a snapshot from an hour ago means the first
// one is due 23 hours after start, not at once.
func TestScheduleFreshAtStart(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 11, 3, 3, 0, 0, 0, time.UTC)
	touch(t, filepath.Join(dir, Name(start.Add(-time.Hour))))
	clk, _ := runSchedule(t, dir, start, 7, 1, &fakeDB{})
	if want := []time.Duration{23 * time.Hour}; !slices.Equal(clk.sleeps, want) {
		t.Errorf("waited %v, want %v", clk.sleeps, want)
	}
}

// TestScheduleRetriesAfterFailure: a failed snapshot is logged as an error
// and tried again an hour later; nothing half-written stays behind.
func TestScheduleRetriesAfterFailure(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 11, 3, 3, 0, 0, 0, time.UTC)
	clk, logs := runSchedule(t, dir, start, 7, 1, &fakeDB{fail: 1})
	if want := []time.Duration{0, time.Hour, 0}; !slices.Equal(clk.sleeps, want) {
		t.Errorf("waited %v, want %v", clk.sleeps, want)
	}
	if !strings.Contains(logs, "level=ERROR msg=\"backup failed\"") || !strings.Contains(logs, "disk is full") {
		t.Errorf("the failure is not logged as an error:\n%s", logs)
	}
	if got := testkit.DirNames(t, dir); !slices.Equal(got, []string{"orgsite-20261103-040000.db"}) {
		t.Errorf("files %v", got)
	}
}

// TestTakeWithStore takes a real snapshot of a database and opens it.
func TestTakeWithStore(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "live.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n := &content.News{Entry: content.Entry{Slug: "kept", Title: "Kept in the backup", Status: content.StatusPublished, PublishedAt: time.Now()}}
	if err := st.SaveNews(ctx, n, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backups")
	s := &Schedule{Dir: dir, Keep: 2, DB: st, Log: slog.New(slog.DiscardHandler)}
	path, err := s.Take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	if got, err := snap.NewsByID(ctx, n.ID); err != nil || got.Title != n.Title {
		t.Fatalf("the snapshot lacks the news item: %v %v", got.Title, err)
	}
}
