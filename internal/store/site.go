package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"orgsite/internal/content"
)

// Tag returns a tag that at least one published item uses.
func (s *Store) Tag(ctx context.Context, slug string) (content.Tag, error) {
	var t content.Tag
	err := s.read.QueryRowContext(ctx, "SELECT slug, name FROM tags WHERE slug = ?", slug).Scan(&t.Slug, &t.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return t, content.ErrNotFound
	}
	return t, err
}

// PublicTags lists the tags used by the published items of a language.
func (s *Store) PublicTags(ctx context.Context, lang content.Lang, now time.Time) ([]content.Tag, error) {
	var used []string
	for _, k := range content.Kinds() {
		if st := storages[k.Kind]; st.tagLink != "" {
			used = append(used, `EXISTS (SELECT 1 FROM `+st.tagLink+` l JOIN `+st.table+` t ON t.id = l.`+st.tagCol+`
				WHERE l.tag_id = g.id AND t.lang = :lang AND `+visible+`)`)
		}
	}
	rows, err := s.read.QueryContext(ctx, `SELECT g.slug, g.name FROM tags g WHERE `+strings.Join(used, " OR ")+`
		ORDER BY g.name`, sql.Named("lang", lang), sql.Named("now", now.Unix()))
	if err != nil {
		return nil, fmt.Errorf("store: list tags: %w", err)
	}
	defer rows.Close()
	var out []content.Tag
	for rows.Next() {
		var t content.Tag
		if err := rows.Scan(&t.Slug, &t.Name); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Redirect is an old path that leads elsewhere (Code 301) or is gone (410).
type Redirect struct {
	ID   int64
	From string
	To   string
	Code int
	Kind string // "auto" after a slug change, "manual" when staff added it
	Hits int64

	UpdatedAt time.Time // filled by Redirects
}

// FindRedirect looks up a path among the redirects and counts the hit.
func (s *Store) FindRedirect(ctx context.Context, path string) (Redirect, error) {
	r := Redirect{From: path}
	err := s.read.QueryRowContext(ctx, "SELECT id, to_path, code, kind, hits FROM redirects WHERE from_path = ?", path).
		Scan(&r.ID, &r.To, &r.Code, &r.Kind, &r.Hits)
	if errors.Is(err, sql.ErrNoRows) {
		return r, content.ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("store: redirect %q: %w", path, err)
	}
	s.hits.count(s, r.ID)
	return r, nil
}

// Redirects lists the redirects, most recently changed first, with their
// total.
func (s *Store) Redirects(ctx context.Context, limit, offset int) ([]Redirect, int, error) {
	scan := func(rows row) (Redirect, error) {
		var r Redirect
		var at int64
		err := rows.Scan(&r.ID, &r.From, &r.To, &r.Code, &r.Kind, &r.Hits, &at)
		r.UpdatedAt = time.Unix(at, 0).UTC()
		return r, err
	}
	out, total, err := queryPage(ctx, s.read, scan, "SELECT count(*) FROM redirects",
		"SELECT id, from_path, to_path, code, kind, hits, updated_at FROM redirects ORDER BY updated_at DESC, id DESC", nil, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: redirects: %w", err)
	}
	return out, total, nil
}

// AddRedirect adds a manual redirect from an old path: to a site path with
// code 301, or, with code 410 and no target, marking it gone. A path that
// already has a redirect gives content.ErrConflict.
func (s *Store) AddRedirect(ctx context.Context, r *Redirect, now time.Time) error {
	_, toErr := content.ParseLocalPath(r.To)
	switch {
	case !strings.HasPrefix(r.From, "/") || strings.HasPrefix(r.From, "//"):
		return fmt.Errorf("store: redirect from %q: not a site path", r.From)
	case r.Code == 301 && toErr != nil:
		return fmt.Errorf("store: redirect to %q: %w", r.To, toErr)
	case r.Code == 410:
		r.To = ""
	case r.Code != 301:
		return fmt.Errorf("store: redirect code %d", r.Code)
	case r.From == r.To:
		return fmt.Errorf("store: a redirect from %s to itself would loop: %w", r.From, content.ErrConflict)
	}
	r.Kind = "manual"
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO redirects (from_path, to_path, code, kind, created_at, updated_at)
			VALUES (?, ?, ?, 'manual', ?, ?) RETURNING id`, r.From, r.To, r.Code, now.Unix(), now.Unix()).Scan(&r.ID)
		if err != nil {
			return err
		}
		detail := r.From + " → " + r.To
		if r.Code == 410 {
			detail = r.From + " gone (410)"
		}
		return audit(ctx, tx, now, "redirect added", fmt.Sprintf("redirect %d", r.ID), detail)
	})
	if isConstraint(err) {
		return fmt.Errorf("store: add redirect %q: %w", r.From, content.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: add redirect %q: %w", r.From, err)
	}
	r.UpdatedAt = now
	return nil
}

// DeleteRedirect removes a redirect: its old path answers 404 again, or
// the page now living there.
func (s *Store) DeleteRedirect(ctx context.Context, id int64, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var from, to string
		var code int
		err := tx.QueryRowContext(ctx, "DELETE FROM redirects WHERE id = ? RETURNING from_path, to_path, code", id).Scan(&from, &to, &code)
		if errors.Is(err, sql.ErrNoRows) {
			return content.ErrNotFound
		} else if err != nil {
			return err
		}
		detail := from + " → " + to
		if code == 410 {
			detail = from + " gone (410)"
		}
		return audit(ctx, tx, now, "redirect deleted", fmt.Sprintf("redirect %d", id), detail)
	})
	if err != nil {
		return fmt.Errorf("store: delete redirect %d: %w", id, err)
	}
	return nil
}

// PublicSummaries lists the latest published items of any kind in a
// language, newest first, in their short form.
func (s *Store) PublicSummaries(ctx context.Context, k content.Kind, lang content.Lang, now time.Time, limit int) ([]content.Summary, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT t.slug, t.title, t.summary, t.published_at, t.updated_at FROM "+table(k)+
		" t WHERE t.lang = :lang AND "+visible+" ORDER BY t.published_at DESC, t.id DESC LIMIT :limit",
		sql.Named("lang", lang), sql.Named("now", now.Unix()), sql.Named("limit", limit))
	if err != nil {
		return nil, fmt.Errorf("store: list %s: %w", k, err)
	}
	return scanSummaries(rows, k)
}

// ItemsByTag lists the published items of kind k in a language with a
// tag, newest first, in their short form.
func (s *Store) ItemsByTag(ctx context.Context, k content.Kind, lang content.Lang, tagSlug string, now time.Time, limit int) ([]content.Summary, error) {
	st := storages[k]
	if st.tagLink == "" {
		return nil, nil
	}
	rows, err := s.read.QueryContext(ctx, "SELECT t.slug, t.title, t.summary, t.published_at, t.updated_at FROM "+st.table+" t JOIN "+st.tagLink+
		" l ON l."+st.tagCol+" = t.id JOIN tags g ON g.id = l.tag_id AND g.slug = :tag WHERE t.lang = :lang AND "+visible+
		" ORDER BY t.published_at DESC, t.id DESC LIMIT :limit",
		sql.Named("lang", lang), sql.Named("now", now.Unix()), sql.Named("tag", tagSlug), sql.Named("limit", limit))
	if err != nil {
		return nil, fmt.Errorf("store: %s tagged %q: %w", k, tagSlug, err)
	}
	return scanSummaries(rows, k)
}
