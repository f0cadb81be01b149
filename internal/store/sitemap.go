package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"orgsite/internal/content"
)

// SitemapEntry is one public URL with its last change (its last save, or
// its publication when it was scheduled and went live later) and lead image.
type SitemapEntry struct {
	Kind     content.Kind
	Lang     content.Lang
	Path     string // in its language: "/az/news/{slug}"
	Modified time.Time
	Image    string // path of the lead image, "" for none
	ImageAlt string
	// Versions are the item in each site language it is published in, itself
	// included, in the site's order of languages; nil when it is published
	// in its own language only. The entries of one group share the slice:
	// read it, never change it.
	Versions []content.Hreflang
}

// siteLangs reads the site's languages, the default first, and the SQL
// condition that keeps t's rows in them: an item in a language the site no
// longer has has no public URL. The codes are bound as :lang1…:langN.
func (s *Store) siteLangs(ctx context.Context) ([]content.Lang, string, []any, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return nil, "", nil, err
	}
	langs := set.Langs()
	names := make([]string, len(langs))
	args := make([]any, len(langs))
	for i, l := range langs {
		names[i] = ":lang" + strconv.Itoa(i+1)
		args[i] = sql.Named(names[i][1:], string(l))
	}
	return langs, " AND t.lang IN (" + strings.Join(names, ", ") + ")", args, nil
}

// CountPublic counts the public URLs of each kind in every site language,
// to split the sitemap.
func (s *Store) CountPublic(ctx context.Context, now time.Time) (int, error) {
	_, inLangs, args, err := s.siteLangs(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: count public: %w", err)
	}
	var n int
	err = s.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM news t INDEXED BY news_sitemap WHERE `+visible+inLangs+`) +
		(SELECT count(*) FROM projects t WHERE `+visible+inLangs+`) +
		(SELECT count(*) FROM pages t WHERE `+visible+inLangs+`)`, append(args, sql.Named("now", now.Unix()))...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count public: %w", err)
	}
	return n, nil
}

// versionsQuery selects the published versions of the translation groups
// in :groups (a JSON array of group ids) from table, with one seek in the
// table's _versions index per group. A group that no item joined is
// skipped after a seek in the small _translations index (most items have
// no translation), so an untranslated site costs next to nothing.
func versionsQuery(table string) string {
	return `SELECT t.group_id, t.lang, t.slug FROM json_each(:groups) j
		JOIN ` + table + ` t INDEXED BY ` + table + `_versions ON t.group_id = j.value
		WHERE EXISTS (SELECT 1 FROM ` + table + ` x INDEXED BY ` + table + `_translations WHERE x.group_id = j.value AND x.group_id != x.id)
		AND ` + visible
}

// anyTranslation selects whether some item of table joined another's
// translation group, from the first entry of its _translations index.
func anyTranslation(table string) string {
	return `EXISTS (SELECT 1 FROM ` + table + ` x INDEXED BY ` + table + `_translations WHERE x.group_id != x.id)`
}

// sitemapPart is the queries of one kind's part of the sitemap.
type sitemapPart struct {
	kind     content.Kind
	count    int // -1: the last part, not counted
	query    string
	versions string // versionsQuery of the kind's table
	now      int64  // the time the queries see, in Unix seconds
	// translated is whether any item of the kind joined another's group;
	// without one there are no versions to look up.
	translated bool
}

// sitemapBatch is how many rows EachPublic reads before it looks up their
// groups' versions in one query: enough to make the lookup set-based, few
// enough to keep memory flat.
const sitemapBatch = 4096

// sitemapRow is one row of a part's query, waiting for its versions.
type sitemapRow struct {
	lang, slug, alt string
	upd, group      int64
	image           sql.NullString
}

// EachPublic calls fn for every public item of every site language in a
// stable order (see sitemapOrder; news newest first), skipping the
// first offset and stopping after limit, streaming rows so that memory
// stays flat however large the site is. Each kind is read in its own index
// order, so no query sorts the whole site; the translations of each batch
// of rows are then looked up together, and the entries of one group share
// their Versions.
func (s *Store) EachPublic(ctx context.Context, now time.Time, offset, limit int, fn func(SitemapEntry) error) error {
	langs, inLangs, args, err := s.siteLangs(ctx)
	if err != nil {
		return fmt.Errorf("store: sitemap: %w", err)
	}
	// One read transaction, so that the rows and their versions are one
	// snapshot.
	tx, err := s.read.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: sitemap: %w", err)
	}
	defer tx.Rollback()
	args = slices.Clip(append(args, sql.Named("now", now.Unix()))) // each part appends its own
	parts, err := sitemapParts(ctx, tx, inLangs, args)
	if err != nil {
		return fmt.Errorf("store: sitemap: %w", err)
	}
	for _, p := range parts {
		p.now = now.Unix()
		if !p.translated {
			p.versions = "" // no group to look up
		}
		if limit <= 0 {
			return nil
		}
		if p.count >= 0 && offset >= p.count {
			offset -= p.count
			continue
		}
		n, err := eachEntry(ctx, tx, p, langs, append(args, sql.Named("limit", limit), sql.Named("offset", offset)), fn)
		if err != nil {
			return err
		}
		offset, limit = 0, limit-n
	}
	return nil
}

// sitemapOrder is the order of the kinds in the sitemap: the small kinds
// first, each counted so that a part can skip it whole, then news, the
// large one, never counted.
var sitemapOrder = []content.Kind{content.KindPage, content.KindProject, content.KindPublication, content.KindEvent, content.KindCall, content.KindNews}

// sitemapParts are the queries of every kind's part of the sitemap, with
// the counts of the small kinds.
func sitemapParts(ctx context.Context, tx *sql.Tx, inLangs string, args []any) ([]sitemapPart, error) {
	var parts []sitemapPart
	for _, k := range sitemapOrder {
		st := storages[k]
		img, join, order := "NULL, ''", "", cmp.Or(st.sitemapOrder, "t.id")
		if k.Info().LeadImage {
			img, join = "m.name, t.lead_alt", " LEFT JOIN media m ON m.id = t.lead_media_id"
		}
		count := `(SELECT count(*) FROM ` + table(k) + ` t WHERE ` + visible + inLangs + `)`
		if st.sitemapIndex != "" {
			join, count = " INDEXED BY "+st.sitemapIndex+join, "-1"
		}
		p := sitemapPart{kind: k, versions: versionsQuery(table(k)), query: `SELECT t.lang, t.slug, max(t.updated_at, t.published_at), ` + img +
			`, ifnull(t.group_id, 0) FROM ` + table(k) + ` t` + join + ` WHERE ` + visible + inLangs + ` ORDER BY ` + order + ` LIMIT :limit OFFSET :offset`}
		if err := tx.QueryRowContext(ctx, `SELECT `+count+`, `+anyTranslation(table(k)), args...).Scan(&p.count, &p.translated); err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	return parts, nil
}

// eachEntry streams one part's rows to fn in batches of sitemapBatch.
func eachEntry(ctx context.Context, tx *sql.Tx, p sitemapPart, langs []content.Lang, args []any, fn func(SitemapEntry) error) (int, error) {
	rows, err := tx.QueryContext(ctx, p.query, args...)
	if err != nil {
		return 0, fmt.Errorf("store: sitemap: %w", err)
	}
	defer rows.Close()
	batch := make([]sitemapRow, 0, sitemapBatch)
	n := 0
	for rows.Next() {
		var r sitemapRow
		if err := rows.Scan(&r.lang, &r.slug, &r.upd, &r.image, &r.alt, &r.group); err != nil {
			return n, fmt.Errorf("store: sitemap: %w", err)
		}
		if batch = append(batch, r); len(batch) < sitemapBatch {
			continue
		}
		if err := emitBatch(ctx, tx, p, langs, batch, fn); err != nil {
			return n, err
		}
		n, batch = n+len(batch), batch[:0]
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("store: sitemap: %w", err)
	}
	return n + len(batch), emitBatch(ctx, tx, p, langs, batch, fn)
}

// emitBatch calls fn for each row of batch, with its group's versions.
func emitBatch(ctx context.Context, tx *sql.Tx, p sitemapPart, langs []content.Lang, batch []sitemapRow, fn func(SitemapEntry) error) error {
	if len(batch) == 0 {
		return nil
	}
	versions, err := groupVersions(ctx, tx, p, langs, batch)
	if err != nil {
		return err
	}
	for _, r := range batch {
		e := SitemapEntry{Kind: p.kind, Lang: content.Lang(r.lang), Modified: time.Unix(r.upd, 0).UTC(), ImageAlt: r.alt, Versions: versions[r.group]}
		e.Path = ownPath(e.Versions, r.lang)
		if e.Path == "" {
			e.Path = content.LangPath(e.Lang, langs[0], content.Path(p.kind, r.slug))
		}
		if r.image.Valid {
			e.Image = MediaURL(r.image.String)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// ownPath is the path of the version in lang, "" for none.
func ownPath(versions []content.Hreflang, lang string) string {
	for _, v := range versions {
		if v.Lang == lang {
			return v.Path
		}
	}
	return ""
}

// groupVersions looks up the published versions of the batch's groups in
// one query: each group with two or more gets them, as versionPaths gives
// them, shared by the group's entries. None when the kind has no
// translations at all.
func groupVersions(ctx context.Context, tx *sql.Tx, p sitemapPart, langs []content.Lang, batch []sitemapRow) (map[int64][]content.Hreflang, error) {
	if p.versions == "" {
		return nil, nil
	}
	ids := make([]int64, 0, len(batch))
	for _, r := range batch {
		if r.group != 0 { // 0: an item in no group
			ids = append(ids, r.group)
		}
	}
	// In index order, each seek starts near the last one.
	slices.Sort(ids)
	ids = slices.Compact(ids)
	vs, err := readVersions(ctx, tx, p, ids)
	if err != nil || len(vs) == 0 {
		return nil, err
	}
	out := make(map[int64][]content.Hreflang, len(ids))
	pairs := make([]langSlug, 0, len(langs))
	for i, v := range vs {
		pairs = append(pairs, v.langSlug)
		if i+1 == len(vs) || vs[i+1].group != v.group {
			if paths := versionPaths(p.kind, pairs, langs); paths != nil {
				out[v.group] = paths
			}
			pairs = pairs[:0]
		}
	}
	return out, nil
}

// groupVersion is one published version of an item in group.
type groupVersion struct {
	group int64
	langSlug
}

// readVersions reads the published versions of groups ids (sorted),
// sorted by group.
func readVersions(ctx context.Context, tx *sql.Tx, p sitemapPart, ids []int64) ([]groupVersion, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	js := []byte{'['}
	for _, id := range ids {
		js = append(strconv.AppendInt(js, id, 10), ',')
	}
	js[len(js)-1] = ']'
	rows, err := tx.QueryContext(ctx, p.versions, sql.Named("groups", string(js)), sql.Named("now", p.now))
	if err != nil {
		return nil, fmt.Errorf("store: sitemap versions: %w", err)
	}
	defer rows.Close()
	var out []groupVersion
	for rows.Next() {
		var v groupVersion
		if err := rows.Scan(&v.group, &v.lang, &v.slug); err != nil {
			return nil, fmt.Errorf("store: sitemap versions: %w", err)
		}
		out = append(out, v)
	}
	// The rows come in the order of ids; sorting keeps that promise
	// whatever plan SQLite picks, at next to no cost.
	slices.SortStableFunc(out, func(a, b groupVersion) int { return cmp.Compare(a.group, b.group) })
	return out, rows.Err()
}

// langSlug is one published version of an item.
type langSlug struct{ lang, slug string }

// versionPaths gives each version's path, in the order of langs (the
// default first), leaving out languages the site does not have; nil for
// fewer than two.
func versionPaths(k content.Kind, pairs []langSlug, langs []content.Lang) []content.Hreflang {
	if len(pairs) < 2 {
		return nil
	}
	out := make([]content.Hreflang, 0, len(pairs))
	for _, l := range langs {
		for _, v := range pairs {
			if v.lang == string(l) {
				out = append(out, content.Hreflang{Lang: v.lang, Path: content.LangPath(l, langs[0], content.Path(k, v.slug))})
			}
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// LastChange is the time of the latest change to public content, for the
// sitemap's lastmod of list pages and the sitemap index. Each part walks an
// index from its newest end and stops at the first visible row.
func (s *Store) LastChange(ctx context.Context, now time.Time) (time.Time, error) {
	var n sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT max(
		coalesce((SELECT t.updated_at FROM news t INDEXED BY news_updated WHERE `+visible+` ORDER BY t.updated_at DESC LIMIT 1), 0),
		coalesce((SELECT t.published_at FROM news t WHERE `+visible+` ORDER BY t.published_at DESC, t.id DESC LIMIT 1), 0),
		coalesce((SELECT max(max(t.updated_at, t.published_at)) FROM projects t WHERE `+visible+`), 0),
		coalesce((SELECT max(max(t.updated_at, t.published_at)) FROM pages t WHERE `+visible+`), 0),
		coalesce((SELECT max(max(t.updated_at, t.published_at)) FROM publications t WHERE `+visible+`), 0),
		coalesce((SELECT max(max(t.updated_at, t.published_at)) FROM events t WHERE `+visible+`), 0),
		coalesce((SELECT max(max(t.updated_at, t.published_at)) FROM calls t WHERE `+visible+`), 0))`, sql.Named("now", now.Unix())).Scan(&n)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: last change: %w", err)
	}
	if n.Int64 == 0 {
		return time.Time{}, nil
	}
	return fromUnix(n), nil
}

// NextChange is the next moment after now at which what the public sees
// changes by itself: a scheduled item goes live, a published one expires,
// a project starts or ends, an event starts or ends, a registration or a
// call closes. Rendered pages may be kept until then (or
// until the next write); zero means no such moment is known.
func (s *Store) NextChange(ctx context.Context, now time.Time) (time.Time, error) {
	var n sql.NullInt64
	// Every kind's items go live and expire; an event becomes past at its
	// end, a call closes at its deadline.
	scheduled := unionAll(func(_, table string) string {
		return `SELECT min(published_at) AS m FROM ` + table + ` WHERE status = 'published' AND deleted_at IS NULL AND published_at > :now
		UNION ALL SELECT min(expires_at) FROM ` + table + ` WHERE status = 'published' AND deleted_at IS NULL AND expires_at > :now`
	})
	err := s.read.QueryRowContext(ctx, `SELECT min(m) FROM (
		`+scheduled+`
		UNION ALL SELECT min(CAST(strftime('%s', start_date) AS INTEGER)) FROM projects
			WHERE start_date != '' AND deleted_at IS NULL AND CAST(strftime('%s', start_date) AS INTEGER) > :now
		UNION ALL SELECT min(CAST(strftime('%s', end_date, '+1 day') AS INTEGER)) FROM projects
			WHERE end_date != '' AND deleted_at IS NULL AND CAST(strftime('%s', end_date, '+1 day') AS INTEGER) > :now
		UNION ALL SELECT min(over_at) FROM events WHERE status = 'published' AND deleted_at IS NULL AND over_at > :now
		UNION ALL SELECT min(starts_at) FROM events WHERE status = 'published' AND deleted_at IS NULL AND starts_at > :now
		UNION ALL SELECT min(registration_deadline) FROM events WHERE status = 'published' AND deleted_at IS NULL AND registration_deadline > :now
		UNION ALL SELECT min(deadline) FROM calls WHERE status = 'published' AND deleted_at IS NULL AND deadline > :now
	)`, sql.Named("now", now.Unix())).Scan(&n)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: next change: %w", err)
	}
	return fromUnix(n), nil
}
