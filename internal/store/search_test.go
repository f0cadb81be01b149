package store

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"orgsite/internal/content"
)

func TestMatchQuery(t *testing.T) {
	long := strings.Repeat("x", 600)
	words := strings.Repeat("w ", 20)
	for _, tt := range []struct{ in, want string }{
		{"baku", `"baku"`},
		{"  Baku   mobility ", `"Baku" AND "mobility"`},
		{"baku*", `"baku"*`},
		{"baku**", `"baku"*`},
		{"*baku", `"baku"`},
		{"b*a*k*u", `"baku"`},
		{"*", ""},
		{"**", ""},
		{"", ""},
		{"   ", ""},
		{`"`, ""},
		{`""`, ""},
		{`"baku`, `"baku"`},
		{`"baku mobility"`, `"baku" AND "mobility"`},
		{`baku"mobility`, `"baku" AND "mobility"`},
		{"AND", `"AND"`},
		{"OR NOT", `"OR" AND "NOT"`},
		{"baku AND mobility", `"baku" AND "AND" AND "mobility"`},
		{"NEAR(", `"NEAR"`},
		{"NEAR(baku mobility, 2)", `"NEAR" AND "baku" AND "mobility" AND "2"`},
		{"(", ""},
		{")", ""},
		{"-", ""},
		{"+", ""},
		{":", ""},
		{"^", ""},
		{"^baku", `"baku"`},
		{"title:baku", `"title" AND "baku"`},
		{"{title summary}: baku", `"title" AND "summary" AND "baku"`},
		{"'", ""},
		{`\`, ""},
		{"%", ""},
		{"_", ""},
		{"don't", `"don" AND "t"`},
		{"e-mail", `"e" AND "mail"`},
		{"C++", `"C"`},
		{"2024", `"2024"`},
		{"Şəki", `("Şəki" OR "şeki")`},
		{"Chișinău", `"Chișinău"`},
		{"a\u0301", "\"a\u0301\""},
		{"日本", `"日本"`},
		{"\U0001F600", ""},
		{"🇪🇺 baku", `"baku"`},
		{"baku\x00", `"baku"`},
		{"\x00", ""},
		{"ba\xffku", `"ba" AND "ku"`},
		{"\xff\xfe", ""},
		{"'; DROP TABLE news; --", `"DROP" AND "TABLE" AND "news"`},
		{words, strings.TrimSuffix(strings.Repeat(`"w" AND `, 16), " AND ")},
		{long, `"` + strings.Repeat("x", 500) + `"`},
	} {
		if got := MatchQuery(tt.in); got != tt.want {
			t.Errorf("MatchQuery(%q) = %q, want %q", excerpt(tt.in), excerpt(got), excerpt(tt.want))
		}
	}
}

func excerpt(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// matchAccepted runs a MATCH expression against the real FTS5 table.
func matchAccepted(t testing.TB, s *Store, match string) error {
	t.Helper()
	var n int
	return s.read.QueryRowContext(context.Background(), "SELECT count(*) FROM search WHERE search MATCH ?", match).Scan(&n)
}

// TestMatchQueryIsValidFTS sends every MatchQuery output, for awkward
// inputs, to FTS5 itself: none may be a syntax error.
func TestMatchQueryIsValidFTS(t *testing.T) {
	s := openTestStore(t)
	saveNews(t, s, testNews("baku", "Conference in Baku", testNow.Add(-time.Hour)))
	for _, q := range fuzzSeeds {
		m := MatchQuery(q)
		if m == "" {
			continue
		}
		if err := matchAccepted(t, s, m); err != nil {
			t.Errorf("MatchQuery(%q) = %q: FTS5 says %v", excerpt(q), excerpt(m), err)
		}
	}
	// The raw inputs show why MatchQuery is needed: FTS5 rejects them.
	rejected := 0
	for _, q := range []string{`"`, "NEAR(", "(", "AND", "title:baku", "*", "-"} {
		if matchAccepted(t, s, q) != nil {
			rejected++
		}
	}
	if rejected == 0 {
		t.Error("FTS5 accepted every raw query; this test proves nothing")
	}
}

func TestSearch(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	saveNews(t, s, testNews("baku", "Conference in Baku", testNow.Add(-3*time.Hour)))
	n := testNews("seki", "Seminars in Şəki and Gəncə", testNow.Add(-2*time.Hour))
	n.BodyMD = "Held in Şəki, in Gəncə and later in München and Chișinău. Baku was not involved."
	saveNews(t, s, n)
	p := &content.Page{Entry: content.Entry{Slug: "contact", Title: "Contact", BodyMD: "Our office in Vienna.",
		Status: content.StatusPublished, PublishedAt: testNow.Add(-time.Hour)}}
	if err := s.SavePage(ctx, p, testNow); err != nil {
		t.Fatal(err)
	}

	hits, total, err := s.Search(ctx, "en", "baku", testNow, 10, 0)
	if err != nil || total != 2 || len(hits) != 2 {
		t.Fatalf("baku: %d hits of %d, %v", len(hits), total, err)
	}
	if hits[0].Slug != "baku" {
		t.Errorf("a title match ranks below a body match: %s first", hits[0].Slug)
	}
	for _, h := range hits {
		if !strings.Contains(h.Snippet, MarkStart) || !strings.Contains(h.Snippet, MarkEnd) {
			t.Errorf("%s: snippet %q without match marks", h.Slug, h.Snippet)
		}
		start := strings.Index(h.Snippet, MarkStart)
		end := strings.Index(h.Snippet, MarkEnd)
		if end < start || !strings.EqualFold(h.Snippet[start+1:end], "baku") {
			t.Errorf("%s: the marks do not surround the match: %q", h.Slug, h.Snippet)
		}
		if h.Kind != content.KindNews || h.PublishedAt.IsZero() || h.Title == "" {
			t.Errorf("hit %+v lacks its kind, date or title", h)
		}
	}
	if hits, _, _ := s.Search(ctx, "en", "vienna", testNow, 10, 0); len(hits) != 1 || hits[0].Kind != content.KindPage {
		t.Errorf("pages are not searchable: %+v", hits)
	}
	// Paging.
	hits, total, err = s.Search(ctx, "en", "baku", testNow, 1, 1)
	if err != nil || total != 2 || len(hits) != 1 || hits[0].Slug != "seki" {
		t.Errorf("page 2 of 1: %+v of %d, %v", hits, total, err)
	}
	// Prefixes and all-words matching.
	if _, total, _ := s.Search(ctx, "en", "confer*", testNow, 10, 0); total != 1 {
		t.Errorf("prefix search: %d", total)
	}
	if _, total, _ := s.Search(ctx, "en", "baku vienna", testNow, 10, 0); total != 0 {
		t.Errorf("every word must match: %d", total)
	}
	// Case and the diacritics that Unicode decomposes fold away.
	for _, q := range []string{"ŞƏKİ", "şəki", "munchen", "MÜNCHEN", "chisinau", "Chişinău"} {
		if _, total, err := s.Search(ctx, "en", q, testNow, 10, 0); err != nil || total != 1 {
			t.Errorf("search %q: %d hits, %v; want the Şəki item", q, total, err)
		}
	}
	// Editing the text replaces it in the index.
	n.BodyMD = "Nothing about the capital now."
	n.Title = "Seminars in the regions"
	saveNews(t, s, n)
	if _, total, _ := s.Search(ctx, "en", "baku", testNow, 10, 0); total != 1 {
		t.Errorf("after an edit, baku matches %d items, want 1", total)
	}
}

// TestSearchFoldsLettersWithoutMarks: Azerbaijani ə and ı, and letters
// such as ł, ø or ß, do not decompose, so the unicode61 tokenizer's
// remove_diacritics leaves them alone and "Seki" does not find "Şəki". The
// slugs already fold them (content.Slugify's translit table); search should
// too.
func TestSearchFoldsLettersWithoutMarks(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	n := testNews("seki", "Seminars in Şəki and Gəncə", testNow.Add(-time.Hour))
	n.BodyMD = "With partners from Łódź and Tromsø, in Azərbaycan."
	saveNews(t, s, n)
	for _, q := range []string{"Seki", "gence", "Azerbaycan", "lodz", "tromso"} {
		if _, total, err := s.Search(ctx, "en", q, testNow, 10, 0); err != nil || total != 1 {
			t.Errorf("search %q: %d hits, %v; want the item", q, total, err)
		}
	}
}

// fuzzSeeds are the awkward queries every search test starts from.
var fuzzSeeds = []string{
	`"`, `""`, `"baku`, `*`, `baku*`, `**`, `AND`, `OR NOT`, `NEAR(`, `NEAR(baku mobility, 2)`, `(`, `)`, `-`, `+`, `:`, `^`,
	`title:baku`, `{title}: baku`, `baku"mobility`, `'`, `\`, `%`, `_`, `Şəki`, `seki`, `日本`, "\U0001F600",
	strings.Repeat("a ", 500), strings.Repeat("x", 200), strings.Repeat("x", 5000), "baku\x00", "\x00", "\xff\xfe", "ba\xffku",
	"\u0301", "a\u0301", "\u0301*", "*\u0301", "\u200b", "baku\u200bmobility", "ﬁ", "İstanbul", "ǅ", "Ⅻ", "²", "١٢٣",
	"x*y*", "a**b", "* *", "\"*\"", "NOT", "OR", "AND AND", "baku NOT", "- baku", "baku -", "+baku", "(baku)", "baku)", "\t\n\r",
	"'; DROP TABLE news; --", "%' OR '1'='1", "\x01baku\x02", "\\\"", "ᄀ", "ß*", "ǆ*",
}

// FuzzSearch sends arbitrary strings to Search: none may be an error.
func FuzzSearch(f *testing.F) {
	for _, q := range fuzzSeeds {
		f.Add(q)
	}
	s := openTestStore(f)
	saveNews(f, s, testNews("baku", "Conference in Baku", testNow.Add(-time.Hour)))
	n := testNews("seki", "Seminars in Şəki and Gəncə", testNow.Add(-time.Hour))
	n.BodyMD = "Held in Şəki, Gəncə, München and 日本. Mobility in *Baku*."
	saveNews(f, s, n)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, q string) {
		hits, total, err := s.Search(ctx, "en", q, testNow, 5, 0)
		if err != nil {
			t.Fatalf("Search(%q): %v (MatchQuery %q)", q, err, MatchQuery(q))
		}
		if total < len(hits) {
			t.Fatalf("Search(%q): total %d below %d hits", q, total, len(hits))
		}
		m := MatchQuery(q)
		if m == "" && total != 0 {
			t.Fatalf("Search(%q): %d hits for an empty match", q, total)
		}
		if !utf8.ValidString(m) {
			t.Fatalf("MatchQuery(%q) = %q is not valid UTF-8", q, m)
		}
		for _, h := range hits {
			if strings.Count(h.Snippet, MarkStart) != strings.Count(h.Snippet, MarkEnd) {
				t.Fatalf("Search(%q): unbalanced marks in %q", q, h.Snippet)
			}
		}
	})
}
