package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"

	"orgsite/views/admin"
)

// adminSettingsRoutes registers the site settings; the group lets only
// admins through.
func (s *Server) adminSettingsRoutes(a *echo.Group) {
	a.GET("/settings", s.settings)
	a.POST("/settings", s.saveSettings)
}

// Menu editor limits: the form shows at least menuRowsMin rows, two empty
// ones after the saved links, and reads at most menuRowsMax.
const (
	menuRowsMin = 8
	menuRowsMax = 20
)

// zones are the time zones offered: those of the places an organisation
// like ours works in, one per distinct clock. A saved zone outside the list
// is offered too.
var zones = []string{
	"UTC",
	"Europe/Lisbon", "Europe/London", "Europe/Dublin", "Europe/Madrid", "Europe/Paris", "Europe/Brussels",
	"Europe/Amsterdam", "Europe/Berlin", "Europe/Rome", "Europe/Vienna", "Europe/Zurich", "Europe/Warsaw",
	"Europe/Prague", "Europe/Budapest", "Europe/Belgrade", "Europe/Sarajevo", "Europe/Skopje", "Europe/Tirane",
	"Europe/Stockholm", "Europe/Copenhagen", "Europe/Oslo", "Europe/Helsinki", "Europe/Tallinn", "Europe/Riga",
	"Europe/Vilnius", "Europe/Athens", "Europe/Sofia", "Europe/Bucharest", "Europe/Chisinau", "Europe/Kyiv",
	"Europe/Istanbul", "Europe/Minsk", "Europe/Moscow", "Asia/Tbilisi", "Asia/Yerevan", "Asia/Baku",
	"Asia/Almaty", "Asia/Tashkent", "Asia/Bishkek", "Asia/Dushanbe", "Asia/Ashgabat",
	"Asia/Beirut", "Asia/Amman", "Asia/Damascus", "Asia/Jerusalem", "Asia/Baghdad", "Asia/Riyadh", "Asia/Dubai",
	"Asia/Tehran", "Asia/Kabul", "Asia/Karachi", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka", "Asia/Bangkok",
	"Asia/Jakarta", "Asia/Manila", "Asia/Shanghai", "Asia/Tokyo", "Asia/Seoul",
	"Africa/Casablanca", "Africa/Algiers", "Africa/Tunis", "Africa/Tripoli", "Africa/Cairo", "Africa/Khartoum",
	"Africa/Dakar", "Africa/Abidjan", "Africa/Accra", "Africa/Lagos", "Africa/Niamey", "Africa/Ndjamena",
	"Africa/Addis_Ababa", "Africa/Nairobi", "Africa/Kampala", "Africa/Kinshasa", "Africa/Johannesburg",
	"America/Sao_Paulo", "America/Buenos_Aires", "America/Bogota", "America/Lima", "America/Mexico_City",
	"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Toronto",
	"Australia/Sydney", "Australia/Perth", "Pacific/Auckland",
}

// zoneOptions lists the zones by name with their current offset, and the
// saved zone if the list lacks it.
func zoneOptions(saved string, now time.Time) []admin.Option {
	names := append([]string(nil), zones...)
	if saved != "" && !containsString(names, saved) {
		names = append(names, saved)
	}
	sort.Strings(names[1:])
	var out []admin.Option
	for _, n := range names {
		label := n
		if loc, err := time.LoadLocation(n); err == nil && n != "UTC" {
			label = strings.ReplaceAll(n, "_", " ") + " (UTC" + now.In(loc).Format("-07:00") + ")"
		}
		out = append(out, admin.Option{Value: n, Label: label})
	}
	return out
}

func containsString(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// sitePath checks a link to a page of this site, as typed by staff: a path
// starting with one slash, with no scheme, host or characters a browser
// would read differently. It returns what is wrong, or "".
func sitePath(v string) string {
	switch {
	case !strings.HasPrefix(v, "/"):
		return "Give an address on this site starting with /, such as /about."
	case strings.HasPrefix(v, "//"):
		return "An address starting with // leads to another website; give an address on this site, such as /about."
	case len(v) > 500:
		return "The address is too long: at most 500 characters."
	case strings.ContainsRune(v, '\\'):
		return "Use / instead of \\ in the address."
	case strings.IndexFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return "The address cannot contain spaces; write them as %20."
	}
	if u, err := url.Parse(v); err != nil || u.Scheme != "" || u.Host != "" {
		return "This is not a valid address on this site."
	}
	return ""
}

func (s *Server) settings(c echo.Context) error {
	set, err := s.Store.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	f := admin.SettingsForm{SiteName: set["site_name"], Tagline: set["tagline"], Intro: set["intro"], FooterText: set["footer_text"],
		Timezone: or(set["timezone"], "UTC"), LegalPath: set["legal_path"], FooterProject: set["footer_project"], Errors: admin.Errors{}}
	for _, line := range strings.Split(set["menu"], "\n") {
		if label, path, ok := strings.Cut(line, "|"); ok {
			f.Menu = append(f.Menu, admin.MenuRow{Label: label, Path: path, Position: strconv.Itoa(len(f.Menu) + 1)})
		}
	}
	return s.renderSettings(c, http.StatusOK, f)
}

func (s *Server) renderSettings(c echo.Context, status int, f admin.SettingsForm) error {
	now := s.Now()
	ch, err := s.chromeFlash(c, "Site settings")
	if err != nil {
		return err
	}
	if len(f.Errors) > 0 {
		ch.PageTitle = "Error: " + ch.PageTitle
	}
	f.Chrome = ch
	f.Zones = zoneOptions(f.Timezone, now)
	f.Projects, err = s.footerProjects(c, f.FooterProject)
	if err != nil {
		return err
	}
	// Rows keep their places (errors are named by row number); empty rows
	// are added so that at least two follow the last filled one.
	filled := 0
	for i, m := range f.Menu {
		if m != (admin.MenuRow{}) {
			filled = i + 1
		}
	}
	for len(f.Menu) < min(menuRowsMax, max(menuRowsMin, filled+2)) {
		f.Menu = append(f.Menu, admin.MenuRow{})
	}
	return s.render(c, status, admin.Settings(f))
}

// footerProjects offers the published projects for the footer's funding
// block, and the saved one if it is no longer published.
func (s *Server) footerProjects(c echo.Context, saved string) ([]admin.Option, error) {
	ps, err := s.Store.PublicProjects(c.Request().Context(), s.Now())
	if err != nil {
		return nil, err
	}
	out := []admin.Option{{Value: "", Label: "— no funding block —"}}
	found := saved == ""
	for _, p := range ps {
		label := p.Title
		if p.Acronym != "" {
			label = p.Acronym + " – " + p.Title
		}
		out = append(out, admin.Option{Value: p.Slug, Label: label})
		found = found || p.Slug == saved
	}
	if !found {
		out = append(out, admin.Option{Value: saved, Label: saved + " (not published: the footer shows no funding block)"})
	}
	return out, nil
}

type menuLine struct {
	label, path string
	pos         int
}

func (s *Server) saveSettings(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	errs := admin.Errors{}
	f := admin.SettingsForm{Errors: errs}
	f.SiteName = formText(c, "site_name", 100, errs, "The site name")
	if f.SiteName == "" && errs["site_name"] == "" {
		errs["site_name"] = "Give the site a name."
	}
	f.Tagline = formText(c, "tagline", 200, errs, "The tagline")
	f.Intro = formText(c, "intro", 1000, errs, "The introduction")
	f.FooterText = formText(c, "footer_text", 1000, errs, "The footer text")
	for _, name := range []string{"site_name", "tagline"} {
		if errs[name] == "" && strings.Contains(c.FormValue(name), "\n") {
			errs[name] = "Write it on one line."
		}
	}

	f.Timezone = strings.TrimSpace(c.FormValue("timezone"))
	if _, err := time.LoadLocation(f.Timezone); err != nil || f.Timezone == "" || f.Timezone == "Local" || len(f.Timezone) > 64 {
		errs["timezone"] = "Choose a time zone from the list."
	}

	f.LegalPath = formText(c, "legal_path", 500, errs, "The address")
	if f.LegalPath != "" && errs["legal_path"] == "" {
		if msg := sitePath(f.LegalPath); msg != "" {
			errs["legal_path"] = msg
		}
	}

	f.FooterProject = c.FormValue("footer_project")
	set, err := s.Store.Settings(ctx)
	if err != nil {
		return err
	}
	projects, err := s.footerProjects(c, set["footer_project"])
	if err != nil {
		return err
	}
	if !containsOption(projects, f.FooterProject) {
		errs["footer_project"] = "Choose a project from the list."
		f.FooterProject = set["footer_project"]
	}

	var lines []menuLine
	for i := 0; i < menuRowsMax; i++ {
		n := strconv.Itoa(i)
		kl, kp, kn := "menu_label_"+n, "menu_path_"+n, "menu_pos_"+n
		if _, ok := c.Request().Form[kl]; !ok && i >= menuRowsMin {
			break
		}
		row := admin.MenuRow{Label: formText(c, kl, 60, errs, "The label"), Path: formText(c, kp, 500, errs, "The address"),
			Position: formText(c, kn, 10, errs, "The position")}
		f.Menu = append(f.Menu, row)
		if row.Label == "" && row.Path == "" {
			continue
		}
		switch {
		case errs[kl] != "":
		case row.Label == "":
			errs[kl] = "Give a label for the link to " + row.Path + "."
		case strings.ContainsAny(row.Label, "|\n"):
			errs[kl] = "The label cannot contain | or a line break."
		}
		switch {
		case errs[kp] != "":
		case row.Path == "":
			errs[kp] = "Give the address the link “" + row.Label + "” leads to, such as /about."
		default:
			if msg := sitePath(row.Path); msg != "" {
				errs[kp] = msg
			}
		}
		pos := i + 1
		if row.Position != "" && errs[kn] == "" {
			p, err := strconv.Atoi(row.Position)
			if err != nil || p < 0 || p > 999 {
				errs[kn] = "The position is a whole number, such as 1, 2 or 3."
			}
			pos = p
		}
		lines = append(lines, menuLine{label: row.Label, path: row.Path, pos: pos})
	}

	if len(errs) > 0 {
		return s.renderSettings(c, http.StatusUnprocessableEntity, f)
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].pos < lines[j].pos })
	var menu []string
	for _, l := range lines {
		menu = append(menu, l.label+"|"+l.path)
	}
	kv := map[string]string{
		"site_name": f.SiteName, "tagline": f.Tagline, "intro": f.Intro, "footer_text": f.FooterText,
		"timezone": f.Timezone, "legal_path": f.LegalPath, "footer_project": f.FooterProject, "menu": strings.Join(menu, "\n"),
	}
	if err := s.Store.UpdateSettings(ctx, kv, now); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/settings?saved=1")
}

func containsOption(opts []admin.Option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}
