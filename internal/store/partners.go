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
			err := tx.QueryRowContext(ctx, `INSERT INTO partners (key, name, url, logo, logo_width, logo_height, is_eu, show_on_home, position, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				key, p.Name, p.URL, p.Logo, p.LogoWidth, p.LogoHeight, p.EU, onHome, position, now.Unix(), now.Unix()).Scan(&p.ID)
			if err != nil {
				return err
			}
			return audit(ctx, tx, now, "partner created", fmt.Sprintf("partner %d", p.ID), p.Name)
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
		return audit(ctx, tx, now, "partner updated", fmt.Sprintf("partner %d", p.ID), p.Name)
	})
	if isConstraint(err) {
		return fmt.Errorf("store: save partner %q: %w", key, content.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: save partner %q: %w", key, err)
	}
	return nil
}

// PartnerInfo is a partner with what staff manage about it.
type PartnerInfo struct {
	content.Partner
	Key       string
	OnHome    bool
	Position  int
	Projects  int // projects (not in the trash) that name it
	UpdatedAt time.Time
}

const partnerInfoCols = partnerCols + `, pt.key, pt.show_on_home, pt.position, pt.updated_at,
	(SELECT count(DISTINCT pp.project_id) FROM project_partners pp JOIN projects pr ON pr.id = pp.project_id
		WHERE pp.partner_id = pt.id AND pr.deleted_at IS NULL)`

func partnerInfoDest(p *PartnerInfo, updated *int64) []any {
	return append(partnerDest(&p.Partner), &p.Key, &p.OnHome, &p.Position, updated, &p.Projects)
}

// PartnerFilter narrows the admin list of partners.
type PartnerFilter struct {
	Query  string // words in the name or key
	Limit  int
	Offset int
}

// AdminPartners lists partners in display order for staff, with the
// number that match the filter.
func (s *Store) AdminPartners(ctx context.Context, f PartnerFilter) ([]PartnerInfo, int, error) {
	where, args := "", []any{}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
		where, args = ` WHERE pt.name LIKE ? ESCAPE '\' OR pt.key LIKE ? ESCAPE '\'`, append(args, like, like)
	}
	scan := func(rows row) (PartnerInfo, error) {
		var p PartnerInfo
		var updated int64
		err := rows.Scan(partnerInfoDest(&p, &updated)...)
		p.UpdatedAt = time.Unix(updated, 0).UTC()
		return p, err
	}
	out, total, err := queryPage(ctx, s.read, scan, "SELECT count(*) FROM partners pt"+where,
		"SELECT "+partnerInfoCols+" FROM partners pt"+where+" ORDER BY pt.position, pt.name, pt.id", args, f.Limit, f.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: admin partners: %w", err)
	}
	return out, total, nil
}

// PartnerByID returns a partner with its key, home-page flag and position.
func (s *Store) PartnerByID(ctx context.Context, id int64) (PartnerInfo, error) {
	var p PartnerInfo
	var updated int64
	err := s.read.QueryRowContext(ctx, "SELECT "+partnerInfoCols+" FROM partners pt WHERE pt.id = ?", id).Scan(partnerInfoDest(&p, &updated)...)
	if errors.Is(err, sql.ErrNoRows) {
		return p, content.ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: partner %d: %w", id, err)
	}
	p.UpdatedAt = time.Unix(updated, 0).UTC()
	return p, nil
}

// PartnerKeyTaken reports whether a partner other than id uses key.
func (s *Store) PartnerKeyTaken(ctx context.Context, key string, id int64) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM partners WHERE key = ? AND id != ?", key, id).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: partner key %q: %w", key, err)
	}
	return n > 0, nil
}

// NextPartnerPosition is the position after the last partner's, for a new one.
func (s *Store) NextPartnerPosition(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, "SELECT coalesce(max(position) + 1, 0) FROM partners").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: next partner position: %w", err)
	}
	return n, nil
}

// PartnerUsage lists the projects that name a partner, those in the trash
// included (they keep their partners and can be restored).
func (s *Store) PartnerUsage(ctx context.Context, id int64) ([]Usage, error) {
	out, err := partnerUsage(ctx, s.read, id)
	if err != nil {
		return nil, fmt.Errorf("store: partner %d usage: %w", id, err)
	}
	return out, nil
}

func partnerUsage(ctx context.Context, q querier, id int64) ([]Usage, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT pr.id, pr.title, pr.deleted_at IS NOT NULL FROM project_partners pp
		JOIN projects pr ON pr.id = pp.project_id WHERE pp.partner_id = ? ORDER BY pr.title`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Usage
	for rows.Next() {
		u := Usage{Kind: "project"}
		if err := rows.Scan(&u.ID, &u.Title, &u.Trashed); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// DeletePartner deletes a partner for good. A partner that projects still
// name is refused with an *InUseError listing them.
func (s *Store) DeletePartner(ctx context.Context, id int64, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, "SELECT name FROM partners WHERE id = ?", id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return content.ErrNotFound
		} else if err != nil {
			return err
		}
		used, err := partnerUsage(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(used) > 0 {
			return &InUseError{What: name, Usage: used}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM partners WHERE id = ?", id); err != nil {
			return err
		}
		return audit(ctx, tx, now, "partner deleted", fmt.Sprintf("partner %d", id), name)
	})
	if err != nil {
		return fmt.Errorf("store: delete partner %d: %w", id, err)
	}
	return nil
}
