package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
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
func (s *Store) PublicPage(ctx context.Context, slug string, now time.Time) (content.Page, error) {
	p, deleted, err := scanPage(s.read.QueryRowContext(ctx, "SELECT "+pageCols+" FROM pages t WHERE t.lang = 'en' AND t.slug = ?", slug))
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

// PublicPages lists the published pages by menu order, then title.
func (s *Store) PublicPages(ctx context.Context, now time.Time) ([]content.Page, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+pageCols+" FROM pages t WHERE "+visible+
		" ORDER BY t.menu_order = 0, t.menu_order, t.title", sql.Named("now", now.Unix()))
	if err != nil {
		return nil, fmt.Errorf("store: list pages: %w", err)
	}
	defer rows.Close()
	var out []content.Page
	for rows.Next() {
		p, _, err := scanPage(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list pages: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SavePage creates (ID 0) or updates a plain page; see SaveNews.
func (s *Store) SavePage(ctx context.Context, p *content.Page, now time.Time) error {
	if p.Lang == "" {
		p.Lang = content.DefaultLang
	}
	if content.ReservedSlug(p.Slug) {
		return fmt.Errorf("store: save page %q: %w", p.Slug, content.ErrConflict)
	}
	publishNow(&p.Entry, now)
	p.BodyHTML = markdown.Render(p.BodyMD)
	p.UpdatedAt = now
	err := s.tx(ctx, func(tx *sql.Tx) error {
		args := []any{p.Lang, p.Slug, p.Title, p.Summary, p.BodyMD, p.BodyHTML, p.Status, unix(p.PublishedAt), unix(p.ExpiresAt), p.MenuOrder, now.Unix()}
		created := p.ID == 0
		if created {
			p.CreatedAt = now
			err := tx.QueryRowContext(ctx, `INSERT INTO pages (lang, slug, title, summary, body_md, body_html, status, published_at, expires_at,
				menu_order, updated_at, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				append(args, nullID(cmp.Or(p.AuthorID, content.Actor(ctx))), now.Unix())...).Scan(&p.ID)
			if err != nil {
				return err
			}
		} else {
			err := updateEntry(ctx, tx, content.KindPage, p.ID, p.Slug, now, func() error {
				_, err := tx.ExecContext(ctx, `UPDATE pages SET lang = ?, slug = ?, title = ?, summary = ?, body_md = ?, body_html = ?, status = ?,
				published_at = ?, expires_at = ?, menu_order = ?, updated_at = ? WHERE id = ?`, append(args, p.ID)...)
				return err
			})
			if err != nil {
				return err
			}
		}
		if err := saved(ctx, tx, content.KindPage, created, p.Entry, p, now); err != nil {
			return err
		}
		return index(ctx, tx, content.KindPage, p.Entry, markdown.PlainText(p.BodyHTML), false)
	})
	if isConstraint(err) {
		return fmt.Errorf("store: save page %q: %w", p.Slug, content.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: save page %q: %w", p.Slug, err)
	}
	return nil
}
