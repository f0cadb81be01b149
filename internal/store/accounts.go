package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"orgsite/internal/content"
)

// Kinds of single-use account links.
const (
	TokenReset  = "reset"  // a forgotten password
	TokenInvite = "invite" // a new colleague chooses a password
)

// AddToken records a single-use link for a user, valid for ttl; an older
// unused link of the same kind stops working, so only the latest mail
// counts. Only the token's hash is kept.
func (s *Store) AddToken(ctx context.Context, kind string, userID int64, hash string, now time.Time, ttl time.Duration) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		return addToken(ctx, tx, kind, userID, hash, now, ttl)
	})
	if err != nil {
		return fmt.Errorf("store: %s link for user %d: %w", kind, userID, err)
	}
	return nil
}

func addToken(ctx context.Context, tx *sql.Tx, kind string, userID int64, hash string, now time.Time, ttl time.Duration) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM account_tokens WHERE user_id = ? AND kind = ? AND used_at IS NULL", userID, kind); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO account_tokens (hash, kind, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		hash, kind, userID, now.Unix(), now.Add(ttl).Unix())
	if err != nil {
		return err
	}
	action := "password reset requested"
	if kind == TokenInvite {
		action = "invitation sent"
	}
	return audit(ctx, tx, now, action, userTarget(userID), "")
}

// InviteUser creates an account without a password and its invitation
// link, in one transaction; a taken email gives content.ErrConflict.
func (s *Store) InviteUser(ctx context.Context, u *User, hash string, now time.Time, ttl time.Duration) error {
	u.PasswordHash = ""
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, role, password_hash, disabled, created_at, updated_at)
			VALUES (?, ?, ?, '', 0, ?, ?) RETURNING id`, u.Email, u.Name, u.Role, now.Unix(), now.Unix()).Scan(&u.ID)
		if err != nil {
			return err
		}
		if err := audit(ctx, tx, now, "user invited", userTarget(u.ID), u.Name+" <"+u.Email+">, "+u.Role); err != nil {
			return err
		}
		return addToken(ctx, tx, TokenInvite, u.ID, hash, now, ttl)
	})
	if isConstraint(err) {
		return fmt.Errorf("store: invite %q: %w", u.Email, content.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: invite %q: %w", u.Email, err)
	}
	u.CreatedAt = now
	return nil
}

// TokenUser is the account a link of kind is for: content.ErrNotFound for
// a link that never existed, content.ErrGone for one used or expired.
func (s *Store) TokenUser(ctx context.Context, kind, hash string, now time.Time) (User, error) {
	return tokenUser(ctx, s.read, kind, hash, now)
}

func tokenUser(ctx context.Context, q querier, kind, hash string, now time.Time) (User, error) {
	var userID, expires int64
	var used sql.NullInt64
	err := q.QueryRowContext(ctx, "SELECT user_id, expires_at, used_at FROM account_tokens WHERE hash = ? AND kind = ?", hash, kind).
		Scan(&userID, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, content.ErrNotFound
	} else if err != nil {
		return User{}, err
	}
	if used.Valid || now.Unix() >= expires {
		return User{}, content.ErrGone
	}
	u, err := scanUser(q.QueryRowContext(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", userID))
	if err == nil && u.Disabled {
		return u, content.ErrGone
	}
	return u, err
}

// RedeemToken uses a link of kind to set the account's password: the link
// is spent and every session of the account ends (whoever knew the old
// password is out), in one transaction. Errors as TokenUser.
func (s *Store) RedeemToken(ctx context.Context, kind, hash, passwordHash string, now time.Time) (User, error) {
	var u User
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if u, err = tokenUser(ctx, tx, kind, hash, now); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE account_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL", now.Unix(), hash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return content.ErrGone // spent by a request that got there first
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", passwordHash, now.Unix(), u.ID); err != nil {
			return err
		}
		u.PasswordHash = passwordHash
		if err := deleteUserSessions(ctx, tx, u.ID, ""); err != nil {
			return err
		}
		action := "password reset used"
		if kind == TokenInvite {
			action = "invitation accepted"
		}
		return audit(ctx, tx, now, action, userTarget(u.ID), u.Name)
	})
	if err != nil {
		return u, fmt.Errorf("store: use %s link: %w", kind, err)
	}
	return u, nil
}

// SessionInfo is one signed-in session of a user, as their sessions page
// shows it.
type SessionInfo struct {
	ID        string // the session's id (the hash of its cookie's token)
	CreatedAt time.Time
	LastSeen  time.Time
	IP        string
	UserAgent string
}

// UserSessions lists a user's sessions, the last used first.
func (s *Store) UserSessions(ctx context.Context, userID int64) ([]SessionInfo, error) {
	out, err := queryAll(ctx, s.read, func(r row) (SessionInfo, error) {
		var si SessionInfo
		var created, seen int64
		err := r.Scan(&si.ID, &created, &seen, &si.IP, &si.UserAgent)
		si.CreatedAt, si.LastSeen = time.Unix(created, 0).UTC(), time.Unix(seen, 0).UTC()
		return si, err
	}, "SELECT id, created_at, last_seen, ip, user_agent FROM sessions WHERE user_id = ? ORDER BY last_seen DESC, created_at DESC", userID)
	if err != nil {
		return nil, fmt.Errorf("store: sessions of user %d: %w", userID, err)
	}
	return out, nil
}

// EndSessions ends sessions of a user: the one with id, or when id is
// empty every one but keep. It reports how many ended.
func (s *Store) EndSessions(ctx context.Context, userID int64, id, keep string, now time.Time) (int, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		q, args := "DELETE FROM sessions WHERE user_id = ? AND id = ?", []any{userID, id}
		if id == "" {
			q, args = "DELETE FROM sessions WHERE user_id = ? AND id != ?", []any{userID, keep}
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, _ = res.RowsAffected(); n == 0 {
			return nil
		}
		return audit(ctx, tx, now, "sessions ended", userTarget(userID), fmt.Sprintf("%d", n))
	})
	if err != nil {
		return 0, fmt.Errorf("store: end sessions of user %d: %w", userID, err)
	}
	return int(n), nil
}
