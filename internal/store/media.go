package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
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
	Title         string // the uploader's file name, for people
	Alt           string
	Credit        string
	CreatedAt     time.Time
	CreatedBy     int64
}

// MediaVariant is a resized copy of an image.
type MediaVariant struct {
	Width, Height int
	Name          string
}

// AddMedia records a stored file.
func (s *Store) AddMedia(ctx context.Context, m *Media, now time.Time) error {
	vs := make([]variant, len(m.Variants))
	for i, v := range m.Variants {
		vs[i] = variant{W: v.Width, H: v.Height, N: v.Name}
	}
	vj, _ := json.Marshal(vs)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO media (name, kind, mime, size, width, height, variants, title, alt, credit, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			m.Name, m.Kind, m.MIME, m.Size, m.Width, m.Height, string(vj), m.Title, m.Alt, m.Credit, now.Unix(), nullID(m.CreatedBy)).Scan(&m.ID)
	})
	if err != nil {
		return fmt.Errorf("store: add media %q: %w", m.Name, err)
	}
	m.CreatedAt = now
	return nil
}

// MediaByID returns a media record.
func (s *Store) MediaByID(ctx context.Context, id int64) (Media, error) {
	var m Media
	var vj string
	var created int64
	var by sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT id, name, kind, mime, size, width, height, variants, title, alt, credit, created_at, created_by
		FROM media WHERE id = ?`, id).Scan(&m.ID, &m.Name, &m.Kind, &m.MIME, &m.Size, &m.Width, &m.Height, &vj, &m.Title, &m.Alt, &m.Credit, &created, &by)
	if errors.Is(err, sql.ErrNoRows) {
		return m, content.ErrNotFound
	}
	if err != nil {
		return m, fmt.Errorf("store: media %d: %w", id, err)
	}
	var vs []variant
	json.Unmarshal([]byte(vj), &vs)
	for _, v := range vs {
		m.Variants = append(m.Variants, MediaVariant{Width: v.W, Height: v.H, Name: v.N})
	}
	m.CreatedAt = time.Unix(created, 0).UTC()
	m.CreatedBy = by.Int64
	return m, nil
}
