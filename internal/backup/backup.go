// Package backup writes snapshots of the database to files and keeps a
// folder of nightly ones: a snapshot when the server starts if the newest
// is more than a day old, then one a day, the oldest removed beyond a
// count. It removes only files whose names it gave them.
package backup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Snapshotter writes a consistent copy of the database to a new file
// (store.Store does, with VACUUM INTO).
type Snapshotter interface {
	Backup(ctx context.Context, dest string) error
}

// WriteFile writes a snapshot to dest, which must not exist yet. The copy
// is written under a temporary name, synced to disk and renamed, so that a
// crash or a full disk never leaves a truncated file under dest that looks
// like a backup.
func WriteFile(ctx context.Context, db Snapshotter, dest string) error {
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("backup: %s already exists", dest)
	}
	dir, base := filepath.Split(dest)
	if dir == "" {
		dir = "."
	}
	tmp := filepath.Join(dir, "."+base+".partial")
	os.Remove(tmp) // left by an earlier run that died
	if err := db.Backup(ctx, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	// SQLite does not sync the file VACUUM INTO writes.
	if err := syncPath(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: sync %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	// The rename itself is durable once the folder is synced.
	if err := syncPath(dir); err != nil {
		return fmt.Errorf("backup: sync %s: %w", dir, err)
	}
	return nil
}

func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Nightly snapshots are named orgsite-YYYYMMDD-HHMMSS.db, in UTC, so that
// they sort by name and a change of the clocks never gives two the same.
const (
	prefix = "orgsite-"
	stamp  = "20060102-150405"
	suffix = ".db"
)

// Name is the file name of a snapshot taken at t.
func Name(t time.Time) string { return prefix + t.UTC().Format(stamp) + suffix }

// parseName returns the time in a snapshot's file name; ok is false for
// any other file, which the schedule never touches.
func parseName(name string) (time.Time, bool) {
	s, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return time.Time{}, false
	}
	s, ok = strings.CutSuffix(s, suffix)
	if !ok || len(s) != len(stamp) {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(stamp, s, time.UTC)
	return t, err == nil
}

// Snapshot is a nightly snapshot in the folder.
type Snapshot struct {
	Path string
	Time time.Time
}

// List returns the snapshots in dir, newest first. A folder that does not
// exist yet has none.
func List(dir string) ([]Snapshot, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("backup: list %s: %w", dir, err)
	}
	var out []Snapshot
	for _, e := range entries {
		if t, ok := parseName(e.Name()); ok && e.Type().IsRegular() {
			out = append(out, Snapshot{Path: filepath.Join(dir, e.Name()), Time: t})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	return out, nil
}

// Prune removes the oldest snapshots in dir beyond the keep newest, and
// returns the paths it removed.
func Prune(dir string, keep int) ([]string, error) {
	list, err := List(dir)
	if err != nil || len(list) <= keep {
		return nil, err
	}
	var removed []string
	var errs []error
	for _, s := range list[max(keep, 0):] {
		if err := os.Remove(s.Path); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, s.Path)
	}
	return removed, errors.Join(errs...)
}

// Due is how long to wait, at now, before the next snapshot when the
// newest was taken at newest (zero: there is none): nothing if it is every
// old or more, and never more than every, even if the clock went back.
func Due(newest, now time.Time, every time.Duration) time.Duration {
	if newest.IsZero() {
		return 0
	}
	d := newest.Add(every).Sub(now)
	return min(max(d, 0), every)
}

// Schedule keeps nightly snapshots in Dir.
type Schedule struct {
	Dir   string
	Keep  int           // how many snapshots to keep, at least 1
	Every time.Duration // 24 hours unless a test says otherwise
	DB    Snapshotter
	Log   *slog.Logger
	Now   func() time.Time // time.Now unless a test says otherwise
	// Done, if set, is told of each snapshot written (for the metrics).
	Done func(path string, size int64, at time.Time)

	// wait is sleep unless a test says otherwise.
	wait func(ctx context.Context, d time.Duration) bool
}

func (s *Schedule) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Schedule) every() time.Duration {
	if s.Every > 0 {
		return s.Every
	}
	return 24 * time.Hour
}

// Take writes a snapshot now and removes the oldest beyond Keep. It
// returns the new snapshot's path.
func (s *Schedule) Take(ctx context.Context) (string, error) {
	if err := os.MkdirAll(s.Dir, 0o750); err != nil {
		return "", fmt.Errorf("backup: create %s: %w", s.Dir, err)
	}
	path := filepath.Join(s.Dir, Name(s.now()))
	if err := WriteFile(ctx, s.DB, path); err != nil {
		return "", err
	}
	removed, err := Prune(s.Dir, max(s.Keep, 1))
	for _, r := range removed {
		s.Log.Info("removed an old backup", "path", r)
	}
	return path, err
}

// Run takes a snapshot at once if the newest in Dir is older than Every,
// then one every Every, until ctx is done. A failed snapshot is logged as
// an error and tried again an hour later (or after Every, if shorter).
func (s *Schedule) Run(ctx context.Context) {
	every := s.every()
	retry := min(time.Hour, every)
	sleep := s.wait
	if sleep == nil {
		sleep = sleepCtx
	}
	for {
		var wait time.Duration
		list, err := List(s.Dir)
		if err != nil {
			s.Log.Error("backup failed", "err", err)
			wait = retry
		} else {
			var newest time.Time
			if len(list) > 0 {
				newest = list[0].Time
			}
			wait = Due(newest, s.now(), every)
		}
		if !sleep(ctx, wait) {
			return
		}
		start := time.Now()
		path, err := s.Take(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			s.Log.Error("backup failed", "dir", s.Dir, "err", err, "retry_in", retry)
			if !sleep(ctx, retry) {
				return
			}
			continue
		}
		s.Log.Info("backup written", "path", path, "duration", time.Since(start).Round(time.Millisecond))
		if info, err := os.Stat(path); err == nil && s.Done != nil {
			s.Done(path, info.Size(), s.now())
		}
	}
}

// sleepCtx waits for d or until ctx is done; it reports whether ctx is
// still going.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
