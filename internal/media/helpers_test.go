package media

import (
	"orgsite/internal/testkit"
	"testing"
)

func newStore(t testing.TB, maxBytes int64) *Store {
	t.Helper()
	s, err := New(t.TempDir(), maxBytes)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dirNames lists the files in the store's directory.
func dirNames(t testing.TB, s *Store) []string {
	t.Helper()
	return testkit.DirNames(t, s.Dir)
}
