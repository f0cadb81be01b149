package web

import (
	"cmp"
	"strconv"
	"time"

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

// publicationLD describes a publication: a Report, or a Book when it has
// an ISBN, with its document as the encoding people download.
func publicationLD(site views.Site, p content.Publication, path string) ld {
	v := ld{
		"@context":      "https://schema.org",
		"@type":         "Report",
		"name":          p.Title,
		"headline":      p.Title,
		"description":   p.Summary,
		"datePublished": site.ISO(p.PublishedAt),
		"dateModified":  site.ISO(p.UpdatedAt),
		"url":           site.Abs(path),
		"publisher":     publisherLD(site),
		"inLanguage":    cmp.Or(p.DocLang, p.Lang),
	}
	if p.ISBN != "" {
		v["@type"], v["isbn"] = "Book", p.ISBN
	}
	if len(p.Authors) > 0 {
		authors := make([]ld, len(p.Authors))
		for i, a := range p.Authors {
			authors[i] = ld{"@type": "Person", "name": a}
		}
		v["author"] = authors
	} else {
		v["author"] = publisherLD(site)
	}
	if p.DOI != "" {
		v["identifier"] = ld{"@type": "PropertyValue", "propertyID": "DOI", "value": p.DOI}
		v["sameAs"] = "https://doi.org/" + p.DOI
	}
	if p.Cover.Present() {
		v["image"] = site.Abs(p.Cover.Src)
	}
	if p.Document.Present() {
		enc := ld{"@type": "MediaObject", "contentUrl": site.Abs(p.Document.URL), "encodingFormat": p.Document.MIME,
			"contentSize": strconv.FormatInt(p.Document.Size, 10) + " B"}
		v["encoding"] = enc
		if p.Document.Pages > 0 {
			v["numberOfPages"] = p.Document.Pages
		}
	}
	return v
}

// eventLD describes an event with its time, place or online link, and
// status, as Google's event rich results read it.
func eventLD(site views.Site, e content.Event, path string) ld {
	v := ld{
		"@context":    "https://schema.org",
		"@type":       "Event",
		"name":        e.Title,
		"description": cmp.Or(e.Summary, e.Title),
		"url":         site.Abs(path),
		"eventStatus": "https://schema.org/EventScheduled",
		"organizer":   ld{"@type": "Organization", "name": site.Name, "url": site.BaseURL + "/"},
		"inLanguage":  e.Lang,
	}
	zone := site.Location()
	if e.AllDay {
		v["startDate"] = e.StartsAt.In(zone).Format(time.DateOnly)
		v["endDate"] = e.LastDay(zone).Format(time.DateOnly)
	} else {
		v["startDate"] = site.ISO(e.StartsAt)
		v["endDate"] = site.ISO(e.EndsAt)
	}
	var places []ld
	if e.InPerson() {
		addr := ld{"@type": "PostalAddress"}
		if e.City != "" {
			addr["addressLocality"] = e.City
		}
		if e.Country != "" {
			addr["addressCountry"] = e.Country
		}
		places = append(places, ld{"@type": "Place", "name": cmp.Or(e.Venue, e.City, e.Country), "address": addr})
	}
	if e.Online() {
		places = append(places, ld{"@type": "VirtualLocation", "url": e.OnlineURL})
	}
	switch {
	case e.InPerson() && e.Online():
		v["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
	case e.Online():
		v["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
	default:
		v["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
	}
	if len(places) == 1 {
		v["location"] = places[0]
	} else if len(places) > 1 {
		v["location"] = places
	}
	if e.RegistrationURL != "" {
		offer := ld{"@type": "Offer", "url": e.RegistrationURL, "price": "0", "priceCurrency": "EUR", "availability": "https://schema.org/InStock"}
		if !e.RegistrationDeadline.IsZero() {
			offer["validThrough"] = site.ISO(e.RegistrationDeadline)
		}
		v["offers"] = offer
	}
	return v
}

// jobPostingLD describes a vacancy, open until its deadline.
func jobPostingLD(site views.Site, c content.Call, path string) ld {
	org := ld{"@type": "Organization", "name": site.Name, "sameAs": site.BaseURL + "/", "logo": site.Abs(assets.Path("logos/centre.svg"))}
	v := ld{
		"@context":           "https://schema.org",
		"@type":              "JobPosting",
		"title":              c.Title,
		"description":        cmp.Or(c.BodyHTML, c.Summary, c.Title),
		"datePosted":         site.ISO(c.PublishedAt),
		"validThrough":       site.ISO(c.Deadline),
		"url":                site.Abs(path),
		"hiringOrganization": org,
		"jobLocation":        ld{"@type": "Place", "address": ld{"@type": "PostalAddress", "addressLocality": site.Name}},
	}
	if c.Reference != "" {
		v["identifier"] = ld{"@type": "PropertyValue", "name": site.Name, "value": c.Reference}
	}
	return v
}
