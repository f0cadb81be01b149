package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"orgsite/internal/content"
)

// SitemapEntry is one public URL with its last change (its last save, or
// its publication when it was scheduled and went live later) and lead image.
type SitemapEntry struct {
	Path     string
	Modified time.Time
	Image    string // path of the lead image, "" for none
	ImageAlt string
}

// CountPublic counts the public URLs of each kind, to split the sitemap.
func (s *Store) CountPublic(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM news t WHERE `+visible+`) +
		(SELECT count(*) FROM projects t WHERE `+visible+`) +
		(SELECT count(*) FROM pages t WHERE `+visible+`)`, sql.Named("now", now.Unix())).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count public: %w", err)
	}
	return n, nil
}

// EachPublic calls fn for every public item in a stable order (pages,
// projects, then news newest first), skipping the first offset and stopping
// after limit, streaming rows so that memory stays flat however large the
// site is.
func (s *Store) EachPublic(ctx context.Context, now time.Time, offset, limit int, fn func(SitemapEntry) error) error {
	rows, err := s.read.QueryContext(ctx, `
		SELECT kind, slug, updated_at, mname, alt FROM (
			SELECT 0 AS ord, 'page' AS kind, t.slug, max(t.updated_at, t.published_at) AS updated_at, NULL AS mname, '' AS alt, t.menu_order AS o1, t.id AS o2
				FROM pages t WHERE `+visible+`
			UNION ALL
			SELECT 1, 'project', t.slug, max(t.updated_at, t.published_at), m.name, t.lead_alt, 0, t.id
				FROM projects t LEFT JOIN media m ON m.id = t.lead_media_id WHERE `+visible+`
			UNION ALL
			SELECT 2, 'news', t.slug, max(t.updated_at, t.published_at), m.name, t.lead_alt, -t.published_at, -t.id
				FROM news t LEFT JOIN media m ON m.id = t.lead_media_id WHERE `+visible+`
		) ORDER BY ord, o1, o2 LIMIT :limit OFFSET :offset`,
		sql.Named("now", now.Unix()), sql.Named("limit", limit), sql.Named("offset", offset))
	if err != nil {
		return fmt.Errorf("store: sitemap: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, slug, alt string
		var upd int64
		var mname sql.NullString
		if err := rows.Scan(&kind, &slug, &upd, &mname, &alt); err != nil {
			return fmt.Errorf("store: sitemap: %w", err)
		}
		e := SitemapEntry{Path: content.Path(content.Kind(kind), slug), Modified: time.Unix(upd, 0).UTC(), ImageAlt: alt}
		if mname.Valid {
			e.Image = MediaURL(mname.String)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// LastChange is the time of the latest change to public content, for the
// home page's and lists' Last-Modified and the feed's updated element.
func (s *Store) LastChange(ctx context.Context, now time.Time) (time.Time, error) {
	var n sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT max(m) FROM (
		SELECT max(t.updated_at) AS m FROM news t WHERE `+visible+`
		UNION ALL SELECT max(t.published_at) FROM news t WHERE `+visible+`
		UNION ALL SELECT max(t.updated_at) FROM projects t WHERE `+visible+`
		UNION ALL SELECT max(t.updated_at) FROM pages t WHERE `+visible+`)`, sql.Named("now", now.Unix())).Scan(&n)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: last change: %w", err)
	}
	return fromUnix(n), nil
}

// NextChange is the next moment after now at which what the public sees
// changes by itself: a scheduled item goes live, a published one expires,
// or a project starts or ends. Rendered pages may be kept until then (or
// until the next write); zero means no such moment is known.
func (s *Store) NextChange(ctx context.Context, now time.Time) (time.Time, error) {
	var n sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT min(m) FROM (
		SELECT min(published_at) AS m FROM news WHERE status = 'published' AND deleted_at IS NULL AND published_at > :now
		UNION ALL SELECT min(expires_at) FROM news WHERE status = 'published' AND deleted_at IS NULL AND expires_at > :now
		UNION ALL SELECT min(published_at) FROM projects WHERE status = 'published' AND deleted_at IS NULL AND published_at > :now
		UNION ALL SELECT min(expires_at) FROM projects WHERE status = 'published' AND deleted_at IS NULL AND expires_at > :now
		UNION ALL SELECT min(published_at) FROM pages WHERE status = 'published' AND deleted_at IS NULL AND published_at > :now
		UNION ALL SELECT min(expires_at) FROM pages WHERE status = 'published' AND deleted_at IS NULL AND expires_at > :now
		UNION ALL SELECT min(CAST(strftime('%s', start_date) AS INTEGER)) FROM projects
			WHERE start_date != '' AND deleted_at IS NULL AND CAST(strftime('%s', start_date) AS INTEGER) > :now
		UNION ALL SELECT min(CAST(strftime('%s', end_date, '+1 day') AS INTEGER)) FROM projects
			WHERE end_date != '' AND deleted_at IS NULL AND CAST(strftime('%s', end_date, '+1 day') AS INTEGER) > :now
	)`, sql.Named("now", now.Unix())).Scan(&n)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: next change: %w", err)
	}
	return fromUnix(n), nil
}
