package calendar

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"
)

// zonesToCheck have DST in either hemisphere, half-hour DST (Lord Howe),
// negative DST in Go's data (Dublin), several changes a year (Casablanca),
// DST abolished in the covered years (Sao Paulo 2019, Baku 2016) and none.
var zonesToCheck = []string{
	"Europe/Vienna", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Europe/Dublin",
	"Africa/Casablanca", "America/Sao_Paulo", "Asia/Baku", "Asia/Tokyo", "Etc/UTC", "Asia/Kathmandu",
}

// TestTransitions checks transitions against Go's zone lookups hour by
// hour: an hour holds a transition exactly when the observance changes
// across it, and each transition is the first second of the new one.
func TestTransitions(t *testing.T) {
	for _, name := range zonesToCheck {
		for _, years := range [][2]int{{2014, 2028}, {2036, 2042}, {2095, 2100}} {
			t.Run(fmt.Sprint(name, years), func(t *testing.T) {
				zone := mustZone(t, name)
				start := time.Date(years[0], 1, 1, 0, 0, 0, 0, zone)
				end := time.Date(years[1]+1, 1, 1, 0, 0, 0, 0, zone)
				got := transitions(start, end)
				for _, tr := range got {
					before := tr.at.Add(-time.Second)
					name, to := tr.at.Zone()
					if _, from := before.Zone(); sameObservance(before, tr.at) || from != tr.from || to != tr.to || name != tr.name || tr.at.IsDST() != tr.dst {
						t.Errorf("%+v is no transition: %v, then %v", tr, before, tr.at)
					}
				}
				changes := 0
				for h := start; h.Before(end); h = h.Add(time.Hour) {
					if sameObservance(h, h.Add(time.Hour)) {
						continue
					}
					changes++
					if !slices.ContainsFunc(got, func(tr transition) bool { return tr.at.After(h) && !tr.at.After(h.Add(time.Hour)) }) {
						t.Errorf("change between %v and %v missing", h, h.Add(time.Hour))
					}
				}
				if changes != len(got) {
					t.Errorf("%d changes, %d transitions", changes, len(got))
				}
			})
		}
	}
}

// TestTransitionsKnown pins transitions in the years Go computes from the
// zone's rule, leap years included, where time.Time.ZoneBounds goes wrong.
func TestTransitionsKnown(t *testing.T) {
	vienna := mustZone(t, "Europe/Vienna")
	got := transitions(time.Date(2040, 1, 1, 0, 0, 0, 0, vienna), time.Date(2042, 1, 1, 0, 0, 0, 0, vienna))
	want := []time.Time{
		time.Date(2040, 3, 25, 1, 0, 0, 0, time.UTC), time.Date(2040, 10, 28, 1, 0, 0, 0, time.UTC),
		time.Date(2041, 3, 31, 1, 0, 0, 0, time.UTC), time.Date(2041, 10, 27, 1, 0, 0, 0, time.UTC),
	}
	var at []time.Time
	for _, tr := range got {
		at = append(at, tr.at)
	}
	if !slices.EqualFunc(at, want, time.Time.Equal) {
		t.Errorf("transitions %v, want %v", at, want)
	}
}

// TestVTimezoneOffsets reads the written VTIMEZONE the way a calendar
// program does (each observance from its DTSTART on, in the offset before
// it) and compares the offset it gives with Go's, hour by hour over the
// covered years.
func TestVTimezoneOffsets(t *testing.T) {
	for _, name := range zonesToCheck {
		t.Run(name, func(t *testing.T) {
			zone := mustZone(t, name)
			e := Event{UID: "a", Start: time.Date(2019, 6, 1, 12, 0, 0, 0, zone), End: time.Date(2021, 2, 1, 12, 0, 0, 0, zone), Updated: updated}
			tzs := blocks(unfold(write(t, zone, []Event{e})), "VTIMEZONE")
			if len(tzs) != 1 {
				t.Fatalf("%d VTIMEZONE", len(tzs))
			}
			onsets, offsets := readObservances(t, tzs[0])
			from, to := time.Date(2018, 1, 1, 0, 0, 0, 0, zone), time.Date(2023, 1, 1, 0, 0, 0, 0, zone)
			for x := from; x.Before(to); x = x.Add(time.Hour) {
				i := sort.Search(len(onsets), func(i int) bool { return onsets[i].After(x) }) - 1
				if _, want := x.Zone(); i < 0 || offsets[i] != want {
					t.Fatalf("at %v: VTIMEZONE gives observance %d, Go offset %d; onsets %v offsets %v", x, i, want, onsets, offsets)
				}
			}
		})
	}
}

// readObservances returns each STANDARD and DAYLIGHT onset as an instant
// (sorted) and the offset from it on.
func readObservances(t *testing.T, tz []string) ([]time.Time, []int) {
	t.Helper()
	type obs struct {
		at     time.Time
		offset int
	}
	var all []obs
	for _, b := range append(blocks(tz, "STANDARD"), blocks(tz, "DAYLIGHT")...) {
		o := observances([][]string{b})[0]
		local, err := time.Parse(localFormat, o.dtstart)
		if err != nil {
			t.Fatal(err)
		}
		from, to := parseOffset(t, o.from), parseOffset(t, o.to)
		all = append(all, obs{local.Add(-time.Duration(from) * time.Second), to})
	}
	slices.SortFunc(all, func(a, b obs) int { return a.at.Compare(b.at) })
	var onsets []time.Time
	var offsets []int
	for _, o := range all {
		onsets, offsets = append(onsets, o.at), append(offsets, o.offset)
	}
	return onsets, offsets
}

func parseOffset(t *testing.T, s string) int {
	t.Helper()
	if len(s) != 5 && len(s) != 7 || s[0] != '+' && s[0] != '-' {
		t.Fatalf("bad UTC-OFFSET %q", s)
	}
	n := 0
	for i, unit := range []int{3600, 60, 1} {
		if 1+2*i >= len(s) {
			break
		}
		v, err := strconv.Atoi(s[1+2*i : 3+2*i])
		if err != nil {
			t.Fatalf("bad UTC-OFFSET %q", s)
		}
		n += v * unit
	}
	if s[0] == '-' {
		n = -n
	}
	return n
}

func TestUTCOffset(t *testing.T) {
	tests := []struct {
		in   int
		want string
	}{
		{0, "+0000"}, {3600, "+0100"}, {-5 * 3600, "-0500"}, {5*3600 + 45*60, "+0545"},
		{-(44*60 + 30), "-004430"}, {10*3600 + 30*60, "+1030"},
	}
	for _, tt := range tests {
		if got := utcOffset(tt.in); got != tt.want {
			t.Errorf("utcOffset(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestZoneYears(t *testing.T) {
	z := mustZone(t, "Europe/Vienna")
	y := func(year int) time.Time { return time.Date(year, 6, 1, 0, 0, 0, 0, z) }
	tests := []struct {
		name     string
		events   []Event
		from, to int
		ok       bool
	}{
		{"none", nil, 0, 0, false},
		{"all-day only", []Event{{AllDay: true, Start: y(2026)}}, 0, 0, false},
		{"one", []Event{{Start: y(2026)}}, 2025, 2027, true},
		{"span", []Event{{Start: y(2026), End: y(2030)}, {Start: y(2024)}}, 2023, 2031, true},
		{"clamped", []Event{{Start: y(1950)}, {Start: y(2300)}}, firstZoneYear, lastZoneYear, true},
		{"far future", []Event{{Start: y(2300)}}, lastZoneYear, lastZoneYear, true},
	}
	for _, tt := range tests {
		from, to, ok := zoneYears(tt.events, z)
		if ok != tt.ok || ok && (from != tt.from || to != tt.to) {
			t.Errorf("%s: zoneYears = %d, %d, %v; want %d, %d, %v", tt.name, from, to, ok, tt.from, tt.to, tt.ok)
		}
	}
}

func TestZoneID(t *testing.T) {
	tests := []struct {
		zone *time.Location
		want string
	}{
		{nil, ""}, {time.UTC, ""}, {time.Local, ""}, {time.FixedZone("", 3600), ""},
		{time.FixedZone("A;B", 3600), ""}, {mustZone(t, "America/Port-au-Prince"), "America/Port-au-Prince"},
		{mustZone(t, "Etc/GMT+5"), "Etc/GMT+5"}, {time.FixedZone("CET", 3600), "CET"},
	}
	for _, tt := range tests {
		if got := zoneID(tt.zone); got != tt.want {
			t.Errorf("zoneID(%v) = %q, want %q", tt.zone, got, tt.want)
		}
	}
}
