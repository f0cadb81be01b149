package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"orgsite/internal/content"
	"orgsite/internal/store"
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
