package form

import (
	"net/url"
	"strings"
	"time"

	"orgsite/internal/content"
)

// Event is the event editor, as typed. Times are YYYY-MM-DDTHH:MM in the
// site's zone; an all-day event's are dates, YYYY-MM-DD, its end the last
// day.
type Event struct {
	Entry
	StartsAt             string
	EndsAt               string
	AllDay               bool
	Venue                string
	City                 string
	Country              string
	OnlineURL            string
	RegistrationURL      string
	RegistrationDeadline string
	ProjectID            string
	Tags                 string

	e    content.Event
	tags []string
}

// ReadEvent reads a posted event editor.
func ReadEvent(v url.Values) Event {
	return Event{Entry: ReadEntry(v), StartsAt: Value(v, "starts_at"), EndsAt: Value(v, "ends_at"), AllDay: Checked(v, "all_day"),
		Venue: Value(v, "venue"), City: Value(v, "city"), Country: Value(v, "country"), OnlineURL: Value(v, "online_url"),
		RegistrationURL: Value(v, "registration_url"), RegistrationDeadline: Value(v, "registration_deadline"),
		ProjectID: v.Get("project_id"), Tags: Value(v, "tags")}
}

// EventOf shows a saved event in its form.
func EventOf(e content.Event, zone *time.Location) Event {
	f := Event{Entry: EntryOf(e.Entry, zone), AllDay: e.AllDay, Venue: e.Venue, City: e.City, Country: e.Country, OnlineURL: e.OnlineURL,
		RegistrationURL: e.RegistrationURL, RegistrationDeadline: FormatTime(e.RegistrationDeadline, zone),
		ProjectID: idString(e.ProjectID), Tags: TagNames(e.Tags)}
	switch {
	case e.AllDay:
		// The fields are datetime-local: a date alone would show empty.
		// Only the date counts when the form comes back (see when).
		f.StartsAt = e.StartsAt.In(zone).Format(time.DateOnly) + "T00:00"
		f.EndsAt = e.LastDay(zone).Format(time.DateOnly) + "T00:00"
	default:
		f.StartsAt = FormatTime(e.StartsAt, zone)
		if e.HasEnd() {
			f.EndsAt = FormatTime(e.EndsAt, zone)
		}
	}
	return f
}

// Validate checks the whole form; projects are the choices of project.
func (f *Event) Validate(env Env, projects []Option) error {
	if err := f.Entry.Validate(env); err != nil {
		return err
	}
	errs := f.Errors
	f.validateTimes(env.Zone)
	f.Venue = errs.Text("venue", f.Venue, 200, "The venue")
	f.City = errs.Text("city", f.City, 100, "The city")
	f.Country = errs.Text("country", f.Country, 100, "The country")
	f.e.Venue, f.e.City, f.e.Country = f.Venue, f.City, f.Country
	f.e.OnlineURL = f.link("online_url", f.OnlineURL)
	f.e.RegistrationURL = f.link("registration_url", f.RegistrationURL)
	var ok bool
	if f.e.RegistrationDeadline, ok = ParseTime(f.RegistrationDeadline, env.Zone); !ok {
		errs.Set("registration_deadline", "Enter the registration deadline as a date and time, such as 2027-03-01T23:59.")
	}
	if f.e.ProjectID, ok = Choose(f.ProjectID, projects); !ok {
		errs.Set("project_id", "Choose a project from the list.")
	}
	f.tags = f.validateTags(f.Tags)
	return nil
}

// validateTimes reads the start and end: times, or dates for an all-day
// event (a time typed there keeps its date).
func (f *Event) validateTimes(zone *time.Location) {
	errs := f.Errors
	f.e.AllDay = f.AllDay
	if f.StartsAt == "" {
		errs.Set("starts_at", "Enter when the event starts, such as 2027-03-14T09:30.")
		return
	}
	start, ok := f.when(f.StartsAt, zone, false)
	if !ok {
		errs.Set("starts_at", f.example("start", "2027-03-14"))
		return
	}
	end := start
	if f.EndsAt != "" {
		if end, ok = f.when(f.EndsAt, zone, true); !ok {
			errs.Set("ends_at", f.example("end", "2027-03-15"))
			return
		}
	} else if f.AllDay {
		end, _ = f.when(f.StartsAt, zone, true)
	}
	if end.Before(start) || (f.AllDay && !end.After(start)) {
		errs.Set("ends_at", "The end must be on or after the start.")
		return
	}
	f.e.StartsAt, f.e.EndsAt = start, end
	f.e.OverAt = content.OverAt(start, end, zone)
}

// when reads a start or end; for an all-day event, the day's first
// instant, or for an end the first instant of the day after.
func (f *Event) when(v string, zone *time.Location, end bool) (time.Time, bool) {
	if !f.AllDay {
		t, ok := ParseTime(v, zone)
		return t, ok && !t.IsZero()
	}
	day, _, _ := strings.Cut(v, "T")
	d, ok := ParseDate(day)
	if !ok || d.IsZero() {
		return time.Time{}, false
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, zone).UTC(), true
}

func (f *Event) example(which, date string) string {
	if f.AllDay {
		return "Enter the " + which + " date as year-month-day, such as " + date + "."
	}
	return "Enter the " + which + " as a date and time, such as " + date + "T09:30."
}

// link checks an optional web address.
func (f *Event) link(name, v string) string {
	v = f.Errors.Text(name, v, 2000, "The address")
	if v == "" {
		return ""
	}
	u, err := content.ParseWebsite(v)
	f.Errors.Add(name, err)
	return u
}

// Apply writes the checked form onto e; TagList gives its tags.
func (f *Event) Apply(e *content.Event) {
	*e = f.e
	f.Entry.Apply(&e.Entry)
}

// TagList is the tags as checked, for the store.
func (f *Event) TagList() []string { return f.tags }
