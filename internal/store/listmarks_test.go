package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"orgsite/internal/content"
)

// TestPagesAfterMarks: pages read one after another at one moment start
// where the last ended, and hold what OFFSET gives: the same items, with
// equal publication times broken by id, in the news list and a tag's.
func TestPagesAfterMarks(t *testing.T) {
	st := openAt(t, filepath.Join(t.TempDir(), "site.db"))
	ctx, now := context.Background(), time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	items := make([]content.News, 47)
	tags := make([][]string, len(items))
	for i := range items {
		// Three items share each publication time: the order needs the id.
		items[i] = content.News{Entry: content.Entry{Lang: "en", Slug: fmt.Sprintf("item-%d", i), Title: fmt.Sprintf("Item %d", i),
			Status: content.StatusPublished, PublishedAt: now.Add(-time.Duration(i/3+1) * time.Hour)}}
		if i%2 == 0 {
			tags[i] = []string{"Even"}
		}
	}
	if err := st.ImportNews(ctx, items, tags, now); err != nil {
		t.Fatal(err)
	}
	lists := map[string]func(at time.Time, offset int) ([]content.Summary, int, error){
		"news": func(at time.Time, offset int) ([]content.Summary, int, error) {
			return st.LatestNews(ctx, "en", at, 5, offset)
		},
		"tag": func(at time.Time, offset int) ([]content.Summary, int, error) {
			return st.NewsByTag(ctx, "en", "even", at, 5, offset)
		},
	}
	for name, page := range lists {
		read := func(at func(offset int) time.Time) ([]string, int) {
			var slugs []string
			total := 0
			for offset := 0; offset == 0 || offset < total; offset += 5 {
				got, n, err := page(at(offset), offset)
				if err != nil {
					t.Fatal(err)
				}
				total = n
				for _, s := range got {
					slugs = append(slugs, s.Slug)
				}
			}
			return slugs, total
		}
		sequential, total := read(func(int) time.Time { return now }) // after the first page, from the marks
		if used := len(st.marks.ends); used < total/5 {
			t.Errorf("%s: %d marks for %d pages", name, used, total/5)
		}
		// Each page at a moment of its own: no mark, OFFSET.
		fresh, _ := read(func(offset int) time.Time { return now.Add(time.Duration(offset+1) * time.Millisecond * 1000) })
		if !slices.Equal(sequential, fresh) || len(sequential) != total {
			t.Errorf("%s: page after page %v\nby offset %v (total %d)", name, sequential, fresh, total)
		}
	}
}
