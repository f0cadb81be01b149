package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"orgsite/internal/content"
)

const publicationCols = entryCols + `, t.type, t.authors, t.doc_lang, t.isbn, t.doi, coalesce(t.project_id, 0),
	t.lead_alt, t.lead_credit, ` + imageCols + `, ` + documentCols

const publicationFrom = ` FROM publications t LEFT JOIN media m ON m.id = t.lead_media_id LEFT JOIN media d ON d.id = t.document_id`

func scanPublication(r row) (content.Publication, bool, error) {
	var p content.Publication
	es := entryScan{e: &p.Entry}
	var img imageScan
	var doc documentScan
	var authors, alt, credit string
	dest := append(es.dest(), &p.Type, &authors, &p.DocLang, &p.ISBN, &p.DOI, &p.ProjectID, &alt, &credit)
	dest = append(append(dest, img.dest()...), doc.dest()...)
	if err := r.Scan(dest...); err != nil {
		return p, false, err
	}
	deleted := es.finish()
	p.Authors = content.SplitList(authors)
	p.Cover = img.image(alt, credit)
	p.Document = doc.document()
	return p, deleted, nil
}

// PublicPublication returns the publication the public sees at slug, with
// its project and tags.
func (s *Store) PublicPublication(ctx context.Context, lang content.Lang, slug string, now time.Time) (content.Publication, error) {
	p, err := itemBy(ctx, s, content.KindPublication, scanPublication, publicationCols, publicationFrom, true, lang, slug, now)
	if err != nil {
		return p, err
	}
	p.Project = s.publicProjectRef(ctx, p.ProjectID, p.Lang, now)
	p.Tags, err = s.itemTags(ctx, "publication_tags", "publication_id", p.ID)
	return p, err
}

// PublicationByID returns any publication, for staff.
func (s *Store) PublicationByID(ctx context.Context, id int64) (content.Publication, error) {
	p, err := itemBy(ctx, s, content.KindPublication, scanPublication, publicationCols, publicationFrom, false, id)
	if err != nil {
		return p, err
	}
	p.Tags, err = s.itemTags(ctx, "publication_tags", "publication_id", p.ID)
	return p, err
}

// SavePublication creates (ID 0) or updates a publication with its tags;
// see SaveNews. Search finds it by its authors and its document's text.
func (s *Store) SavePublication(ctx context.Context, p *content.Publication, tags []string, now time.Time) error {
	w := entryWrite{kind: content.KindPublication, e: &p.Entry,
		cols: []string{"type", "authors", "document_id", "lead_media_id", "lead_alt", "lead_credit", "doc_lang", "isbn", "doi", "project_id"},
		vals: []any{p.Type, strings.Join(p.Authors, ", "), nullID(p.Document.MediaID), nullID(p.Cover.MediaID), p.Cover.Alt, p.Cover.Credit,
			p.DocLang, p.ISBN, p.DOI, nullID(p.ProjectID)}}
	more := func(tx *sql.Tx) error {
		p.Tags = tagList(tags)
		return setTags(ctx, tx, "publication_tags", "publication_id", p.ID, tags)
	}
	var text string
	if p.Document.MediaID != 0 {
		if err := s.read.QueryRowContext(ctx, "SELECT text FROM media WHERE id = ?", p.Document.MediaID).Scan(&text); err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("store: save publication %q: %w", p.Slug, err)
		}
	}
	return s.saveEntry(ctx, w, now, more, func() any { return p }, strings.Join(p.Authors, ", ")+" "+text)
}

// PublicationFilter narrows the public list of publications; zero values
// do not filter.
type PublicationFilter struct {
	Type    content.PublicationType
	Year    int
	Project int64 // a project's translation group
}

// Facet is one value of a filter with how many items it would show.
type Facet struct {
	Value string
	Label string
	Count int
}

// PublicationFacets are the filters' values with their counts, each
// counted under the other filters, so a visitor sees what a click gives.
type PublicationFacets struct {
	Types    []Facet
	Years    []Facet
	Projects []Facet
}

// where is the filter as SQL over publications t, with its arguments.
func (f PublicationFilter) where(skip string) (string, []any) {
	var w []string
	var args []any
	if f.Type != "" && skip != "type" {
		w, args = append(w, "t.type = :type"), append(args, sql.Named("type", f.Type))
	}
	if f.Year != 0 && skip != "year" {
		w, args = append(w, "strftime('%Y', t.published_at, 'unixepoch') = :year"), append(args, sql.Named("year", strconv.Itoa(f.Year)))
	}
	if f.Project != 0 && skip != "project" {
		w = append(w, "t.project_id IN (SELECT id FROM projects WHERE group_id = :project)")
		args = append(args, sql.Named("project", f.Project))
	}
	if len(w) == 0 {
		return "", nil
	}
	return " AND " + strings.Join(w, " AND "), args
}

// PublicPublications lists the published publications of a language that
// pass the filter, newest first, one page at a time, with the total.
func (s *Store) PublicPublications(ctx context.Context, lang content.Lang, f PublicationFilter, now time.Time, limit, offset int) ([]content.Publication, int, error) {
	where, fargs := f.where("")
	args := append([]any{sql.Named("lang", lang), sql.Named("now", now.Unix())}, fargs...)
	var total int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM publications t WHERE t.lang = :lang AND "+visible+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count publications: %w", err)
	}
	out, err := queryAll(ctx, s.read, listed(scanPublication), "SELECT "+publicationCols+publicationFrom+" WHERE t.lang = :lang AND "+visible+where+
		" ORDER BY t.published_at DESC, t.id DESC LIMIT :limit OFFSET :offset", append(args, sql.Named("limit", limit), sql.Named("offset", offset))...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list publications: %w", err)
	}
	return out, total, nil
}

// PublicationFacetsOf counts the publications of a language by type, year
// and project, each under the filter's other choices.
func (s *Store) PublicationFacetsOf(ctx context.Context, lang content.Lang, f PublicationFilter, now time.Time) (PublicationFacets, error) {
	var out PublicationFacets
	base := []any{sql.Named("lang", lang), sql.Named("now", now.Unix())}
	facet := func(skip, sel, group string) ([]Facet, error) {
		where, args := f.where(skip)
		return queryAll(ctx, s.read, func(r row) (Facet, error) {
			var fc Facet
			err := r.Scan(&fc.Value, &fc.Label, &fc.Count)
			return fc, err
		}, "SELECT "+sel+", count(*) FROM publications t"+group+" WHERE t.lang = :lang AND "+visible+where+" GROUP BY 1 ORDER BY 1 DESC", append(base, args...)...)
	}
	var err error
	if out.Types, err = facet("type", "t.type, t.type", ""); err != nil {
		return out, fmt.Errorf("store: publication types: %w", err)
	}
	if out.Years, err = facet("year", "strftime('%Y', t.published_at, 'unixepoch') AS y, strftime('%Y', t.published_at, 'unixepoch')", ""); err != nil {
		return out, fmt.Errorf("store: publication years: %w", err)
	}
	out.Projects, err = facet("project", "p.group_id, CASE WHEN p.acronym != '' THEN p.acronym ELSE p.title END",
		" JOIN projects p ON p.id = t.project_id AND p.status = 'published' AND p.deleted_at IS NULL")
	if err != nil {
		return out, fmt.Errorf("store: publication projects: %w", err)
	}
	return out, nil
}

// PublicationsOfProject lists a project's published publications in a
// language, newest first.
func (s *Store) PublicationsOfProject(ctx context.Context, lang content.Lang, projectGroup int64, now time.Time, limit int) ([]content.Publication, error) {
	out, _, err := s.PublicPublications(ctx, lang, PublicationFilter{Project: projectGroup}, now, limit, 0)
	return out, err
}
