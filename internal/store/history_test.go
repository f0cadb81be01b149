package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"orgsite/internal/content"
)

// TestRestoreRevision: a restore brings a revision's text back as a new
// revision; the item keeps its address, status, time, tags and project.
func TestRestoreRevision(t *testing.T) {
	s, ctx := openTestStore(t), context.Background()
	p := &content.Project{Entry: content.Entry{Slug: "p", Title: "Project", Status: content.StatusDraft}}
	if err := s.SaveProject(ctx, p, nil, ProjectPartners{}, testNow); err != nil {
		t.Fatal(err)
	}
	n := testNews("first", "First title", testNow.Add(-time.Hour))
	n.ProjectID = p.ID
	saveNews(t, s, n, "Events")
	first, err := s.Revisions(ctx, content.KindNews, n.ID)
	if err != nil || len(first) != 1 {
		t.Fatalf("revisions %v, %v", first, err)
	}
	n.Title, n.ProjectID, n.Slug = "Second title", 0, "second-address"
	saveNews(t, s, n)
	if err := s.Trash(ctx, content.KindProject, p.ID, testNow); err != nil {
		t.Fatal(err)
	}

	if err := s.RestoreRevision(ctx, content.KindNews, n.ID, first[0].ID, testNow.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	got, err := s.NewsByID(ctx, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "First title" || len(got.Tags) != 0 || got.ProjectID != 0 || got.Slug != "second-address" ||
		got.Status != content.StatusPublished || !got.PublishedAt.Equal(n.PublishedAt) {
		t.Errorf("restored %q at %s (%s, %v), tags %v, project %d", got.Title, got.Slug, got.Status, got.PublishedAt, got.Tags, got.ProjectID)
	}
	if revs, _ := s.Revisions(ctx, content.KindNews, n.ID); len(revs) != 3 {
		t.Errorf("%d revisions after a restore, want 3", len(revs))
	}
	// A revision of another item, or of another kind, is not found.
	other := testNews("other", "Other", testNow)
	saveNews(t, s, other)
	for _, tt := range []struct {
		k  content.Kind
		id int64
	}{{content.KindNews, other.ID}, {content.KindPage, n.ID}} {
		if err := s.RestoreRevision(ctx, tt.k, tt.id, first[0].ID, testNow); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("restore onto %s %d: %v, want not found", tt.k, tt.id, err)
		}
	}
}

// TestRedirectHits: hits are counted in memory and written in batches;
// closing the store writes what is left.
func TestRedirectHits(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hits.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	r := &Redirect{From: "/old", To: "/new", Code: 301}
	if err := s.AddRedirect(ctx, r, testNow); err != nil {
		t.Fatal(err)
	}
	gen := s.Generation()
	for range 5 {
		if _, err := s.FindRedirect(ctx, "/old"); err != nil {
			t.Fatal(err)
		}
	}
	if s.Generation() != gen {
		t.Error("counting hits made cached pages stale")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if rs, _, err := s.Redirects(ctx, 10, 0); err != nil || len(rs) != 1 || rs[0].Hits != 5 {
		t.Errorf("redirects %+v, %v; want 5 hits", rs, err)
	}
}

// TestKindStorage: every kind of content has a table, and a search code of
// its own that fits the rowid's packing.
func TestKindStorage(t *testing.T) {
	codes := map[int64]content.Kind{}
	for _, k := range content.Kinds() {
		st, ok := storages[k.Kind]
		if !ok || st.table == "" || restorers[k.Kind] == nil {
			t.Errorf("%s has no storage", k.Kind)
		}
		if st.code < 1 || st.code > 15 || codes[st.code] != "" {
			t.Errorf("%s: search code %d out of range or shared with %s", k.Kind, st.code, codes[st.code])
		}
		codes[st.code] = k.Kind
	}
}
