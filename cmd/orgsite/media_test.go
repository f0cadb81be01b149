package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/media"
	"orgsite/internal/store"
	"orgsite/internal/testkit"
)

// TestCleanOldMedia: an image a version before this one stored with its
// GPS position is cleaned at the next start, under its name; one that
// cannot be read is logged and left for the next start.
func TestCleanOldMedia(t *testing.T) {
	ctx := context.Background()
	st, ms := openSite(t)
	photo, err := os.ReadFile("../../internal/media/testdata/phone-adobergb-gps.jpg")
	if err != nil {
		t.Fatal(err)
	}
	// As stored before: byte for byte, lying down (1000×600), two variants.
	old := store.Media{Name: strings.Repeat("a", 32) + ".jpg", Kind: "image", MIME: "image/jpeg", Size: int64(len(photo)), Width: 1000, Height: 600,
		Variants: []store.MediaVariant{{Width: 480, Height: 288, Name: strings.Repeat("a", 32) + "-480.jpg"}, {Width: 960, Height: 576, Name: strings.Repeat("a", 32) + "-960.jpg"}}}
	broken := store.Media{Name: strings.Repeat("b", 32) + ".jpg", Kind: "image", MIME: "image/jpeg", Size: 4000, Width: 1000, Height: 600}
	for _, f := range []struct {
		name string
		data []byte
	}{{old.Name, photo}, {old.Variants[0].Name, photo}, {old.Variants[1].Name, photo}, {broken.Name, photo[:len(photo)/2]}} {
		if err := os.WriteFile(filepath.Join(ms.Dir, f.name), f.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []*store.Media{&old, &broken} {
		if err := st.AddMedia(ctx, m, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sql.Open("sqlite", st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("UPDATE media SET cleaned = 0"); err != nil { // as migration 0012 marks them
		t.Fatal(err)
	}

	var logged bytes.Buffer
	cleanOldMedia(ctx, st, ms, slog.New(slog.NewTextHandler(&logged, nil)))

	now, err := st.MediaByID(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if now.Name != old.Name || now.Width != 600 || now.Height != 1000 || len(now.Variants) != 1 || now.Variants[0].Height != 800 {
		t.Errorf("after cleaning: %+v", now)
	}
	if info, err := os.Stat(filepath.Join(ms.Dir, now.Name)); err != nil || info.Size() != now.Size {
		t.Errorf("recorded %d bytes, on disk %v", now.Size, err)
	}
	if _, err := exec.LookPath("exiftool"); err == nil {
		out, _ := exec.Command("exiftool", "-s", "-GPS:all", "-EXIF:all", "-XMP:all", filepath.Join(ms.Dir, now.Name)).CombinedOutput()
		if strings.TrimSpace(string(out)) != "" {
			t.Errorf("exiftool still finds:\n%s", out)
		}
	} else if bytes.Contains(mustRead(t, filepath.Join(ms.Dir, now.Name)), []byte("GPS")) {
		t.Error("the file still holds GPS")
	}
	left, err := st.UncleanedMedia(ctx, 0, 10)
	if err != nil || len(left) != 1 || left[0].ID != broken.ID {
		t.Errorf("left uncleaned: %v (%v), want only the broken file", left, err)
	}
	if !strings.Contains(logged.String(), "images=1 failed=1") || !strings.Contains(logged.String(), broken.Name) {
		t.Errorf("log:\n%s", logged.String())
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRemoveStaged: a file staged by a previewed form and never used goes
// a day later, its files too; one an item came to use is kept; one staged
// less than a day ago waits.
func TestRemoveStaged(t *testing.T) {
	ctx := context.Background()
	st, ms := openSite(t)
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	add := func(staged time.Time) store.Media {
		f, err := ms.Save(bytes.NewReader(testkit.JPEG(t, 900, 600)))
		if err != nil {
			t.Fatal(err)
		}
		m := store.Media{Name: f.Name, Kind: string(f.Kind), MIME: f.MIME, Size: f.Size, Width: f.Width, Height: f.Height, Alt: "A photo"}
		for _, v := range f.Variants {
			m.Variants = append(m.Variants, store.MediaVariant{Width: v.Width, Height: v.Height, Name: v.Name})
		}
		if err := st.AddMedia(ctx, &m, staged); err != nil {
			t.Fatal(err)
		}
		if err := st.StageMedia(ctx, m.ID, staged); err != nil {
			t.Fatal(err)
		}
		return m
	}
	abandoned, used, recent := add(now.Add(-25*time.Hour)), add(now.Add(-25*time.Hour)), add(now.Add(-time.Hour))
	n := content.News{Entry: content.Entry{Lang: "en", Slug: "uses-it", Title: "Uses it", Status: content.StatusDraft}, LeadImage: content.Image{MediaID: used.ID, Alt: "A photo"}}
	if err := st.SaveNews(ctx, &n, nil, now); err != nil {
		t.Fatal(err)
	}

	removeStaged(ctx, st, ms, slog.New(slog.DiscardHandler), now)

	if _, err := st.MediaByID(ctx, abandoned.ID); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("the abandoned file is still recorded (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(ms.Dir, abandoned.Name)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the abandoned file is still on disk (%v)", err)
	}
	for _, m := range []store.Media{used, recent} {
		if _, err := st.MediaByID(ctx, m.ID); err != nil {
			t.Errorf("media %d removed: %v", m.ID, err)
		}
	}
	if left, _ := st.StagedBefore(ctx, now.Add(time.Hour)); len(left) != 1 || left[0] != recent.ID {
		t.Errorf("staged after the clean: %v, want only the recent one", left)
	}
}

// openSite opens a new database and media folder, closed with the test.
func openSite(t *testing.T) (*store.Store, *media.Store) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(dir, "site.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ms, err := media.New(filepath.Join(dir, "media"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return st, ms
}
