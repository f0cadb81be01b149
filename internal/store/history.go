package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"orgsite/internal/content"
)

// audit records who did what in the same transaction as the change itself.
func audit(ctx context.Context, tx *sql.Tx, now time.Time, action, target, detail string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO audit_log (at, user_id, action, target, detail) VALUES (?, ?, ?, ?, ?)",
		now.Unix(), nullID(content.Actor(ctx)), action, target, truncate(detail, 500))
	return err
}

// revise keeps a copy of a saved item as a revision.
func revise(ctx context.Context, tx *sql.Tx, kind content.Kind, id int64, v any, now time.Time) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO revisions (kind, ref_id, data, user_id, created_at) VALUES (?, ?, ?, ?, ?)",
		string(kind), id, string(data), nullID(content.Actor(ctx)), now.Unix())
	return err
}

// saved records a save of an item: its revision and an audit line.
func saved(ctx context.Context, tx *sql.Tx, kind content.Kind, created bool, e content.Entry, v any, now time.Time) error {
	if err := revise(ctx, tx, kind, e.ID, v, now); err != nil {
		return err
	}
	action := "updated"
	if created {
		action = "created"
	}
	return audit(ctx, tx, now, string(kind)+" "+action, fmt.Sprintf("%s %d", kind, e.ID), e.Title)
}

// Revision is one saved version of an item.
type Revision struct {
	ID        int64
	Kind      content.Kind
	RefID     int64
	Data      string // JSON of the domain type
	UserName  string
	CreatedAt time.Time
}

// Revisions lists an item's revisions, newest first.
func (s *Store) Revisions(ctx context.Context, kind content.Kind, id int64) ([]Revision, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT r.id, r.kind, r.ref_id, r.data, coalesce(u.name, 'System'), r.created_at
		FROM revisions r LEFT JOIN users u ON u.id = r.user_id WHERE r.kind = ? AND r.ref_id = ? ORDER BY r.id DESC`, string(kind), id)
	if err != nil {
		return nil, fmt.Errorf("store: revisions: %w", err)
	}
	defer rows.Close()
	var out []Revision
	for rows.Next() {
		var r Revision
		var at int64
		if err := rows.Scan(&r.ID, &r.Kind, &r.RefID, &r.Data, &r.UserName, &at); err != nil {
			return nil, err
		}
		r.CreatedAt = time.Unix(at, 0).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// RevisionByID returns one revision.
func (s *Store) RevisionByID(ctx context.Context, id int64) (Revision, error) {
	var r Revision
	var at int64
	err := s.read.QueryRowContext(ctx, `SELECT r.id, r.kind, r.ref_id, r.data, coalesce(u.name, 'System'), r.created_at
		FROM revisions r LEFT JOIN users u ON u.id = r.user_id WHERE r.id = ?`, id).Scan(&r.ID, &r.Kind, &r.RefID, &r.Data, &r.UserName, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return r, content.ErrNotFound
	}
	r.CreatedAt = time.Unix(at, 0).UTC()
	return r, err
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	At       time.Time
	UserName string
	Action   string
	Target   string
	Detail   string
}

// AuditLog lists the latest audit entries, newest first.
func (s *Store) AuditLog(ctx context.Context, limit, offset int) ([]AuditEntry, int, error) {
	var total int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM audit_log").Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT a.at, coalesce(u.name, 'System'), a.action, a.target, a.detail
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		if err := rows.Scan(&at, &e.UserName, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, 0, err
		}
		e.At = time.Unix(at, 0).UTC()
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// Audit records an action that is not a content save (logins, settings).
func (s *Store) Audit(ctx context.Context, now time.Time, action, target, detail string) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return audit(ctx, tx, now, action, target, detail) })
}
