package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	sys "golang.org/x/sys/unix"
)

// minFree is the free disk space below which the store says it is not
// ready: a write that fills the disk fails, and SQLite's journal needs
// room to commit.
var minFree int64 = 64 << 20

// ErrNotReady says why the store cannot take writes now.
var ErrNotReady = errors.New("store: not ready")

// Ready says whether the store can take writes: the database answers, its
// file and folder are writable, and the disk has room. A load balancer
// asks it (/readyz) to stop sending traffic to a server that would fail
// every save. It writes nothing.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return fmt.Errorf("%w: the database does not answer: %w", ErrNotReady, err)
	}
	dir := filepath.Dir(s.path)
	for _, p := range []string{s.path, dir} {
		if err := sys.Access(p, sys.W_OK); err != nil {
			return fmt.Errorf("%w: %s is read-only: %w", ErrNotReady, p, err)
		}
	}
	var fs sys.Statfs_t
	if err := sys.Statfs(dir, &fs); err != nil {
		return fmt.Errorf("%w: disk space of %s: %w", ErrNotReady, dir, err)
	}
	if free := int64(fs.Bavail) * int64(fs.Bsize); free < minFree {
		return fmt.Errorf("%w: %d MB free on the database's disk, below %d MB", ErrNotReady, free>>20, minFree>>20)
	}
	return nil
}
