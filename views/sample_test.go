package views

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/a-h/templ"

	"orgsite/internal/content"
)

// Sample content for the view tests, close to the demo site.

var (
	baku  = time.FixedZone("AZT", 4*60*60)
	now   = time.Date(2024, 3, 12, 10, 0, 0, 0, baku)
	euOrg = content.Partner{
		ID: 1, Name: "European Union", URL: "https://european-union.europa.eu/",
		Logo: "logos/eu.svg", LogoWidth: 810, LogoHeight: 540, EU: true,
	}
	centre = content.Partner{
		ID: 2, Name: "International Migration Policy Centre", URL: "https://example.org/",
		Logo: "logos/centre.svg", LogoWidth: 360, LogoHeight: 96,
	}
	iom = content.Partner{
		ID: 3, Name: "International Organization for Migration",
		Logo: "logos/iom-placeholder.svg", LogoWidth: 240, LogoHeight: 80,
	}
	ministry = content.Partner{
		ID: 4, Name: "Ministry of Foreign Affairs of Azerbaijan",
		Logo: "logos/ministry.svg", LogoWidth: 200, LogoHeight: 80,
	}
	tagProject  = content.Tag{Slug: "project-news", Name: "Project news"}
	tagMobility = content.Tag{Slug: "mobility-partnership", Name: "Mobility partnership"}
	tagCapacity = content.Tag{Slug: "capacity-development", Name: "Capacity development"}
)

func sampleSite() Site {
	mobilaze := sampleProject()
	return Site{
		Name:       "International Migration Policy Centre",
		Tagline:    "Migration policy that works for people and states",
		BaseURL:    "https://impc.example.org",
		FooterText: "The International Migration Policy Centre is an intergovernmental organisation.",
		Menu: []MenuItem{
			{Label: "Home", Path: "/"},
			{Label: "News", Path: "/news"},
			{Label: "Projects", Path: "/projects"},
			{Label: "About", Path: "/about"},
		},
		LegalPath: "/legal",
		Zone:      baku,
		Funding:   &mobilaze,
		Now:       now,
	}
}

func sampleProject() content.Project {
	return content.Project{
		Entry: content.Entry{
			Slug:     "mobilaze",
			Title:    "Support to the Implementation of the Mobility Partnership with Azerbaijan",
			Summary:  "Helping Azerbaijan and the EU put their Mobility Partnership into practice.",
			BodyHTML: "<p>The project supports the State Migration Service.</p>",
		},
		Acronym:      "MOBILAZE",
		StartDate:    time.Date(2021, 6, 1, 0, 0, 0, 0, baku),
		EndDate:      time.Date(2024, 5, 31, 0, 0, 0, 0, baku),
		Countries:    []string{"Azerbaijan"},
		DutyStations: []string{"Baku"},
		Tags:         []content.Tag{tagCapacity, tagMobility},
		Funders:      []content.Partner{euOrg},
		Implementers: []content.Partner{centre},
		Partners:     []content.Partner{iom, ministry},
		Statement:    content.StatementFunded,
	}
}

func sampleImage() content.Image {
	return content.Image{
		MediaID: 7,
		Src:     "/media/2024/conference-1600.jpg",
		Srcset:  "/media/2024/conference-480.jpg 480w, /media/2024/conference-960.jpg 960w, /media/2024/conference-1600.jpg 1600w",
		Width:   1600, Height: 900,
		Alt:    "Speakers on the podium of the conference hall in Baku",
		Credit: "Photo: IMPC",
	}
}

func sampleNews(n int) []content.Summary {
	items := []content.Summary{
		{Kind: content.KindNews, Slug: "mobility-partnership-in-azerbaijan", Title: "Mobility Partnership in Azerbaijan: international conference in Baku",
			Summary: "Experts from ten countries met in Baku.", PublishedAt: now.AddDate(0, 0, -3), Image: sampleImage(), Tags: []content.Tag{tagProject, tagMobility}},
		{Kind: content.KindNews, Slug: "border-officials-training", Title: "Training for border officials",
			Summary: "Forty officers trained on document security.", PublishedAt: now.AddDate(0, 0, -20), Tags: []content.Tag{tagProject}},
		{Kind: content.KindNews, Slug: "study-visit-riga", Title: "Study visit to Riga",
			Summary: "A delegation learnt from Latvia's experience.", PublishedAt: now.AddDate(0, -2, 0)},
	}
	return items[:min(n, len(items))]
}

func meta(title, path string) Meta {
	return Meta{
		Title: title, Description: "A page of the sample site about " + title + ".", Path: path,
		Breadcrumbs: []Crumb{{Name: "Home", Path: "/"}, {Name: title, Path: path}},
		JSONLD: []any{map[string]any{
			"@context": "https://schema.org", "@type": "BreadcrumbList",
			"itemListElement": []any{map[string]any{"@type": "ListItem", "position": 1, "name": "Home </script>", "item": "https://impc.example.org/"}},
		}},
	}
}

// samplePages renders every exported page component with realistic props.
func samplePages() []struct {
	name string
	c    templ.Component
} {
	site := sampleSite()
	project := sampleProject()
	completed := sampleProject()
	completed.Slug, completed.Acronym, completed.Title = "reintegration", "REINT", "Sustainable Reintegration of Returnees"
	completed.StartDate, completed.EndDate = time.Date(2018, 1, 1, 0, 0, 0, 0, baku), time.Date(2020, 12, 31, 0, 0, 0, 0, baku)
	upcoming := sampleProject()
	upcoming.Slug, upcoming.Acronym, upcoming.Title = "labour-mobility", "LAMO", "Labour Mobility Schemes"
	upcoming.StartDate, upcoming.EndDate = time.Date(2025, 1, 1, 0, 0, 0, 0, baku), time.Time{}
	news := content.News{
		Entry: content.Entry{
			Slug: "mobility-partnership-in-azerbaijan", Title: "Mobility Partnership in Azerbaijan",
			Summary: "A one-day international conference in Baku.", PublishedAt: now.AddDate(0, 0, -3),
			BodyHTML: "<p>The conference was opened by the Deputy Minister.</p><table><tr><th>Session</th></tr></table>",
		},
		Tags:      []content.Tag{tagProject, tagMobility},
		Project:   &content.ProjectRef{Slug: "mobilaze", Title: project.Title, Acronym: "MOBILAZE"},
		LeadImage: sampleImage(),
	}
	newsMeta := meta(news.Title, "/news/"+news.Slug)
	newsMeta.OGType, newsMeta.Image, newsMeta.ImageAlt = "article", "https://impc.example.org/media/2024/conference-1600.jpg", sampleImage().Alt
	newsMeta.Published = news.PublishedAt
	listMeta := meta("News", "/news")
	listMeta.NextPath = "/news?page=2"
	searchMeta := meta("Search", "/search")
	searchMeta.NoIndex = true
	return []struct {
		name string
		c    templ.Component
	}{
		{"home", Home(site, HomePage{
			Meta:  Meta{Title: site.Name, Description: site.Tagline, Path: "/"},
			Intro: "We help governments build migration policies.", Latest: sampleNews(3),
			Projects: []content.Project{project, upcoming}, Partners: []content.Partner{euOrg, centre, iom, ministry},
		})},
		{"news list", NewsList(site, NewsListPage{Meta: listMeta, Items: sampleNews(3), Pager: Pager{Page: 1, Pages: 3, Base: "/news"}})},
		{"news list empty", NewsList(site, NewsListPage{Meta: meta("News", "/news"), Pager: Pager{Page: 1, Pages: 1, Base: "/news"}})},
		{"news item", NewsItem(site, NewsPage{Meta: newsMeta, Item: news, Related: sampleNews(3)[1:]})},
		{"project list", ProjectList(site, ProjectListPage{Meta: meta("Projects", "/projects"),
			Ongoing: []content.Project{project}, Upcoming: []content.Project{upcoming}, Completed: []content.Project{completed}})},
		{"project ongoing", ProjectItem(site, ProjectPage{Meta: meta(project.Title, "/projects/mobilaze"), Item: project, News: sampleNews(2)})},
		{"project completed", ProjectItem(site, ProjectPage{Meta: meta(completed.Title, "/projects/reintegration"), Item: completed})},
		{"plain page", PlainPage(site, PagePage{Meta: meta("About us", "/about"), Item: content.Page{Entry: content.Entry{
			Slug: "about", Title: "About us", BodyHTML: "<p>We are a centre.</p>"}}})},
		{"tag", TagList(site, TagPage{Meta: meta("Tagged: Project news", "/tags/project-news"), Tag: tagProject, Items: sampleNews(2),
			Projects: []content.Summary{{Kind: content.KindProject, Slug: "mobilaze", Title: project.Title}}, Pager: Pager{Page: 2, Pages: 2, Base: "/tags/project-news"}})},
		{"search hits", Search(site, SearchPage{Meta: searchMeta, Query: "baku", Searched: true, Total: 1, Pager: Pager{Page: 1, Pages: 1, Base: "/search?q=baku"},
			Results: []SearchResult{{Kind: content.KindNews, Title: "Mobility Partnership in Azerbaijan", Path: "/news/mobility-partnership-in-azerbaijan",
				Date: now, Snippet: []Segment{{Text: "…a conference in "}, {Text: "Baku", Match: true}, {Text: " <b>on</b> mobility…"}}}}})},
		{"search none", Search(site, SearchPage{Meta: searchMeta, Query: "zzz", Searched: true, Pager: Pager{Page: 1, Pages: 1}})},
		{"search form", Search(site, SearchPage{Meta: searchMeta})},
		{"sitemap", SiteMap(site, SitemapPage{Meta: meta("Site map", "/sitemap"),
			Pages:    []content.Summary{{Kind: content.KindPage, Slug: "about", Title: "About us"}},
			Projects: []content.Summary{{Kind: content.KindProject, Slug: "mobilaze", Title: project.Title}},
			News:     sampleNews(3), Tags: []content.Tag{tagProject, tagMobility}})},
		{"error", Error(site, ErrorPage{Meta: Meta{Title: "Page not found", Path: "/nowhere", NoIndex: true}, Status: 404,
			Heading: "Page not found", Message: "There is no page at this address."})},
	}
}

func render(t *testing.T, c templ.Component) string {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	return buf.String()
}
