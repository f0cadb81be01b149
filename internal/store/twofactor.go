package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"orgsite/internal/content"
)

// StartTwoFactor keeps the secret an enrolment shows until the user
// confirms it with a code; an account with two-factor sign-in on keeps
// its secret (content.ErrConflict).
func (s *Store) StartTwoFactor(ctx context.Context, userID int64, secret string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET totp_secret = ? WHERE id = ? AND totp_on = 0", secret, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return content.ErrConflict
		}
		return nil
	})
}

// EnableTwoFactor turns two-factor sign-in on once a first code (of time
// step step) confirmed the secret, with new recovery codes (their hashes),
// and ends the user's other sessions but keep.
func (s *Store) EnableTwoFactor(ctx context.Context, userID int64, step int64, codes []string, keep string, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET totp_on = 1, totp_step = ?, updated_at = ? WHERE id = ? AND totp_on = 0 AND totp_secret != ''",
			step, now.Unix(), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return content.ErrConflict
		}
		if err := setRecoveryCodes(ctx, tx, userID, codes); err != nil {
			return err
		}
		if err := deleteUserSessions(ctx, tx, userID, keep); err != nil {
			return err
		}
		return audit(ctx, tx, now, "two-factor sign-in on", userTarget(userID), "")
	})
	if err != nil {
		return fmt.Errorf("store: two-factor on for user %d: %w", userID, err)
	}
	return nil
}

// DisableTwoFactor turns two-factor sign-in off (by the user, or an admin
// for a colleague who lost their phone: action says which), forgets the
// secret and the recovery codes, and ends the account's sessions but keep.
func (s *Store) DisableTwoFactor(ctx context.Context, userID int64, keep, action string, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, "UPDATE users SET totp_on = 0, totp_secret = '', totp_step = 0, updated_at = ? WHERE id = ? RETURNING name",
			now.Unix(), userID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return content.ErrNotFound
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", userID); err != nil {
			return err
		}
		if err := deleteUserSessions(ctx, tx, userID, keep); err != nil {
			return err
		}
		return audit(ctx, tx, now, action, userTarget(userID), name)
	})
	if err != nil {
		return fmt.Errorf("store: %s for user %d: %w", action, userID, err)
	}
	return nil
}

// AcceptStep records that a code of time step step signed the user in; it
// is false when that step or a later one was taken before, so a code seen
// over someone's shoulder cannot be used again.
func (s *Store) AcceptStep(ctx context.Context, userID, step int64) (bool, error) {
	var ok bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET totp_step = ? WHERE id = ? AND totp_on = 1 AND totp_step < ?", step, userID, step)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		ok = n == 1
		return nil
	})
	return ok, err
}

// UseRecoveryCode spends one of the user's recovery codes (by its hash);
// false when there is no such unused code.
func (s *Store) UseRecoveryCode(ctx context.Context, userID int64, hash string, now time.Time) (bool, error) {
	var ok bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND hash = ? AND used_at IS NULL", now.Unix(), userID, hash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		ok = true
		var left int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", userID).Scan(&left); err != nil {
			return err
		}
		return audit(ctx, tx, now, "recovery code used", userTarget(userID), fmt.Sprintf("%d left", left))
	})
	return ok, err
}

// RecoveryCodesLeft counts a user's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", userID).Scan(&n)
	return n, err
}

// ReplaceRecoveryCodes gives a user new recovery codes; the old ones stop
// working.
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, userID int64, codes []string, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := setRecoveryCodes(ctx, tx, userID, codes); err != nil {
			return err
		}
		return audit(ctx, tx, now, "recovery codes replaced", userTarget(userID), "")
	})
}

func setRecoveryCodes(ctx context.Context, tx *sql.Tx, userID int64, codes []string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", userID); err != nil {
		return err
	}
	for _, h := range codes {
		if _, err := tx.ExecContext(ctx, "INSERT INTO recovery_codes (user_id, hash) VALUES (?, ?)", userID, h); err != nil {
			return err
		}
	}
	return nil
}
