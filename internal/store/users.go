package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"orgsite/internal/content"
)

// User is a staff account.
type User struct {
	ID           int64
	Email        string
	Name         string
	Role         string // "admin", "editor" or "contributor"
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
	// TwoFactor is whether sign-in asks for a TOTP code; TOTPSecret is
	// set from the start of enrolment.
	TwoFactor  bool
	TOTPSecret string
}

// Invited reports whether the account waits for its owner to choose a
// password from an invitation: it cannot sign in until then.
func (u User) Invited() bool { return u.PasswordHash == "" }

const userCols = `id, email, name, role, password_hash, disabled, created_at, totp_on, totp_secret`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var created int64
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.Disabled, &created, &u.TwoFactor, &u.TOTPSecret)
	u.CreatedAt = time.Unix(created, 0).UTC()
	if errors.Is(err, sql.ErrNoRows) {
		return u, content.ErrNotFound
	}
	return u, err
}

// CountUsers counts staff accounts.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n)
	return n, err
}

// CreateUser adds an account; a taken email gives content.ErrConflict.
func (s *Store) CreateUser(ctx context.Context, u *User, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO users (email, name, role, password_hash, disabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.Email, u.Name, u.Role, u.PasswordHash, u.Disabled, now.Unix(), now.Unix()).Scan(&u.ID)
	})
	if isConstraint(err) {
		return fmt.Errorf("store: create user %q: %w", u.Email, content.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: create user %q: %w", u.Email, err)
	}
	u.CreatedAt = now
	return nil
}

// UserByEmail finds an account by email, ignoring case.
func (s *Store) UserByEmail(ctx context.Context, email string) (User, error) {
	return scanUser(s.read.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE email = ?", email))
}

// UserByID finds an account.
func (s *Store) UserByID(ctx context.Context, id int64) (User, error) {
	return scanUser(s.read.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", id))
}

// Users lists every account by name.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+userCols+" FROM users ORDER BY name, email")
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Refusals of changes to accounts, checked inside the transaction so that
// two admins acting at once cannot lock everyone out.
var (
	ErrLastAdmin  = errors.New("store: the last active admin must stay an active admin")
	ErrOwnAccount = errors.New("store: admins cannot disable or demote their own account")
)

// AddUser creates an account from the admin area and records who did it.
// A taken email gives content.ErrConflict.
func (s *Store) AddUser(ctx context.Context, u *User, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, role, password_hash, disabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.Email, u.Name, u.Role, u.PasswordHash, u.Disabled, now.Unix(), now.Unix()).Scan(&u.ID)
		if err != nil {
			return err
		}
		return audit(ctx, tx, now, "user created", userTarget(u.ID), u.Name+" <"+u.Email+">, "+u.Role)
	})
	if isConstraint(err) {
		return fmt.Errorf("store: add user %q: %w", u.Email, content.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: add user %q: %w", u.Email, err)
	}
	u.CreatedAt = now
	return nil
}

func userTarget(id int64) string { return fmt.Sprintf("user %d", id) }

// keepsAnAdmin refuses to take admin rights or access away from user u
// when the acting user is u, or when u is the last active admin.
func keepsAnAdmin(ctx context.Context, tx *sql.Tx, u User) error {
	if u.ID == content.Actor(ctx) {
		return ErrOwnAccount
	}
	if u.Role != "admin" || u.Disabled {
		return nil
	}
	var others int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id != ?", u.ID).Scan(&others); err != nil {
		return err
	}
	if others == 0 {
		return ErrLastAdmin
	}
	return nil
}

func userInTx(ctx context.Context, tx *sql.Tx, id int64) (User, error) {
	return scanUser(tx.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", id))
}

// UpdateUser changes an account's name and role. Demoting gives
// ErrOwnAccount for the acting admin's own account and ErrLastAdmin for the
// last active admin.
func (s *Store) UpdateUser(ctx context.Context, id int64, name, role string, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		u, err := userInTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if u.Role == "admin" && role != "admin" {
			if err := keepsAnAdmin(ctx, tx, u); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET name = ?, role = ?, updated_at = ? WHERE id = ?", name, role, now.Unix(), id); err != nil {
			return err
		}
		detail := name + ", " + role
		if u.Role != role {
			detail = name + ", " + u.Role + " → " + role
		}
		return audit(ctx, tx, now, "user updated", userTarget(id), detail)
	})
	if err != nil {
		return fmt.Errorf("store: update user %d: %w", id, err)
	}
	return nil
}

// SetUserDisabled disables or enables an account. Disabling ends all the
// account's sessions at once; it gives ErrOwnAccount for the acting user's
// own account and ErrLastAdmin for the last active admin.
func (s *Store) SetUserDisabled(ctx context.Context, id int64, disabled bool, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		u, err := userInTx(ctx, tx, id)
		if err != nil {
			return err
		}
		action := "user enabled"
		if disabled {
			action = "user disabled"
			if err := keepsAnAdmin(ctx, tx, u); err != nil {
				return err
			}
			if err := deleteUserSessions(ctx, tx, id, ""); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?", disabled, now.Unix(), id); err != nil {
			return err
		}
		return audit(ctx, tx, now, action, userTarget(id), u.Name)
	})
	if err != nil {
		return fmt.Errorf("store: disable user %d: %w", id, err)
	}
	return nil
}

// ResetPassword gives an account a new password set by an admin and ends
// all its sessions, so whoever held the old password is logged out.
func (s *Store) ResetPassword(ctx context.Context, id int64, hash string, now time.Time) error {
	return s.changePassword(ctx, id, hash, "", "password reset", now)
}

// ChangeOwnPassword replaces a user's password and ends all their sessions
// but keep, the one they changed it from.
func (s *Store) ChangeOwnPassword(ctx context.Context, id int64, hash, keep string, now time.Time) error {
	return s.changePassword(ctx, id, hash, keep, "password changed", now)
}

func (s *Store) changePassword(ctx context.Context, id int64, hash, keep, action string, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? RETURNING name", hash, now.Unix(), id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return content.ErrNotFound
		} else if err != nil {
			return err
		}
		if err := deleteUserSessions(ctx, tx, id, keep); err != nil {
			return err
		}
		return audit(ctx, tx, now, action, userTarget(id), name)
	})
	if err != nil {
		return fmt.Errorf("store: %s for user %d: %w", action, id, err)
	}
	return nil
}

// SetUserName changes the name an account is shown with.
func (s *Store) SetUserName(ctx context.Context, id int64, name string, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, "SELECT name FROM users WHERE id = ?", id).Scan(&old)
		if errors.Is(err, sql.ErrNoRows) {
			return content.ErrNotFound
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET name = ?, updated_at = ? WHERE id = ?", name, now.Unix(), id); err != nil {
			return err
		}
		return audit(ctx, tx, now, "name changed", userTarget(id), old+" → "+name)
	})
	if err != nil {
		return fmt.Errorf("store: rename user %d: %w", id, err)
	}
	return nil
}
