package content

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxSlugLen bounds slugs so that URLs stay readable and fit any index.
const MaxSlugLen = 80

// translit maps letters that do not decompose into an ASCII base letter plus
// marks: Azerbaijani schwa and dotless i, German sharp s, Cyrillic (a
// passport-style romanisation that reads naturally to English speakers).
var translit = map[rune]string{
	'ə': "e", 'Ə': "e", 'ı': "i", 'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae",
	'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l",
	'þ': "th", 'ð': "d",
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu",
	'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u",
}

// Slugify turns a title into a URL slug of lower-case ASCII letters, digits
// and single hyphens: "Şəki və Gəncə" becomes "seki-ve-gence". The result may
// be empty when the title has no letters or digits at all.
func Slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		out, ok := translit[r]
		if ok && out == "" {
			continue // ь and ъ change a sound, not a word: no break
		}
		if !ok {
			out = asciiOf(r)
		}
		if out == "" {
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			if b.Len()+1+len(out) > MaxSlugLen {
				break
			}
			b.WriteByte('-')
			hyphen = false
		}
		if b.Len()+len(out) > MaxSlugLen {
			break
		}
		b.WriteString(out)
	}
	return b.String()
}

// asciiOf is the ASCII letters and digits of a letter without its accents
// ("é" → "e"), looked up after the transliteration table so that letters
// such as й keep their own spelling; "" for anything else.
func asciiOf(r rune) string {
	var b strings.Builder
	for _, d := range norm.NFD.String(string(r)) {
		switch {
		case d < unicode.MaxASCII && (d >= 'a' && d <= 'z' || d >= '0' && d <= '9'):
			b.WriteRune(d)
		case unicode.Is(unicode.Mn, d):
		default:
			if t, ok := translit[unicode.ToLower(d)]; ok {
				b.WriteString(t)
			}
		}
	}
	return b.String()
}

// Fold lower-cases s and spells letters that do not decompose into a base
// letter and marks (ə, ı, ß, ł, ø, Cyrillic…) the way Slugify does, so that
// search finds "Şəki" when a visitor types "Seki". Other letters are kept;
// the search tokenizer removes their accents itself.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if t, ok := translit[r]; ok {
			b.WriteString(t)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ValidSlug reports whether s is already in the form Slugify produces.
func ValidSlug(s string) bool {
	if s == "" || len(s) > MaxSlugLen || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// reserved are first path segments the site itself answers, so no page may
// take them as its slug.
var reserved = map[string]bool{
	"admin": true, "news": true, "projects": true, "tags": true, "search": true,
	"sitemap": true, "sitemap.xml": true, "robots.txt": true, "feed.xml": true,
	"assets": true, "media": true, "healthz": true, "favicon.ico": true,
	"readyz": true, "sitemaps": true, "preview": true,
	"publications": true, "events": true, "events.ics": true, "calls": true,
}

// ReservedSlug reports whether a page may not use slug.
func ReservedSlug(slug string) bool { return reserved[slug] }
