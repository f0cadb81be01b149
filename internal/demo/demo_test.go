package demo

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/media"
	"orgsite/internal/store"
)

// seeded is the demo as the store holds it after Seed: every item of
// every kind, and the settings.
type seeded struct {
	st       *store.Store
	settings content.Settings
	items    []store.ListRow
}

func seed(t *testing.T) seeded {
	t.Helper()
	ctx, dir := context.Background(), t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "site.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ms, err := media.New(filepath.Join(dir, "media"), 20<<20)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	if err := Seed(ctx, st, ms, now); err != nil {
		t.Fatal(err)
	}
	s := seeded{st: st}
	if s.settings, err = st.Settings(ctx); err != nil {
		t.Fatal(err)
	}
	for _, k := range []content.Kind{content.KindNews, content.KindProject, content.KindPage} {
		rows, _, err := st.AdminList(ctx, k, store.ListFilter{Limit: 1000}, now)
		if err != nil {
			t.Fatal(err)
		}
		s.items = append(s.items, rows...)
	}
	return s
}

// find is the item of kind k in language l at slug.
func (s seeded) find(k content.Kind, l content.Lang, slug string) (content.Entry, bool) {
	for _, r := range s.items {
		if r.Kind == k && r.Entry.Lang == l && r.Entry.Slug == slug {
			return r.Entry, true
		}
	}
	return content.Entry{}, false
}

// group is the languages of the items of kind k in translation group g.
func (s seeded) group(k content.Kind, g int64) []content.Lang {
	var out []content.Lang
	for _, r := range s.items {
		if r.Kind == k && r.Entry.Group == g {
			out = append(out, r.Entry.Lang)
		}
	}
	slices.Sort(out)
	return out
}

// TestDemoSiteLanguages seeds the demo once and checks its three languages through
// the store (the public /az and /ru pages have their own tests).
func TestDemoSiteLanguages(t *testing.T) {
	s := seed(t)
	t.Run("settings", s.checkSettings)
	t.Run("translations", s.checkTranslations)
	t.Run("slugs and az-only", s.checkSlugsAndAzOnly)
	t.Run("project translation", s.checkProjectTranslation)
}

func (s seeded) checkSettings(t *testing.T) {
	if got := s.settings.Languages; !slices.Equal(got, []content.Lang{"en", "az", "ru"}) {
		t.Fatalf("languages %v, want en, az, ru", got)
	}
	for _, l := range []content.Lang{"az", "ru"} {
		tx := s.settings.Texts[l]
		if tx.Tagline == "" || tx.Intro == "" || tx.FooterText == "" || len(tx.Menu) != 7 {
			t.Errorf("%s: texts incomplete: %+v", l, tx)
		}
		for _, m := range tx.Menu {
			s.checkMenuLink(t, l, m)
		}
	}
}

// checkTranslations checks that the items the issue asks to be translated
// are, by their English slugs, each in one group with az and ru.
func (s seeded) checkTranslations(t *testing.T) {
	for _, want := range []struct {
		kind content.Kind
		slug string
	}{
		{content.KindNews, "mobility-partnership-in-azerbaijan-conference-baku"},
		{content.KindProject, "mobilaze"},
		{content.KindPage, "about"},
		{content.KindPage, "legal"},
		{content.KindPage, "contact"},
	} {
		e, ok := s.find(want.kind, "en", want.slug)
		if !ok {
			t.Errorf("no %s %q in English", want.kind, want.slug)
			continue
		}
		if got := s.group(want.kind, e.Group); e.Group != e.ID || !slices.Equal(got, []content.Lang{"az", "en", "ru"}) {
			t.Errorf("%s %q: group %d (id %d) has %v, want az, en and ru", want.kind, want.slug, e.Group, e.ID, got)
		}
	}
}

// checkMenuLink checks that a menu link in language l leads to that
// language's list or to one of its pages.
func (s seeded) checkMenuLink(t *testing.T, l content.Lang, m content.MenuLink) {
	t.Helper()
	rest, ok := strings.CutPrefix(m.Path.String(), "/"+string(l)+"/")
	if !ok {
		t.Errorf("%s menu: %q is not under /%s/", l, m.Path, l)
		return
	}
	lists := []string{"news", "projects", "publications", "events", "calls"}
	if _, ok := s.find(content.KindPage, l, rest); !ok && !slices.Contains(lists, rest) {
		t.Errorf("%s menu: %q leads to no page in %s", l, m.Path, l)
	}
}

// checkSlugsAndAzOnly checks that every slug is lower-case ASCII and
// that some item exists in Azerbaijani alone, to show a missing
// translation.
func (s seeded) checkSlugsAndAzOnly(t *testing.T) {
	var azOnly []string
	for _, r := range s.items {
		e := r.Entry
		if content.Slugify(e.Slug) != e.Slug || strings.ContainsFunc(e.Slug, func(r rune) bool { return r > 127 }) {
			t.Errorf("%s %q (%s): the slug is not lower-case ASCII", r.Kind, e.Slug, e.Lang)
		}
		if e.Lang == "az" && len(s.group(r.Kind, e.Group)) == 1 {
			azOnly = append(azOnly, e.Slug)
		}
	}
	if len(azOnly) == 0 {
		t.Error("no item exists in Azerbaijani alone")
	}
}

// checkProjectTranslation checks that a project's translation has what
// its file leaves to the original: acronym, partners and dates.
func (s seeded) checkProjectTranslation(t *testing.T) {
	p, ok := s.find(content.KindProject, "az", "azerbaycanla-mobillik-terefdasliginin-heyata-kecirilmesine-destek")
	if !ok {
		t.Fatal("no Azerbaijani MOBILAZE")
	}
	az, err := s.st.ProjectByID(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if az.Acronym != "MOBILAZE" || len(az.Funders) != 1 || len(az.Partners) != 3 || az.StartDate.Year() != 2021 {
		t.Errorf("the Azerbaijani MOBILAZE lacks what the original says: %s, %d funders, %d partners, start %s",
			az.Acronym, len(az.Funders), len(az.Partners), az.StartDate)
	}
}
