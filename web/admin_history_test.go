package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/internal/testkit"
)

// TestRestoreKeepsTheItemLive: restoring the first revision of a live item
// whose title and address changed since asks to confirm, then brings back
// the old text only: the item stays published at its current address, and
// its old address still leads there.
func TestRestoreKeepsTheItemLive(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	form := url.Values{"title": {"Seminar in Ganja"}, "summary": {"First wording."}, "body": {"The first text."}, "status": {"published"}, "published_at": {""}}
	edit := ed.mustPost("create", "/admin/news/new", form).Header.Get("Location")
	id := strings.TrimPrefix(strings.Split(edit, "?")[0], "/admin/news/")
	form.Set("title", "Regional seminar in Ganja")
	form.Set("slug", "regional-seminar-ganja")
	form.Set("body", "The second text.")
	ed.mustPost("edit", "/admin/news/"+id, form)
	ts.mustMove("/news/seminar-in-ganja", "/news/regional-seminar-ganja")

	num, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		t.Fatalf("edit address %q", edit)
	}
	n, err := ts.st.NewsByID(ts.ctx(), num)
	if err != nil {
		t.Fatal(err)
	}
	revs, err := ts.st.Revisions(ts.ctx(), content.KindNews, n.ID)
	if err != nil || len(revs) != 2 {
		t.Fatalf("%d revisions (%v)", len(revs), err)
	}
	// The history says who, when (in the site's zone) and what changed.
	ed.mustSee("history", "/admin/news/"+id+"/history", "First version", "Title, slug, text changed", "CET")
	if rev := ed.mustSee("revision", "/admin/news/"+id+"/history/"+itoa(int(revs[0].ID)), "Publication: "); strings.Contains(rev.Body, " UTC") { // with its space: a random token may hold "UTC"
		t.Error("the revision shows times in UTC, not the site's zone")
	}
	restore := "/admin/news/" + id + "/history/" + itoa(int(revs[1].ID)) + "/restore"
	// Without confirming: sent to the confirmation, nothing changed.
	if r := ed.post(restore, nil); r.Code != http.StatusSeeOther || r.Header.Get("Location") != restore {
		t.Fatalf("unconfirmed restore: %d → %q", r.Code, r.Header.Get("Location"))
	}
	confirm := ed.mustSee("confirmation", restore, "Restore this revision", "The first text.", "The second text.", "stays published")
	if strings.Contains(confirm.Body, "Slug: ") || strings.Contains(confirm.Body, "Status: ") {
		t.Error("the confirmation shows fields a restore does not change")
	}
	if p := ts.mustGet("/news/regional-seminar-ganja", http.StatusOK); !strings.Contains(p.Body, "The second text.") {
		t.Error("an unconfirmed restore changed the page")
	}

	r := ed.mustPost("restore", restore, url.Values{"confirm": {"yes"}})
	ed.mustSee("after the restore", r.Header.Get("Location"), "The status, publication time and address are as they were")
	page := ts.mustGet("/news/regional-seminar-ganja", http.StatusOK)
	if !strings.Contains(page.Body, "The first text.") || !strings.Contains(page.Body, "Seminar in Ganja") {
		t.Errorf("the old text is not back:\n%s", excerpt(page.Body))
	}
	ts.mustMove("/news/seminar-in-ganja", "/news/regional-seminar-ganja")
	if revs, _ := ts.st.Revisions(ts.ctx(), content.KindNews, n.ID); len(revs) != 3 {
		t.Errorf("%d revisions after the restore, want 3", len(revs))
	}
}

// TestLeadImageTakesLibraryText: a lead image picked from the library,
// with its alt text left empty, takes the library's alt text and credit
// instead of asking for them again; text typed in the form wins.
func TestLeadImageTakesLibraryText(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	files, _, err := ts.st.MediaList(ts.ctx(), store.MediaFilter{Kind: "image", Limit: 1})
	if err != nil || len(files) == 0 || files[0].Alt == "" {
		t.Fatalf("no library image with alt text: %v", err)
	}
	img := files[0]
	form := url.Values{"title": {"With a library image"}, "summary": {"S."}, "body": {"B."}, "status": {"draft"},
		"lead_media_id": {strconv.FormatInt(img.ID, 10)}}
	edit := ed.mustPost("create", "/admin/news/new", form).Header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(strings.Split(edit, "?")[0], "/admin/news/"), 10, 64)
	n, err := ts.st.NewsByID(ts.ctx(), id)
	if err != nil || n.LeadImage.MediaID != img.ID || n.LeadImage.Alt != img.Alt {
		t.Errorf("lead image %+v (%v), want the library's alt %q", n.LeadImage, err, img.Alt)
	}
	form.Set("title", "Typed alt")
	form.Set("lead_alt", "Typed here")
	edit = ed.mustPost("create", "/admin/news/new", form).Header.Get("Location")
	id, _ = strconv.ParseInt(strings.TrimPrefix(strings.Split(edit, "?")[0], "/admin/news/"), 10, 64)
	if n, _ := ts.st.NewsByID(ts.ctx(), id); n.LeadImage.Alt != "Typed here" {
		t.Errorf("typed alt text replaced by %q", n.LeadImage.Alt)
	}
}

// TestPublishButtons: the editor's buttons do what they say, win over the
// status fields, and the edit page then says what happened and where.
func TestPublishButtons(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	zone, _ := time.LoadLocation(fxZone)
	post := func(target string, action string, more url.Values) response {
		form := url.Values{"summary": {"S."}, "body": {"B."}, "status": {"published"}, "action": {action}}
		for k, v := range more {
			form[k] = v
		}
		return ed.post(target, form)
	}
	// Publish now: an empty time becomes now.
	r := post("/admin/news/new", "publish", url.Values{"title": {"Published by button"}})
	if r.Code != http.StatusSeeOther || !strings.HasSuffix(r.Header.Get("Location"), "?saved=publish") {
		t.Fatalf("publish: %d %q", r.Code, r.Header.Get("Location"))
	}
	edit := strings.Split(r.Header.Get("Location"), "?")[0]
	ed.mustSee("after publish", r.Header.Get("Location"), "Published: /news/published-by-button")
	ts.mustGet("/news/published-by-button", http.StatusOK)

	// Unpublish: the address answers 404.
	r = post(edit, "unpublish", url.Values{"title": {"Published by button"}, "slug": {"published-by-button"}})
	ed.mustSee("after unpublish", r.Header.Get("Location"), "Unpublished: the address now answers 404.")
	ts.mustGet("/news/published-by-button", http.StatusNotFound)

	// Schedule needs a future time, and says when.
	if r := post("/admin/news/new", "schedule", url.Values{"title": {"Scheduled by button"}}); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "To schedule, give a publication time in the future.") {
		t.Errorf("schedule without a time: %d", r.Code)
	}
	when := ts.clock.Now().Add(48 * time.Hour).In(zone)
	r = post("/admin/news/new", "schedule", url.Values{"title": {"Scheduled by button"}, "published_at": {when.Format("2006-01-02T15:04")}})
	ed.mustSee("after schedule", r.Header.Get("Location"), "Scheduled for "+when.Format("2 January 2006, 15:04"))
	ts.mustGet("/news/scheduled-by-button", http.StatusNotFound)

	// Save as draft wins over status=published.
	r = post("/admin/news/new", "draft", url.Values{"title": {"Drafted by button"}})
	ed.mustSee("after draft", r.Header.Get("Location"), "Saved as a draft: not public.")
	ts.mustGet("/news/drafted-by-button", http.StatusNotFound)

	if r := post("/admin/news/new", "launch-rockets", url.Values{"title": {"Odd"}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("an unknown action: %d, want 422", r.Code)
	}
}

// TestPreviewKeepsTheUpload: a lead image uploaded and then previewed is
// still chosen, with its alt text and credit, in the form the preview
// shows; saving that form keeps it without the file being sent again.
func TestPreviewKeepsTheUpload(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	form := url.Values{"title": {"With an uploaded image"}, "summary": {"S."}, "body": {"B."}, "status": {"draft"},
		"lead_alt": {"Delegates in Baku"}, "lead_credit": {"Photo: Centre"}, "action": {"preview"}}
	r := ed.postMultipart("/admin/news/new", form, upload{"lead_upload", "baku.png", testkit.PNG(t, 640, 360)})
	m := regexp.MustCompile(`<option value="(\d+)" selected`).FindStringSubmatch(r.Body)
	if r.Code != http.StatusOK || m == nil || !strings.Contains(r.Body, `class="thumb"`) || !strings.Contains(r.Body, `value="Delegates in Baku"`) {
		t.Fatalf("preview: %d, chosen %v\n%s", r.Code, m, excerpt(r.Body))
	}
	if staged, _ := ts.st.StagedBefore(ts.ctx(), ts.clock.Now().Add(time.Hour)); len(staged) != 1 || strconv.FormatInt(staged[0], 10) != m[1] {
		t.Errorf("staged after the preview: %v, want %s", staged, m[1])
	}
	form.Set("action", "update")
	form.Set("lead_media_id", m[1])
	edit := ed.mustPost("save", "/admin/news/new", form).Header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(strings.Split(edit, "?")[0], "/admin/news/"), 10, 64)
	n, err := ts.st.NewsByID(ts.ctx(), id)
	if err != nil || strconv.FormatInt(n.LeadImage.MediaID, 10) != m[1] || n.LeadImage.Alt != "Delegates in Baku" || n.LeadImage.Credit != "Photo: Centre" {
		t.Errorf("saved lead image %+v (%v)", n.LeadImage, err)
	}
	if staged, _ := ts.st.StagedBefore(ts.ctx(), ts.clock.Now().Add(time.Hour)); len(staged) != 0 {
		t.Errorf("still staged after the save: %v", staged)
	}
}
