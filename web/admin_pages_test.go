package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"orgsite/internal/content"
)

func pageForm() url.Values {
	return url.Values{"title": {"Vacancies"}, "summary": {"Work with us."}, "body": {"## Open positions\n\nNone at the moment."},
		"status": {"published"}, "menu_order": {"4"}}
}

func TestAdminPageCreateEditRename(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	form := pageForm()
	r := ed.mustPost("create", "/admin/pages/new", form)
	loc := r.Header.Get("Location")
	edit := strings.TrimSuffix(loc, "?saved=1")
	if !strings.HasPrefix(edit, "/admin/pages/") || edit == loc {
		t.Fatalf("Location %q", loc)
	}
	page := ed.get(loc)
	for _, want := range []string{"Saved.", `value="vacancies"`, `name="menu_order" type="number"`, `value="4"`, "The page answers at /vacancies.", "View on the site"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("edit page lacks %q", want)
		}
	}
	pub := ts.mustGet("/vacancies", http.StatusOK)
	if !strings.Contains(pub.Body, "Open positions") {
		t.Error("public page lacks the body")
	}
	if !strings.Contains(ts.mustGet("/sitemap", http.StatusOK).Body, `href="/vacancies"`) {
		t.Error("the new page is not in the site map")
	}

	// Rename and take it out of the menu: the old address answers 301.
	form.Set("slug", "jobs")
	form.Set("menu_order", "0")
	ed.mustPost("rename", edit, form)
	ts.mustMove("/vacancies", "/jobs")
	id := editorIDBySlug(t, ts, content.KindPage, "jobs")
	if p, _ := ts.st.PageByID(ts.ctx(), id); p.MenuOrder != 0 {
		t.Errorf("menu order %d after edit", p.MenuOrder)
	}
	if revs, _ := ts.st.Revisions(ts.ctx(), content.KindPage, id); len(revs) != 2 {
		t.Errorf("%d revisions, want 2", len(revs))
	}
	if h := ed.get(edit + "/history"); h.Code != http.StatusOK {
		t.Errorf("history: %d", h.Code)
	}

	// Trash: the public gets 410, the editor 404.
	if r := ed.post(edit+"/trash", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("trash: %d", r.Code)
	}
	ts.mustGet("/jobs", http.StatusGone)
	if r := ed.get(edit); r.Code != http.StatusNotFound {
		t.Errorf("edit a trashed page: %d", r.Code)
	}
}

func TestAdminPageListAndNotFound(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	if r := ed.get("/admin/pages"); r.Code != http.StatusOK || !strings.Contains(r.Body, "Legal notice") || !strings.Contains(r.Body, "Add a page") {
		t.Fatalf("list: %d %s", r.Code, excerpt(r.Body))
	}
	if r := ed.get("/admin/pages/new"); r.Code != http.StatusOK || !strings.Contains(r.Body, "The page answers at /your-slug.") {
		t.Errorf("new form: %d", r.Code)
	}
	for _, p := range []string{"/admin/pages/99999", "/admin/pages/x", "/admin/pages/0"} {
		if r := ed.get(p); r.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d", p, r.Code)
		}
	}
	if r := ed.post("/admin/pages/99999", pageForm()); r.Code != http.StatusNotFound {
		t.Errorf("POST to a missing page: %d", r.Code)
	}
}

func TestAdminPageValidation(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	before := editorCount(t, ts, content.KindPage)
	about, aboutBefore := editorLoad(t, ts, content.KindPage, "about", ts.st.PageByID)
	tests := []struct {
		name   string
		target string
		change url.Values
		want   []string
	}{
		{"reserved slug", "", url.Values{"slug": {"news"}}, []string{"“news” is used by the site itself"}},
		{"reserved slug from title", "", url.Values{"title": {"Projects"}}, []string{"“projects” is used by the site itself"}},
		{"reserved admin", "", url.Values{"slug": {"Admin"}}, []string{"“admin” is used by the site itself"}},
		{"duplicate slug", "", url.Values{"slug": {"about"}}, []string{"Another item already uses the address “about”"}},
		{"duplicate on edit", "/admin/pages/" + itoa64(about), url.Values{"slug": {"contact"}}, []string{"Another item already uses the address “contact”"}},
		{"negative menu", "", url.Values{"menu_order": {"-1"}}, []string{"Enter a whole number from 0 to 999", `value="-1"`}},
		{"menu not a number", "", url.Values{"menu_order": {"first"}}, []string{"Enter a whole number from 0 to 999", `value="first"`}},
		{"menu too large", "", url.Values{"menu_order": {"100000000000000000000"}}, []string{"Enter a whole number from 0 to 999"}},
		{"no title", "", url.Values{"title": {""}}, []string{"Give a title."}},
		{"bad status", "", url.Values{"status": {"public"}}, []string{"Choose draft or published."}},
		{"bad time", "", url.Values{"published_at": {"soon"}}, []string{"Enter the publication time"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := pageForm()
			form.Set("summary", "kept page summary")
			for k, v := range tt.change {
				form[k] = v
			}
			target := tt.target
			if target == "" {
				target = "/admin/pages/new"
			}
			r := ed.post(target, form)
			if r.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d: %s", r.Code, excerpt(r.Body))
			}
			for _, want := range append(tt.want, "kept page summary", `class="error-summary"`, "has-error") {
				if !strings.Contains(r.Body, want) {
					t.Errorf("form lacks %q", want)
				}
			}
		})
	}
	if n := editorCount(t, ts, content.KindPage); n != before {
		t.Errorf("refused forms wrote: %d pages, had %d", n, before)
	}
	if after, _ := ts.st.PageByID(ts.ctx(), about); after.Slug != "about" || !after.UpdatedAt.Equal(aboutBefore.UpdatedAt) {
		t.Error("a refused edit changed the page")
	}
	ts.mustGet("/news", http.StatusOK) // the site's own page is untouched
}

func TestAdminPagePreview(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	before := editorCount(t, ts, content.KindPage)
	form := pageForm()
	form.Set("action", "preview")
	form.Set("body", "## Preview only\n\n<script>alert(1)</script>")
	r := ed.post("/admin/pages/new", form)
	if r.Code != http.StatusOK || !strings.Contains(r.Body, ">Preview only</h2>") || strings.Contains(r.Body, "<script>alert") {
		t.Fatalf("preview: %d %s", r.Code, excerpt(r.Body))
	}
	if n := editorCount(t, ts, content.KindPage); n != before {
		t.Errorf("preview saved a page")
	}
	ts.mustGet("/vacancies", http.StatusNotFound)

	about := editorIDBySlug(t, ts, content.KindPage, "about")
	form.Set("title", "Not saved")
	form.Set("slug", "about")
	if r := ed.post("/admin/pages/"+itoa64(about), form); r.Code != http.StatusOK || !strings.Contains(r.Body, "Full-page preview") {
		t.Fatalf("preview of a saved page: %d", r.Code)
	}
	if p, _ := ts.st.PageByID(ts.ctx(), about); p.Title == "Not saved" {
		t.Error("preview changed the page")
	}
}

func TestAdminPageXSS(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	form := url.Values{
		"title":      {`Page </title><script>alert(1)</script><svg onload=alert(2)>`},
		"slug":       {"xss-page"},
		"summary":    {`"><img src=x onerror=alert(3)><iframe src=javascript:alert(4)>`},
		"body":       {editorXSSBody},
		"status":     {"published"},
		"menu_order": {"7"},
	}
	editorSaveInert(t, ed, ed.post, "/admin/pages/new", form)
	pub := ts.mustGet("/xss-page", http.StatusOK)
	if !strings.Contains(pub.Body, "xssword") {
		t.Fatalf("public page lacks the body: %s", excerpt(pub.Body))
	}
	for _, p := range []string{"/xss-page", "/", "/sitemap", "/search?q=xssword"} {
		editorInert(t, p, ts.mustGet(p, http.StatusOK).Body, false)
	}
}

func TestAdminPageCSRF(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	before := editorCount(t, ts, content.KindPage)
	about, aboutBefore := editorLoad(t, ts, content.KindPage, "about", ts.st.PageByID)
	for _, target := range []string{"/admin/pages/new", "/admin/pages/" + itoa64(about), "/admin/pages/" + itoa64(about) + "/trash"} {
		for _, tok := range []string{"", "wrong"} {
			form := pageForm()
			form.Set("_csrf", tok)
			if r := ed.post(target, form); r.Code != http.StatusForbidden {
				t.Errorf("%s with csrf %q: %d", target, tok, r.Code)
			}
		}
	}
	if n := editorCount(t, ts, content.KindPage); n != before {
		t.Errorf("CSRF-less posts wrote: %d pages", n)
	}
	if after, _ := ts.st.PageByID(ts.ctx(), about); !after.UpdatedAt.Equal(aboutBefore.UpdatedAt) {
		t.Error("CSRF-less post changed the page")
	}
	ts.mustGet("/about", http.StatusOK)
}
