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
// site is. Each kind is read in its own index order, so no query sorts the
// whole site.
func (s *Store) EachPublic(ctx context.Context, now time.Time, offset, limit int, fn func(SitemapEntry) error) error {
	nowArg := sql.Named("now", now.Unix())
	var pages, projects int
	err := s.read.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM pages t WHERE `+visible+`),
		(SELECT count(*) FROM projects t WHERE `+visible+`)`, nowArg).Scan(&pages, &projects)
	if err != nil {
		return fmt.Errorf("store: sitemap: %w", err)
	}
	parts := []struct {
		kind  content.Kind
		count int
		query string
	}{
		{content.KindPage, pages, `SELECT t.slug, max(t.updated_at, t.published_at), NULL, '' FROM pages t WHERE ` + visible +
			` ORDER BY t.menu_order, t.id LIMIT :limit OFFSET :offset`},
		{content.KindProject, projects, `SELECT t.slug, max(t.updated_at, t.published_at), m.name, t.lead_alt FROM projects t
			LEFT JOIN media m ON m.id = t.lead_media_id WHERE ` + visible + ` ORDER BY t.id LIMIT :limit OFFSET :offset`},
		{content.KindNews, -1, `SELECT t.slug, max(t.updated_at, t.published_at), m.name, t.lead_alt FROM news t INDEXED BY news_sitemap
			LEFT JOIN media m ON m.id = t.lead_media_id WHERE ` + visible + ` ORDER BY t.published_at DESC, t.id DESC LIMIT :limit OFFSET :offset`},
	}
	for _, p := range parts {
		if limit <= 0 {
			return nil
		}
		if p.count >= 0 && offset >= p.count {
			offset -= p.count
			continue
		}
		n, err := s.eachEntry(ctx, p.kind, p.query, offset, limit, nowArg, fn)
		if err != nil {
			return err
		}
		offset, limit = 0, limit-n
	}
	return nil
}

func (s *Store) eachEntry(ctx context.Context, kind content.Kind, query string, offset, limit int, nowArg any, fn func(SitemapEntry) error) (int, error) {
	rows, err := s.read.QueryContext(ctx, query, nowArg, sql.Named("limit", limit), sql.Named("offset", offset))
	if err != nil {
		return 0, fmt.Errorf("store: sitemap: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var slug, alt string
		var upd int64
		var mname sql.NullString
		if err := rows.Scan(&slug, &upd, &mname, &alt); err != nil {
			return n, fmt.Errorf("store: sitemap: %w", err)
		}
		e := SitemapEntry{Path: content.Path(kind, slug), Modified: time.Unix(upd, 0).UTC(), ImageAlt: alt}
		if mname.Valid {
			e.Image = MediaURL(mname.String)
		}
		if err := fn(e); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// LastChange is the time of the latest change to public content, for the
// sitemap's lastmod of list pages and the sitemap index. Each part walks an
// index from its newest end and stops at the first visible row.
func (s *Store) LastChange(ctx context.Context, now time.Time) (time.Time, error) {
	var n sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT max(
		coalesce((SELECT t.updated_at FROM news t INDEXED BY news_updated WHERE `+visible+` ORDER BY t.updated_at DESC LIMIT 1), 0),
		coalesce((SELECT t.published_at FROM news t WHERE `+visible+` ORDER BY t.published_at DESC, t.id DESC LIMIT 1), 0),
		coalesce((SELECT max(max(t.updated_at, t.published_at)) FROM projects t WHERE `+visible+`), 0),
		coalesce((SELECT max(max(t.updated_at, t.published_at)) FROM pages t WHERE `+visible+`), 0))`, sql.Named("now", now.Unix())).Scan(&n)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: last change: %w", err)
	}
	if n.Int64 == 0 {
		return time.Time{}, nil
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
