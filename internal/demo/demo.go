// Package demo seeds a new database with the example site: an international
// centre for migration policy, its EU-funded projects, news and pages,
// written in data/demo as Markdown files with a small header.
package demo

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"orgsite/data"
	"orgsite/internal/content"
	"orgsite/internal/media"
	"orgsite/internal/store"
)

// Zone is the demo organisation's time zone (it sits in Vienna).
const Zone = "Europe/Vienna"

// partners are the demo's organisations. The logos are placeholders drawn
// for the demo, except the EU emblem, drawn from its published geometry.
var partners = []struct {
	key    string
	p      content.Partner
	onHome bool
}{
	{"eu", content.Partner{Name: "European Union", URL: "https://european-union.europa.eu/", Logo: "logos/eu.svg", LogoWidth: 810, LogoHeight: 540, EU: true}, true},
	{"impc", content.Partner{Name: "International Migration Policy Centre", Logo: "logos/centre.svg", LogoWidth: 360, LogoHeight: 96}, false},
	{"iom", content.Partner{Name: "International Organization for Migration", URL: "https://www.iom.int/", Logo: "logos/iom-placeholder.svg", LogoWidth: 240, LogoHeight: 80}, true},
	{"mfa-az", content.Partner{Name: "Ministry of Foreign Affairs of the Republic of Azerbaijan", Logo: "logos/ministry.svg", LogoWidth: 200, LogoHeight: 80}, true},
	{"sms-az", content.Partner{Name: "State Migration Service of the Republic of Azerbaijan", Logo: "logos/state-migration.svg", LogoWidth: 280, LogoHeight: 80}, true},
}

// doc is one demo file: its header and Markdown body.
type doc struct {
	name   string
	header map[string]string
	body   string
}

func (d doc) get(k string) string { return d.header[k] }

func parse(name, text string) (doc, error) {
	d := doc{name: name, header: map[string]string{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var body strings.Builder
	inBody := false
	for sc.Scan() {
		line := sc.Text()
		if inBody {
			body.WriteString(line)
			body.WriteByte('\n')
			continue
		}
		if line == "---" {
			inBody = true
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return d, fmt.Errorf("demo: %s: header line %q has no colon", name, line)
		}
		d.header[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	if !inBody {
		return d, fmt.Errorf("demo: %s: no --- line before the body", name)
	}
	d.body = strings.TrimSpace(body.String())
	return d, sc.Err()
}

func load(dir string) ([]doc, error) {
	names, err := fs.Glob(data.Demo, path.Join("demo", dir, "*.md"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []doc
	for _, n := range names {
		b, err := fs.ReadFile(data.Demo, n)
		if err != nil {
			return nil, err
		}
		d, err := parse(n, string(b))
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// Seed fills an empty database with the demo site. Each item is saved
// through the store as an editor would save it.
func Seed(ctx context.Context, st *store.Store, ms *media.Store, now time.Time) error {
	zone, err := time.LoadLocation(Zone)
	if err != nil {
		return fmt.Errorf("demo: time zone: %w", err)
	}
	site, err := load(".")
	if err != nil || len(site) != 1 {
		return fmt.Errorf("demo: site.md: %v", err)
	}
	s := site[0]
	err = st.SetSettings(ctx, map[string]string{
		"site_name":      s.get("name"),
		"tagline":        s.get("tagline"),
		"footer_text":    s.get("footer"),
		"intro":          s.get("intro"),
		"timezone":       Zone,
		"menu":           "News|/news\nProjects|/projects\nAbout us|/about\nContact|/contact",
		"footer_project": "mobilaze",
	})
	if err != nil {
		return err
	}

	partnerIDs := map[string]int64{}
	for i, p := range partners {
		pt := p.p
		if err := st.SavePartner(ctx, &pt, p.key, p.onHome, i, now); err != nil {
			return err
		}
		partnerIDs[p.key] = pt.ID
	}
	ids := func(list string) ([]int64, error) {
		var out []int64
		for _, k := range store.SplitList(list) {
			id, ok := partnerIDs[k]
			if !ok {
				return nil, fmt.Errorf("demo: unknown partner %q", k)
			}
			out = append(out, id)
		}
		return out, nil
	}
	when := func(d doc, key, layout string) (time.Time, error) {
		v := d.get(key)
		if v == "" {
			return time.Time{}, nil
		}
		t, err := time.ParseInLocation(layout, v, zone)
		if err != nil {
			return t, fmt.Errorf("demo: %s: %s: %w", d.name, key, err)
		}
		return t.UTC(), nil
	}

	projects, err := load("projects")
	if err != nil {
		return err
	}
	projectIDs := map[string]int64{}
	for _, d := range projects {
		p := content.Project{
			Entry:        content.Entry{Slug: d.get("slug"), Title: d.get("title"), Summary: d.get("summary"), BodyMD: d.body, Status: content.StatusPublished},
			Acronym:      d.get("acronym"),
			Countries:    store.SplitList(d.get("countries")),
			DutyStations: store.SplitList(d.get("duty_stations")),
			Statement:    d.get("statement"),
		}
		var errs [3]error
		p.PublishedAt, errs[0] = when(d, "published", "2006-01-02T15:04")
		p.StartDate, errs[1] = time.Parse("2006-01-02", d.get("start"))
		p.EndDate, errs[2] = time.Parse("2006-01-02", d.get("end"))
		for _, err := range errs {
			if err != nil {
				return fmt.Errorf("demo: %s: %w", d.name, err)
			}
		}
		var pp store.ProjectPartners
		if pp.Funders, err = ids(d.get("funders")); err != nil {
			return err
		}
		if pp.Implementers, err = ids(d.get("implementers")); err != nil {
			return err
		}
		if pp.Partners, err = ids(d.get("partners")); err != nil {
			return err
		}
		if err := st.SaveProject(ctx, &p, store.SplitList(d.get("tags")), pp, now); err != nil {
			return err
		}
		projectIDs[p.Slug] = p.ID
	}

	images := map[string]int64{}
	news, err := load("news")
	if err != nil {
		return err
	}
	for _, d := range news {
		n := content.News{Entry: content.Entry{Slug: d.get("slug"), Title: d.get("title"), Summary: d.get("summary"), BodyMD: d.body, Status: content.StatusPublished}}
		if n.PublishedAt, err = when(d, "published", "2006-01-02T15:04"); err != nil {
			return err
		}
		if slug := d.get("project"); slug != "" {
			if n.ProjectID = projectIDs[slug]; n.ProjectID == 0 {
				return fmt.Errorf("demo: %s: unknown project %q", d.name, slug)
			}
		}
		if kind := d.get("image"); kind != "" {
			id, ok := images[kind]
			if !ok {
				f, err := ms.SaveImage(Illustration(kind))
				if err != nil {
					return fmt.Errorf("demo: image %s: %w", kind, err)
				}
				m := store.Media{Name: f.Name, Kind: string(f.Kind), MIME: f.MIME, Size: f.Size, Width: f.Width, Height: f.Height,
					Title: kind + " illustration", Alt: d.get("image_alt"), Credit: "Illustration: IMPC"}
				for _, v := range f.Variants {
					m.Variants = append(m.Variants, store.MediaVariant{Width: v.Width, Height: v.Height, Name: v.Name})
				}
				if err := st.AddMedia(ctx, &m, now); err != nil {
					return err
				}
				id = m.ID
				images[kind] = id
			}
			n.LeadImage = content.Image{MediaID: id, Alt: d.get("image_alt"), Credit: d.get("image_credit")}
		}
		if err := st.SaveNews(ctx, &n, store.SplitList(d.get("tags")), now); err != nil {
			return err
		}
	}

	pages, err := load("pages")
	if err != nil {
		return err
	}
	for _, d := range pages {
		p := content.Page{Entry: content.Entry{Slug: d.get("slug"), Title: d.get("title"), Summary: d.get("summary"), BodyMD: d.body, Status: content.StatusPublished}}
		if p.PublishedAt, err = when(d, "published", "2006-01-02T15:04"); err != nil {
			return err
		}
		fmt.Sscanf(d.get("menu"), "%d", &p.MenuOrder)
		if err := st.SavePage(ctx, &p, now); err != nil {
			return err
		}
	}
	return nil
}
