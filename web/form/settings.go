package form

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"orgsite/internal/content"
)

// Menu editor limits: the form shows at least MenuRowsMin rows, two empty
// ones after the saved links, and reads at most MenuRowsMax.
const (
	MenuRowsMin = 8
	MenuRowsMax = 20
)

// Settings is the site settings form, as typed.
type Settings struct {
	SiteName      string
	Tagline       string
	Intro         string
	FooterText    string
	Timezone      string
	LegalPath     string
	FooterProject string
	Menu          []MenuRow
	Errors        Errors

	links []menuLine
}

// MenuRow is one line of the menu editor; the error keys of its fields are
// "menu_label_N", "menu_path_N" and "menu_pos_N".
type MenuRow struct {
	Label    string
	Path     string
	Position string
}

type menuLine struct {
	link content.MenuLink
	pos  int
}

// SettingsOf shows the saved settings in the form.
func SettingsOf(set content.Settings) Settings {
	f := Settings{SiteName: set.Name, Tagline: set.Tagline, Intro: set.Intro, FooterText: set.FooterText,
		Timezone: cmpOr(set.Timezone, "UTC"), LegalPath: set.LegalPath, FooterProject: set.FooterProject, Errors: Errors{}}
	for i, l := range set.Menu {
		f.Menu = append(f.Menu, MenuRow{Label: l.Label, Path: string(l.Path), Position: strconv.Itoa(i + 1)})
	}
	return f
}

func cmpOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// ReadSettings reads the posted settings; menu rows past MenuRowsMin are
// read while they are sent.
func ReadSettings(v url.Values) Settings {
	f := Settings{SiteName: Value(v, "site_name"), Tagline: Value(v, "tagline"), Intro: Value(v, "intro"),
		FooterText: Value(v, "footer_text"), Timezone: Value(v, "timezone"), LegalPath: Value(v, "legal_path"),
		FooterProject: v.Get("footer_project"), Errors: Errors{}}
	for i := 0; i < MenuRowsMax; i++ {
		n := strconv.Itoa(i)
		if _, ok := v["menu_label_"+n]; !ok && i >= MenuRowsMin {
			break
		}
		f.Menu = append(f.Menu, MenuRow{Label: Value(v, "menu_label_"+n), Path: Value(v, "menu_path_"+n), Position: Value(v, "menu_pos_"+n)})
	}
	return f
}

// Validate checks the form; projects are the footer's choices and saved
// the footer project shown again when the choice is refused.
func (f *Settings) Validate(projects []Option, saved string) {
	errs := f.Errors
	f.SiteName = errs.Text("site_name", f.SiteName, 100, "The site name")
	if f.SiteName == "" {
		errs.Set("site_name", "Give the site a name.")
	}
	f.Tagline = errs.Text("tagline", f.Tagline, 200, "The tagline")
	f.Intro = errs.Text("intro", f.Intro, 1000, "The introduction")
	f.FooterText = errs.Text("footer_text", f.FooterText, 1000, "The footer text")
	if strings.Contains(f.SiteName, "\n") {
		errs.Set("site_name", "Write it on one line.")
	}
	if strings.Contains(f.Tagline, "\n") {
		errs.Set("tagline", "Write it on one line.")
	}
	if _, err := time.LoadLocation(f.Timezone); err != nil || f.Timezone == "" || f.Timezone == "Local" || len(f.Timezone) > 64 {
		errs.Set("timezone", "Choose a time zone from the list.")
	}
	f.LegalPath = errs.Text("legal_path", f.LegalPath, 500, "The address")
	if f.LegalPath != "" && !errs.Has("legal_path") {
		_, err := content.ParseLocalPath(f.LegalPath)
		errs.Add("legal_path", err)
	}
	if _, ok := chosen(f.FooterProject, projects); !ok {
		errs.Set("footer_project", "Choose a project from the list.")
		f.FooterProject = saved
	}
	f.links = nil
	for i := range f.Menu {
		f.validateMenuRow(i)
	}
}

// chosen is Choose for options whose values are not ids.
func chosen(v string, opts []Option) (string, bool) {
	for _, o := range opts {
		if o.Value == v {
			return v, true
		}
	}
	return "", false
}

func (f *Settings) validateMenuRow(i int) {
	errs, n := f.Errors, strconv.Itoa(i)
	kl, kp, kn := "menu_label_"+n, "menu_path_"+n, "menu_pos_"+n
	row := &f.Menu[i]
	row.Label = errs.Text(kl, row.Label, 60, "The label")
	row.Path = errs.Text(kp, row.Path, 500, "The address")
	row.Position = errs.Text(kn, row.Position, 10, "The position")
	if row.Label == "" && row.Path == "" {
		return
	}
	switch {
	case row.Label == "":
		errs.Set(kl, "Give a label for the link to "+row.Path+".")
	case strings.ContainsAny(row.Label, "|\n"):
		errs.Set(kl, "The label cannot contain | or a line break.")
	}
	var path content.LocalPath
	if row.Path == "" {
		errs.Set(kp, "Give the address the link “"+row.Label+"” leads to, such as /about.")
	} else if !errs.Has(kp) {
		var err error
		path, err = content.ParseLocalPath(row.Path)
		errs.Add(kp, err)
	}
	pos := i + 1
	if row.Position != "" && !errs.Has(kn) {
		p, err := strconv.Atoi(row.Position)
		if err != nil || p < 0 || p > 999 {
			errs.Set(kn, "The position is a whole number, such as 1, 2 or 3.")
		}
		pos = p
	}
	f.links = append(f.links, menuLine{link: content.MenuLink{Label: row.Label, Path: path}, pos: pos})
}

// Apply gives the checked settings, the menu in the order of its
// positions.
func (f *Settings) Apply() content.Settings {
	sort.SliceStable(f.links, func(i, j int) bool { return f.links[i].pos < f.links[j].pos })
	set := content.Settings{Name: f.SiteName, Tagline: f.Tagline, Intro: f.Intro, FooterText: f.FooterText,
		Timezone: f.Timezone, LegalPath: f.LegalPath, FooterProject: f.FooterProject}
	for _, l := range f.links {
		set.Menu = append(set.Menu, l.link)
	}
	return set
}

// PadMenu adds empty rows so that at least two follow the last filled
// one; rows keep their places, since errors name them by number.
func (f *Settings) PadMenu() {
	filled := 0
	for i, m := range f.Menu {
		if m != (MenuRow{}) {
			filled = i + 1
		}
	}
	for len(f.Menu) < min(MenuRowsMax, max(MenuRowsMin, filled+2)) {
		f.Menu = append(f.Menu, MenuRow{})
	}
}
