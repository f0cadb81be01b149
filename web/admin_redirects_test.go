package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestRedirectsAddFollowDelete(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	ed.mustSee("empty list", "/admin/redirects", "There are no redirects yet.")
	ts.mustGet("/old-site/page.html", http.StatusNotFound)
	ed.mustPost("add", "/admin/redirects", url.Values{"from": {"/old-site/page.html"}, "to": {"/about"}, "code": {"301"}})
	old := ts.get("/old-site/page.html")
	if old.Code != http.StatusMovedPermanently || old.Header.Get("Location") != "/about" {
		t.Errorf("old address: %d %q", old.Code, old.Header.Get("Location"))
	}
	// Escaped old addresses match the path the router sees.
	ed.mustPost("add escaped", "/admin/redirects", url.Values{"from": {"/alt/%C3%BCber%20uns.html"}, "to": {"/about"}, "code": {"301"}})
	if r := ts.get("/alt/%C3%BCber%20uns.html"); r.Code != http.StatusMovedPermanently {
		t.Errorf("escaped old address: %d", r.Code)
	}
	ed.mustPost("add gone", "/admin/redirects", url.Values{"from": {"/old-site/withdrawn.html"}, "to": {""}, "code": {"410"}})
	ts.mustGet("/old-site/withdrawn.html", http.StatusGone)

	list := ed.get("/admin/redirects")
	for _, want := range []string{"/old-site/page.html", "/about", "Manual", "301 Moved", "410 Gone", "/alt/über uns.html"} {
		if !strings.Contains(list.Body, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	rows, total, err := ts.st.Redirects(ts.ctx(), 10, 0)
	if err != nil || total != 3 {
		t.Fatalf("redirects: %d %v", total, err)
	}
	var id int64
	for _, rd := range rows {
		if rd.From == "/old-site/page.html" {
			id = rd.ID
		}
	}
	if r := ed.post("/admin/redirects/"+itoa64(id)+"/delete", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.Code)
	}
	ts.mustGet("/old-site/page.html", http.StatusNotFound)
	if r := ed.post("/admin/redirects/"+itoa64(id)+"/delete", nil); r.Code != http.StatusNotFound {
		t.Errorf("delete again: %d", r.Code)
	}
	if log := auditPlain(ts.loginAs("admin").get("/admin/audit")); !strings.Contains(log.Body, "redirect deleted") || !strings.Contains(log.Body, "redirect added") {
		t.Error("the audit log lacks the redirects")
	}
}

func TestRedirectsAutomaticListed(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	n := publishedNews("before-rename", "renamed", ts.clock.Now().Add(-time.Hour))
	ts.saveNews(n)
	n.Slug = "after-rename"
	ts.saveNews(n)
	ts.get("/news/before-rename")
	list := ed.get("/admin/redirects")
	for _, want := range []string{"/news/before-rename", "/news/after-rename", "Automatic"} {
		if !strings.Contains(list.Body, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
}

func TestRedirectsRefused(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	if r := ed.post("/admin/redirects", url.Values{"from": {"/taken.html"}, "to": {"/about"}, "code": {"301"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("add: %d", r.Code)
	}
	cases := []struct {
		name, from, to, code, field, want string
	}{
		{"protocol-relative target", "/a.html", "//evil.example", "301", "to", "another website"},
		{"absolute target", "/a.html", "https://evil.example", "301", "to", "this site only"},
		{"absolute target in capitals", "/a.html", "HTTPS://evil.example/x", "301", "to", "this site only"},
		{"javascript target", "/a.html", "javascript:alert(1)", "301", "to", "starting with /"},
		{"backslash target", "/a.html", "/\\evil.example", "301", "to", "instead of"},
		{"target with a line break", "/a.html", "/about\r\nSet-Cookie: x=1", "301", "to", "spaces"},
		{"no target", "/a.html", "", "301", "to", "Give the new address"},
		{"target for gone", "/a.html", "/about", "410", "to", "leads nowhere"},
		{"loop", "/a.html", "/a.html", "301", "to", "same as the old"},
		{"full URL as old address", "https://old.example/a.html", "/about", "301", "from", "without https://"},
		{"no slash", "a.html", "/about", "301", "from", "starting with /"},
		{"protocol-relative old address", "//old.example/a", "/about", "301", "from", "cannot start with //"},
		{"old address in admin", "/admin/news", "/about", "301", "from", "belong to the site itself"},
		{"old address in admin, escaped", "/%61dmin/x", "/about", "301", "from", "belong to the site itself"},
		{"old address in assets", "/assets/x.css", "/about", "301", "from", "belong to the site itself"},
		{"home page", "/", "/about", "301", "from", "home page"},
		{"query string", "/a.php?id=3", "/about", "301", "from", "path only"},
		{"bad escape", "/a%zz", "/about", "301", "from", "hexadecimal"},
		{"too long", "/" + strings.Repeat("a", 500), "/about", "301", "from", "too long"},
		{"taken", "/taken.html", "/news", "301", "from", "already a redirect"},
		{"unknown code", "/a.html", "/about", "302", "code", "Moved or Gone"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := usersTakeSnapshot(ts)
			r := ed.post("/admin/redirects", url.Values{"from": {tc.from}, "to": {tc.to}, "code": {tc.code}})
			if r.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Code)
			}
			if !strings.Contains(r.Body, `id="e-`+tc.field+`"`) || !strings.Contains(r.Body, tc.want) {
				t.Errorf("no error %q beside %s:\n%s", tc.want, tc.field, excerpt(r.Body))
			}
			usersSameSnapshot(t, "a refused redirect", before, usersTakeSnapshot(ts))
		})
	}
	if r := ts.get("/a.html"); r.Code != http.StatusNotFound {
		t.Errorf("/a.html: %d", r.Code)
	}
	for _, path := range []string{"/admin/redirects/abc/delete", "/admin/redirects/0/delete"} {
		if r := ed.post(path, nil); r.Code != http.StatusNotFound {
			t.Errorf("POST %s: %d", path, r.Code)
		}
	}
	if r := ed.get("/admin/redirects?page=0"); r.Code != http.StatusBadRequest {
		t.Errorf("page 0: %d", r.Code)
	}
	if r := ed.get("/admin/redirects?page=9"); r.Code != http.StatusNotFound {
		t.Errorf("page 9: %d", r.Code)
	}
}
