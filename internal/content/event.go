package content

import "time"

// Event is a conference, training or meeting: a page with its time, place
// and registration, and a calendar file.
type Event struct {
	Entry
	// StartsAt and EndsAt are instants. An all-day event runs from the
	// start of its first day to the start of the day after its last, in
	// the site's time zone when it was saved; an event given no end ends
	// when it starts.
	StartsAt time.Time
	EndsAt   time.Time
	// OverAt is when the event counts as past: its end, or the end of the
	// first day of an event given no end.
	OverAt               time.Time
	AllDay               bool
	Venue                string
	City                 string
	Country              string
	OnlineURL            string
	RegistrationURL      string
	RegistrationDeadline time.Time // zero: none
	ProjectID            int64
	Project              *ProjectRef
	Tags                 []Tag
	Sequence             int // iCalendar's SEQUENCE, bumped by every save
}

// Past reports whether the event is over at now.
func (e Event) Past(now time.Time) bool { return !e.OverAt.After(now) }

// HasEnd reports whether the event was given an end.
func (e Event) HasEnd() bool { return e.EndsAt.After(e.StartsAt) }

// OverAt is when an event starting at start and ending at end (equal to
// start when it was given none) counts as past: an event without an end
// is over at the end of its first day in zone.
func OverAt(start, end time.Time, zone *time.Location) time.Time {
	if end.After(start) {
		return end
	}
	y, m, d := start.In(zone).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, zone)
}

// Online reports whether the event can be followed online.
func (e Event) Online() bool { return e.OnlineURL != "" }

// InPerson reports whether the event has a place.
func (e Event) InPerson() bool { return e.Venue != "" || e.City != "" || e.Country != "" }

// LastDay is the date of an all-day event's last day, in zone.
func (e Event) LastDay(zone *time.Location) time.Time {
	return e.EndsAt.In(zone).Add(-time.Second)
}

// RegistrationOpen reports whether registration is still possible at now.
func (e Event) RegistrationOpen(now time.Time) bool {
	if e.RegistrationURL == "" || e.Past(now) {
		return false
	}
	return e.RegistrationDeadline.IsZero() || e.RegistrationDeadline.After(now)
}
