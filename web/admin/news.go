package admin

import (
	"context"
	"encoding/json"
	"mime/multipart"
	"net/url"
	"time"

	"github.com/a-h/templ"

	"orgsite/internal/content"
	"orgsite/views"
	view "orgsite/views/admin"
	"orgsite/web/form"
)

// newsEditor edits news items.
type newsEditor struct{ s *Server }

// newsForm is a news item in the editor.
type newsForm struct {
	s *Server
	view.NewsForm
}

func (ed newsEditor) blank(_ context.Context, lang content.Lang) (editForm, error) {
	return &newsForm{s: ed.s, NewsForm: view.NewsForm{News: form.News{Entry: form.NewEntry(lang)}}}, nil
}

func (ed newsEditor) load(ctx context.Context, id int64) (editForm, error) {
	n, saved, zone, err := loaded(ctx, ed.s, content.KindNews, id, ed.s.Store.NewsByID)
	if err != nil {
		return nil, err
	}
	return &newsForm{s: ed.s, NewsForm: view.NewsForm{News: form.NewsOf(n, zone), Saved: saved}}, nil
}

func (ed newsEditor) read(v url.Values, files map[string][]*multipart.FileHeader, saved editForm) editForm {
	f := &newsForm{s: ed.s, NewsForm: view.NewsForm{News: form.ReadNews(v, files)}}
	if saved, ok := saved.(*newsForm); ok {
		f.Entry.Keep(saved.Entry)
		f.Saved = saved.Saved
	}
	return f
}

func (f *newsForm) saved() *view.Saved    { return &f.Saved }
func (f *newsForm) entry() *form.Entry    { return &f.Entry }
func (f *newsForm) lead() *form.LeadImage { return &f.LeadImage }
func (f *newsForm) posted(preview string) { f.Preview = preview }

func (f *newsForm) validate(ctx context.Context, env form.Env) error {
	if err := f.choices(ctx); err != nil {
		return err
	}
	if err := f.News.Validate(env, form.NewsChoices{Projects: f.Projects, Images: f.Images}); err != nil {
		return err
	}
	return f.s.showLead(ctx, &f.LeadImage)
}

// choices loads what the form offers: projects and library images.
func (f *newsForm) choices(ctx context.Context) error {
	projects, err := f.s.Store.ProjectOptions(ctx)
	if err != nil {
		return err
	}
	images, err := f.s.Store.ImageOptions(ctx)
	if err != nil {
		return err
	}
	f.Projects, f.Images = options("— none —", projects), options("— no image —", images)
	return nil
}

func (f *newsForm) save(ctx context.Context, now time.Time) (int64, error) {
	var n content.News
	f.Apply(&n)
	err := f.s.Store.SaveNews(ctx, &n, f.TagList(), now)
	return n.ID, err
}

func (f *newsForm) page(ctx context.Context, ch view.Chrome) (templ.Component, error) {
	f.Chrome = ch
	if err := f.choices(ctx); err != nil {
		return nil, err
	}
	return view.NewsEdit(f.NewsForm), nil
}

func (newsEditor) revision(data string, zone *time.Location) []string {
	var n content.News
	json.Unmarshal([]byte(data), &n)
	return entryLines(n.Entry, zone, "Tags: "+form.TagNames(n.Tags), "Project: "+itoa64(n.ProjectID),
		"Lead image: "+itoa64(n.LeadImage.MediaID)+" "+n.LeadImage.Alt+" "+n.LeadImage.Credit)
}

func (ed newsEditor) preview(ctx context.Context, id int64, siteIn func(content.Entry) (views.Site, error)) (templ.Component, error) {
	return previewed(ctx, content.KindNews, id, ed.s.Store.NewsByID, siteIn,
		func(site views.Site, meta views.Meta, n content.News) templ.Component {
			return views.NewsItem(site, views.NewsPage{Meta: meta, Item: n})
		})
}
