package content

import (
	"strings"
	"time"
)

// Lang is a language of the site's content and interface, by its ISO 639-1
// code: "en", "az", "ru".
type Lang string

// LangInfo is what the site knows about a language it can be written in.
type LangInfo struct {
	Code Lang
	// Name is the language named in itself, as the switcher shows it.
	Name string
	// English is its English name, for the admin area.
	English string
	// Locale is its OpenGraph locale, such as "az_AZ".
	Locale string
}

// langs are the languages the site has interface text for (message
// catalogues in internal/i18n); the site's own languages are chosen among
// them in Settings.
var langs = []LangInfo{
	{Code: "en", Name: "English", English: "English", Locale: "en_GB"},
	{Code: "az", Name: "Azərbaycanca", English: "Azerbaijani", Locale: "az_AZ"},
	{Code: "ru", Name: "Русский", English: "Russian", Locale: "ru_RU"},
}

// Langs lists the languages the site can be written in.
func Langs() []LangInfo { return langs }

// ParseLang reads a language code; ok is false for a language the site
// cannot be written in.
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, l := range langs {
		if string(l.Code) == s {
			return l.Code, true
		}
	}
	return "", false
}

// Info is the language's row; an unknown language gets its code as name.
func (l Lang) Info() LangInfo {
	for _, i := range langs {
		if i.Code == l {
			return i
		}
	}
	return LangInfo{Code: l, Name: string(l), English: string(l), Locale: string(l)}
}

// ParseLangs reads the site's languages as an admin types them ("en, az,
// ru"): known codes, each once, at least one; the first is the default.
func ParseLangs(v string) ([]Lang, error) {
	var out []Lang
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		l, ok := ParseLang(part)
		if !ok {
			return nil, Problem("“" + part + "” is not a language the site can be written in; choose among en, az and ru.")
		}
		for _, seen := range out {
			if seen == l {
				return nil, Problem("Name each language once; “" + part + "” is there twice.")
			}
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, Problem("Give at least one language, such as en.")
	}
	return out, nil
}

// LangPath is the path of a page of the site in language lang: the
// default language has no prefix, every other one its code ("/az/news").
func LangPath(lang, def Lang, path string) string {
	if lang == def || lang == "" {
		return path
	}
	if path == "/" {
		return "/" + string(lang)
	}
	return "/" + string(lang) + path
}

// Translation is one member of an item's translation group.
type Translation struct {
	Lang      Lang
	ID        int64
	Slug      string
	Title     string
	UpdatedAt time.Time
	Public    bool // published and visible now
}
