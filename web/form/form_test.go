package form

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"orgsite/internal/content"
)

var (
	testZone = time.FixedZone("CET", 3600)
	testNow  = time.Date(2026, 12, 1, 12, 0, 30, 0, time.UTC)
)

// env is a validation environment in which only taken is a used slug.
func env(k content.Kind, taken string) Env {
	return Env{Kind: k, Zone: testZone, Now: testNow, Langs: []content.Lang{"en", "az"},
		SlugTaken: func(lang content.Lang, slug string) (bool, error) { return lang == "en" && slug == taken, nil },
		Group: func(id int64) (int64, error) {
			if id == 7 {
				return 5, nil
			}
			return 0, content.ErrNotFound
		},
		LangTaken: func(group int64, lang content.Lang) (bool, error) { return group == 5 && lang == "en", nil },
	}
}

func TestEntryValidate(t *testing.T) {
	tests := []struct {
		name   string
		kind   content.Kind
		values url.Values
		field  string // the field with a problem, "" for none
		want   string // part of its message
	}{
		{"fine", content.KindNews, url.Values{"title": {"Hello"}, "status": {"draft"}}, "", ""},
		{"no title", content.KindNews, url.Values{"status": {"draft"}}, "title", "Give a title."},
		{"long title", content.KindNews, url.Values{"title": {strings.Repeat("é", 201)}, "status": {"draft"}}, "title", "201 characters, at most 200"},
		{"NUL in body", content.KindNews, url.Values{"title": {"T"}, "body": {"a\x00b"}, "status": {"draft"}}, "body", "NUL"},
		{"bad UTF-8", content.KindNews, url.Values{"title": {"T\xff"}, "status": {"draft"}}, "title", "not valid text"},
		{"slug taken", content.KindNews, url.Values{"title": {"Taken"}, "status": {"draft"}}, "slug", "Another item already uses the address “taken”"},
		{"no letters for a slug", content.KindNews, url.Values{"title": {"!!!"}, "status": {"draft"}}, "slug", "Give a slug"},
		{"page on a reserved path", content.KindPage, url.Values{"title": {"News"}, "status": {"draft"}}, "slug", "used by the site itself"},
		{"news may be called news", content.KindNews, url.Values{"title": {"News"}, "status": {"draft"}}, "", ""},
		{"unknown status", content.KindNews, url.Values{"title": {"T"}, "status": {"live"}}, "status", "Choose draft or published."},
		{"bad time", content.KindNews, url.Values{"title": {"T"}, "status": {"draft"}, "published_at": {"soon"}}, "published_at", "Enter the publication time"},
		{"the slug of another language is free", content.KindNews, url.Values{"title": {"Taken"}, "status": {"draft"}, "lang": {"az"}}, "", ""},
		{"a language the site has not", content.KindNews, url.Values{"title": {"T"}, "status": {"draft"}, "lang": {"ru"}}, "lang", "one of the site's languages"},
		{"a translation of a lost item", content.KindNews, url.Values{"title": {"T"}, "status": {"draft"}, "lang": {"az"}, "translation_of": {"8"}}, "lang", "is gone"},
		{"a second version in one language", content.KindNews, url.Values{"title": {"T"}, "status": {"draft"}, "lang": {"en"}, "translation_of": {"7"}}, "lang", "already has a version in English"},
		{"a translation", content.KindNews, url.Values{"title": {"T"}, "status": {"draft"}, "lang": {"az"}, "translation_of": {"7"}}, "", ""},
		{"a page may not be called az", content.KindPage, url.Values{"title": {"AZ"}, "status": {"draft"}}, "slug", "used by the site itself"},
		{"expiry before publication", content.KindNews, url.Values{"title": {"T"}, "status": {"published"},
			"published_at": {"2026-12-05T10:00"}, "expires_at": {"2026-12-04T10:00"}}, "expires_at", "after the publication time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ReadEntry(tt.values)
			if err := f.Validate(env(tt.kind, "taken")); err != nil {
				t.Fatal(err)
			}
			if tt.field == "" {
				if len(f.Errors) > 0 {
					t.Fatalf("problems: %v", f.Errors)
				}
				return
			}
			if got := f.Errors[tt.field]; !strings.Contains(got, tt.want) {
				t.Errorf("%s: %q, want %q (all: %v)", tt.field, got, tt.want, f.Errors)
			}
		})
	}
}

func TestEntryApply(t *testing.T) {
	f := ReadEntry(url.Values{"title": {"  Şəki seminars "}, "body": {"Line\r\nnext"}, "status": {"published"},
		"expires_at": {"2027-01-01T00:00"}})
	if err := f.Validate(env(content.KindNews, "")); err != nil || len(f.Errors) > 0 {
		t.Fatal(err, f.Errors)
	}
	var e content.Entry
	f.Apply(&e)
	// Published without a time: now, to the minute, shown in the site's zone.
	if !e.PublishedAt.Equal(testNow.Truncate(time.Minute)) || f.PublishedAt != "2026-12-01T13:00" {
		t.Errorf("published at %v, shown %q", e.PublishedAt, f.PublishedAt)
	}
	if e.Slug != "seki-seminars" || e.Title != "Şəki seminars" || e.BodyMD != "Line\nnext" {
		t.Errorf("applied %+v", e)
	}
	if want := time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC); !e.ExpiresAt.Equal(want) {
		t.Errorf("expires %v, want %v", e.ExpiresAt, want)
	}
}

func TestEntryStoreError(t *testing.T) {
	boom := errors.New("database gone")
	f := ReadEntry(url.Values{"title": {"T"}, "status": {"draft"}})
	e := env(content.KindNews, "")
	e.SlugTaken = func(content.Lang, string) (bool, error) { return false, boom }
	if err := f.Validate(e); !errors.Is(err, boom) {
		t.Errorf("err = %v, want the store's", err)
	}
}

func TestNewsValidate(t *testing.T) {
	choices := NewsChoices{Projects: []Option{{Value: "7", Label: "P"}}, Images: []Option{{Value: "3", Label: "I"}}}
	base := url.Values{"title": {"T"}, "status": {"draft"}}
	tests := []struct {
		name  string
		set   url.Values
		field string
		want  string
	}{
		{"too many tags", url.Values{"tags": {numbered("tag", 21)}}, "tags", "at most 20 tags"},
		{"long tag", url.Values{"tags": {strings.Repeat("x", 61)}}, "tags", "at most 60 characters"},
		{"unknown project", url.Values{"project_id": {"8"}}, "project_id", "Choose a project from the list."},
		{"unknown image", url.Values{"lead_media_id": {"4"}, "lead_alt": {"x"}}, "lead_media_id", "Choose an image from the list."},
		{"image without alt", url.Values{"lead_media_id": {"3"}}, "lead_alt", "Describe the image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{}
			for k, vs := range base {
				v[k] = vs
			}
			for k, vs := range tt.set {
				v[k] = vs
			}
			f := ReadNews(v, nil)
			if err := f.Validate(env(content.KindNews, ""), choices); err != nil {
				t.Fatal(err)
			}
			if got := f.Errors[tt.field]; !strings.Contains(got, tt.want) {
				t.Errorf("%s: %q, want %q", tt.field, got, tt.want)
			}
		})
	}
	f := ReadNews(url.Values{"title": {"T"}, "status": {"draft"}, "tags": {"Events, events ,Training"}, "project_id": {"7"},
		"lead_media_id": {"3"}, "lead_alt": {"Delegates"}}, nil)
	if err := f.Validate(env(content.KindNews, ""), choices); err != nil || len(f.Errors) > 0 {
		t.Fatal(err, f.Errors)
	}
	var n content.News
	f.Apply(&n)
	if n.ProjectID != 7 || n.LeadImage.MediaID != 3 || n.LeadImage.Alt != "Delegates" || strings.Join(f.TagList(), "|") != "Events|Training" {
		t.Errorf("applied %+v, tags %q", n, f.TagList())
	}
}

func TestProjectValidate(t *testing.T) {
	eu := content.Partner{ID: 1, Name: "European Union", EU: true}
	other := content.Partner{ID: 2, Name: "Ministry"}
	choices := ProjectChoices{Partners: []content.Partner{eu, other}}
	tests := []struct {
		name  string
		set   url.Values
		field string
		want  string
	}{
		{"EU funder without statement", url.Values{"funders": {"1"}}, "statement", "The European Union is a funder"},
		{"unknown statement", url.Values{"funders": {"1"}, "statement": {"sponsored"}}, "statement", "Choose “Funded by”"},
		{"derogation without reason", url.Values{"funders": {"1"}, "derogation": {"1"}}, "derogation_reason", "Give the reason"},
		{"unknown partner", url.Values{"partners": {"9"}}, "partners", "Choose the partners from the list."},
		{"end before start", url.Values{"start_date": {"2027-05-01"}, "end_date": {"2027-04-30"}}, "end_date", "on or after the start date"},
		{"impossible date", url.Values{"start_date": {"2027-02-30"}}, "start_date", "year-month-day"},
		{"too many countries", url.Values{"countries": {numbered("country", 61)}}, "countries", "Name at most 60 of them."},
		{"non-EU funder needs no statement", url.Values{"funders": {"2"}}, "", ""},
		{"derogation with a reason", url.Values{"funders": {"1"}, "derogation": {"1"}, "derogation_reason": {"Staff safety"}}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{"title": {"Project"}, "status": {"draft"}}
			for k, vs := range tt.set {
				v[k] = vs
			}
			f := ReadProject(v, nil)
			if err := f.Validate(env(content.KindProject, ""), choices); err != nil {
				t.Fatal(err)
			}
			if tt.field == "" {
				if len(f.Errors) > 0 {
					t.Errorf("problems: %v", f.Errors)
				}
				return
			}
			if got := f.Errors[tt.field]; !strings.Contains(got, tt.want) {
				t.Errorf("%s: %q, want %q (all %v)", tt.field, got, tt.want, f.Errors)
			}
		})
	}
}

// TestProjectPartnerOrder: partners the project had keep their order, new
// ones follow in the order of the list, and a repeated tick counts once.
func TestProjectPartnerOrder(t *testing.T) {
	a, b, c := content.Partner{ID: 1, Name: "A"}, content.Partner{ID: 2, Name: "B"}, content.Partner{ID: 3, Name: "C"}
	ch := ProjectChoices{Partners: []content.Partner{a, b, c}, Saved: content.Project{Partners: []content.Partner{c, a}}}
	f := ReadProject(url.Values{"title": {"P"}, "status": {"draft"}, "partners": {"1", "2", "3", "1"}}, nil)
	if err := f.Validate(env(content.KindProject, ""), ch); err != nil || len(f.Errors) > 0 {
		t.Fatal(err, f.Errors)
	}
	var p content.Project
	f.Apply(&p)
	if got := PartnerIDs(p.Partners); len(got) != 3 || got[0] != 3 || got[1] != 1 || got[2] != 2 {
		t.Errorf("partners in order %v, want [3 1 2]", got)
	}
}

func TestPageValidate(t *testing.T) {
	for _, tt := range []struct {
		order string
		ok    bool
		want  int
	}{{"", true, 0}, {"3", true, 3}, {"-1", false, 0}, {"1000", false, 0}, {"two", false, 0}} {
		f := ReadPage(url.Values{"title": {"About"}, "status": {"draft"}, "menu_order": {tt.order}})
		if err := f.Validate(env(content.KindPage, "")); err != nil {
			t.Fatal(err)
		}
		if ok := !f.Errors.Has("menu_order"); ok != tt.ok {
			t.Errorf("menu order %q: ok %v, want %v", tt.order, ok, tt.ok)
			continue
		}
		var p content.Page
		f.Apply(&p)
		if tt.ok && p.MenuOrder != tt.want {
			t.Errorf("menu order %q applied as %d", tt.order, p.MenuOrder)
		}
	}
}

func TestPartnerValidate(t *testing.T) {
	logo := content.Image{MediaID: 5, Src: "/media/logo.png", Width: 200, Height: 80}
	e := PartnerEnv{
		Saved:    content.Partner{ID: 4, Logo: "logos/eu.svg", LogoWidth: 60, LogoHeight: 40},
		KeyTaken: func(key string) (bool, error) { return key == "taken", nil },
		Image: func(id int64) (content.Image, error) {
			if id == 5 {
				return logo, nil
			}
			return content.Image{}, nil
		},
	}
	tests := []struct {
		name  string
		v     url.Values
		field string
		want  string
	}{
		{"no name", url.Values{}, "name", "Give the organisation's name."},
		{"key taken", url.Values{"name": {"Taken"}}, "key", "Another partner already uses the key “taken”"},
		{"javascript link", url.Values{"name": {"X"}, "url": {"javascript:alert(1)"}}, "url", "not “javascript:” addresses"},
		{"not an address", url.Values{"name": {"X"}, "url": {"example.org"}}, "url", "starting with https://"},
		{"unknown logo", url.Values{"name": {"X"}, "logo": {"6"}}, "logo", "Choose a logo from the list."},
		{"position", url.Values{"name": {"X"}, "position": {"first"}}, "position", "whole number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ReadPartner(tt.v, nil)
			if err := f.Validate(e); err != nil {
				t.Fatal(err)
			}
			if got := f.Errors[tt.field]; !strings.Contains(got, tt.want) {
				t.Errorf("%s: %q, want %q", tt.field, got, tt.want)
			}
		})
	}
	// A form without a logo field keeps the saved logo; a library image
	// brings its size.
	for logoField, want := range map[string]content.Image{"": {Src: "logos/eu.svg", Width: 60, Height: 40}, "5": logo} {
		f := ReadPartner(url.Values{"name": {"European Union"}, "url": {"HTTPS://europa.eu/"}, "logo": {logoField}}, nil)
		if err := f.Validate(e); err != nil || len(f.Errors) > 0 {
			t.Fatal(err, f.Errors)
		}
		var p content.Partner
		key, _, _ := f.Apply(&p)
		if key != "european-union" || p.URL != "https://europa.eu/" || p.Logo != want.Src || p.LogoWidth != want.Width || p.LogoHeight != want.Height {
			t.Errorf("logo %q: applied %+v, key %q", logoField, p, key)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	projects := []Option{{Value: ""}, {Value: "harbour"}}
	v := url.Values{"site_name": {"Centre"}, "timezone": {"Europe/Vienna"}, "legal_path": {"/legal"}, "footer_project": {"harbour"},
		"menu_label_0": {"About"}, "menu_path_0": {"/about"}, "menu_pos_0": {"2"},
		"menu_label_1": {"News"}, "menu_path_1": {"/news"}, "menu_pos_1": {"1"},
		"menu_label_2": {"Evil"}, "menu_path_2": {"//evil.example"}}
	f := ReadSettings(v)
	f.Validate(SettingsChoices{Projects: projects})
	if got := f.Errors["menu_path_2"]; !strings.Contains(got, "leads to another website") {
		t.Errorf("menu_path_2: %q", got)
	}
	delete(v, "menu_label_2")
	delete(v, "menu_path_2")
	f = ReadSettings(v)
	f.Validate(SettingsChoices{Projects: projects})
	if len(f.Errors) > 0 {
		t.Fatal(f.Errors)
	}
	set := f.Apply()
	if len(set.Menu) != 2 || set.Menu[0].Label != "News" || set.Menu[1].Path != "/about" || set.Zone().String() != "Europe/Vienna" {
		t.Errorf("applied %+v", set)
	}
	for name, bad := range map[string]url.Values{
		"timezone":       {"site_name": {"C"}, "timezone": {"Local"}},
		"site_name":      {"site_name": {"Two\nlines"}, "timezone": {"UTC"}},
		"footer_project": {"site_name": {"C"}, "timezone": {"UTC"}, "footer_project": {"gone"}},
		"legal_path":     {"site_name": {"C"}, "timezone": {"UTC"}, "legal_path": {"legal"}},
	} {
		f := ReadSettings(bad)
		f.Validate(SettingsChoices{Projects: projects})
		if !f.Errors.Has(name) {
			t.Errorf("%s accepted: %v", name, bad)
		}
	}
}

func TestRedirectValidate(t *testing.T) {
	tests := []struct {
		from, to, code string
		field          string
		wantFrom       string
	}{
		{"/old/%C3%BCber", "/about", "301", "", "/old/über"},
		{"/gone", "", "410", "", "/gone"},
		{"/x", "https://example.org/", "301", "to", ""},
		{"/x", "/x", "301", "to", ""},
		{"/admin/users", "/about", "301", "from", ""},
		{"/x?a=1", "/about", "301", "from", ""},
		{"/x", "/y", "410", "to", ""},
		{"/x", "/y", "302", "code", ""},
	}
	for _, tt := range tests {
		f := ReadRedirect(url.Values{"from": {tt.from}, "to": {tt.to}, "code": {tt.code}})
		f.Validate()
		if tt.field != "" {
			if !f.Errors.Has(tt.field) {
				t.Errorf("%s → %s (%s): no problem with %s", tt.from, tt.to, tt.code, tt.field)
			}
			continue
		}
		if len(f.Errors) > 0 {
			t.Errorf("%s → %s: %v", tt.from, tt.to, f.Errors)
		}
		if from, _, _ := f.Apply(); from != tt.wantFrom {
			t.Errorf("from %q, want %q", from, tt.wantFrom)
		}
	}
}

// numbered is a list field of n distinct items: "tag 1, tag 2, …".
func numbered(item string, n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = item + " " + strconv.Itoa(i+1)
	}
	return strings.Join(items, ", ")
}
