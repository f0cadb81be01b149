package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAccountPasswordChange(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	phone := usersLogin(ts, ed.user.Email, testPassword)
	if r := ed.get("/admin/account"); r.Code != 200 || !strings.Contains(r.Body, ed.user.Email) || !strings.Contains(r.Body, "Editor") {
		t.Fatalf("account page: %d", r.Code)
	}
	cases := []struct {
		name        string
		current, pw string
		again       string
		field, want string
	}{
		{"wrong current password", "not my password", usersNewPassword, usersNewPassword, "current_password", "not correct"},
		{"no current password", "", usersNewPassword, usersNewPassword, "current_password", "Give your current password"},
		{"short new password", testPassword, "short", "short", "password", "too short"},
		{"different confirmation", testPassword, usersNewPassword, usersNewPassword + "x", "password_confirm", "not the same"},
		{"same as before", testPassword, testPassword, testPassword, "password", "same as the current one"},
	}
	before := usersTakeSnapshot(ts)
	for _, tc := range cases {
		r := ed.post("/admin/account/password", url.Values{"current_password": {tc.current}, "password": {tc.pw}, "password_confirm": {tc.again}})
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="e-`+tc.field+`"`) || !strings.Contains(r.Body, tc.want) {
			t.Errorf("%s: %d, want 422 with %q beside %s", tc.name, r.Code, tc.want, tc.field)
		}
	}
	after := usersTakeSnapshot(ts)
	usersSameSnapshot(t, "refused password changes", before, after)
	if usersLoggedOut(phone) || usersLoggedOut(ed) {
		t.Fatal("a refused change ended a session")
	}

	r := ed.mustPost("change", "/admin/account/password", url.Values{"current_password": {testPassword}, "password": {usersNewPassword}, "password_confirm": {usersNewPassword}})
	if page := ed.get(r.Header.Get("Location")); page.Code != 200 || !strings.Contains(page.Body, "Password changed.") {
		t.Errorf("the current session ended: %d", page.Code)
	}
	if !usersLoggedOut(phone) {
		t.Error("the other session survived the password change")
	}
	if r := ts.anonymous().login(ed.user.Email, testPassword); r.Code != http.StatusUnauthorized {
		t.Errorf("the old password still works: %d", r.Code)
	}
	usersLogin(ts, ed.user.Email, usersNewPassword)
	if log := auditPlain(ts.loginAs("admin").get("/admin/audit")); !strings.Contains(log.Body, "password changed") || strings.Contains(log.Body, usersNewPassword) {
		t.Error("the audit log lacks the change or shows the password")
	}
}

func TestAccountWrongPasswordsThrottled(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	form := url.Values{"current_password": {"guess"}, "password": {usersNewPassword}, "password_confirm": {usersNewPassword}}
	var r response
	for i := 0; i < 6; i++ {
		r = ed.post("/admin/account/password", form)
	}
	if r.Code != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("after 6 wrong passwords: %d", r.Code)
	}
	form.Set("current_password", testPassword)
	if r := ed.post("/admin/account/password", form); r.Code != http.StatusTooManyRequests {
		t.Errorf("the right password while throttled: %d", r.Code)
	}
}

func TestAccountName(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	r := ed.post("/admin/account", url.Values{"name": {""}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Give the person") {
		t.Fatalf("empty name: %d", r.Code)
	}
	r = ed.post("/admin/account", url.Values{"name": {"Amélie <b>Editor</b>"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("rename: %d %s", r.Code, excerpt(r.Body))
	}
	page := ed.get("/admin/account")
	if !strings.Contains(page.Body, "Amélie &lt;b&gt;Editor&lt;/b&gt;") || strings.Contains(page.Body, "<b>Editor</b>") {
		t.Errorf("the new name is not shown, escaped:\n%s", excerpt(page.Body))
	}
}
