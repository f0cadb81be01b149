package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"orgsite/internal/content"
)

func TestNewsWriteScheduleRename(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	zone, _ := time.LoadLocation(fxZone)
	when := ts.clock.Now().Add(2 * time.Hour).In(zone).Format("2006-01-02T15:04")
	form := url.Values{"title": {"Şəki və Gəncə seminar report"}, "summary": {"A summary."}, "body": {"## Heading\n\nText <script>alert(1)</script>"},
		"status": {"published"}, "published_at": {when}, "tags": {"Events, New tag"}}
	r := ed.mustPost("create", "/admin/news/new", form)
	edit := r.Header.Get("Location")
	if !strings.HasPrefix(edit, "/admin/news/") {
		t.Fatalf("Location %q", edit)
	}
	page := ed.get(edit)
	if page.Code != 200 || !strings.Contains(page.Body, `value="seki-ve-gence-seminar-report"`) || !strings.Contains(page.Body, "Scheduled") {
		t.Fatalf("edit page: %d %s", page.Code, excerpt(page.Body))
	}
	ts.mustGet("/news/seki-ve-gence-seminar-report", http.StatusNotFound)
	ts.clock.Add(3 * time.Hour)
	item := ts.mustGet("/news/seki-ve-gence-seminar-report", http.StatusOK)
	if strings.Contains(item.Body, "<script>alert") {
		t.Fatal("script reached the public page")
	}
	if home := ts.mustGet("/", 200); !strings.Contains(home.Body, "seminar report") {
		t.Fatal("published item not on the home page")
	}

	// Rename: the old address answers 301.
	form.Set("slug", "seminar-in-seki")
	form.Set("published_at", "")
	ed.mustPost("rename", edit, form)
	ts.mustMove("/news/seki-ve-gence-seminar-report", "/news/seminar-in-seki")
}

func TestNewsFormErrorsKeepInput(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	r := ed.post("/admin/news/new", url.Values{"title": {""}, "summary": {"kept summary"}, "status": {"published"},
		"published_at": {"yesterday"}, "project_id": {"99999"}})
	if r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.Code)
	}
	for _, want := range []string{"kept summary", "Give a title.", "Enter the publication time", "Choose a project from the list.", `aria-invalid="true"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("form lacks %q", want)
		}
	}
	if rows, total, _ := ts.st.AdminList(ts.ctx(), content.KindNews, storeFilterAll(), ts.clock.Now()); total != len(fxNews) {
		t.Errorf("a refused form wrote something: %d items %v", total, len(rows))
	}
}

func TestCSRFRefused(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	for _, tok := range []string{"", "wrong"} {
		r := ed.post("/admin/news/new", url.Values{"_csrf": {tok}, "title": {"Sneaky"}, "status": {"draft"}})
		if r.Code != http.StatusForbidden {
			t.Errorf("csrf %q: %d", tok, r.Code)
		}
	}
	if _, total, _ := ts.st.AdminList(ts.ctx(), content.KindNews, storeFilterAll(), ts.clock.Now()); total != len(fxNews) {
		t.Errorf("CSRF-less post wrote: %d items", total)
	}
}

// TestPreviewBombs: a body whose Markdown would take quadratic time to
// parse is refused before it is rendered, in a preview as in a save.
func TestPreviewBombs(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	for name, body := range map[string]string{
		"nested quotes":  strings.Repeat(">", 190_000),
		"unclosed links": strings.Repeat("[a](", 47_500),
		"too long":       strings.Repeat("x", 600_000),
	} {
		form := url.Values{"title": {"Bomb"}, "status": {"draft"}, "body": {body}, "action": {"preview"}}
		r := ed.post("/admin/news/new", form)
		if r.Code != http.StatusOK || !strings.Contains(r.Body, "The body cannot be previewed") {
			t.Errorf("%s: preview %d", name, r.Code)
		}
		form.Del("action")
		if r := ed.post("/admin/news/new", form); r.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: save %d, want 422", name, r.Code)
		}
	}
}
