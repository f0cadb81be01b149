// Package calendar writes events as iCalendar (RFC 5545) files that calendar programs import.
//
// The files are built with github.com/arran4/golang-ical. Two things that
// library does not do on its own are done here: it writes bare LF line ends
// on Unix (RFC 5545 wants CRLF), so Write asks for CRLF explicitly; and it has
// no time-zone data, so the VTIMEZONE for the site's zone is computed from
// Go's zone data (see timezone.go).
package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	ics "github.com/arran4/golang-ical"
)

// Event is one event as a calendar shows it.
type Event struct {
	UID         string // stable, e.g. "event-12@example.org": the caller makes it from the event's id and the site's host
	Sequence    int    // bumped by the caller each time the event changes
	Title       string
	Description string    // plain text (the summary), may be empty
	URL         string    // absolute URL of the event's page
	Location    string    // "Venue, City, Country" or the online link; may be empty
	Start, End  time.Time // for timed events: instants; End may be zero (then DTEND = Start)
	AllDay      bool      // Start and End are dates (End inclusive: an event on 3–4 December has End = 4 December); written as VALUE=DATE with DTEND exclusive (the day after End)
	Updated     time.Time // last change: DTSTAMP and LAST-MODIFIED, in UTC
	Cancelled   bool      // STATUS:CANCELLED, else STATUS:CONFIRMED
}

// DefaultProdID is written when Write is given an empty prodID, since PRODID
// is required.
const DefaultProdID = "-//orgsite//EN"

const (
	utcFormat   = "20060102T150405Z"
	localFormat = "20060102T150405"
)

// Write writes a VCALENDAR with the events. name is the calendar's name (X-WR-CALNAME), prodID e.g. "-//orgsite//EN".
// zone is the site's time zone: timed events are written as DTSTART;TZID=<zone name>:20261203T100000 with a VTIMEZONE component for that zone.
//
// A nil or UTC zone, or one whose name is no usable TZID (time.Local is
// named "Local", a FixedZone may have no name), writes timed events in UTC
// ("...Z") without VTIMEZONE: the instants stay right and no reader has to
// resolve a name it does not know. A local time the zone shows twice (the
// hour before clocks go back) is also written in UTC, because RFC 5545 and
// Go's time.Date resolve such a time to different instants.
//
// Text is cleaned before writing: invalid UTF-8 becomes U+FFFD, CR and CRLF
// become LF, tabs become spaces, other control characters are dropped and
// surrounding white space is trimmed. Events are checked first (UID, Start,
// Sequence, End not before Start); nothing is written if one is invalid.
// DTSTAMP falls back to 1970-01-01 when Updated is zero, and LAST-MODIFIED is
// then left out.
func Write(w io.Writer, name, prodID string, zone *time.Location, events []Event) error {
	for i, e := range events {
		if err := validate(e); err != nil {
			return fmt.Errorf("calendar: event %d (%q): %w", i, e.UID, err)
		}
	}
	tzid := zoneID(zone)
	cal := ics.NewCalendar()
	if prodID = cleanText(prodID); prodID == "" {
		prodID = DefaultProdID
	}
	cal.SetProductId(prodID)
	cal.SetCalscale("GREGORIAN")
	if name = cleanText(name); name != "" {
		cal.SetXWRCalName(name)
	}
	if tzid != "" {
		cal.SetXWRTimezone(tzid)
		if from, to, ok := zoneYears(events, zone); ok {
			cal.AddVTimezone(newTimezone(zone, tzid, from, to))
		}
	}
	for _, e := range events {
		cal.AddVEvent(newVEvent(e, zone, tzid))
	}
	// The library ignores write errors on BEGIN/END lines, so it writes to
	// memory and the one real write's error is returned.
	var buf bytes.Buffer
	if err := cal.SerializeTo(&buf, ics.WithNewLineWindows); err != nil {
		return fmt.Errorf("calendar: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// validate rejects what would make an event no valid VEVENT or one that
// readers show wrongly.
func validate(e Event) error {
	switch {
	case cleanText(e.UID) == "":
		return errors.New("empty UID")
	case e.Start.IsZero():
		return errors.New("zero Start")
	case e.Sequence < 0:
		return errors.New("negative Sequence")
	case e.End.IsZero():
		return nil
	case e.AllDay && dateOf(e.End).Before(dateOf(e.Start)):
		return errors.New("end date before start date")
	case !e.AllDay && e.End.Before(e.Start):
		return errors.New("end before start")
	}
	return nil
}

func newVEvent(e Event, zone *time.Location, tzid string) *ics.VEvent {
	ev := ics.NewEvent(cleanText(e.UID))
	if e.Updated.IsZero() {
		ev.SetDtStampTime(time.Unix(0, 0))
	} else {
		ev.SetDtStampTime(e.Updated)
		ev.SetModifiedAt(e.Updated)
	}
	ev.SetSequence(e.Sequence)
	if e.AllDay {
		setDates(ev, e)
	} else {
		setTimes(ev, e, zone, tzid)
	}
	setIfAny(ev, ics.ComponentPropertySummary, cleanText(e.Title))
	setIfAny(ev, ics.ComponentPropertyDescription, cleanText(e.Description))
	setIfAny(ev, ics.ComponentPropertyLocation, cleanText(e.Location))
	setIfAny(ev, ics.ComponentPropertyUrl, cleanURL(e.URL))
	status := ics.ObjectStatusConfirmed
	if e.Cancelled {
		status = ics.ObjectStatusCancelled
	}
	ev.SetStatus(status)
	return ev
}

// setIfAny leaves out empty optional properties rather than writing them
// with no value.
func setIfAny(ev *ics.VEvent, p ics.ComponentProperty, value string) {
	if value != "" {
		ev.SetProperty(p, value)
	}
}

// setDates writes an all-day event: DTEND is exclusive in RFC 5545, so it is
// the day after the inclusive End.
func setDates(ev *ics.VEvent, e Event) {
	start := dateOf(e.Start)
	last := start
	if !e.End.IsZero() {
		last = dateOf(e.End)
	}
	ev.SetAllDayStartAt(start)
	ev.SetAllDayEndAt(last.AddDate(0, 0, 1))
}

// setTimes writes a timed event. Without End, DTEND = DTSTART, which RFC 5545
// says a missing DTEND means anyway; written out because some readers (gocal
// among them) drop a timed event without DTEND.
func setTimes(ev *ics.VEvent, e Event, zone *time.Location, tzid string) {
	end := e.End
	if end.IsZero() {
		end = e.Start
	}
	value, params := dateTime(e.Start, zone, tzid)
	ev.SetProperty(ics.ComponentPropertyDtStart, value, params...)
	value, params = dateTime(end, zone, tzid)
	ev.SetProperty(ics.ComponentPropertyDtEnd, value, params...)
}

// dateTime is the value and parameters of a DATE-TIME property for t: local
// time with TZID, or UTC when there is no usable zone or the local time is
// ambiguous.
func dateTime(t time.Time, zone *time.Location, tzid string) (string, []ics.PropertyParameter) {
	if tzid == "" || ambiguous(t.In(zone)) {
		return t.UTC().Format(utcFormat), nil
	}
	return t.In(zone).Format(localFormat), []ics.PropertyParameter{ics.WithTZID(tzid)}
}

// dateOf is t's calendar date as written on it, whatever its location.
func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
