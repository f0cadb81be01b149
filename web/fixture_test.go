package web

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/media"
	"orgsite/internal/store"
	"orgsite/internal/testkit"
)

// The fixture is the site every web test starts from. seedFixture saves it
// through the store, as an editor would; the tests read the names, slugs
// and dates they assert on from here, never from the demo content in
// data/demo, whose text is free to change (TestDemoSite alone looks at it).

// Site settings.
const (
	fxSiteName = "Northwind Policy Institute"
	fxZone     = "Europe/Vienna"
)

// Partner keys, by the role each plays in the projects.
const (
	fxEU       = "eu"       // the EU: funds every fixture project
	fxCentre   = "centre"   // the organisation itself: implements them
	fxAgency   = "agency"   // a partner on the home page
	fxMinistry = "ministry" // a partner, and a non-EU funder in some tests
	fxService  = "service"

	fxAgencyName = "Coastal Migration Agency"
	// fxMediaTitle is the title of every picture of the fixture.
	fxMediaTitle = "Fixture picture"
)

// The three projects, one in each phase at testStart.
var (
	fxOngoing = fxProject{Slug: "harbour", Acronym: "HARBOUR", Title: "Support to the Harbour Mobility Partnership with Freedonia",
		Country: "Freedonia", Station: "Lakeport", Start: "2021-06-01", End: "2027-05-31", Statement: content.StatementFunded,
		Partners: []string{fxAgency, fxMinistry, fxService}}
	fxCompleted = fxProject{Slug: "tidal", Acronym: "TIDAL", Title: "Labour Mobility and Return in the Tidal Region",
		Country: "Freedonia, Sylvania", Station: "Rivermouth", Start: "2019-03-01", End: "2023-08-31", Statement: content.StatementCoFunded,
		Partners: []string{fxAgency, fxService}}
	fxUpcoming = fxProject{Slug: "estuary", Acronym: "ESTUARY", Title: "Migration Data for the Estuary Countries",
		Country: "Freedonia, Sylvania", Station: "Lakeport, Rivermouth", Start: "2027-01-01", End: "2029-12-31", Statement: content.StatementFunded,
		Partners: []string{fxAgency, fxService}}
	fxProjects = []fxProject{fxOngoing, fxCompleted, fxUpcoming}
)

// News the tests name; fxNews holds them and the others.
const (
	// fxConferenceSlug is the newest item: an event of the ongoing project,
	// with a lead image, found by searching fxSearchWord.
	fxConferenceSlug  = "harbour-conference-lakeport"
	fxConferenceTitle = "International conference in Lakeport takes stock of the partnership"
	fxConferenceAlt   = "Delegates seated around a long table with name cards"
	fxSearchWord      = "lakeport"
	// fxSekiSlug is an item with Azerbaijani letters, for search folding.
	fxSekiSlug = "seminars-seki-gence"
	// fxEventsTag is the tag of the conference and a few others.
	fxEventsTag  = "Events"
	fxEventsPath = "/tags/events"
)

var fxNews = []fxNewsItem{
	{fxConferenceSlug, fxConferenceTitle, "2026-11-12T17:30", fxOngoing.Slug,
		"Delegates met in Lakeport to review the [" + fxOngoing.Acronym + "](/projects/" + fxOngoing.Slug + ") mobility partnership.",
		[]string{"Project news", fxEventsTag, "Mobility partnership"}},
	{"border-training-document-security", "Border officials complete training on document security", "2026-09-24T11:00", fxOngoing.Slug,
		"Two weeks of training on forged documents.", []string{"Project news", "Training", "Border management"}},
	{"study-visit-migration-management", "Officials study migration management abroad", "2026-06-10T09:30", fxOngoing.Slug,
		"A study visit to three public service centres.", []string{"Project news", "Study visit"}},
	{"new-project-migration-data", "New project on migration data", "2026-04-22T11:30", fxUpcoming.Slug,
		"The " + fxUpcoming.Acronym + " project will begin in January 2027.", []string{"Project news", "Migration data"}},
	{"call-expert-roster", "Call for applications to the roster of experts", "2026-02-02T10:00", "",
		"Experts in border management and labour migration may apply.", []string{"Calls", "Labour migration"}},
	{"workshop-labour-statistics", "Workshop looks at how to measure labour migration", "2025-11-05T14:00", fxOngoing.Slug,
		"Statisticians compared surveys and registers.", []string{fxEventsTag, "Migration data"}},
	{"steering-committee-2025", "Steering committee agrees the work plan", "2025-06-18T15:00", fxOngoing.Slug,
		"The partners agreed the plan for the next two years.", []string{"Project news", "Migration governance"}},
	{fxSekiSlug, "Regional seminars in Şəki and Gəncə", "2025-03-27T13:00", fxOngoing.Slug,
		"Seminars for local officials in Şəki and Gəncə.", []string{fxEventsTag, "Project news"}},
	{"report-partnership-review", "New report reviews a decade of the partnership", "2024-12-10T12:00", fxOngoing.Slug,
		"The report looks back on ten years of cooperation.", []string{"Publications", "Project news"}},
	{"tidal-final-evaluation", "Final evaluation finds lasting results", "2024-04-16T10:00", fxCompleted.Slug,
		"The evaluation of " + fxCompleted.Acronym + " is published.", []string{"Project news", "Publications"}},
}

// Pages, at the paths the site's menu and footer link.
const (
	fxLegalStreet = "Quayside" // a word only the legal notice holds
)

var fxPages = []fxPage{
	{"about", "About us", 2, "We are an independent institute."},
	{"contact", "Contact", 5, "Write to us at info@example.org."},
	{"legal", "Legal notice", 0, fxSiteName + "\\\n" + fxLegalStreet + " 12\\\n1010 Vienna"},
}

// fxProject is one project of the fixture; every one is funded by the EU
// and implemented by fxCentre.
type fxProject struct {
	Slug, Acronym, Title string
	Country, Station     string
	Start, End           string // dates, 2006-01-02
	Statement            string
	Partners             []string
}

type fxNewsItem struct {
	Slug, Title string
	Published   string // local time in fxZone, 2006-01-02T15:04
	Project     string // slug, "" for none
	Body        string
	Tags        []string
}

type fxPage struct {
	Slug, Title string
	Menu        int
	Body        string
}

// fxOldestNews lists the slugs of the n oldest fixture news items.
func fxOldestNews(n int) []string {
	items := slices.Clone(fxNews)
	slices.SortFunc(items, func(a, b fxNewsItem) int { return strings.Compare(a.Published, b.Published) })
	var out []string
	for _, it := range items[:n] {
		out = append(out, it.Slug)
	}
	return out
}

// seedFixture saves the fixture into an empty store.
func seedFixture(ctx context.Context, st *store.Store, ms *media.Store, now time.Time) error {
	zone, err := time.LoadLocation(fxZone)
	if err != nil {
		return err
	}
	err = st.SaveSettings(ctx, content.Settings{
		Name: fxSiteName, Tagline: "Policy through partnership",
		FooterText: fxSiteName + " works on fair and safe migration.",
		Intro:      fxSiteName + " helps governments turn commitments into policy.",
		Timezone:   fxZone, FooterProject: fxOngoing.Slug,
		Menu: []content.MenuLink{{Label: "News", Path: "/news"}, {Label: "Projects", Path: "/projects"},
			{Label: "About us", Path: "/about"}, {Label: "Contact", Path: "/contact"}},
	}, now)
	if err != nil {
		return err
	}
	partners := []struct {
		key    string
		p      content.Partner
		onHome bool
	}{
		{fxEU, content.Partner{Name: "European Union", URL: "https://european-union.europa.eu/", Logo: "logos/eu.svg", LogoWidth: 810, LogoHeight: 540, EU: true}, true},
		{fxCentre, content.Partner{Name: fxSiteName, Logo: "logos/centre.svg", LogoWidth: 360, LogoHeight: 96}, false},
		{fxAgency, content.Partner{Name: fxAgencyName, URL: "https://agency.example.org/", Logo: "logos/iom-placeholder.svg", LogoWidth: 240, LogoHeight: 80}, true},
		{fxMinistry, content.Partner{Name: "Ministry of the Interior of Freedonia", Logo: "logos/ministry.svg", LogoWidth: 200, LogoHeight: 80}, true},
		{fxService, content.Partner{Name: "Border Service of Freedonia", Logo: "logos/state-migration.svg", LogoWidth: 280, LogoHeight: 80}, true},
	}
	ids := map[string]int64{}
	for i, p := range partners {
		if err := st.SavePartner(ctx, &p.p, p.key, p.onHome, i, now); err != nil {
			return err
		}
		ids[p.key] = p.p.ID
	}

	projectIDs := map[string]int64{}
	for i, fp := range fxProjects {
		p := content.Project{
			Entry: content.Entry{Slug: fp.Slug, Title: fp.Title, Status: content.StatusPublished,
				Summary:     fp.Acronym + " works on the mobility partnership in " + fp.Country + ".",
				BodyMD:      "## Objectives\n\n" + fp.Acronym + " supports the mobility partnership from " + fp.Station + ".",
				PublishedAt: time.Date(2024, 1, 15, 10, i, 0, 0, zone).UTC()},
			Acronym: fp.Acronym, Countries: content.SplitList(fp.Country), DutyStations: content.SplitList(fp.Station), Statement: fp.Statement,
		}
		p.StartDate, _ = time.Parse(time.DateOnly, fp.Start)
		p.EndDate, _ = time.Parse(time.DateOnly, fp.End)
		pp := store.ProjectPartners{Funders: []int64{ids[fxEU]}, Implementers: []int64{ids[fxCentre]}}
		for _, k := range fp.Partners {
			pp.Partners = append(pp.Partners, ids[k])
		}
		if err := st.SaveProject(ctx, &p, []string{"Capacity development", "Mobility partnership"}, pp, now); err != nil {
			return fmt.Errorf("project %s: %w", fp.Slug, err)
		}
		projectIDs[fp.Slug] = p.ID
	}

	for i, fn := range fxNews {
		img, err := fxImage(ctx, st, ms, 1200+i, 675, now)
		if err != nil {
			return err
		}
		n := content.News{Entry: content.Entry{Slug: fn.Slug, Title: fn.Title, Summary: fn.Title + ".", BodyMD: fn.Body, Status: content.StatusPublished},
			ProjectID: projectIDs[fn.Project]}
		if fn.Slug == fxConferenceSlug {
			n.LeadImage = content.Image{MediaID: img, Alt: fxConferenceAlt, Credit: "Photo: Test"}
		} else {
			n.LeadImage = content.Image{MediaID: img, Alt: "Illustration of " + fn.Title, Credit: "Photo: Test"}
		}
		if n.PublishedAt, err = time.ParseInLocation("2006-01-02T15:04", fn.Published, zone); err != nil {
			return err
		}
		if err := st.SaveNews(ctx, &n, fn.Tags, now); err != nil {
			return fmt.Errorf("news %s: %w", fn.Slug, err)
		}
	}

	for _, fp := range fxPages {
		p := content.Page{Entry: content.Entry{Slug: fp.Slug, Title: fp.Title, Summary: fp.Title + " of " + fxSiteName + ".", BodyMD: fp.Body,
			Status: content.StatusPublished, PublishedAt: time.Date(2024, 1, 8, 9, 0, 0, 0, zone).UTC()}, MenuOrder: fp.Menu}
		if err := st.SavePage(ctx, &p, now); err != nil {
			return fmt.Errorf("page %s: %w", fp.Slug, err)
		}
	}
	return nil
}

// fxImage stores a w×h picture in the media library and returns its id.
func fxImage(ctx context.Context, st *store.Store, ms *media.Store, w, h int, now time.Time) (int64, error) {
	f, err := ms.SaveImage(testkit.Gradient(w, h))
	if err != nil {
		return 0, err
	}
	m := store.Media{Name: f.Name, Kind: string(f.Kind), MIME: f.MIME, Size: f.Size, Width: f.Width, Height: f.Height, Title: fxMediaTitle, Alt: "A gradient"}
	for _, v := range f.Variants {
		m.Variants = append(m.Variants, store.MediaVariant{Width: v.Width, Height: v.Height, Name: v.Name})
	}
	err = st.AddMedia(ctx, &m, now)
	return m.ID, err
}
