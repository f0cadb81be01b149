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
	Menu          []MenuLink
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
