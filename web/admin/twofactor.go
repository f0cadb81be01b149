package admin

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/auth"
	"orgsite/internal/content"
	"orgsite/internal/store"
	view "orgsite/views/admin"
)

// pendingCookie holds a checked password that waits for its second factor:
// the account, until when, and where to go next, signed with the server's
// key. It is no session: it opens only /admin/login/2fa.
const pendingCookie = "orgsite_2fa"

// pendingTTL is how long the code may take after the password.
const pendingTTL = 5 * time.Minute

func (s *Server) pendingMAC(payload string) string {
	m := hmac.New(sha256.New, s.loginKey[:])
	m.Write([]byte("2fa\x00" + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// passwordOK goes on after a correct password (at login, or from a reset
// or invitation link): to the second factor when the account has one,
// else into a new session.
func (s *Server) passwordOK(c echo.Context, u store.User, next string) error {
	now := s.Now()
	if u.TwoFactor {
		payload := strconv.FormatInt(u.ID, 10) + "." + strconv.FormatInt(now.Add(pendingTTL).Unix(), 10) + "." +
			base64.RawURLEncoding.EncodeToString([]byte(next))
		s.setCookie(c, pendingCookie, payload+"."+s.pendingMAC(payload), "/admin", pendingTTL)
		return c.Redirect(http.StatusSeeOther, "/admin/login/2fa")
	}
	if err := s.startSession(c, u, now); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, next)
}

// pending reads the pending cookie: the account and where to go next;
// content.ErrNotFound when there is none, or it is forged or stale.
func (s *Server) pending(c echo.Context) (store.User, string, error) {
	ck, err := c.Cookie(pendingCookie)
	if err != nil || len(ck.Value) > 600 {
		return store.User{}, "", content.ErrNotFound
	}
	i := strings.LastIndexByte(ck.Value, '.')
	if i < 0 || !auth.EqualTokens(s.pendingMAC(ck.Value[:i]), ck.Value[i+1:]) {
		return store.User{}, "", content.ErrNotFound
	}
	parts := strings.SplitN(ck.Value[:i], ".", 3)
	id, err1 := strconv.ParseInt(parts[0], 10, 64)
	until, err2 := strconv.ParseInt(parts[1], 10, 64)
	next, err3 := base64.RawURLEncoding.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || s.Now().Unix() >= until {
		return store.User{}, "", content.ErrNotFound
	}
	u, err := s.Store.UserByID(c.Request().Context(), id)
	if errors.Is(err, content.ErrNotFound) || u.Disabled || !u.TwoFactor {
		return u, "", content.ErrNotFound
	}
	return u, safeNext(string(next)), err
}

// SecondStepForm asks for the code after the password.
func (s *Server) SecondStepForm(c echo.Context) error {
	if _, _, err := s.pending(c); err != nil {
		return c.Redirect(http.StatusSeeOther, "/admin/login")
	}
	p, err := s.gatePage(c, "Two-factor sign-in")
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, view.SecondStep(p))
}

// SecondStep checks the code: a TOTP code of the current step (or the one
// either side) never used before, or an unused recovery code. Wrong codes
// are throttled like passwords.
func (s *Server) SecondStep(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	u, next, err := s.pending(c)
	if errors.Is(err, content.ErrNotFound) {
		return c.Redirect(http.StatusSeeOther, "/admin/login")
	} else if err != nil {
		return err
	}
	p, err := s.gatePage(c, "Two-factor sign-in")
	if err != nil {
		return err
	}
	keys := []string{"2fa:" + strconv.FormatInt(u.ID, 10), "address:" + auth.AddressKey(clientIP(c))}
	attempt, wait, err := s.reserveAttempt(ctx, keys, now, auth.AccountThrottle, auth.AddressThrottle)
	if err != nil {
		return err
	}
	if wait > 0 {
		secs := int(wait.Seconds()) + 1
		c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
		p.Error = "Too many wrong codes. Please wait " + humanWait(secs) + " and try again."
		s.Metrics.Throttled()
		return s.render(c, http.StatusTooManyRequests, view.SecondStep(p))
	}
	ok, err := s.checkCode(c, u, c.FormValue("code"))
	if err != nil {
		return err
	}
	if !ok {
		s.Log.Info("wrong second factor", "ip", clientIP(c))
		p.Error = "The code is not correct, or was used already. Type the code your app shows now."
		return s.render(c, http.StatusUnauthorized, view.SecondStep(p))
	}
	if err := s.Store.ForgetLoginAttempts(ctx, attempt); err != nil {
		s.Log.Warn("forget login attempt", "err", err)
	}
	s.clearCookie(c, pendingCookie, "/admin")
	if err := s.startSession(c, u, now); err != nil {
		return err
	}
	device, err := s.knownDevice(c, u.Email)
	if err != nil {
		return err
	}
	if err := s.signedIn(c, u, "account:"+strings.ToLower(u.Email), device, now); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, next)
}

// checkCode checks a second-factor code for u, spending it when it is
// right.
func (s *Server) checkCode(c echo.Context, u store.User, code string) (bool, error) {
	ctx, now := c.Request().Context(), s.Now()
	if len(code) > 40 {
		return false, nil
	}
	if auth.LooksLikeRecoveryCode(code) {
		return s.Store.UseRecoveryCode(ctx, u.ID, auth.RecoveryHash(code), now)
	}
	step, ok := auth.CheckTOTP(u.TOTPSecret, code, now)
	if !ok {
		return false, nil
	}
	return s.Store.AcceptStep(ctx, u.ID, step)
}

// RequireTwoFactor sends everyone without two-factor sign-in to set it up
// first when the site requires it (Settings, require_2fa).
func (s *Server) RequireTwoFactor(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess := sessionOf(c)
		p := c.Request().URL.Path
		if sess == nil || sess.User.TwoFactor || p == "/admin/account/2fa" || p == "/admin/logout" || !s.settings(c.Request().Context()).Require2FA {
			return next(c)
		}
		if c.Request().Method != http.MethodGet {
			return echo.NewHTTPError(http.StatusForbidden, "This site requires two-factor sign-in: set it up under My account first.")
		}
		return c.Redirect(http.StatusSeeOther, "/admin/account/2fa")
	}
}

// TwoFactor shows two-factor sign-in: how to set it up (a new secret, kept
// until it is confirmed), or that it is on.
func (s *Server) TwoFactor(c echo.Context) error {
	return s.renderTwoFactor(c, http.StatusOK, view.Errors{}, nil)
}

func (s *Server) renderTwoFactor(c echo.Context, status int, errs view.Errors, codes []string) error {
	ctx := c.Request().Context()
	u, err := s.Store.UserByID(ctx, sessionOf(c).User.ID)
	if err != nil {
		return err
	}
	ch, err := s.chromeFlash(c, "Two-factor sign-in")
	if err != nil {
		return err
	}
	p := view.TwoFactorPage{Chrome: ch, On: u.TwoFactor, Required: s.settings(ctx).Require2FA, Codes: codes, Errors: errs}
	if u.TwoFactor {
		if p.Left, err = s.Store.RecoveryCodesLeft(ctx, u.ID); err != nil {
			return err
		}
		return s.render(c, status, view.TwoFactor(p))
	}
	e, err := s.enrolment(c, u)
	if err != nil {
		return err
	}
	p.Secret, p.QR = e.Secret, e.QR
	return s.render(c, status, view.TwoFactor(p))
}

// enrolment is the secret being set up: the one kept since the page was
// first shown (the app may have scanned it), else a new one.
func (s *Server) enrolment(c echo.Context, u store.User) (auth.Enrolment, error) {
	issuer := s.settings(c.Request().Context()).SiteName()
	if u.TOTPSecret != "" {
		return auth.EnrolmentOf(u.TOTPSecret, issuer, u.Email)
	}
	e, err := auth.NewEnrolment(issuer, u.Email)
	if err != nil {
		return e, err
	}
	return e, s.Store.StartTwoFactor(c.Request().Context(), u.ID, e.Secret)
}

// TwoFactorConfirm turns two-factor sign-in on with a first code from the
// app, and shows the recovery codes once. The user's other sessions end.
func (s *Server) TwoFactorConfirm(c echo.Context) error {
	ctx, now, sess := c.Request().Context(), s.Now(), sessionOf(c)
	u, err := s.Store.UserByID(ctx, sess.User.ID)
	if err != nil {
		return err
	}
	if u.TwoFactor || u.TOTPSecret == "" {
		return c.Redirect(http.StatusSeeOther, "/admin/account/2fa")
	}
	step, ok := auth.CheckTOTP(u.TOTPSecret, c.FormValue("code"), now)
	if !ok {
		return s.renderTwoFactor(c, http.StatusUnprocessableEntity, view.Errors{"code": "The code is not correct. Check that the app shows this site, and type the code it shows now."}, nil)
	}
	codes, hashes := auth.RecoveryCodes(10)
	if err := s.Store.EnableTwoFactor(ctx, u.ID, step, hashes, sess.ID, now); errors.Is(err, content.ErrConflict) {
		return c.Redirect(http.StatusSeeOther, "/admin/account/2fa")
	} else if err != nil {
		return err
	}
	sess.User.TwoFactor = true // this request's chrome
	return s.renderTwoFactor(c, http.StatusOK, view.Errors{}, codes)
}

// TwoFactorRecovery replaces the recovery codes and shows the new ones.
func (s *Server) TwoFactorRecovery(c echo.Context) error {
	sess := sessionOf(c)
	if !sess.User.TwoFactor {
		return c.Redirect(http.StatusSeeOther, "/admin/account/2fa")
	}
	codes, hashes := auth.RecoveryCodes(10)
	if err := s.Store.ReplaceRecoveryCodes(c.Request().Context(), sess.User.ID, hashes, s.Now()); err != nil {
		return err
	}
	return s.renderTwoFactor(c, http.StatusOK, view.Errors{}, codes)
}

// TwoFactorOff turns two-factor sign-in off after the password, unless
// the site requires it; the user's other sessions end.
func (s *Server) TwoFactorOff(c echo.Context) error {
	ctx, now, sess := c.Request().Context(), s.Now(), sessionOf(c)
	if s.settings(ctx).Require2FA {
		return echo.NewHTTPError(http.StatusForbidden, "This site requires two-factor sign-in; it cannot be turned off.")
	}
	key, err := s.passwordKey(c, sess.User.Email)
	if err != nil {
		return err
	}
	attempt, wait, err := s.reserveAttempt(ctx, []string{key}, now, auth.AccountThrottle)
	if err != nil {
		return err
	}
	if wait > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return s.renderTwoFactor(c, http.StatusTooManyRequests, view.Errors{"password": "Too many wrong passwords. Please wait and try again."}, nil)
	}
	pw := c.FormValue("password")
	if len(pw) > 1024 || auth.CheckPassword(sess.User.PasswordHash, pw) != nil {
		return s.renderTwoFactor(c, http.StatusUnprocessableEntity, view.Errors{"password": "The password is not correct."}, nil)
	}
	if err := s.Store.ForgetLoginAttempts(ctx, attempt); err != nil {
		return err
	}
	if err := s.Store.DisableTwoFactor(ctx, sess.User.ID, sess.ID, "two-factor sign-in off", now); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/account/2fa?msg=2fa-off")
}
