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
	if err := seedSettings(ctx, st, now); err != nil {
		return err
	}
	s := &seeder{st: st, ms: ms, now: now, zone: zone,
		partnerIDs: map[string]int64{}, projectIDs: map[string]int64{}, imageIDs: map[string]int64{}}
	if err := s.savePartners(ctx); err != nil {
		return err
	}
	// In this order: projects name their partners, news items their project.
	if err := s.each(ctx, "projects", s.saveProject); err != nil {
		return err
	}
	if err := s.each(ctx, "news", s.saveNews); err != nil {
		return err
	}
	return s.each(ctx, "pages", s.savePage)
}

// seedSettings saves the site's name, texts, zone and menu from site.md.
func seedSettings(ctx context.Context, st *store.Store, now time.Time) error {
	site, err := load(".")
	if err != nil || len(site) != 1 {
		return fmt.Errorf("demo: site.md: %v", err)
	}
	s := site[0]
	return st.SaveSettings(ctx, content.Settings{
		Name:       s.get("name"),
		Tagline:    s.get("tagline"),
		FooterText: s.get("footer"),
		Intro:      s.get("intro"),
		Timezone:   Zone,
		Menu: []content.MenuLink{{Label: "News", Path: "/news"}, {Label: "Projects", Path: "/projects"},
			{Label: "About us", Path: "/about"}, {Label: "Contact", Path: "/contact"}},
		FooterProject: "mobilaze",
	}, now)
}

// seeder is one Seed in progress: where it saves, the demo's clock and
// zone, and the ids that earlier items give to the later ones naming them.
type seeder struct {
	st   *store.Store
	ms   *media.Store
	now  time.Time
	zone *time.Location

	partnerIDs map[string]int64 // by key in the partners table
	projectIDs map[string]int64 // by slug
	imageIDs   map[string]int64 // by illustration kind: each is saved once
}

func (s *seeder) savePartners(ctx context.Context) error {
	for i, p := range partners {
		pt := p.p
		if err := s.st.SavePartner(ctx, &pt, p.key, p.onHome, i, s.now); err != nil {
			return err
		}
		s.partnerIDs[p.key] = pt.ID
	}
	return nil
}

// each saves every demo file in dir, in the order of their names.
func (s *seeder) each(ctx context.Context, dir string, save func(context.Context, doc) error) error {
	docs, err := load(dir)
	if err != nil {
		return err
	}
	for _, d := range docs {
		if err := save(ctx, d); err != nil {
			return err
		}
	}
	return nil
}

// entry reads what every kind of item shares from a demo file. Demo items
// are all published; the header's time is the organisation's local time.
func (s *seeder) entry(d doc) (content.Entry, error) {
	e := content.Entry{Slug: d.get("slug"), Title: d.get("title"), Summary: d.get("summary"), BodyMD: d.body, Status: content.StatusPublished}
	v := d.get("published")
	if v == "" {
		return e, nil
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", v, s.zone)
	if err != nil {
		return e, fmt.Errorf("demo: %s: published: %w", d.name, err)
	}
	e.PublishedAt = t.UTC()
	return e, nil
}

func (s *seeder) saveProject(ctx context.Context, d doc) error {
	e, err := s.entry(d)
	p := content.Project{
		Entry:        e,
		Acronym:      d.get("acronym"),
		Countries:    content.SplitList(d.get("countries")),
		DutyStations: content.SplitList(d.get("duty_stations")),
		Statement:    d.get("statement"),
	}
	errs := [3]error{err}
	p.StartDate, errs[1] = time.Parse("2006-01-02", d.get("start"))
	p.EndDate, errs[2] = time.Parse("2006-01-02", d.get("end"))
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("demo: %s: %w", d.name, err)
		}
	}
	pp, err := s.projectPartners(d)
	if err != nil {
		return err
	}
	if err := s.st.SaveProject(ctx, &p, content.SplitList(d.get("tags")), pp, s.now); err != nil {
		return err
	}
	s.projectIDs[p.Slug] = p.ID
	return nil
}

// projectPartners reads a project's three lists of partner keys.
func (s *seeder) projectPartners(d doc) (store.ProjectPartners, error) {
	var pp store.ProjectPartners
	var err error
	if pp.Funders, err = s.partnerList(d.get("funders")); err != nil {
		return pp, err
	}
	if pp.Implementers, err = s.partnerList(d.get("implementers")); err != nil {
		return pp, err
	}
	pp.Partners, err = s.partnerList(d.get("partners"))
	return pp, err
}

// partnerList turns a list of partner keys into their ids.
func (s *seeder) partnerList(list string) ([]int64, error) {
	var out []int64
	for _, k := range content.SplitList(list) {
		id, ok := s.partnerIDs[k]
		if !ok {
			return nil, fmt.Errorf("demo: unknown partner %q", k)
		}
		out = append(out, id)
	}
	return out, nil
}

func (s *seeder) saveNews(ctx context.Context, d doc) error {
	e, err := s.entry(d)
	if err != nil {
		return err
	}
	n := content.News{Entry: e}
	if slug := d.get("project"); slug != "" {
		if n.ProjectID = s.projectIDs[slug]; n.ProjectID == 0 {
			return fmt.Errorf("demo: %s: unknown project %q", d.name, slug)
		}
	}
	if kind := d.get("image"); kind != "" {
		id, err := s.illustration(ctx, kind, d.get("image_alt"))
		if err != nil {
			return err
		}
		n.LeadImage = content.Image{MediaID: id, Alt: d.get("image_alt"), Credit: d.get("image_credit")}
	}
	return s.st.SaveNews(ctx, &n, content.SplitList(d.get("tags")), s.now)
}

// illustration returns the media id of the drawn illustration of a kind,
// saving it the first time; the first news item using it gives its alt text.
func (s *seeder) illustration(ctx context.Context, kind, alt string) (int64, error) {
	if id, ok := s.imageIDs[kind]; ok {
		return id, nil
	}
	f, err := s.ms.SaveImage(Illustration(kind))
	if err != nil {
		return 0, fmt.Errorf("demo: image %s: %w", kind, err)
	}
	m := store.Media{Name: f.Name, Kind: string(f.Kind), MIME: f.MIME, Size: f.Size, Width: f.Width, Height: f.Height,
		Title: kind + " illustration", Alt: alt, Credit: "Illustration: IMPC"}
	for _, v := range f.Variants {
		m.Variants = append(m.Variants, store.MediaVariant{Width: v.Width, Height: v.Height, Name: v.Name})
	}
	if err := s.st.AddMedia(ctx, &m, s.now); err != nil {
		return 0, err
	}
	s.imageIDs[kind] = m.ID
	return m.ID, nil
}

func (s *seeder) savePage(ctx context.Context, d doc) error {
	e, err := s.entry(d)
	if err != nil {
		return err
	}
	p := content.Page{Entry: e}
	fmt.Sscanf(d.get("menu"), "%d", &p.MenuOrder)
	return s.st.SavePage(ctx, &p, s.now)
}
