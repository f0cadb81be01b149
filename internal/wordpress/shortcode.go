package wordpress

import (
	"html"
	"regexp"
	"strings"
)

// Shortcodes are WordPress's bracketed macros: [caption], [gallery] and
// [embed] come with WordPress; plugins add their own ([contact-form-7 …]),
// which mean nothing without the plugin. WordPress only expands the ones
// registered when the page is shown, which an export does not list, so a
// bracket is taken for a shortcode when WordPress knows its name, when it
// has attributes (name="value") or when it is closed ([x]…[/x]); "[1]" in
// a text stays text.

// shortcode is one found in a body.
type shortcode struct {
	name  string
	attrs map[string]string
	inner string // between [name] and [/name]; "" for a lone one
}

// knownShortcodes are WordPress's own.
var knownShortcodes = map[string]bool{
	"caption": true, "wp_caption": true, "gallery": true, "embed": true,
	"video": true, "audio": true, "playlist": true,
}

var (
	shortcodeOpen = regexp.MustCompile(`\[([A-Za-z][A-Za-z0-9_-]*)((?:\s+[^\]]*?)?)\s*(/?)\]`)
	shortcodeAttr = regexp.MustCompile(`([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))`)
)

// expandShortcodes replaces every shortcode in body by what expand makes
// of it; expand is called innermost last, with the inner text as written.
func expandShortcodes(body string, expand func(shortcode) string) string {
	var b strings.Builder
	for {
		loc := shortcodeOpen.FindStringSubmatchIndex(body)
		if loc == nil {
			b.WriteString(body)
			return b.String()
		}
		name, args, selfClosing := body[loc[2]:loc[3]], body[loc[4]:loc[5]], loc[7] > loc[6]
		end, inner := loc[1], ""
		closing := "[/" + name + "]"
		if !selfClosing {
			if i := strings.Index(body[loc[1]:], closing); i >= 0 {
				inner, end = body[loc[1]:loc[1]+i], loc[1]+i+len(closing)
			} else {
				closing = ""
			}
		}
		sc := shortcode{name: strings.ToLower(name), attrs: parseAttrs(args), inner: inner}
		b.WriteString(body[:loc[0]])
		if knownShortcodes[sc.name] || len(sc.attrs) > 0 || (closing != "" && !selfClosing) {
			b.WriteString(expand(sc))
		} else {
			b.WriteString(body[loc[0]:loc[1]]) // "[1]", "[sic]": text
			end = loc[1]
		}
		body = body[end:]
	}
}

// parseAttrs reads name="value" pairs; a lone value (e.g. [embed url]) is
// not needed by any shortcode handled here.
func parseAttrs(s string) map[string]string {
	attrs := map[string]string{}
	for _, m := range shortcodeAttr.FindAllStringSubmatch(s, -1) {
		attrs[strings.ToLower(m[1])] = html.UnescapeString(m[2] + m[3] + m[4])
	}
	return attrs
}
