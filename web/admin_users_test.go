package web

import (
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"orgsite/internal/content"
	"orgsite/internal/store"
)

// usersSnapshot is what the users, settings and audit screens can change,
// to prove a refused request wrote nothing.
type usersSnapshot struct {
	Users     []store.User
	Settings  content.Settings
	Redirects int
	Audit     int
	Trash     int
}

func usersTakeSnapshot(ts *testServer) usersSnapshot {
	ts.t.Helper()
	ctx := ts.ctx()
	var snap usersSnapshot
	var err error
	if snap.Users, err = ts.st.Users(ctx); err != nil {
		ts.t.Fatal(err)
	}
	if snap.Settings, err = ts.st.Settings(ctx); err != nil {
		ts.t.Fatal(err)
	}
	if _, snap.Redirects, err = ts.st.Redirects(ctx, 1, 0); err != nil {
		ts.t.Fatal(err)
	}
	if _, snap.Audit, err = ts.st.AuditLog(ctx, 1, 0); err != nil {
		ts.t.Fatal(err)
	}
	trash, err := ts.st.TrashList(ctx)
	if err != nil {
		ts.t.Fatal(err)
	}
	snap.Trash = len(trash)
	return snap
}

func usersSameSnapshot(t *testing.T, what string, before, after usersSnapshot) {
	t.Helper()
	if !reflect.DeepEqual(before, after) {
		t.Errorf("%s changed something:\nbefore %+v\nafter  %+v", what, before, after)
	}
}

// usersLogin logs a second browser in as an existing account.
func usersLogin(ts *testServer, email, password string) *staff {
	ts.t.Helper()
	s := ts.anonymous()
	if r := s.login(email, password); r.Code != http.StatusSeeOther {
		ts.t.Fatalf("login as %s: %d %s", email, r.Code, excerpt(r.Body))
	}
	return s
}

// usersLoggedOut reports whether the browser's session has ended: the
// admin home sends it to the login form.
func usersLoggedOut(s *staff) bool {
	r := s.get("/admin")
	return r.Code == http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Location"), "/admin/login")
}

func usersNewForm(email, name, role, pw string) url.Values {
	return url.Values{"email": {email}, "name": {name}, "role": {role}, "password": {pw}, "password_confirm": {pw}}
}

const usersNewPassword = "a brand new long password"

func TestUsersEditorsGet403(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	other := ts.addUser("editor", "other@example.org")
	id := itoa64(other.ID)
	before := usersTakeSnapshot(ts)
	for _, path := range []string{"/admin/users", "/admin/users/new", "/admin/users/" + id, "/admin/settings", "/admin/audit", "/admin/audit?page=2"} {
		if r := ed.get(path); r.Code != http.StatusForbidden {
			t.Errorf("editor GET %s: %d", path, r.Code)
		}
	}
	posts := map[string]url.Values{
		"/admin/users/new":                 usersNewForm("sneaky@example.org", "Sneaky", "admin", usersNewPassword),
		"/admin/users/" + id:               {"name": {"Renamed"}, "role": {"admin"}},
		"/admin/users/" + id + "/disable":  nil,
		"/admin/users/" + id + "/enable":   nil,
		"/admin/users/" + id + "/password": {"password": {usersNewPassword}, "password_confirm": {usersNewPassword}},
		"/admin/settings":                  {"site_name": {"Taken over"}, "timezone": {"UTC"}},
	}
	for path, form := range posts {
		if r := ed.post(path, form); r.Code != http.StatusForbidden {
			t.Errorf("editor POST %s: %d", path, r.Code)
		}
	}
	usersSameSnapshot(t, "an editor's requests", before, usersTakeSnapshot(ts))
	// The admin menu does not offer what editors cannot use.
	if r := ed.get("/admin"); strings.Contains(r.Body, `href="/admin/users"`) || strings.Contains(r.Body, `href="/admin/settings"`) {
		t.Error("the editor's menu links users or settings")
	}
}

func TestUsersAdminCreatesEditor(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	r := adm.post("/admin/users/new", usersNewForm("new.editor@example.org", "Nour Editor", "editor", usersNewPassword))
	if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/users/") {
		t.Fatalf("create: %d %q %s", r.Code, r.Header.Get("Location"), excerpt(r.Body))
	}
	page := adm.get(r.Header.Get("Location"))
	if page.Code != 200 || !strings.Contains(page.Body, "User added.") || !strings.Contains(page.Body, "Nour Editor") {
		t.Fatalf("user page: %d %s", page.Code, excerpt(page.Body))
	}
	list := adm.get("/admin/users")
	for _, want := range []string{"Nour Editor", "new.editor@example.org", "Editor", "Active"} {
		if !strings.Contains(list.Body, want) {
			t.Errorf("users list lacks %q", want)
		}
	}
	ed := usersLogin(ts, "new.editor@example.org", usersNewPassword)
	if r := ed.get("/admin/news"); r.Code != 200 {
		t.Errorf("new editor GET /admin/news: %d", r.Code)
	}
	if r := ed.get("/admin/users"); r.Code != http.StatusForbidden {
		t.Errorf("new editor GET /admin/users: %d", r.Code)
	}
	if strings.Contains(auditPlain(adm.get("/admin/audit")).Body, usersNewPassword) {
		t.Error("the password reached the audit log")
	}
}

func TestUsersCreateRefused(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	long := strings.Repeat("x", 60)
	cases := []struct {
		name  string
		form  url.Values
		field string // the error is beside this field
		want  string
	}{
		{"duplicate email", usersNewForm("admin@example.org", "Twin", "editor", usersNewPassword), "email", "already an account"},
		{"duplicate email in capitals", usersNewForm("ADMIN@Example.org", "Twin", "editor", usersNewPassword), "email", "already an account"},
		{"short password", usersNewForm("short@example.org", "Short", "editor", "eleven char"), "password", "too short"},
		{"passwords differ", url.Values{"email": {"differ@example.org"}, "name": {"Differ"}, "role": {"editor"},
			"password": {usersNewPassword}, "password_confirm": {usersNewPassword + "!"}}, "password_confirm", "not the same"},
		{"no email", usersNewForm("", "Nobody", "editor", usersNewPassword), "email", "Give an email"},
		{"bad email", usersNewForm("not-an-email", "Bad", "editor", usersNewPassword), "email", "such as name@example.org"},
		{"email with a name", usersNewForm("Eve <eve@example.org>", "Eve", "editor", usersNewPassword), "email", "such as name@example.org"},
		{"no name", usersNewForm("noname@example.org", "", "editor", usersNewPassword), "name", "Give the person"},
		{"long name", usersNewForm("long@example.org", long+long, "editor", usersNewPassword), "name", "too long"},
		{"unknown role", usersNewForm("root@example.org", "Root", "root", usersNewPassword), "role", "Choose editor or admin"},
		{"password too long", usersNewForm("huge@example.org", "Huge", "editor", strings.Repeat("p", 1025)), "password", "too long"},
	}
	before := usersTakeSnapshot(ts)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := adm.post("/admin/users/new", tc.form)
			if r.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Code)
			}
			if !strings.Contains(r.Body, `id="e-`+tc.field+`"`) || !strings.Contains(r.Body, tc.want) {
				t.Errorf("no error %q beside %s:\n%s", tc.want, tc.field, excerpt(r.Body))
			}
			if name := tc.form.Get("name"); name != "" && len(name) < 100 && !strings.Contains(r.Body, `value="`+name+`"`) {
				t.Errorf("the name %q was not kept", name)
			}
			if strings.Contains(r.Body, tc.form.Get("password")) && tc.form.Get("password") != "" {
				t.Error("the form shows the password back")
			}
		})
	}
	usersSameSnapshot(t, "refused new users", before, usersTakeSnapshot(ts))
}

func TestUsersDisableEndsSessions(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	u := ts.addUser("editor", "leaving@example.org")
	ed := usersLogin(ts, u.Email, testPassword)
	if usersLoggedOut(ed) {
		t.Fatal("the editor is not logged in")
	}
	adm.mustPost("disable", "/admin/users/"+itoa64(u.ID)+"/disable", nil)
	if !usersLoggedOut(ed) {
		t.Error("the disabled user's session still works")
	}
	if r := ed.post("/admin/news/new", url.Values{"title": {"After disabling"}, "status": {"draft"}}); r.Code != http.StatusForbidden {
		t.Errorf("the disabled user could still post: %d", r.Code)
	}
	if r := ts.anonymous().login(u.Email, testPassword); r.Code != http.StatusUnauthorized {
		t.Errorf("a disabled user logged in: %d", r.Code)
	}
	if page := adm.get("/admin/users"); !strings.Contains(page.Body, "Disabled") {
		t.Error("the users list does not show the account as disabled")
	}
	if r := adm.post("/admin/users/"+itoa64(u.ID)+"/enable", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("enable: %d", r.Code)
	}
	usersLogin(ts, u.Email, testPassword)
	for _, path := range []string{"/admin/users/999999", "/admin/users/abc", "/admin/users/999999/disable"} {
		var r response
		if strings.HasSuffix(path, "disable") {
			r = adm.post(path, nil)
		} else {
			r = adm.get(path)
		}
		if r.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, r.Code)
		}
	}
}

func TestUsersResetPasswordEndsSessions(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	u := ts.addUser("editor", "forgetful@example.org")
	ed := usersLogin(ts, u.Email, testPassword)
	path := "/admin/users/" + itoa64(u.ID) + "/password"
	r := adm.post(path, url.Values{"password": {"short"}, "password_confirm": {"short"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "too short") {
		t.Fatalf("short password: %d", r.Code)
	}
	if usersLoggedOut(ed) {
		t.Fatal("a refused reset ended the session")
	}
	r = adm.post(path, url.Values{"password": {usersNewPassword}, "password_confirm": {usersNewPassword}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("reset: %d %s", r.Code, excerpt(r.Body))
	}
	if !usersLoggedOut(ed) {
		t.Error("the user's session survived the password reset")
	}
	if r := ts.anonymous().login(u.Email, testPassword); r.Code != http.StatusUnauthorized {
		t.Errorf("the old password still works: %d", r.Code)
	}
	usersLogin(ts, u.Email, usersNewPassword)
	if usersLoggedOut(adm) {
		t.Error("the admin was logged out by resetting someone else's password")
	}
}

func TestUsersRoleChange(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	ed := ts.loginAs("editor")
	path := "/admin/users/" + itoa64(ed.user.ID)
	r := adm.post(path, url.Values{"name": {""}, "role": {"admin"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Give the person") {
		t.Fatalf("empty name: %d", r.Code)
	}
	adm.mustPost("promote", path, url.Values{"name": {"Promoted Person"}, "role": {"admin"}})
	// The role takes effect on the user's next request.
	if r := ed.get("/admin/users"); r.Code != 200 || !strings.Contains(r.Body, "Promoted Person") {
		t.Errorf("the promoted user GET /admin/users: %d", r.Code)
	}
	if r := adm.post(path, url.Values{"name": {"Promoted Person"}, "role": {"editor"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("demote: %d", r.Code)
	}
	if r := ed.get("/admin/users"); r.Code != http.StatusForbidden {
		t.Errorf("the demoted user GET /admin/users: %d", r.Code)
	}
}

func TestUsersAdminsCannotLockThemselvesOut(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	self := "/admin/users/" + itoa64(adm.user.ID)
	before := usersTakeSnapshot(ts)
	r := adm.post(self, url.Values{"name": {"Admin"}, "role": {"editor"}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "your own account") {
		t.Errorf("demote self: %d %s", r.Code, excerpt(r.Body))
	}
	if !strings.Contains(r.Body, `value="Admin"`) {
		t.Error("the typed name was not kept")
	}
	r = adm.post(self+"/disable", nil)
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "your own account") {
		t.Errorf("disable self: %d", r.Code)
	}
	usersSameSnapshot(t, "an admin locking themselves out", before, usersTakeSnapshot(ts))
	if usersLoggedOut(adm) {
		t.Fatal("the admin was logged out")
	}

	// With a second admin, one admin can demote or disable the other.
	other := ts.addUser("admin", "second.admin@example.org")
	if r := adm.post("/admin/users/"+itoa64(other.ID)+"/disable", nil); r.Code != http.StatusSeeOther {
		t.Errorf("disable the other admin: %d", r.Code)
	}

	// The last active admin stays one, whoever asks: here the command
	// line (no acting user) and an editor's id.
	ctx := ts.ctx()
	ed := ts.addUser("editor", "ed@example.org")
	for name, c := range map[string]int64{"system": 0, "editor": ed.ID} {
		actx := content.WithActor(ctx, c)
		if err := ts.st.UpdateUser(actx, adm.user.ID, "Admin", "editor", ts.clock.Now()); !errors.Is(err, store.ErrLastAdmin) {
			t.Errorf("%s demotes the last admin: %v", name, err)
		}
		if err := ts.st.SetUserDisabled(actx, adm.user.ID, true, ts.clock.Now()); !errors.Is(err, store.ErrLastAdmin) {
			t.Errorf("%s disables the last admin: %v", name, err)
		}
	}
	if usersLoggedOut(adm) {
		t.Error("the last admin was logged out")
	}
}

// TestUsersAreaCSRF posts every form of the users, account, settings,
// redirects and trash screens without the token: 403, nothing written.
func TestUsersAreaCSRF(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	u := ts.addUser("editor", "target@example.org")
	id := itoa64(u.ID)
	pages, _, err := ts.st.AdminList(ts.ctx(), content.KindPage, storeFilterAll(), ts.clock.Now())
	if err != nil || len(pages) == 0 {
		t.Fatalf("pages: %v", err)
	}
	if err := ts.st.Trash(ts.ctx(), content.KindPage, pages[0].Entry.ID, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	r := store.Redirect{From: "/old.html", To: "/about", Code: 301}
	if err := ts.st.AddRedirect(ts.ctx(), &r, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	trash := "/admin/trash/page/" + itoa64(pages[0].Entry.ID)
	posts := map[string]url.Values{
		"/admin/users/new":                             usersNewForm("csrf@example.org", "CSRF", "admin", usersNewPassword),
		"/admin/users/" + id:                           {"name": {"Renamed"}, "role": {"admin"}},
		"/admin/users/" + id + "/disable":              nil,
		"/admin/users/" + id + "/password":             {"password": {usersNewPassword}, "password_confirm": {usersNewPassword}},
		"/admin/account":                               {"name": {"Renamed"}},
		"/admin/account/password":                      {"current_password": {testPassword}, "password": {usersNewPassword}, "password_confirm": {usersNewPassword}},
		"/admin/settings":                              {"site_name": {"Taken over"}, "timezone": {"UTC"}},
		"/admin/redirects":                             {"from": {"/x.html"}, "to": {"/about"}, "code": {"301"}},
		"/admin/redirects/" + itoa64(r.ID) + "/delete": nil,
		trash + "/restore":                             nil,
		trash + "/delete":                              {"confirm": {"yes"}},
	}
	before := usersTakeSnapshot(ts)
	for path, form := range posts {
		for _, tok := range []string{"", "wrong"} {
			if form == nil {
				form = url.Values{}
			}
			form.Set("_csrf", tok)
			if r := adm.post(path, form); r.Code != http.StatusForbidden {
				t.Errorf("POST %s with _csrf %q: %d", path, tok, r.Code)
			}
		}
	}
	usersSameSnapshot(t, "posts without the CSRF token", before, usersTakeSnapshot(ts))
}
