package admin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"orgsite/internal/auth"
	view "orgsite/views/admin"
)

// Account shows the signed-in user's own account.
func (s *Server) Account(c echo.Context) error {
	return s.renderAccount(c, http.StatusOK, sessionOf(c).User.Name, view.Errors{})
}

func (s *Server) renderAccount(c echo.Context, status int, name string, errs view.Errors) error {
	ch, err := s.chromeFlash(c, "My account")
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		ch.PageTitle = "Error: " + ch.PageTitle
	}
	u := sessionOf(c).User
	return s.render(c, status, view.Account(view.AccountPage{Chrome: ch, TwoFactor: u.TwoFactor, Email: u.Email, Role: u.Role, Name: name,
		MinLen: auth.MinPasswordLen, Errors: errs}))
}

// AccountName changes the signed-in user's name.
func (s *Server) AccountName(c echo.Context) error {
	errs := view.Errors{}
	name := userName(c, errs)
	if len(errs) > 0 {
		return s.renderAccount(c, http.StatusUnprocessableEntity, name, errs)
	}
	if err := s.Store.SetUserName(c.Request().Context(), sessionOf(c).User.ID, name, s.Now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/account?saved=1")
}

// AccountPassword changes the user's own password. The current password is
// asked for, so that a session left open on a shared computer cannot take
// the account over; wrong guesses count as failed logins and are throttled
// the same way.
func (s *Server) AccountPassword(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	sess := sessionOf(c)
	errs := view.Errors{}
	key, err := s.passwordKey(c, sess.User.Email)
	if err != nil {
		return err
	}
	attempt, wait, err := s.reserveAttempt(ctx, []string{key}, now, auth.AccountThrottle)
	if err != nil {
		return err
	}
	if wait > 0 {
		secs := int(wait.Seconds()) + 1
		c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
		errs["current_password"] = "Too many wrong passwords. Please wait " + humanWait(secs) + " and try again."
		s.Metrics.Throttled()
		return s.renderAccount(c, http.StatusTooManyRequests, sess.User.Name, errs)
	}
	current := c.FormValue("current_password")
	pw := newPassword(c, errs)
	if current == "" {
		errs["current_password"] = "Give your current password."
		if err := s.Store.ForgetLoginAttempts(ctx, attempt); err != nil { // no guess was made
			return err
		}
	} else if len(current) > 1024 || auth.CheckPassword(sess.User.PasswordHash, current) != nil {
		errs["current_password"] = "The current password is not correct." // the attempt stays counted
	} else if err := s.Store.ForgetLoginAttempts(ctx, attempt); err != nil {
		return err
	}
	if len(errs) == 0 && pw == current {
		errs["password"] = "The new password is the same as the current one. Choose a different one."
	}
	if len(errs) > 0 {
		return s.renderAccount(c, http.StatusUnprocessableEntity, sess.User.Name, errs)
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := s.Store.ChangeOwnPassword(ctx, sess.User.ID, hash, sess.ID, now); err != nil {
		return err
	}
	if err := s.Store.ClearLoginFailures(ctx, key); err != nil {
		s.Log.Warn("clear login failures", "err", err)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/account?msg=password")
}

// passwordKey is what wrong current passwords count against: the browser,
// when it signed in before (as at login, strangers' guesses do not lock
// the owner out), else the account.
func (s *Server) passwordKey(c echo.Context, email string) (string, error) {
	device, err := s.knownDevice(c, email)
	if device == "" || err != nil {
		return "account:" + strings.ToLower(email), err
	}
	return "device:" + device, nil
}
