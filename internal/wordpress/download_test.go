package wordpress

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"orgsite/internal/media"
	"orgsite/internal/store"
)

// oldSite serves the fixture's uploads tree as the old site would, at
// wp.example.org, on 127.0.0.1: a client that reaches it for every host.
func oldSite(t *testing.T, h http.Handler) *http.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c := DownloadClient(300 * time.Millisecond)
	c.Transport = &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
	}}
	return c
}

func newSite(t testing.TB, maxBytes int64) (*store.Store, *media.Store) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(dir, "site.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ms, err := media.New(filepath.Join(dir, "media"), maxBytes)
	if err != nil {
		t.Fatal(err)
	}
	return st, ms
}

// TestDownloads: without --uploads, each attachment is downloaded from its
// address, within the limits any upload has; a file that cannot be had is
// a warning, not a failure.
func TestDownloads(t *testing.T) {
	uploads := http.StripPrefix("/wp-content/uploads/", http.FileServer(http.Dir("testdata/uploads")))
	tests := []struct {
		name     string
		handler  http.Handler
		maxBytes int64
		imported int
		warning  string
	}{
		{"the uploads tree", uploads, 20 << 20, 4, ""},
		{"missing files", http.NotFoundHandler(), 20 << 20, 0, "not found"},
		{"too large", uploads, 50 << 10, 1, "larger than"}, // only the logo is under 50 KB
		{"endless redirects", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.Path+"x", http.StatusFound)
		}), 20 << 20, 0, "redirects"},
		{"a redirect to a file", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		}), 20 << 20, 0, "only http and https"},
		{"too slow", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
		}), 20 << 20, 0, "Timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, ms := newSite(t, tt.maxBytes)
			sum, err := Import(context.Background(), st, ms, "testdata/export.xml", Options{Client: oldSite(t, tt.handler), Now: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Media.New != tt.imported || sum.Media.Missing != 4-tt.imported {
				t.Errorf("media %+v, want %d imported", sum.Media, tt.imported)
			}
			if tt.warning != "" && !strings.Contains(strings.Join(sum.Warnings, "\n"), tt.warning) {
				t.Errorf("no warning says %q:\n%s", tt.warning, strings.Join(sum.Warnings, "\n"))
			}
			if sum.News["published"] != 8 {
				t.Errorf("news %v: a missing file must not stop the import", sum.News)
			}
		})
	}
}

// TestUploadsFolderStaysInside: --uploads reads only inside the folder,
// whatever path an export names.
func TestUploadsFolderStaysInside(t *testing.T) {
	data, err := os.ReadFile("testdata/export.xml")
	if err != nil {
		t.Fatal(err)
	}
	evil := strings.ReplaceAll(string(data), "http://wp.example.org/wp-content/uploads/2026/03/baku-waterfront-dusk.jpg", "http://wp.example.org/wp-content/uploads/../../../../etc/passwd")
	file := filepath.Join(t.TempDir(), "export.xml")
	if err := os.WriteFile(file, []byte(evil), 0o644); err != nil {
		t.Fatal(err)
	}
	st, ms := newSite(t, 20<<20)
	sum, err := Import(context.Background(), st, ms, file, Options{Uploads: "testdata/uploads", Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Media.New != 3 || sum.Media.Missing != 1 {
		t.Errorf("media %+v: want the one outside the folder missing", sum.Media)
	}
}

// TestFailureRemovesFiles: when the import fails after the files were
// stored (here its context ends as the last download finishes, so the
// transaction cannot run), the files go too, and nothing is written.
func TestFailureRemovesFiles(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var served atomic.Int32
	uploads := http.StripPrefix("/wp-content/uploads/", http.FileServer(http.Dir("testdata/uploads")))
	client := oldSite(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uploads.ServeHTTP(w, r)
		if served.Add(1) == 4 {
			cancel()
		}
	}))
	st, ms := newSite(t, 20<<20)
	_, err := Import(ctx, st, ms, "testdata/export.xml", Options{Client: client, Now: time.Now()})
	if err == nil {
		t.Fatal("the import went on after its context ended")
	}
	entries, _ := os.ReadDir(ms.Dir)
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}
	if known, _ := st.ImportedFrom(context.Background(), source); len(known) != 0 {
		t.Errorf("%d items recorded", len(known))
	}
}
