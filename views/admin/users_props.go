package admin

import (
	"time"

	"orgsite/internal/content"
	"orgsite/web/form"
)

// UsersPage lists the staff accounts.
type UsersPage struct {
	Chrome
	Users []UserRow
}

// UserRow is one staff account in a list or on its page.
type UserRow struct {
	ID       int64
	Name     string
	Email    string
	Role     string
	Disabled bool
	Created  time.Time
	Self     bool // the account of the user looking at it
	// Invited: waiting for its owner to choose a password; TwoFactor:
	// sign-in asks for a code.
	Invited   bool
	TwoFactor bool
}

// UserNewForm adds an account. Passwords are never shown again.
type UserNewForm struct {
	Chrome
	Email  string
	Name   string
	Role   string
	Roles  []Option
	MinLen int
	Errors Errors
	Invite bool // send an invitation instead of setting a password
	// MailOn is whether email can be sent; without it an invitation's
	// link goes to the server's log.
	MailOn bool
}

// UserEditPage is one account: name and role, access, password reset.
type UserEditPage struct {
	Chrome
	User   UserRow
	Name   string // as typed
	Role   string // as typed
	Roles  []Option
	MinLen int
	Errors Errors
}

// AccountPage is the user's own account.
type AccountPage struct {
	Chrome
	TwoFactor bool
	Email     string
	Role      string
	Name      string // as typed
	MinLen    int
	Errors    Errors
}

// SettingsForm is the site settings, as typed.
type SettingsForm struct {
	Chrome
	form.Settings
	Zones    []Option
	Projects []Option
	Images   []Option // for the share image
}

// MenuRow is one line of the menu editor.
type MenuRow = form.MenuRow

// AuditPage is one page of the audit log.
type AuditPage struct {
	Chrome
	Entries []AuditRow
	Page    int
	Pages   int
	Total   int
}

// AuditRow is one line of the audit log.
type AuditRow struct {
	At     time.Time
	By     string
	Action string
	Target string
	Detail string
}

// RedirectsPage lists the redirects, with the form that adds one.
type RedirectsPage struct {
	Chrome
	Rows          []RedirectRow
	Page          int
	Pages         int
	Total         int
	form.Redirect // the add form, as typed
}

// RedirectRow is one redirect.
type RedirectRow struct {
	ID      int64
	From    string
	To      string
	Code    int
	Auto    bool // made by a slug change or a permanent deletion
	Hits    int64
	Updated time.Time
}

// TrashPage lists what is in the trash.
type TrashPage struct {
	Chrome
	Items []TrashRow
}

// TrashRow is an item in the trash.
type TrashRow struct {
	Kind    content.Kind
	ID      int64
	Title   string
	Path    string // the public address it had
	Deleted time.Time
}

// PurgePage asks before deleting an item for good.
type PurgePage struct {
	Chrome
	Item  TrashRow
	Error string
}
