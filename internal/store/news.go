package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"orgsite/internal/content"
)

const newsCols = entryCols + `, coalesce(t.project_id, 0), t.lead_alt, t.lead_credit, ` + imageCols + `,
	coalesce(p.slug, ''), coalesce(p.title, ''), coalesce(p.acronym, '')`

const newsFrom = ` FROM news t LEFT JOIN media m ON m.id = t.lead_media_id
	LEFT JOIN projects p ON p.id = t.project_id AND p.status = 'published' AND p.deleted_at IS NULL`

func scanNews(row interface{ Scan(...any) error }) (content.News, bool, error) {
	var n content.News
	es := entryScan{e: &n.Entry}
	var img imageScan
	var alt, credit, pslug, ptitle, pacr string
	dest := append(es.dest(), &n.ProjectID, &alt, &credit)
	dest = append(dest, img.dest()...)
	dest = append(dest, &pslug, &ptitle, &pacr)
	if err := row.Scan(dest...); err != nil {
		return n, false, err
	}
	deleted := es.finish()
	n.LeadImage = img.image(alt, credit)
	if pslug != "" {
		n.Project = &content.ProjectRef{Slug: pslug, Title: ptitle, Acronym: pacr}
	}
	return n, deleted, nil
}

// PublicNews returns the news item the public sees at slug: ErrNotFound when
// there is none or it is not published at now, ErrGone when it was deleted.
func (s *Store) PublicNews(ctx context.Context, lang content.Lang, slug string, now time.Time) (content.News, error) {
	n, deleted, err := scanNews(s.read.QueryRowContext(ctx, "SELECT "+newsCols+newsFrom+" WHERE t.lang = ? AND t.slug = ?", lang, slug))
	if errors.Is(err, sql.ErrNoRows) {
		return n, content.ErrNotFound
	}
	if err != nil {
		return n, fmt.Errorf("store: news %q: %w", slug, err)
	}
	if err := publicCheck(n.Entry, deleted, now); err != nil {
		return n, err
	}
	n.Project = s.publicProjectRef(ctx, n.ProjectID, n.Lang, now)
	tags, err := tagsFor(ctx, s.read, "news_tags", "news_id", []int64{n.ID})
	n.Tags = tags[n.ID]
	return n, err
}

// publicProjectRef is the published project a news item in lang links:
// the translation of its project in lang if there is one, else the
// project itself; nil when neither is public (or id is 0), so that the
// link never leads to a draft, scheduled or expired page.
func (s *Store) publicProjectRef(ctx context.Context, id int64, lang content.Lang, now time.Time) *content.ProjectRef {
	if id == 0 {
		return nil
	}
	var ref content.ProjectRef
	err := s.read.QueryRowContext(ctx, `SELECT t.slug, t.title, t.acronym, t.lang, t.group_id FROM projects t
		WHERE t.group_id = (SELECT coalesce(group_id, id) FROM projects WHERE id = :id) AND `+visible+`
		ORDER BY t.lang = :lang DESC, t.id = :id DESC LIMIT 1`,
		sql.Named("id", id), sql.Named("lang", lang), sql.Named("now", now.Unix())).Scan(&ref.Slug, &ref.Title, &ref.Acronym, &ref.Lang, &ref.Group)
	if err != nil {
		return nil
	}
	return &ref
}

// NewsByID returns any news item, for staff.
func (s *Store) NewsByID(ctx context.Context, id int64) (content.News, error) {
	n, _, err := scanNews(s.read.QueryRowContext(ctx, "SELECT "+newsCols+newsFrom+" WHERE t.id = ? AND t.deleted_at IS NULL", id))
	if errors.Is(err, sql.ErrNoRows) {
		return n, content.ErrNotFound
	}
	if err != nil {
		return n, fmt.Errorf("store: news %d: %w", id, err)
	}
	tags, err := tagsFor(ctx, s.read, "news_tags", "news_id", []int64{n.ID})
	n.Tags = tags[n.ID]
	return n, err
}

const newsSummaryCols = `t.id, t.slug, t.title, t.summary, t.published_at, t.updated_at, t.lead_alt, t.lead_credit, ` + imageCols

func (s *Store) newsSummaries(ctx context.Context, query string, args ...any) ([]content.Summary, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []content.Summary
	var ids []int64
	for rows.Next() {
		var id int64
		var sm content.Summary
		var pub sql.NullInt64
		var upd int64
		var alt, credit string
		var img imageScan
		if err := rows.Scan(append([]any{&id, &sm.Slug, &sm.Title, &sm.Summary, &pub, &upd, &alt, &credit}, img.dest()...)...); err != nil {
			return nil, err
		}
		sm.ID, sm.Kind = id, content.KindNews
		sm.PublishedAt = fromUnix(pub)
		sm.UpdatedAt = time.Unix(upd, 0).UTC()
		sm.Image = img.image(alt, credit)
		out = append(out, sm)
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	tags, err := tagsFor(ctx, s.read, "news_tags", "news_id", ids)
	for i, id := range ids {
		out[i].Tags = tags[id]
	}
	return out, err
}

// LatestNews lists published news newest first, one page at a time, with
// the total count of published items.
func (s *Store) LatestNews(ctx context.Context, lang content.Lang, now time.Time, limit, offset int) ([]content.Summary, int, error) {
	return s.FilteredNews(ctx, lang, NewsFilter{}, now, limit, offset)
}

// NewsFilter narrows the list of news: published in [From, Until) (zero:
// no bound) and of a project (its translation group; 0: any).
type NewsFilter struct {
	From, Until time.Time
	Project     int64
}

// where is the filter as SQL over news t, its arguments, and the part of
// the list's name that tells its cached marks apart.
func (f NewsFilter) where() (string, []any, string) {
	var w string
	var args []any
	key := ""
	if !f.From.IsZero() || !f.Until.IsZero() {
		w += " AND t.published_at >= :from AND t.published_at < :until"
		args = append(args, sql.Named("from", f.From.Unix()), sql.Named("until", f.Until.Unix()))
		key += "/" + strconv.FormatInt(f.From.Unix(), 10) + "-" + strconv.FormatInt(f.Until.Unix(), 10)
	}
	if f.Project != 0 {
		w += " AND t.project_id IN (SELECT id FROM projects WHERE group_id = :project)"
		args = append(args, sql.Named("project", f.Project))
		key += "/p" + strconv.FormatInt(f.Project, 10)
	}
	return w, args, key
}

// FilteredNews lists the published news that pass the filter, newest
// first, one page at a time, with their total.
func (s *Store) FilteredNews(ctx context.Context, lang content.Lang, f NewsFilter, now time.Time, limit, offset int) ([]content.Summary, int, error) {
	fw, fargs, fkey := f.where()
	list, gen := "news/"+string(lang)+fkey, s.Generation()
	total, err := s.marks.count(list, gen, now, func() (n int, err error) {
		err = s.read.QueryRowContext(ctx, "SELECT count(*) FROM news t WHERE t.lang = :lang AND "+visible+fw,
			append([]any{sql.Named("lang", lang), sql.Named("now", now.Unix())}, fargs...)...).Scan(&n)
		return n, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: count news: %w", err)
	}
	// The inner query walks the covering index to the page's rows; only
	// those rows are then read and joined.
	from, args := s.pageStart(list, gen, now, lang, limit, offset)
	items, err := s.newsSummaries(ctx, "SELECT "+newsSummaryCols+` FROM (SELECT t.id FROM news t WHERE t.lang = :lang AND `+visible+fw+from+`
		ORDER BY t.published_at DESC, t.id DESC LIMIT :limit OFFSET :offset) AS pg
		JOIN news t ON t.id = pg.id LEFT JOIN media m ON m.id = t.lead_media_id
		ORDER BY t.published_at DESC, t.id DESC`, append(args, fargs...)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list news: %w", err)
	}
	s.marks.ended(list, gen, now, offset, items)
	return items, total, nil
}

// NewsYears is the span of years of a language's published news, the
// latest first (in UTC; the caller's zone may shift an edge by a day).
func (s *Store) NewsYears(ctx context.Context, lang content.Lang, now time.Time) ([]int, error) {
	var first, last sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT (SELECT t.published_at FROM news t WHERE t.lang = :lang AND `+visible+` ORDER BY t.published_at LIMIT 1),
		(SELECT t.published_at FROM news t WHERE t.lang = :lang AND `+visible+` ORDER BY t.published_at DESC LIMIT 1)`,
		sql.Named("lang", lang), sql.Named("now", now.Unix())).Scan(&first, &last)
	if err != nil || !first.Valid {
		return nil, err
	}
	var out []int
	for y := time.Unix(last.Int64, 0).UTC().Year(); y >= time.Unix(first.Int64, 0).UTC().Year() && len(out) < 100; y-- {
		out = append(out, y)
	}
	return out, nil
}

// pageStart is the condition that starts a page of a list of news at
// offset, with the query's arguments: after the last item of the page
// before when that page was read at this moment (no OFFSET to step over),
// else at the offset.
func (s *Store) pageStart(list string, gen uint64, now time.Time, lang content.Lang, limit, offset int) (string, []any) {
	args := []any{sql.Named("lang", lang), sql.Named("now", now.Unix()), sql.Named("limit", limit), sql.Named("offset", offset)}
	if k, ok := s.marks.after(list, gen, now, offset); ok {
		args[3] = sql.Named("offset", 0)
		return ` AND (t.published_at < :mark_pub OR (t.published_at = :mark_pub AND t.id < :mark_id))`,
			append(args, sql.Named("mark_pub", k.published), sql.Named("mark_id", k.id))
	}
	return "", args
}

// NewsByTag lists the published news with a tag, newest first.
func (s *Store) NewsByTag(ctx context.Context, lang content.Lang, tagSlug string, now time.Time, limit, offset int) ([]content.Summary, int, error) {
	var tagID int64
	err := s.read.QueryRowContext(ctx, "SELECT id FROM tags WHERE slug = ?", tagSlug).Scan(&tagID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, nil
	} else if err != nil {
		return nil, 0, fmt.Errorf("store: tag %q: %w", tagSlug, err)
	}
	// Walk the visible news in date order on the covering index and probe
	// the tag for each: the rows themselves, whose date columns sit after
	// the large bodies, are read only for the page shown.
	list, gen := "tag/"+string(lang)+"/"+strconv.FormatInt(tagID, 10), s.Generation()
	from, args := s.pageStart(list, gen, now, lang, limit, offset)
	args = append(args, sql.Named("tag", tagID))
	tagged := ` FROM news t INDEXED BY news_public WHERE t.lang = :lang AND ` + visible + from + `
		AND EXISTS (SELECT 1 FROM news_tags nt WHERE nt.news_id = t.id AND nt.tag_id = :tag)`
	// Counted on the link rows alone: they carry what decides visibility
	// (migration 0019), so the count is one range of one index.
	total, err := s.marks.count(list, gen, now, func() (n int, err error) {
		err = s.read.QueryRowContext(ctx, `SELECT count(*) FROM news_tags nt INDEXED BY news_tags_public
			WHERE nt.tag_id = :tag AND nt.lang = :lang AND nt.public = 1 AND nt.published_at <= :now AND (nt.expires_at IS NULL OR nt.expires_at > :now)`,
			sql.Named("tag", tagID), sql.Named("lang", lang), sql.Named("now", now.Unix())).Scan(&n)
		return n, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: count news tagged %q: %w", tagSlug, err)
	}
	items, err := s.newsSummaries(ctx, "SELECT "+newsSummaryCols+` FROM (SELECT t.id`+tagged+`
		ORDER BY t.published_at DESC, t.id DESC LIMIT :limit OFFSET :offset) AS pg
		JOIN news t ON t.id = pg.id LEFT JOIN media m ON m.id = t.lead_media_id
		ORDER BY t.published_at DESC, t.id DESC`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list news tagged %q: %w", tagSlug, err)
	}
	s.marks.ended(list, gen, now, offset, items)
	return items, total, nil
}

// NewsOfProject lists a project's published news in a language, newest
// first, leaving out one item (the one being shown) when exclude is not
// zero. News link the project of any language in its translation group.
func (s *Store) NewsOfProject(ctx context.Context, lang content.Lang, projectGroup, exclude int64, now time.Time, limit int) ([]content.Summary, error) {
	items, err := s.newsSummaries(ctx, "SELECT "+newsSummaryCols+` FROM news t LEFT JOIN media m ON m.id = t.lead_media_id
		WHERE t.lang = :lang AND t.project_id IN (SELECT id FROM projects WHERE group_id = :project)
		AND t.id != :exclude AND `+visible+` ORDER BY t.published_at DESC, t.id DESC LIMIT :limit`,
		sql.Named("lang", lang), sql.Named("now", now.Unix()), sql.Named("project", projectGroup), sql.Named("exclude", exclude), sql.Named("limit", limit))
	if err != nil {
		return nil, fmt.Errorf("store: news of project %d: %w", projectGroup, err)
	}
	return items, nil
}

// RelatedNews lists up to limit published news in lang related to the
// item n: each tag they share counts one, being of n's project (its
// translation group; 0 for none) counts two; the most related first, then
// the newest. Candidates come from the link rows, which carry what decides
// visibility (migration 0019), and from the project's news, so a site of
// many items reads only the items that share something.
func (s *Store) RelatedNews(ctx context.Context, lang content.Lang, n int64, projectGroup int64, now time.Time, limit int) ([]content.Summary, error) {
	items, err := s.newsSummaries(ctx, `WITH candidates (id, score) AS (
			SELECT other.news_id, 1 FROM news_tags own
			JOIN news_tags other ON other.tag_id = own.tag_id AND other.news_id != own.news_id
			WHERE own.news_id = :news AND other.lang = :lang AND other.public = 1
				AND other.published_at <= :now AND (other.expires_at IS NULL OR other.expires_at > :now)
			UNION ALL
			SELECT t.id, 2 FROM news t
			WHERE :project != 0 AND t.project_id IN (SELECT id FROM projects WHERE group_id = :project) AND t.lang = :lang
		), related (id, score) AS (
			SELECT id, sum(score) FROM candidates GROUP BY id
		)
		SELECT `+newsSummaryCols+` FROM related r
		JOIN news t ON t.id = r.id LEFT JOIN media m ON m.id = t.lead_media_id
		WHERE t.id != :news AND t.lang = :lang AND `+visible+`
		ORDER BY r.score DESC, t.published_at DESC, t.id DESC LIMIT :limit`,
		sql.Named("news", n), sql.Named("lang", lang), sql.Named("now", now.Unix()), sql.Named("project", projectGroup), sql.Named("limit", limit))
	if err != nil {
		return nil, fmt.Errorf("store: news related to %d: %w", n, err)
	}
	return items, nil
}

// SaveNews creates (ID 0) or updates a news item with its tags, in one
// transaction. It renders the Markdown body, keeps the search index in step
// and, when a published item's slug changes, makes the old URL redirect.
// A slug already taken gives content.ErrConflict.
func (s *Store) SaveNews(ctx context.Context, n *content.News, tags []string, now time.Time) error {
	w := entryWrite{kind: content.KindNews, e: &n.Entry,
		cols: []string{"project_id", "lead_media_id", "lead_alt", "lead_credit"},
		vals: []any{nullID(n.ProjectID), nullID(n.LeadImage.MediaID), n.LeadImage.Alt, n.LeadImage.Credit}}
	more := func(tx *sql.Tx) error {
		n.Tags = tagList(tags)
		return setTags(ctx, tx, "news_tags", "news_id", n.ID, tags)
	}
	return s.saveEntry(ctx, w, now, more, func() any { return n }, "")
}

// FeedNews returns the latest published news items with their bodies.
func (s *Store) FeedNews(ctx context.Context, lang content.Lang, now time.Time, limit int) ([]content.News, error) {
	out, err := queryAll(ctx, s.read, listed(scanNews), "SELECT "+newsCols+newsFrom+" WHERE t.lang = :lang AND "+visible+
		" ORDER BY t.published_at DESC, t.id DESC LIMIT :limit", sql.Named("lang", lang), sql.Named("now", now.Unix()), sql.Named("limit", limit))
	if err != nil {
		return nil, fmt.Errorf("store: feed: %w", err)
	}
	return out, nil
}
