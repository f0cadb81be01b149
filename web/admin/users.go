package admin

import (
	"errors"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"orgsite/internal/auth"
	"orgsite/internal/content"
	mailer "orgsite/internal/mail"
	"orgsite/internal/store"
	view "orgsite/views/admin"
)

var roleOptions = []view.Option{{Value: auth.RoleEditor, Label: "Editor"}, {Value: auth.RoleContributor, Label: "Contributor (drafts for review)"},
	{Value: auth.RoleAdmin, Label: "Admin"}}

func validRole(r string) bool { return auth.ValidRole(r) }

// flashes are the success messages a redirect may ask for with ?msg=; the
// text is never taken from the request.
var flashes = map[string]string{
	"created":   "User added. They can log in now.",
	"reset":     "Password reset. The user has been logged out everywhere.",
	"disabled":  "Account disabled. The user has been logged out everywhere.",
	"enabled":   "Account enabled. The user can log in again.",
	"password":  "Password changed. Your other sessions have been logged out.",
	"restored":  "Restored. The item is back in its list with its former status.",
	"purged":    "Deleted permanently. Its address now answers “gone”.",
	"added":     "Redirect added.",
	"deleted":   "Redirect deleted.",
	"unchanged": "Nothing was changed.",
	"invited":   "Invitation sent. The link in it works for 72 hours.",
	"invite-logged": "Email is off on this server: the invitation link was written to the server's log. Pass it on to the person " +
		"yourself, or set up --smtp-url.",
	"invite-failed": "The email could not be sent: the account waits for its invitation. The server's log says why; " +
		"send the invitation again once the mail server works.",
	"2fa-reset":      "Two-factor sign-in turned off for this account; they were signed out everywhere.",
	"password-set":   "Your password is saved. You are signed in.",
	"2fa-off":        "Two-factor sign-in is off.",
	"session-ended":  "Signed out there.",
	"sessions-ended": "Signed out everywhere else.",
	"revoked":        "Preview links revoked: they now answer “not found”.",
	"returned":       "Sent back to its author with your note.",
}

// chromeFlash is chrome with the flash message named by ?msg=.
func (s *Server) chromeFlash(c echo.Context, title string) (view.Chrome, error) {
	ch, err := s.chrome(c, title)
	if msg, ok := flashes[c.QueryParam("msg")]; ok {
		ch.Flash = msg
	}
	return ch, err
}

func userRow(u store.User, self int64) view.UserRow {
	return view.UserRow{ID: u.ID, Name: u.Name, Email: u.Email, Role: u.Role, Disabled: u.Disabled, Created: u.CreatedAt, Self: u.ID == self,
		Invited: u.Invited(), TwoFactor: u.TwoFactor}
}

// Users lists the staff accounts.
func (s *Server) Users(c echo.Context) error {
	users, err := s.Store.Users(c.Request().Context())
	if err != nil {
		return err
	}
	ch, err := s.chromeFlash(c, "Users")
	if err != nil {
		return err
	}
	p := view.UsersPage{Chrome: ch}
	for _, u := range users {
		p.Users = append(p.Users, userRow(u, sessionOf(c).User.ID))
	}
	return s.render(c, http.StatusOK, view.Users(p))
}

// UserNew shows the form that adds an account.
func (s *Server) UserNew(c echo.Context) error {
	return s.renderUserNew(c, http.StatusOK, view.UserNewForm{Role: auth.RoleEditor, Errors: view.Errors{}})
}

func (s *Server) renderUserNew(c echo.Context, status int, f view.UserNewForm) error {
	ch, err := s.chrome(c, "Add a user")
	if err != nil {
		return err
	}
	if len(f.Errors) > 0 {
		ch.PageTitle = "Error: " + ch.PageTitle
	}
	f.Chrome, f.Roles, f.MinLen, f.MailOn = ch, roleOptions, auth.MinPasswordLen, s.Mail.Enabled()
	return s.render(c, status, view.UserNew(f))
}

// userName reads and checks the name field.
func userName(c echo.Context, errs view.Errors) string {
	name := formText(c, "name", 100, errs, "The name")
	if errs["name"] == "" && strings.ContainsAny(name, "\n\t") {
		errs["name"] = "Write the name on one line."
	}
	if name == "" && errs["name"] == "" {
		errs["name"] = "Give the person's name."
	}
	return name
}

// newPassword reads the password and its confirmation and checks them.
// Passwords are never trimmed: spaces may be part of them.
func newPassword(c echo.Context, errs view.Errors) string {
	pw, again := c.FormValue("password"), c.FormValue("password_confirm")
	switch n := utf8.RuneCountInString(pw); {
	case pw == "":
		errs["password"] = "Give a password."
	case n < auth.MinPasswordLen:
		errs["password"] = "The password is too short: " + strconv.Itoa(n) + " characters, at least " + strconv.Itoa(auth.MinPasswordLen) + "."
	case len(pw) > 1024:
		errs["password"] = "The password is too long: at most 1024 bytes."
	case !utf8.ValidString(pw) || strings.ContainsRune(pw, 0):
		errs["password"] = "The password contains characters that are not valid text."
	case pw != again:
		errs["password_confirm"] = "The two passwords are not the same. Type the password again in both fields."
	}
	return pw
}

// UserCreate adds an account from the posted form.
func (s *Server) UserCreate(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	f, pw := readUserNew(c)
	errs := f.Errors
	if len(errs) > 0 {
		return s.renderUserNew(c, http.StatusUnprocessableEntity, f)
	}
	if _, err := s.Store.UserByEmail(ctx, f.Email); err == nil {
		errs["email"] = "There is already an account with this email."
		return s.renderUserNew(c, http.StatusUnprocessableEntity, f)
	} else if !errors.Is(err, content.ErrNotFound) {
		return err
	}
	if f.Invite {
		return s.invite(c, f)
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	u := store.User{Email: f.Email, Name: f.Name, Role: f.Role, PasswordHash: hash}
	if err := s.Store.AddUser(ctx, &u, now); errors.Is(err, content.ErrConflict) {
		errs["email"] = "There is already an account with this email."
		return s.renderUserNew(c, http.StatusUnprocessableEntity, f)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+itoa64(u.ID)+"?msg=created")
}

// readUserNew reads and checks the new-user form; pw is the password
// chosen, empty for an invitation.
func readUserNew(c echo.Context) (f view.UserNewForm, pw string) {
	errs := view.Errors{}
	f = view.UserNewForm{Errors: errs}
	f.Email = formText(c, "email", 254, errs, "The email")
	if errs["email"] == "" {
		if a, err := mail.ParseAddress(f.Email); f.Email == "" {
			errs["email"] = "Give an email address."
		} else if err != nil || a.Address != f.Email || !strings.Contains(a.Address, "@") {
			errs["email"] = "Enter an email address such as name@example.org."
		}
	}
	f.Name = userName(c, errs)
	f.Role = c.FormValue("role")
	if !validRole(f.Role) {
		errs["role"] = "Choose editor or admin."
		f.Role = auth.RoleEditor
	}
	f.Invite = c.FormValue("invite") != ""
	if !f.Invite {
		pw = newPassword(c, errs)
	} else if c.FormValue("password") != "" {
		errs["password"] = "Leave the password empty when you send an invitation: the person chooses it."
	}
	return f, pw
}

// typed is the name and role as posted, kept when a change is refused.
type typed struct{ name, role string }

// userPage loads the account named in the path and shows its page, with
// the errors of a refused change and, when kept is set, the name and role
// as posted.
func (s *Server) userPage(c echo.Context, status int, kept *typed, errs view.Errors) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	u, err := s.Store.UserByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	ch, err := s.chromeFlash(c, u.Name)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		ch.PageTitle = "Error: " + ch.PageTitle
	}
	if errs == nil {
		errs = view.Errors{}
	}
	if kept == nil {
		kept = &typed{u.Name, u.Role}
	}
	p := view.UserEditPage{Chrome: ch, User: userRow(u, sessionOf(c).User.ID), Name: kept.name, Role: kept.role,
		Roles: roleOptions, MinLen: auth.MinPasswordLen, Errors: errs}
	return s.render(c, status, view.UserEdit(p))
}

// UserEdit shows an account.
func (s *Server) UserEdit(c echo.Context) error {
	return s.userPage(c, http.StatusOK, nil, nil)
}

// adminGuard turns the store's refusals to lock admins out into messages.
func adminGuard(err error) (string, bool) {
	switch {
	case errors.Is(err, store.ErrOwnAccount):
		return "You cannot disable your own account or take admin rights from it. Ask another admin.", true
	case errors.Is(err, store.ErrLastAdmin):
		return "This is the last active admin: give another account admin rights first, so that someone can still manage users and settings.", true
	}
	return "", false
}

// userParam is the id of the user named in the path, who must exist.
func (s *Server) userParam(c echo.Context) (int64, error) {
	id, err := idParam(c)
	if err != nil {
		return 0, err
	}
	if _, err := s.Store.UserByID(c.Request().Context(), id); err != nil {
		return 0, err
	}
	return id, nil
}

// UserUpdate saves a user's name and role.
func (s *Server) UserUpdate(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	id, err := s.userParam(c)
	if err != nil {
		return err
	}
	errs := view.Errors{}
	name := userName(c, errs)
	role := c.FormValue("role")
	if !validRole(role) {
		errs["role"] = "Choose editor or admin."
	}
	if len(errs) == 0 {
		err = s.Store.UpdateUser(ctx, id, name, role, now)
		if msg, ok := adminGuard(err); ok {
			errs["role"] = msg
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.userPage(c, http.StatusUnprocessableEntity, &typed{name, role}, errs)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+itoa64(id)+"?saved=1")
}

// UserSetDisabled disables or enables an account.
func (s *Server) UserSetDisabled(disabled bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c)
		if err != nil {
			return err
		}
		err = s.Store.SetUserDisabled(c.Request().Context(), id, disabled, s.Now())
		if msg, ok := adminGuard(err); ok {
			return s.userPage(c, http.StatusUnprocessableEntity, nil, view.Errors{"status": msg})
		} else if err != nil {
			return err
		}
		msg := "enabled"
		if disabled {
			msg = "disabled"
		}
		return c.Redirect(http.StatusSeeOther, "/admin/users/"+itoa64(id)+"?msg="+msg)
	}
}

// UserResetPassword gives an account a new password and ends its sessions.
func (s *Server) UserResetPassword(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	id, err := s.userParam(c)
	if err != nil {
		return err
	}
	errs := view.Errors{}
	pw := newPassword(c, errs)
	if len(errs) > 0 {
		return s.userPage(c, http.StatusUnprocessableEntity, nil, errs)
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	// An admin resetting their own password here stays logged in, as
	// under "My account"; every other session of the account ends.
	msg := "reset"
	if sess := sessionOf(c); sess.User.ID == id {
		msg = "password"
		err = s.Store.ChangeOwnPassword(ctx, id, hash, sess.ID, now)
	} else {
		err = s.Store.ResetPassword(ctx, id, hash, now)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+itoa64(id)+"?msg="+msg)
}

// invite creates an account without a password and emails its owner the
// link to choose one. The account is kept when the mail fails: the admin
// is told, and sends it again.
func (s *Server) invite(c echo.Context, f view.UserNewForm) error {
	ctx, now := c.Request().Context(), s.Now()
	token, hash := auth.NewSessionToken()
	u := store.User{Email: f.Email, Name: f.Name, Role: f.Role}
	if err := s.Store.InviteUser(ctx, &u, hash, now, inviteTTL); errors.Is(err, content.ErrConflict) {
		f.Errors["email"] = "There is already an account with this email."
		return s.renderUserNew(c, http.StatusUnprocessableEntity, f)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+itoa64(u.ID)+"?msg="+s.inviteOutcome(s.mailLink(ctx, store.TokenInvite, u, token)))
}

// inviteOutcome names the flash message of an invitation's email.
func (s *Server) inviteOutcome(err error) string {
	switch {
	case err != nil:
		return "invite-failed"
	case !s.Mail.Enabled():
		return "invite-logged"
	}
	return "invited"
}

// UserResendInvite sends an invited account a new invitation; the last
// one stops working.
func (s *Server) UserResendInvite(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u, err := s.Store.UserByID(ctx, id)
	if err != nil {
		return err
	}
	if !u.Invited() || u.Disabled {
		return echo.NewHTTPError(http.StatusConflict, "This account has its password already: there is no invitation to send.")
	}
	err = s.sendLink(ctx, store.TokenInvite, u, s.Now())
	if err != nil && !errors.Is(err, mailer.ErrNotSent) {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+itoa64(id)+"?msg="+s.inviteOutcome(err))
}

// UserReset2FA turns two-factor sign-in off for a colleague who lost their
// phone and recovery codes; they are signed out everywhere.
func (s *Server) UserReset2FA(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := s.Store.DisableTwoFactor(c.Request().Context(), id, "", "two-factor sign-in reset by an admin", s.Now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+itoa64(id)+"?msg=2fa-reset")
}
