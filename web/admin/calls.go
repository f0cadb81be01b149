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

// callEditor edits calls: vacancies, tenders, calls for experts, grants.
type callEditor struct{ s *Server }

// callForm is a call in the editor.
type callForm struct {
	s *Server
	view.CallForm
}

func (ed callEditor) blank(_ context.Context, lang content.Lang) (editForm, error) {
	return &callForm{s: ed.s, CallForm: view.CallForm{Call: form.Call{Entry: form.NewEntry(lang)}}}, nil
}

func (ed callEditor) load(ctx context.Context, id int64) (editForm, error) {
	c, saved, zone, err := loaded(ctx, ed.s, content.KindCall, id, ed.s.Store.CallByID)
	if err != nil {
		return nil, err
	}
	return &callForm{s: ed.s, CallForm: view.CallForm{Call: form.CallOf(c, zone), Saved: saved}}, nil
}

func (ed callEditor) read(v url.Values, files map[string][]*multipart.FileHeader, saved editForm) editForm {
	f := &callForm{s: ed.s, CallForm: view.CallForm{Call: form.ReadCall(v, files)}}
	if saved, ok := saved.(*callForm); ok {
		f.Entry.Keep(saved.Entry)
		f.Saved = saved.Saved
	}
	return f
}

func (f *callForm) saved() *view.Saved    { return &f.Saved }
func (f *callForm) entry() *form.Entry    { return &f.Entry }
func (f *callForm) lead() *form.LeadImage { return nil }
func (f *callForm) posted(preview string) { f.Preview = preview }

func (f *callForm) validate(ctx context.Context, env form.Env) error {
	if err := f.choices(ctx); err != nil {
		return err
	}
	return f.Call.Validate(env, f.Documents)
}

func (f *callForm) choices(ctx context.Context) error {
	docs, err := f.s.Store.DocumentOptions(ctx)
	f.Documents = options("", docs)
	return err
}

func (f *callForm) files() []fileField {
	out := make([]fileField, len(f.Uploads))
	for i, fh := range f.Uploads {
		out[i] = fileField{name: "documents", file: fh, chose: func(m store.Media) { f.Attach(m.ID) }}
	}
	f.Uploads = nil
	return out
}

func (f *callForm) kept() []int64 { return f.Call.Documents() }

func (f *callForm) save(ctx context.Context, now time.Time) (int64, error) {
	var c content.Call
	f.Apply(&c)
	err := f.s.Store.SaveCall(ctx, &c, f.TagList(), f.Call.Documents(), now)
	return c.ID, err
}

func (f *callForm) page(ctx context.Context, ch view.Chrome) (templ.Component, error) {
	f.Chrome = ch
	if err := f.choices(ctx); err != nil {
		return nil, err
	}
	return view.CallEdit(f.CallForm), nil
}

func (callEditor) revision(data string, zone *time.Location) []string {
	var c content.Call
	json.Unmarshal([]byte(data), &c)
	docs := make([]string, len(c.Documents))
	for i, d := range c.Documents {
		docs[i] = itoa64(d.MediaID)
	}
	return entryLines(c.Entry, zone, "Type: "+string(c.Type), "Reference: "+c.Reference, "Deadline: "+form.FormatTime(c.Deadline, zone),
		"Documents: "+strings.Join(docs, ", "), "Tags: "+form.TagNames(c.Tags))
}

func (ed callEditor) preview(ctx context.Context, id int64, siteIn func(content.Entry) (views.Site, error)) (templ.Component, error) {
	return previewed(ctx, content.KindCall, id, ed.s.Store.CallByID, siteIn,
		func(site views.Site, meta views.Meta, c content.Call) templ.Component {
			return views.CallItem(site, views.CallPage{Meta: meta, Item: c})
		})
}
