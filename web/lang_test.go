package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"orgsite/internal/content"
)

// multilingual turns the fixture site into one in English, Azerbaijani and
// Russian, with an Azerbaijani translation of the conference news item.
func multilingual(t *testing.T, ts *testServer) (en, az content.News) {
	t.Helper()
	set, err := ts.st.Settings(ts.ctx())
	if err != nil {
		t.Fatal(err)
	}
	set.Languages = []content.Lang{"en", "az", "ru"}
	if err := ts.st.SaveSettings(ts.ctx(), set, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	en = ts.newsBySlug(fxConferenceSlug)
	az = content.News{Entry: content.Entry{Lang: "az", Group: en.Group, Slug: "lakeportda-konfrans", Title: "Lakeportda beynəlxalq konfrans",
		Summary: "Konfrans tərəfdaşlığın nəticələrini müzakirə etdi.", BodyMD: "Nümayəndələr Lakeportda görüşdülər.",
		Status: content.StatusPublished, PublishedAt: en.PublishedAt}}
	if err := ts.st.SaveNews(ts.ctx(), &az, nil, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	return en, az
}

func (ts *testServer) newsBySlug(slug string) content.News {
	ts.t.Helper()
	n, err := ts.st.PublicNews(ts.ctx(), "en", slug, ts.clock.Now())
	if err != nil {
		ts.t.Fatalf("news %q: %v", slug, err)
	}
	return n
}

func TestLanguagePrefixes(t *testing.T) {
	ts := newTestServer(t)
	multilingual(t, ts)
	tests := []struct {
		path string
		want int
	}{
		{"/az", 200}, {"/ru", 200}, {"/az/news", 200}, {"/ru/projects", 200}, {"/az/sitemap", 200}, {"/az/feed.xml", 200},
		{"/az/search?q=konfrans", 200}, {"/az/news/lakeportda-konfrans", 200},
		{"/news/lakeportda-konfrans", 404},                      // an az slug in English
		{"/ru/news/lakeportda-konfrans", 404},                   // nor in Russian
		{"/az/news/" + fxConferenceSlug, 404},                   // an English slug in Azerbaijani
		{"/xx/news", 404}, {"/de/news", 404}, {"/AZ/news", 404}, // not the site's languages
		{"/en/news", 301}, {"/en", 301}, // the default language has no prefix
	}
	for _, tt := range tests {
		if r := ts.get(tt.path); r.Code != tt.want {
			t.Errorf("%s: %d, want %d", tt.path, r.Code, tt.want)
		}
	}
	if r := ts.get("/en/news?page=1"); r.Header.Get("Location") != "/news?page=1" {
		t.Errorf("/en/news?page=1 leads to %q", r.Header.Get("Location"))
	}
	if r := ts.get("/az/"); r.Code != http.StatusMovedPermanently || r.Header.Get("Location") != "/az" {
		t.Errorf("/az/: %d %q", r.Code, r.Header.Get("Location"))
	}
}

func TestLanguageListsAndFeeds(t *testing.T) {
	ts := newTestServer(t)
	_, az := multilingual(t, ts)
	list := ts.mustGet("/az/news", 200).Body
	if !strings.Contains(list, az.Title) || strings.Contains(list, fxConferenceTitle) {
		t.Error("the az list does not hold exactly the az items")
	}
	if en := ts.mustGet("/news", 200).Body; strings.Contains(en, az.Title) {
		t.Error("the English list shows an az item")
	}
	feed := ts.mustGet("/az/feed.xml", 200).Body
	if !strings.Contains(feed, `xml:lang="az"`) || !strings.Contains(feed, baseURL+"/az/news/lakeportda-konfrans") {
		t.Errorf("az feed: %s", excerpt(feed))
	}
	if !strings.Contains(ts.mustGet("/az/search?q=konfrans", 200).Body, "/az/news/lakeportda-konfrans") {
		t.Error("az search does not find the az item at its az address")
	}

	// A translation published later shows at once in its list: the page
	// cache is per language and never stale.
	ru := content.News{Entry: content.Entry{Lang: "ru", Group: az.Group, Slug: "konferentsiya", Title: "Конференция в Лейкпорте",
		Status: content.StatusPublished, PublishedAt: az.PublishedAt}}
	ts.mustGet("/ru/news", 200)
	enItem := "/news/" + fxConferenceSlug
	if strings.Contains(ts.mustGet(enItem, 200).Body, `<link rel="alternate" hreflang="ru"`) {
		t.Fatal("a Russian version before there is one")
	}
	if err := ts.st.SaveNews(ts.ctx(), &ru, nil, ts.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ts.mustGet("/ru/news", 200).Body, ru.Title) {
		t.Error("the cached ru list did not show the new translation")
	}
	want := `<link rel="alternate" hreflang="ru" href="` + baseURL + `/ru/news/konferentsiya"`
	for _, p := range []string{enItem, "/az/news/lakeportda-konfrans", "/ru/news/konferentsiya"} {
		if !strings.Contains(ts.mustGet(p, 200).Body, want) {
			t.Errorf("%s: no hreflang link to the new Russian version", p)
		}
	}
	if !strings.Contains(ts.mustGet("/ru/feed.xml", 200).Body, "konferentsiya") {
		t.Error("the ru feed lacks the new translation")
	}
}

func TestTranslateInAdmin(t *testing.T) {
	ts := newTestServer(t)
	en, _ := multilingual(t, ts)
	ed := ts.loginAs("editor")
	form := ed.get("/admin/news/" + itoa64(en.ID) + "/translate/ru")
	if form.Code != 200 || !strings.Contains(form.Body, `name="translation_of" value="`+itoa64(en.ID)+`"`) ||
		!strings.Contains(form.Body, fxConferenceTitle) {
		t.Fatalf("translate form: %d %s", form.Code, excerpt(form.Body))
	}
	for _, bad := range []string{"/translate/xx", "/translate/de", "/translate/AZ"} {
		if r := ed.get("/admin/news/" + itoa64(en.ID) + bad); r.Code != http.StatusNotFound {
			t.Errorf("%s: %d", bad, r.Code)
		}
	}
	v := url.Values{"title": {"Конференция в Лейкпорте"}, "status": {"draft"}, "lang": {"ru"}, "translation_of": {itoa64(en.ID)}}
	r := ed.mustPost("translate", "/admin/news/new", v)
	ru, err := ts.st.NewsByID(ts.ctx(), mustID(t, r.Header.Get("Location")))
	if err != nil || ru.Group != en.Group || ru.Lang != "ru" || ru.Slug != "konferentsiya-v-leykporte" {
		t.Fatalf("translation %+v, %v", ru.Entry, err)
	}
	// A second Russian version in the group is refused, nothing written.
	if r := ed.post("/admin/news/new", v); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "already has a version in Russian") {
		t.Errorf("second ru version: %d", r.Code)
	}
	// The list shows the item's languages; the editor links the others.
	if list := ed.get("/admin/news").Body; !strings.Contains(list, `class="lang-code"`) {
		t.Error("the list does not show languages")
	}
	if page := ed.get("/admin/news/" + itoa64(en.ID)).Body; !strings.Contains(page, "/admin/news/"+itoa64(ru.ID)) {
		t.Error("the editor does not link the translation")
	}
	if prev := ed.get("/admin/preview/news/" + itoa64(en.ID)).Body; !strings.Contains(prev, `href="/admin/preview/news/`+itoa64(ru.ID)+`"`) {
		t.Error("the preview does not link the translation's preview")
	}
}

// mustID is the id at the end of an admin address such as
// /admin/news/12?saved=1.
func mustID(t *testing.T, location string) int64 {
	t.Helper()
	path, _, _ := strings.Cut(location, "?")
	id, err := strconv.ParseInt(path[strings.LastIndexByte(path, '/')+1:], 10, 64)
	if err != nil {
		t.Fatalf("no id in %q", location)
	}
	return id
}

// TestLanguageSettings: an admin chooses the site's languages and writes
// the texts of each; the public pages follow, and bad codes are refused.
func TestLanguageSettings(t *testing.T) {
	ts := newTestServer(t)
	adm := ts.loginAs("admin")
	ts.mustGet("/az", http.StatusNotFound) // not a language of the site yet
	form := settingsForm()
	form.Set("languages", "en, xx")
	if r := adm.post("/admin/settings", form); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "“xx” is not a language") {
		t.Fatalf("unknown language: %d", r.Code)
	}
	form.Set("languages", "en, az")
	form.Set("intro_az", "Biz miqrasiya siyasətini sınayırıq.")
	form.Set("menu_az", "Xəbərlər|/az/news")
	form.Set("eu_funded_az", "Avropa İttifaqının dəstəyi ilə")
	adm.mustPost("save", "/admin/settings", form)
	home := ts.mustGet("/az", http.StatusOK).Body
	for _, want := range []string{"Biz miqrasiya siyasətini sınayırıq.", `href="/az/news"`, "Avropa İttifaqının dəstəyi ilə", `<html lang="az"`} {
		if !strings.Contains(home, want) {
			t.Errorf("the az home lacks %q", want)
		}
	}
	if en := ts.mustGet("/", http.StatusOK).Body; !strings.Contains(en, "We test things.") || !strings.Contains(en, "Funded by the European Union") {
		t.Error("the English home lost its texts")
	}
	form.Set("menu_az", "Xəbərlər /az/news")
	if r := adm.post("/admin/settings", form); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "a label, a | and an address") {
		t.Errorf("a menu line without |: %d", r.Code)
	}
}
