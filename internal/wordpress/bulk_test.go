package wordpress

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"orgsite/internal/testkit"
)

// A large export for the budgets of an import (5,000 posts with 500
// images), made from the real export: each generated post is a copy of
// the fixture's block or classic post, each image a copy of an
// attachment, with their ids, slugs, links and files renumbered.

var (
	bulkOut    = flag.String("wordpress.bulk", "", "write a large export and its uploads to this folder (for measuring the binary)")
	bulkPosts  = flag.Int("wordpress.posts", 5000, "posts in the large export")
	bulkImages = flag.Int("wordpress.images", 500, "images in the large export")
)

var itemRE = regexp.MustCompile(`(?s)\t*<item>.*?</item>\n`)

// writeBulk writes an export of the fixture plus posts generated posts and
// images generated attachments to dir, with its uploads folder.
func writeBulk(t testing.TB, dir string, posts, images int) (export, uploads string) {
	t.Helper()
	data, err := os.ReadFile("testdata/export.xml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	items := itemRE.FindAllString(src, -1)
	byID := map[string]string{}
	for _, it := range items {
		byID[regexp.MustCompile(`<wp:post_id>(\d+)</wp:post_id>`).FindStringSubmatch(it)[1]] = it
	}
	uploads = filepath.Join(dir, "uploads")
	if err := testkit.CopyTree(uploads, "testdata/uploads"); err != nil {
		t.Fatal(err)
	}
	photo, err := os.ReadFile("testdata/uploads/2026/03/danube-riverbank-vienna.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(uploads, "bulk"), 0o755); err != nil {
		t.Fatal(err)
	}

	var b strings.Builder
	b.WriteString(src[:strings.Index(src, "<item>")])
	for _, it := range items {
		b.WriteString(it)
	}
	for i := range images {
		id := 100000 + i
		name := fmt.Sprintf("bulk/img-%d", i)
		if err := os.WriteFile(filepath.Join(uploads, name+".jpg"), photo, 0o644); err != nil {
			t.Fatal(err)
		}
		b.WriteString(renumber(byID["27"], map[string]string{
			"<wp:post_id>27<":                 fmt.Sprintf("<wp:post_id>%d<", id),
			"2026/03/danube-riverbank-vienna": name,
			"danube-riverbank-in-vienna":      fmt.Sprintf("bulk-image-%d", i),
		}))
	}
	for i := range posts {
		tmpl, slug := byID["26"], "regional-dialogue-on-labour-mobility-opens-in-baku"
		if i%2 == 1 {
			tmpl, slug = byID["31"], "mobility-partnership-facility-results-of-the-second-call"
		}
		img := 100000 + i%max(images, 1)
		b.WriteString(renumber(tmpl, map[string]string{
			"<wp:post_id>26<":                 fmt.Sprintf("<wp:post_id>%d<", 200000+i),
			"<wp:post_id>31<":                 fmt.Sprintf("<wp:post_id>%d<", 200000+i),
			"?p=26<":                          fmt.Sprintf("?p=%d<", 200000+i),
			"?p=31<":                          fmt.Sprintf("?p=%d<", 200000+i),
			slug:                              fmt.Sprintf("%s-%d", slug, i),
			"2026/03/danube-riverbank-vienna": fmt.Sprintf("bulk/img-%d", img-100000),
			"wp-image-27":                     fmt.Sprintf("wp-image-%d", img),
			`"id":27`:                         fmt.Sprintf(`"id":%d`, img),
			"<![CDATA[27]]>":                  fmt.Sprintf("<![CDATA[%d]]>", img),
		}))
	}
	b.WriteString("</channel>\n</rss>\n")
	export = filepath.Join(dir, "export.xml")
	if err := os.WriteFile(export, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return export, uploads
}

func renumber(item string, with map[string]string) string {
	for old, new := range with {
		item = strings.ReplaceAll(item, old, new)
	}
	return item
}

// TestWriteBulkExport writes the large export when asked to:
//
//	go test ./internal/wordpress -run TestWriteBulkExport -wordpress.bulk /tmp/wpbulk
//	/usr/bin/time -v orgsite import wordpress /tmp/wpbulk/export.xml --uploads /tmp/wpbulk/uploads --db /tmp/wpbulk/x.db --media /tmp/wpbulk/media
func TestWriteBulkExport(t *testing.T) {
	if *bulkOut == "" {
		t.Skip("writes a large export only with -wordpress.bulk DIR")
	}
	export, _ := writeBulk(t, *bulkOut, *bulkPosts, *bulkImages)
	info, _ := os.Stat(export)
	t.Logf("wrote %s (%.1f MB)", export, float64(info.Size())/(1<<20))
}

// BenchmarkImport imports 5,000 posts with 500 images, the budget's size
// (under 60 s and 150 MB on two cores; the RSS is measured on the binary,
// see TestWriteBulkExport). Run it on purpose:
//
//	go test ./internal/wordpress -run XXX -bench Import -benchtime 1x
func BenchmarkImport(b *testing.B) {
	posts, images := 5000, 500
	if testing.Short() {
		posts, images = 500, 50
	}
	export, uploads := writeBulk(b, b.TempDir(), posts, images)
	for b.Loop() {
		b.StopTimer()
		st, ms := newSite(b, 20<<20)
		b.StartTimer()
		start := time.Now()
		sum, err := Import(context.Background(), st, ms, export, Options{Uploads: uploads, Now: time.Now()})
		if err != nil {
			b.Fatal(err)
		}
		if sum.News["published"] < posts || sum.Media.New < images {
			b.Fatalf("imported news %v, media %+v", sum.News, sum.Media)
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		b.ReportMetric(time.Since(start).Seconds(), "s/import")
		b.ReportMetric(float64(m.HeapSys)/(1<<20), "MB-heap-sys")
	}
}
