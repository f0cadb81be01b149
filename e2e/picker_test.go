package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"orgsite/internal/testkit"
)

// TestMediaPickerJourney: an image goes into a body without leaving the
// editor. The Image button opens the picker, a search finds the photo,
// a click inserts its Markdown, and the public page serves it resized,
// with the library's alt text and credit.
func TestMediaPickerJourney(t *testing.T) {
	chrome, base := startBrowserSite(t)
	photo := filepath.Join(t.TempDir(), "harbour.png")
	if err := os.WriteFile(photo, testkit.PNG(t, 1600, 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	j := &journey{t: t, ctx: qBrowser(t, chrome, 90*time.Second), base: base, width: 1280, shots: screenshotDir(t, "orgsite-e2e-picker-*")}
	j.watchConsole()

	j.do(chromedp.EmulateViewport(1280, 900))
	qLogIn(j)

	// The photo is in the library, described once.
	j.do(chromedp.Navigate(base+"/admin/media"),
		chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{photo}),
		chromedp.SendKeys(chromedp.CSS("#f-alt"), "Fishing boats in the harbour of Lankaran"),
		chromedp.SendKeys(chromedp.CSS("#f-credit"), "© Jane Doe / E2E"))
	j.follow(`form[enctype="multipart/form-data"] button[type="submit"]`)

	// Write a story and pick the photo into its body.
	j.do(chromedp.Navigate(base+"/admin/news/new"),
		chromedp.SendKeys(chromedp.CSS("#f-title"), "Boats of Lankaran"),
		chromedp.SendKeys(chromedp.CSS("#f-summary"), "A morning in the harbour."),
		chromedp.SendKeys(chromedp.CSS("#f-body"), "The fleet came in at dawn."),
		chromedp.Click(chromedp.CSS(`input[name="status"][value="published"]`)))
	j.do(chromedp.Click(chromedp.Search(`//div[contains(@class,"md-toolbar")]/button[text()="Image"]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`dialog.picker-dialog[open] #p-q`)))
	j.do(chromedp.SendKeys(chromedp.CSS(`dialog.picker-dialog #p-q`), "lankaran\r"),
		chromedp.WaitVisible(chromedp.CSS(`dialog.picker-dialog input[value="lankaran"]`)))
	j.screenshot("picker")
	if n := eval[int](j, `document.querySelectorAll("dialog.picker-dialog button.pick").length`); n != 1 {
		t.Fatalf("the search found %d files", n)
	}
	j.do(chromedp.Click(chromedp.CSS(`dialog.picker-dialog button.pick`)),
		chromedp.WaitNotPresent(chromedp.CSS(`dialog.picker-dialog[open]`)))
	body := eval[string](j, `document.getElementById("f-body").value`)
	if !strings.Contains(body, "The fleet came in at dawn.\n\n![Fishing boats in the harbour of Lankaran](/media/") {
		t.Fatalf("the body is %q", body)
	}
	j.follow(`button[name="action"][value="update"]`)

	j.do(chromedp.Navigate(base + "/news/boats-of-lankaran"))
	j.screenshot("public")
	img := `document.querySelector('figure img[srcset][alt="Fishing boats in the harbour of Lankaran"]')`
	if !eval[bool](j, img+` !== null`) {
		t.Fatal("no resized image with the library's alt text on the public page")
	}
	if got := j.text("figure figcaption"); got != "© Jane Doe / E2E" {
		t.Errorf("caption %q", got)
	}
	if w := eval[int](j, img+`.naturalWidth`); w == 0 || w > 1600 {
		t.Errorf("the browser loaded a copy %d px wide", w)
	}
	j.checkConsole()
}
