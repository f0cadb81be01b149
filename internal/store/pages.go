package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"orgsite/internal/content"
)

const pageCols = entryCols + `, t.menu_order`

func scanPage(row interface{ Scan(...any) error }) (content.Page, bool, error) {
	var p content.Page
	es := entryScan{e: &p.Entry}
	if err := row.Scan(append(es.dest(), &p.MenuOrder)...); err != nil {
		return p, false, err
	}
	return p, es.finish(), nil
}

// PublicPage returns the plain page the public sees at slug.
func (s *Store) PublicPage(ctx context.Context, lang content.Lang, slug string, now time.Time) (content.Page, error) {
	p, deleted, err := scanPage(s.read.QueryRowContext(ctx, "SELECT "+pageCols+" FROM pages t WHERE t.lang = ? AND t.slug = ?", lang, slug))
	if errors.Is(err, sql.ErrNoRows) {
		return p, content.ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: page %q: %w", slug, err)
	}
	return p, publicCheck(p.Entry, deleted, now)
}

// PageByID returns any page, for staff.
func (s *Store) PageByID(ctx context.Context, id int64) (content.Page, error) {
	p, _, err := scanPage(s.read.QueryRowContext(ctx, "SELECT "+pageCols+" FROM pages t WHERE t.id = ? AND t.deleted_at IS NULL", id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, content.ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: page %d: %w", id, err)
	}
	return p, nil
}

// PublicPages lists the published pages of a language by menu order, then
// title.
func (s *Store) PublicPages(ctx context.Context, lang content.Lang, now time.Time) ([]content.Page, error) {
	out, err := queryAll(ctx, s.read, listed(scanPage), "SELECT "+pageCols+" FROM pages t WHERE t.lang = :lang AND "+visible+
		" ORDER BY t.menu_order = 0, t.menu_order, t.title", sql.Named("lang", lang), sql.Named("now", now.Unix()))
	if err != nil {
		return nil, fmt.Errorf("store: list pages: %w", err)
	}
	return out, nil
}

// SavePage creates (ID 0) or updates a plain page; see SaveNews.
func (s *Store) SavePage(ctx context.Context, p *content.Page, now time.Time) error {
	if content.CheckSlug(content.KindPage, p.Slug) != nil {
		return fmt.Errorf("store: save page %q: %w", p.Slug, content.ErrConflict)
	}
	w := entryWrite{kind: content.KindPage, e: &p.Entry, cols: []string{"menu_order"}, vals: []any{p.MenuOrder}}
	return s.saveEntry(ctx, w, now, nil, func() any { return p }, "")
}
