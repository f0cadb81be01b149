package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"orgsite/internal/auth"
	"orgsite/web/admin"
)

// TestLoginThrottle: five wrong passwords lock the account for a while with
// 429 and a Retry-After, even with the right password; the lock lifts once
// the window has passed.
func TestLoginThrottle(t *testing.T) {
	ts := newTestServer(t)
	u := ts.addUser("editor", "ed@example.org")
	b := ts.anonymous()
	for i := 0; i < auth.AccountThrottle.Max; i++ {
		if r := b.login(u.Email, "wrong password "+strconv.Itoa(i)); r.Code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, r.Code)
		}
	}
	r := b.login(u.Email, testPassword)
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if r.Code != http.StatusTooManyRequests || err != nil || secs < 1 || secs > int(auth.AccountThrottle.Window.Seconds())+1 {
		t.Fatalf("after %d failures: %d, Retry-After %q", auth.AccountThrottle.Max, r.Code, r.Header.Get("Retry-After"))
	}
	if !strings.Contains(r.Body, "Too many failed attempts") {
		t.Error("the 429 does not say why")
	}
	// Another account from the same address is not locked by this one.
	other := ts.addUser("editor", "other@example.org")
	if r := ts.anonymous().login(other.Email, testPassword); r.Code != http.StatusSeeOther {
		t.Errorf("another account: %d", r.Code)
	}
	ts.clock.Add(auth.AccountThrottle.Window + time.Second)
	if r := b.login(u.Email, testPassword); r.Code != http.StatusSeeOther {
		t.Errorf("after the window: %d", r.Code)
	}
}

// TestLoginThrottlePerAddress: one address trying many accounts is stopped.
func TestLoginThrottlePerAddress(t *testing.T) {
	ts := newTestServer(t)
	b := ts.anonymous()
	var last response
	for i := 0; i <= auth.AddressThrottle.Max; i++ {
		last = b.login("nobody"+strconv.Itoa(i)+"@example.org", "guess")
	}
	if last.Code != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Fatalf("after %d failures from one address: %d", auth.AddressThrottle.Max+1, last.Code)
	}
}

// TestLoginSameAnswer: an unknown email, a wrong password and a disabled
// account get the same status and message.
func TestLoginSameAnswer(t *testing.T) {
	ts := newTestServer(t)
	u := ts.addUser("editor", "ed@example.org")
	d := ts.addUser("editor", "gone@example.org")
	if err := ts.st.SetUserDisabled(ts.ctx(), d.ID, true, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	for _, try := range [][2]string{{"nobody@example.org", testPassword}, {u.Email, "wrong password"}, {d.Email, testPassword}} {
		r := ts.anonymous().login(try[0], try[1])
		if r.Code != http.StatusUnauthorized || !strings.Contains(r.Body, admin.LoginFailed) {
			t.Errorf("%s: %d", try[0], r.Code)
		}
	}
}

// csrfOf finds the login form's token in a page.
func (ts *testServer) csrfOf(body string) string {
	if m := csrfField.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// TestSessionCookieAndRotation: the session cookie is HttpOnly, SameSite=Lax
// and Secure on an https site; a new session id is issued at every login,
// and a token planted before login is worthless.
func TestSessionCookieAndRotation(t *testing.T) {
	ts := newTestServer(t)
	u := ts.addUser("editor", "ed@example.org")
	b := ts.anonymous()
	b.cookies[admin.SessionCookie] = "planted-by-an-attacker"
	b.get("/admin/login")
	b.csrf = ts.csrfOf(b.get("/admin/login").Body)
	r := b.post("/admin/login", url.Values{"email": {u.Email}, "password": {testPassword}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("login: %d", r.Code)
	}
	var ck *http.Cookie
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == admin.SessionCookie {
			ck = c
		}
	}
	if ck == nil || !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/admin" {
		t.Fatalf("session cookie %+v", ck)
	}
	if ck.Value == "planted-by-an-attacker" || len(ck.Value) < 40 {
		t.Fatalf("session id not fresh: %q", ck.Value)
	}
	first := ck.Value
	// Logging in again gives another id; the old one no longer works.
	b2 := ts.anonymous()
	b2.login(u.Email, testPassword)
	if b2.cookies[admin.SessionCookie] == first {
		t.Fatal("a second login reused the session id")
	}
	b.csrf = ts.csrfOf(b.get("/admin").Body)
	if r := b.post("/admin/logout", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.Code)
	}
	stale := ts.anonymous()
	stale.cookies[admin.SessionCookie] = first
	if r := stale.get("/admin"); r.Code != http.StatusSeeOther {
		t.Errorf("a logged-out session still works: %d", r.Code)
	}
}

// TestAdminNoStore: admin pages are never cached and never framed.
func TestAdminNoStore(t *testing.T) {
	ts := newTestServer(t)
	ed := ts.loginAs("editor")
	for _, p := range []string{"/admin", "/admin/news", "/admin/login"} {
		r := ed.get(p)
		if r.Header.Get("Cache-Control") != "no-store" || !strings.Contains(r.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: Cache-Control %q, CSP %q", p, r.Header.Get("Cache-Control"), r.Header.Get("Content-Security-Policy"))
		}
	}
}

// TestLoginNextStaysInAdmin: the page to return to after login can only be
// inside the admin area.
func TestLoginNextStaysInAdmin(t *testing.T) {
	ts := newTestServer(t)
	u := ts.addUser("editor", "ed@example.org")
	for next, want := range map[string]string{
		"/admin/news":              "/admin/news",
		"//evil.example/admin":     "/admin",
		"https://evil.example":     "/admin",
		"/admin\\@evil.example":    "/admin",
		"/administrators-are-evil": "/admin",
		"/admin?tab=1":             "/admin?tab=1",
	} {
		b := ts.anonymous()
		b.csrf = ts.csrfOf(b.get("/admin/login").Body)
		r := b.post("/admin/login", url.Values{"email": {u.Email}, "password": {testPassword}, "next": {next}})
		if loc := r.Header.Get("Location"); loc != want {
			t.Errorf("next=%q: Location %q, want %q", next, loc, want)
		}
	}
}

// TestLoginThrottleParallel: guesses sent at once for one account are
// counted before any password is checked, so no more of them are checked
// than the limit allows (the rest get 429 without a hash).
func TestLoginThrottleParallel(t *testing.T) {
	ts := newTestServer(t)
	u := ts.addUser("editor", "ed@example.org")
	const n = 60
	browsers := make([]*staff, n)
	for i := range browsers {
		browsers[i] = ts.anonymous()
		if m := csrfField.FindStringSubmatch(browsers[i].get("/admin/login").Body); m != nil {
			browsers[i].csrf = m[1]
		}
	}
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i, b := range browsers {
		wg.Go(func() {
			codes[i] = b.post("/admin/login", url.Values{"email": {u.Email}, "password": {"guess " + strconv.Itoa(i)}}).Code
		})
	}
	wg.Wait()
	checked, refused := 0, 0
	for _, c := range codes {
		switch c {
		case http.StatusUnauthorized:
			checked++
		case http.StatusTooManyRequests:
			refused++
		}
	}
	if checked > auth.AccountThrottle.Max || checked+refused != n {
		t.Errorf("%d guesses checked, %d refused of %d; at most %d may be checked", checked, refused, n, auth.AccountThrottle.Max)
	}
}

// TestLoginCSRFBound: a login cookie and a _csrf field made up together by
// someone else do not match; only the token the server gave does.
func TestLoginCSRFBound(t *testing.T) {
	ts := newTestServer(t)
	u := ts.addUser("editor", "ed@example.org")
	b := ts.anonymous()
	b.cookies["orgsite_login"] = "x"
	b.csrf = "x"
	if r := b.post("/admin/login", url.Values{"email": {u.Email}, "password": {testPassword}}); r.Code != http.StatusForbidden {
		t.Errorf("a forged pair: %d, want 403", r.Code)
	}
	if r := ts.anonymous().login(u.Email, testPassword); r.Code != http.StatusSeeOther {
		t.Errorf("the real form: %d", r.Code)
	}
}

// countingReader counts the bytes a handler reads of a body.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// TestAnonymousPostsCostNoMemory: an anonymous post is refused before its
// body is read, and one from a browser with a login form gets a few
// kilobytes at most, not the upload limit.
func TestAnonymousPostsCostNoMemory(t *testing.T) {
	ts := newTestServer(t)
	body := strings.Repeat("x", 5<<20)
	var read atomic.Int64
	req := httptest.NewRequest(http.MethodPost, "/admin/login", countingReader{strings.NewReader(body), &read})
	req.Header.Set("Content-Type", "multipart/form-data; boundary=zzz")
	rec := httptest.NewRecorder()
	ts.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden || read.Load() > 0 {
		t.Errorf("anonymous multipart post: %d, %d bytes read", rec.Code, read.Load())
	}
	b := ts.anonymous()
	b.get("/admin/login") // a login cookie
	big := httptest.NewRequest(http.MethodPost, "/admin/login", strings.NewReader(body))
	big.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r := b.send(big); r.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("5 MB to the login form: %d, want 413", r.Code)
	}
}

// TestLockoutSparesKnownBrowsers: strangers' wrong passwords lock an
// account against guessing, but not against its owner's browser, which
// signed in before (its device cookie); the change-password form likewise.
// The cookie counts only for its own account, a forged one for nothing,
// and guesses from a known browser are throttled on their own.
func TestLockoutSparesKnownBrowsers(t *testing.T) {
	ts := newTestServer(t)
	u := ts.addUser("editor", "ed@example.org")
	owner := ts.anonymous()
	if r := owner.login(u.Email, testPassword); r.Code != http.StatusSeeOther || owner.cookies["orgsite_device"] == "" {
		t.Fatalf("first login: %d, device cookie %q", r.Code, owner.cookies["orgsite_device"])
	}
	delete(owner.cookies, admin.SessionCookie) // signed out; the browser keeps its device cookie

	attacker := ts.anonymous()
	for i := range auth.AccountThrottle.Max {
		if r := attacker.login(u.Email, "wrong password "+strconv.Itoa(i)); r.Code != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, r.Code)
		}
	}
	if r := ts.anonymous().login(u.Email, testPassword); r.Code != http.StatusTooManyRequests {
		t.Errorf("a new browser with the right password while locked: %d, want 429", r.Code)
	}
	forged := ts.anonymous()
	forged.cookies["orgsite_device"] = "forged"
	if r := forged.login(u.Email, testPassword); r.Code != http.StatusTooManyRequests {
		t.Errorf("a forged device cookie: %d, want 429", r.Code)
	}
	other := ts.addUser("editor", "other@example.org")
	colleague := ts.anonymous()
	colleague.login(other.Email, testPassword)
	delete(colleague.cookies, admin.SessionCookie)
	if r := colleague.login(u.Email, testPassword); r.Code != http.StatusTooManyRequests {
		t.Errorf("another account's device cookie: %d, want 429", r.Code)
	}

	if r := owner.login(u.Email, testPassword); r.Code != http.StatusSeeOther {
		t.Fatalf("the owner's known browser while strangers have the account locked: %d, want 303", r.Code)
	}
	// The owner is told, on the dashboard, for the session that followed.
	if r := owner.get("/admin"); !strings.Contains(r.Body, "Someone tried to sign in to your account") || !strings.Contains(r.Body, "locked against guessing") {
		t.Errorf("the dashboard does not tell the owner of the attempts:\n%s", excerpt(r.Body))
	}
	colleague.login(other.Email, testPassword)
	if r := colleague.get("/admin"); r.Code != http.StatusOK || strings.Contains(r.Body, "Someone tried") {
		t.Errorf("another account's dashboard (%d) tells of them", r.Code)
	}
	form := url.Values{"current_password": {testPassword}, "password": {usersNewPassword}, "password_confirm": {usersNewPassword}}
	if r := owner.post("/admin/account/password", form); r.Code != http.StatusSeeOther {
		t.Errorf("change password from the known browser while locked: %d %s", r.Code, excerpt(r.Body))
	}
	if r := attacker.login(u.Email, usersNewPassword); r.Code != http.StatusTooManyRequests {
		t.Errorf("the owner's login lifted the strangers' lock: %d", r.Code)
	}
	log, _, _ := ts.st.AuditLog(ts.ctx(), 20, 0)
	told := false
	for _, e := range log {
		told = told || (e.Action == "failed sign-ins" && strings.Contains(e.Detail, "locked"))
	}
	if !told {
		t.Error("the audit log does not tell of the throttled attempts")
	}

	delete(owner.cookies, admin.SessionCookie)
	for i := range auth.AccountThrottle.Max {
		owner.login(u.Email, "wrong password "+strconv.Itoa(i))
	}
	if r := owner.login(u.Email, usersNewPassword); r.Code != http.StatusTooManyRequests {
		t.Errorf("after %d wrong passwords from the known browser: %d, want 429", auth.AccountThrottle.Max, r.Code)
	}
}
