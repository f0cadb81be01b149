package web

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"orgsite/internal/content"
	"orgsite/internal/media"
	"orgsite/internal/store"
	"orgsite/internal/wordpress"
)

// The export and uploads that WordPress 6.1.9 wrote (see
// internal/wordpress/testdata/README.md for what each item holds).
const (
	wpExport  = "../internal/wordpress/testdata/export.xml"
	wpUploads = "../internal/wordpress/testdata/uploads"
)

// importServer starts a site on a new database into which the fixture
// export was imported with opt.
func importServer(t *testing.T, opt wordpress.Options) (*testServer, *wordpress.Summary) {
	t.Helper()
	var sum *wordpress.Summary
	ts := serveDir(t, t.TempDir(), func(st *store.Store, ms *media.Store) error {
		opt.Now = testStart
		var err error
		sum, err = wordpress.Import(context.Background(), st, ms, wpExport, opt)
		return err
	})
	return ts, sum
}

// TestWordPressImport checks each mapping of the import through HTTP, as
// visitors and crawlers meet the imported site.
func TestWordPressImport(t *testing.T) {
	ts, sum := importServer(t, wordpress.Options{Uploads: wpUploads})

	// Counts: 8 posts published, the scheduled one, three drafts (draft,
	// pending and private), 3 pages.
	if sum.News["published"] != 8 || sum.News["scheduled"] != 1 || sum.News["draft"] != 3 || sum.Pages["published"] != 3 {
		t.Errorf("news %v, pages %v", sum.News, sum.Pages)
	}
	if sum.Media.New != 4 || sum.Media.Missing != 0 || sum.Comments != 2 || sum.Skipped["nav_menu_item"] != 2 || sum.Skipped["wp_block"] != 1 {
		t.Errorf("media %+v, comments %d, skipped %v", sum.Media, sum.Comments, sum.Skipped)
	}

	t.Run("block post", func(t *testing.T) {
		body := ts.mustGet("/news/regional-dialogue-on-labour-mobility-opens-in-baku", http.StatusOK).Body
		wantIn(t, body,
			`<p class="lead">Officials from twelve countries`, // the excerpt, as the summary
			`og:image" content="`+baseURL+`/media/`,           // the featured image
			`alt="Green riverbank of the Danube`,              // with its alt text
			`href="/tags/events"`, `href="/tags/mobility"`,    // categories and tags
			`<h2 id="what-the-dialogue-covers">`,
			`href="/news/seki-ve-gencede-miqrasiya-seminari"`, // a link to another post, by its old encoded permalink
			`href="/team"`, // and to a child page
			`href="https://www.youtube.com/watch?v=aqz-KE-bpKQ"`, // the embed, as a link
			`Our monthly newsletter summarises`)                  // the reusable block, in place
		wantNotIn(t, body, "wp-content", "wp.example.org", "<!--", "wp-image", "1024x683", "<iframe")
		if n := strings.Count(body, `<img src="/media/`); n < 3 {
			t.Errorf("%d images in the body, want the image and the gallery's two", n)
		}
	})
	t.Run("classic post", func(t *testing.T) {
		body := ts.mustGet("/news/mobility-partnership-facility-results-of-the-second-call", http.StatusOK).Body
		wantIn(t, body,
			"<p>The second call for proposals", // paragraphs from blank lines
			"<br>",                             // and line breaks from single newlines
			"<em>Participants of the Sheki workshop, February 2026.</em>", // the [caption]
			`href="/news/eu-azerbaijan-talent-partnership-dialogue"`,      // a link to an old slug
			`href="https://www.youtube.com/watch?v=ScMzIvxBSi4"`,          // a bare video URL
			"Download the full list of projects")                          // a javascript: link's text
		wantNotIn(t, body, "<script>alert", "alert(", "onerror", "javascript:", "evil.example", "[gallery", "[caption", "contact-form-7")
	})
	t.Run("statuses", func(t *testing.T) {
		ts.mustGet("/news/vienna-migration-conference-2027-announced", http.StatusNotFound) // scheduled for 2027
		for _, title := range []string{"Annual report 2026", "Summer school on migration data", "Staff retreat"} {
			if r := ts.get("/search?q=" + strings.Fields(title)[0]); strings.Contains(r.Body, title) {
				t.Errorf("%q (a draft, pending or private post) is public", title)
			}
		}
		rows, _, err := ts.st.AdminList(ts.ctx(), content.KindNews, store.ListFilter{Limit: 50}, testStart)
		if err != nil {
			t.Fatal(err)
		}
		states := map[string]content.State{}
		authors := map[string]string{}
		for _, r := range rows {
			states[r.Entry.Slug], authors[r.Entry.Slug] = r.Entry.State(testStart), r.Entry.AuthorName
		}
		if states["vienna-migration-conference-2027-announced"] != content.StateScheduled || states["staff-retreat-travel-and-logistics"] != content.StateDraft {
			t.Errorf("states: %v", states)
		}
		if authors["regional-dialogue-on-labour-mobility-opens-in-baku"] == "" || authors["regional-dialogue-on-labour-mobility-opens-in-baku"] == "aysel" {
			t.Errorf("authors: %v, want display names", authors)
		}
	})
	t.Run("old addresses", func(t *testing.T) {
		for from, to := range map[string]string{
			"/2026/03/14/regional-dialogue-on-labour-mobility-opens-in-baku/":          "/news/regional-dialogue-on-labour-mobility-opens-in-baku",
			"/2026/01/15/talent-partnership-dialogue/":                                 "/news/eu-azerbaijan-talent-partnership-dialogue", // _wp_old_slug
			"/2026/02/10/s%c9%99ki-v%c9%99-g%c9%99nc%c9%99d%c9%99-miqrasiya-seminari/": "/news/seki-ve-gencede-miqrasiya-seminari",
			"/2026/02/24/g%c9%99nc%c9%99-forumu-2026/":                                 "/news/gence-forumu-2026",
			"/2026/02/25/gence-forumu-2026/":                                           "/news/gence-forumu-2026-2", // the collision
			"/about-us/team/":                                                          "/team",
			"/about-us/team":                                                           "/team",
		} {
			if r := ts.get(from); r.Code != http.StatusMovedPermanently || r.Header.Get("Location") != to {
				t.Errorf("%s: %d → %q, want 301 → %s", from, r.Code, r.Header.Get("Location"), to)
			}
			ts.mustGet(to, http.StatusOK)
		}
		ts.mustGet("/about-us", http.StatusOK)
		ts.mustGet("/legal-notice", http.StatusOK)
		redirects, total, err := ts.st.Redirects(ts.ctx(), 100, 0)
		if err != nil || total != sum.Redirects || total < 9 {
			t.Errorf("the redirects list holds %d (%v), the summary says %d", total, err, sum.Redirects)
		}
		for _, r := range redirects {
			if strings.Contains(r.From, "?") || strings.Contains(r.From, "staff-retreat") {
				t.Errorf("a redirect from %s, which was never public", r.From)
			}
		}
	})
	t.Run("media", func(t *testing.T) {
		files, total, err := ts.st.MediaList(ts.ctx(), store.MediaFilter{Limit: 10})
		if err != nil || total != 4 {
			t.Fatalf("%d files in the library (%v)", total, err)
		}
		captions := 0
		for _, f := range files {
			if strings.Contains(f.Title, "Vienna headquarters") {
				captions++ // "Danube riverbank in Vienna: The Danube near the Centre’s Vienna headquarters."
			}
			if f.Alt == "" || len(f.Variants) == 0 && f.Width > 480 {
				t.Errorf("%s: alt %q, %d variants", f.Name, f.Alt, len(f.Variants))
			}
			r := ts.mustGet("/media/"+f.Name, http.StatusOK)
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "image/") {
				t.Errorf("%s served as %q", f.Name, r.Header.Get("Content-Type"))
			}
		}
		if captions != 1 {
			t.Errorf("the caption is not kept with its file: %+v", files)
		}
	})
}

// TestWordPressImportTwice: a second run of the same export adds nothing,
// and says so.
func TestWordPressImportTwice(t *testing.T) {
	ts, first := importServer(t, wordpress.Options{Uploads: wpUploads})
	names := mediaNames(t, ts)
	again, err := wordpress.Import(ts.ctx(), ts.st, ts.ms, wpExport, wordpress.Options{Uploads: wpUploads, Now: testStart})
	if err != nil {
		t.Fatal(err)
	}
	if again.New() != 0 || again.News["unchanged"] != 12 || again.Pages["unchanged"] != 3 || again.Media.Unchanged != 4 {
		t.Errorf("second run: %d new; news %v, pages %v, media %+v (first run added %d)", again.New(), again.News, again.Pages, again.Media, first.New())
	}
	if after := mediaNames(t, ts); len(after) != len(names) {
		t.Errorf("the media folder went from %d to %d files", len(names), len(after))
	}
	var out strings.Builder
	again.Write(&out)
	wantIn(t, out.String(), "0 new, 12 unchanged", "Nothing new")
}

// TestWordPressImportDryRun: a dry run reports what the import would do
// and writes nothing, no row and no file.
func TestWordPressImportDryRun(t *testing.T) {
	ts, dry := importServer(t, wordpress.Options{Uploads: wpUploads, DryRun: true})
	if dry.News["published"] != 8 || dry.Media.New != 4 || dry.Redirects < 9 {
		t.Errorf("dry run: news %v, media %+v, redirects %d", dry.News, dry.Media, dry.Redirects)
	}
	if n, _ := ts.st.CountPublic(ts.ctx(), testStart); n != 0 {
		t.Errorf("%d public items after a dry run", n)
	}
	if _, total, _ := ts.st.Redirects(ts.ctx(), 1, 0); total != 0 {
		t.Errorf("%d redirects after a dry run", total)
	}
	if names := mediaNames(t, ts); len(names) != 0 {
		t.Errorf("files after a dry run: %v", names)
	}
}

// TestWordPressImportRefusesBrokenFiles: a file that is not an export, or
// not a whole one, stops the import with a clear error, and nothing is
// written.
func TestWordPressImportRefusesBrokenFiles(t *testing.T) {
	good, err := os.ReadFile(wpExport)
	if err != nil {
		t.Fatal(err)
	}
	half := len(good) / 2
	tests := map[string]string{
		"not XML":   "\xFF\xD8\xFF\xE0 a photo",
		"not WXR":   `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/</loc></url></urlset>`,
		"RSS feed":  `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><item><title>x</title></item></channel></rss>`,
		"truncated": string(good[:half]),
		"broken":    strings.Replace(string(good), "</wp:post_name>", "</wp:post_nam>", 3),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "export.xml")
			if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
			ts := serveDir(t, t.TempDir(), nil)
			_, err := wordpress.Import(ts.ctx(), ts.st, ts.ms, file, wordpress.Options{Uploads: wpUploads, Now: testStart})
			if err == nil {
				t.Fatal("imported")
			}
			if msg := err.Error(); len(msg) > 200 || strings.Contains(msg, "\n") {
				t.Errorf("not one clear line: %q", msg)
			}
			if rows, total, _ := ts.st.AdminList(ts.ctx(), content.KindNews, store.ListFilter{Limit: 1}, testStart); total != 0 {
				t.Errorf("%d news items written: %v", total, rows)
			}
			if names := mediaNames(t, ts); len(names) != 0 {
				t.Errorf("files left behind: %v", names)
			}
		})
	}
}

// TestImportedImagesAreCleaned: imported images are stored as uploads
// are, without the EXIF a camera wrote.
func TestImportedImagesAreCleaned(t *testing.T) {
	if _, err := exec.LookPath("exiftool"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("exiftool is missing: apt-get install libimage-exiftool-perl")
		}
		t.Skip("SKIP: exiftool is missing; apt-get install libimage-exiftool-perl to run this check")
	}
	ts, _ := importServer(t, wordpress.Options{Uploads: wpUploads})
	for _, name := range mediaNames(t, ts) {
		out, err := exec.Command("exiftool", "-s", "-GPS:all", "-XMP:all", "-EXIF:all", filepath.Join(ts.ms.Dir, name)).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "" {
			t.Errorf("%s: %v %s", name, err, out)
		}
	}
}

func mediaNames(t *testing.T, ts *testServer) []string {
	t.Helper()
	entries, err := os.ReadDir(ts.ms.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	return names
}

func wantIn(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("missing %q", w)
		}
	}
}

func wantNotIn(t *testing.T, body string, nots ...string) {
	t.Helper()
	for _, n := range nots {
		if strings.Contains(body, n) {
			t.Errorf("%q is in the page", n)
		}
	}
}
