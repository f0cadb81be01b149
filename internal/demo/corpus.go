package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/markdown"
	"orgsite/internal/store"
)

// Corpus adds n generated news items to a seeded demo site, in one
// transaction, for benchmarks at scale. The items reuse the demo's texts
// and pictures with varied titles, tags and dates over the past years, so
// lists, tags, search and the sitemap have realistic work to do.
func Corpus(ctx context.Context, st *store.Store, n int, now time.Time) error {
	all, err := load("news")
	if err != nil {
		return err
	}
	var news []doc // the default language's: the corpus is written in it
	for _, d := range all {
		if d.get("lang") == "" {
			news = append(news, d)
		}
	}
	images, err := st.ImageOptions(ctx)
	if err != nil {
		return err
	}
	bodies := make([]string, len(news))
	for i, d := range news {
		bodies[i] = markdown.Render(d.body)
	}
	topics := []string{"border management", "labour migration", "migration data", "return and reintegration",
		"diaspora engagement", "visa facilitation", "document security", "asylum systems", "integration", "statistics"}
	places := []string{"Baku", "Tbilisi", "Chișinău", "Vienna", "Yerevan", "Ganja", "Batumi", "Brussels", "Warsaw", "Vilnius"}
	kinds := []string{"Workshop", "Training", "Study visit", "Conference", "Report", "Meeting", "Seminar", "Round table"}
	tagSets := [][]string{{"Project news", "Events"}, {"Publications"}, {"Project news", "Capacity development"},
		{"Events", "Labour migration"}, {"Migration data"}, {"Border management", "Project news"}}
	rng := rand.New(rand.NewPCG(1, 2)) // the same corpus every run
	items := make([]content.News, n)
	tags := make([][]string, n)
	span := 6 * 365 * 24 * time.Hour
	for i := range items {
		d := news[i%len(news)]
		topic, place, kind := topics[rng.IntN(len(topics))], places[rng.IntN(len(places))], kinds[rng.IntN(len(kinds))]
		title := fmt.Sprintf("%s on %s in %s (no. %d)", kind, topic, place, i+1)
		pub := now.Add(-time.Duration(rng.Int64N(int64(span)))).Truncate(time.Minute)
		items[i] = content.News{Entry: content.Entry{
			Slug:        content.Slugify(title),
			Title:       title,
			Summary:     fmt.Sprintf("%s in %s on %s, with partners from the region.", kind, place, topic),
			BodyMD:      d.body,
			BodyHTML:    bodies[i%len(bodies)],
			Status:      content.StatusPublished,
			PublishedAt: pub,
			CreatedAt:   pub,
		}}
		if len(images) > 0 && i%3 != 0 {
			items[i].LeadImage = content.Image{MediaID: images[i%len(images)].ID, Alt: d.get("image_alt"), Credit: d.get("image_credit")}
		}
		tags[i] = tagSets[i%len(tagSets)]
	}
	return st.ImportNews(ctx, items, tags, now)
}
