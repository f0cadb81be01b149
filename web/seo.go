package web

import (
	"orgsite/assets"
	"orgsite/internal/content"
	"orgsite/views"
)

// The schema.org objects are plain maps built here, next to the handlers
// that know the page, and marshalled by the layout.

type ld = map[string]any

func organizationLD(site views.Site) ld {
	return ld{
		"@context":    "https://schema.org",
		"@type":       "Organization",
		"name":        site.Name,
		"url":         site.BaseURL + "/",
		"logo":        site.Abs(assets.Path("logos/centre.svg")),
		"description": site.Tagline,
	}
}

func publisherLD(site views.Site) ld {
	return ld{"@type": "Organization", "name": site.Name, "url": site.BaseURL + "/",
		"logo": ld{"@type": "ImageObject", "url": site.Abs(assets.Path("logos/centre.svg"))}}
}

func newsArticleLD(site views.Site, n content.News, path string) ld {
	v := ld{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"headline":         n.Title,
		"description":      n.Summary,
		"datePublished":    site.ISO(n.PublishedAt),
		"dateModified":     site.ISO(n.UpdatedAt),
		"mainEntityOfPage": site.Abs(path),
		"url":              site.Abs(path),
		"author":           publisherLD(site),
		"publisher":        publisherLD(site),
		"inLanguage":       n.Lang,
	}
	// An article needs an image for Google's rich result: its lead image,
	// else the site's share image.
	if n.LeadImage.Present() {
		v["image"] = []string{site.Abs(n.LeadImage.Src)}
	} else if site.ShareImage != "" {
		v["image"] = []string{site.Abs(site.ShareImage)}
	}
	return v
}

func breadcrumbLD(site views.Site, crumbs []views.Crumb) ld {
	items := make([]ld, len(crumbs))
	for i, c := range crumbs {
		items[i] = ld{"@type": "ListItem", "position": i + 1, "name": c.Name, "item": site.Abs(c.Path)}
	}
	return ld{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
}
