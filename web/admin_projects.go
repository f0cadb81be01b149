package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
	"orgsite/internal/store"
	"orgsite/views/admin"
)

// adminProjectRoutes registers the projects screens of the admin area.
func (s *Server) adminProjectRoutes(a *echo.Group) {
	a.GET("/projects", s.adminList(content.KindProject, "/admin/projects"))
	a.GET("/projects/new", s.projectNew)
	a.POST("/projects/new", s.projectSave)
	a.GET("/projects/:id", s.projectEdit)
	a.POST("/projects/:id", s.projectSave)
	a.POST("/projects/:id/trash", s.trashItem(content.KindProject))
	s.historyRoutes(a, content.KindProject, "/projects")
}

func (s *Server) projectNew(c echo.Context) error {
	// No funding statement is chosen for a new project: an EU-funded one
	// must pick "Funded by" or "Co-funded by" on purpose.
	f := admin.ProjectForm{EntryForm: admin.EntryForm{Status: string(content.StatusDraft), Errors: admin.Errors{}}}
	return s.renderProjectForm(c, http.StatusOK, f)
}

func (s *Server) projectEdit(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, now := c.Request().Context(), s.Now()
	p, err := s.Store.ProjectByID(ctx, id)
	if err != nil {
		return err
	}
	f := projectFormOf(p, s.siteZone(ctx), now)
	f.SavedProblems = p.VisibilityProblems()
	f.Notes = visibilityNotes(p)
	return s.renderProjectForm(c, http.StatusOK, f)
}

// projectFormOf shows a saved project in its form.
func projectFormOf(p content.Project, zone *time.Location, now time.Time) admin.ProjectForm {
	f := admin.ProjectForm{EntryForm: fillEntryForm(content.KindProject, p.Entry, zone, now),
		Acronym: p.Acronym, StartDate: projectDate(p.StartDate), EndDate: projectDate(p.EndDate),
		Countries: strings.Join(p.Countries, ", "), DutyStations: strings.Join(p.DutyStations, ", "), Tags: tagNames(p.Tags),
		Funders: partnerIDs(p.Funders), Implementers: partnerIDs(p.Implementers), Partners: partnerIDs(p.Partners),
		Statement: p.Statement, Derogation: p.Derogation, Reason: p.DerogationReason,
		LeadImage: leadImageOf(p.LeadImage), Phase: string(p.Phase(now))}
	return f
}

func partnerIDs(ps []content.Partner) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = itoa64(p.ID)
	}
	return out
}

func projectDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// visibilityNotes are remarks on a project's EU visibility that break no
// rule but that an editor should see.
func visibilityNotes(p content.Project) []string {
	if !p.EUFunded() {
		return nil
	}
	var notes []string
	if p.Derogation {
		notes = append(notes, "The derogation is on: the EU emblem, the funding statement and the EU's name will not appear on this project's pages.")
	}
	for _, f := range p.Funders {
		if f.EU && strings.TrimSpace(f.Logo) == "" {
			notes = append(notes, "The partner “"+f.Name+"” has no logo in the partners list; the standard EU emblem will be shown. Check the partner's entry.")
		}
	}
	return notes
}

func (s *Server) renderProjectForm(c echo.Context, status int, f admin.ProjectForm) error {
	ctx := c.Request().Context()
	title := "Add a project"
	if f.ID != 0 {
		title = "Edit: " + f.Title
	}
	ch, err := s.chrome(c, title)
	if err != nil {
		return err
	}
	f.Chrome = ch
	partners, err := s.Store.PartnerOptions(ctx)
	if err != nil {
		return err
	}
	images, err := s.Store.ImageOptions(ctx)
	if err != nil {
		return err
	}
	f.Choices = options("", partners)[1:]
	f.Images = options("— no image —", images)
	if len(f.Errors) > 0 {
		f.Chrome.PageTitle = "Error: " + f.Chrome.PageTitle
	}
	return s.render(c, status, admin.ProjectEdit(f))
}

// projectSave creates or updates a project from the posted form: it shows
// the form again with every problem, previews without saving, or saves and
// answers 303 to the edit page. Problems with the EU visibility rules that
// the form can catch are errors; the rest are warnings above the form.
func (s *Server) projectSave(c echo.Context) error {
	ctx, now := c.Request().Context(), s.Now()
	zone := s.siteZone(ctx)
	var id int64
	var old content.Project
	if c.Param("id") != "" {
		var err error
		if id, err = idParam(c); err != nil {
			return err
		}
		if old, err = s.Store.ProjectByID(ctx, id); err != nil {
			return err
		}
	}
	var p content.Project
	f := admin.ProjectForm{}
	if err := s.entryForm(c, content.KindProject, id, zone, &p.Entry, &f.EntryForm); err != nil {
		return err
	}
	if id != 0 {
		// The status line describes the saved project, whatever was posted.
		saved := fillEntryForm(content.KindProject, old.Entry, zone, now)
		f.State, f.Updated, f.PublicURL, f.PreviewURL = saved.State, saved.Updated, saved.PublicURL, saved.PreviewURL
		f.Phase = string(old.Phase(now))
		f.SavedProblems = old.VisibilityProblems()
	}
	errs := f.Errors

	f.Acronym = formText(c, "acronym", 40, errs, "The acronym")
	p.Acronym = f.Acronym
	f.StartDate = strings.TrimSpace(c.FormValue("start_date"))
	f.EndDate = strings.TrimSpace(c.FormValue("end_date"))
	var ok bool
	if p.StartDate, ok = parseProjectDate(f.StartDate); !ok {
		errs["start_date"] = "Enter the start date as year-month-day, such as 2027-01-31."
	}
	if p.EndDate, ok = parseProjectDate(f.EndDate); !ok {
		errs["end_date"] = "Enter the end date as year-month-day, such as 2029-12-31."
	}
	if !p.StartDate.IsZero() && !p.EndDate.IsZero() && p.EndDate.Before(p.StartDate) {
		errs["end_date"] = "The end date must be on or after the start date."
	}
	f.Countries, p.Countries = projectListField(c, "countries", "The countries", "country", errs)
	f.DutyStations, p.DutyStations = projectListField(c, "duty_stations", "The duty stations", "duty station", errs)
	f.Tags = formText(c, "tags", 1000, errs, "The tags")
	tags := store.SplitList(f.Tags)
	if len(tags) > 20 {
		errs["tags"] = "Use at most 20 tags."
	}
	for _, t := range tags {
		if utf8.RuneCountInString(t) > 60 {
			errs["tags"] = "Each tag can have at most 60 characters."
		}
	}

	all, err := s.Store.Partners(ctx)
	if err != nil {
		return err
	}
	params, err := c.FormParams()
	if err != nil {
		return badRequest("The form could not be read.")
	}
	var pp store.ProjectPartners
	f.Funders, pp.Funders, p.Funders = choosePartners(params["funders"], all, old.Funders, errs, "funders", "Choose the funders from the list.")
	f.Implementers, pp.Implementers, p.Implementers = choosePartners(params["implementers"], all, old.Implementers, errs, "implementers", "Choose the implementing agencies from the list.")
	f.Partners, pp.Partners, p.Partners = choosePartners(params["partners"], all, old.Partners, errs, "partners", "Choose the partners from the list.")

	f.Statement = c.FormValue("statement")
	switch f.Statement {
	case "", content.StatementFunded, content.StatementCoFunded:
	default:
		errs["statement"] = "Choose “Funded by” or “Co-funded by the European Union”."
		f.Statement = ""
	}
	p.Statement = f.Statement
	f.Derogation = c.FormValue("derogation") != ""
	f.Reason = formText(c, "derogation_reason", 2000, errs, "The reason for the derogation")
	p.Derogation, p.DerogationReason = f.Derogation, f.Reason
	if p.EUFunded() && !p.Derogation && p.Statement == "" && errs["statement"] == "" {
		errs["statement"] = "The European Union is a funder: choose the statement shown beside its emblem."
	}
	if p.Derogation && p.DerogationReason == "" && errs["derogation_reason"] == "" {
		errs["derogation_reason"] = "Give the reason for the derogation; it is kept on record."
	}

	mediaID, upload, err := s.leadImageForm(c, errs, &f.LeadImage)
	if err != nil {
		return err
	}
	p.LeadImage.MediaID = mediaID

	preview := c.FormValue("action") == "preview"
	if preview || len(errs) > 0 {
		f.PostedProblems = p.VisibilityProblems()
		f.Notes = visibilityNotes(p)
	}
	if preview {
		f.Preview = markdown.Render(f.Body)
		if f.Preview == "" {
			f.Preview = "<p><em>The body is empty.</em></p>"
		}
		return s.renderProjectForm(c, http.StatusOK, f)
	}
	if len(errs) > 0 {
		return s.renderProjectForm(c, http.StatusUnprocessableEntity, f)
	}
	if upload != nil {
		id, status, err := s.saveLeadUpload(c, upload, errs, &f.LeadImage)
		if err != nil {
			return err
		}
		if status != 0 {
			return s.renderProjectForm(c, status, f)
		}
		p.LeadImage.MediaID = id
	}
	p.LeadImage.Alt, p.LeadImage.Credit = f.LeadAlt, f.LeadCredit
	if err := s.Store.SaveProject(ctx, &p, tags, pp, now); err != nil {
		if errors.Is(err, content.ErrConflict) {
			errs["slug"] = "Another item already uses this address. Choose another slug."
			return s.renderProjectForm(c, http.StatusConflict, f)
		}
		if s.unavailable(c, err) {
			return s.renderProjectForm(c, http.StatusServiceUnavailable, f)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/projects/"+itoa64(p.ID)+"?saved=1")
}

// parseFormDate reads a YYYY-MM-DD date; empty is the zero time.
func parseProjectDate(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil || t.Year() < 1900 || t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

// projectListField reads a comma-separated list such as the countries.
func projectListField(c echo.Context, name, label, item string, errs admin.Errors) (string, []string) {
	v := formText(c, name, 2000, errs, label)
	list := store.SplitList(v)
	if len(list) > 60 {
		errs[name] = "Name at most 60 of them."
	}
	for _, it := range list {
		if utf8.RuneCountInString(it) > 100 {
			errs[name] = "Each " + item + " can have at most 100 characters."
		}
	}
	return v, list
}

// choosePartners checks the partner ids ticked for one role against the
// partners list. Partners the project already had keep their order; new
// ones follow in the order of the list.
func choosePartners(values []string, all []content.Partner, had []content.Partner, errs admin.Errors, name, msg string) ([]string, []int64, []content.Partner) {
	byID := make(map[string]content.Partner, len(all))
	for _, p := range all {
		byID[itoa64(p.ID)] = p
	}
	var chosen []content.Partner
	var typed []string
	for _, v := range values {
		v = strings.TrimSpace(v)
		p, ok := byID[v]
		if !ok {
			errs[name] = msg
			continue
		}
		if !slices.Contains(typed, v) {
			typed = append(typed, v)
			chosen = append(chosen, p)
		}
	}
	rank := func(p content.Partner) int {
		if i := slices.IndexFunc(had, func(h content.Partner) bool { return h.ID == p.ID }); i >= 0 {
			return i
		}
		return len(had) + slices.IndexFunc(all, func(a content.Partner) bool { return a.ID == p.ID })
	}
	slices.SortStableFunc(chosen, func(a, b content.Partner) int { return rank(a) - rank(b) })
	ids := make([]int64, len(chosen))
	for i, p := range chosen {
		ids[i] = p.ID
	}
	return typed, ids, chosen
}
