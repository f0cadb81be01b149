package admin

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/store"
	view "orgsite/views/admin"
	"orgsite/web/form"
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
func zoneOptions(saved string, now time.Time) []form.Option {
	names := append([]string(nil), zones...)
	if saved != "" && !containsString(names, saved) {
		names = append(names, saved)
	}
	sort.Strings(names[1:])
	var out []form.Option
	for _, n := range names {
		label := n
		if loc, err := time.LoadLocation(n); err == nil && n != "UTC" {
			label = strings.ReplaceAll(n, "_", " ") + " (UTC" + now.In(loc).Format("-07:00") + ")"
		}
		out = append(out, form.Option{Value: n, Label: label})
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

// Settings shows the site settings.
func (s *Server) Settings(c echo.Context) error {
	set, err := s.Store.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	return s.renderSettings(c, http.StatusOK, form.SettingsOf(set))
}

func (s *Server) renderSettings(c echo.Context, status int, f form.Settings) error {
	ch, err := s.chromeFlash(c, "Site settings")
	if err != nil {
		return err
	}
	if len(f.Errors) > 0 {
		ch.PageTitle = "Error: " + ch.PageTitle
	}
	projects, err := s.footerProjects(c, f.FooterProject)
	if err != nil {
		return err
	}
	images, err := s.shareImages(c)
	if err != nil {
		return err
	}
	f.PadMenu()
	return s.render(c, status, view.Settings(view.SettingsForm{Chrome: ch, Settings: f,
		Zones: zoneOptions(f.Timezone, s.Now()), Projects: projects, Images: append([]form.Option{{Value: "", Label: "— none —"}}, images...)}))
}

// shareImages offers the library's images by address, for the share image.
func (s *Server) shareImages(c echo.Context) ([]form.Option, error) {
	opts, names, err := s.Store.ImageFiles(c.Request().Context())
	if err != nil {
		return nil, err
	}
	out := make([]form.Option, len(opts))
	for i, o := range opts {
		out[i] = form.Option{Value: store.MediaURL(names[i]), Label: o.Label}
	}
	return out, nil
}

// footerProjects offers the published projects for the footer's funding
// block, and the saved one if it is no longer published.
func (s *Server) footerProjects(c echo.Context, saved string) ([]form.Option, error) {
	ctx := c.Request().Context()
	ps, err := s.Store.PublicProjects(ctx, s.settings(ctx).DefaultLang(), s.Now())
	if err != nil {
		return nil, err
	}
	out := []form.Option{{Value: "", Label: "— none: an organisation's site —"}}
	found := saved == ""
	for _, p := range ps {
		out = append(out, form.Option{Value: p.Slug, Label: p.Label()})
		found = found || p.Slug == saved
	}
	if !found {
		out = append(out, form.Option{Value: saved, Label: saved + " (not published: the footer shows no funding block)"})
	}
	return out, nil
}

// SaveSettings saves the posted site settings.
func (s *Server) SaveSettings(c echo.Context) error {
	ctx := c.Request().Context()
	v, err := values(c)
	if err != nil {
		return err
	}
	saved, err := s.Store.Settings(ctx)
	if err != nil {
		return err
	}
	projects, err := s.footerProjects(c, saved.FooterProject)
	if err != nil {
		return err
	}
	f := form.ReadSettings(v)
	images, err := s.shareImages(c)
	if err != nil {
		return err
	}
	f.Validate(form.SettingsChoices{Projects: projects, Saved: saved.FooterProject, Images: images})
	s.checkMenuLinks(ctx, &f, saved)
	if len(f.Errors) > 0 {
		return s.renderSettings(c, http.StatusUnprocessableEntity, f)
	}
	if err := s.Store.SaveSettings(ctx, f.Apply(), s.Now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/settings?saved=1")
}

// checkMenuLinks refuses a menu link that leads nowhere: each address is
// asked of the public site as a visitor would ask it, and must answer
// (or redirect). An address in a language the site is only now given is
// left alone: its pages cannot answer before the settings are saved.
func (s *Server) checkMenuLinks(ctx context.Context, f *form.Settings, saved content.Settings) {
	if s.Resolves == nil {
		return
	}
	for _, t := range f.MenuTargets() {
		first, _, _ := strings.Cut(strings.TrimPrefix(t.Path.String(), "/"), "/")
		if l, ok := content.ParseLang(first); ok && string(l) == first && !saved.HasLang(l) {
			continue
		}
		if !s.Resolves(ctx, t.Path.String()) {
			f.Errors.Set(t.Field, "Nothing answers at "+t.Path.String()+" on this site. Check the address, or publish the page first.")
		}
	}
}
