package calendar

import (
	"strings"
	"unicode"
)

// cleanText makes s fit a TEXT value. golang-ical escapes backslash, comma,
// semicolon and LF but passes every other byte through: a CR would end the
// content line early, other control characters are not allowed in TEXT
// (RFC 5545 3.3.11) and a calendar has no use for them, and invalid UTF-8
// would make its folding split characters. Leading and trailing white space
// carries no meaning in a title or place, and some readers (gocal) drop a
// leading space.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\r':
			return '\n'
		case r == '\t':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// cleanURL drops all control characters, LF included: a URI value is not
// escaped by the library, so a line break in it would start a new property.
func cleanURL(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}
