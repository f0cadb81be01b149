package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
)

// Trash moves an item to the trash: its public URL answers 410 Gone from
// now on, and it leaves search, lists, sitemap and feed at once. Nothing is
// lost: Restore brings it back.
func (s *Store) Trash(ctx context.Context, k content.Kind, id int64, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var title string
		err := tx.QueryRowContext(ctx, "UPDATE "+table(k)+" SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL RETURNING title", now.Unix(), id).Scan(&title)
		if errors.Is(err, sql.ErrNoRows) {
			return content.ErrNotFound
		} else if err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, "DELETE FROM search WHERE rowid = ?", searchRowID(k, id)); err != nil {
			return err
		}
		return audit(ctx, tx, now, string(k)+" trashed", fmt.Sprintf("%s %d", k, id), title)
	})
	if err != nil {
		return fmt.Errorf("store: trash %s %d: %w", k, id, err)
	}
	return nil
}

// TrashItem is an item in the trash.
type TrashItem struct {
	Kind      content.Kind
	ID        int64
	Title     string
	Slug      string
	DeletedAt time.Time
}

// TrashList lists the trash, most recently deleted first.
func (s *Store) TrashList(ctx context.Context) ([]TrashItem, error) {
	scan := func(rows row) (TrashItem, error) {
		var t TrashItem
		var at int64
		err := rows.Scan(&t.Kind, &t.ID, &t.Title, &t.Slug, &at)
		t.DeletedAt = time.Unix(at, 0).UTC()
		return t, err
	}
	out, err := queryAll(ctx, s.read, scan, unionAll(func(kind, table string) string {
		return "SELECT '" + kind + "', id, title, slug, deleted_at FROM " + table + " WHERE deleted_at IS NOT NULL"
	})+" ORDER BY 5 DESC")
	if err != nil {
		return nil, fmt.Errorf("store: trash: %w", err)
	}
	return out, nil
}

// Restore takes an item out of the trash, as it was.
func (s *Store) Restore(ctx context.Context, k content.Kind, id int64, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var e content.Entry
		var pub, exp sql.NullInt64
		err := tx.QueryRowContext(ctx, "UPDATE "+table(k)+` SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL
			RETURNING id, lang, slug, title, summary, body_html, status, published_at, expires_at`, id).
			Scan(&e.ID, &e.Lang, &e.Slug, &e.Title, &e.Summary, &e.BodyHTML, &e.Status, &pub, &exp)
		if errors.Is(err, sql.ErrNoRows) {
			return content.ErrNotFound
		} else if err != nil {
			return err
		}
		e.PublishedAt, e.ExpiresAt = fromUnix(pub), fromUnix(exp)
		if err := index(ctx, tx, k, e, markdown.PlainText(e.BodyHTML), false); err != nil {
			return err
		}
		return audit(ctx, tx, now, string(k)+" restored", fmt.Sprintf("%s %d", k, id), e.Title)
	})
	if err != nil {
		return fmt.Errorf("store: restore %s %d: %w", k, id, err)
	}
	return nil
}

// Purge deletes an item from the trash for good. Its URL keeps answering
// 410 Gone, so crawlers learn it is not coming back.
func (s *Store) Purge(ctx context.Context, k content.Kind, id int64, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var slug, title string
		err := tx.QueryRowContext(ctx, "DELETE FROM "+table(k)+" WHERE id = ? AND deleted_at IS NOT NULL RETURNING slug, title", id).Scan(&slug, &title)
		if errors.Is(err, sql.ErrNoRows) {
			return content.ErrNotFound
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM revisions WHERE kind = ? AND ref_id = ?", string(k), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO redirects (from_path, to_path, code, kind, created_at, updated_at) VALUES (?, '', 410, 'auto', ?, ?)
			ON CONFLICT (from_path) DO UPDATE SET to_path = '', code = 410, updated_at = excluded.updated_at`,
			content.Path(k, slug), now.Unix(), now.Unix()); err != nil {
			return err
		}
		return audit(ctx, tx, now, string(k)+" deleted permanently", fmt.Sprintf("%s %d", k, id), title)
	})
	if err != nil {
		return fmt.Errorf("store: purge %s %d: %w", k, id, err)
	}
	return nil
}

// TrashedItem returns one item in the trash; ErrNotFound when the item does
// not exist or is not in the trash.
func (s *Store) TrashedItem(ctx context.Context, k content.Kind, id int64) (TrashItem, error) {
	t := TrashItem{Kind: k, ID: id}
	var at int64
	err := s.read.QueryRowContext(ctx, "SELECT title, slug, deleted_at FROM "+table(k)+" WHERE id = ? AND deleted_at IS NOT NULL", id).
		Scan(&t.Title, &t.Slug, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return t, content.ErrNotFound
	} else if err != nil {
		return t, fmt.Errorf("store: trashed %s %d: %w", k, id, err)
	}
	t.DeletedAt = time.Unix(at, 0).UTC()
	return t, nil
}
