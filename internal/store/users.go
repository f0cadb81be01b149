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
	Role         string // "admin" or "editor"
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
}

const userCols = `id, email, name, role, password_hash, disabled, created_at`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var created int64
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.Disabled, &created)
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

// SetPassword replaces an account's password hash.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, now.Unix(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return content.ErrNotFound
		}
		return nil
	})
}
