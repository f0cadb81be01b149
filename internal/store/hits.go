package store

import (
	"context"
	"sync"
	"time"
)

// hitCounter counts redirect hits in memory and writes them in batches.
// The count is a convenience for editors: a busy writer must not delay or
// fail a visitor's redirect, and a crawler going through a thousand old
// URLs must not start a thousand writes. At most one batch is pending, and
// Close writes what is left.
type hitCounter struct {
	mu      sync.Mutex
	pending map[int64]int
	timer   *time.Timer
}

// hitDelay is how long hits gather before they are written.
const hitDelay = time.Second

func (h *hitCounter) count(s *Store, id int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.pending == nil {
		h.pending = map[int64]int{}
	}
	h.pending[id]++
	if h.timer == nil {
		h.timer = time.AfterFunc(hitDelay, func() { h.flush(s) })
	}
}

// flush writes the pending hits in one transaction; a failure loses them,
// which only makes the counts a little low.
func (h *hitCounter) flush(s *Store) {
	h.mu.Lock()
	pending := h.pending
	h.pending = nil
	if h.timer != nil {
		h.timer.Stop()
		h.timer = nil
	}
	h.mu.Unlock()
	if len(pending) == 0 {
		return
	}
	ctx := context.Background()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return
	}
	defer tx.Rollback()
	for id, n := range pending {
		if _, err := tx.ExecContext(ctx, "UPDATE redirects SET hits = hits + ? WHERE id = ?", n, id); err != nil {
			return
		}
	}
	tx.Commit()
}
