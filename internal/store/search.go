package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/russian"

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
// is left. The language says which spellings and endings a word may match.
func MatchQuery(lang content.Lang, q string) string {
	if len(q) > 500 {
		q = q[:500]
	}
	var terms []string
	for _, f := range strings.FieldsFunc(q, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '*' || unicode.Is(unicode.Mn, r))
	}) {
		w := strings.ReplaceAll(f, "*", "")
		if w == "" {
			continue
		}
		terms = append(terms, matchTerm(lang, w, strings.HasSuffix(f, "*")))
		if len(terms) == 16 {
			break
		}
	}
	// Explicit AND: FTS5 does not take an implied one after a parenthesis.
	return strings.Join(terms, " AND ")
}

// matchTerm is the query for one word: the word itself, its folded
// spelling in the hidden folded column, and, by language, the Russian stem
// or the Azerbaijani spellings the word may stand for.
func matchTerm(lang content.Lang, w string, prefix bool) string {
	star := ""
	if prefix {
		star = "*"
	}
	alts := []string{`"` + w + `"` + star}
	lw := strings.ToLower(w)
	if fw := content.Fold(w); fw != lw {
		alts = append(alts, `"`+fw+`"`+star)
	}
	switch {
	case prefix:
	case lang == "ru" && cyrillic(lw):
		alts = append(alts, stemTerms(lw)...)
	case lang == "az":
		alts = append(alts, azSpellings(lw)...)
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return "(" + strings.Join(alts, " OR ") + ")"
}

// stemTerms match a Russian word by its stem, which the hidden stems
// column holds for the forms that differ from it. The same stem as a prefix
// of the shown columns, also spelled with ё, lets snippet and highlight
// mark the words as written.
func stemTerms(lw string) []string {
	s := stemRU(lw)
	var out []string
	if s != lw {
		out = append(out, `"`+s+`"`) // in the stems column, or a word written as its stem
	}
	if utf8.RuneCountInString(s) < 2 {
		return out // a one-letter prefix would read a large part of the index
	}
	shown := []string{`"` + s + `"*`}
	for _, v := range spellings(s, yo, 3) {
		shown = append(shown, `"`+v+`"*`)
	}
	return append(out, `({stems}: "`+s+`" AND {title summary body}: (`+strings.Join(shown, " OR ")+`))`)
}

// yo and azLetters are the letters a word typed without them may stand
// for: Russian е for ё, Azerbaijani e for ə and i for ı.
var (
	yo        = map[rune]string{'е': "ё"}
	azLetters = map[rune]string{'e': "ə", 'i': "ı"}
)

// azSpellings are the spellings of a word typed on a keyboard without ə
// and ı ("seki" → "səki"), so that the shown columns match and snippets
// mark the word as written; the folded column finds the item either way.
func azSpellings(lw string) []string {
	vs := spellings(lw, azLetters, 4)
	for i, v := range vs {
		vs[i] = `"` + v + `"`
	}
	return vs
}

// spellings are the other spellings of w with some of the letters that are
// keys of alt written as their values; none when w has more than max.
func spellings(w string, alt map[rune]string, max int) []string {
	var at []int
	for i, r := range w {
		if _, ok := alt[r]; ok {
			at = append(at, i)
		}
	}
	if len(at) == 0 || len(at) > max {
		return nil
	}
	out := make([]string, 0, 1<<len(at)-1)
	for mask := 1; mask < 1<<len(at); mask++ {
		var b strings.Builder
		last := 0
		for j, i := range at {
			r, size := utf8.DecodeRuneInString(w[i:])
			b.WriteString(w[last:i])
			last = i + size
			if mask&(1<<j) == 0 {
				b.WriteRune(r)
			} else {
				b.WriteString(alt[r])
			}
		}
		b.WriteString(w[last:])
		out = append(out, b.String())
	}
	return out
}

// hiddenText is what an item's words put in the search table's hidden
// columns: folded, the words whose folded spelling differs from the
// written one; stems, the Russian stems that differ from their word.
type hiddenText struct{ folded, stems string }

// hidden is the hiddenText of texts written in lang. Each distinct word is
// folded and stemmed once.
func hidden(lang content.Lang, texts ...string) hiddenText {
	var folded, stems []string
	seen := map[string]bool{}
	for _, t := range texts {
		for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			lw := strings.ToLower(w)
			if seen[lw] {
				continue
			}
			seen[lw] = true
			if f := content.Fold(w); f != lw && !seen[f] {
				seen[f] = true
				folded = append(folded, f)
			}
			if lang != "ru" || !cyrillic(lw) {
				continue
			}
			if s := stemRU(lw); s != lw && !seen[s] {
				seen[s] = true
				stems = append(stems, s)
			}
		}
	}
	return hiddenText{strings.Join(folded, " "), strings.Join(stems, " ")}
}

// join is the hidden text of two texts together.
func (h hiddenText) join(o hiddenText) hiddenText {
	sp := func(a, b string) string { return strings.TrimSpace(a + " " + b) }
	return hiddenText{sp(h.folded, o.folded), sp(h.stems, o.stems)}
}

// stemRU is the Snowball stem of a lower-case Russian word, with ё written
// е as most Russian text does.
func stemRU(lw string) string {
	return russian.Stem(strings.ReplaceAll(lw, "ё", "е"), false)
}

// cyrillic reports whether a word has a Cyrillic letter.
func cyrillic(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0
}

// SearchCap bounds the count of a search: past it a page says "more than
// 1,000 results". Counting every match of a word in nearly every item took
// 0.3 s at 100,000 items; counting to the cap takes 5 ms.
const SearchCap = 1000

// rankedCandidates is how many matches are ranked, the newest first: a
// word in nearly every item matches everything, and ranking 100,000 rows
// by bm25 took 0.5 s where ranking the newest 2,000 takes 16 ms. Below
// that many matches (nearly every search) all are ranked.
const rankedCandidates = 2000

// Search finds published content matching a query typed by a person, best
// matches first, with the number of matches up to SearchCap+1 (more than
// SearchCap means "more than that").
func (s *Store) Search(ctx context.Context, lang content.Lang, q string, now time.Time, limit, offset int) ([]Hit, int, error) {
	match := MatchQuery(lang, q)
	if match == "" {
		return nil, 0, nil
	}
	args := []any{sql.Named("q", match), sql.Named("lang", string(lang)), sql.Named("now", now.Unix()), sql.Named("limit", limit), sql.Named("offset", offset),
		sql.Named("ms", MarkStart), sql.Named("me", MarkEnd), sql.Named("cap", SearchCap+1), sql.Named("candidates", rankedCandidates)}
	const where = ` FROM search WHERE search MATCH :q AND lang = :lang AND visible_from <= :now AND visible_until > :now`
	var total int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1"+where+" LIMIT :cap)", args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: search %q: %w", match, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	// The page's hits: ranked among the candidates, each scored as it is
	// read in rowid order (newest first), so bm25 runs for them alone.
	rows, err := s.read.QueryContext(ctx, `SELECT rowid, kind, slug, title, visible_from FROM (
		SELECT rowid, kind, slug, title, visible_from, bm25(search, 10.0, 4.0, 1.0, 2.0, 2.0) AS score`+where+`
		ORDER BY rowid DESC LIMIT :candidates) ORDER BY score, rowid DESC LIMIT :limit OFFSET :offset`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: search %q: %w", match, err)
	}
	var out []Hit
	var ids []int64
	for rows.Next() {
		var h Hit
		var id, from int64
		if err := rows.Scan(&id, &h.Kind, &h.Slug, &h.Title, &from); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("store: search %q: %w", match, err)
		}
		h.PublishedAt = time.Unix(from, 0).UTC()
		out, ids = append(out, h), append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: search %q: %w", match, err)
	}
	return out, total, s.snippets(ctx, match, ids, out)
}

// snippets gives the page's hits their snippets: from the body, or the
// summary when the body has no match; never from the hidden columns, which
// are not for reading. Asked for by rowid, they cost the page's rows only.
func (s *Store) snippets(ctx context.Context, match string, ids []int64, out []Hit) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{sql.Named("q", match), sql.Named("ms", MarkStart), sql.Named("me", MarkEnd)}
	in := make([]string, len(ids))
	for i, id := range ids {
		in[i] = "?"
		args = append(args, id)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT rowid, snippet(search, 2, :ms, :me, '…', 24), highlight(search, 1, :ms, :me)
		FROM search WHERE search MATCH :q AND rowid IN (`+strings.Join(in, ", ")+`)`, args...)
	if err != nil {
		return fmt.Errorf("store: search snippets: %w", err)
	}
	defer rows.Close()
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	for rows.Next() {
		var id int64
		var snippet, summary string
		if err := rows.Scan(&id, &snippet, &summary); err != nil {
			return fmt.Errorf("store: search snippets: %w", err)
		}
		if !strings.Contains(snippet, MarkStart) && summary != "" {
			snippet = summary
		}
		out[at[id]].Snippet = snippet
	}
	return rows.Err()
}
