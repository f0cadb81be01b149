// Package form reads, checks and applies the admin area's forms without
// HTTP, in three steps (the miniflux pattern): Read copies what was typed
// out of url.Values, Validate checks it against the domain's rules and
// records one message per field, and Apply writes the checked values onto
// the domain type. Handlers only wire the steps; a form shown again after
// an error keeps what was typed.
package form

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"orgsite/internal/content"
)

// Errors maps a form field's name to what is wrong with it.
type Errors map[string]string

// Add records err against field, unless the field already has a problem:
// the first problem found is the one to put right first.
func (e Errors) Add(field string, err error) {
	if err != nil && e[field] == "" {
		e[field] = err.Error()
	}
}

// Set records a problem with field, unless it already has one.
func (e Errors) Set(field, msg string) {
	if e[field] == "" {
		e[field] = msg
	}
}

// Has reports whether field has a problem.
func (e Errors) Has(field string) bool { return e[field] != "" }

// Value is a field as typed: trimmed, with Windows line ends made plain.
func Value(v url.Values, name string) string {
	return strings.TrimSpace(strings.ReplaceAll(v.Get(name), "\r\n", "\n"))
}

// Text checks a typed value's encoding and length in characters, records
// what is wrong under name, and gives the value as it can be shown again.
func (e Errors) Text(name, v string, maxLen int, label string) string {
	switch {
	case !utf8.ValidString(v):
		e.Set(name, label+" contains characters that are not valid text.")
		return strings.ToValidUTF8(v, "")
	case strings.ContainsRune(v, 0):
		e.Set(name, label+" contains a NUL character.")
		return strings.ReplaceAll(v, "\x00", "")
	}
	if n := utf8.RuneCountInString(v); n > maxLen {
		e.Set(name, label+" is too long: "+strconv.Itoa(n)+" characters, at most "+strconv.Itoa(maxLen)+".")
	}
	return v
}

// Text reads a field and checks it in one step, for the small forms.
func Text(v url.Values, name string, maxLen int, errs Errors, label string) string {
	return errs.Text(name, Value(v, name), maxLen, label)
}

// Checked reports whether a checkbox was ticked.
func Checked(v url.Values, name string) bool { return v.Get(name) != "" }

// Time formats of the forms' time fields, in the site's zone.
const (
	timeLayout     = "2006-01-02T15:04"
	timeLayoutSecs = "2006-01-02T15:04:05"
)

// FormatTime shows a time in a form field, in the site's zone.
func FormatTime(t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zone).Format(timeLayout)
}

// ParseTime reads a form's time in the site's zone; empty is the zero time.
func ParseTime(v string, zone *time.Location) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{timeLayout, timeLayoutSecs} {
		if t, err := time.ParseInLocation(layout, v, zone); err == nil && t.Year() >= 1900 && t.Year() <= 9999 {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// FormatDate shows a date in a form field.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// ParseDate reads a YYYY-MM-DD date; empty is the zero time.
func ParseDate(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil || t.Year() < 1900 || t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

// ID reads a numeric id from a path; ok is false for anything else.
func ID(v string) (int64, bool) {
	id, err := strconv.ParseInt(v, 10, 64)
	return id, err == nil && id > 0
}

// PageNumber reads the page of a paginated list: empty is page 1.
func PageNumber(v string) (int, error) {
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1_000_000 {
		return 0, content.Problem("The page number must be a whole number, 1 or more.")
	}
	return n, nil
}

// Option is a choice of a select box or a set of checkboxes.
type Option struct {
	Value string
	Label string
}

// Choose checks that v is the value of one of opts ("" choosing none) and
// gives its id.
func Choose(v string, opts []Option) (int64, bool) {
	if v == "" {
		return 0, true
	}
	for _, o := range opts {
		if o.Value == v {
			id, _ := strconv.ParseInt(v, 10, 64)
			return id, true
		}
	}
	return 0, false
}

// idString shows an id in a form; 0 is empty.
func idString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
