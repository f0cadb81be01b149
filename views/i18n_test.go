package views

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"orgsite/internal/content"
	"orgsite/internal/i18n"
	"orgsite/internal/testkit/htmlcheck"
)

// msgCall finds the message ids the templates name literally.
var msgCall = regexp.MustCompile(`\.(?:T|F|NF|N)\("([^"]+)"[,)]`)

// TestMessageIDs: every id a template names, and every id it builds from
// a kind or a phase, is in the English catalogue (whose keys every other
// catalogue has, see internal/i18n). A missing id would show as itself.
func TestMessageIDs(t *testing.T) {
	files, err := filepath.Glob("*.templ")
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	ids := []string{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgCall.FindAllStringSubmatch(string(src), -1) {
			ids = append(ids, m[1])
		}
	}
	for _, k := range content.Kinds() {
		ids = append(ids, "Kind."+string(k.Kind))
	}
	for _, ph := range []content.ProjectStatus{content.ProjectUpcoming, content.ProjectOngoing, content.ProjectCompleted} {
		ids = append(ids, "Phase."+string(ph))
	}
	for name := range sectionPaths {
		ids = append(ids, name)
	}
	en := i18n.English()
	for _, id := range ids {
		if !en.Has(id) {
			t.Errorf("message %q is not in the catalogues", id)
		}
	}
}

// TestPageInLanguage renders a project page in Azerbaijani and Russian:
// the head, the switcher, the words, the dates and the links follow the
// page's language.
func TestPageInLanguage(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang content.Lang
		want []string
	}{
		{"az", []string{`<html lang="az">`, `<meta property="og:locale" content="az_AZ">`,
			`<meta property="og:locale:alternate" content="en_GB">`, `<meta property="og:locale:alternate" content="ru_RU">`,
			`<link rel="alternate" hreflang="x-default" href="https://impc.example.org/projects/mobilaze">`,
			`<nav class="lang-switch" aria-label="Dil">`, `lang="az" hreflang="az" aria-current="page">Azərbaycanca</a>`,
			`lang="ru" hreflang="ru">Русский</a>`, "Əsas məzmuna keç", "iyun 2021 – may 2024", "Davam edir",
			"Avropa İttifaqı tərəfindən maliyyələşdirilir", `href="/az/tags/capacity-development"`,
			`action="/az/search"`, `href="/az/sitemap"`, `href="/az/news/mobility-partnership-in-azerbaijan"`, "9 mart 2024"}},
		{"ru", []string{`<html lang="ru">`, `<meta property="og:locale" content="ru_RU">`,
			"июнь 2021 – май 2024", "Текущий", "Финансируется Европейским союзом", "Реализация:",
			`href="/ru/projects/mobilaze"`, "9 марта 2024", "Перейти к основному содержанию"}},
	}
	for _, tt := range tests {
		site := sampleSite()
		site.Lang, site.DefaultLang, site.L = tt.lang, "en", b.For(tt.lang)
		for _, l := range []content.Lang{"en", "az", "ru"} {
			site.Langs = append(site.Langs, LangLink{Lang: l, Name: l.Info().Name,
				Path: content.LangPath(l, "en", "/projects/mobilaze"), Current: l == tt.lang})
		}
		p := ProjectPage{Meta: meta("MOBILAZE", content.LangPath(tt.lang, "en", "/projects/mobilaze")), Item: sampleProject(), News: sampleNews(2)}
		for _, l := range []string{"en", "az", "ru", "x-default"} {
			path := "/projects/mobilaze"
			if l == "az" || l == "ru" {
				path = "/" + l + path
			}
			site.Alternates = append(site.Alternates, Alternate{Lang: l, URL: site.Abs(path)})
		}
		out := render(t, ProjectItem(site, p))
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: no %s", tt.lang, w)
			}
		}
		// The EU visibility rules hold in every language.
		if v := htmlcheck.FundingRuleViolations(out); len(v) > 0 {
			t.Errorf("%s: %q", tt.lang, v)
		}
		for _, english := range []string{"Skip to main content", "Funded by the European Union", "Completed", "Duration"} {
			if strings.Contains(out, english) {
				t.Errorf("%s: English %q on the page", tt.lang, english)
			}
		}
	}
}
