package calendar

import (
	"fmt"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// The VTIMEZONE covers the years of the events plus one either side, clamped
// to these: Go's zone data before 1970 is sparse, and after 2100 nobody knows
// the rules; the observance in force at the clamp simply continues.
const (
	firstZoneYear = 1970
	lastZoneYear  = 2100
)

// sinceEver is the conventional DTSTART of the first observance, the one in
// force when the covered years begin.
const sinceEver = "19700101T000000"

// zoneID is the TZID to write for zone, or "" for writing times in UTC: for
// UTC itself, and for names that are no IANA zone name a reader could know
// ("Local", a FixedZone's made-up or empty name) or that a parameter value
// could not carry unquoted.
func zoneID(zone *time.Location) string {
	if zone == nil || zone == time.UTC {
		return ""
	}
	name := zone.String()
	unsafe := strings.ContainsFunc(name, func(r rune) bool { return !strings.ContainsRune(tzidChars, r) })
	if name == "" || name == "Local" || unsafe {
		return ""
	}
	return name
}

// tzidChars are those of IANA zone names, none of which a parameter value
// must quote.
const tzidChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_-+."

// zoneYears is the range of years the VTIMEZONE must describe: those of the
// timed events (all-day ones carry no zone) with a year's margin, clamped.
// ok is false when no event is timed.
func zoneYears(events []Event, zone *time.Location) (from, to int, ok bool) {
	for _, e := range events {
		if e.AllDay {
			continue
		}
		end := e.End
		if end.IsZero() {
			end = e.Start
		}
		first, last := e.Start.In(zone).Year(), end.In(zone).Year()
		if !ok || first < from {
			from = first
		}
		if !ok || last > to {
			to = last
		}
		ok = true
	}
	from = min(max(from-1, firstZoneYear), lastZoneYear)
	to = min(max(to+1, firstZoneYear), lastZoneYear)
	return from, to, ok
}

// transition is one change of a zone's offset, abbreviation or DST flag.
type transition struct {
	at       time.Time // first instant of the new observance
	from, to int       // offsets in seconds east of UTC
	name     string    // Go's abbreviation after it, e.g. "CEST"
	dst      bool
}

// newTimezone builds the VTIMEZONE for zone over the years from..to with one
// sub-component per transition, each with its own DTSTART and no RRULE: exact
// for every year covered, also where the rules changed in between. The first
// sub-component is the observance in force on 1 January of from, dated
// 1970 like tzurl.org's for zones without transitions.
func newTimezone(zone *time.Location, tzid string, from, to int) *ics.VTimezone {
	start := time.Date(from, time.January, 1, 0, 0, 0, 0, zone)
	end := time.Date(to+1, time.January, 1, 0, 0, 0, 0, zone)
	tz := ics.NewTimezone(tzid)
	name, offset := start.Zone()
	addObservance(tz, transition{from: offset, to: offset, name: name, dst: start.IsDST()}, sinceEver)
	for _, tr := range transitions(start, end) {
		// DTSTART is the local time of the change in the offset before it,
		// e.g. 02:00 for the spring change and 03:00 for the autumn one in
		// Vienna.
		local := tr.at.In(time.FixedZone("", tr.from)).Format(localFormat)
		addObservance(tz, tr, local)
	}
	return tz
}

// transitions lists the zone's changes in [start, end): it steps through
// the time a day at a time and binary-searches the second of each change.
// time.Time.ZoneBounds would give the instants directly, but for the years
// Go computes from a zone's rule rather than its table (in Vienna from 2038)
// it returns in the last day of a leap year an end that is not after the
// time asked about (go1.26 tzset takes every year to have 365 days), so a
// walk along it stops there.
func transitions(start, end time.Time) []transition {
	var out []transition
	for lo := start; lo.Before(end); lo = lo.Add(24 * time.Hour) {
		hi := lo.Add(24 * time.Hour)
		if sameObservance(lo, hi) {
			continue
		}
		at := firstChange(lo, hi)
		if !at.Before(end) {
			break
		}
		prev := at.Add(-time.Second)
		_, from := prev.Zone()
		name, to := at.Zone()
		out = append(out, transition{at: at, from: from, to: to, name: name, dst: at.IsDST()})
	}
	return out
}

// sameObservance reports whether a and b have the same offset, abbreviation
// and DST flag: what a calendar program sees of a zone.
func sameObservance(a, b time.Time) bool {
	aName, aOffset := a.Zone()
	bName, bOffset := b.Zone()
	return aName == bName && aOffset == bOffset && a.IsDST() == b.IsDST()
}

// firstChange is the first whole second after lo that is not in lo's
// observance, given that hi is not; transitions fall on whole seconds.
func firstChange(lo, hi time.Time) time.Time {
	a, b := lo, hi
	for b.Sub(a) > time.Second {
		mid := a.Add(b.Sub(a) / 2).Truncate(time.Second)
		if sameObservance(lo, mid) {
			a = mid
		} else {
			b = mid
		}
	}
	return b
}

// addObservance adds a STANDARD or DAYLIGHT sub-component. golang-ical
// v0.3.4 has AddStandard but no AddDaylight, so a Daylight is appended to the
// component list directly.
func addObservance(tz *ics.VTimezone, tr transition, dtstart string) {
	var c *ics.ComponentBase
	if tr.dst {
		d := &ics.Daylight{}
		tz.Components = append(tz.Components, d)
		c = &d.ComponentBase
	} else {
		c = &tz.AddStandard().ComponentBase
	}
	c.AddProperty(ics.ComponentPropertyDtStart, dtstart)
	c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(tr.from))
	c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(tr.to))
	if tr.name != "" {
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzname), tr.name)
	}
}

// utcOffset formats seconds east of UTC as a UTC-OFFSET: "+0100", with
// seconds only when there are some (Monrovia's -0044:30 lasted until 1972);
// zero is "+0000" because RFC 5545 forbids "-0000".
func utcOffset(seconds int) string {
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	h, m, s := seconds/3600, seconds/60%60, seconds%60
	if s != 0 {
		return fmt.Sprintf("%c%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%c%02d%02d", sign, h, m)
}

// ambiguous reports whether t's local time also names another instant, as
// 02:30 does twice in Vienna on the night clocks go back. RFC 5545 reads such
// a local time as the first of the two, Go's time.Date (and so parsers built
// on it) as the second: only UTC means the same to both. The other offset is
// looked for a day either side, farther than any such doubled hour lasts.
func ambiguous(t time.Time) bool {
	_, offset := t.Zone()
	for _, d := range []time.Duration{-24 * time.Hour, 24 * time.Hour} {
		_, other := t.Add(d).Zone()
		if other == offset {
			continue
		}
		// The instant whose local time under the other offset equals t's.
		twin := t.Add(time.Duration(offset-other) * time.Second)
		if _, o := twin.Zone(); o == other {
			return true
		}
	}
	return false
}
