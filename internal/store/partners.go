package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"orgsite/internal/content"
)

const partnerCols = `pt.id, pt.name, pt.url, pt.logo, pt.logo_width, pt.logo_height, pt.is_eu`

func partnerDest(p *content.Partner) []any {
	return []any{&p.ID, &p.Name, &p.URL, &p.Logo, &p.LogoWidth, &p.LogoHeight, &p.EU}
}

// Partners lists every partner organisation in display order.
func (s *Store) Partners(ctx context.Context) ([]content.Partner, error) {
	return s.partners(ctx, "")
}

// HomePartners lists the partners chosen for the home page's logo strip.
func (s *Store) HomePartners(ctx context.Context) ([]content.Partner, error) {
	return s.partners(ctx, "WHERE pt.show_on_home = 1")
}

func (s *Store) partners(ctx context.Context, where string) ([]content.Partner, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+partnerCols+" FROM partners pt "+where+" ORDER BY pt.position, pt.name")
	if err != nil {
		return nil, fmt.Errorf("store: list partners: %w", err)
	}
	defer rows.Close()
	var out []content.Partner
	for rows.Next() {
		var p content.Partner
		if err := rows.Scan(partnerDest(&p)...); err != nil {
			return nil, fmt.Errorf("store: list partners: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PartnerByKey finds a partner by its key.
func (s *Store) PartnerByKey(ctx context.Context, key string) (content.Partner, error) {
	var p content.Partner
	err := s.read.QueryRowContext(ctx, "SELECT "+partnerCols+" FROM partners pt WHERE pt.key = ?", key).Scan(partnerDest(&p)...)
	if errors.Is(err, sql.ErrNoRows) {
		return p, content.ErrNotFound
	}
	return p, err
}

// SavePartner creates (ID 0) or updates a partner; key is its unique handle.
func (s *Store) SavePartner(ctx context.Context, p *content.Partner, key string, onHome bool, position int, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if p.ID == 0 {
			return tx.QueryRowContext(ctx, `INSERT INTO partners (key, name, url, logo, logo_width, logo_height, is_eu, show_on_home, position, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				key, p.Name, p.URL, p.Logo, p.LogoWidth, p.LogoHeight, p.EU, onHome, position, now.Unix(), now.Unix()).Scan(&p.ID)
		}
		res, err := tx.ExecContext(ctx, `UPDATE partners SET key = ?, name = ?, url = ?, logo = ?, logo_width = ?, logo_height = ?, is_eu = ?,
			show_on_home = ?, position = ?, updated_at = ? WHERE id = ?`,
			key, p.Name, p.URL, p.Logo, p.LogoWidth, p.LogoHeight, p.EU, onHome, position, now.Unix(), p.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return content.ErrNotFound
		}
		return nil
	})
	if isConstraint(err) {
		return fmt.Errorf("store: save partner %q: %w", key, content.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: save partner %q: %w", key, err)
	}
	return nil
}
