package store

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"maps"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"orgsite/internal/content"
)

// openTestStore opens a new database in a temporary folder, closed when
// the test ends.
func openTestStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testNow is the clock of the store tests.
var testNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func testNews(slug, title string, at time.Time) *content.News {
	return &content.News{Entry: content.Entry{Slug: slug, Title: title, Summary: "About " + title + ".",
		BodyMD: "Body of " + title + ".", Status: content.StatusPublished, PublishedAt: at}}
}

func saveNews(t testing.TB, s *Store, n *content.News, tags ...string) {
	t.Helper()
	if err := s.SaveNews(context.Background(), n, tags, testNow); err != nil {
		t.Fatalf("save news %q: %v", n.Slug, err)
	}
}

func TestMigrationsApplyOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "twice.db")
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations: %v", err)
	}
	var first map[int]int64
	for i := range 3 {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		rows, err := s.read.QueryContext(ctx, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
		if err != nil {
			t.Fatal(err)
		}
		applied := map[int]int64{}
		for rows.Next() {
			var version int
			var name string
			var at int64
			if err := rows.Scan(&version, &name, &at); err != nil {
				t.Fatal(err)
			}
			j := len(applied)
			if j < len(files) && name != filepath.Base(files[j]) {
				t.Errorf("migration %d recorded as %q, want %q", version, name, filepath.Base(files[j]))
			}
			if version != j+1 {
				t.Errorf("migration %q has version %d, want %d: versions are numbered without gaps", name, version, j+1)
			}
			if at <= 0 {
				t.Errorf("migration %q without an applied time", name)
			}
			applied[version] = at
		}
		rows.Close()
		s.Close()
		if len(applied) != len(files) {
			t.Errorf("open #%d: %d migrations recorded, want %d", i+1, len(applied), len(files))
		}
		if first == nil {
			first = applied
		} else if !maps.Equal(first, applied) {
			t.Errorf("open #%d re-applied migrations: %v, first %v", i+1, applied, first)
		}
	}
	// Data written before a reopen survives it.
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	saveNews(t, s, testNews("kept", "Kept", testNow.Add(-time.Hour)))
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.PublicNews(ctx, "en", "kept", testNow); err != nil {
		t.Errorf("data lost on reopen: %v", err)
	}
}

func TestPragmas(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	for _, pool := range []struct {
		name string
		q    querier
	}{{"write", s.write}, {"read", s.read}} {
		var mode string
		var fk, busy, sync int
		if err := pool.q.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" {
			t.Errorf("%s: journal_mode %q, want wal", pool.name, mode)
		}
		if err := pool.q.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if fk != 1 {
			t.Errorf("%s: foreign_keys %d, want 1", pool.name, fk)
		}
		if err := pool.q.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
			t.Fatal(err)
		}
		if busy < 1000 {
			t.Errorf("%s: busy_timeout %d ms, want a few seconds", pool.name, busy)
		}
		if err := pool.q.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
			t.Fatal(err)
		}
		if sync != 1 {
			t.Errorf("%s: synchronous %d, want 1 (NORMAL)", pool.name, sync)
		}
	}
	var ro int
	if err := s.read.QueryRowContext(ctx, "PRAGMA query_only").Scan(&ro); err != nil || ro != 1 {
		t.Errorf("read pool query_only %d (%v), want 1", ro, err)
	}
	if _, err := s.read.ExecContext(ctx, "INSERT INTO tags (slug, name) VALUES ('x', 'x')"); err == nil {
		t.Error("the read pool can write")
	}
	if n := s.write.Stats().MaxOpenConnections; n != 1 {
		t.Errorf("the writer has %d connections, want 1", n)
	}
	// Foreign keys are enforced, not just switched on.
	if _, err := s.write.ExecContext(ctx, "INSERT INTO news_tags (news_id, tag_id) VALUES (999, 999)"); err == nil {
		t.Error("a link to rows that do not exist was accepted")
	}
}

func TestSaveNewsConflict(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	a := testNews("same-slug", "First", testNow.Add(-time.Hour))
	saveNews(t, s, a, "Alpha")
	b := testNews("same-slug", "Second", testNow.Add(-time.Hour))
	err := s.SaveNews(ctx, b, []string{"Only on the second"}, testNow)
	if !errors.Is(err, content.ErrConflict) {
		t.Fatalf("duplicate slug: %v, want ErrConflict", err)
	}
	// Nothing of the refused save was written.
	var tags int
	s.read.QueryRowContext(ctx, "SELECT count(*) FROM tags WHERE slug = 'only-on-the-second'").Scan(&tags)
	if tags != 0 {
		t.Error("the refused save created its tag")
	}
	if hits, _, _ := s.Search(ctx, "en", "Second", testNow, 10, 0); len(hits) != 0 {
		t.Error("the refused save reached the search index")
	}
	got, err := s.PublicNews(ctx, "en", "same-slug", testNow)
	if err != nil || got.Title != "First" {
		t.Errorf("the first item changed: %q, %v", got.Title, err)
	}

	// Renaming onto a taken slug is a conflict too, and leaves the item as it was.
	c := testNews("other-slug", "Third", testNow.Add(-time.Hour))
	saveNews(t, s, c)
	c.Slug = "same-slug"
	if err := s.SaveNews(ctx, c, nil, testNow); !errors.Is(err, content.ErrConflict) {
		t.Errorf("rename onto a taken slug: %v, want ErrConflict", err)
	}
	if _, err := s.PublicNews(ctx, "en", "other-slug", testNow); err != nil {
		t.Errorf("the item lost its slug after a refused rename: %v", err)
	}
	if _, err := s.FindRedirect(ctx, "/news/other-slug"); err == nil {
		t.Error("a refused rename left a redirect")
	}

	// A news item and a page may share a slug: they live at different URLs.
	p := &content.Page{Entry: content.Entry{Slug: "same-slug", Title: "Page", Status: content.StatusPublished, PublishedAt: testNow.Add(-time.Hour)}}
	if err := s.SavePage(ctx, p, testNow); err != nil {
		t.Errorf("a page with a news item's slug: %v", err)
	}
	// A page cannot take the name of a fixed route.
	for _, slug := range []string{"news", "projects", "search", "sitemap", "admin", "tags", "assets", "media", "healthz"} {
		p := &content.Page{Entry: content.Entry{Slug: slug, Title: "Page", Status: content.StatusPublished, PublishedAt: testNow.Add(-time.Hour)}}
		if err := s.SavePage(ctx, p, testNow); !errors.Is(err, content.ErrConflict) {
			t.Errorf("page slug %q: %v, want ErrConflict", slug, err)
		}
	}
	// Updating an item that does not exist is not found.
	ghost := testNews("ghost", "Ghost", testNow)
	ghost.ID = 12345
	if err := s.SaveNews(ctx, ghost, nil, testNow); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("update of a missing item: %v, want ErrNotFound", err)
	}
}

func TestTagsShared(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	a := testNews("tag-a", "A", testNow.Add(-2*time.Hour))
	saveNews(t, s, a, "Events", "Capacity development")
	b := testNews("tag-b", "B", testNow.Add(-time.Hour))
	saveNews(t, s, b, "events", "  Events ", "Capacity  development", "", "   ")

	var n int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM tags").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d tags, want 2 shared ones", n)
	}
	tag, err := s.Tag(ctx, "events")
	if err != nil || tag.Name != "Events" {
		t.Errorf("tag events: %+v, %v (the first spelling is kept)", tag, err)
	}
	items, total, err := s.NewsByTag(ctx, "en", "events", testNow, 10, 0)
	if err != nil || total != 2 || len(items) != 2 {
		t.Fatalf("news tagged events: %d of %d, %v", len(items), total, err)
	}
	if items[0].Slug != "tag-b" {
		t.Error("tagged news are not newest first")
	}
	got, err := s.PublicNews(ctx, "en", "tag-b", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Tags) != 2 {
		t.Errorf("tag-b has tags %+v, want 2 without duplicates", got.Tags)
	}
	// Replacing the tags drops the old links.
	saveNews(t, s, b, "Training")
	if _, total, _ := s.NewsByTag(ctx, "en", "events", testNow, 10, 0); total != 1 {
		t.Errorf("after retagging, %d items tagged events, want 1", total)
	}
	tags, err := s.PublicTags(ctx, "en", testNow)
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, tg := range tags {
		slugs = append(slugs, tg.Slug)
	}
	if len(slugs) != 3 {
		t.Errorf("public tags %v, want capacity-development, events, training", slugs)
	}
	// A tag only a draft uses is not public.
	d := testNews("tag-draft", "D", testNow.Add(-time.Hour))
	d.Status = content.StatusDraft
	saveNews(t, s, d, "Secret")
	tags, _ = s.PublicTags(ctx, "en", testNow)
	for _, tg := range tags {
		if tg.Slug == "secret" {
			t.Error("a tag used only by a draft is public")
		}
	}
}

func TestRenameRedirects(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	n := testNews("one", "Renamed", testNow.Add(-time.Hour))
	saveNews(t, s, n)
	for _, slug := range []string{"two", "three"} {
		n.Slug = slug
		saveNews(t, s, n)
	}
	for _, from := range []string{"/news/one", "/news/two"} {
		r, err := s.FindRedirect(ctx, from)
		if err != nil || r.To != "/news/three" || r.Code != 301 || r.Kind != "auto" {
			t.Errorf("%s: %+v, %v; want a 301 straight to /news/three", from, r, err)
		}
	}
	if _, err := s.FindRedirect(ctx, "/news/three"); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("the live URL has a redirect: %v", err)
	}
	// Back to the first name: no redirect from a live URL, no loop.
	n.Slug = "one"
	saveNews(t, s, n)
	if _, err := s.FindRedirect(ctx, "/news/one"); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("the live URL /news/one still redirects: %v", err)
	}
	for _, from := range []string{"/news/two", "/news/three"} {
		if r, err := s.FindRedirect(ctx, from); err != nil || r.To != "/news/one" {
			t.Errorf("%s: %+v, %v; want /news/one", from, r, err)
		}
	}
	// Manual redirects must stay on the site.
	for _, to := range []string{"//evil.example", `/\evil.example`, "https://evil.example", "evil"} {
		if err := s.AddRedirect(ctx, &Redirect{From: "/old", To: to, Code: 301}, testNow); err == nil {
			t.Errorf("AddRedirect to %q accepted", to)
		}
	}
	// A redirect to itself would send browsers round in a loop.
	if err := s.AddRedirect(ctx, &Redirect{From: "/loop", To: "/loop", Code: 301}, testNow); err == nil {
		t.Error("AddRedirect from /loop to /loop accepted: a redirect loop")
	}
	if err := s.AddRedirect(ctx, &Redirect{From: "/old", To: "/news/one", Code: 301}, testNow); err != nil {
		t.Fatal(err)
	}
	if r, err := s.FindRedirect(ctx, "/old"); err != nil || r.To != "/news/one" || r.Kind != "manual" {
		t.Errorf("manual redirect: %+v, %v", r, err)
	}
}

func TestPublicStates(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	draft := testNews("draft", "Draft", testNow.Add(-time.Hour))
	draft.Status = content.StatusDraft
	future := testNews("future", "Future", testNow.Add(time.Hour))
	expired := testNews("expired", "Expired", testNow.Add(-2*time.Hour))
	expired.ExpiresAt = testNow
	live := testNews("live", "Live", testNow.Add(-time.Hour))
	trashed := testNews("trashed", "Trashed", testNow.Add(-time.Hour))
	for _, n := range []*content.News{draft, future, expired, live, trashed} {
		saveNews(t, s, n)
	}
	if err := s.Trash(ctx, content.KindNews, trashed.ID, testNow); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		slug string
		want error
	}{
		{"draft", content.ErrNotFound},
		{"future", content.ErrNotFound},
		{"expired", content.ErrNotFound},
		{"live", nil},
		{"trashed", content.ErrGone},
		{"never", content.ErrNotFound},
	} {
		if _, err := s.PublicNews(ctx, "en", tt.slug, testNow); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.slug, err, tt.want)
		}
	}
	items, total, err := s.LatestNews(ctx, "en", testNow, 10, 0)
	if err != nil || total != 1 || len(items) != 1 || items[0].Slug != "live" {
		t.Errorf("latest news: %d items of %d (%v), want only live", len(items), total, err)
	}
	n, err := s.CountPublic(ctx, testNow)
	if err != nil || n != 1 {
		t.Errorf("CountPublic %d (%v), want 1", n, err)
	}
	// The schedule takes effect with the clock alone.
	if _, err := s.PublicNews(ctx, "en", "future", testNow.Add(time.Hour)); err != nil {
		t.Errorf("future item at its time: %v", err)
	}
	if hits, _, _ := s.Search(ctx, "en", "Future", testNow.Add(time.Hour), 10, 0); len(hits) != 1 {
		t.Errorf("future item not searchable at its time: %d hits", len(hits))
	}
	if hits, _, _ := s.Search(ctx, "en", "Future", testNow, 10, 0); len(hits) != 0 {
		t.Error("future item searchable before its time")
	}
	if hits, _, _ := s.Search(ctx, "en", "Expired", testNow.Add(-time.Minute), 10, 0); len(hits) != 1 {
		t.Error("the item is not searchable before it expires")
	}
	for _, q := range []string{"Draft", "Expired", "Trashed"} {
		if hits, _, _ := s.Search(ctx, "en", q, testNow, 10, 0); len(hits) != 0 {
			t.Errorf("search %q finds an unpublished item", q)
		}
	}
	// Unpublishing takes the item out of search at once.
	live.Status = content.StatusDraft
	saveNews(t, s, live)
	if hits, _, _ := s.Search(ctx, "en", "Live", testNow, 10, 0); len(hits) != 0 {
		t.Error("an unpublished item is still searchable")
	}
}

// bulkNews writes n published news items with one SQL statement, in one
// transaction, for tests that need a large site.
func bulkNews(t testing.TB, s *Store, n int, at time.Time) {
	t.Helper()
	_, err := s.write.ExecContext(context.Background(), `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
		INSERT INTO news (lang, slug, title, status, published_at, created_at, updated_at)
		SELECT 'en', 'bulk-' || i, 'Bulk ' || i, 'published', ? - i, ?, ? FROM seq`, n, at.Unix(), at.Unix(), at.Unix())
	if err != nil {
		t.Fatalf("bulk insert: %v", err)
	}
}

func TestEachPublicPages(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	const n = 2500
	bulkNews(t, s, n, testNow.Add(-time.Hour))
	p := &content.Page{Entry: content.Entry{Slug: "about", Title: "About", Status: content.StatusPublished, PublishedAt: testNow.Add(-time.Hour)}}
	if err := s.SavePage(ctx, p, testNow); err != nil {
		t.Fatal(err)
	}
	total, err := s.CountPublic(ctx, testNow)
	if err != nil || total != n+1 {
		t.Fatalf("CountPublic %d (%v), want %d", total, err, n+1)
	}
	// Walking in parts gives every URL exactly once, in a stable order.
	seen := map[string]bool{}
	var order []string
	for off := 0; off < total; off += 700 {
		err := s.EachPublic(ctx, testNow, off, 700, func(e SitemapEntry) error {
			if seen[e.Path] {
				t.Errorf("%s in two parts", e.Path)
			}
			seen[e.Path] = true
			order = append(order, e.Path)
			if e.Modified.IsZero() {
				t.Errorf("%s without a modification time", e.Path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != total {
		t.Errorf("walked %d URLs, want %d", len(seen), total)
	}
	if order[0] != "/about" || order[1] != "/news/bulk-1" || order[len(order)-1] != "/news/bulk-2500" {
		t.Errorf("order starts %v and ends %s: want pages, then news newest first", order[:2], order[len(order)-1])
	}
	// A callback's error stops the walk and comes back.
	stop := errors.New("stop")
	calls := 0
	if err := s.EachPublic(ctx, testNow, 0, 100, func(SitemapEntry) error { calls++; return stop }); !errors.Is(err, stop) || calls != 1 {
		t.Errorf("EachPublic after an error: %v, %d calls", err, calls)
	}
}

func TestBackup(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	saveNews(t, s, testNews("backed-up", "Backed up", testNow.Add(-time.Hour)), "Events")
	dest := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, dest); err == nil {
		t.Error("a backup overwrote an existing file")
	}
	b, err := Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.PublicNews(ctx, "en", "backed-up", testNow); err != nil {
		t.Errorf("the backup lacks the news item: %v", err)
	}
	if hits, _, err := b.Search(ctx, "en", "backed", testNow, 10, 0); err != nil || len(hits) != 1 {
		t.Errorf("the backup's search index: %d hits, %v", len(hits), err)
	}
}

// TestWatchOtherWriters: a commit by another process (here another handle
// on the file) moves the generation on, so cached pages are rendered anew.
func TestWatchOtherWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "site.db")
	server, other := openAt(t, path), openAt(t, path)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- server.WatchOtherWriters(ctx, 10*time.Millisecond) }()
	defer func() { cancel(); <-done }()

	time.Sleep(50 * time.Millisecond)
	before := server.Generation()
	if err := other.Audit(ctx, time.Now(), "imported from wordpress", "", "1 item"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for server.Generation() == before {
		if time.Now().After(deadline) {
			t.Fatal("another process's commit did not move the generation on")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func openAt(t *testing.T, path string) *Store {
	t.Helper()
	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestTagCountFollowsVisibility: the count of a tag's public news, read
// from the link rows alone (migration 0019), agrees with the news rows
// through every change of state: draft, scheduled, expired, trash and
// back, another language.
func TestTagCountFollowsVisibility(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	count := func() int {
		t.Helper()
		_, total, err := s.NewsByTag(ctx, "en", "harbour", testNow, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		// The oracle: the news rows themselves.
		var want int
		err = s.read.QueryRowContext(ctx, `SELECT count(*) FROM news_tags nt JOIN news t ON t.id = nt.news_id
			JOIN tags g ON g.id = nt.tag_id AND g.slug = 'harbour' WHERE t.lang = 'en' AND `+visible, sql.Named("now", testNow.Unix())).Scan(&want)
		if err != nil {
			t.Fatal(err)
		}
		if total != want {
			t.Fatalf("count %d, the news rows say %d", total, want)
		}
		return total
	}
	var items []*content.News
	for i, at := range []time.Time{testNow.Add(-time.Hour), testNow.Add(-2 * time.Hour), testNow.Add(time.Hour)} {
		n := testNews("harbour-"+strconv.Itoa(i), "Harbour "+strconv.Itoa(i), at)
		saveNews(t, s, n, "Harbour")
		items = append(items, n)
	}
	if got := count(); got != 2 { // the third is scheduled
		t.Fatalf("count %d, want 2", got)
	}
	steps := []struct {
		name   string
		change func()
		want   int
	}{
		{"a draft", func() { items[0].Status = content.StatusDraft; saveNews(t, s, items[0], "Harbour") }, 1},
		{"published again", func() { items[0].Status = content.StatusPublished; saveNews(t, s, items[0], "Harbour") }, 2},
		{"expired", func() { items[1].ExpiresAt = testNow.Add(-time.Minute); saveNews(t, s, items[1], "Harbour") }, 1},
		{"scheduled one made live", func() { items[2].PublishedAt = testNow.Add(-time.Minute); saveNews(t, s, items[2], "Harbour") }, 2},
		{"trashed", func() {
			if err := s.Trash(ctx, content.KindNews, items[0].ID, testNow); err != nil {
				t.Fatal(err)
			}
		}, 1},
		{"restored", func() {
			if err := s.Restore(ctx, content.KindNews, items[0].ID, testNow); err != nil {
				t.Fatal(err)
			}
		}, 2},
		{"tag removed", func() { saveNews(t, s, items[2]) }, 1},
		{"another language", func() {
			az := testNews("liman", "Liman", testNow.Add(-time.Hour))
			az.Lang = "az"
			saveNews(t, s, az, "Harbour")
		}, 1},
	}
	for _, st := range steps {
		st.change()
		// (each write moves the generation, so nothing cached is read)
		if got := count(); got != st.want {
			t.Errorf("%s: count %d, want %d", st.name, got, st.want)
		}
	}
}
