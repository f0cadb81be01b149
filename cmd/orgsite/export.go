package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"time"

	"orgsite/internal/demo"
	"orgsite/internal/export"
	"orgsite/internal/media"
	"orgsite/internal/store"
	"orgsite/web"
)

// exportCmd writes the public site as static files to a folder.
func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	cfg, rest, err := parseConfig("export", args, stderr, getenv)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, "usage: orgsite export [--db FILE] [--media DIR] [--base-url URL] DIR")
		return errUsage
	}
	st, ms, err := openData(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if getenv("GOMEMLIMIT") == "" {
		// Every page rendered is garbage at once: without a limit the heap
		// grew to 290 MB exporting 100,000 items.
		debug.SetMemoryLimit(100 << 20)
	}
	start, now := time.Now(), time.Now()
	h := web.New(web.Deps{Store: st, Media: ms, Config: cfg, Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }})
	stats, err := export.Site(ctx, export.Source{Handler: h, Store: st, MediaDir: cfg.Media, BaseURL: cfg.BaseURL, Now: now}, rest[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "exported %d pages, %d files, %.1f MB to %s in %s\n", stats.Pages, stats.Files,
		float64(stats.Bytes)/(1<<20), rest[0], time.Since(start).Round(time.Millisecond))
	return nil
}

// demoCmd seeds the demo site into a database if it is new, then adds a
// generated corpus of news items, for benchmarks at scale.
func demoCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("news", 0, "number of generated news items to add")
	db := fs.String("db", or(getenv("ORGSITE_DB"), "data/orgsite.db"), "SQLite database file (env ORGSITE_DB)")
	dir := fs.String("media", or(getenv("ORGSITE_MEDIA"), "data/media"), "folder for media (env ORGSITE_MEDIA)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *n < 0 || *n > 10_000_000 {
		return fmt.Errorf("demo: --news must be from 0 to 10000000")
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	ms, err := media.New(*dir, 20<<20)
	if err != nil {
		return err
	}
	start := time.Now()
	empty, err := st.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if empty {
		if err := demo.Seed(ctx, st, ms, start); err != nil {
			return err
		}
	}
	if *n > 0 {
		if err := demo.Corpus(ctx, st, *n, start); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "demo site in %s with %d generated news items, in %s\n", *db, *n, time.Since(start).Round(time.Millisecond))
	return nil
}
