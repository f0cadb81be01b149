package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"orgsite/internal/content"
)

// Translations lists the members of a translation group of kind k, in the
// order of the languages' codes, each with whether the public sees it at
// now. Items in the trash are left out.
func (s *Store) Translations(ctx context.Context, k content.Kind, group int64, now time.Time) ([]content.Translation, error) {
	scan := func(r row) (content.Translation, error) {
		var t content.Translation
		var upd int64
		err := r.Scan(&t.Lang, &t.ID, &t.Slug, &t.Title, &upd, &t.Public)
		t.UpdatedAt = time.Unix(upd, 0).UTC()
		return t, err
	}
	out, err := queryAll(ctx, s.read, scan, `SELECT t.lang, t.id, t.slug, t.title, t.updated_at,
		(t.status = 'published' AND t.published_at <= :now AND (t.expires_at IS NULL OR t.expires_at > :now))
		FROM `+table(k)+` t WHERE t.group_id = :group AND t.deleted_at IS NULL ORDER BY t.lang`,
		sql.Named("group", group), sql.Named("now", now.Unix()))
	if err != nil {
		return nil, fmt.Errorf("store: translations of %s %d: %w", k, group, err)
	}
	return out, nil
}

// TranslationTaken reports whether the translation group already has an
// item (other than id) in lang, in the trash too.
func (s *Store) TranslationTaken(ctx context.Context, k content.Kind, group int64, lang content.Lang, id int64) (bool, error) {
	if group == 0 {
		return false, nil
	}
	var n int
	err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM "+table(k)+" WHERE group_id = ? AND lang = ? AND id != ?", group, lang, id).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: translation taken: %w", err)
	}
	return n > 0, nil
}

// Group is the translation group of item id of kind k, in the trash or
// not; content.ErrNotFound when there is no such item.
func (s *Store) Group(ctx context.Context, k content.Kind, id int64) (int64, error) {
	var group int64
	err := s.read.QueryRowContext(ctx, "SELECT coalesce(group_id, id) FROM "+table(k)+" WHERE id = ?", id).Scan(&group)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, content.ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: group of %s %d: %w", k, id, err)
	}
	return group, nil
}
