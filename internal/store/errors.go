package store

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrUnavailable means that the database cannot take a write right now:
// the file or its disk is read-only, the disk is full or failing, or
// another process held the write lock for longer than the busy timeout.
// The transaction was rolled back, so nothing was written, and the same
// write may succeed once an operator has fixed the cause. Check it with
// errors.Is.
var ErrUnavailable = errors.New("store: the database cannot save changes right now")

// unavailable wraps err with ErrUnavailable when SQLite's result code says
// that the database could not take the write, as opposed to a bad
// statement or a broken constraint, which stay as they are. Extended codes
// (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED…) count by their primary
// code, the low byte.
func unavailable(err error) error {
	if err == nil || errors.Is(err, ErrUnavailable) {
		return err
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_BUSY:
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return err
}
