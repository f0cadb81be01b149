// Package i18n holds the site's interface text in every language it can be
// written in: message catalogues embedded from locales/*.toml, read through
// go-i18n with the CLDR plural rules, and dates written each language's way
// ("12 November 2026", "12 noyabr 2026", "12 ноября 2026").
//
// The catalogues are data: a language is a file, not a code change. The
// English catalogue is the reference; a test fails when another one lacks
// a key or has one English lacks.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"orgsite/internal/content"
)

//go:embed locales/*.toml
var locales embed.FS

// Data is the named values a message's template refers to, such as
// {"Site": "IMPC"} for "News from {{.Site}}".
type Data map[string]any

// Bundle is the loaded catalogues, one localizer per language.
type Bundle struct {
	bundle *goi18n.Bundle
	byLang map[content.Lang]*Localizer
}

// Load reads the embedded catalogues. It fails when a file does not parse
// or names a language the site cannot be written in.
func Load() (*Bundle, error) { return load(locales) }

func load(fsys fs.FS) (*Bundle, error) {
	b := &Bundle{bundle: goi18n.NewBundle(language.English), byLang: map[content.Lang]*Localizer{}}
	b.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, info := range content.Langs() {
		name := "locales/" + string(info.Code) + ".toml"
		if _, err := b.bundle.LoadMessageFileFS(fsys, name); err != nil {
			return nil, fmt.Errorf("i18n: load %s: %w", name, err)
		}
		b.byLang[info.Code] = &Localizer{lang: info.Code, loc: goi18n.NewLocalizer(b.bundle, string(info.Code))}
	}
	return b, nil
}

// For is the localizer of language l; a language without a catalogue
// gets English.
func (b *Bundle) For(l content.Lang) *Localizer {
	if loc, ok := b.byLang[l]; ok {
		return loc
	}
	return b.byLang[content.DefaultLang]
}

// english is the English localizer that a nil *Localizer stands for. The
// catalogues are embedded, so they load or the build is broken.
var english = sync.OnceValue(func() *Localizer {
	b, err := Load()
	if err != nil {
		panic(err)
	}
	return b.For("en")
})

// English is the English localizer.
func English() *Localizer { return english() }

// Localizer writes the interface in one language. A nil *Localizer writes
// English, so a caller that has none still shows words.
type Localizer struct {
	lang content.Lang
	loc  *goi18n.Localizer
}

func (l *Localizer) or() *Localizer {
	if l == nil {
		return english()
	}
	return l
}

// Lang is the localizer's language.
func (l *Localizer) Lang() content.Lang { return l.or().lang }

// T is the message id, such as "LatestNews". A missing message gives its
// id, which the catalogue test keeps from happening.
func (l *Localizer) T(id string) string { return l.localize(id, nil, nil) }

// Has reports whether the language's catalogue has the message id.
func (l *Localizer) Has(id string) bool {
	_, err := l.or().loc.Localize(&goi18n.LocalizeConfig{MessageID: id})
	return err == nil
}

// F is the message id with its template filled from data.
func (l *Localizer) F(id string, data Data) string { return l.localize(id, data, nil) }

// N is the message id in the plural form that count asks for in the
// language ("1 result", "5 результатов"); its template sees .Count.
func (l *Localizer) N(id string, count int) string { return l.NF(id, count, nil) }

// NF is N with more template data besides .Count.
func (l *Localizer) NF(id string, count int, data Data) string {
	all := Data{"Count": count}
	for k, v := range data {
		all[k] = v
	}
	return l.localize(id, all, count)
}

func (l *Localizer) localize(id string, data Data, count any) string {
	cfg := &goi18n.LocalizeConfig{MessageID: id, PluralCount: count}
	if data != nil {
		cfg.TemplateData = map[string]any(data)
	}
	s, err := l.or().loc.Localize(cfg)
	if err != nil && s == "" {
		return id
	}
	return s
}

// Date writes t as a day in zone the language's way: "12 November 2026",
// "12 noyabr 2026", "12 ноября 2026" (the month in the genitive).
func (l *Localizer) Date(t time.Time, zone *time.Location) string {
	if zone != nil {
		t = t.In(zone)
	}
	return l.F("Date", Data{"Day": t.Day(), "Month": l.monthGen(t.Month()), "Year": t.Year()})
}

// MonthYear writes t's month and year, the month named on its own:
// "June 2021", "iyun 2021", "июнь 2021". t is not moved to a zone: it is a
// calendar date, such as a project's start.
func (l *Localizer) MonthYear(t time.Time) string {
	return l.F("MonthYear", Data{"Month": l.Month(t.Month()), "Year": t.Year()})
}

// Month names a month on its own: "June", "iyun", "июнь".
func (l *Localizer) Month(m time.Month) string { return l.T("Month." + strconv.Itoa(int(m))) }

// monthGen names a month after a day number: "ноября" in Russian.
func (l *Localizer) monthGen(m time.Month) string { return l.T("MonthGen." + strconv.Itoa(int(m))) }

// Span writes a period of calendar dates such as a project's: "June 2021 –
// May 2024", "Since June 2021", "Until May 2024"; "" when neither is known.
func (l *Localizer) Span(start, end time.Time) string {
	d := Data{}
	for prefix, t := range map[string]time.Time{"Start": start, "End": end} {
		if !t.IsZero() {
			d[prefix+"Month"], d[prefix+"MonthGen"], d[prefix+"Year"] = l.Month(t.Month()), l.monthGen(t.Month()), t.Year()
		}
	}
	switch {
	case start.IsZero() && end.IsZero():
		return ""
	case end.IsZero():
		return l.F("SpanSince", d)
	case start.IsZero():
		return l.F("SpanUntil", d)
	}
	return l.F("Span", d)
}
