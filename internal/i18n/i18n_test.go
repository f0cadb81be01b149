package i18n

import (
	"sort"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"orgsite/internal/content"
)

// catalogue reads one language's file as go-i18n sees it.
func catalogue(t *testing.T, l content.Lang) map[string]*goi18n.Message {
	t.Helper()
	name := "locales/" + string(l) + ".toml"
	buf, err := locales.ReadFile(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	f, err := b.ParseMessageFileBytes(buf, name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string]*goi18n.Message{}
	for _, m := range f.Messages {
		out[m.ID] = m
	}
	return out
}

// plural reports whether a message has plural forms besides "other".
func plural(m *goi18n.Message) bool {
	return m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
}

// TestCatalogues: every language has every English key and no key English
// lacks; a plural message has each form its language's CLDR rules ask for
// (go-i18n reports a missing one when a count needs it).
func TestCatalogues(t *testing.T) {
	en := catalogue(t, content.DefaultLang)
	if len(en) < 50 {
		t.Fatalf("the English catalogue has %d keys; did it parse?", len(en))
	}
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, info := range content.Langs() {
		msgs := catalogue(t, info.Code)
		var missing, extra []string
		for id := range en {
			if _, ok := msgs[id]; !ok {
				missing = append(missing, id)
			}
		}
		for id, m := range msgs {
			if _, ok := en[id]; !ok {
				extra = append(extra, id)
			} else if plural(m) != plural(en[id]) {
				t.Errorf("%s %s: plural in one language, not in the other", info.Code, id)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		if len(missing) > 0 || len(extra) > 0 {
			t.Errorf("%s: missing %v; not in English %v", info.Code, missing, extra)
		}
		checkPlurals(t, b.For(info.Code), en)
	}
}

// checkPlurals asks for every plural message at counts that reach every
// CLDR form of the three languages.
func checkPlurals(t *testing.T, l *Localizer, en map[string]*goi18n.Message) {
	t.Helper()
	for id, m := range en {
		if !plural(m) {
			continue
		}
		for n := 0; n <= 120; n++ {
			if _, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: n}); err != nil {
				t.Errorf("%s %s at %d: %v", l.lang, id, n, err)
				break
			}
		}
	}
}

func TestLocalizer(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	baku, _ := time.LoadLocation("Asia/Baku")
	day := time.Date(2026, 11, 12, 10, 0, 0, 0, time.UTC)
	june, may := time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 5, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		lang                     content.Lang
		date, span, since, until string
		latest, one, few, many   string
	}{
		{"en", "12 November 2026", "June 2021 – May 2024", "Since June 2021", "Until May 2024",
			"Latest news", "1 result for “q”", "3 results for “q”", "5 results for “q”"},
		{"az", "12 noyabr 2026", "iyun 2021 – may 2024", "iyun 2021 tarixindən", "may 2024 tarixinədək",
			"Son xəbərlər", "“q” üzrə 1 nəticə", "“q” üzrə 3 nəticə", "“q” üzrə 5 nəticə"},
		{"ru", "12 ноября 2026", "июнь 2021 – май 2024", "С июня 2021 года", "До мая 2024 года",
			"Последние новости", "1 результат по запросу «q»", "3 результата по запросу «q»", "5 результатов по запросу «q»"},
	}
	for _, tt := range tests {
		l := b.For(tt.lang)
		got := []string{l.Date(day, baku), l.Span(june, may), l.Span(june, time.Time{}), l.Span(time.Time{}, may),
			l.T("LatestNews"), l.NF("SearchResults", 1, Data{"Query": "q"}), l.NF("SearchResults", 3, Data{"Query": "q"}),
			l.NF("SearchResults", 5, Data{"Query": "q"})}
		want := []string{tt.date, tt.span, tt.since, tt.until, tt.latest, tt.one, tt.few, tt.many}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s #%d: got %q, want %q", tt.lang, i, got[i], want[i])
			}
		}
	}
	if got := b.For("ru").N("SearchResults", 21); got != "21 результат по запросу «<no value>»" {
		t.Errorf("ru 21: %q", got)
	}
}

func TestNilAndUnknown(t *testing.T) {
	var l *Localizer
	if got := l.T("LatestNews"); got != "Latest news" {
		t.Errorf("nil localizer: %q", got)
	}
	if l.Lang() != "en" {
		t.Errorf("nil localizer speaks %q", l.Lang())
	}
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := b.For("xx").T("News"); got != "News" {
		t.Errorf("unknown language: %q", got)
	}
	if !b.For("ru").Has("News") || b.For("az").Has("NoSuchKey") {
		t.Error("Has")
	}
	if got := b.For("az").T("NoSuchKey"); got != "NoSuchKey" {
		t.Errorf("missing key: %q", got)
	}
	if got := b.For("ru").MonthYear(time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)); got != "июнь 2021" {
		t.Errorf("ru month-year: %q", got)
	}
}
