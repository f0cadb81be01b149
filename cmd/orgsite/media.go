package main

import (
	"context"
	"log/slog"

	"orgsite/internal/media"
	"orgsite/internal/store"
)

// cleanOldMedia cleans, once, the images stored as uploaded by versions
// before uploads were cleaned of their metadata (GPS and all): the first
// start after an upgrade does it in the background, one image at a time,
// while the site serves. An image that fails is logged and left as it was,
// for the next start to try again.
func cleanOldMedia(ctx context.Context, st *store.Store, ms *media.Store, log *slog.Logger) {
	var after int64
	cleaned, failed := 0, 0
	for ctx.Err() == nil {
		batch, err := st.UncleanedMedia(ctx, after, 50)
		if err != nil || len(batch) == 0 {
			if err != nil && ctx.Err() == nil {
				log.Error("cleaning stored images", "err", err)
			}
			break
		}
		for _, m := range batch {
			after = m.ID
			if err := cleanOne(ctx, st, ms, m); err != nil {
				failed++
				log.Warn("could not clean a stored image of its metadata", "media", m.ID, "name", m.Name, "err", err)
				continue
			}
			cleaned++
		}
	}
	if cleaned+failed > 0 {
		log.Info("cleaned stored images of their metadata", "images", cleaned, "failed", failed)
	}
}

// cleanOne cleans one image's files and records what they are now.
func cleanOne(ctx context.Context, st *store.Store, ms *media.Store, m store.Media) error {
	f := media.File{Name: m.Name, Kind: media.Kind(m.Kind), MIME: m.MIME, Size: m.Size, Width: m.Width, Height: m.Height}
	for _, v := range m.Variants {
		f.Variants = append(f.Variants, media.Variant{Width: v.Width, Height: v.Height, Name: v.Name})
	}
	now, _, err := ms.Reclean(f)
	if err != nil {
		return err
	}
	m.Size, m.Width, m.Height, m.Variants = now.Size, now.Width, now.Height, nil
	for _, v := range now.Variants {
		m.Variants = append(m.Variants, store.MediaVariant{Width: v.Width, Height: v.Height, Name: v.Name})
	}
	return st.MediaCleaned(ctx, m)
}
