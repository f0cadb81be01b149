package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestScreenshots rewrites docs/screenshots/, the pictures the README links:
// the main screens at 375, 768 and 1280 px. It runs only with
// ORGSITE_SCREENSHOTS=1, so CI never rewrites committed files:
//
//	ORGSITE_SCREENSHOTS=1 go test ./e2e -run TestScreenshots
func TestScreenshots(t *testing.T) {
	if os.Getenv("ORGSITE_SCREENSHOTS") != "1" {
		t.Skip("set ORGSITE_SCREENSHOTS=1 to rewrite docs/screenshots")
	}
	chrome := findChromium(t)
	base := startSite(t, buildBinary(t))
	edit := qFirstEditLink(t, qAdminClient(t, base), base, "/admin/news")
	if edit == "" {
		t.Fatal("no news item to edit")
	}
	dir, err := filepath.Abs("../docs/screenshots")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := qBrowser(t, chrome, 3*time.Minute)
	j := &journey{t: t, ctx: ctx, base: base, width: 1280}

	screens := []struct{ name, path string }{
		{"home", "/"},
		{"news", "/news"},
		{"news-item", "/news/mobility-partnership-in-azerbaijan-conference-baku"},
		{"project", "/projects/mobilaze"},
		{"publications", "/publications"},
		{"publication", "/publications/partnership-in-practice"},
		{"events", "/events"},
		{"event", "/events/evidas-inception-meeting"},
		{"calls", "/calls"},
		{"call", "/calls/project-officer-migration-data-baku"},
		{"search", "/search?q=baku"},
		{"sitemap", "/sitemap"},
		{"404", "/no-such-page"},
		{"az-home", "/az"},
		{"az-news-item", "/az/news/bakida-beynelxalq-konfrans-mobillik-terefdasligi"},
		{"ru-project", "/ru/projects/podderzhka-realizatsii-partnerstva-v-sfere-mobilnosti-s-azerbaydzhanom"},
		{"admin-dashboard", "/admin"},
		{"admin-edit", edit},
		{"admin-news", "/admin/news"},
		{"admin-event-new", "/admin/events/new"},
		{"admin-translate", edit + "/translate/ru"},
		{"admin-settings", "/admin/settings"},
		{"admin-media-picker", "/admin/media/picker?type=image"},
		{"admin-review", "/admin/review"},
	}
	loggedIn := false
	for _, s := range screens {
		if s.path == "/admin" && !loggedIn {
			j.do(chromedp.EmulateViewport(1280, 900))
			qLogIn(j)
			loggedIn = true
		}
		for _, width := range []int64{375, 768, 1280} {
			qShoot(t, ctx, base+s.path, width, 3000, filepath.Join(dir, fmt.Sprintf("%s-%d.png", s.name, width)))
		}
	}
	// The dark scheme, as a visitor whose system prefers it sees the site.
	j.do(qColorScheme("dark"))
	for _, s := range screens[:3:3] {
		if s.name == "news" {
			continue
		}
		for _, width := range []int64{375, 1280} {
			qShoot(t, ctx, base+s.path, width, 3000, filepath.Join(dir, fmt.Sprintf("%s-dark-%d.png", s.name, width)))
		}
	}
	j.do(qColorScheme("light"))
	// The README's picture: the home page on a desktop, above the fold and a
	// little more.
	qShoot(t, ctx, base+"/", 1280, 1800, filepath.Join(dir, "home.png"))
}

// qShoot loads u at width and saves the whole page, at most maxHeight px
// high, as a PNG squeezed hard to keep the repository small.
func qShoot(t *testing.T, ctx context.Context, u string, width int64, maxHeight float64, file string) {
	t.Helper()
	var viewport []chromedp.EmulateViewportOption
	if width < 600 {
		viewport = append(viewport, chromedp.EmulateMobile)
	}
	err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900, viewport...), chromedp.Navigate(u),
		// Lazy images below the fold would be blank in a full-page picture.
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('img[loading="lazy"]').forEach(i => i.loading = 'eager')`))
	if err != nil {
		t.Fatalf("%s at %dpx: %v", u, width, err)
	}
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.fonts.status === 'loaded' && [...document.images].every(i => i.complete)`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("%s at %dpx: images did not load: %v", u, width, err)
	}
	height, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollHeight`))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			CaptureBeyondViewport: qPtr(true),
			FromSurface:           qPtr(true),
			Clip:                  &page.Viewport{Width: float64(width), Height: math.Min(height, maxHeight), Scale: 1},
		})
		return r.Data, err
	}))
	if err != nil {
		t.Fatalf("screenshot %s at %dpx: %v", u, width, err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	// Keep each file under qMaxShotBytes: a page with many pictures is cut
	// shorter.
	var buf bytes.Buffer
	b := img.Bounds()
	for {
		buf.Reset()
		sub := img.(interface {
			SubImage(image.Rectangle) image.Image
		}).SubImage(b)
		if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, sub); err != nil {
			t.Fatal(err)
		}
		if buf.Len() <= qMaxShotBytes || b.Dy() <= 1200 {
			break
		}
		b.Max.Y = b.Min.Y + b.Dy()*9/10
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d KB, %dpx of %.0fpx", filepath.Base(file), buf.Len()/1024, b.Dy(), height)
}

// qMaxShotBytes keeps the committed screenshots small.
const qMaxShotBytes = 400 << 10

func qPtr[T any](v T) *T { return &v }
