package content

import (
	"strings"
	"time"
)

// Settings are the site's settings, as an admin sets them under Settings.
// The store loads and saves them in one place; nothing else knows how they
// are kept.
type Settings struct {
	Name       string
	Tagline    string
	Intro      string
	FooterText string
	Timezone   string // an IANA zone name; empty means UTC
	// LegalPath is the legal notice every page links; empty means /legal.
	LegalPath string
	// FooterProject is the slug of the project whose funding block the
	// footer shows; empty for none.
	FooterProject string
	// ShareImage is the picture link previews and structured data show for
	// a page without one of its own ("/media/…"); empty for none.
	ShareImage string
	// BrandColor is the colour of the menu bar, links and buttons; empty
	// for the stylesheet's own.
	BrandColor BrandColor
	// Logo is the library image shown beside the site name ("/media/…");
	// empty for the site's mark.
	Logo string
	// Require2FA sends every account without two-factor sign-in to set it
	// up before anything else.
	Require2FA bool
	Menu       []MenuLink
	// Languages are the site's languages; the first is the default, whose
	// pages have no prefix. Empty means English alone.
	Languages []Lang
	// Statements are the EU funding statements per language, as edited;
	// a language without one uses the standard wording.
	Statements map[Lang]EUStatement
	// Texts are the tagline, intro, footer and menu in each language other
	// than the default; what a language leaves empty comes from the
	// default language (see In).
	Texts map[Lang]SiteTexts
}

// SiteTexts are the settings written in words, in one language.
type SiteTexts struct {
	Tagline    string
	Intro      string
	FooterText string
	Menu       []MenuLink
}

// In is the settings as a page in language l shows them: l's texts where
// it has them, the default language's elsewhere.
func (s Settings) In(l Lang) Settings {
	t, ok := s.Texts[l]
	if !ok || l == s.DefaultLang() {
		return s
	}
	s.Tagline, s.Intro, s.FooterText = or(t.Tagline, s.Tagline), or(t.Intro, s.Intro), or(t.FooterText, s.FooterText)
	if len(t.Menu) > 0 {
		s.Menu = t.Menu
	}
	return s
}

// EUStatement is the sentence shown beside the EU emblem, in one language.
type EUStatement struct {
	Funded   string // "Funded by the European Union"
	CoFunded string // "Co-funded by the European Union"
}

// StandardStatements are the EU's own wordings of the funding statement.
var StandardStatements = map[Lang]EUStatement{
	"en": {Funded: "Funded by the European Union", CoFunded: "Co-funded by the European Union"},
	"az": {Funded: "Avropa İttifaqı tərəfindən maliyyələşdirilir", CoFunded: "Avropa İttifaqı tərəfindən birgə maliyyələşdirilir"},
	"ru": {Funded: "Финансируется Европейским союзом", CoFunded: "Софинансируется Европейским союзом"},
}

// Langs are the site's languages, the default first.
func (s Settings) Langs() []Lang {
	if len(s.Languages) == 0 {
		return []Lang{DefaultLang}
	}
	return s.Languages
}

// DefaultLang is the site's default language.
func (s Settings) DefaultLang() Lang { return s.Langs()[0] }

// HasLang reports whether the site is written in l.
func (s Settings) HasLang(l Lang) bool {
	for _, have := range s.Langs() {
		if have == l {
			return true
		}
	}
	return false
}

// Statement is the funding statement of a project's variant
// (StatementFunded or StatementCoFunded) in language l.
func (s Settings) Statement(l Lang, variant string) string {
	st, std := s.Statements[l], StandardStatements[l]
	if std == (EUStatement{}) {
		std = StandardStatements[DefaultLang]
	}
	if variant == StatementCoFunded {
		return or(st.CoFunded, std.CoFunded)
	}
	return or(st.Funded, std.Funded)
}

// MenuLink is one link of the site's main menu.
type MenuLink struct {
	Label string
	Path  LocalPath
}

// DefaultLegalPath is the legal notice's address when none is set.
const DefaultLegalPath = "/legal"

// SiteName is the site's name, "orgsite" until one is given.
func (s Settings) SiteName() string { return or(s.Name, "orgsite") }

// Legal is the address of the legal notice.
func (s Settings) Legal() string { return or(s.LegalPath, DefaultLegalPath) }

// Zone is the site's time zone; UTC when unset or unknown.
func (s Settings) Zone() *time.Location {
	if s.Timezone == "" {
		return time.UTC
	}
	zone, err := time.LoadLocation(s.Timezone)
	if err != nil {
		return time.UTC
	}
	return zone
}

func or(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return v
}
