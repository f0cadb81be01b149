package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/url"
	"strings"
	"time"

	"github.com/a-h/templ"

	"orgsite/internal/content"
	"orgsite/internal/store"
	"orgsite/views"
	view "orgsite/views/admin"
	"orgsite/web/form"
)

// projectEditor edits projects. Problems with the EU visibility rules
// that the form can catch are errors; the rest are warnings above the form.
type projectEditor struct{ s *Server }

// projectForm is a project in the editor, with the saved project whose
// partners keep their order.
type projectForm struct {
	s *Server
	view.ProjectForm
	stored   content.Project
	partners []content.Partner
}

// No funding statement is chosen for a new project: an EU-funded one must
// pick "Funded by" or "Co-funded by" on purpose.
func (ed projectEditor) blank(_ context.Context, lang content.Lang) (editForm, error) {
	return &projectForm{s: ed.s, ProjectForm: view.ProjectForm{Project: form.Project{Entry: form.NewEntry(lang)}}}, nil
}

func (ed projectEditor) load(ctx context.Context, id int64) (editForm, error) {
	p, saved, zone, err := loaded(ctx, ed.s, content.KindProject, id, ed.s.Store.ProjectByID)
	if err != nil {
		return nil, err
	}
	now := ed.s.Now()
	return &projectForm{s: ed.s, stored: p, ProjectForm: view.ProjectForm{Project: form.ProjectOf(p, zone),
		Saved: saved, Phase: string(p.Phase(now)),
		SavedProblems: p.VisibilityProblems(), Notes: p.VisibilityNotes()}}, nil
}

// read keeps, beside what was posted, the saved project's state: the
// status line and its problems describe it, whatever was posted.
func (ed projectEditor) read(v url.Values, files map[string][]*multipart.FileHeader, saved editForm) editForm {
	f := &projectForm{s: ed.s, ProjectForm: view.ProjectForm{Project: form.ReadProject(v, files)}}
	if saved, ok := saved.(*projectForm); ok {
		f.Entry.Keep(saved.Entry)
		f.stored, f.Saved, f.Phase, f.SavedProblems = saved.stored, saved.Saved, saved.Phase, saved.SavedProblems
	}
	return f
}

func (f *projectForm) saved() *view.Saved    { return &f.Saved }
func (f *projectForm) entry() *form.Entry    { return &f.Entry }
func (f *projectForm) lead() *form.LeadImage { return &f.LeadImage }

func (f *projectForm) validate(ctx context.Context, env form.Env) error {
	if err := f.choices(ctx); err != nil {
		return err
	}
	ch := form.ProjectChoices{Partners: f.partners, Saved: f.stored, Images: f.Images}
	if err := f.Project.Validate(env, ch); err != nil {
		return err
	}
	return f.s.showLead(ctx, &f.LeadImage)
}

// posted warns about the project as posted.
func (f *projectForm) posted(preview string) {
	p := f.Posted()
	f.Preview, f.PostedProblems, f.Notes = preview, p.VisibilityProblems(), p.VisibilityNotes()
}

// choices loads what the form offers: partners and library images.
func (f *projectForm) choices(ctx context.Context) error {
	var err error
	if f.partners, err = f.s.Store.Partners(ctx); err != nil {
		return err
	}
	images, err := f.s.Store.ImageOptions(ctx)
	if err != nil {
		return err
	}
	f.Choices = nil
	for _, p := range f.partners {
		f.Choices = append(f.Choices, form.Option{Value: itoa64(p.ID), Label: p.Name})
	}
	f.Images = options("— no image —", images)
	return nil
}

func (f *projectForm) save(ctx context.Context, now time.Time) (int64, error) {
	var p content.Project
	f.Apply(&p)
	pp := store.ProjectPartners{Funders: form.PartnerIDs(p.Funders), Implementers: form.PartnerIDs(p.Implementers),
		Partners: form.PartnerIDs(p.Partners)}
	err := f.s.Store.SaveProject(ctx, &p, f.TagList(), pp, now)
	return p.ID, err
}

func (f *projectForm) page(ctx context.Context, ch view.Chrome) (templ.Component, error) {
	f.Chrome = ch
	if err := f.choices(ctx); err != nil {
		return nil, err
	}
	return view.ProjectEdit(f.ProjectForm), nil
}

func (projectEditor) revision(data string, zone *time.Location) []string {
	var p store.ProjectRevision
	json.Unmarshal([]byte(data), &p)
	return entryLines(p.Entry, zone, "Acronym: "+p.Acronym, "Dates: "+p.Duration(), "Countries: "+strings.Join(p.Countries, ", "),
		"Duty stations: "+strings.Join(p.DutyStations, ", "), "Tags: "+form.TagNames(p.Tags),
		"Funders: "+fmt.Sprint(p.Roles.Funders), "Implementers: "+fmt.Sprint(p.Roles.Implementers), "Partners: "+fmt.Sprint(p.Roles.Partners),
		"Statement: "+p.Statement, "Derogation: "+fmt.Sprint(p.Derogation)+" "+p.DerogationReason)
}

func (ed projectEditor) preview(ctx context.Context, id int64, siteIn func(content.Entry) (views.Site, error)) (templ.Component, error) {
	return previewed(ctx, content.KindProject, id, ed.s.Store.ProjectByID, siteIn,
		func(site views.Site, meta views.Meta, p content.Project) templ.Component {
			meta.OwnFunding = true // as the public page
			return views.ProjectItem(site, views.ProjectPage{Meta: meta, Item: p})
		})
}
