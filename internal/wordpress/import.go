package wordpress

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"orgsite/internal/content"
	"orgsite/internal/media"
	"orgsite/internal/store"
)

// Options steer an import.
type Options struct {
	Uploads string       // the old site's wp-content/uploads folder; "" to download
	DryRun  bool         // do everything but write
	Client  *http.Client // for downloads; DownloadClient(30s) if nil
	Lang    content.Lang // the language of everything imported
	Zone    *time.Location
	Now     time.Time
	Workers int // files fetched and processed at once; the media store must allow as many (media.Store.SetParallel)
}

// source names WordPress in the imports table.
const source = "wordpress"

// importer is one import in progress.
type importer struct {
	st      *store.Store
	ms      *media.Store
	opt     Options
	uploads *os.Root
	x       *index
	sum     *Summary
	saved   []media.File // files written, removed if the import fails
	pending []pendingFile
}

// pendingFile is an attachment's stored file, to be recorded.
type pendingFile struct {
	a *attachment
	f media.File
}

// Import reads the export at file and brings its posts, pages and
// attachments in, in one transaction; see the package comment.
func Import(ctx context.Context, st *store.Store, ms *media.Store, file string, opt Options) (*Summary, error) {
	opt.Lang = cmp.Or(opt.Lang, content.DefaultLang)
	opt.Zone = cmp.Or(opt.Zone, time.UTC)
	if opt.Client == nil {
		opt.Client = DownloadClient(30 * time.Second)
	}
	imp := &importer{st: st, ms: ms, opt: opt, x: newIndex(), sum: newSummary(opt.DryRun)}
	if opt.Uploads != "" {
		root, err := os.OpenRoot(opt.Uploads)
		if err != nil {
			return nil, fmt.Errorf("uploads folder: %w", err)
		}
		defer root.Close()
		imp.uploads = root
	}
	err := imp.run(ctx, file)
	if err != nil || opt.DryRun {
		for _, f := range imp.saved {
			ms.Remove(f)
		}
	}
	if errors.Is(err, store.ErrRollback) {
		err = nil
	}
	return imp.sum, err
}

func (imp *importer) run(ctx context.Context, file string) error {
	if err := imp.readIndex(file); err != nil {
		return err
	}
	known, err := imp.st.ImportedFrom(ctx, source)
	if err != nil {
		return err
	}
	imp.fetchMedia(ctx, known)
	return imp.st.Import(ctx, source, imp.opt.Now, func(im *store.Importer) error {
		if err := imp.addMedia(im, known); err != nil {
			return err
		}
		if err := imp.plan(im, known); err != nil {
			return err
		}
		if err := imp.addEntries(im, file); err != nil {
			return err
		}
		if err := imp.addRedirects(im); err != nil {
			return err
		}
		if imp.opt.DryRun {
			return store.ErrRollback
		}
		return nil
	})
}

// readIndex is the first pass.
func (imp *importer) readIndex(file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	ch, err := Read(f, func(it *Item) error { imp.x.add(it); return nil })
	if err != nil {
		return err
	}
	imp.x.ch = ch
	site := cmp.Or(ch.BlogURL, ch.BaseURL)
	if u, err := url.Parse(site); err == nil && u.Host != "" {
		imp.x.site = u
	}
	imp.sum.Site = site
	imp.x.indexFiles()
	imp.sum.Comments = imp.x.comments
	imp.sum.Skipped = imp.x.skipped
	return nil
}

// fetchMedia stores the file of each attachment not imported before:
// before the transaction, so that no download holds the database.
func (imp *importer) fetchMedia(ctx context.Context, known map[string]store.Imported) {
	var todo []*attachment
	for _, a := range imp.x.attOrder {
		if k, ok := known[a.guid]; ok && k.Kind == "media" {
			a.mediaID, a.path = k.ID, k.Path
			imp.sum.Media.Unchanged++
		} else {
			todo = append(todo, a)
		}
	}
	// Workers take the files in turn; the results are recorded in the
	// export's order, so that a run's summary and ids do not depend on
	// which worker was quicker.
	files, errs := make([]media.File, len(todo)), make([]error, len(todo))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(imp.opt.Workers, 1) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(todo); i = int(next.Add(1) - 1) {
				files[i], errs[i] = imp.fetch(ctx, todo[i])
			}
		})
	}
	wg.Wait()
	for i, a := range todo {
		if errs[i] != nil {
			imp.sum.Media.Missing++
			imp.sum.warn("file of %q (%s) not imported: %v", a.title, a.url, errs[i])
			continue
		}
		imp.saved = append(imp.saved, files[i])
		a.path = "/media/" + files[i].Name
		imp.pending = append(imp.pending, pendingFile{a, files[i]})
	}
}
