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

// eventEditor edits events.
type eventEditor struct{ s *Server }

// eventForm is an event in the editor.
type eventForm struct {
	s *Server
	view.EventForm
}

func (ed eventEditor) blank(_ context.Context, lang content.Lang) (editForm, error) {
	return &eventForm{s: ed.s, EventForm: view.EventForm{Event: form.Event{Entry: form.NewEntry(lang)}}}, nil
}

func (ed eventEditor) load(ctx context.Context, id int64) (editForm, error) {
	e, saved, zone, err := loaded(ctx, ed.s, content.KindEvent, id, ed.s.Store.EventByID)
	if err != nil {
		return nil, err
	}
	return &eventForm{s: ed.s, EventForm: view.EventForm{Event: form.EventOf(e, zone), Saved: saved}}, nil
}

func (ed eventEditor) read(v url.Values, _ map[string][]*multipart.FileHeader, saved editForm) editForm {
	f := &eventForm{s: ed.s, EventForm: view.EventForm{Event: form.ReadEvent(v)}}
	if saved, ok := saved.(*eventForm); ok {
		f.Entry.Keep(saved.Entry)
		f.Saved = saved.Saved
	}
	return f
}

func (f *eventForm) saved() *view.Saved    { return &f.Saved }
func (f *eventForm) entry() *form.Entry    { return &f.Entry }
func (f *eventForm) lead() *form.LeadImage { return nil }
func (f *eventForm) posted(preview string) { f.Preview = preview }

func (f *eventForm) validate(ctx context.Context, env form.Env) error {
	if err := f.choices(ctx); err != nil {
		return err
	}
	return f.Event.Validate(env, f.Projects)
}

func (f *eventForm) choices(ctx context.Context) error {
	projects, err := f.s.Store.ProjectOptions(ctx)
	f.Projects = options("— none —", projects)
	return err
}

func (f *eventForm) save(ctx context.Context, now time.Time) (int64, error) {
	var e content.Event
	f.Apply(&e)
	err := f.s.Store.SaveEvent(ctx, &e, f.TagList(), now)
	return e.ID, err
}

func (f *eventForm) page(ctx context.Context, ch view.Chrome) (templ.Component, error) {
	f.Chrome = ch
	if err := f.choices(ctx); err != nil {
		return nil, err
	}
	return view.EventEdit(f.EventForm), nil
}

func (eventEditor) revision(data string, zone *time.Location) []string {
	var e content.Event
	json.Unmarshal([]byte(data), &e)
	return entryLines(e.Entry, zone, "Starts: "+form.FormatTime(e.StartsAt, zone), "Ends: "+form.FormatTime(e.EndsAt, zone),
		"All day: "+strconv.FormatBool(e.AllDay), "Venue: "+e.Venue, "City: "+e.City, "Country: "+e.Country, "Online: "+e.OnlineURL,
		"Registration: "+e.RegistrationURL+" until "+form.FormatTime(e.RegistrationDeadline, zone),
		"Project: "+itoa64(e.ProjectID), "Tags: "+form.TagNames(e.Tags))
}

func (ed eventEditor) preview(ctx context.Context, id int64, siteIn func(content.Entry) (views.Site, error)) (templ.Component, error) {
	return previewed(ctx, content.KindEvent, id, ed.s.Store.EventByID, siteIn,
		func(site views.Site, meta views.Meta, e content.Event) templ.Component {
			return views.EventItem(site, views.EventPage{Meta: meta, Item: e})
		})
}
