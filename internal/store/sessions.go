package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"orgsite/internal/content"
)

// Session is a logged-in staff member's server-side session.
type Session struct {
	ID        string // the hash of the cookie's token
	User      User
	CSRF      string
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, sess *Session, ip, userAgent string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, user_id, csrf, created_at, last_seen, expires_at, ip, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, sess.ID, sess.User.ID, sess.CSRF, sess.CreatedAt.Unix(), sess.LastSeen.Unix(),
			sess.ExpiresAt.Unix(), ip, truncate(userAgent, 200))
		return err
	})
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// SessionByID finds a session with its user; ErrNotFound when there is none.
// Expiry is the caller's rule (package auth) and is checked there.
func (s *Store) SessionByID(ctx context.Context, id string) (Session, error) {
	var sess Session
	var created, seen, expires, ucreated int64
	u := &sess.User
	err := s.read.QueryRowContext(ctx, `SELECT s.id, s.csrf, s.created_at, s.last_seen, s.expires_at,
		u.id, u.email, u.name, u.role, u.password_hash, u.disabled, u.created_at, u.totp_on
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`, id).Scan(
		&sess.ID, &sess.CSRF, &created, &seen, &expires, &u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.Disabled, &ucreated, &u.TwoFactor)
	if errors.Is(err, sql.ErrNoRows) {
		return sess, content.ErrNotFound
	}
	if err != nil {
		return sess, fmt.Errorf("store: session: %w", err)
	}
	sess.CreatedAt, sess.LastSeen, sess.ExpiresAt = time.Unix(created, 0), time.Unix(seen, 0), time.Unix(expires, 0)
	u.CreatedAt = time.Unix(ucreated, 0)
	return sess, nil
}

// TouchSession records activity on a session.
func (s *Store) TouchSession(ctx context.Context, id string, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE sessions SET last_seen = ? WHERE id = ?", now.Unix(), id)
		return err
	})
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE id = ?", id)
		return err
	})
}

// deleteUserSessions ends every session of a user but keep (which may be "").
func deleteUserSessions(ctx context.Context, tx *sql.Tx, userID int64, keep string) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = ? AND id != ?", userID, keep)
	return err
}

// Attempt is a login attempt to count against one throttle key: an
// account or a client address, with the start of its window.
type Attempt struct {
	Key   string
	Since time.Time
}

// ReserveLoginAttempt counts a login attempt against each key before the
// password is checked, in one transaction: parallel attempts queue on the
// one writer, so no more of them pass a limit than it allows. wait says,
// from a key's failures in its window (oldest first), how long it must
// wait; when one must, nothing is counted and the longest wait returned.
// Otherwise the attempt is counted as a failure until a successful login
// forgets it (ForgetLoginAttempts).
func (s *Store) ReserveLoginAttempt(ctx context.Context, attempts []Attempt, now time.Time,
	wait func(i int, failures []time.Time) time.Duration) (ids []int64, retry time.Duration, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		for i, a := range attempts {
			fails, err := queryAll(ctx, tx, func(r row) (time.Time, error) {
				var at int64
				err := r.Scan(&at)
				return time.Unix(at, 0), err
			}, "SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at", a.Key, a.Since.Unix())
			if err != nil {
				return err
			}
			retry = max(retry, wait(i, fails))
		}
		if retry > 0 {
			return nil
		}
		for _, a := range attempts {
			var id int64
			if err := tx.QueryRowContext(ctx, "INSERT INTO login_failures (key, at) VALUES (?, ?) RETURNING id", a.Key, now.Unix()).Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM login_failures WHERE at < ?", now.Add(-24*time.Hour).Unix())
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: reserve login attempt: %w", err)
	}
	return ids, retry, nil
}

// ForgetLoginAttempts uncounts attempts that turned out to be right.
func (s *Store) ForgetLoginAttempts(ctx context.Context, ids []int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, "DELETE FROM login_failures WHERE id = ?", id); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClearLoginFailures forgets a key's failures after a successful login.
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM login_failures WHERE key = ?", key)
		return err
	})
}

// PurgeSessions deletes sessions past their absolute or idle expiry.
func (s *Store) PurgeSessions(ctx context.Context, now time.Time, idle time.Duration) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen <= ?", now.Unix(), now.Add(-idle).Unix())
		return err
	})
}

// AddDevice remembers a browser that signed in to user's account, by the
// hash of its device cookie.
func (s *Store) AddDevice(ctx context.Context, hash string, userID int64, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO devices (hash, user_id, created_at) VALUES (?, ?, ?)", hash, userID, now.Unix())
		return err
	})
}

// KnownDevice reports whether the device cookie with this hash signed in
// to the account with email before.
func (s *Store) KnownDevice(ctx context.Context, hash, email string) (bool, error) {
	var one int
	err := s.read.QueryRowContext(ctx, `SELECT 1 FROM devices d JOIN users u ON u.id = d.user_id
		WHERE d.hash = ? AND u.email = ?`, hash, email).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: device: %w", err)
	}
	return true, nil
}

// CountLoginFailures is how many failed attempts key has had since since.
func (s *Store) CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM login_failures WHERE key = ? AND at > ?", key, since.Unix()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count login failures: %w", err)
	}
	return n, nil
}
