package media

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"orgsite/internal/testkit"
)

const stem = "0123456789abcdef0123456789abcdef"

func TestValidName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{stem + ".jpg", true},
		{stem + ".png", true},
		{stem + ".webp", true},
		{stem + ".gif", true},
		{stem + ".pdf", true},
		{stem + "-480.jpg", true},
		{stem + "-1600.png", true},

		{"", false},
		{".jpg", false},
		{stem, false},
		{stem[:31] + ".jpg", false},
		{stem + "0.jpg", false},
		{strings.ToUpper(stem) + ".jpg", false},
		{stem + ".JPG", false},
		{stem + ".jpeg", false},
		{stem + ".svg", false},
		{stem + ".html", false},
		{stem + ".jpg.html", false},
		{stem + ".html.jpg", false},
		{stem + "-0.jpg", false},
		{stem + "-0480.jpg", false},
		{stem + "-123456.jpg", false},
		{stem + "-.jpg", false},
		{stem + "-480", false},
		{stem + ".jpg/", false},
		{stem + ".jpg\n", false},
		{stem + ".jpg\x00", false},
		{stem + "\x00.jpg", false},
		{" " + stem + ".jpg", false},
		{tmpPrefix + "123456", false},
		{"../" + stem + ".jpg", false},
		{"..", false},
		{"../etc/passwd", false},
		{"%2e%2e/" + stem + ".jpg", false},
		{"..%2f" + stem + ".jpg", false},
		{"/" + stem + ".jpg", false},
		{"/etc/passwd", false},
		{`..\` + stem + ".jpg", false},
		{`C:\` + stem + ".jpg", false},
		{"sub/" + stem + ".jpg", false},
	}
	for _, tt := range tests {
		if got := ValidName(tt.name); got != tt.want {
			t.Errorf("ValidName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestContentType(t *testing.T) {
	tests := map[string]string{
		stem + ".jpg":      "image/jpeg",
		stem + "-480.jpg":  "image/jpeg",
		stem + "-960.png":  "image/png",
		stem + ".webp":     "image/webp",
		stem + ".gif":      "image/gif",
		stem + ".pdf":      "application/pdf",
		"index.html":       "application/octet-stream",
		stem + ".svg":      "application/octet-stream",
		"../" + stem + "x": "application/octet-stream",
	}
	for name, want := range tests {
		if got := ContentType(name); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestOpen(t *testing.T) {
	s := newStore(t, 1<<20)
	f, err := s.Save(bytes.NewReader([]byte(testkit.PDF)))
	if err != nil {
		t.Fatal(err)
	}

	r, info, err := s.Open(f.Name)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	r.Close()
	if string(got) != testkit.PDF || info.Size() != int64(len(testkit.PDF)) {
		t.Errorf("Open(%s) read %q, size %d", f.Name, got, info.Size())
	}

	// A secret beside the media dir, and things inside it that are not
	// media: none may be reached.
	parent := filepath.Dir(s.Dir)
	os.WriteFile(filepath.Join(parent, "secret.txt"), []byte("secret"), 0o600)
	os.Mkdir(filepath.Join(s.Dir, stem+".png"), 0o755)
	os.WriteFile(filepath.Join(s.Dir, tmpPrefix+"1"), []byte("half"), 0o600)
	for _, name := range []string{
		"../secret.txt",
		"..%2fsecret.txt",
		"%2e%2e/secret.txt",
		`..\secret.txt`,
		filepath.Join(parent, "secret.txt"),
		"/etc/passwd",
		"secret.txt\x00" + stem + ".jpg",
		f.Name + "/..",
		"./" + f.Name,
		strings.ToUpper(f.Name),
		tmpPrefix + "1",
		stem + ".jpg", // valid but absent
		stem + ".png", // valid but a directory
		"",
	} {
		r, info, err := s.Open(name)
		if !errors.Is(err, ErrNotFound) || r != nil || info != nil {
			t.Errorf("Open(%q) = %v, %v, %v; want ErrNotFound", name, r, info, err)
			if r != nil {
				r.Close()
			}
		}
	}
}

func TestRemove(t *testing.T) {
	s := newStore(t, 20<<20)
	keep, err := s.Save(bytes.NewReader(testkit.JPEG(t, 600, 300)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Save(bytes.NewReader(testkit.JPEG(t, 2000, 1000)))
	if err != nil {
		t.Fatal(err)
	}

	// Forged records are refused before anything is deleted.
	for _, bad := range []File{
		{Name: "../x.jpg"},
		{Name: f.Variants[0].Name},
		{Name: f.Name, Variants: []Variant{{Name: "../../etc/passwd"}}},
		{Name: f.Name, Variants: []Variant{{Name: keep.Variants[0].Name}}},
	} {
		if err := s.Remove(bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("Remove(%+v) = %v, want ErrNotFound", bad, err)
		}
	}
	if got := len(dirNames(t, s)); got != 6 {
		t.Fatalf("after refused removes, %d files, want 6", got)
	}

	// A record that lost its variants still removes them all.
	if err := s.Remove(File{Name: f.Name}); err != nil {
		t.Fatal(err)
	}
	want := []string{keep.Name, keep.Variants[0].Name}
	slices.Sort(want)
	if got := dirNames(t, s); !slices.Equal(got, want) {
		t.Errorf("after Remove, dir holds %v, want %v", got, want)
	}
	// Removing again is not an error.
	if err := s.Remove(f); err != nil {
		t.Errorf("second Remove = %v", err)
	}
}

func TestNew(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "media")
	s, err := New(dir, 5<<20)
	if err != nil {
		t.Fatal(err)
	}
	if s.MaxPixels != DefaultMaxPixels || s.MaxBytes != 5<<20 {
		t.Errorf("New = %+v", s)
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		t.Fatalf("dir not created: %v", err)
	}

	// Temp files left by a crash go at the next start, unless young
	// enough to belong to a writer still at work.
	old, young := filepath.Join(dir, tmpPrefix+"old"), filepath.Join(dir, tmpPrefix+"young")
	os.WriteFile(old, nil, 0o600)
	os.WriteFile(young, nil, 0o600)
	long := time.Now().Add(-2 * time.Hour)
	os.Chtimes(old, long, long)
	if _, err := New(dir, 5<<20); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !errors.Is(err, os.ErrNotExist) {
		t.Error("stale temp file not removed")
	}
	if _, err := os.Stat(young); err != nil {
		t.Error("young temp file removed")
	}

	for _, bad := range []struct {
		dir string
		max int64
	}{{"", 1}, {dir, 0}, {dir, -1}} {
		if _, err := New(bad.dir, bad.max); err == nil {
			t.Errorf("New(%q, %d) succeeded", bad.dir, bad.max)
		}
	}
}

func TestFormatSize(t *testing.T) {
	tests := map[int64]string{20 << 20: "20 MB", 1536 << 10: "1.5 MB", 500 << 10: "500 KB", 999: "999 bytes"}
	for n, want := range tests {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}
