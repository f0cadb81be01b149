package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"orgsite/internal/content"
)

// The editor's own tables (migration 0020): secret preview links, the
// review of contributors' drafts, and bodies kept while they are typed.

// PreviewLink is a secret link to an item's preview; only the hash of its
// token is kept.
type PreviewLink struct {
	ID        int64
	Kind      content.Kind
	ItemID    int64
	By        string // who made it
	CreatedAt time.Time
	ExpiresAt time.Time
}

// AddPreviewLink records a preview link of item id of kind k, valid for
// ttl; content.ErrNotFound when there is no such item outside the trash.
func (s *Store) AddPreviewLink(ctx context.Context, k content.Kind, id int64, hash string, now time.Time, ttl time.Duration) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := liveItem(ctx, tx, k, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO preview_links (hash, kind, item_id, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)`, hash, k, id, nullID(content.Actor(ctx)), now.Unix(), now.Add(ttl).Unix())
		if err != nil {
			return err
		}
		return audit(ctx, tx, now, "preview link made", itemTarget(k, id), "valid until "+now.Add(ttl).UTC().Format(time.RFC3339))
	})
	if err != nil {
		return fmt.Errorf("store: preview link of %s %d: %w", k, id, err)
	}
	return nil
}

// liveItem is nil when item id of kind k exists outside the trash.
func liveItem(ctx context.Context, q querier, k content.Kind, id int64) error {
	var n int
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM "+table(k)+" WHERE id = ? AND deleted_at IS NULL", id).Scan(&n)
	if err == nil && n == 0 {
		err = content.ErrNotFound
	}
	return err
}

// PreviewLinks are the links of an item that still work at now, newest
// first.
func (s *Store) PreviewLinks(ctx context.Context, k content.Kind, id int64, now time.Time) ([]PreviewLink, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT p.id, p.kind, p.item_id, coalesce(u.name, ''), p.created_at, p.expires_at
		FROM preview_links p LEFT JOIN users u ON u.id = p.created_by
		WHERE p.kind = ? AND p.item_id = ? AND p.expires_at > ? ORDER BY p.id DESC`, k, id, now.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: preview links: %w", err)
	}
	defer rows.Close()
	var out []PreviewLink
	for rows.Next() {
		var l PreviewLink
		var created, expires int64
		if err := rows.Scan(&l.ID, &l.Kind, &l.ItemID, &l.By, &created, &expires); err != nil {
			return nil, err
		}
		l.CreatedAt, l.ExpiresAt = time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC()
		out = append(out, l)
	}
	return out, rows.Err()
}

// PreviewLinkByHash is the link whose token has hash, if it still works
// at now: content.ErrNotFound otherwise (never made, revoked, expired, or
// its item in the trash).
func (s *Store) PreviewLinkByHash(ctx context.Context, hash string, now time.Time) (PreviewLink, error) {
	var l PreviewLink
	var created, expires int64
	err := s.read.QueryRowContext(ctx, `SELECT id, kind, item_id, created_at, expires_at FROM preview_links
		WHERE hash = ? AND expires_at > ?`, hash, now.Unix()).Scan(&l.ID, &l.Kind, &l.ItemID, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return l, content.ErrNotFound
	}
	if err != nil {
		return l, fmt.Errorf("store: preview link: %w", err)
	}
	l.CreatedAt, l.ExpiresAt = time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC()
	if _, ok := storages[l.Kind]; !ok {
		return l, content.ErrNotFound
	}
	return l, liveItem(ctx, s.read, l.Kind, l.ItemID) // an item in the trash is previewed by no one
}

// RevokePreviewLinks ends every preview link of an item (and forgets the
// expired ones); it gives how many still worked.
func (s *Store) RevokePreviewLinks(ctx context.Context, k content.Kind, id int64, now time.Time) (int64, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM preview_links WHERE kind = ? AND item_id = ? AND expires_at > ?", k, id, now.Unix())
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM preview_links WHERE expires_at <= ?", now.Unix()); err != nil {
			return err
		}
		return audit(ctx, tx, now, "preview links revoked", itemTarget(k, id), fmt.Sprint(n))
	})
	if err != nil {
		return 0, fmt.Errorf("store: revoke preview links of %s %d: %w", k, id, err)
	}
	return n, nil
}

// Review is an item submitted for review: waiting for an editor, or sent
// back to its author with a note.
type Review struct {
	Kind        content.Kind
	ItemID      int64
	Title       string
	Waiting     bool
	AuthorID    int64
	Author      string
	AuthorEmail string
	Submitted   time.Time
	Note        string
	Reviewer    string
	Reviewed    time.Time
}

// reviewCols are a review's columns and its item's title (empty for an item
// in the trash), in the order scanReview reads them.
var reviewCols = `r.kind, r.item_id, r.state = 'waiting', coalesce(r.author_id, 0), coalesce(a.name, ''), coalesce(a.email, ''),
	r.submitted_at, r.note, coalesce(v.name, ''), coalesce(r.reviewed_at, 0), coalesce(` + reviewTitle() + `, '')`

// reviewTitle is the title of a review's item, whatever its kind.
func reviewTitle() string {
	title := "CASE r.kind"
	for _, k := range content.Kinds() {
		title += " WHEN '" + string(k.Kind) + "' THEN (SELECT title FROM " + table(k.Kind) + " WHERE id = r.item_id AND deleted_at IS NULL)"
	}
	return title + " END"
}

const reviewFrom = ` FROM reviews r LEFT JOIN users a ON a.id = r.author_id LEFT JOIN users v ON v.id = r.reviewer_id`

func scanReview(sc interface{ Scan(...any) error }) (Review, error) {
	var r Review
	var submitted, reviewed int64
	err := sc.Scan(&r.Kind, &r.ItemID, &r.Waiting, &r.AuthorID, &r.Author, &r.AuthorEmail,
		&submitted, &r.Note, &r.Reviewer, &reviewed, &r.Title)
	r.Submitted = time.Unix(submitted, 0).UTC()
	if reviewed != 0 {
		r.Reviewed = time.Unix(reviewed, 0).UTC()
	}
	return r, err
}

// ReviewOf is where an item stands in review: content.ErrNotFound when
// it was never submitted, or has been published since.
func (s *Store) ReviewOf(ctx context.Context, k content.Kind, id int64) (Review, error) {
	r, err := scanReview(s.read.QueryRowContext(ctx, "SELECT "+reviewCols+reviewFrom+" WHERE r.kind = ? AND r.item_id = ?", k, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, content.ErrNotFound
	}
	return r, err
}

// Reviews lists the items waiting for review (authorID 0), oldest first,
// or those sent back to one author, newest first, with their titles.
func (s *Store) Reviews(ctx context.Context, authorID int64) ([]Review, error) {
	where, order := "r.state = 'waiting'", "r.submitted_at, r.item_id"
	args := []any{}
	if authorID != 0 {
		where, order = "r.state = 'returned' AND r.author_id = ?", "r.reviewed_at DESC"
		args = append(args, authorID)
	}
	rows, err := s.read.QueryContext(ctx, "SELECT "+reviewCols+reviewFrom+" WHERE "+where+" ORDER BY "+order+" LIMIT 200", args...)
	if err != nil {
		return nil, fmt.Errorf("store: reviews: %w", err)
	}
	defer rows.Close()
	var out []Review
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, err
		}
		if r.Title != "" { // an item in the trash waits for no one
			out = append(out, r)
		}
	}
	return out, rows.Err()
}

// ReturnForReview sends a waiting item back to its author with a note;
// content.ErrNotFound when it is not waiting.
func (s *Store) ReturnForReview(ctx context.Context, k content.Kind, id int64, note string, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE reviews SET state = 'returned', note = ?, reviewer_id = ?, reviewed_at = ?
			WHERE kind = ? AND item_id = ? AND state = 'waiting'`, note, nullID(content.Actor(ctx)), now.Unix(), k, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return content.ErrNotFound
		}
		return audit(ctx, tx, now, "sent back for changes", itemTarget(k, id), note)
	})
	if err != nil {
		return fmt.Errorf("store: send back %s %d: %w", k, id, err)
	}
	return nil
}

// submitKey marks a save's context as a submission for review.
type submitKey struct{}

// ForReview returns a context whose save also submits the item for
// review, in the same transaction.
func ForReview(ctx context.Context) context.Context { return context.WithValue(ctx, submitKey{}, true) }

// reviewed is what every save does to an item's review and to the
// saver's autosaved copy: a submission puts it in the waiting list; a
// published item has left review; the saved text replaces the copy.
func reviewed(ctx context.Context, tx *sql.Tx, k content.Kind, e content.Entry, created bool, now time.Time) error {
	actor := content.Actor(ctx)
	autosaved := e.ID
	if created {
		autosaved = 0 // a new item's text was kept under item 0
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM autosaves WHERE user_id = ? AND kind = ? AND item_id = ?", actor, k, autosaved); err != nil {
		return err
	}
	switch {
	case ctx.Value(submitKey{}) != nil:
		_, err := tx.ExecContext(ctx, `INSERT INTO reviews (kind, item_id, state, author_id, submitted_at) VALUES (?, ?, 'waiting', ?, ?)
			ON CONFLICT (kind, item_id) DO UPDATE SET state = 'waiting', author_id = excluded.author_id,
			submitted_at = excluded.submitted_at, note = '', reviewer_id = NULL, reviewed_at = NULL`, k, e.ID, nullID(actor), now.Unix())
		if err != nil {
			return err
		}
		return audit(ctx, tx, now, "submitted for review", itemTarget(k, e.ID), e.Title)
	case e.Status == content.StatusPublished:
		_, err := tx.ExecContext(ctx, "DELETE FROM reviews WHERE kind = ? AND item_id = ?", k, e.ID)
		return err
	}
	return nil
}

// Autosave keeps what a user is typing into an item (id 0: a new one),
// replacing the copy kept before.
func (s *Store) Autosave(ctx context.Context, userID int64, k content.Kind, id int64, title, body string, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if id != 0 {
			if err := liveItem(ctx, tx, k, id); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO autosaves (user_id, kind, item_id, title, body, saved_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (user_id, kind, item_id) DO UPDATE SET title = excluded.title, body = excluded.body, saved_at = excluded.saved_at`,
			userID, k, id, title, body, now.Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("store: autosave %s %d: %w", k, id, err)
	}
	return nil
}

// Autosaved is the copy a user's editor kept of an item, if it is newer
// than the item's last save (since) and differs from the saved body:
// content.ErrNotFound otherwise.
func (s *Store) Autosaved(ctx context.Context, userID int64, k content.Kind, id int64, since time.Time, savedBody string) (title, body string, at time.Time, err error) {
	var unix int64
	err = s.read.QueryRowContext(ctx, `SELECT title, body, saved_at FROM autosaves
		WHERE user_id = ? AND kind = ? AND item_id = ? AND saved_at >= ? AND body != ?`,
		userID, k, id, since.Unix(), savedBody).Scan(&title, &body, &unix)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", at, content.ErrNotFound
	}
	return title, body, time.Unix(unix, 0).UTC(), err
}
