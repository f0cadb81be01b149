package e2e

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orgsite/internal/testkit"

	"github.com/chromedp/chromedp"
)

// TestEditorJourney is the communications officer's evening: log in, write
// a news item with a photo, schedule it, publish it, find it on the home
// page, in the sitemap and the feed, rename its address and follow the old
// link, log out.
func TestEditorJourney(t *testing.T) {
	chrome, base := startBrowserSite(t)
	shots := screenshotDir(t, "orgsite-e2e-admin-*")
	photo := filepath.Join(t.TempDir(), "conference-hall.png")
	if err := os.WriteFile(photo, testkit.PNG(t, 1200, 800), 0o644); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	j := &journey{t: t, ctx: bctx, base: base, width: 1280, shots: shots}
	j.watchConsole()

	// Log in.
	j.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/admin"))
	if !strings.Contains(j.location(), "/admin/login") {
		t.Fatalf("the admin did not ask for a login: %s", j.location())
	}
	j.screenshot("login")
	j.do(chromedp.SendKeys(chromedp.CSS("#email"), "e2e@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), "e2e-password-not-secret"))
	j.follow(`.login-box button[type="submit"]`)
	if h1 := j.text("h1"); h1 != "Dashboard" {
		t.Fatalf("after login: h1 %q at %s", h1, j.location())
	}
	j.screenshot("dashboard")

	// Write a news item with a photo, scheduled for tomorrow.
	j.follow(`a[href="/admin/news/new"]`)
	tomorrow := time.Now().In(vienna(t)).Add(24 * time.Hour).Format("2006-01-02T15:04")
	j.do(
		chromedp.SendKeys(chromedp.CSS("#f-title"), "Evening conference report from Baku"),
		chromedp.SendKeys(chromedp.CSS("#f-summary"), "What the conference decided, written the same evening."),
		chromedp.SendKeys(chromedp.CSS("#f-body"), "## Outcomes\n\nThe partners agreed on next steps."),
		chromedp.Click(chromedp.CSS(`input[name="status"][value="published"]`)),
		chromedp.SetValue(chromedp.CSS("#f-published_at"), tomorrow),
		chromedp.SendKeys(chromedp.CSS("#f-tags"), "Events, Conference"),
		chromedp.SetUploadFiles(chromedp.CSS("#f-lead_upload"), []string{photo}),
		chromedp.SendKeys(chromedp.CSS("#f-lead_alt"), "Delegates in a conference hall"),
	)
	j.screenshot("write")
	j.follow(`button[name="action"][value="update"]`)
	if !strings.Contains(j.text(".flash"), "Saved") || !strings.Contains(j.text(".status-line"), "Scheduled") {
		t.Fatalf("after saving: %q / %q", j.text(".flash"), j.text(".status-line"))
	}
	edit := j.location()
	j.screenshot("scheduled")
	if code := status(t, base+"/news/evening-conference-report-from-baku"); code != http.StatusNotFound {
		t.Errorf("a scheduled item answers %d to the public", code)
	}

	// Publish it now: empty the time, so it takes the present.
	j.do(chromedp.SetValue(chromedp.CSS("#f-published_at"), ""))
	j.follow(`button[name="action"][value="update"]`)
	if !strings.Contains(j.text(".status-line"), "Published") {
		t.Fatalf("after publishing: %q", j.text(".status-line"))
	}
	j.do(chromedp.Navigate(base + "/"))
	if !strings.Contains(j.text(`section[aria-labelledby="latest-news"]`), "Evening conference report from Baku") {
		t.Error("the published item is not among the latest news on the home page")
	}
	if n := eval[int](j, `[...document.querySelectorAll('img[srcset]')].filter(i => i.alt === "Delegates in a conference hall").length`); n == 0 {
		t.Error("the uploaded photo is not on the home page with a srcset")
	}
	j.screenshot("home")
	if sm := fetch(t, base+"/sitemap.xml"); !strings.Contains(sm, base+"/news/evening-conference-report-from-baku") {
		t.Error("the item is not in the sitemap")
	}
	if feed := fetch(t, base+"/feed.xml"); !strings.Contains(feed, "Evening conference report from Baku") {
		t.Error("the item is not in the feed")
	}

	// Rename its address; the old one leads to the new.
	j.do(chromedp.Navigate(edit))
	j.do(chromedp.SetValue(chromedp.CSS("#f-slug"), "baku-conference-report"))
	j.follow(`button[name="action"][value="update"]`)
	j.do(chromedp.Navigate(base + "/news/evening-conference-report-from-baku"))
	if loc := j.location(); loc != base+"/news/baku-conference-report" {
		t.Errorf("the old address led to %s", loc)
	}
	if h1 := j.text("h1"); h1 != "Evening conference report from Baku" {
		t.Errorf("renamed item h1 %q", h1)
	}
	j.screenshot("renamed")

	// Log out: the admin asks for a login again.
	j.do(chromedp.Navigate(base + "/admin"))
	j.follow(`.admin-user button[type="submit"]`)
	j.do(chromedp.Navigate(base + "/admin/news"))
	if !strings.Contains(j.location(), "/admin/login") {
		t.Errorf("after logout /admin/news is at %s", j.location())
	}
	j.checkConsole()
}

func vienna(t *testing.T) *time.Location {
	z, err := time.LoadLocation("Europe/Vienna")
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func status(t *testing.T, url string) int {
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func fetch(t *testing.T, url string) string {
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", url, res.StatusCode, err)
	}
	return string(b)
}
