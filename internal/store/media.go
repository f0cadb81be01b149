package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"orgsite/internal/content"
)

// Media is a file in the media library.
type Media struct {
	ID            int64
	Name          string // stored file name
	Kind          string // "image" or "document"
	MIME          string
	Size          int64
	Width, Height int
	Variants      []MediaVariant
	Title         string // for people: the uploader's file name until someone gives a better one
	FileName      string // the name the file was uploaded with; Title when not set
	Alt           string
	Credit        string
	CreatedAt     time.Time
	CreatedBy     int64
	// Pages and Text are read from a PDF when it is uploaded: the page
	// count shown beside a download, the text search indexes.
	Pages int
	Text  string
}

// MediaVariant is a resized copy of an image.
type MediaVariant struct {
	Width, Height int
	Name          string
}

// AddMedia records a stored file.
func (s *Store) AddMedia(ctx context.Context, m *Media, now time.Time) error {
	vj := variantsJSON(m.Variants)
	if m.CreatedBy == 0 {
		m.CreatedBy = content.Actor(ctx) // the uploader
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO media (name, kind, mime, size, width, height, variants, title, file_name, alt, credit, created_at, created_by, pages, text)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			m.Name, m.Kind, m.MIME, m.Size, m.Width, m.Height, vj, m.Title, cmp.Or(m.FileName, m.Title), m.Alt, m.Credit, now.Unix(), nullID(m.CreatedBy), m.Pages, m.Text).Scan(&m.ID)
		if err != nil {
			return err
		}
		return audit(ctx, tx, now, "media uploaded", fmt.Sprintf("media %d", m.ID), m.Title+" ("+m.Name+")")
	})
	if err != nil {
		return fmt.Errorf("store: add media %q: %w", m.Name, err)
	}
	m.CreatedAt = now
	return nil
}

// MediaByID returns a media record.
func (s *Store) MediaByID(ctx context.Context, id int64) (Media, error) {
	var ms mediaScan
	err := s.read.QueryRowContext(ctx, "SELECT "+mediaCols+" FROM media WHERE id = ?", id).Scan(ms.dest()...)
	if errors.Is(err, sql.ErrNoRows) {
		return Media{}, content.ErrNotFound
	}
	if err != nil {
		return Media{}, fmt.Errorf("store: media %d: %w", id, err)
	}
	return ms.finish(), nil
}

// MediaFilter narrows the media library list.
type MediaFilter struct {
	Kind   string // "" for all, "image" or "document"
	Query  string // words found in the title, file name, alt text or credit; "" for all
	Limit  int
	Offset int
}

// MediaList lists the library newest first, with the number of files that
// match the filter.
func (s *Store) MediaList(ctx context.Context, f MediaFilter) ([]Media, int, error) {
	var conds []string
	var args []any
	if f.Kind != "" {
		conds, args = append(conds, "kind = ?"), append(args, f.Kind)
	}
	// Each word in the title, file name, alt text or credit, in any case:
	// a library of a few thousand files needs no index for it.
	for _, w := range strings.Fields(f.Query) {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(w) + "%"
		conds = append(conds, `(title LIKE ? ESCAPE '\' OR file_name LIKE ? ESCAPE '\' OR alt LIKE ? ESCAPE '\' OR credit LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like, like)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	out, total, err := queryPage(ctx, s.read, scanMedia, "SELECT count(*) FROM media"+where,
		"SELECT "+mediaCols+" FROM media"+where+" ORDER BY created_at DESC, id DESC", args, f.Limit, f.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: media list: %w", err)
	}
	return out, total, nil
}

const mediaCols = `id, name, kind, mime, size, width, height, variants, title, file_name, alt, credit, created_at, created_by, pages`

// scanMedia reads a row of mediaCols.
func scanMedia(r row) (Media, error) {
	var ms mediaScan
	err := r.Scan(ms.dest()...)
	return ms.finish(), err
}

// mediaScan reads a row of mediaCols.
type mediaScan struct {
	m       Media
	vj      string
	created int64
	by      sql.NullInt64
}

func (s *mediaScan) dest() []any {
	m := &s.m
	return []any{&m.ID, &m.Name, &m.Kind, &m.MIME, &m.Size, &m.Width, &m.Height, &s.vj, &m.Title, &m.FileName, &m.Alt, &m.Credit, &s.created, &s.by, &m.Pages}
}

func (s *mediaScan) finish() Media {
	m := s.m
	var vs []variant
	json.Unmarshal([]byte(s.vj), &vs) // a bad list only loses the variants
	for _, v := range vs {
		m.Variants = append(m.Variants, MediaVariant{Width: v.W, Height: v.H, Name: v.N})
	}
	m.CreatedAt = time.Unix(s.created, 0).UTC()
	m.CreatedBy = s.by.Int64
	return m
}

// UpdateMediaText changes the title, alternative text and credit of a
// file, and renders again the bodies that show it, so that they say what
// it says now.
func (s *Store) UpdateMediaText(ctx context.Context, id int64, title, alt, credit string, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, "UPDATE media SET title = ?, alt = ?, credit = ? WHERE id = ? RETURNING name", title, alt, credit, id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return content.ErrNotFound
		} else if err != nil {
			return err
		}
		if err := rerenderUsers(ctx, tx, name); err != nil {
			return err
		}
		return audit(ctx, tx, now, "media updated", fmt.Sprintf("media %d", id), name)
	})
	if err != nil {
		return fmt.Errorf("store: update media %d: %w", id, err)
	}
	return nil
}

// Usage is a place where a media file is used.
type Usage struct {
	Kind    string // a content kind, "partner" or "settings"
	ID      int64  // 0 for settings
	Title   string
	Trashed bool // the item is in the trash, which still keeps the file
}

// MediaUsage lists where a file is used: as a lead image, a partner logo,
// or by its URL (original or a resized copy) in a body or a site setting.
// Items in the trash count too, since they can be restored.
func (s *Store) MediaUsage(ctx context.Context, id int64) ([]Usage, error) {
	var name string
	err := s.read.QueryRowContext(ctx, "SELECT name FROM media WHERE id = ?", id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, content.ErrNotFound
	}
	var out []Usage
	if err == nil {
		out, err = mediaUsage(ctx, s.read, id, name)
	}
	if err != nil {
		return nil, fmt.Errorf("store: media %d usage: %w", id, err)
	}
	return out, nil
}

func mediaUsage(ctx context.Context, q querier, id int64, name string) ([]Usage, error) {
	// Every stored name starts with its 32-hex-digit random stem, shared by
	// the original and its variants and by no other file, so a body that
	// contains "/media/<stem>" links this file.
	stem := name
	if len(stem) > 32 {
		stem = stem[:32]
	}
	like := "%/media/" + stem + "%"
	entries := unionAll(func(kind, table string) string {
		lead := ""
		if content.Kind(kind).Info().LeadImage {
			lead = "lead_media_id = :id OR "
		}
		if u := storages[content.Kind(kind)].usesMedia; u != "" {
			lead += u + " OR "
		}
		return "SELECT '" + kind + "', id, title, deleted_at IS NOT NULL FROM " + table + " WHERE " + lead + "body_md LIKE :like"
	})
	rows, err := q.QueryContext(ctx, entries+`
		UNION ALL
		SELECT 'partner', id, name, 0 FROM partners WHERE logo LIKE :like
		UNION ALL
		SELECT 'settings', 0, key, 0 FROM settings WHERE value LIKE :like
		ORDER BY 1, 3`, sql.Named("id", id), sql.Named("like", like))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Usage
	for rows.Next() {
		var u Usage
		if err := rows.Scan(&u.Kind, &u.ID, &u.Title, &u.Trashed); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// InUseError refuses to delete something that is still used; it matches
// content.ErrConflict.
type InUseError struct {
	What  string
	Usage []Usage
}

func (e *InUseError) Error() string {
	return fmt.Sprintf("%s is used in %d places", e.What, len(e.Usage))
}

func (e *InUseError) Unwrap() error { return content.ErrConflict }

// DeleteMedia removes a file's record for good and returns it, so that the
// caller can remove the files. A file still in use (see MediaUsage) is
// refused with an *InUseError, checked in the same transaction as the
// delete so that nothing can start using it in between.
func (s *Store) DeleteMedia(ctx context.Context, id int64, now time.Time) (Media, error) {
	var m Media
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var ms mediaScan
		err := tx.QueryRowContext(ctx, "SELECT "+mediaCols+" FROM media WHERE id = ?", id).Scan(ms.dest()...)
		if errors.Is(err, sql.ErrNoRows) {
			return content.ErrNotFound
		} else if err != nil {
			return err
		}
		m = ms.finish()
		used, err := mediaUsage(ctx, tx, id, m.Name)
		if err != nil {
			return err
		}
		if len(used) > 0 {
			return &InUseError{What: m.Name, Usage: used}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM media WHERE id = ?", id); err != nil {
			return err
		}
		label := m.Title
		if label == "" {
			label = m.Name
		}
		return audit(ctx, tx, now, "media deleted", fmt.Sprintf("media %d", id), label+" ("+m.Name+")")
	})
	if err != nil {
		return Media{}, fmt.Errorf("store: delete media %d: %w", id, err)
	}
	return m, nil
}

// MediaByName finds a media record by its stored name.
func (s *Store) MediaByName(ctx context.Context, name string) (Media, error) {
	var ms mediaScan
	err := s.read.QueryRowContext(ctx, "SELECT "+mediaCols+" FROM media WHERE name = ?", name).Scan(ms.dest()...)
	if errors.Is(err, sql.ErrNoRows) {
		return Media{}, content.ErrNotFound
	}
	if err != nil {
		return Media{}, fmt.Errorf("store: media %q: %w", name, err)
	}
	return ms.finish(), nil
}

// UncleanedMedia lists up to limit images stored before uploads were
// cleaned of their metadata, in id order after afterID.
func (s *Store) UncleanedMedia(ctx context.Context, afterID int64, limit int) ([]Media, error) {
	out, err := queryAll(ctx, s.read, scanMedia, "SELECT "+mediaCols+" FROM media WHERE cleaned = 0 AND id > ? ORDER BY id LIMIT ?", afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: uncleaned media: %w", err)
	}
	return out, nil
}

// MediaCleaned records that image m is clean, with the size, dimensions
// and variants its files have now.
func (s *Store) MediaCleaned(ctx context.Context, m Media) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE media SET size = ?, width = ?, height = ?, variants = ?, cleaned = 1 WHERE id = ?",
			m.Size, m.Width, m.Height, variantsJSON(m.Variants), m.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: media %d cleaned: %w", m.ID, err)
	}
	return nil
}

// variantsJSON is the stored form of a list of variants.
func variantsJSON(vars []MediaVariant) string {
	vs := make([]variant, len(vars))
	for i, v := range vars {
		vs[i] = variant{W: v.Width, H: v.Height, N: v.Name}
	}
	vj, _ := json.Marshal(vs)
	return string(vj)
}

// StageMedia marks a file as uploaded with a form not saved yet: unless an
// item comes to use it, StagedBefore finds it a day later.
func (s *Store) StageMedia(ctx context.Context, id int64, now time.Time) error {
	return s.setStaged(ctx, id, now.Unix())
}

// KeepMedia marks a staged file as kept: an item was saved with it.
func (s *Store) KeepMedia(ctx context.Context, id int64) error { return s.setStaged(ctx, id, nil) }

func (s *Store) setStaged(ctx context.Context, id int64, at any) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE media SET staged_at = ? WHERE id = ?", at, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: stage media %d: %w", id, err)
	}
	return nil
}

// StagedBefore lists the files staged before a time and not kept since.
func (s *Store) StagedBefore(ctx context.Context, before time.Time) ([]int64, error) {
	ids, err := queryAll(ctx, s.read, func(r row) (id int64, err error) { return id, r.Scan(&id) },
		"SELECT id FROM media WHERE staged_at IS NOT NULL AND staged_at < ? ORDER BY id", before.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: staged media: %w", err)
	}
	return ids, nil
}
