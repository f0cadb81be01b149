package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"

	"orgsite/internal/content"
)

// Hit is one search result. Its snippet marks matches between MarkStart and
// MarkEnd, control characters that cannot occur in stored text, so the view
// can escape the text and still show the marks.
type Hit struct {
	Kind        content.Kind
	Slug        string
	Title       string
	PublishedAt time.Time
	Snippet     string
}

// Snippet match markers.
const (
	MarkStart = "\x01"
	MarkEnd   = "\x02"
)

// MatchQuery turns what a person typed into an FTS5 query that cannot be a
// syntax error: every word becomes a quoted phrase, all words must match, and
// a word typed with a trailing * matches as a prefix. Quotes, operators and
// punctuation are treated as spaces. It returns "" when nothing searchable
// is left.
func MatchQuery(q string) string {
	if len(q) > 500 {
		q = q[:500]
	}
	var terms []string
	for _, f := range strings.FieldsFunc(q, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '*' || unicode.Is(unicode.Mn, r))
	}) {
		prefix := strings.HasSuffix(f, "*")
		w := strings.ReplaceAll(f, "*", "")
		if w == "" {
			continue
		}
		star := ""
		if prefix {
			star = "*"
		}
		t := `"` + w + `"` + star
		// The hidden folded column matches the word spelled without marks.
		if fw := content.Fold(w); fw != strings.ToLower(w) {
			t = `("` + w + `"` + star + ` OR "` + fw + `"` + star + `)`
		}
		terms = append(terms, t)
		if len(terms) == 16 {
			break
		}
	}
	// Explicit AND: FTS5 does not take an implied one after a parenthesis.
	return strings.Join(terms, " AND ")
}

// Search finds published content matching a query typed by a person, best
// matches first, with the total number of matches.
func (s *Store) Search(ctx context.Context, lang content.Lang, q string, now time.Time, limit, offset int) ([]Hit, int, error) {
	match := MatchQuery(q)
	if match == "" {
		return nil, 0, nil
	}
	args := []any{sql.Named("q", match), sql.Named("now", now.Unix()), sql.Named("limit", limit), sql.Named("offset", offset),
		sql.Named("ms", MarkStart), sql.Named("me", MarkEnd)}
	const where = ` FROM search WHERE search MATCH :q AND visible_from <= :now AND visible_until > :now`
	var total int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*)"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: search %q: %w", match, err)
	}
	// The snippet comes from the body, or the summary when the body has no
	// match; never from the hidden folded column, which is not for reading.
	rows, err := s.read.QueryContext(ctx, `SELECT kind, slug, title, visible_from,
		snippet(search, 2, :ms, :me, '…', 24), highlight(search, 1, :ms, :me)`+where+
		` ORDER BY bm25(search, 10.0, 4.0, 1.0, 2.0) LIMIT :limit OFFSET :offset`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: search %q: %w", match, err)
	}
	defer rows.Close()
	var out []Hit
	for rows.Next() {
		var h Hit
		var from int64
		var summary string
		if err := rows.Scan(&h.Kind, &h.Slug, &h.Title, &from, &h.Snippet, &summary); err != nil {
			return nil, 0, fmt.Errorf("store: search %q: %w", match, err)
		}
		if !strings.Contains(h.Snippet, MarkStart) && summary != "" {
			h.Snippet = summary
		}
		h.PublishedAt = time.Unix(from, 0).UTC()
		out = append(out, h)
	}
	return out, total, rows.Err()
}
