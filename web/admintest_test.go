package web

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"orgsite/internal/auth"
	"orgsite/internal/store"
)

// staff is a logged-in browser: it keeps the session cookie and sends the
// CSRF token with every form, as the admin's pages do.
type staff struct {
	ts      *testServer
	cookies map[string]string
	csrf    string
	user    store.User
}

const testPassword = "correct horse battery staple"

// addUser creates an account directly in the store.
func (ts *testServer) addUser(role, email string) store.User {
	ts.t.Helper()
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		ts.t.Fatal(err)
	}
	u := store.User{Email: email, Name: strings.Split(email, "@")[0], Role: role, PasswordHash: hash}
	if err := ts.st.CreateUser(ts.ctx(), &u, ts.clock.Now()); err != nil {
		ts.t.Fatalf("add user: %v", err)
	}
	return u
}

// anonymous is a browser without a session.
func (ts *testServer) anonymous() *staff { return &staff{ts: ts, cookies: map[string]string{}} }

// loginAs creates an account with the role and logs it in through the form.
func (ts *testServer) loginAs(role string) *staff {
	ts.t.Helper()
	u := ts.addUser(role, role+"@example.org")
	s := ts.anonymous()
	s.user = u
	if r := s.login(u.Email, testPassword); r.Code != http.StatusSeeOther {
		ts.t.Fatalf("login as %s: %d %s", role, r.Code, excerpt(r.Body))
	}
	return s
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// login fetches the form (for its CSRF cookie and token) and posts it.
func (s *staff) login(email, password string) response {
	s.ts.t.Helper()
	r := s.get("/admin/login")
	if m := csrfField.FindStringSubmatch(r.Body); m != nil {
		s.csrf = m[1]
	}
	r = s.post("/admin/login", url.Values{"email": {email}, "password": {password}})
	if r.Code == http.StatusSeeOther {
		page := s.get("/admin")
		if m := csrfField.FindStringSubmatch(page.Body); m != nil {
			s.csrf = m[1]
		}
	}
	return r
}

func (s *staff) send(req *http.Request) response {
	req.RemoteAddr = "192.0.2.7:4321"
	for k, v := range s.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	rec := httptest.NewRecorder()
	s.ts.srv.ServeHTTP(rec, req)
	res := rec.Result()
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(s.cookies, c.Name)
		} else {
			s.cookies[c.Name] = c.Value
		}
	}
	body, _ := io.ReadAll(res.Body)
	return response{Code: res.StatusCode, Header: res.Header, Body: string(body)}
}

func (s *staff) get(target string) response {
	return s.send(httptest.NewRequest(http.MethodGet, target, nil))
}

// mustSee fetches target and fails the test unless it answers 200 with
// every one of wants in the body; what names the page in the failure.
func (s *staff) mustSee(what, target string, wants ...string) response {
	s.ts.t.Helper()
	r := s.get(target)
	ok := r.Code == http.StatusOK
	for _, w := range wants {
		ok = ok && strings.Contains(r.Body, w)
	}
	if !ok {
		s.ts.t.Fatalf("%s: %d %s", what, r.Code, excerpt(r.Body))
	}
	return r
}

// mustPost sends a form and fails the test unless it answers 303 (saved);
// what names the step in the failure.
func (s *staff) mustPost(what, target string, form url.Values) response {
	s.ts.t.Helper()
	r := s.post(target, form)
	if r.Code != http.StatusSeeOther {
		s.ts.t.Fatalf("%s: %d %s", what, r.Code, excerpt(r.Body))
	}
	return r
}

// wantGet reports each target whose GET does not answer want.
func (s *staff) wantGet(want int, targets ...string) {
	s.ts.t.Helper()
	for _, target := range targets {
		if r := s.get(target); r.Code != want {
			s.ts.t.Errorf("GET %s: %d", target, r.Code)
		}
	}
}

// post sends a form with the CSRF token added (unless the form has one).
func (s *staff) post(target string, form url.Values) response {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", s.csrf)
	}
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.send(req)
}

// upload is a file in a multipart form.
type upload struct {
	field, name string
	body        []byte
}

// postMultipart sends a multipart form with files and the CSRF token.
func (s *staff) postMultipart(target string, form url.Values, files ...upload) response {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", s.csrf)
	}
	for k, vs := range form {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, _ := w.CreateFormFile(f.field, f.name)
		fw.Write(f.body)
	}
	w.Close()
	req := httptest.NewRequest(http.MethodPost, target, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return s.send(req)
}

func TestAdminNeedsLogin(t *testing.T) {
	ts := newTestServer(t)
	r := ts.anonymous().get("/admin/news")
	if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/login?next=") {
		t.Fatalf("GET /admin/news without session: %d %q", r.Code, r.Header.Get("Location"))
	}
	if r := ts.anonymous().post("/admin/news/new", url.Values{"title": {"x"}}); r.Code != http.StatusForbidden {
		t.Fatalf("POST without session: %d", r.Code)
	}
}

func storeFilterAll() store.ListFilter { return store.ListFilter{Limit: 1000} }
