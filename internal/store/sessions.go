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
		u.id, u.email, u.name, u.role, u.password_hash, u.disabled, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`, id).Scan(
		&sess.ID, &sess.CSRF, &created, &seen, &expires, &u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.Disabled, &ucreated)
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

// LoginFailures returns the times of a key's failed logins since a moment,
// oldest first.
func (s *Store) LoginFailures(ctx context.Context, key string, since time.Time) ([]time.Time, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at", key, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: login failures: %w", err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at int64
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		out = append(out, time.Unix(at, 0))
	}
	return out, rows.Err()
}

// RecordLoginFailure counts a failed login against each key and forgets
// failures older than a day.
func (s *Store) RecordLoginFailure(ctx context.Context, keys []string, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, "INSERT INTO login_failures (key, at) VALUES (?, ?)", k, now.Unix()); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM login_failures WHERE at < ?", now.Add(-24*time.Hour).Unix())
		return err
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
