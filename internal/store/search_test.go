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
		if got := MatchQuery("en", tt.in); got != tt.want {
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
		for _, lang := range []content.Lang{"en", "az", "ru"} {
			m := MatchQuery(lang, q)
			if m == "" {
				continue
			}
			if err := matchAccepted(t, s, m); err != nil {
				t.Errorf("MatchQuery(%s, %q) = %q: FTS5 says %v", lang, excerpt(q), excerpt(m), err)
			}
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
	r := testNews("seminary", "Семинары в Шеки", testNow.Add(-time.Hour))
	r.Lang, r.BodyMD = "ru", "Участники семинаров приехали из Баку. Ёлки и *мировой* опыт."
	saveNews(f, s, r)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, q string) {
		for _, lang := range []content.Lang{"en", "az", "ru"} {
			fuzzOne(t, s, ctx, lang, q)
		}
	})
}

// fuzzOne checks one query in one language.
func fuzzOne(t *testing.T, s *Store, ctx context.Context, lang content.Lang, q string) {
	hits, total, err := s.Search(ctx, lang, q, testNow, 5, 0)
	m := MatchQuery(lang, q)
	if err != nil {
		t.Fatalf("Search(%s, %q): %v (MatchQuery %q)", lang, q, err, m)
	}
	if total < len(hits) {
		t.Fatalf("Search(%s, %q): total %d below %d hits", lang, q, total, len(hits))
	}
	if m == "" && total != 0 {
		t.Fatalf("Search(%s, %q): %d hits for an empty match", lang, q, total)
	}
	if !utf8.ValidString(m) {
		t.Fatalf("MatchQuery(%s, %q) = %q is not valid UTF-8", lang, q, m)
	}
	for _, h := range hits {
		if strings.Count(h.Snippet, MarkStart) != strings.Count(h.Snippet, MarkEnd) {
			t.Fatalf("Search(%s, %q): unbalanced marks in %q", lang, q, h.Snippet)
		}
	}
}

// langCorpus saves one item in each language, on the same subject, and
// returns them by language.
func langCorpus(t *testing.T, s *Store) map[content.Lang]*content.News {
	t.Helper()
	items := map[content.Lang]*content.News{
		"en": {Entry: content.Entry{Slug: "regional-seminars", Title: "Regional seminars",
			BodyMD: "Three seminars for teachers were held in the regions, one in Şəki."}},
		"az": {Entry: content.Entry{Slug: "regional-seminarlar", Title: "Şəki və Gəncə seminarları",
			BodyMD: "Müəllimlər üçün seminarlar Şəki şəhərində keçirildi."}},
		"ru": {Entry: content.Entry{Slug: "regionalnye-seminary", Title: "Семинары в регионах",
			BodyMD: "Участники семинаров, учителя из Шеки, приехали в Баку. Ёлки и *мировой* опыт."}},
	}
	for lang, n := range items {
		n.Lang, n.Status, n.PublishedAt = lang, content.StatusPublished, testNow.Add(-time.Hour)
		n.Summary = n.Title + "."
		saveNews(t, s, n)
	}
	return items
}

// TestSearchLanguages: each language searches its own items, English and
// Russian words match their other endings, Azerbaijani letters fold, and
// the snippet marks the words as written.
func TestSearchLanguages(t *testing.T) {
	s := openTestStore(t)
	items := langCorpus(t, s)
	for _, tt := range []struct {
		lang content.Lang
		q    string
		hit  bool
		mark string // a word the snippet must mark, as written
	}{
		{"en", "seminar", true, "seminars"},
		{"en", "teacher", true, "teachers"},
		{"en", "Seminars", true, "seminars"},
		{"en", "учитель", false, ""},
		{"en", "seminarlar", false, ""},
		{"az", "seminarlar", true, "seminarlar"},
		{"az", "Seki", true, "Şəki"},
		{"az", "seheri", false, ""},
		{"az", "seherinde", true, "şəhərində"},
		{"az", "muellimler", true, "Müəllimlər"},
		{"az", "Gence", true, ""},
		{"az", "teachers", false, ""},
		{"ru", "семинар", true, "семинаров"},
		{"ru", "Семинарами", true, "семинаров"},
		{"ru", "семинары", true, "семинаров"},
		{"ru", "учитель", true, "учителя"},
		{"ru", "приехать", true, "приехали"},
		{"ru", "ёлка", true, "Ёлки"},
		{"ru", "елки", true, "Ёлки"},
		{"ru", "шеки", true, "Шеки"},
		{"ru", "Баку", true, "Баку"},
		{"ru", "мир", false, ""},
		{"ru", "мировая", true, "мировой"},
		{"ru", "seminars", false, ""},
		{"ru", "семинар*", true, "семинаров"},
	} {
		hits, total, err := s.Search(context.Background(), tt.lang, tt.q, testNow, 10, 0)
		if err != nil {
			t.Fatalf("%s %q: %v", tt.lang, tt.q, err)
		}
		if !tt.hit {
			if total != 0 {
				t.Errorf("%s %q: %d hits %+v, want none", tt.lang, tt.q, total, hits)
			}
			continue
		}
		if total != 1 || len(hits) != 1 || hits[0].Slug != items[tt.lang].Slug {
			t.Errorf("%s %q: %d hits %+v, want %s", tt.lang, tt.q, total, hits, items[tt.lang].Slug)
			continue
		}
		if want := MarkStart + tt.mark + MarkEnd; tt.mark != "" && !strings.Contains(hits[0].Snippet, want) {
			t.Errorf("%s %q: snippet %q does not mark %q", tt.lang, tt.q, hits[0].Snippet, tt.mark)
		}
	}
}

// TestSearchStemsNotShown: the hidden columns never reach the visitor.
func TestSearchStemsNotShown(t *testing.T) {
	s := openTestStore(t)
	langCorpus(t, s)
	hits, _, err := s.Search(context.Background(), "ru", "семинар", testNow, 10, 0)
	if err != nil || len(hits) != 1 {
		t.Fatalf("%+v, %v", hits, err)
	}
	for _, stem := range []string{"семинар ", "учител ", "seminary"} {
		if strings.Contains(hits[0].Snippet+" ", stem) {
			t.Errorf("snippet %q shows the hidden %q", hits[0].Snippet, stem)
		}
	}
}

// TestSearchLanguageKept: a restored item and a rebuilt index keep each
// row's language and stems.
func TestSearchLanguageKept(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	items := langCorpus(t, s)
	ru := items["ru"]
	if err := s.Trash(ctx, content.KindNews, ru.ID, testNow); err != nil {
		t.Fatal(err)
	}
	if err := s.Restore(ctx, content.KindNews, ru.ID, testNow); err != nil {
		t.Fatal(err)
	}
	if _, total, err := s.Search(ctx, "ru", "семинар", testNow, 10, 0); err != nil || total != 1 {
		t.Errorf("after a restore: %d hits, %v", total, err)
	}
	if err := s.reindex(ctx); err != nil {
		t.Fatal(err)
	}
	for lang, q := range map[content.Lang]string{"en": "seminar", "az": "Seki", "ru": "семинарами"} {
		if hits, total, err := s.Search(ctx, lang, q, testNow, 10, 0); err != nil || total != 1 || hits[0].Slug != items[lang].Slug {
			t.Errorf("after a rebuild, %s %q: %+v, %v", lang, q, hits, err)
		}
	}
}

// TestMatchQueryLanguages shows the query each language makes of a word.
func TestMatchQueryLanguages(t *testing.T) {
	for _, tt := range []struct {
		lang     content.Lang
		in, want string
	}{
		{"en", "seki", `"seki"`},
		{"az", "Seki", `("Seki" OR "səki" OR "sekı" OR "səkı")`},
		{"az", "Şəki", `("Şəki" OR "şeki" OR "şəkı")`},
		{"az", "seki*", `"seki"*`},
		{"ru", "семинары", `("семинары" OR "seminary" OR "семинар" OR ({stems}: "семинар" AND {title summary body}: ("семинар"* OR "сёминар"*)))`},
		{"ru", "Баку", `("Баку" OR "baku" OR "бак" OR ({stems}: "бак" AND {title summary body}: ("бак"*)))`},
		{"ru", "ёлка", `("ёлка" OR "elka" OR "елк" OR ({stems}: "елк" AND {title summary body}: ("елк"* OR "ёлк"*)))`},
		{"ru", "семинар*", `("семинар"* OR "seminar"*)`},
		{"ru", "в", `("в" OR "v")`},
		{"ru", "baku", `"baku"`},
	} {
		if got := MatchQuery(tt.lang, tt.in); got != tt.want {
			t.Errorf("MatchQuery(%s, %q) =\n %s\nwant\n %s", tt.lang, tt.in, got, tt.want)
		}
	}
}
