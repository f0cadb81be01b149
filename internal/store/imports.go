package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
)

// Imported is an item brought in from another site before.
type Imported struct {
	Kind string // "news", "page" or "media"
	ID   int64
	Path string // its address here when it was imported
}

// ImportedFrom lists what was imported from source, by the key the other
// site gave each item.
func (s *Store) ImportedFrom(ctx context.Context, source string) (map[string]Imported, error) {
	type keyed struct {
		key string
		im  Imported
	}
	rows, err := queryAll(ctx, s.read, func(r row) (k keyed, err error) {
		return k, r.Scan(&k.key, &k.im.Kind, &k.im.ID, &k.im.Path)
	}, "SELECT key, kind, item_id, path FROM imports WHERE source = ?", source)
	if err != nil {
		return nil, fmt.Errorf("store: imported from %s: %w", source, err)
	}
	out := make(map[string]Imported, len(rows))
	for _, k := range rows {
		out[k.key] = k.im
	}
	return out, nil
}

// Importer writes one import from another site; see Store.Import.
type Importer struct {
	ctx    context.Context
	tx     *sql.Tx
	now    time.Time
	source string
	search []searchRow
	counts map[string]int
}

// ErrRollback, returned by an import's function, undoes everything it
// wrote and is returned by Import: a dry run.
var ErrRollback = errors.New("store: import rolled back")

// Import runs fn in one transaction: everything it adds through the
// Importer is written together, or nothing is (on fn's error, or
// ErrRollback for a dry run). Items are written without revisions, one
// audit line for the whole import.
func (s *Store) Import(ctx context.Context, source string, now time.Time, fn func(*Importer) error) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		im := &Importer{ctx: ctx, tx: tx, now: now, source: source, counts: map[string]int{}}
		if err := fn(im); err != nil {
			return err
		}
		if err := insertSearch(ctx, tx, im.search); err != nil {
			return err
		}
		detail := fmt.Sprintf("%d news items, %d pages, %d files, %d redirects", im.counts["news"], im.counts["page"], im.counts["media"], im.counts["redirect"])
		return audit(ctx, tx, now, "imported from "+source, "", detail)
	})
	if err != nil && !errors.Is(err, ErrRollback) {
		return fmt.Errorf("store: import from %s: %w", source, err)
	}
	return err
}

// remember records that key of the source is now item id of kind.
func (im *Importer) remember(key, kind string, id int64, path string) error {
	im.counts[kind]++
	_, err := im.tx.ExecContext(im.ctx, `INSERT INTO imports (source, key, kind, item_id, path, imported_at) VALUES (?, ?, ?, ?, ?, ?)`,
		im.source, key, kind, id, path, im.now.Unix())
	return err
}

// SlugTaken reports whether an item of kind k in lang has slug already,
// this import's own included.
func (im *Importer) SlugTaken(k content.Kind, lang content.Lang, slug string) (bool, error) {
	var n int
	err := im.tx.QueryRowContext(im.ctx, "SELECT count(*) FROM "+table(k)+" WHERE lang = ? AND slug = ?", lang, slug).Scan(&n)
	return n > 0, err
}

// AddMedia records a stored file under key.
func (im *Importer) AddMedia(m *Media, key string) error {
	m.CreatedAt = cmp.Or(m.CreatedAt, im.now)
	err := im.tx.QueryRowContext(im.ctx, `INSERT INTO media (name, kind, mime, size, width, height, variants, title, file_name, alt, credit, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.Name, m.Kind, m.MIME, m.Size, m.Width, m.Height, variantsJSON(m.Variants), m.Title, cmp.Or(m.FileName, m.Title), m.Alt, m.Credit, m.CreatedAt.Unix()).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("media %s: %w", m.Name, err)
	}
	return im.remember(key, "media", m.ID, "/media/"+m.Name)
}

// AddNews adds a news item with its tags under key; byline names its
// author when they have no account here.
func (im *Importer) AddNews(n *content.News, tags []string, byline, key string) error {
	err := im.addEntry(content.KindNews, &n.Entry, byline, []string{"lead_media_id", "lead_alt"}, []any{nullID(n.LeadImage.MediaID), n.LeadImage.Alt})
	if err != nil {
		return err
	}
	if err := setTags(im.ctx, im.tx, "news_tags", "news_id", n.ID, tags); err != nil {
		return err
	}
	return im.remember(key, "news", n.ID, content.Path(content.KindNews, n.Slug))
}

// AddPage adds a page under key; see AddNews.
func (im *Importer) AddPage(p *content.Page, byline, key string) error {
	if err := im.addEntry(content.KindPage, &p.Entry, byline, []string{"menu_order"}, []any{p.MenuOrder}); err != nil {
		return err
	}
	return im.remember(key, "page", p.ID, content.Path(content.KindPage, p.Slug))
}

// addEntry inserts an entry of kind k with its extra columns, and queues
// its search row.
func (im *Importer) addEntry(k content.Kind, e *content.Entry, byline string, cols []string, vals []any) error {
	importDefaults(e, im.now)
	q := "INSERT INTO " + table(k) + " (lang, slug, title, summary, body_md, body_html, status, published_at, byline, created_at, updated_at"
	args := []any{e.Lang, e.Slug, e.Title, e.Summary, e.BodyMD, e.BodyHTML, e.Status, unix(e.PublishedAt), byline, e.CreatedAt.Unix(), e.UpdatedAt.Unix()}
	for _, c := range cols {
		q += ", " + c
	}
	q += ") VALUES (?" + strings.Repeat(", ?", len(args)+len(vals)-1) + ") RETURNING id"
	if err := im.tx.QueryRowContext(im.ctx, q, append(args, vals...)...).Scan(&e.ID); err != nil {
		return fmt.Errorf("%s %q: %w", k, e.Slug, err)
	}
	e.Group = e.ID
	if _, err := im.tx.ExecContext(im.ctx, "UPDATE "+table(k)+" SET group_id = id WHERE id = ?", e.ID); err != nil {
		return err
	}
	plain := markdown.PlainText(e.BodyHTML)
	if row, ok := searchRowOf(k, *e, plain, hidden(e.Lang, plain)); ok {
		im.search = append(im.search, row)
	}
	// Written in batches as the import goes, not held to the end: the
	// index text of 40,000 posts took 100 MB.
	if len(im.search) >= 500 {
		if err := insertSearch(im.ctx, im.tx, im.search); err != nil {
			return err
		}
		im.search = im.search[:0]
	}
	return nil
}

// AddRedirect makes an old path answer 301 to a new one; false, and
// nothing written, when the old path redirects already or is the new one.
func (im *Importer) AddRedirect(from, to string) (bool, error) {
	if from == to || from == "" || from == "/" {
		return false, nil
	}
	res, err := im.tx.ExecContext(im.ctx, `INSERT INTO redirects (from_path, to_path, code, kind, created_at, updated_at)
		VALUES (?, ?, 301, 'auto', ?, ?) ON CONFLICT (from_path) DO NOTHING`, from, to, im.now.Unix(), im.now.Unix())
	if err != nil {
		return false, fmt.Errorf("redirect %s: %w", from, err)
	}
	n, _ := res.RowsAffected()
	if n > 0 {
		im.counts["redirect"]++
	}
	return n > 0, nil
}
