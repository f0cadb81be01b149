package form

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseTime: whatever is typed into a time field is a time the
// form shows back unchanged, or a refusal; never a panic or a year the
// database cannot hold.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"", "2026-03-14T18:00", "2026-03-14T18:00:59", "2026-02-30T10:00", "0000-01-01T00:00",
		"9999-12-31T23:59", "2026-03-29T02:30", "yesterday", "2026-03-14 18:00", "２０２６-03-14T18:00", "\x00"} {
		f.Add(s)
	}
	zone, err := time.LoadLocation("Europe/Vienna")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, ok := ParseTime(in, zone)
		if !ok {
			return
		}
		if strings.TrimSpace(in) == "" {
			if !got.IsZero() {
				t.Fatalf("empty input gave %v", got)
			}
			return
		}
		if got.Year() < 1899 || got.Year() > 10000 || got.Location() != time.UTC {
			t.Fatalf("%q gave %v", in, got)
		}
		again, ok := ParseTime(FormatTime(got, zone), zone)
		if !ok || !again.Equal(got.Truncate(time.Minute)) {
			t.Fatalf("%q: %v does not survive the form (%v, %v)", in, got, again, ok)
		}
	})
}
