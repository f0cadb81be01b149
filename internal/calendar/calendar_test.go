package calendar

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apognu/gocal"
)

const trickyTitle = "Migration, mobility; and \"skills\"\nsecond line"

var updated = time.Date(2026, 11, 20, 8, 15, 0, 0, time.UTC)

// sampleEvents are the events the round-trip tests write in zone z: timed in
// winter and summer, all-day over two days, without end, cancelled, and
// with text that needs escaping.
func sampleEvents(z *time.Location) []Event {
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2026, m, d, h, min, 0, 0, z) }
	return []Event{
		{UID: "event-1@example.org", Title: "Winter meeting", Description: "The annual meeting.",
			URL: "https://example.org/events/winter-meeting", Location: "Hofburg, Vienna, Austria",
			Start: at(time.December, 3, 10, 0), End: at(time.December, 3, 12, 30), Updated: updated},
		{UID: "event-2@example.org", Sequence: 3, Title: "Summer school", URL: "https://example.org/events/summer-school",
			Start: at(time.July, 15, 18, 0), End: at(time.July, 15, 20, 0), Updated: updated},
		{UID: "event-3@example.org", Sequence: 1, Title: "Conference", AllDay: true, Location: "Baku, Azerbaijan",
			URL: "https://example.org/events/conference", Start: at(time.December, 3, 0, 0), End: at(time.December, 4, 0, 0), Updated: updated},
		{UID: "event-4@example.org", Title: "Open call", Location: "https://meet.example.org/open-call",
			URL: "https://example.org/events/open-call", Start: at(time.September, 10, 9, 0), Updated: updated},
		{UID: "event-5@example.org", Sequence: 2, Title: "Workshop", Cancelled: true, URL: "https://example.org/events/workshop",
			Start: at(time.March, 5, 14, 0), End: at(time.March, 5, 16, 0), Updated: updated},
		{UID: "event-6@example.org", Title: trickyTitle, Description: "Line one\nLine two; with, punctuation \\ and a backslash",
			URL: "https://example.org/events/tricky?a=1&b=2", Start: at(time.October, 25, 1, 30), End: at(time.October, 25, 4, 0), Updated: updated},
	}
}

func TestWriteRoundTrip(t *testing.T) {
	for _, zoneName := range []string{"Europe/Vienna", "Asia/Baku"} {
		zone := mustZone(t, zoneName)
		events := sampleEvents(zone)
		data := write(t, zone, events)
		checkLines(t, data)
		got := parse(t, data)
		if len(got) != len(events) {
			t.Fatalf("%s: gocal read %d events, want %d\n%s", zoneName, len(got), len(events), data)
		}
		for _, want := range events {
			t.Run(zoneName+"/"+want.UID, func(t *testing.T) {
				i := slices.IndexFunc(got, func(g gocal.Event) bool { return g.Uid == want.UID })
				if i < 0 {
					t.Fatalf("no event with UID %q", want.UID)
				}
				checkEvent(t, got[i], want)
			})
		}
	}
}

// checkEvent compares what gocal read with the event written.
func checkEvent(t *testing.T, got gocal.Event, want Event) {
	t.Helper()
	texts := []struct{ field, got, want string }{
		{"Summary", got.Summary, gocalText(want.Title)},
		{"Description", got.Description, gocalText(want.Description)},
		{"Location", got.Location, gocalText(want.Location)},
		{"URL", got.URL, want.URL},
		{"Status", got.Status, map[bool]string{false: "CONFIRMED", true: "CANCELLED"}[want.Cancelled]},
	}
	for _, c := range texts {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	if got.Sequence != want.Sequence {
		t.Errorf("Sequence = %d, want %d", got.Sequence, want.Sequence)
	}
	if !got.Stamp.Equal(want.Updated) || got.LastModified == nil || !got.LastModified.Equal(want.Updated) {
		t.Errorf("DTSTAMP %v, LAST-MODIFIED %v, want %v", got.Stamp, got.LastModified, want.Updated)
	}
	end := want.End
	if end.IsZero() {
		end = want.Start
	}
	if want.AllDay {
		// gocal gives all-day dates as UTC midnight and the end as the last
		// millisecond of the last day, i.e. the inclusive End.
		const day = "2006-01-02"
		if got.RawStart.Params["VALUE"] != "DATE" || got.Start.Format(day) != want.Start.Format(day) || got.End.Format(day) != end.Format(day) {
			t.Errorf("all-day %v (%v) – %v, want dates %s – %s", got.Start, got.RawStart, got.End, want.Start.Format(day), end.Format(day))
		}
		return
	}
	if !got.Start.Equal(want.Start) || !got.End.Equal(end) {
		t.Errorf("times %v – %v, want %v – %v (raw %v – %v)", got.Start, got.End, want.Start, end, got.RawStart, got.RawEnd)
	}
}

type observance struct{ dtstart, from, to, name string }

func TestWriteVTimezone(t *testing.T) {
	tests := []struct {
		zone          string
		standard      []observance // each must be among the STANDARD sub-components
		daylight      []observance
		startLine     string // the winter meeting's DTSTART
		onlyStandards int    // if not 0: exactly this many STANDARD and no DAYLIGHT
	}{
		{
			zone: "Europe/Vienna",
			standard: []observance{
				{"19700101T000000", "+0100", "+0100", "CET"},
				{"20261025T030000", "+0200", "+0100", "CET"},
			},
			daylight:  []observance{{"20260329T020000", "+0100", "+0200", "CEST"}},
			startLine: "DTSTART;TZID=Europe/Vienna:20261203T100000",
		},
		{
			zone:          "Asia/Baku",
			standard:      []observance{{"19700101T000000", "+0400", "+0400", "+04"}},
			startLine:     "DTSTART;TZID=Asia/Baku:20261203T100000",
			onlyStandards: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			lines := unfold(write(t, mustZone(t, tt.zone), sampleEvents(mustZone(t, tt.zone))))
			if !slices.Contains(lines, tt.startLine) || !slices.Contains(lines, "X-WR-TIMEZONE:"+tt.zone) {
				t.Errorf("no %q or X-WR-TIMEZONE in\n%s", tt.startLine, strings.Join(lines, "\n"))
			}
			tzs := blocks(lines, "VTIMEZONE")
			if len(tzs) != 1 || !slices.Contains(tzs[0], "TZID:"+tt.zone) {
				t.Fatalf("want one VTIMEZONE with TZID:%s, got %q", tt.zone, tzs)
			}
			std, dst := observances(blocks(tzs[0], "STANDARD")), observances(blocks(tzs[0], "DAYLIGHT"))
			for _, o := range tt.standard {
				if !slices.Contains(std, o) {
					t.Errorf("no STANDARD %+v among %+v", o, std)
				}
			}
			for _, o := range tt.daylight {
				if !slices.Contains(dst, o) {
					t.Errorf("no DAYLIGHT %+v among %+v", o, dst)
				}
			}
			if tt.onlyStandards != 0 && (len(std) != tt.onlyStandards || len(dst) != 0) {
				t.Errorf("got STANDARD %+v and DAYLIGHT %+v, want %d STANDARD only", std, dst, tt.onlyStandards)
			}
		})
	}
}

func observances(bs [][]string) []observance {
	var out []observance
	for _, b := range bs {
		var o observance
		o.dtstart, _ = prop(b, "DTSTART")
		o.from, _ = prop(b, "TZOFFSETFROM")
		o.to, _ = prop(b, "TZOFFSETTO")
		o.name, _ = prop(b, "TZNAME")
		out = append(out, o)
	}
	return out
}

func TestWriteEscaping(t *testing.T) {
	zone := mustZone(t, "Europe/Vienna")
	lines := unfold(write(t, zone, sampleEvents(zone)))
	for _, want := range []string{
		`SUMMARY:Migration\, mobility\; and "skills"\nsecond line`,
		`DESCRIPTION:Line one\nLine two\; with\, punctuation \\ and a backslash`,
		`LOCATION:Hofburg\, Vienna\, Austria`,
		`URL:https://example.org/events/tricky?a=1&b=2`,
		`DTSTART;VALUE=DATE:20261203`,
		`DTEND;VALUE=DATE:20261205`,
		`DTEND;TZID=Europe/Vienna:20260910T090000`,
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("no line %q in\n%s", want, strings.Join(lines, "\n"))
		}
	}
}

func TestWriteEmpty(t *testing.T) {
	for _, events := range [][]Event{nil, {}} {
		data := write(t, mustZone(t, "Europe/Vienna"), events)
		checkLines(t, data)
		if got := parse(t, data); len(got) != 0 {
			t.Errorf("gocal read %d events from an empty calendar", len(got))
		}
		lines := unfold(data)
		want := []string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//orgsite//EN", "X-WR-CALNAME:Events", "END:VCALENDAR"}
		for _, w := range want {
			if !slices.Contains(lines, w) {
				t.Errorf("no %q in\n%s", w, data)
			}
		}
		if len(blocks(lines, "VTIMEZONE")) != 0 {
			t.Errorf("VTIMEZONE without timed events:\n%s", data)
		}
	}
}

// TestWriteUTC covers the zones written in UTC: UTC itself, none, and zones
// whose names no reader could resolve.
func TestWriteUTC(t *testing.T) {
	vienna := mustZone(t, "Europe/Vienna")
	tests := []struct {
		name string
		zone *time.Location
	}{
		{"UTC", time.UTC},
		{"nil", nil},
		{"unnamed fixed zone", time.FixedZone("", 3*3600)},
		{"Local", time.Local},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events := sampleEvents(vienna)
			data := write(t, tt.zone, events)
			checkLines(t, data)
			lines := unfold(data)
			if len(blocks(lines, "VTIMEZONE")) != 0 || slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, "TZID") }) {
				t.Errorf("TZID or VTIMEZONE written:\n%s", data)
			}
			if !slices.Contains(lines, "DTSTART:20261203T090000Z") {
				t.Errorf("winter meeting not in UTC:\n%s", data)
			}
			got := parse(t, data)
			for i := range events {
				checkEvent(t, got[i], events[i])
			}
		})
	}
}

// TestWriteAmbiguous checks local times that occur twice (Vienna,
// 25 October 2026, 02:00–03:00): both are written in UTC, the times next to
// them with TZID, and gocal reads all back as the same instants.
func TestWriteAmbiguous(t *testing.T) {
	vienna := mustZone(t, "Europe/Vienna")
	tests := []struct {
		utc  time.Time
		line string
	}{
		{time.Date(2026, 10, 24, 23, 59, 59, 0, time.UTC), "DTSTART;TZID=Europe/Vienna:20261025T015959"},
		{time.Date(2026, 10, 25, 0, 0, 0, 0, time.UTC), "DTSTART:20261025T000000Z"},  // 02:00 CEST
		{time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), "DTSTART:20261025T003000Z"}, // 02:30 CEST
		{time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), "DTSTART:20261025T013000Z"}, // 02:30 CET
		{time.Date(2026, 10, 25, 2, 0, 0, 0, time.UTC), "DTSTART;TZID=Europe/Vienna:20261025T030000"},
		{time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), "DTSTART;TZID=Europe/Vienna:20260329T030000"}, // after the gap
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			e := Event{UID: "x@example.org", Title: "x", Start: tt.utc.In(vienna), Updated: updated}
			data := write(t, vienna, []Event{e})
			if !slices.Contains(unfold(data), tt.line) {
				t.Errorf("no %q in\n%s", tt.line, data)
			}
			got := parse(t, data)
			if len(got) != 1 || !got[0].Start.Equal(tt.utc) {
				t.Errorf("gocal read %v, want start %v", got, tt.utc)
			}
		})
	}
}

func TestWriteInvalid(t *testing.T) {
	start := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		e    Event
	}{
		{"empty UID", Event{UID: " \t", Start: start}},
		{"zero start", Event{UID: "a"}},
		{"negative sequence", Event{UID: "a", Start: start, Sequence: -1}},
		{"end before start", Event{UID: "a", Start: start, End: start.Add(-time.Minute)}},
		{"all-day end before start", Event{UID: "a", AllDay: true, Start: start, End: start.AddDate(0, 0, -1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			ok := Event{UID: "ok", Start: start}
			if err := Write(&b, "n", "p", time.UTC, []Event{ok, tt.e}); err == nil || b.Len() != 0 {
				t.Errorf("err %v, wrote %d bytes; want an error and nothing written", err, b.Len())
			}
		})
	}
}

type failWriter struct{}

var errWrite = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteError(t *testing.T) {
	if err := Write(failWriter{}, "n", "p", time.UTC, nil); !errors.Is(err, errWrite) {
		t.Errorf("err = %v, want %v", err, errWrite)
	}
}

func TestDefaults(t *testing.T) {
	e := Event{UID: "a", Title: "A", AllDay: true, Start: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	data := write(t, time.UTC, []Event{e})
	var b bytes.Buffer
	if err := Write(&b, "", "", time.UTC, []Event{e}); err != nil {
		t.Fatal(err)
	}
	lines := unfold(b.Bytes())
	for _, want := range []string{"PRODID:" + DefaultProdID, "DTSTAMP:19700101T000000Z", "DTSTART;VALUE=DATE:20260501", "DTEND;VALUE=DATE:20260502"} {
		if !slices.Contains(lines, want) {
			t.Errorf("no %q in\n%s", want, b.Bytes())
		}
	}
	if slices.ContainsFunc(lines, func(l string) bool {
		return strings.HasPrefix(l, "X-WR-CALNAME") || strings.HasPrefix(l, "LAST-MODIFIED")
	}) {
		t.Errorf("empty name or zero Updated written:\n%s", b.Bytes())
	}
	if got := parse(t, data); len(got) != 1 || got[0].Start.Format(time.DateOnly) != "2026-05-01" || got[0].End.Format(time.DateOnly) != "2026-05-01" {
		t.Errorf("one-day event read as %+v", got)
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"  padded\t", "padded"},
		{"a\r\nb\rc\nd", "a\nb\nc\nd"},
		{"tab\there", "tab here"},
		{"nul\x00bell\x07del\x7fc1\u0085end", "nulbelldelc1end"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"Ümlaut, ß; \"q\" \\", "Ümlaut, ß; \"q\" \\"},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := cleanURL(" https://example.org/a\r\nX-INJECTED:1 "); got != "https://example.org/aX-INJECTED:1" {
		t.Errorf("cleanURL kept a line break: %q", got)
	}
}
