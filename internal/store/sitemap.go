package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"orgsite/internal/content"
)

// SitemapEntry is one public URL with its last change (its last save, or
// its publication when it was scheduled and went live later) and lead image.
type SitemapEntry struct {
	Lang     content.Lang
	Path     string // in its language: "/az/news/{slug}"
	Modified time.Time
	Image    string // path of the lead image, "" for none
	ImageAlt string
	// Versions are the item in each site language it is published in, itself
	// included, in the site's order of languages; nil when it is published
	// in its own language only.
	Versions []content.Hreflang
}

// siteLangs reads the site's languages, the default first, and the SQL
// condition that keeps t's rows in them: an item in a language the site no
// longer has has no public URL. The codes are bound as :lang1…:langN.
func (s *Store) siteLangs(ctx context.Context) ([]content.Lang, string, []any, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return nil, "", nil, err
	}
	langs := set.Langs()
	names := make([]string, len(langs))
	args := make([]any, len(langs))
	for i, l := range langs {
		names[i] = ":lang" + strconv.Itoa(i+1)
		args[i] = sql.Named(names[i][1:], string(l))
	}
	return langs, " AND t.lang IN (" + strings.Join(names, ", ") + ")", args, nil
}

// CountPublic counts the public URLs of each kind in every site language,
// to split the sitemap.
func (s *Store) CountPublic(ctx context.Context, now time.Time) (int, error) {
	_, inLangs, args, err := s.siteLangs(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: count public: %w", err)
	}
	var n int
	err = s.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM news t INDEXED BY news_sitemap WHERE `+visible+inLangs+`) +
		(SELECT count(*) FROM projects t WHERE `+visible+inLangs+`) +
		(SELECT count(*) FROM pages t WHERE `+visible+inLangs+`)`, append(args, sql.Named("now", now.Unix()))...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count public: %w", err)
	}
	return n, nil
}

// versionsOf selects the published versions of item t from its table as
// "lang slug" pairs joined by spaces (slugs and codes have none), or NULL
// for an item alone in its group. Only the groups that some item joined
// (a small index: most items have no translation) cost the seek in the
// table's _versions index.
func versionsOf(table string) string {
	return `CASE WHEN t.group_id IN (SELECT x.group_id FROM ` + table + ` x INDEXED BY ` + table + `_translations WHERE x.group_id != x.id)
		THEN (SELECT group_concat(v.lang || ' ' || v.slug, ' ') FROM ` + table + ` v INDEXED BY ` + table + `_versions
		WHERE v.group_id = t.group_id AND v.status = 'published' AND v.deleted_at IS NULL AND v.published_at <= :now
		AND (v.expires_at IS NULL OR v.expires_at > :now)) END`
}

// sitemapPart is the query of one kind's part of the sitemap.
type sitemapPart struct {
	kind  content.Kind
	count int // -1: the last part, not counted
	query string
}

// EachPublic calls fn for every public item of every site language in a
// stable order (pages, projects, then news newest first), skipping the
// first offset and stopping after limit, streaming rows so that memory
// stays flat however large the site is. Each kind is read in its own index
// order, so no query sorts the whole site, and each item's translations
// come with it from an index.
func (s *Store) EachPublic(ctx context.Context, now time.Time, offset, limit int, fn func(SitemapEntry) error) error {
	langs, inLangs, args, err := s.siteLangs(ctx)
	if err != nil {
		return fmt.Errorf("store: sitemap: %w", err)
	}
	args = slices.Clip(append(args, sql.Named("now", now.Unix()))) // each part appends its own
	var pages, projects int
	err = s.read.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM pages t WHERE `+visible+inLangs+`),
		(SELECT count(*) FROM projects t WHERE `+visible+inLangs+`)`, args...).Scan(&pages, &projects)
	if err != nil {
		return fmt.Errorf("store: sitemap: %w", err)
	}
	parts := []sitemapPart{
		{content.KindPage, pages, `SELECT t.lang, t.slug, max(t.updated_at, t.published_at), NULL, '', ` + versionsOf("pages") +
			` FROM pages t WHERE ` + visible + inLangs + ` ORDER BY t.menu_order, t.id LIMIT :limit OFFSET :offset`},
		{content.KindProject, projects, `SELECT t.lang, t.slug, max(t.updated_at, t.published_at), m.name, t.lead_alt, ` + versionsOf("projects") +
			` FROM projects t LEFT JOIN media m ON m.id = t.lead_media_id WHERE ` + visible + inLangs + ` ORDER BY t.id LIMIT :limit OFFSET :offset`},
		{content.KindNews, -1, `SELECT t.lang, t.slug, max(t.updated_at, t.published_at), m.name, t.lead_alt, ` + versionsOf("news") +
			` FROM news t INDEXED BY news_sitemap LEFT JOIN media m ON m.id = t.lead_media_id WHERE ` + visible + inLangs +
			` ORDER BY t.published_at DESC, t.id DESC LIMIT :limit OFFSET :offset`},
	}
	for _, p := range parts {
		if limit <= 0 {
			return nil
		}
		if p.count >= 0 && offset >= p.count {
			offset -= p.count
			continue
		}
		n, err := s.eachEntry(ctx, p, langs, append(args, sql.Named("limit", limit), sql.Named("offset", offset)), fn)
		if err != nil {
			return err
		}
		offset, limit = 0, limit-n
	}
	return nil
}

func (s *Store) eachEntry(ctx context.Context, p sitemapPart, langs []content.Lang, args []any, fn func(SitemapEntry) error) (int, error) {
	rows, err := s.read.QueryContext(ctx, p.query, args...)
	if err != nil {
		return 0, fmt.Errorf("store: sitemap: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var lang, slug, alt string
		var upd int64
		var mname, versions sql.NullString
		if err := rows.Scan(&lang, &slug, &upd, &mname, &alt, &versions); err != nil {
			return n, fmt.Errorf("store: sitemap: %w", err)
		}
		e := SitemapEntry{Lang: content.Lang(lang), Path: content.LangPath(content.Lang(lang), langs[0], content.Path(p.kind, slug)),
			Modified: time.Unix(upd, 0).UTC(), ImageAlt: alt, Versions: versionPaths(p.kind, versions.String, langs)}
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

// versionPaths reads versionsOf's "lang slug" pairs into each version's
// path, in the order of langs (the default first), leaving out languages
// the site does not have; nil for fewer than two.
func versionPaths(k content.Kind, pairs string, langs []content.Lang) []content.Hreflang {
	f := strings.Fields(pairs)
	if len(f) < 4 {
		return nil
	}
	var out []content.Hreflang
	for _, l := range langs {
		for i := 0; i+1 < len(f); i += 2 {
			if f[i] == string(l) {
				out = append(out, content.Hreflang{Lang: f[i], Path: content.LangPath(l, langs[0], content.Path(k, f[i+1]))})
			}
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
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
