package content

import (
	"strings"
	"testing"
	"time"
)

func TestKindTable(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Kinds() {
		got, ok := ParseKind(string(k.Kind))
		if !ok || got != k.Kind || k.Kind.Info() != k {
			t.Errorf("%s does not round-trip through its name", k.Kind)
		}
		for _, v := range []string{"k:" + string(k.Kind), "admin:" + k.Admin, "base:" + k.Base} {
			if seen[v] {
				t.Errorf("%s shares %s with another kind", k.Kind, v)
			}
			seen[v] = true
		}
		if k.Label == "" || k.Singular == "" || k.Plural == "" || k.NewLabel == "" || k.JSONLD == "" || !strings.HasPrefix(k.Admin, "/admin/") {
			t.Errorf("%s lacks a name, path or type: %+v", k.Kind, k)
		}
		// A kind's public base must be a path the site reserves, so that no
		// page can take it.
		if k.Base != "" && !ReservedSlug(strings.TrimPrefix(k.Base, "/")) {
			t.Errorf("%s lives under %s, which a page could take", k.Kind, k.Base)
		}
	}
	if _, ok := ParseKind("partner"); ok {
		t.Error("a partner is not a kind of content")
	}
	if Path(KindNews, "x") != "/news/x" || Path(KindPage, "about") != "/about" {
		t.Error("paths")
	}
}

func TestPublicationTime(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 42, 0, time.UTC)
	at := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		status   Status
		at, want time.Time
	}{
		{StatusPublished, time.Time{}, now.Truncate(time.Minute)},
		{StatusPublished, at, at},
		{StatusDraft, time.Time{}, time.Time{}},
		{StatusDraft, at, at},
	} {
		if got := PublicationTime(tt.status, tt.at, now); !got.Equal(tt.want) {
			t.Errorf("%s at %v: %v, want %v", tt.status, tt.at, got, tt.want)
		}
	}
}

func TestCheckLists(t *testing.T) {
	if CheckTags([]string{"a", "b"}) != nil || CheckList([]string{"Azerbaijan"}, "country") != nil {
		t.Error("a short list is refused")
	}
	if err := CheckTags(make([]string, MaxTags+1)); err == nil || !strings.Contains(err.Error(), "at most 20 tags") {
		t.Errorf("too many tags: %v", err)
	}
	if err := CheckTags([]string{strings.Repeat("ə", MaxTagLen+1)}); err == nil {
		t.Error("a tag of 61 letters is accepted")
	}
	if err := CheckTags([]string{strings.Repeat("ə", MaxTagLen)}); err != nil {
		t.Errorf("a tag of 60 two-byte letters is refused: %v", err)
	}
	if err := CheckList([]string{strings.Repeat("x", MaxListItemLn+1)}, "duty station"); err == nil || !strings.Contains(err.Error(), "Each duty station") {
		t.Errorf("long item: %v", err)
	}
	if got := SplitList(" Events, events ,, Project  news "); strings.Join(got, "|") != "Events|Project news" {
		t.Errorf("SplitList = %q", got)
	}
}

func TestCheckSchedule(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	if CheckSchedule(time.Time{}, time.Time{}, now) != nil || CheckSchedule(now, now.Add(time.Hour), now) != nil {
		t.Error("a good schedule is refused")
	}
	if CheckSchedule(now.Add(2*time.Hour), now.Add(time.Hour), now) == nil || CheckSchedule(time.Time{}, now.Add(-time.Hour), now) == nil {
		t.Error("an expiry before publication is accepted")
	}
}

func TestVisibilityIssues(t *testing.T) {
	eu := Partner{ID: 1, Name: "European Union", EU: true}
	tests := []struct {
		name   string
		p      Project
		fields []string
	}{
		{"not EU-funded", Project{Funders: []Partner{{ID: 2}}}, nil},
		{"EU-funded, statement chosen", Project{Funders: []Partner{eu}, Statement: StatementCoFunded}, nil},
		{"EU-funded, no statement", Project{Funders: []Partner{eu}}, []string{"statement"}},
		{"derogation with reason", Project{Funders: []Partner{eu}, Derogation: true, DerogationReason: "Risk to staff"}, nil},
		{"derogation without reason", Project{Funders: []Partner{eu}, Derogation: true}, []string{"derogation_reason"}},
	}
	for _, tt := range tests {
		var got []string
		for _, is := range tt.p.VisibilityIssues() {
			if is.Rule == "" || is.Fix == "" {
				t.Errorf("%s: an issue without words: %+v", tt.name, is)
			}
			got = append(got, is.Field)
		}
		if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
			t.Errorf("%s: issues with %v, want %v", tt.name, got, tt.fields)
		}
		if len(tt.p.VisibilityProblems()) != len(tt.fields) {
			t.Errorf("%s: problems %v", tt.name, tt.p.VisibilityProblems())
		}
	}
	noLogo := Project{Funders: []Partner{eu}, Statement: StatementFunded}
	if notes := noLogo.VisibilityNotes(); len(notes) != 1 || !strings.Contains(notes[0], "has no logo") {
		t.Errorf("notes %q", notes)
	}
}

// TestRestore: a revision brings back its text; the item keeps its id,
// author, address, status and times, so a live page stays live where it is.
func TestRestore(t *testing.T) {
	at := time.Date(2026, 11, 12, 17, 30, 0, 0, time.UTC)
	cur := Entry{ID: 7, AuthorID: 3, Title: "Now", Summary: "Now.", BodyMD: "Now", Slug: "now", Status: StatusPublished, PublishedAt: at, Lang: "az"}
	rev := Entry{ID: 99, AuthorID: 9, Title: "Then", Summary: "Then.", BodyMD: "Then", Slug: "then", Status: StatusDraft, Lang: "en"}
	got := Restore(cur, rev)
	want := cur
	want.Title, want.Summary, want.BodyMD = "Then", "Then.", "Then"
	if got != want {
		t.Errorf("restored %+v\nwant     %+v", got, want)
	}
	img, old := Image{MediaID: 4, Alt: "Now"}, Image{MediaID: 2, Alt: "Then"}
	if RestoreImage(img, old, false) != old || RestoreImage(img, old, true) != img {
		t.Error("RestoreImage: the revision's image, unless its file is gone")
	}
}

func TestLocalPath(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"/about", true}, {"/search?q=baku", true}, {"/%C3%BCber", true},
		{"about", false}, {"//evil.example", false}, {"/a\\b", false}, {"/a b", false}, {"/a\nb", false},
		{"/" + strings.Repeat("a", 500), false}, {"https://example.org/", false},
	} {
		p, err := ParseLocalPath(tt.in)
		if (err == nil) != tt.ok || tt.ok && p.String() != tt.in {
			t.Errorf("ParseLocalPath(%q) = %q, %v", tt.in, p, err)
		}
	}
	for in, want := range map[string]string{"/news/": "/news", "//evil.example/": "/evil.example", "/über/": "/%C3%BCber", "///": "/"} {
		if got, err := CanonicalPath(in); err != nil || got.String() != want {
			t.Errorf("CanonicalPath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := CanonicalPath("/a\\b/"); err == nil {
		t.Error("a backslash has a canonical form")
	}
	if !LocalPath("/admin/users").Under("/admin") || LocalPath("/administration").Under("/admin") {
		t.Error("Under")
	}
}

func TestParseRedirectSource(t *testing.T) {
	for in, want := range map[string]string{
		"/old/%C3%BCber.html": "/old/über.html", "/index.php": "/index.php",
		"": "", "old": "", "https://x.org/a": "", "/a?b": "", "/": "", "/admin/x": "", "/assets/a.css": "", "/%zz": "", "//x": "",
	} {
		got, err := ParseRedirectSource(in)
		if got != want || (err == nil) != (want != "") {
			t.Errorf("ParseRedirectSource(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestSettings(t *testing.T) {
	var set Settings
	if set.SiteName() != "orgsite" || set.Legal() != "/legal" || set.Zone() != time.UTC {
		t.Errorf("defaults: %q %q %v", set.SiteName(), set.Legal(), set.Zone())
	}
	set = Settings{Name: "Centre", LegalPath: "/imprint", Timezone: "Nowhere/City"}
	if set.SiteName() != "Centre" || set.Legal() != "/imprint" || set.Zone() != time.UTC {
		t.Error("settings given")
	}
}
