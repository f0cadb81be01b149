package admin

import (
	"context"
	"encoding/json"
	"mime/multipart"
	"net/url"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"orgsite/internal/content"
	"orgsite/views"
	view "orgsite/views/admin"
	"orgsite/web/form"
)

// pageEditor edits plain pages.
type pageEditor struct{ s *Server }

// pageForm is a plain page in the editor.
type pageForm struct {
	s *Server
	view.PageForm
}

func (ed pageEditor) blank(_ context.Context, lang content.Lang) (editForm, error) {
	return &pageForm{s: ed.s, PageForm: view.PageForm{Page: form.NewPage(lang)}}, nil
}

func (ed pageEditor) load(ctx context.Context, id int64) (editForm, error) {
	p, saved, zone, err := loaded(ctx, ed.s, content.KindPage, id, ed.s.Store.PageByID)
	if err != nil {
		return nil, err
	}
	return &pageForm{s: ed.s, PageForm: view.PageForm{Page: form.PageOf(p, zone), Saved: saved}}, nil
}

func (ed pageEditor) read(v url.Values, _ map[string][]*multipart.FileHeader, saved editForm) editForm {
	f := &pageForm{s: ed.s, PageForm: view.PageForm{Page: form.ReadPage(v)}}
	if saved, ok := saved.(*pageForm); ok {
		f.Entry.Keep(saved.Entry)
		f.Saved = saved.Saved
	}
	return f
}

func (f *pageForm) saved() *view.Saved                             { return &f.Saved }
func (f *pageForm) entry() *form.Entry                             { return &f.Entry }
func (f *pageForm) lead() *form.LeadImage                          { return nil }
func (f *pageForm) posted(preview string)                          { f.Preview = preview }
func (f *pageForm) validate(_ context.Context, env form.Env) error { return f.Page.Validate(env) }

func (f *pageForm) save(ctx context.Context, now time.Time) (int64, error) {
	var p content.Page
	f.Apply(&p)
	err := f.s.Store.SavePage(ctx, &p, now)
	return p.ID, err
}

func (f *pageForm) page(_ context.Context, ch view.Chrome) (templ.Component, error) {
	f.Chrome = ch
	return view.PageEdit(f.PageForm), nil
}

func (pageEditor) revision(data string, zone *time.Location) []string {
	var p content.Page
	json.Unmarshal([]byte(data), &p)
	return entryLines(p.Entry, zone, "Menu order: "+strconv.Itoa(p.MenuOrder))
}

func (ed pageEditor) preview(ctx context.Context, id int64, siteIn func(content.Entry) (views.Site, error)) (templ.Component, error) {
	return previewed(ctx, content.KindPage, id, ed.s.Store.PageByID, siteIn,
		func(site views.Site, meta views.Meta, p content.Page) templ.Component {
			return views.PlainPage(site, views.PagePage{Meta: meta, Item: p})
		})
}
