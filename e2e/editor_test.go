package e2e

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"orgsite/internal/testkit"
)

// TestEditorNeverLosesWork walks the editor's loss cases of issue 12 in a
// real browser: an uploaded image survives Preview and a refused save; a
// restore of a live item's first revision keeps it live where it is; the
// body typed is kept when the tab goes away and offered back; a preview
// link opens for anyone and dies when revoked; a contributor cannot
// publish, and an editor publishes what they submitted.
func TestEditorNeverLosesWork(t *testing.T) {
	skipShort(t, "builds the binary and drives a browser")
	chrome := findChromium(t)
	bin := buildBinary(t)
	base, dir := startSiteIn(t, bin)
	addUser(t, bin, dir, "writer@example.org", "Cem Contributor", "contributor")
	photo := filepath.Join(t.TempDir(), "delegates.png")
	if err := os.WriteFile(photo, testkit.PNG(t, 1200, 800), 0o644); err != nil {
		t.Fatal(err)
	}
	j := &journey{t: t, ctx: qBrowser(t, chrome, 3*time.Minute), base: base, width: 1280, shots: screenshotDir(t, "orgsite-e2e-editor-*")}
	j.watchConsole()
	j.do(chromedp.EmulateViewport(1280, 900))
	qLogIn(j)

	libraryLeadImage(j)
	edit := uploadPreviewSave(j, photo)
	refusedThenSaved(j, photo)
	restoreKeepsLive(j, edit)
	autosaveComesBack(j, edit)
	shareAndRevoke(j, edit)
	contributorSubmits(j)
	j.checkConsole()
}

// libraryLeadImage: the lead image is chosen from the library's
// thumbnails, and takes the library's alt text when saved.
func libraryLeadImage(j *journey) {
	t := j.t
	j.do(chromedp.Navigate(j.base + "/admin/news/new"))
	j.do(chromedp.Click(chromedp.CSS(`#f-lead_media_id + .pick-from-library`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`dialog.picker-dialog[open] button.pick img`)))
	j.screenshot("lead-picker")
	want := eval[string](j, `document.querySelector("dialog.picker-dialog button.pick").getAttribute("data-id")`)
	j.do(chromedp.Click(chromedp.CSS(`dialog.picker-dialog button.pick`)),
		chromedp.WaitNotPresent(chromedp.CSS(`dialog.picker-dialog[open]`)))
	if got := eval[string](j, `document.querySelector("#f-lead_media_id").value`); got != want || want == "" {
		t.Fatalf("the picked lead image is %q, want %q", got, want)
	}
	if n := eval[int](j, `document.querySelectorAll("fieldset img.thumb").length`); n == 0 {
		t.Error("no thumbnail of the picked lead image")
	}
	j.do(chromedp.SendKeys(chromedp.CSS("#f-title"), "Lead image from the library"))
	j.follow(`button[name="action"][value="update"]`)
	if alt := eval[string](j, `document.querySelector("#f-lead_alt").value`); alt == "" {
		t.Error("the library image did not bring its alt text")
	}
	j.do(chromedp.Evaluate[chromedp.Void](`document.querySelector("form.editor-form").dispatchEvent(new Event("submit"))`))
}

// uploadPreviewSave: upload → Preview → Save keeps the image, its alt text
// and credit; Publish now says where the item is.
func uploadPreviewSave(j *journey, photo string) (edit string) {
	t := j.t
	j.do(chromedp.Navigate(j.base + "/admin/news/new"))
	j.do(chromedp.SendKeys(chromedp.CSS("#f-title"), "Partners meet in Tbilisi"),
		chromedp.SendKeys(chromedp.CSS("#f-summary"), "A day on returns and reintegration."),
		chromedp.SendKeys(chromedp.CSS("#f-body"), "## What was agreed\n\nA shared plan."),
		chromedp.SetUploadFiles(chromedp.CSS("#f-lead_upload"), []string{photo}),
		chromedp.SendKeys(chromedp.CSS("#f-lead_alt"), "Delegates around a table"),
		chromedp.SendKeys(chromedp.CSS("#f-lead_credit"), "Photo: Centre"))
	j.follow(`button[name="action"][value="preview"]`)
	if !strings.Contains(strings.ToLower(j.text(".preview")), "what was agreed") {
		t.Errorf("the preview does not show the body: %q", j.text(".preview"))
	}
	j.screenshot("previewed")
	if id := eval[string](j, `document.querySelector("#f-lead_media_id").value`); id == "" {
		t.Fatal("after Preview the uploaded image is no longer chosen")
	}
	if alt := eval[string](j, `document.querySelector("#f-lead_alt").value + "|" + document.querySelector("#f-lead_credit").value`); alt != "Delegates around a table|Photo: Centre" {
		t.Errorf("after Preview the alt text and credit are %q", alt)
	}
	j.follow(`button[name="action"][value="publish"]`)
	if flash := j.text(".flash"); !strings.Contains(flash, "Published: /news/partners-meet-in-tbilisi") {
		t.Errorf("after Publish now the message is %q", flash)
	}
	j.do(chromedp.Navigate(j.base + "/news/partners-meet-in-tbilisi"))
	if n := eval[int](j, `[...document.querySelectorAll("main img")].filter(i => i.alt === "Delegates around a table").length`); n == 0 {
		t.Error("the published item does not show the image uploaded before Preview")
	}
	j.do(chromedp.Navigate(j.base + "/admin/news"))
	return j.base + eval[string](j, `[...document.querySelectorAll("a")].find(a => a.textContent.includes("Partners meet in Tbilisi")).getAttribute("href")`)
}

// refusedThenSaved: upload with a refused save (the alt text missing) →
// the corrected save keeps the file.
func refusedThenSaved(j *journey, photo string) {
	t := j.t
	j.do(chromedp.Navigate(j.base + "/admin/news/new"))
	j.do(chromedp.SendKeys(chromedp.CSS("#f-title"), "Harbour visit"),
		chromedp.SendKeys(chromedp.CSS("#f-body"), "Text first, the picture's description later."),
		chromedp.SetUploadFiles(chromedp.CSS("#f-lead_upload"), []string{photo}))
	if code := j.submit(`button[name="action"][value="update"]`); code != http.StatusUnprocessableEntity {
		t.Fatalf("a save without the image's alt text answered %d", code)
	}
	j.screenshot("refused")
	if id := eval[string](j, `document.querySelector("#f-lead_media_id").value`); id == "" {
		t.Fatal("after a refused save the uploaded image is no longer chosen")
	}
	j.do(chromedp.SendKeys(chromedp.CSS("#f-lead_alt"), "A harbour at dawn"))
	j.follow(`button[name="action"][value="update"]`)
	if !strings.Contains(j.text(".flash"), "Saved") {
		t.Fatalf("the corrected save says %q", j.text(".flash"))
	}
	if alt := eval[string](j, `document.querySelector("#f-lead_alt").value`); alt != "A harbour at dawn" {
		t.Errorf("after the corrected save the lead image's alt text is %q", alt)
	}
	if n := eval[int](j, `document.querySelectorAll("img.thumb").length`); n == 0 {
		t.Error("after the corrected save the editor shows no lead image")
	}
}

// restoreKeepsLive: restoring revision 1 of a live, renamed item brings
// its text back and keeps it live at its current address.
func restoreKeepsLive(j *journey, edit string) {
	t := j.t
	j.do(chromedp.Navigate(edit))
	j.do(chromedp.SetValue(chromedp.CSS("#f-title"), "Partners meet in Tbilisi: the plan"),
		chromedp.SetValue(chromedp.CSS("#f-slug"), "tbilisi-plan"))
	j.follow(`button[name="action"][value="update"]`)
	j.do(chromedp.Navigate(edit + "/history"))
	first := eval[string](j, `[...document.querySelectorAll('main a[href*="/history/"]')].pop().getAttribute("href")`) // revision 1
	j.do(chromedp.Navigate(j.base + first))
	j.follow(`a[href$="/restore"]`)
	j.screenshot("restore-confirm")
	j.follow(`form[action$="/restore"] button[type="submit"]`)
	if loc := j.location(); !strings.HasPrefix(loc, edit) {
		t.Fatalf("after restoring the browser is at %s", loc)
	}
	if state := j.text(".status-line"); !strings.Contains(state, "Published") {
		t.Errorf("after restoring revision 1 the item is %q", state)
	}
	if code := status(t, j.base+"/news/tbilisi-plan"); code != http.StatusOK {
		t.Errorf("after the restore the current address answers %d", code)
	}
	if code := status(t, j.base+"/news/partners-meet-in-tbilisi"); code != http.StatusOK {
		t.Errorf("after the restore the first address (a redirect) ends in %d", code)
	}
}

// autosaveComesBack: text typed and never saved is kept when the tab goes
// away, and the editor offers it back.
func autosaveComesBack(j *journey, edit string) {
	t := j.t
	j.do(chromedp.Navigate(edit))
	const typed = "A paragraph written on a train, before the connection dropped."
	// Set by script, not typed: a page the user never touched does not ask
	// before leaving, so the test can go on to reload it.
	j.do(chromedp.Evaluate[chromedp.Void](`(() => { const b = document.querySelector("#f-body");
		b.value += "\n\n` + typed + `"; b.dispatchEvent(new Event("input", {bubbles: true}));
		window.dispatchEvent(new Event("pagehide")); })()`))
	_, err := chromedp.Run(j.ctx, chromedp.Poll[bool](`document.querySelector(".autosave-status").textContent.includes("kept")`,
		chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		t.Fatalf("the body was not kept: %v", err)
	}
	j.do(chromedp.Evaluate[chromedp.Void](`document.querySelector("form.editor-form").dispatchEvent(new Event("submit"))`)) // no unsaved-changes question
	j.do(chromedp.Navigate(edit))
	if n := eval[int](j, `document.querySelectorAll(".autosaved").length`); n != 1 {
		t.Fatalf("the editor does not offer the kept text")
	}
	if notice := j.text(".autosaved"); !strings.Contains(notice, "Unsaved text was kept") {
		t.Fatalf("the editor does not offer the kept text: %q", notice)
	}
	j.screenshot("autosaved")
	j.do(chromedp.Click(chromedp.CSS("[data-restore-autosave]"), chromedp.NodeVisible))
	if body := eval[string](j, `document.querySelector("#f-body").value`); !strings.Contains(body, typed) {
		t.Errorf("the kept text did not come back into the body: %q", body)
	}
	j.follow(`button[name="action"][value="update"]`)
	if n := eval[int](j, `document.querySelectorAll(".autosaved").length`); n != 0 {
		t.Error("the kept text is still offered after it was saved")
	}
}

// shareAndRevoke: a preview link opens without signing in, marked and
// never indexed or cached, and answers 404 once revoked.
func shareAndRevoke(j *journey, edit string) {
	t := j.t
	j.do(chromedp.Navigate(edit))
	j.follow(`button[form="share-form"]:not([formaction])`)
	link := eval[string](j, `document.querySelector("#share-url").value`)
	j.screenshot("share-link")
	res, err := http.Get(link) // no cookies: a partner who was sent the link
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" || !strings.Contains(res.Header.Get("X-Robots-Tag"), "noindex") {
		t.Errorf("the preview link answers %d, Cache-Control %q, X-Robots-Tag %q", res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("X-Robots-Tag"))
	}
	if page := fetch(t, link); !strings.Contains(page, "Preview, not published") || !strings.Contains(page, `content="noindex`) {
		t.Error("the shared preview is not marked as a preview, or may be indexed")
	}
	j.do(chromedp.Navigate(edit))
	if links := j.text(".share-links"); !strings.Contains(links, "works until") {
		t.Errorf("the editor does not list the link: %q", links)
	}
	j.follow(`button[formaction$="/share/revoke"]`)
	if code := status(t, link); code != http.StatusNotFound {
		t.Errorf("a revoked preview link answers %d", code)
	}
}

// contributorSubmits: a contributor's editor has no way to publish; a
// forged publish is refused; the editor sees the draft waiting and
// publishes it.
func contributorSubmits(j *journey) {
	t := j.t
	j.do(chromedp.Navigate(j.base + "/admin"))
	j.follow(`.admin-user button[type="submit"]`)
	logIn(j, "writer@example.org", "writer-password-not-secret")
	j.do(chromedp.Navigate(j.base + "/admin/news/new"))
	if n := eval[int](j, `document.querySelectorAll('button[value="publish"], button[value="schedule"], input[name="status"][value="published"]').length`); n != 0 {
		t.Errorf("a contributor's editor offers %d ways to publish", n)
	}
	j.do(chromedp.SendKeys(chromedp.CSS("#f-title"), "Field notes from Ganja"),
		chromedp.SendKeys(chromedp.CSS("#f-body"), "Notes from the field visit."))
	j.follow(`button[name="action"][value="submit"]`)
	if flash := j.text(".flash"); !strings.Contains(flash, "Submitted for review") {
		t.Errorf("after submitting the message is %q", flash)
	}
	j.screenshot("contributor-submitted")
	forged := eval[int](j, `(() => { const form = document.querySelector("form.editor-form"), f = new FormData(form);
		f.set("action", "publish"); f.set("status", "published");
		const x = new XMLHttpRequest(); x.open("POST", form.getAttribute("action"), false); x.send(f); return x.status; })()`)
	if forged != http.StatusForbidden {
		t.Errorf("a contributor's forged publish answered %d", forged)
	}
	if code := status(t, j.base+"/news/field-notes-from-ganja"); code != http.StatusNotFound {
		t.Errorf("the contributor's draft answers %d to the public", code)
	}
	j.do(chromedp.Navigate(j.base + "/admin"))
	j.follow(`.admin-user button[type="submit"]`)
	qLogIn(j)
	if waiting := j.text(`section[aria-labelledby="waiting-h"]`); !strings.Contains(waiting, "Field notes from Ganja") {
		t.Fatalf("the dashboard does not list the draft waiting: %q", waiting)
	}
	j.follow(`section[aria-labelledby="waiting-h"] a`)
	j.screenshot("review")
	j.follow(`button[name="action"][value="publish"]`)
	if code := status(t, j.base+"/news/field-notes-from-ganja"); code != http.StatusOK {
		t.Errorf("the approved draft answers %d", code)
	}
}

// submit clicks a submit button and gives the status of the page it leads
// to (follow insists on 200).
func (j *journey) submit(sel string) int {
	j.t.Helper()
	resp, err := chromedp.RunResponse(j.ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		j.t.Fatalf("at %s: click %s: %v", j.where(), sel, err)
	}
	return int(resp.Status)
}

// addUser adds an account with the command line, beside the running site.
func addUser(t *testing.T, bin, dir, email, name, role string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "user", "add", "--db", filepath.Join(dir, "orgsite.db"), "--email", email, "--name", name, "--role", role)
	cmd.Stdin = strings.NewReader(strings.SplitN(email, "@", 2)[0] + "-password-not-secret\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
}
