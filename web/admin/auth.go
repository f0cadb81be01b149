package admin

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"orgsite/internal/auth"
	"orgsite/internal/content"
	"orgsite/internal/store"
	view "orgsite/views/admin"
)

const (
	SessionCookie = "orgsite_session"
	loginCookie   = "orgsite_login"
	// deviceCookie marks a browser that signed in to an account before.
	deviceCookie = "orgsite_device"
)

// Headers keeps admin pages out of every cache.
func (s *Server) Headers(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-store")
		c.Response().Header().Set("X-Robots-Tag", "noindex, nofollow")
		return next(c)
	}
}

// LoadSession finds the visitor's session, if any, and checks its expiry.
func (s *Server) LoadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(SessionCookie)
		if err != nil || ck.Value == "" || len(ck.Value) > 100 {
			return next(c)
		}
		ctx, now := c.Request().Context(), s.Now()
		sess, err := s.Store.SessionByID(ctx, auth.HashToken(ck.Value))
		if errors.Is(err, content.ErrNotFound) {
			s.clearCookie(c, SessionCookie, "/admin")
			return next(c)
		} else if err != nil {
			return err
		}
		if sess.User.Disabled || !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeen) > auth.IdleTimeout {
			s.Store.DeleteSession(ctx, sess.ID)
			s.clearCookie(c, SessionCookie, "/admin")
			return next(c)
		}
		if now.Sub(sess.LastSeen) > time.Minute {
			if err := s.Store.TouchSession(ctx, sess.ID, now); err != nil {
				s.Log.Warn("touch session", "err", err)
			}
		}
		c.Set("session", &sess)
		c.SetRequest(c.Request().WithContext(content.WithActor(ctx, sess.User.ID)))
		return next(c)
	}
}

func sessionOf(c echo.Context) *store.Session {
	sess, _ := c.Get("session").(*store.Session)
	return sess
}

// RequireUser sends visitors without a session to the login form, and
// refuses any change they try to post.
func (s *Server) RequireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if sessionOf(c) != nil {
			return next(c)
		}
		if c.Request().Method != http.MethodGet {
			return echo.NewHTTPError(http.StatusForbidden, "Your session has ended. Please log in again; your last change was not saved.")
		}
		return c.Redirect(http.StatusSeeOther, "/admin/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
	}
}

// RequireAdmin lets only admins through: users and settings.
func (s *Server) RequireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if sess := sessionOf(c); sess == nil || sess.User.Role != auth.RoleAdmin {
			return echo.NewHTTPError(http.StatusForbidden, "Only administrators can do this.")
		}
		return next(c)
	}
}

// CheckCSRF refuses any state-changing request whose _csrf field (or
// X-CSRF-Token header) does not match the session's token, or, before
// Login, the login cookie's. Nothing is read or written before this check.
func (s *Server) CheckCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			return next(c)
		}
		want := ""
		if sess := sessionOf(c); sess != nil {
			want = sess.CSRF
		} else if ck, err := c.Cookie(loginCookie); err == nil {
			want = s.loginToken(ck.Value)
		}
		// A request with nothing to compare against is refused before its
		// body is read: anonymous posts cost no memory.
		got := r.Header.Get("X-CSRF-Token")
		if got == "" && want != "" {
			got = formToken(r)
		}
		if !auth.EqualTokens(want, got) {
			return echo.NewHTTPError(http.StatusForbidden, "This form has expired or did not come from this site. Go back, reload the page and try again.")
		}
		return next(c)
	}
}

// formToken reads the _csrf field. A multipart form keeps at most 1 MB of
// its parts in memory; larger files go to temporary files.
func formToken(r *http.Request) string {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return ""
		}
	}
	return r.FormValue("_csrf")
}

// loginToken is the login form's CSRF token for the nonce in its cookie: a
// MAC with a key only this server holds, so that a cookie and a field made
// up together by someone else never match.
func (s *Server) loginToken(nonce string) string {
	if nonce == "" {
		return ""
	}
	m := hmac.New(sha256.New, s.loginKey[:])
	m.Write([]byte("login\x00" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// BodyLimit bounds a request's body: the upload limit for signed-in staff,
// a few kilobytes for anyone else (the login form is all they can post).
func (s *Server) BodyLimit(next echo.HandlerFunc) echo.HandlerFunc {
	staff := middleware.BodyLimit(strconv.FormatInt(s.Config.MaxUpload+1<<20, 10) + "B")(next)
	anonymous := middleware.BodyLimit("64KB")(next)
	return func(c echo.Context) error {
		if sessionOf(c) != nil {
			return staff(c)
		}
		return anonymous(c)
	}
}

func (s *Server) setCookie(c echo.Context, name, value, path string, maxAge time.Duration) {
	c.SetCookie(&http.Cookie{Name: name, Value: value, Path: path, MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.Config.Secure(), SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearCookie(c echo.Context, name, path string) {
	c.SetCookie(&http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1, HttpOnly: true, Secure: s.Config.Secure(), SameSite: http.SameSiteLaxMode})
}

// safeNext keeps a post-login redirect inside the admin area.
func safeNext(next string) string {
	p, err := content.ParseLocalPath(next)
	if err == nil && p.Under("/admin") && !p.Under("/admin/login") {
		return next
	}
	return "/admin"
}

// LoginForm shows the login form with a fresh CSRF cookie.
func (s *Server) LoginForm(c echo.Context) error {
	if sessionOf(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/admin")
	}
	return s.renderLogin(c, http.StatusOK, view.LoginPage{CSRF: s.newLoginToken(c), Next: safeNext(c.QueryParam("next"))})
}

// newLoginToken gives a form before sign-in its CSRF token: a fresh nonce
// in a cookie, and the token made of it (see loginToken).
func (s *Server) newLoginToken(c echo.Context) string {
	nonce := auth.RandomToken(24)
	s.setCookie(c, loginCookie, nonce, "/admin", time.Hour)
	return s.loginToken(nonce)
}

func (s *Server) renderLogin(c echo.Context, status int, p view.LoginPage) error {
	set, err := s.Store.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	p.SiteName = set.SiteName()
	return s.render(c, status, view.Login(p))
}

// LoginFailed is the one answer for an unknown email, a wrong password and
// a disabled account, so the form tells an attacker nothing.
const LoginFailed = "The email or password is not correct."

// Login checks the posted email and password, throttled per account and
// per address, and starts a session.
func (s *Server) Login(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	email := strings.TrimSpace(c.FormValue("email"))
	password := c.FormValue("password")
	p := view.LoginPage{Email: email, CSRF: c.FormValue("_csrf"), Next: safeNext(c.FormValue("next"))}
	if email == "" || password == "" || len(email) > 254 || len(password) > 1024 {
		p.Error = "Enter your email and password."
		return s.renderLogin(c, http.StatusUnprocessableEntity, p)
	}
	account := "account:" + strings.ToLower(email)
	keys, limits := []string{account, "address:" + auth.AddressKey(clientIP(c))}, []auth.Throttle{auth.AccountThrottle, auth.AddressThrottle}
	device, err := s.knownDevice(c, email)
	if err != nil {
		return err
	}
	if device != "" {
		// A browser this account signed in from before is throttled on its
		// own: strangers' guesses, which lock the account, do not lock
		// out its owner, and a stolen cookie still guesses slowly.
		keys, limits = []string{"device:" + device}, []auth.Throttle{auth.AccountThrottle}
	}
	attempt, wait, err := s.reserveAttempt(ctx, keys, now, limits...)
	if err != nil {
		return err
	}
	if wait > 0 {
		secs := int(wait.Seconds()) + 1
		c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
		p.Error = "Too many failed attempts. Please wait " + humanWait(secs) + " and try again."
		s.Metrics.Throttled()
		return s.renderLogin(c, http.StatusTooManyRequests, p)
	}
	u, err := s.checkLogin(ctx, email, password)
	if errors.Is(err, errLoginFailed) {
		// The attempt was counted before the check; it stays counted.
		s.Log.Info("login failed", "ip", clientIP(c))
		p.Error = LoginFailed
		return s.renderLogin(c, http.StatusUnauthorized, p)
	} else if err != nil {
		return err
	}
	if err := s.Store.ForgetLoginAttempts(ctx, attempt); err != nil {
		s.Log.Warn("forget login attempt", "err", err)
	}
	if u.TwoFactor {
		return s.passwordOK(c, u, p.Next) // the code, then the session
	}
	if err := s.startSession(c, u, now); err != nil {
		return err
	}
	if err := s.signedIn(c, u, account, device, now); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, p.Next)
}

// knownDevice is the hash of the request's device cookie when it signed in
// to the account with email before, else "".
func (s *Server) knownDevice(c echo.Context, email string) (string, error) {
	ck, err := c.Cookie(deviceCookie)
	if err != nil || ck.Value == "" || len(ck.Value) > 64 {
		return "", nil
	}
	hash := auth.HashToken(ck.Value)
	known, err := s.Store.KnownDevice(c.Request().Context(), hash, email)
	if !known || err != nil {
		return "", err
	}
	return hash, nil
}

// failedSignIns is the audit action that records failed attempts on an
// account, written at its owner's next sign-in and shown on their dashboard.
const failedSignIns = "failed sign-ins"

// signedIn finishes a login: it tells the audit log of the failed attempts
// on the account in the last day (and whether they locked it), and a new
// browser gets its device cookie and clears the account's failures.
func (s *Server) signedIn(c echo.Context, u store.User, account, device string, now time.Time) error {
	ctx := c.Request().Context()
	failed, err := s.Store.CountLoginFailures(ctx, account, now.Add(-24*time.Hour))
	if err != nil {
		return err
	}
	if failed > 0 {
		detail := strconv.Itoa(failed) + " failed sign-in attempts on this account in the last 24 hours"
		if failed >= auth.AccountThrottle.Max {
			detail += "; it was locked against guessing for a while"
		}
		s.Store.Audit(content.WithActor(ctx, u.ID), now, failedSignIns, "user "+strconv.FormatInt(u.ID, 10), detail)
	}
	if device != "" {
		// Strangers stay locked out: the owner's known browser got in
		// past their lock, which is not theirs to lift.
		return nil
	}
	if err := s.Store.ClearLoginFailures(ctx, account); err != nil {
		return err
	}
	token, hash := auth.NewSessionToken()
	if err := s.Store.AddDevice(ctx, hash, u.ID, now); err != nil {
		return err
	}
	s.setCookie(c, deviceCookie, token, "/admin", 365*24*time.Hour)
	return nil
}

// reserveAttempt counts a login attempt against each key (with the
// throttle of the same index) before the password is checked, so that
// parallel guesses cannot all pass the limit. It gives the attempts
// counted, or how long to wait (nothing counted then).
func (s *Server) reserveAttempt(ctx context.Context, keys []string, now time.Time, limits ...auth.Throttle) ([]int64, time.Duration, error) {
	attempts := make([]store.Attempt, len(keys))
	for i, k := range keys {
		attempts[i] = store.Attempt{Key: k, Since: now.Add(-limits[i].Window)}
	}
	return s.Store.ReserveLoginAttempt(ctx, attempts, now, func(i int, failures []time.Time) time.Duration {
		return limits[i].RetryAfter(failures, now)
	})
}

// errLoginFailed is an unknown email, a wrong password or a disabled
// account, which the form does not tell apart.
var errLoginFailed = errors.New("login failed")

// checkLogin finds the user with email and checks the password, taking
// the same time whether or not the account exists.
func (s *Server) checkLogin(ctx context.Context, email, password string) (store.User, error) {
	u, err := s.Store.UserByEmail(ctx, email)
	switch {
	case errors.Is(err, content.ErrNotFound):
		auth.BurnTime(password)
		return u, errLoginFailed
	case err != nil:
		return u, err
	}
	if auth.CheckPassword(u.PasswordHash, password) != nil || u.Disabled {
		return u, errLoginFailed
	}
	return u, nil
}

// startSession signs u in with a new session. A new session id at every
// login: a token planted before login (session fixation) is worthless
// after it.
func (s *Server) startSession(c echo.Context, u store.User, now time.Time) error {
	ctx := c.Request().Context()
	if old, err := c.Cookie(SessionCookie); err == nil {
		s.Store.DeleteSession(ctx, auth.HashToken(old.Value))
	}
	token, hash := auth.NewSessionToken()
	sess := store.Session{ID: hash, User: u, CSRF: auth.RandomToken(24), CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(auth.MaxAge)}
	if err := s.Store.CreateSession(ctx, &sess, clientIP(c), c.Request().UserAgent()); err != nil {
		return err
	}
	// Housekeeping where it is cheap: expired sessions go at each login.
	if err := s.Store.PurgeSessions(ctx, now, auth.IdleTimeout); err != nil {
		s.Log.Warn("purge sessions", "err", err)
	}
	s.Store.Audit(content.WithActor(ctx, u.ID), now, "logged in", "user "+strconv.FormatInt(u.ID, 10), "")
	s.setCookie(c, SessionCookie, token, "/admin", auth.MaxAge)
	s.clearCookie(c, loginCookie, "/admin")
	return nil
}

func humanWait(secs int) string {
	if secs < 90 {
		return strconv.Itoa(secs) + " seconds"
	}
	return strconv.Itoa((secs+59)/60) + " minutes"
}

// Logout ends the session.
func (s *Server) Logout(c echo.Context) error {
	if sess := sessionOf(c); sess != nil {
		if err := s.Store.DeleteSession(c.Request().Context(), sess.ID); err != nil {
			return err
		}
	}
	s.clearCookie(c, SessionCookie, "/admin")
	return c.Redirect(http.StatusSeeOther, "/admin/login?out=1")
}

// clientIP is the client's address: the peer's, or what a trusted proxy
// says it is (--trusted-proxies; web sets echo's IPExtractor).
func clientIP(c echo.Context) string { return c.RealIP() }
