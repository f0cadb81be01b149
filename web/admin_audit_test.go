package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAuditLogShowsActionsInOrder(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	adm.post("/admin/account", url.Values{"name": {"Ada Admin"}})
	steps := []struct {
		path string
		form url.Values
	}{
		{"/admin/users/new", usersNewForm("audited@example.org", "Audited Person", "editor", usersNewPassword)},
		{"/admin/settings", settingsForm()},
		{"/admin/redirects", url.Values{"from": {"/audit-old.html"}, "to": {"/about"}, "code": {"301"}}},
	}
	for _, s := range steps {
		ts.clock.Add(60e9)
		if r := adm.post(s.path, s.form); r.Code != http.StatusSeeOther {
			t.Fatalf("POST %s: %d %s", s.path, r.Code, excerpt(r.Body))
		}
	}
	log := auditPlain(adm.get("/admin/audit"))
	if log.Code != 200 {
		t.Fatalf("audit log: %d", log.Code)
	}
	// Newest first.
	last := -1
	for _, want := range []string{"redirect added", "settings changed", "user created", "name changed", "logged in"} {
		i := strings.Index(log.Body, want)
		if i < 0 || i < last {
			t.Errorf("%q missing or out of order (at %d, previous at %d)", want, i, last)
		}
		last = i
	}
	for _, want := range []string{"Ada Admin", "/audit-old.html → /about", "Audited Person &lt;audited@example.org&gt;, editor", "menu"} {
		if !strings.Contains(log.Body, want) {
			t.Errorf("the log lacks %q", want)
		}
	}
	if strings.Contains(log.Body, usersNewPassword) || strings.Contains(log.Body, "$argon2id$") {
		t.Error("the log shows a password or its hash")
	}
}

func TestAuditLogPages(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	for i := 0; i < 60; i++ {
		ts.st.Audit(ts.ctx(), ts.clock.Now(), "test action "+itoa(i), "", "")
	}
	first := auditPlain(adm.get("/admin/audit"))
	if !strings.Contains(first.Body, "test action 59") || strings.Contains(first.Body, "test action 5<") || !strings.Contains(first.Body, `href="/admin/audit?page=2"`) {
		t.Errorf("first page:\n%s", excerpt(first.Body))
	}
	second := auditPlain(adm.get("/admin/audit?page=2"))
	if second.Code != 200 || !strings.Contains(second.Body, "test action 0<") || !strings.Contains(second.Body, `rel="prev"`) {
		t.Errorf("second page: %d", second.Code)
	}
	if r := adm.get("/admin/audit?page=0"); r.Code != http.StatusBadRequest {
		t.Errorf("page 0: %d", r.Code)
	}
	if r := adm.get("/admin/audit?page=99"); r.Code != http.StatusNotFound {
		t.Errorf("page 99: %d", r.Code)
	}
}

// auditPlain turns the no-break spaces that keep table cells on one line
// into plain spaces, for searching the body.
func auditPlain(r response) response {
	r.Body = strings.ReplaceAll(r.Body, "\u00a0", " ")
	return r
}
