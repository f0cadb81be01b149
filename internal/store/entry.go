package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
)

// entryCols are the columns every content table shares, in the order
// entryDest scans them; prefix with the table alias t.
const entryCols = `t.id, t.lang, coalesce(t.group_id, t.id), t.slug, t.title, t.summary, t.body_md, t.body_html, t.status,
	t.published_at, t.expires_at, t.created_at, t.updated_at, t.deleted_at,
	coalesce(t.author_id, 0), coalesce((SELECT name FROM users WHERE id = t.author_id), t.byline),
	t.meta_title, t.meta_description, coalesce(t.share_image_id, 0),
	coalesce((SELECT '/media/' || name FROM media WHERE id = t.share_image_id), ''),
	coalesce((SELECT alt FROM media WHERE id = t.share_image_id), '')`

type entryScan struct {
	e                *content.Entry
	pub, exp, del    sql.NullInt64
	created, updated int64
}

func (s *entryScan) dest() []any {
	e := s.e
	return []any{&e.ID, &e.Lang, &e.Group, &e.Slug, &e.Title, &e.Summary, &e.BodyMD, &e.BodyHTML, &e.Status,
		&s.pub, &s.exp, &s.created, &s.updated, &s.del, &e.AuthorID, &e.AuthorName,
		&e.SEO.MetaTitle, &e.SEO.MetaDescription, &e.SEO.ShareImageID, &e.SEO.ShareImage, &e.SEO.ShareImageAlt}
}

// finish copies the scanned times into the entry and reports whether the
// row is in the trash.
func (s *entryScan) finish() (deleted bool) {
	s.e.PublishedAt = fromUnix(s.pub)
	s.e.ExpiresAt = fromUnix(s.exp)
	s.e.CreatedAt = time.Unix(s.created, 0).UTC()
	s.e.UpdatedAt = time.Unix(s.updated, 0).UTC()
	return s.del.Valid
}

// publicCheck turns a row found by slug into the answer the public gets.
func publicCheck(e content.Entry, deleted bool, now time.Time) error {
	if deleted {
		return content.ErrGone
	}
	if !e.Visible(now) {
		return content.ErrNotFound
	}
	return nil
}

// imageCols select a lead image joined as m; imageScan reads them.
const imageCols = `m.id, m.name, m.width, m.height, m.variants`

type imageScan struct {
	id            sql.NullInt64
	name          sql.NullString
	width, height sql.NullInt64
	variants      sql.NullString
}

func (s *imageScan) dest() []any { return []any{&s.id, &s.name, &s.width, &s.height, &s.variants} }

type variant struct {
	W int    `json:"w"`
	H int    `json:"h"`
	N string `json:"n"`
}

// MediaURL is where a stored media file is served.
func MediaURL(name string) string { return "/media/" + name }

func (s *imageScan) image(alt, credit string) content.Image {
	if !s.name.Valid {
		return content.Image{}
	}
	img := content.Image{
		MediaID: s.id.Int64,
		Src:     MediaURL(s.name.String),
		Width:   int(s.width.Int64),
		Height:  int(s.height.Int64),
		Alt:     alt,
		Credit:  credit,
	}
	var vs []variant
	if s.variants.Valid && json.Unmarshal([]byte(s.variants.String), &vs) == nil && len(vs) > 0 {
		parts := make([]string, 0, len(vs)+1)
		for _, v := range vs {
			parts = append(parts, MediaURL(v.N)+" "+strconv.Itoa(v.W)+"w")
		}
		parts = append(parts, img.Src+" "+strconv.Itoa(img.Width)+"w")
		img.Srcset = strings.Join(parts, ", ")
	}
	return img
}

// tagsFor loads the tags of many rows of a link table at once, keyed by id.
func tagsFor(ctx context.Context, q querier, link, col string, ids []int64) (map[int64][]content.Tag, error) {
	out := make(map[int64][]content.Tag, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	ph := strings.Repeat("?,", len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := q.QueryContext(ctx, fmt.Sprintf(`SELECT l.%s, g.slug, g.name FROM %s l JOIN tags g ON g.id = l.tag_id
		WHERE l.%s IN (%s) ORDER BY g.name`, col, link, col, ph[:len(ph)-1]), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t content.Tag
		if err := rows.Scan(&id, &t.Slug, &t.Name); err != nil {
			return nil, err
		}
		out[id] = append(out[id], t)
	}
	return out, rows.Err()
}

// querier is what both *sql.DB and *sql.Tx offer for reads.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// setTags replaces the tags of one row, creating tags that are new.
func setTags(ctx context.Context, tx *sql.Tx, link, col string, id int64, names []string) error {
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE %s = ?", link, col), id); err != nil {
		return err
	}
	for _, name := range names {
		name = strings.Join(strings.Fields(name), " ")
		slug := content.Slugify(name)
		if slug == "" {
			continue
		}
		var tagID int64
		err := tx.QueryRowContext(ctx, `INSERT INTO tags (slug, name) VALUES (?, ?)
			ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id`, slug, name).Scan(&tagID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("INSERT OR IGNORE INTO %s (%s, tag_id) VALUES (?, ?)", link, col), id, tagID); err != nil {
			return err
		}
	}
	return nil
}

// index writes or removes an entry's row in the full-text index, so that
// search shows exactly what the public may see.
func index(ctx context.Context, tx *sql.Tx, kind content.Kind, e content.Entry, body string, deleted bool) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM search WHERE rowid = ?", searchRowID(kind, e.ID)); err != nil {
		return err
	}
	if deleted {
		return nil
	}
	if e.Lang == "" {
		// A caller that read only the indexed text (a restore) leaves the
		// language to the row itself.
		if err := tx.QueryRowContext(ctx, "SELECT lang FROM "+table(kind)+" WHERE id = ?", e.ID).Scan(&e.Lang); err != nil {
			return err
		}
	}
	row, ok := searchRowOf(kind, e, body, hidden(e.Lang, body))
	if !ok {
		return nil
	}
	return insertSearch(ctx, tx, []searchRow{row})
}

// searchRow is one row of the full-text index.
type searchRow struct {
	rowid                                     int64
	title, summary, body, folded, stems, kind string
	lang, slug                                string
	from, until                               int64
}

// searchRowOf is the index row of an entry the public may see at some
// time; ok is false for drafts. bodyHidden is hidden(e.Lang, body), which
// callers indexing many items with one body compute once.
func searchRowOf(kind content.Kind, e content.Entry, body string, bodyHidden hiddenText) (searchRow, bool) {
	if e.Status != content.StatusPublished || e.PublishedAt.IsZero() {
		return searchRow{}, false
	}
	until := int64(1 << 62)
	if !e.ExpiresAt.IsZero() {
		until = e.ExpiresAt.Unix()
	}
	h := hidden(e.Lang, e.Title, e.Summary).join(bodyHidden)
	return searchRow{rowid: searchRowID(kind, e.ID), title: e.Title, summary: e.Summary, body: body, folded: h.folded,
		stems: h.stems, kind: string(kind), lang: string(e.Lang), slug: e.Slug, from: e.PublishedAt.Unix(), until: until}, true
}

// insertSearch adds index rows, many per statement: FTS5 flushes its
// pending terms at every statement of a transaction, so one statement per
// row makes a bulk import slow.
func insertSearch(ctx context.Context, tx *sql.Tx, rows []searchRow) error {
	const per = 200
	for len(rows) > 0 {
		batch := rows[:min(per, len(rows))]
		rows = rows[len(batch):]
		args := make([]any, 0, len(batch)*11)
		for _, r := range batch {
			args = append(args, r.rowid, r.title, r.summary, r.body, r.folded, r.stems, r.lang, r.kind, r.slug, r.from, r.until)
		}
		values := strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?),", len(batch))
		_, err := tx.ExecContext(ctx, `INSERT INTO search (rowid, title, summary, body, folded, stems, lang, kind, slug,
			visible_from, visible_until) VALUES `+values[:len(values)-1], args...)
		if err != nil {
			return err
		}
	}
	return nil
}

// reindex rebuilds the search index from the content tables, after a
// migration that recreated it.
func (s *Store) reindex(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM search"); err != nil {
			return err
		}
		for _, ki := range content.Kinds() {
			if err := reindexKind(ctx, tx, ki.Kind); err != nil {
				return err
			}
		}
		return nil
	})
}

// reindexKind indexes the published items of one kind.
func reindexKind(ctx context.Context, tx *sql.Tx, k content.Kind) error {
	rows, err := tx.QueryContext(ctx, "SELECT id, lang, slug, title, summary, body_html, status, published_at, expires_at, "+
		storages[k].searchExtra+" FROM "+table(k)+" WHERE deleted_at IS NULL AND status = 'published'")
	if err != nil {
		return err
	}
	var entries []content.Entry
	var extras []string
	for rows.Next() {
		var e content.Entry
		var pub, exp sql.NullInt64
		var x string
		if err := rows.Scan(&e.ID, &e.Lang, &e.Slug, &e.Title, &e.Summary, &e.BodyHTML, &e.Status, &pub, &exp, &x); err != nil {
			rows.Close()
			return err
		}
		e.PublishedAt, e.ExpiresAt = fromUnix(pub), fromUnix(exp)
		entries = append(entries, e)
		extras = append(extras, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for i, e := range entries {
		body := strings.TrimSpace(extras[i] + " " + markdown.PlainText(e.BodyHTML))
		if err := index(ctx, tx, k, e, body, false); err != nil {
			return err
		}
	}
	return nil
}

// updateEntry runs update on a saved item of kind k and, when it changes
// the slug of an item that was published, keeps the old URL answering with
// a redirect to the new one.
func updateEntry(ctx context.Context, tx *sql.Tx, k content.Kind, id int64, slug string, now time.Time, update func() error) error {
	var oldSlug, oldStatus string
	var oldPub sql.NullInt64
	err := tx.QueryRowContext(ctx, "SELECT slug, status, published_at FROM "+table(k)+" WHERE id = ? AND deleted_at IS NULL", id).
		Scan(&oldSlug, &oldStatus, &oldPub)
	if errors.Is(err, sql.ErrNoRows) {
		return content.ErrNotFound
	} else if err != nil {
		return err
	}
	if err := update(); err != nil {
		return err
	}
	if oldSlug != slug && oldStatus == string(content.StatusPublished) && oldPub.Valid {
		return renameRedirect(ctx, tx, content.Path(k, oldSlug), content.Path(k, slug), now)
	}
	return nil
}

// renameRedirect keeps an old public URL answering after a slug change: the
// old path and every redirect that pointed at it now lead to the new one.
func renameRedirect(ctx context.Context, tx *sql.Tx, oldPath, newPath string, now time.Time) error {
	if oldPath == newPath {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM redirects WHERE from_path = ?", newPath); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE redirects SET to_path = ?, updated_at = ? WHERE to_path = ?", newPath, now.Unix(), oldPath); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO redirects (from_path, to_path, code, kind, created_at, updated_at)
		VALUES (?, ?, 301, 'auto', ?, ?)
		ON CONFLICT (from_path) DO UPDATE SET to_path = excluded.to_path, code = 301, updated_at = excluded.updated_at`,
		oldPath, newPath, now.Unix(), now.Unix())
	return err
}

// tagList is the tags that setTags makes of names, for revisions.
func tagList(names []string) []content.Tag {
	var out []content.Tag
	for _, n := range content.CleanList(names) {
		if slug := content.Slugify(n); slug != "" {
			out = append(out, content.Tag{Slug: slug, Name: n})
		}
	}
	return out
}
