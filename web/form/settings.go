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
	ShareImage    string // a library image's address, "/media/…"; empty for none
	BrandColor    string // "#rrggbb" as typed; empty for the stylesheet's own
	Logo          string // a library image's address, like ShareImage
	Require2FA    bool
	Menu          []MenuRow
	// Languages are the site's languages as typed: "en, az, ru".
	Languages string
	// Local are the texts of each language, by language code: the EU
	// statements for every language, the rest for all but the default.
	Local  map[content.Lang]LocalTexts
	Errors Errors

	links []menuLine
	langs []content.Lang
	menus map[content.Lang][]content.MenuLink
}

// LocalTexts are the settings written in one language; their fields are
// named with the language's code: "intro_az", "eu_funded_az".
type LocalTexts struct {
	Tagline    string
	Intro      string
	FooterText string
	Menu       string // lines of "Label|/address"
	Funded     string // the EU statements
	CoFunded   string
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
		Timezone: cmpOr(set.Timezone, "UTC"), LegalPath: set.LegalPath, FooterProject: set.FooterProject, ShareImage: set.ShareImage, Require2FA: set.Require2FA,
		BrandColor: string(set.BrandColor), Logo: set.Logo, Errors: Errors{}}
	for i, l := range set.Menu {
		f.Menu = append(f.Menu, MenuRow{Label: l.Label, Path: string(l.Path), Position: strconv.Itoa(i + 1)})
	}
	langs := make([]string, len(set.Langs()))
	f.Local = map[content.Lang]LocalTexts{}
	for i, l := range set.Langs() {
		langs[i] = string(l)
		t, st := set.Texts[l], set.Statements[l]
		f.Local[l] = LocalTexts{Tagline: t.Tagline, Intro: t.Intro, FooterText: t.FooterText, Menu: menuLines(t.Menu),
			Funded: st.Funded, CoFunded: st.CoFunded}
	}
	f.Languages = strings.Join(langs, ", ")
	return f
}

// menuLines shows a menu as lines of "Label|/address".
func menuLines(menu []content.MenuLink) string {
	lines := make([]string, len(menu))
	for i, l := range menu {
		lines[i] = l.Label + "|" + string(l.Path)
	}
	return strings.Join(lines, "\n")
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
		FooterProject: v.Get("footer_project"), ShareImage: v.Get("share_image"),
		BrandColor: Value(v, "brand_color"), Logo: v.Get("logo"), Require2FA: Checked(v, "require_2fa"), Languages: Value(v, "languages"), Errors: Errors{},
		Local: map[content.Lang]LocalTexts{}}
	for _, l := range content.Langs() {
		k := "_" + string(l.Code)
		t := LocalTexts{Tagline: Value(v, "tagline"+k), Intro: Value(v, "intro"+k), FooterText: Value(v, "footer_text"+k),
			Menu: Value(v, "menu"+k), Funded: Value(v, "eu_funded"+k), CoFunded: Value(v, "eu_cofunded"+k)}
		if t != (LocalTexts{}) {
			f.Local[l.Code] = t
		}
	}
	for i := 0; i < MenuRowsMax; i++ {
		n := strconv.Itoa(i)
		if _, ok := v["menu_label_"+n]; !ok && i >= MenuRowsMin {
			break
		}
		f.Menu = append(f.Menu, MenuRow{Label: Value(v, "menu_label_"+n), Path: Value(v, "menu_path_"+n), Position: Value(v, "menu_pos_"+n)})
	}
	return f
}

// SettingsChoices are what the settings may name: the footer's projects
// (Saved the one saved, shown again when the choice is refused) and the
// library's images, by address.
type SettingsChoices struct {
	Projects []Option
	Saved    string
	Images   []Option
}

// Validate checks the form against its choices.
func (f *Settings) Validate(ch SettingsChoices) {
	projects, saved := ch.Projects, ch.Saved
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
	f.validateLook(ch.Images)
	f.links = nil
	for i := range f.Menu {
		f.validateMenuRow(i)
	}
	f.validateLangs()
}

// validateLook checks the share image, the logo and the brand colour.
func (f *Settings) validateLook(images []Option) {
	if _, ok := chosen(f.ShareImage, images); !ok && f.ShareImage != "" {
		f.Errors.Set("share_image", "Choose an image from the list.")
	}
	if _, ok := chosen(f.Logo, images); !ok && f.Logo != "" {
		f.Errors.Set("logo", "Choose an image from the list.")
	}
	f.BrandColor = f.Errors.Text("brand_color", f.BrandColor, 20, "The colour")
	if !f.Errors.Has("brand_color") {
		c, err := content.ParseBrandColor(f.BrandColor)
		f.Errors.Add("brand_color", err)
		if err == nil {
			f.BrandColor = string(c)
		}
	}
}

// validateLangs checks the site's languages and the texts of each.
func (f *Settings) validateLangs() {
	langs, err := content.ParseLangs(cmpOr(f.Languages, string(content.DefaultLang)))
	f.Errors.Add("languages", err)
	f.langs, f.menus = langs, map[content.Lang][]content.MenuLink{}
	for l, t := range f.Local {
		k := "_" + string(l)
		t.Tagline = f.Errors.Text("tagline"+k, t.Tagline, 200, "The tagline")
		t.Intro = f.Errors.Text("intro"+k, t.Intro, 1000, "The introduction")
		t.FooterText = f.Errors.Text("footer_text"+k, t.FooterText, 1000, "The footer text")
		t.Funded = f.Errors.Text("eu_funded"+k, t.Funded, 200, "The statement")
		t.CoFunded = f.Errors.Text("eu_cofunded"+k, t.CoFunded, 200, "The statement")
		f.Local[l] = t
		f.menus[l] = f.validateMenuText("menu"+k, t.Menu)
	}
}

// validateMenuText reads a menu written as lines of "Label|/address".
func (f *Settings) validateMenuText(name, text string) []content.MenuLink {
	var menu []content.MenuLink
	for _, line := range strings.Split(f.Errors.Text(name, text, 4000, "The menu"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		label, path, ok := strings.Cut(line, "|")
		p, err := content.ParseLocalPath(strings.TrimSpace(path))
		if !ok || strings.TrimSpace(label) == "" || err != nil {
			f.Errors.Set(name, "Write each link on its own line as a label, a | and an address on this site: “Xəbərlər|/az/news”.")
			continue
		}
		menu = append(menu, content.MenuLink{Label: strings.TrimSpace(label), Path: p})
	}
	return menu
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

// MenuTarget is an address a menu links to, with the field that holds it.
type MenuTarget struct {
	Field string
	Path  content.LocalPath
}

// MenuTargets are the addresses the checked menus link to, for a check
// that something answers there.
func (f *Settings) MenuTargets() []MenuTarget {
	var out []MenuTarget
	for i, row := range f.Menu {
		if p, err := content.ParseLocalPath(row.Path); err == nil && row.Path != "" {
			out = append(out, MenuTarget{Field: "menu_path_" + strconv.Itoa(i), Path: p})
		}
	}
	for l, menu := range f.menus {
		for _, m := range menu {
			out = append(out, MenuTarget{Field: "menu_" + string(l), Path: m.Path})
		}
	}
	return out
}

// Apply gives the checked settings, the menu in the order of its
// positions.
func (f *Settings) Apply() content.Settings {
	sort.SliceStable(f.links, func(i, j int) bool { return f.links[i].pos < f.links[j].pos })
	set := content.Settings{Name: f.SiteName, Tagline: f.Tagline, Intro: f.Intro, FooterText: f.FooterText,
		Timezone: f.Timezone, LegalPath: f.LegalPath, FooterProject: f.FooterProject, ShareImage: f.ShareImage, Require2FA: f.Require2FA,
		BrandColor: content.BrandColor(f.BrandColor), Logo: f.Logo}
	for _, l := range f.links {
		set.Menu = append(set.Menu, l.link)
	}
	set.Languages = f.langs
	for l, t := range f.Local {
		if t.Funded != "" || t.CoFunded != "" {
			if set.Statements == nil {
				set.Statements = map[content.Lang]content.EUStatement{}
			}
			set.Statements[l] = content.EUStatement{Funded: t.Funded, CoFunded: t.CoFunded}
		}
		if l != set.DefaultLang() && (t.Tagline != "" || t.Intro != "" || t.FooterText != "" || len(f.menus[l]) > 0) {
			if set.Texts == nil {
				set.Texts = map[content.Lang]content.SiteTexts{}
			}
			set.Texts[l] = content.SiteTexts{Tagline: t.Tagline, Intro: t.Intro, FooterText: t.FooterText, Menu: f.menus[l]}
		}
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
