package admin

import (
	"context"
	"encoding/json"
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

// publicationEditor edits publications.
type publicationEditor struct{ s *Server }

// publicationForm is a publication in the editor.
type publicationForm struct {
	s *Server
	view.PublicationForm
}

func (ed publicationEditor) blank(_ context.Context, lang content.Lang) (editForm, error) {
	return &publicationForm{s: ed.s, PublicationForm: view.PublicationForm{Publication: form.Publication{Entry: form.NewEntry(lang)}}}, nil
}

func (ed publicationEditor) load(ctx context.Context, id int64) (editForm, error) {
	p, saved, zone, err := loaded(ctx, ed.s, content.KindPublication, id, ed.s.Store.PublicationByID)
	if err != nil {
		return nil, err
	}
	return &publicationForm{s: ed.s, PublicationForm: view.PublicationForm{Publication: form.PublicationOf(p, zone), Saved: saved}}, nil
}

func (ed publicationEditor) read(v url.Values, files map[string][]*multipart.FileHeader, saved editForm) editForm {
	f := &publicationForm{s: ed.s, PublicationForm: view.PublicationForm{Publication: form.ReadPublication(v, files)}}
	if saved, ok := saved.(*publicationForm); ok {
		f.Entry.Keep(saved.Entry)
		f.Saved = saved.Saved
	}
	return f
}

func (f *publicationForm) saved() *view.Saved    { return &f.Saved }
func (f *publicationForm) entry() *form.Entry    { return &f.Entry }
func (f *publicationForm) lead() *form.LeadImage { return &f.LeadImage }
func (f *publicationForm) posted(preview string) { f.Preview = preview }

func (f *publicationForm) validate(ctx context.Context, env form.Env) error {
	if err := f.choices(ctx); err != nil {
		return err
	}
	if err := f.Publication.Validate(env, form.PublicationChoices{Projects: f.Projects, Images: f.Images, Documents: f.Documents}); err != nil {
		return err
	}
	return f.s.showLead(ctx, &f.LeadImage)
}

// choices loads what the form offers: projects, images and documents.
func (f *publicationForm) choices(ctx context.Context) error {
	projects, err := f.s.Store.ProjectOptions(ctx)
	if err != nil {
		return err
	}
	images, err := f.s.Store.ImageOptions(ctx)
	if err != nil {
		return err
	}
	docs, err := f.s.Store.DocumentOptions(ctx)
	if err != nil {
		return err
	}
	f.Projects, f.Images, f.Documents = options("— none —", projects), options("— no cover —", images), options("— none —", docs)
	return nil
}

func (f *publicationForm) files() []fileField {
	if f.Publication.Document == nil {
		return nil
	}
	return []fileField{{name: "document", file: f.Publication.Document, chose: func(m store.Media) {
		f.ChoseDocument(m.ID, m.Title)
		f.Documents = append(f.Documents, form.Option{Value: itoa64(m.ID), Label: m.Title})
	}}}
}

func (f *publicationForm) kept() []int64 {
	if id, ok := form.ID(f.DocumentID); ok {
		return []int64{id}
	}
	return nil
}

func (f *publicationForm) save(ctx context.Context, now time.Time) (int64, error) {
	var p content.Publication
	f.Apply(&p)
	err := f.s.Store.SavePublication(ctx, &p, f.TagList(), now)
	return p.ID, err
}

func (f *publicationForm) page(ctx context.Context, ch view.Chrome) (templ.Component, error) {
	f.Chrome = ch
	if err := f.choices(ctx); err != nil {
		return nil, err
	}
	return view.PublicationEdit(f.PublicationForm), nil
}

func (publicationEditor) revision(data string, zone *time.Location) []string {
	var p content.Publication
	json.Unmarshal([]byte(data), &p)
	return entryLines(p.Entry, zone, "Type: "+string(p.Type), "Authors: "+strings.Join(p.Authors, ", "),
		"Document: "+itoa64(p.Document.MediaID), "Language of the document: "+string(p.DocLang), "ISBN: "+p.ISBN, "DOI: "+p.DOI,
		"Project: "+itoa64(p.ProjectID), "Tags: "+form.TagNames(p.Tags), "Cover: "+itoa64(p.Cover.MediaID)+" "+p.Cover.Alt)
}

func (ed publicationEditor) preview(ctx context.Context, id int64, siteIn func(content.Entry) (views.Site, error)) (templ.Component, error) {
	return previewed(ctx, content.KindPublication, id, ed.s.Store.PublicationByID, siteIn,
		func(site views.Site, meta views.Meta, p content.Publication) templ.Component {
			return views.PublicationItem(site, views.PublicationPage{Meta: meta, Item: p})
		})
}
