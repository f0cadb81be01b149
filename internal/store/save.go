package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
)

// entryWrite is one save of an item of any kind: the common entry and the
// kind's own columns, named, with their values.
type entryWrite struct {
	kind content.Kind
	e    *content.Entry
	cols []string // the kind's own columns
	vals []any
}

// prepare applies what every save does before writing: the default
// language, the publication time a published item without one gets, and
// the time. The body is rendered in the transaction, with the library.
func (w entryWrite) prepare(now time.Time) {
	if w.e.Lang == "" {
		w.e.Lang = content.DefaultLang
	}
	w.e.PublishedAt = content.PublicationTime(w.e.Status, w.e.PublishedAt, now)
	w.e.UpdatedAt = now
}

// write inserts the row (ID 0) or updates it, keeping the old URL of a
// renamed published item answering. It reports whether the row is new.
func (w entryWrite) write(ctx context.Context, tx *sql.Tx, now time.Time) (created bool, err error) {
	e := w.e
	cols := append([]string{"lang", "slug", "title", "summary", "body_md", "body_html", "status", "published_at", "expires_at",
		"meta_title", "meta_description", "share_image_id"}, w.cols...)
	cols = append(cols, "updated_at")
	args := append([]any{e.Lang, e.Slug, e.Title, e.Summary, e.BodyMD, e.BodyHTML, e.Status, unix(e.PublishedAt), unix(e.ExpiresAt),
		e.SEO.MetaTitle, e.SEO.MetaDescription, nullID(e.SEO.ShareImageID)}, w.vals...)
	args = append(args, now.Unix())
	if e.ID == 0 {
		e.CreatedAt = now
		cols = append(cols, "group_id", "author_id", "created_at")
		args = append(args, nullID(e.Group), nullID(cmp.Or(e.AuthorID, content.Actor(ctx))), now.Unix())
		q := "INSERT INTO " + table(w.kind) + " (" + strings.Join(cols, ", ") + ") VALUES (?" + strings.Repeat(", ?", len(cols)-1) + ") RETURNING id"
		if err := tx.QueryRowContext(ctx, q, args...).Scan(&e.ID); err != nil {
			return true, err
		}
		return true, startGroup(ctx, tx, w.kind, e)
	}
	return false, updateEntry(ctx, tx, w.kind, e.ID, e.Slug, now, func() error {
		q := "UPDATE " + table(w.kind) + " SET " + strings.Join(cols, " = ?, ") + " = ? WHERE id = ?"
		_, err := tx.ExecContext(ctx, q, append(args, e.ID)...)
		return err
	})
}

// saveEntry is the whole save of an item in one transaction: prepare,
// write, then more (tags, partners) and finally the revision, the audit
// line and the search index. revision is what the revision keeps; the
// text indexed is the body with extra before it.
func (s *Store) saveEntry(ctx context.Context, w entryWrite, now time.Time, more func(tx *sql.Tx) error, revision func() any, extra string) error {
	w.prepare(now)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if w.e.BodyHTML, err = renderBody(ctx, tx, w.e.BodyMD); err != nil {
			return err
		}
		created, err := w.write(ctx, tx, now)
		if err != nil {
			return err
		}
		if more != nil {
			if err := more(tx); err != nil {
				return err
			}
		}
		if err := saved(ctx, tx, w.kind, created, *w.e, revision(), now); err != nil {
			return err
		}
		return index(ctx, tx, w.kind, *w.e, strings.TrimSpace(extra+" "+markdown.PlainText(w.e.BodyHTML)), false)
	})
	if isConstraint(err) {
		err = content.ErrConflict
	}
	if err != nil {
		return fmt.Errorf("store: save %s %q: %w", w.kind, w.e.Slug, err)
	}
	return nil
}

// startGroup makes a new item without a translation group the first of its
// own; a translation must join a group whose first item exists.
func startGroup(ctx context.Context, tx *sql.Tx, k content.Kind, e *content.Entry) error {
	if e.Group != 0 {
		var n int
		err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+table(k)+" WHERE id = ? AND group_id = ?", e.Group, e.Group).Scan(&n)
		if err == nil && n == 0 {
			err = fmt.Errorf("translation group %d: %w", e.Group, content.ErrNotFound)
		}
		return err
	}
	e.Group = e.ID
	_, err := tx.ExecContext(ctx, "UPDATE "+table(k)+" SET group_id = id WHERE id = ?", e.ID)
	return err
}
