package admin

import (
	"strings"
	"time"

	"orgsite/assets"
	"orgsite/web/form"
)

// PartnerListPage lists the partner organisations.
type PartnerListPage struct {
	Chrome
	Rows    []PartnerRow
	Query   string
	Page    int
	Pages   int
	Total   int
	BaseURL string
}

// PartnerRow is one partner in the list.
type PartnerRow struct {
	ID       int64
	Name     string
	Key      string
	URL      string
	Logo     string // as stored: "logos/eu.svg" or "/media/…"
	LogoW    int
	LogoH    int
	EU       bool
	OnHome   bool
	Position int
	Projects int
	Updated  time.Time
}

// PartnerForm is the editor of a partner, new or saved.
type PartnerForm struct {
	Chrome
	form.Partner
	Current  string // the saved logo, "logos/eu.svg" or "/media/…"
	CurrentW int
	CurrentH int
	Logos    []Option
	Projects int
	Updated  time.Time
}

// LogoSrc is the URL that shows a stored logo: a media URL as is, an asset
// path by its fingerprinted URL; "" when there is nothing to show.
func LogoSrc(logo string) string {
	switch {
	case logo == "":
		return ""
	case strings.HasPrefix(logo, "/media/"):
		return logo
	case assets.Exists(logo):
		return assets.Path(logo)
	}
	return ""
}

// fitBox scales a logo of w×h to fit in maxW×maxH, keeping its proportions
// and never enlarging it; a logo of unknown size gets the whole box.
func fitBox(w, h, maxW, maxH int) (int, int) {
	if w <= 0 || h <= 0 {
		return maxW, maxH
	}
	if h > maxH {
		w, h = (w*maxH+h/2)/h, maxH
	}
	if w > maxW {
		w, h = maxW, (h*maxW+w/2)/w
	}
	return max(w, 1), max(h, 1)
}
