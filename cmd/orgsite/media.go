package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

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
	now, _, err := ms.Reclean(fileOf(m))
	if err != nil {
		return err
	}
	m.Size, m.Width, m.Height, m.Variants = now.Size, now.Width, now.Height, nil
	for _, v := range now.Variants {
		m.Variants = append(m.Variants, store.MediaVariant{Width: v.Width, Height: v.Height, Name: v.Name})
	}
	return st.MediaCleaned(ctx, m)
}

// cleanStagedMedia removes, every hour, the files uploaded with a form that
// was previewed or refused and never saved with an item, a day on; a staged
// file an item uses after all is kept.
func cleanStagedMedia(ctx context.Context, st *store.Store, ms *media.Store, log *slog.Logger, now func() time.Time) {
	for {
		removeStaged(ctx, st, ms, log, now())
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}

// removeStaged removes the files staged more than a day before now.
func removeStaged(ctx context.Context, st *store.Store, ms *media.Store, log *slog.Logger, now time.Time) {
	ids, err := st.StagedBefore(ctx, now.Add(-24*time.Hour))
	if err != nil {
		log.Error("staged files", "err", err)
		return
	}
	for _, id := range ids {
		m, err := st.DeleteMedia(ctx, id, now)
		var inUse *store.InUseError
		switch {
		case errors.As(err, &inUse):
			err = st.KeepMedia(ctx, id)
		case err == nil:
			err = ms.Remove(fileOf(m))
			log.Info("removed a file uploaded with a form never saved", "media", id, "name", m.Name)
		}
		if err != nil {
			log.Warn("staged file", "media", id, "err", err)
		}
	}
}

// fileOf is a library record as the media store knows its files.
func fileOf(m store.Media) media.File {
	f := media.File{Name: m.Name, Kind: media.Kind(m.Kind), MIME: m.MIME, Size: m.Size, Width: m.Width, Height: m.Height}
	for _, v := range m.Variants {
		f.Variants = append(f.Variants, media.Variant{Width: v.Width, Height: v.Height, Name: v.Name})
	}
	return f
}
