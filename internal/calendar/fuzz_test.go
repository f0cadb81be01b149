package calendar

import (
	"strings"
	"testing"
	"time"
)

// FuzzWrite writes one event with arbitrary text and checks that the output
// is well-formed (CRLF, at most 75 octets a line, no split characters) and
// that gocal reads the text back as written, cleaned. gocal's own
// limitations are modelled in gocalText: it leaves `\n` escaped and ignores a
// value of "VCALENDAR".
func FuzzWrite(f *testing.F) {
	f.Add(trickyTitle, "Line one\nLine two", "Hofburg, Vienna, Austria")
	f.Add("VCALENDAR", " VCALENDAR ", "END:VEVENT")
	f.Add("a\\,b\\;c\\nd\\\\", "\\", "x\\")
	f.Add("ctrl\x00\x1b[0m\r\nnext\rline\ttab", "\xff\xfe invalid", "\u0085\u2028")
	f.Add(strings.Repeat("Ä", 100), strings.Repeat("word ", 40), strings.Repeat("<a>", 40))
	f.Add(strings.Repeat("x", 200)+" "+strings.Repeat("🎉", 30), "", " ")
	f.Add("BEGIN:VEVENT", "END:VCALENDAR", "SUMMARY:x")
	zone, err := time.LoadLocation("Europe/Vienna")
	if err != nil {
		f.Fatal(err)
	}
	start := time.Date(2026, 12, 3, 10, 0, 0, 0, zone)
	f.Fuzz(func(t *testing.T, title, description, location string) {
		e := Event{UID: "fuzz@example.org", Title: title, Description: description, Location: location,
			URL: "https://example.org/events/fuzz", Start: start, End: start.Add(time.Hour), Updated: updated}
		data := write(t, zone, []Event{e})
		checkLines(t, data)
		got := parse(t, data)
		if len(got) != 1 {
			t.Fatalf("gocal read %d events\n%s", len(got), data)
		}
		g := got[0]
		if g.Summary != gocalText(title) || g.Description != gocalText(description) || g.Location != gocalText(location) {
			t.Errorf("read %q / %q / %q, want %q / %q / %q\n%s", g.Summary, g.Description, g.Location,
				gocalText(title), gocalText(description), gocalText(location), data)
		}
		if g.Uid != e.UID || !g.Start.Equal(e.Start) || !g.End.Equal(e.End) {
			t.Errorf("UID %q, %v – %v; want %q, %v – %v", g.Uid, g.Start, g.End, e.UID, e.Start, e.End)
		}
	})
}
