package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/auth"
	"orgsite/internal/content"
	mailer "orgsite/internal/mail"
	"orgsite/internal/store"
	view "orgsite/views/admin"
)

// How long the links of account emails stay valid (SPEC, Staff accounts).
const (
	resetTTL  = time.Hour
	inviteTTL = 72 * time.Hour
)

// forgotThrottle bounds the reset mails one address can be sent: a form
// anyone can post must not become a way to flood someone's inbox.
var forgotThrottle = auth.Throttle{Max: 3, Window: time.Hour}

// gatePage is the frame of a screen before sign-in, with a fresh CSRF
// nonce for its form (as the login form has).
func (s *Server) gatePage(c echo.Context, title string) (view.GatePage, error) {
	set, err := s.Store.Settings(c.Request().Context())
	if err != nil {
		return view.GatePage{}, err
	}
	return view.GatePage{SiteName: set.SiteName(), Title: title, CSRF: s.newLoginToken(c), MinLen: auth.MinPasswordLen, Errors: view.Errors{}}, nil
}

// ForgotForm asks for the email of a forgotten password.
func (s *Server) ForgotForm(c echo.Context) error {
	p, err := s.gatePage(c, "Forgot your password?")
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, view.Forgot(p))
}

// forgotAnswer is the one answer for known and unknown addresses alike.
const forgotAnswer = "If this address belongs to an account, a link to choose a new password is on its way. It works once, for one hour. Nothing after a few minutes? Check the spam folder, or ask an administrator."

// Forgot sends a reset link to a known, active account's address, and
// answers the same whatever the address: the form tells nobody which
// addresses have accounts. Requests are throttled per address and per
// client.
func (s *Server) Forgot(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	p, err := s.gatePage(c, "Forgot your password?")
	if err != nil {
		return err
	}
	p.Email = strings.TrimSpace(c.FormValue("email"))
	if p.Email == "" || len(p.Email) > 254 || !strings.Contains(p.Email, "@") {
		p.Error = "Enter the email you log in with."
		return s.render(c, http.StatusUnprocessableEntity, view.Forgot(p))
	}
	keys := []string{"forgot:" + strings.ToLower(p.Email), "address:" + auth.AddressKey(clientIP(c))}
	if _, wait, err := s.reserveAttempt(ctx, keys, now, forgotThrottle, auth.AddressThrottle); err != nil {
		return err
	} else if wait > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		p.Error = "Too many requests. Please wait " + humanWait(int(wait.Seconds())+1) + " and try again."
		s.Metrics.Throttled()
		return s.render(c, http.StatusTooManyRequests, view.Forgot(p))
	}
	u, err := s.Store.UserByEmail(ctx, p.Email)
	if err == nil && !u.Disabled && !u.Invited() {
		// A failure to send is logged, not shown: the answer must not
		// differ for a known address.
		if err := s.sendLink(ctx, store.TokenReset, u, now); err != nil && !errors.Is(err, mailer.ErrNotSent) {
			return err
		}
	} else if err != nil && !errors.Is(err, content.ErrNotFound) {
		return err
	}
	p.Notice, p.Email = forgotAnswer, ""
	return s.render(c, http.StatusOK, view.Forgot(p))
}

// sendLink makes a single-use link of kind for u and emails it. A mail
// that could not be sent is logged with why and returned (matching
// mailer.ErrNotSent); the link stays valid, and a new one replaces it.
func (s *Server) sendLink(ctx context.Context, kind string, u store.User, now time.Time) error {
	token, hash := auth.NewSessionToken()
	if err := s.Store.AddToken(ctx, kind, u.ID, hash, now, linkTTL(kind)); err != nil {
		return err
	}
	return s.mailLink(ctx, kind, u, token)
}

func linkTTL(kind string) time.Duration {
	if kind == store.TokenInvite {
		return inviteTTL
	}
	return resetTTL
}

// mailLink writes the email of a link: plain text, the absolute link, no
// password in it.
func (s *Server) mailLink(ctx context.Context, kind string, u store.User, token string) error {
	set, err := s.Store.Settings(ctx)
	if err != nil {
		return err
	}
	site := set.SiteName()
	link := s.Config.BaseURL + "/admin/" + kind + "/" + token
	m := mailer.Message{To: u.Email, Subject: "Choose a new password for " + site,
		Text: "Hello " + u.Name + ",\n\nsomeone (we hope you) asked to reset the password of your account on " + site +
			".\nChoose a new one here; the link works once, for one hour:\n\n" + link +
			"\n\nIf you did not ask for this, ignore this email: your password stays as it is.\n"}
	if kind == store.TokenInvite {
		m.Subject = "You are invited to the website of " + site
		m.Text = "Hello " + u.Name + ",\n\nyou have an account on the website of " + site + ".\nChoose your password here to start; the link works once, for 72 hours:\n\n" +
			link + "\n\nYou sign in at " + s.Config.BaseURL + "/admin with this email address (" + u.Email + ").\n"
	}
	if err := s.Mail.Send(ctx, m); err != nil {
		s.Log.Error("account email not sent", "kind", kind, "to", u.Email, "err", err)
		return err
	}
	return nil
}

// linkKind reads which link a route serves: /admin/reset/… or
// /admin/invite/….
func linkKind(c echo.Context) string {
	if strings.HasPrefix(c.Path(), "/admin/invite") {
		return store.TokenInvite
	}
	return store.TokenReset
}

// LinkForm opens a reset or invitation link: the password form, or a page
// that says why the link cannot be used and what to do.
func (s *Server) LinkForm(c echo.Context) error {
	kind := linkKind(c)
	token := c.Param("token")
	u, err := s.linkUser(c, kind, token)
	if err != nil {
		return s.linkProblem(c, kind, err)
	}
	p, err := s.gatePage(c, linkTitle(kind))
	if err != nil {
		return err
	}
	p.Email, p.Action = u.Email, "/admin/"+kind+"/"+token
	return s.render(c, http.StatusOK, view.ChoosePassword(p))
}

func linkTitle(kind string) string {
	if kind == store.TokenInvite {
		return "Welcome: choose your password"
	}
	return "Choose a new password"
}

func (s *Server) linkUser(c echo.Context, kind, token string) (store.User, error) {
	if len(token) < 20 || len(token) > 100 {
		return store.User{}, content.ErrNotFound
	}
	return s.Store.TokenUser(c.Request().Context(), kind, auth.HashToken(token), s.Now())
}

// linkProblem answers a link that is unknown (404) or used or expired
// (410) with the way on; any other error is the server's.
func (s *Server) linkProblem(c echo.Context, kind string, err error) error {
	status := http.StatusNotFound
	switch {
	case errors.Is(err, content.ErrGone):
		status = http.StatusGone
	case !errors.Is(err, content.ErrNotFound):
		return err
	}
	p, perr := s.gatePage(c, "This link cannot be used")
	if perr != nil {
		return perr
	}
	p.Error = "This link has expired, was already used, or is not complete. Links work once, for a limited time."
	p.Action = "/admin/forgot"
	if kind == store.TokenInvite {
		p.Error = "This invitation has expired or was already used. Ask the administrator who invited you to send a new one."
		p.Action = "/admin/login"
	}
	return s.render(c, status, view.LinkProblem(p))
}

// UseLink sets the password from a reset or invitation link: the link is
// spent, every session of the account ends, and the person is signed in
// here (or asked for their second factor first).
func (s *Server) UseLink(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	kind, token := linkKind(c), c.Param("token")
	u, err := s.linkUser(c, kind, token)
	if err != nil {
		return s.linkProblem(c, kind, err)
	}
	errs := view.Errors{}
	pw := newPassword(c, errs)
	if len(errs) > 0 {
		p, err := s.gatePage(c, linkTitle(kind))
		if err != nil {
			return err
		}
		p.Email, p.Action, p.Errors = u.Email, "/admin/"+kind+"/"+token, errs
		return s.render(c, http.StatusUnprocessableEntity, view.ChoosePassword(p))
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	if u, err = s.Store.RedeemToken(ctx, kind, auth.HashToken(token), hash, now); err != nil {
		return s.linkProblem(c, kind, err)
	}
	if err := s.Store.ClearLoginFailures(ctx, "account:"+strings.ToLower(u.Email)); err != nil {
		s.Log.Warn("clear login failures", "err", err)
	}
	return s.passwordOK(c, u, "/admin?msg=password-set")
}
