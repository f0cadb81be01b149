package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones the tests use, whatever the machine has installed
	"unicode/utf8"

	"github.com/apognu/gocal"
)

// write runs Write and fails the test on error.
func write(t testing.TB, zone *time.Location, events []Event) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, "Events", "-//orgsite//EN", zone, events); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.Bytes()
}

// parse reads data with gocal, the independent parser, over a window wide
// enough for every test event (gocal drops events outside it).
func parse(t testing.TB, data []byte) []gocal.Event {
	t.Helper()
	p := gocal.NewParser(bytes.NewReader(data))
	start := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
	p.Start, p.End = &start, &end
	if err := p.Parse(); err != nil {
		t.Fatalf("gocal: %v\n%s", err, data)
	}
	return p.Events
}

// gocalText is what gocal v0.9.1 returns for a TEXT value written from s:
// it unescapes \\ \; \, but not \n, so a line break comes back as the two
// characters `\n`; and it skips any line whose value is "VCALENDAR" (it takes
// it for BEGIN/END:VCALENDAR), leaving the property empty.
func gocalText(s string) string {
	v := strings.ReplaceAll(cleanText(s), "\n", `\n`)
	if strings.TrimSpace(v) == "VCALENDAR" {
		return ""
	}
	return v
}

// checkLines asserts RFC 5545 3.1: every line ends in CRLF, none is longer
// than 75 octets, and folding split no UTF-8 character.
func checkLines(t testing.TB, data []byte) {
	t.Helper()
	s := string(data)
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatalf("output does not end in CRLF: %q", s)
	}
	for i, line := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d splits a character: %q", i+1, line)
		}
	}
}

// unfold joins folded lines back into content lines.
func unfold(data []byte) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if strings.HasPrefix(l, " ") && len(lines) > 0 {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

// blocks returns the content lines inside each BEGIN:name … END:name.
func blocks(lines []string, name string) [][]string {
	var out [][]string
	var cur []string
	in := false
	for _, l := range lines {
		switch {
		case l == "BEGIN:"+name:
			in, cur = true, nil
		case l == "END:"+name && in:
			in = false
			out = append(out, cur)
		case in:
			cur = append(cur, l)
		}
	}
	return out
}

// prop is the value of the first property named name (with its parameters,
// if any, as in "DTSTART;TZID=Europe/Vienna") among lines.
func prop(lines []string, name string) (string, bool) {
	for _, l := range lines {
		if v, ok := strings.CutPrefix(l, name+":"); ok {
			return v, true
		}
	}
	return "", false
}

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	z, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return z
}
