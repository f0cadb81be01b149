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

// doc is one demo file: its header and Markdown body. A translation
// names its language ("lang: az") and its original by the original's slug
// ("translation_of: mobilaze"); group is the original's translation group,
// known once the original is saved.
type doc struct {
	name   string
	header map[string]string
	body   string
	group  int64
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
	if err := s.each(ctx, "pages", s.savePage); err != nil {
		return err
	}
	if err := s.seedMore(ctx); err != nil {
		return err
	}
	return s.shareImage(ctx, "conference")
}

// shareImage makes the illustration of kind the site's share image: link
// previews of pages without a picture of their own show it.
func (s *seeder) shareImage(ctx context.Context, kind string) error {
	id, ok := s.imageIDs[kind]
	if !ok {
		return nil
	}
	m, err := s.st.MediaByID(ctx, id)
	if err != nil {
		return err
	}
	set, err := s.st.Settings(ctx)
	if err != nil {
		return err
	}
	set.ShareImage = store.MediaURL(m.Name)
	return s.st.SaveSettings(ctx, set, s.now)
}

// seedSettings saves the site's name, languages, texts in each language,
// zone and menus from site.md.
func seedSettings(ctx context.Context, st *store.Store, now time.Time) error {
	site, err := load(".")
	if err != nil || len(site) != 1 {
		return fmt.Errorf("demo: site.md: %v", err)
	}
	s := site[0]
	langs, err := content.ParseLangs(s.get("languages"))
	if err != nil {
		return fmt.Errorf("demo: site.md: languages: %w", err)
	}
	// An organisation's site, not one project's: no funding statement in
	// the footer of every page (that would say the whole site is EU-funded);
	// each project's pages and items carry their own block.
	set := content.Settings{Name: s.get("name"), Timezone: Zone, Languages: langs,
		Texts: map[content.Lang]content.SiteTexts{}}
	for i, l := range langs {
		t, err := siteTexts(s, l, i == 0)
		if err != nil {
			return err
		}
		if i == 0 {
			set.Tagline, set.Intro, set.FooterText, set.Menu = t.Tagline, t.Intro, t.FooterText, t.Menu
			continue
		}
		set.Texts[l] = t
	}
	return st.SaveSettings(ctx, set, now)
}

// siteTexts reads site.md's texts in language l: the plain keys
// ("tagline") for the default language, the keys with the language's code
// ("tagline.az") for the others.
func siteTexts(s doc, l content.Lang, isDefault bool) (content.SiteTexts, error) {
	key := func(k string) string {
		if isDefault {
			return k
		}
		return k + "." + string(l)
	}
	menu, err := menuLinks(s.get(key("menu")))
	if err != nil {
		return content.SiteTexts{}, fmt.Errorf("demo: site.md: %s: %w", key("menu"), err)
	}
	return content.SiteTexts{Tagline: s.get(key("tagline")), Intro: s.get(key("intro")),
		FooterText: s.get(key("footer")), Menu: menu}, nil
}

// menuLinks reads a menu written as "News /news; About us /about": links
// separated by semicolons, each a label and then its address.
func menuLinks(v string) ([]content.MenuLink, error) {
	var out []content.MenuLink
	for _, part := range strings.Split(v, ";") {
		part = strings.TrimSpace(part)
		i := strings.LastIndexByte(part, ' ')
		if i < 0 {
			return nil, fmt.Errorf("menu link %q: want a label and an address", part)
		}
		p, err := content.ParseLocalPath(part[i+1:])
		if err != nil {
			return nil, fmt.Errorf("menu link %q: %w", part, err)
		}
		out = append(out, content.MenuLink{Label: strings.TrimSpace(part[:i]), Path: p})
	}
	return out, nil
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

// each saves every demo file in dir: first the originals, in the order
// of their names, then the translations, each joining its original's
// group (see translation).
func (s *seeder) each(ctx context.Context, dir string, save func(context.Context, doc) (content.Entry, error)) error {
	docs, err := load(dir)
	if err != nil {
		return err
	}
	sort.SliceStable(docs, func(i, j int) bool { return !docs[i].isTranslation() && docs[j].isTranslation() })
	originals := map[string]doc{} // by slug
	for _, d := range docs {
		if d.isTranslation() {
			if d, err = translation(d, originals); err != nil {
				return err
			}
		}
		e, err := save(ctx, d)
		if err != nil {
			return err
		}
		if !d.isTranslation() {
			d.group = e.Group
			originals[e.Slug] = d
		}
	}
	return nil
}

func (d doc) isTranslation() bool { return d.get("translation_of") != "" }

// translation readies a translation for saving: it joins its original's
// group and takes from the original every header key it does not give
// itself (dates, partners, the illustration). Its lang and slug must be
// its own.
func translation(d doc, originals map[string]doc) (doc, error) {
	of := d.get("translation_of")
	orig, ok := originals[of]
	if !ok {
		return d, fmt.Errorf("demo: %s: translation_of %q: no such original in the folder", d.name, of)
	}
	if d.get("lang") == "" || d.get("slug") == "" {
		return d, fmt.Errorf("demo: %s: a translation needs its own lang and slug", d.name)
	}
	for k, v := range orig.header {
		if _, has := d.header[k]; !has {
			d.header[k] = v
		}
	}
	d.group = orig.group
	return d, nil
}

// entry reads what every kind of item shares from a demo file. Demo items
// are all published; the header's time is the organisation's local time.
func (s *seeder) entry(d doc) (content.Entry, error) {
	e := content.Entry{Lang: content.DefaultLang, Group: d.group, Slug: d.get("slug"), Title: d.get("title"),
		Summary: d.get("summary"), BodyMD: d.body, Status: content.StatusPublished}
	if v := d.get("lang"); v != "" {
		l, ok := content.ParseLang(v)
		if !ok {
			return e, fmt.Errorf("demo: %s: unknown lang %q", d.name, v)
		}
		e.Lang = l
	}
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

func (s *seeder) saveProject(ctx context.Context, d doc) (content.Entry, error) {
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
			return p.Entry, fmt.Errorf("demo: %s: %w", d.name, err)
		}
	}
	pp, err := s.projectPartners(d)
	if err != nil {
		return p.Entry, err
	}
	if err := s.st.SaveProject(ctx, &p, content.SplitList(d.get("tags")), pp, s.now); err != nil {
		return p.Entry, err
	}
	s.projectIDs[p.Slug] = p.ID
	return p.Entry, nil
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

func (s *seeder) saveNews(ctx context.Context, d doc) (content.Entry, error) {
	e, err := s.entry(d)
	if err != nil {
		return e, err
	}
	n := content.News{Entry: e}
	if slug := d.get("project"); slug != "" {
		if n.ProjectID = s.projectIDs[slug]; n.ProjectID == 0 {
			return e, fmt.Errorf("demo: %s: unknown project %q", d.name, slug)
		}
	}
	if kind := d.get("image"); kind != "" {
		id, err := s.illustration(ctx, kind, d.get("image_alt"))
		if err != nil {
			return e, err
		}
		n.LeadImage = content.Image{MediaID: id, Alt: d.get("image_alt"), Credit: d.get("image_credit")}
	}
	err = s.st.SaveNews(ctx, &n, content.SplitList(d.get("tags")), s.now)
	return n.Entry, err
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

func (s *seeder) savePage(ctx context.Context, d doc) (content.Entry, error) {
	e, err := s.entry(d)
	if err != nil {
		return e, err
	}
	p := content.Page{Entry: e}
	fmt.Sscanf(d.get("menu"), "%d", &p.MenuOrder)
	err = s.st.SavePage(ctx, &p, s.now)
	return p.Entry, err
}
