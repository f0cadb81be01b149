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

const projectCols = entryCols + `, t.acronym, t.start_date, t.end_date, t.countries, t.duty_stations,
	t.statement, t.derogation, t.derogation_reason, t.lead_alt, t.lead_credit, ` + imageCols

const projectFrom = ` FROM projects t LEFT JOIN media m ON m.id = t.lead_media_id`

const dateLayout = "2006-01-02"

func scanProject(row interface{ Scan(...any) error }) (content.Project, bool, error) {
	var p content.Project
	es := entryScan{e: &p.Entry}
	var img imageScan
	var start, end, countries, stations, alt, credit string
	dest := append(es.dest(), &p.Acronym, &start, &end, &countries, &stations, &p.Statement, &p.Derogation, &p.DerogationReason, &alt, &credit)
	if err := row.Scan(append(dest, img.dest()...)...); err != nil {
		return p, false, err
	}
	deleted := es.finish()
	p.StartDate, _ = time.Parse(dateLayout, start)
	p.EndDate, _ = time.Parse(dateLayout, end)
	p.Countries = content.SplitList(countries)
	p.DutyStations = content.SplitList(stations)
	p.LeadImage = img.image(alt, credit)
	return p, deleted, nil
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

// projectDetails loads the partners and tags of projects in place.
func (s *Store) projectDetails(ctx context.Context, ps []content.Project) error {
	if len(ps) == 0 {
		return nil
	}
	ids := make([]int64, len(ps))
	at := make(map[int64]*content.Project, len(ps))
	for i := range ps {
		ids[i] = ps[i].ID
		at[ps[i].ID] = &ps[i]
	}
	tags, err := tagsFor(ctx, s.read, "project_tags", "project_id", ids)
	if err != nil {
		return err
	}
	ph := strings.Repeat("?,", len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
		ps[i].Tags = tags[id]
		ps[i].Funders, ps[i].Implementers, ps[i].Partners = nil, nil, nil
	}
	rows, err := s.read.QueryContext(ctx, `SELECT pp.project_id, pp.role, `+partnerCols+` FROM project_partners pp
		JOIN partners pt ON pt.id = pp.partner_id WHERE pp.project_id IN (`+ph[:len(ph)-1]+`) ORDER BY pp.position, pt.name`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var role content.Role
		var pt content.Partner
		if err := rows.Scan(append([]any{&id, &role}, partnerDest(&pt)...)...); err != nil {
			return err
		}
		p := at[id]
		switch role {
		case content.RoleFunder:
			p.Funders = append(p.Funders, pt)
		case content.RoleImplementer:
			p.Implementers = append(p.Implementers, pt)
		default:
			p.Partners = append(p.Partners, pt)
		}
	}
	return rows.Err()
}

// PublicProject returns the project the public sees at slug, with its
// partners and tags.
func (s *Store) PublicProject(ctx context.Context, lang content.Lang, slug string, now time.Time) (content.Project, error) {
	p, deleted, err := scanProject(s.read.QueryRowContext(ctx, "SELECT "+projectCols+projectFrom+" WHERE t.lang = ? AND t.slug = ?", lang, slug))
	if errors.Is(err, sql.ErrNoRows) {
		return p, content.ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: project %q: %w", slug, err)
	}
	if err := publicCheck(p.Entry, deleted, now); err != nil {
		return p, err
	}
	ps := []content.Project{p}
	err = s.projectDetails(ctx, ps)
	return ps[0], err
}

// ProjectByID returns any project, for staff.
func (s *Store) ProjectByID(ctx context.Context, id int64) (content.Project, error) {
	p, _, err := scanProject(s.read.QueryRowContext(ctx, "SELECT "+projectCols+projectFrom+" WHERE t.id = ? AND t.deleted_at IS NULL", id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, content.ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: project %d: %w", id, err)
	}
	ps := []content.Project{p}
	err = s.projectDetails(ctx, ps)
	return ps[0], err
}

// PublicProjects lists every published project of a language with
// partners and tags, newest start first.
func (s *Store) PublicProjects(ctx context.Context, lang content.Lang, now time.Time) ([]content.Project, error) {
	out, err := queryAll(ctx, s.read, listed(scanProject), "SELECT "+projectCols+projectFrom+" WHERE t.lang = :lang AND "+visible+
		" ORDER BY t.start_date DESC, t.id DESC", sql.Named("lang", lang), sql.Named("now", now.Unix()))
	if err != nil {
		return nil, fmt.Errorf("store: list projects: %w", err)
	}
	return out, s.projectDetails(ctx, out)
}

// ProjectsByTag lists the published projects of a language with a tag.
func (s *Store) ProjectsByTag(ctx context.Context, lang content.Lang, tagSlug string, now time.Time) ([]content.Summary, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT t.slug, t.title, t.summary, t.published_at, t.updated_at FROM projects t
		JOIN project_tags pt ON pt.project_id = t.id JOIN tags g ON g.id = pt.tag_id AND g.slug = :tag
		WHERE t.lang = :lang AND `+visible+` ORDER BY t.title`, sql.Named("lang", lang), sql.Named("now", now.Unix()), sql.Named("tag", tagSlug))
	if err != nil {
		return nil, fmt.Errorf("store: projects tagged %q: %w", tagSlug, err)
	}
	return scanSummaries(rows, content.KindProject)
}

func scanSummaries(rows *sql.Rows, kind content.Kind) ([]content.Summary, error) {
	defer rows.Close()
	var out []content.Summary
	for rows.Next() {
		sm := content.Summary{Kind: kind}
		var pub sql.NullInt64
		var upd int64
		if err := rows.Scan(&sm.Slug, &sm.Title, &sm.Summary, &pub, &upd); err != nil {
			return nil, err
		}
		sm.PublishedAt = fromUnix(pub)
		sm.UpdatedAt = time.Unix(upd, 0).UTC()
		out = append(out, sm)
	}
	return out, rows.Err()
}

// ProjectRevision is what a project revision keeps: the project and the
// partners chosen for it.
type ProjectRevision struct {
	content.Project
	Roles ProjectPartners
}

// ProjectPartners names the partners of a project by role, for saving.
type ProjectPartners struct {
	Funders, Implementers, Partners []int64
}

// SaveProject creates (ID 0) or updates a project with its tags and
// partners, in one transaction; see SaveNews.
func (s *Store) SaveProject(ctx context.Context, p *content.Project, tags []string, pp ProjectPartners, now time.Time) error {
	if p.Statement == "" {
		p.Statement = content.StatementFunded
	}
	w := entryWrite{kind: content.KindProject, e: &p.Entry,
		cols: []string{"acronym", "start_date", "end_date", "countries", "duty_stations", "statement", "derogation", "derogation_reason",
			"lead_media_id", "lead_alt", "lead_credit"},
		vals: []any{p.Acronym, dateText(p.StartDate), dateText(p.EndDate), strings.Join(content.CleanList(p.Countries), ", "),
			strings.Join(content.CleanList(p.DutyStations), ", "), p.Statement, p.Derogation, p.DerogationReason,
			nullID(p.LeadImage.MediaID), p.LeadImage.Alt, p.LeadImage.Credit}}
	more := func(tx *sql.Tx) error {
		if err := setPartners(ctx, tx, p.ID, pp); err != nil {
			return err
		}
		p.Tags = tagList(tags)
		return setTags(ctx, tx, "project_tags", "project_id", p.ID, tags)
	}
	return s.saveEntry(ctx, w, now, more, func() any { return ProjectRevision{*p, pp} }, p.Acronym)
}

// setPartners replaces a project's partners, in their order per role.
func setPartners(ctx context.Context, tx *sql.Tx, projectID int64, pp ProjectPartners) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM project_partners WHERE project_id = ?", projectID); err != nil {
		return err
	}
	for role, ids := range map[content.Role][]int64{content.RoleFunder: pp.Funders, content.RoleImplementer: pp.Implementers, content.RolePartner: pp.Partners} {
		for i, id := range ids {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO project_partners (project_id, partner_id, role, position) VALUES (?, ?, ?, ?)`,
				projectID, id, string(role), i); err != nil {
				return err
			}
		}
	}
	return nil
}
