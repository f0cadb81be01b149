package content

// XDefault is the hreflang of the version for readers whose language the
// site does not have: the default language's.
const XDefault = "x-default"

// Hreflang is a page in one language, as an hreflang link names it: the
// language's code (or XDefault) and the page's path in that language.
type Hreflang struct {
	Lang string
	Path string
}

// Hreflangs are the hreflang links of a page published in versions (one
// per language, the page itself included): every version, then XDefault
// for the default language's. A page in one language has none, and
// XDefault is left out when the default language has no version.
func Hreflangs(versions []Hreflang, def Lang) []Hreflang {
	if len(versions) < 2 {
		return nil
	}
	out := make([]Hreflang, len(versions), len(versions)+1)
	copy(out, versions)
	for _, v := range versions {
		if v.Lang == string(def) {
			return append(out, Hreflang{Lang: XDefault, Path: v.Path})
		}
	}
	return out
}
