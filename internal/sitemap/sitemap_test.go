package sitemap

import (
	"strings"
	"testing"
	"time"
)

func TestAlternates(t *testing.T) {
	var b strings.Builder
	w := NewWriter(&b)
	err := w.Add(URL{Loc: "https://example.org/az/news/a", LastMod: time.Date(2026, 11, 12, 17, 30, 0, 0, time.UTC),
		Alternates: []Alternate{{"en", "https://example.org/news/a?x=1&y=2"}, {"az", "https://example.org/az/news/a"}, {"x-default", "https://example.org/news/a?x=1&y=2"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(URL{Loc: "https://example.org/news/b"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		`xmlns:xhtml="http://www.w3.org/1999/xhtml"`,
		`<url><loc>https://example.org/az/news/a</loc><lastmod>2026-11-12T17:30:00Z</lastmod>` +
			`<xhtml:link rel="alternate" hreflang="en" href="https://example.org/news/a?x=1&amp;y=2"/>` +
			`<xhtml:link rel="alternate" hreflang="az" href="https://example.org/az/news/a"/>` +
			`<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/news/a?x=1&amp;y=2"/></url>`,
		"<url><loc>https://example.org/news/b</loc></url>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the urlset lacks %s:\n%s", want, got)
		}
	}
}
