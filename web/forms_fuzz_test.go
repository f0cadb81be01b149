package web

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"orgsite/internal/store"
)

// FuzzParseFormTime: whatever is typed into a time field is a time the
// form shows back unchanged, or a refusal; never a panic or a year the
// database cannot hold.
func FuzzParseFormTime(f *testing.F) {
	for _, s := range []string{"", "2026-03-14T18:00", "2026-03-14T18:00:59", "2026-02-30T10:00", "0000-01-01T00:00",
		"9999-12-31T23:59", "2026-03-29T02:30", "yesterday", "2026-03-14 18:00", "２０２６-03-14T18:00", "\x00"} {
		f.Add(s)
	}
	zone, err := time.LoadLocation("Europe/Vienna")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, ok := parseFormTime(in, zone)
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
		again, ok := parseFormTime(formatFormTime(got, zone), zone)
		if !ok || !again.Equal(got.Truncate(time.Minute)) {
			t.Fatalf("%q: %v does not survive the form (%v, %v)", in, got, again, ok)
		}
	})
}

// FuzzSplitList: a comma-separated field gives clean, distinct items.
func FuzzSplitList(f *testing.F) {
	for _, s := range []string{"", "Events, Project news", " a ,, b ,a", "Şəki,şəki", "\t\n,", strings.Repeat("x,", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		seen := map[string]bool{}
		for _, it := range store.SplitList(in) {
			if it == "" || it != strings.TrimSpace(it) || strings.Contains(it, ",") || strings.Contains(it, "  ") {
				t.Fatalf("%q gave item %q", in, it)
			}
			if seen[strings.ToLower(it)] {
				t.Fatalf("%q gave %q twice", in, it)
			}
			seen[strings.ToLower(it)] = true
			if utf8.ValidString(in) && !utf8.ValidString(it) {
				t.Fatalf("valid input %q gave invalid item %q", in, it)
			}
		}
	})
}
