package web

import (
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"orgsite/internal/auth"
	"orgsite/internal/mail"
	"orgsite/internal/testkit"
)

// withMail gives the test server a real SMTP server to send through.
func (ts *testServer) withMail(o testkit.SMTPOptions) *testkit.SMTPServer {
	ts.t.Helper()
	srv := testkit.StartSMTP(ts.t, o)
	scheme, cred := "smtp://", ""
	if o.TLS {
		scheme = "smtp+starttls://"
	}
	if o.User != "" {
		cred = o.User + ":" + o.Pass + "@"
	}
	sender, err := mail.New(scheme+cred+srv.Addr, "website@example.org", slog.Default(), mail.Options{Roots: srv.Roots, Timeout: 2 * time.Second})
	if err != nil {
		ts.t.Fatal(err)
	}
	d := ts.srv.Deps
	d.Mail = sender
	ts.srv = New(d)
	return srv
}

// open fetches a form and keeps its CSRF token for the next post.
func (s *staff) open(target string, want int) response {
	s.ts.t.Helper()
	r := s.get(target)
	if r.Code != want {
		s.ts.t.Fatalf("GET %s: %d, want %d\n%s", target, r.Code, want, excerpt(r.Body))
	}
	if m := csrfField.FindStringSubmatch(r.Body); m != nil {
		s.csrf = m[1]
	}
	return r
}

var linkIn = regexp.MustCompile(`https://example\.org(/admin/(?:reset|invite)/[A-Za-z0-9_-]+)`)

// linkOf is the path of the account link in a mail, read as a mail
// program reads it (the body's transfer encoding undone).
func linkOf(t *testing.T, m testkit.Mail) string {
	t.Helper()
	ct, text, err := m.Body()
	if err != nil {
		t.Fatalf("the mail does not parse: %v", err)
	}
	if !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q, want text/plain", ct)
	}
	got := linkIn.FindStringSubmatch(text)
	if got == nil {
		t.Fatalf("no link in the mail:\n%s", m.Data)
	}
	return got[1]
}

func TestForgotPasswordThroughRealMail(t *testing.T) {
	ts := newTestServer(t)
	smtp := ts.withMail(testkit.SMTPOptions{TLS: true, User: "site", Pass: "relay-pass"})
	ed := ts.loginAs("editor") // a session the reset must end
	anon := ts.anonymous()

	// Known and unknown addresses get the same answer; only one mail goes.
	anon.open("/admin/forgot", http.StatusOK)
	known := anon.post("/admin/forgot", url.Values{"email": {"editor@example.org"}})
	anon.open("/admin/forgot", http.StatusOK)
	unknown := anon.post("/admin/forgot", url.Values{"email": {"nobody@example.org"}})
	if known.Code != http.StatusOK || unknown.Code != http.StatusOK || !strings.Contains(known.Body, "If this address belongs") {
		t.Fatalf("answers %d / %d", known.Code, unknown.Code)
	}
	strip := func(s string) string { return csrfField.ReplaceAllString(s, "") }
	if strip(known.Body) != strip(unknown.Body) {
		t.Error("the answer differs for a known and an unknown address")
	}
	mails := smtp.Mails()
	if len(mails) != 1 || mails[0].To[0] != "editor@example.org" || mails[0].From != "website@example.org" || mails[0].Auth != "site" {
		t.Fatalf("mails %+v", mails)
	}
	if strings.Contains(mails[0].Data, testPassword) {
		t.Error("a password is in the mail")
	}
	link := linkOf(t, mails[0])

	// The link sets a new password, ends every session, and signs in.
	user := ts.anonymous()
	form := user.open(link, http.StatusOK)
	if !strings.Contains(form.Body, "editor@example.org") {
		t.Error("the form does not say whose password it sets")
	}
	if r := user.post(link, url.Values{"password": {"short"}, "password_confirm": {"short"}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("a short password: %d", r.Code)
	}
	user.open(link, http.StatusOK) // the form again, with its new token
	newPW := "a brand new long password"
	if r := user.post(link, url.Values{"password": {newPW}, "password_confirm": {newPW}}); r.Code != http.StatusSeeOther {
		t.Fatalf("set: %d %s", r.Code, excerpt(r.Body))
	}
	if r := ed.get("/admin"); r.Code != http.StatusSeeOther {
		t.Error("the old session outlived the reset")
	}
	if r := ts.anonymous().login("editor@example.org", newPW); r.Code != http.StatusSeeOther {
		t.Error("the new password does not sign in")
	}
	// Used once: the link is gone, with the way on.
	again := ts.anonymous().get(link)
	if again.Code != http.StatusGone || !strings.Contains(again.Body, `href="/admin/forgot"`) {
		t.Errorf("a used link: %d", again.Code)
	}
	for _, bad := range []string{"/admin/reset/made-up-token-that-is-long-enough", "/admin/reset/x", "/admin/invite/" + strings.Repeat("a", 43)} {
		if r := ts.anonymous().get(bad); r.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", bad, r.Code)
		}
	}
}

func TestResetLinkExpires(t *testing.T) {
	ts := newTestServer(t)
	smtp := ts.withMail(testkit.SMTPOptions{})
	ts.addUser("editor", "ed@example.org")
	anon := ts.anonymous()
	anon.open("/admin/forgot", http.StatusOK)
	anon.post("/admin/forgot", url.Values{"email": {"ed@example.org"}})
	link := linkOf(t, smtp.Mails()[0])
	ts.clock.Add(time.Hour)
	if r := ts.anonymous().get(link); r.Code != http.StatusGone {
		t.Errorf("a link an hour old: %d, want 410", r.Code)
	}
	// Asking too often is throttled.
	for range 3 {
		anon.open("/admin/forgot", http.StatusOK)
		anon.post("/admin/forgot", url.Values{"email": {"ed@example.org"}})
	}
	anon.open("/admin/forgot", http.StatusOK)
	if r := anon.post("/admin/forgot", url.Values{"email": {"ed@example.org"}}); r.Code != http.StatusTooManyRequests {
		t.Errorf("a fifth request in the hour: %d, want 429", r.Code)
	}
}

func TestInvitation(t *testing.T) {
	ts := newTestServer(t)
	smtp := ts.withMail(testkit.SMTPOptions{})
	admin := ts.loginAs("admin")
	admin.open("/admin/users/new", http.StatusOK)
	r := admin.post("/admin/users/new", url.Values{"email": {"nino@example.org"}, "name": {"Nino Beridze"}, "role": {"editor"}, "invite": {"1"}})
	if r.Code != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "msg=invited") {
		t.Fatalf("invite: %d %s %s", r.Code, r.Header.Get("Location"), excerpt(r.Body))
	}
	page := admin.open(strings.Split(r.Header.Get("Location"), "?")[0], http.StatusOK)
	if !strings.Contains(page.Body, "Send the invitation again") {
		t.Error("the invited account offers no resend")
	}
	if r := ts.anonymous().login("nino@example.org", ""); r.Code == http.StatusSeeOther {
		t.Fatal("an invited account signs in without a password")
	}
	first := linkOf(t, smtp.Mails()[0])
	// Resend: the first link stops working.
	id := strings.TrimPrefix(strings.Split(r.Header.Get("Location"), "?")[0], "/admin/users/")
	admin.mustPost("resend", "/admin/users/"+id+"/invite", nil)
	if len(smtp.Mails()) != 2 {
		t.Fatalf("%d mails after resend", len(smtp.Mails()))
	}
	if r := ts.anonymous().get(first); r.Code != http.StatusNotFound {
		t.Errorf("the first invitation still works: %d", r.Code)
	}
	second := linkOf(t, smtp.Mails()[1])
	nino := ts.anonymous()
	nino.open(second, http.StatusOK)
	pw := "nino chooses her own password"
	if r := nino.post(second, url.Values{"password": {pw}, "password_confirm": {pw}}); r.Code != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", r.Code, excerpt(r.Body))
	}
	nino.mustSee("signed in after choosing", "/admin", "Dashboard")
	// After 72 hours an invitation is gone.
	admin.open("/admin/users/new", http.StatusOK)
	r = admin.post("/admin/users/new", url.Values{"email": {"late@example.org"}, "name": {"Late"}, "role": {"editor"}, "invite": {"1"}})
	late := linkOf(t, smtp.Mails()[2])
	ts.clock.Add(72 * time.Hour)
	if r := ts.anonymous().get(late); r.Code != http.StatusGone || !strings.Contains(r.Body, "Ask the administrator") {
		t.Errorf("an expired invitation: %d", r.Code)
	}
}

// TestMailDown: a mail server that is down, refuses or is slow costs no
// 500 and no half-made account; the admin is told.
func TestMailDown(t *testing.T) {
	for _, o := range []testkit.SMTPOptions{{Refuse: true}, {Delay: 4 * time.Second}} {
		ts := newTestServer(t)
		ts.withMail(o)
		admin := ts.loginAs("admin")
		admin.open("/admin/users/new", http.StatusOK)
		start := time.Now()
		r := admin.post("/admin/users/new", url.Values{"email": {"x@example.org"}, "name": {"X"}, "role": {"editor"}, "invite": {"1"}})
		if r.Code != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "msg=invite-failed") {
			t.Errorf("%+v: %d %s", o, r.Code, r.Header.Get("Location"))
		}
		if d := time.Since(start); d > 3500*time.Millisecond {
			t.Errorf("%+v: the form waited %s", o, d)
		}
		page := admin.get(strings.Split(r.Header.Get("Location"), "?")[0] + "?msg=invite-failed")
		if !strings.Contains(page.Body, "The email could not be sent") || !strings.Contains(page.Body, "Send the invitation again") {
			t.Errorf("%+v: the admin is not told", o)
		}
	}
}

var secretIn = regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`)
var recoveryIn = regexp.MustCompile(`<li><code>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{2})</code></li>`)

func TestTwoFactorSignIn(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	other := ts.anonymous()
	other.login("editor@example.org", testPassword) // a second browser
	page := ed.open("/admin/account/2fa", http.StatusOK)
	m := secretIn.FindStringSubmatch(page.Body)
	if m == nil || !strings.Contains(page.Body, `src="data:image/png;base64,`) {
		t.Fatalf("no secret or QR code:\n%s", excerpt(page.Body))
	}
	secret := m[1]
	if r := ed.post("/admin/account/2fa", url.Values{"code": {"000000"}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("a wrong first code: %d", r.Code)
	}
	on := ed.post("/admin/account/2fa", url.Values{"code": {testkit.TOTPCode(t, secret, ts.clock.Now())}})
	codes := recoveryIn.FindAllStringSubmatch(on.Body, -1)
	if on.Code != http.StatusOK || len(codes) != 10 {
		t.Fatalf("turn on: %d, %d recovery codes", on.Code, len(codes))
	}
	if r := other.get("/admin"); r.Code != http.StatusSeeOther {
		t.Error("turning 2FA on did not end the other session")
	}
	if u, _ := ts.st.UserByEmail(ts.ctx(), "editor@example.org"); !u.TwoFactor {
		t.Fatal("2FA is not on")
	}

	// Sign in: the password alone is not enough.
	b := ts.anonymous()
	if r := b.login("editor@example.org", testPassword); r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/admin/login/2fa" {
		t.Fatalf("password step: %d %s", r.Code, r.Header.Get("Location"))
	}
	if r := b.get("/admin"); r.Code != http.StatusSeeOther {
		t.Fatal("a password alone opened the admin")
	}
	b.open("/admin/login/2fa", http.StatusOK)
	// Window edges: a code two steps old is refused, one step old taken.
	if r := b.post("/admin/login/2fa", url.Values{"code": {testkit.TOTPCode(t, secret, ts.clock.Now().Add(-60*time.Second))}}); r.Code != http.StatusUnauthorized {
		t.Errorf("a code two steps old: %d", r.Code)
	}
	ts.clock.Add(90 * time.Second) // past the step of the enrolment's code
	used := testkit.TOTPCode(t, secret, ts.clock.Now().Add(-30*time.Second))
	b.open("/admin/login/2fa", http.StatusOK)
	if r := b.post("/admin/login/2fa", url.Values{"code": {used}}); r.Code != http.StatusSeeOther {
		t.Fatalf("a code one step old: %d %s", r.Code, excerpt(r.Body))
	}
	b.mustSee("signed in", "/admin", "Dashboard")

	// Replay: the same code again, in its window, is refused.
	c := ts.anonymous()
	c.login("editor@example.org", testPassword)
	c.open("/admin/login/2fa", http.StatusOK)
	if r := c.post("/admin/login/2fa", url.Values{"code": {used}}); r.Code != http.StatusUnauthorized {
		t.Errorf("a replayed code: %d, want 401", r.Code)
	}
	// A recovery code works once.
	rc := strings.ToLower(codes[0][1])
	c.open("/admin/login/2fa", http.StatusOK)
	if r := c.post("/admin/login/2fa", url.Values{"code": {rc}}); r.Code != http.StatusSeeOther {
		t.Fatalf("a recovery code: %d", r.Code)
	}
	d := ts.anonymous()
	d.login("editor@example.org", testPassword)
	d.open("/admin/login/2fa", http.StatusOK)
	if r := d.post("/admin/login/2fa", url.Values{"code": {rc}}); r.Code != http.StatusUnauthorized {
		t.Errorf("a recovery code used twice: %d", r.Code)
	}
	// Wrong codes are throttled like passwords.
	var last int
	for range 6 {
		d.open("/admin/login/2fa", http.StatusOK)
		last = d.post("/admin/login/2fa", url.Values{"code": {"123456"}}).Code
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("after 6 wrong codes: %d, want 429", last)
	}
	// A forged pending cookie opens nothing.
	e := ts.anonymous()
	e.cookies["orgsite_2fa"] = "1.99999999999.Lw.forged"
	if r := e.get("/admin/login/2fa"); r.Code != http.StatusSeeOther {
		t.Errorf("a forged pending cookie: %d", r.Code)
	}
}

func TestRequireTwoFactorAndAdminReset(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.loginAs("admin")
	set, _ := ts.st.Settings(ts.ctx())
	set.Require2FA = true
	if err := ts.st.SaveSettings(ts.ctx(), set, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if r := admin.get("/admin/news"); r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/admin/account/2fa" {
		t.Fatalf("without 2FA: %d %s", r.Code, r.Header.Get("Location"))
	}
	if r := admin.post("/admin/news/new", url.Values{"title": {"x"}}); r.Code != http.StatusForbidden {
		t.Errorf("a post without 2FA: %d", r.Code)
	}
	page := admin.open("/admin/account/2fa", http.StatusOK)
	secret := secretIn.FindStringSubmatch(page.Body)[1]
	admin.post("/admin/account/2fa", url.Values{"code": {testkit.TOTPCode(t, secret, ts.clock.Now())}})
	admin.mustSee("after enrolment", "/admin/news", "News")

	// An admin turns a colleague's 2FA off; the CLI does the same.
	ed := ts.addUser("editor", "lost@example.org")
	if err := ts.st.StartTwoFactor(ts.ctx(), ed.ID, secret); err != nil {
		t.Fatal(err)
	}
	if err := ts.st.EnableTwoFactor(ts.ctx(), ed.ID, 1, nil, "", ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	admin.open("/admin/users/"+itoa64(ed.ID), http.StatusOK)
	admin.mustPost("reset 2fa", "/admin/users/"+itoa64(ed.ID)+"/2fa-reset", nil)
	if u, _ := ts.st.UserByID(ts.ctx(), ed.ID); u.TwoFactor || u.TOTPSecret != "" {
		t.Error("the admin's reset left 2FA on")
	}
	entries, _, _ := ts.st.AuditLog(ts.ctx(), 50, 0)
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	for _, want := range []string{"two-factor sign-in on", "two-factor sign-in reset by an admin"} {
		if !strings.Contains(strings.Join(actions, "|"), want) {
			t.Errorf("the audit log lacks %q: %v", want, actions)
		}
	}
}

func TestSessionsPage(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	phone := ts.anonymous()
	phone.login("editor@example.org", testPassword)
	laptop := ts.anonymous()
	laptop.login("editor@example.org", testPassword)
	page := ed.open("/admin/account/sessions", http.StatusOK)
	keys := regexp.MustCompile(`/admin/account/sessions/([0-9a-f]{16})/end`).FindAllStringSubmatch(page.Body, -1)
	if len(keys) != 2 || !strings.Contains(page.Body, "This browser") || !strings.Contains(page.Body, "192.0.2.7") {
		t.Fatalf("sessions page: %d others\n%s", len(keys), excerpt(page.Body))
	}
	ed.mustPost("end one", "/admin/account/sessions/"+keys[0][1]+"/end", nil)
	ended := 0
	for _, b := range []*staff{phone, laptop} {
		if b.get("/admin").Code == http.StatusSeeOther {
			ended++
		}
	}
	if ended != 1 {
		t.Errorf("ending one session ended %d", ended)
	}
	if r := ed.post("/admin/account/sessions/0000000000000000/end", nil); r.Code != http.StatusNotFound {
		t.Errorf("ending a session that is not yours: %d", r.Code)
	}
	ed.mustPost("end others", "/admin/account/sessions/end-others", nil)
	if phone.get("/admin").Code != http.StatusSeeOther || laptop.get("/admin").Code != http.StatusSeeOther {
		t.Error("a session outlived 'sign out everywhere else'")
	}
	ed.mustSee("still here", "/admin", "Dashboard")
	_ = auth.MinPasswordLen
}
