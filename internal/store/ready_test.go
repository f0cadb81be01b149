package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestReady: a store with room is ready; one whose disk is below the
// limit, or whose database does not answer, is not, and says why.
func TestReady(t *testing.T) {
	st := openAt(t, filepath.Join(t.TempDir(), "site.db"))
	ctx := context.Background()
	if err := st.Ready(ctx); err != nil {
		t.Fatalf("a new store: %v", err)
	}
	defer func(old int64) { minFree = old }(minFree)
	minFree = 1 << 62 // no disk has that much free
	if err := st.Ready(ctx); !errors.Is(err, ErrNotReady) || !strings.Contains(err.Error(), "free") {
		t.Errorf("a full disk: %v", err)
	}
	minFree = 0
	st.Close()
	if err := st.Ready(ctx); !errors.Is(err, ErrNotReady) {
		t.Errorf("a closed database: %v", err)
	}
}
