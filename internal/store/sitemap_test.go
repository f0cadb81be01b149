package store

import (
	"context"
	"database/sql"
	"reflect"
	"testing"
	"time"

	"orgsite/internal/content"
)

// setLangs makes the site's languages langs, the first the default.
func setLangs(t testing.TB, s *Store, langs ...content.Lang) {
	t.Helper()
	ctx := context.Background()
	set, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.Languages = langs
	if err := s.SaveSettings(ctx, set, testNow); err != nil {
		t.Fatal(err)
	}
}

// translate saves a news item in lang in the translation group of first.
func translate(t *testing.T, s *Store, first *content.News, lang content.Lang, slug string, status content.Status) *content.News {
	t.Helper()
	n := testNews(slug, "Translation "+slug, testNow.Add(-time.Hour))
	n.Lang, n.Group, n.Status = lang, first.Group, status
	saveNews(t, s, n)
	return n
}

// versions reads language and path pairs.
func versions(pairs ...string) []content.Hreflang {
	var out []content.Hreflang
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, content.Hreflang{Lang: pairs[i], Path: pairs[i+1]})
	}
	return out
}

// sitemapVersions walks the whole sitemap: each path's versions, and the
// number of entries.
func sitemapVersions(t *testing.T, s *Store) (map[string][]content.Hreflang, int) {
	t.Helper()
	got := map[string][]content.Hreflang{}
	n := 0
	err := s.EachPublic(context.Background(), testNow, 0, 1000, func(e SitemapEntry) error {
		got[e.Path] = e.Versions
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, n
}

func TestSitemapVersions(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	setLangs(t, s, "en", "az", "ru")
	// A group of three, published in every language.
	conf := testNews("conference", "Conference", testNow.Add(-2*time.Hour))
	saveNews(t, s, conf)
	translate(t, s, conf, "az", "konfrans", content.StatusPublished)
	translate(t, s, conf, "ru", "konferentsiya", content.StatusPublished)
	// A group whose Russian translation is a draft, and one whose English
	// original is a draft: a draft is no version.
	seminar := testNews("seminar", "Seminar", testNow.Add(-3*time.Hour))
	saveNews(t, s, seminar)
	translate(t, s, seminar, "ru", "seminar-ru", content.StatusDraft)
	visit := testNews("visit", "Visit", testNow.Add(-4*time.Hour))
	visit.Status = content.StatusDraft
	saveNews(t, s, visit)
	translate(t, s, visit, "az", "sefer", content.StatusPublished)
	translate(t, s, visit, "ru", "vizit", content.StatusPublished)
	// A lone item, and a page with its Azerbaijani translation.
	saveNews(t, s, testNews("lone", "Lone", testNow.Add(-5*time.Hour)))
	about := &content.Page{Entry: content.Entry{Slug: "about", Title: "About", Status: content.StatusPublished, PublishedAt: testNow.Add(-time.Hour)}}
	if err := s.SavePage(ctx, about, testNow); err != nil {
		t.Fatal(err)
	}
	haqqinda := &content.Page{Entry: content.Entry{Lang: "az", Group: about.Group, Slug: "haqqinda", Title: "Haqqında",
		Status: content.StatusPublished, PublishedAt: testNow.Add(-time.Hour)}}
	if err := s.SavePage(ctx, haqqinda, testNow); err != nil {
		t.Fatal(err)
	}

	confVersions := versions("en", "/news/conference", "az", "/az/news/konfrans", "ru", "/ru/news/konferentsiya")
	visitVersions := versions("az", "/az/news/sefer", "ru", "/ru/news/vizit")
	aboutVersions := versions("en", "/about", "az", "/az/haqqinda")
	want := map[string][]content.Hreflang{
		"/about": aboutVersions, "/az/haqqinda": aboutVersions,
		"/news/conference": confVersions, "/az/news/konfrans": confVersions, "/ru/news/konferentsiya": confVersions,
		"/news/seminar":  nil,
		"/az/news/sefer": visitVersions, "/ru/news/vizit": visitVersions,
		"/news/lone": nil,
	}
	got, n := sitemapVersions(t, s)
	for path, w := range want {
		if g, ok := got[path]; !ok || !reflect.DeepEqual(g, w) {
			t.Errorf("%s: versions %v (listed: %t), want %v", path, g, ok, w)
		}
	}
	for path := range got {
		if _, ok := want[path]; !ok {
			t.Errorf("%s is in the sitemap", path)
		}
	}
	if total, err := s.CountPublic(ctx, testNow); err != nil || total != n {
		t.Errorf("CountPublic %d (%v), but the sitemap walks %d", total, err, n)
	}

	// A language the site drops leaves the sitemap, its count and the
	// other items' versions.
	setLangs(t, s, "en", "az")
	got, n = sitemapVersions(t, s)
	if _, ok := got["/ru/news/konferentsiya"]; ok {
		t.Error("an item in a language the site no longer has is in the sitemap")
	}
	if g := got["/news/conference"]; !reflect.DeepEqual(g, confVersions[:2]) {
		t.Errorf("versions %v after dropping a language, want %v", g, confVersions[:2])
	}
	if v := got["/az/news/sefer"]; v != nil {
		t.Errorf("an item whose only other version is in a dropped language has versions %v", v)
	}
	if total, err := s.CountPublic(ctx, testNow); err != nil || total != n {
		t.Errorf("CountPublic %d (%v) after dropping a language, but the sitemap walks %d", total, err, n)
	}
}

// BenchmarkEachPublic walks a 50,000-URL sitemap part: of 50,000 news
// items, or of 30,000 each translated into two more languages (the budget:
// a part of a 100,000-item site in < 0.5 s, writing included).
func BenchmarkEachPublic(b *testing.B) {
	for _, translated := range []bool{false, true} {
		b.Run(map[bool]string{false: "untranslated", true: "translated"}[translated], func(b *testing.B) {
			s := openTestStore(b)
			setLangs(b, s, "en", "az", "ru")
			bulkNews(b, s, map[bool]int{false: 50000, true: 30000}[translated], testNow.Add(-time.Hour))
			if translated {
				translateAll(b, s, "az", "ru")
			}
			ctx := context.Background()
			total, err := s.CountPublic(ctx, testNow)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				n := 0
				err := s.EachPublic(ctx, testNow, 0, 50000, func(e SitemapEntry) error {
					n++
					return nil
				})
				if err != nil || n != min(50000, total) {
					b.Fatalf("%d entries: %v", n, err)
				}
			}
		})
	}
}

// translateAll gives every news item a published copy in each of langs, in
// its translation group.
func translateAll(b *testing.B, s *Store, langs ...content.Lang) {
	b.Helper()
	ctx := context.Background()
	if _, err := s.write.ExecContext(ctx, `UPDATE news SET group_id = id WHERE group_id IS NULL`); err != nil {
		b.Fatal(err)
	}
	for _, l := range langs {
		_, err := s.write.ExecContext(ctx, `INSERT INTO news (lang, group_id, slug, title, status, published_at, created_at, updated_at)
			SELECT :lang, group_id, slug || '-' || :lang, title, status, published_at, created_at, updated_at FROM news WHERE lang = 'en'`,
			sql.Named("lang", string(l)))
		if err != nil {
			b.Fatal(err)
		}
	}
}
