// Package store is the only package that speaks SQL. It keeps orgsite's
// content in one SQLite file and returns the domain types of package content.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store holds the database handles.
type Store struct {
	read  *sql.DB // a pool: WAL lets readers run beside the writer
	write *sql.DB // one connection, so writers queue in Go instead of failing with SQLITE_BUSY
	path  string
	// gen counts committed writes. Caches of rendered pages keep the
	// generation they were made at and are stale once it moves on.
	gen atomic.Uint64
	// hits are redirect hits not written yet.
	hits hitCounter
	// marks speed up reading a list page after page (see listMarks).
	marks listMarks
	// observe, when set, is told of every write (see ObserveWrites).
	observe atomic.Pointer[func(time.Duration, error)]
}

// ObserveWrites has f told, after each write transaction, how long it took
// from asking for the write lock to the commit, and how it ended: the
// metrics of database writes, without the store knowing of them.
func (s *Store) ObserveWrites(f func(d time.Duration, err error)) { s.observe.Store(&f) }

// Generation is the number of writes committed since the store opened.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// WatchOtherWriters moves the generation on when another process (the
// import command, "user add", a restore) commits to the database, checked
// every interval until ctx ends: pages cached by a running server then
// show what it wrote within that time. SQLite's data_version changes, on
// one connection, whenever another connection has committed.
func (s *Store) WatchOtherWriters(ctx context.Context, every time.Duration) error {
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	last := int64(-1)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		var v int64
		if err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
			return err
		}
		if last >= 0 && v != last {
			s.gen.Add(1)
		}
		last = v
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Open opens (creating if needed) the database at path and applies pending
// migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store: create folder for database: %w", err)
		}
	}
	// WAL: readers never block the writer nor each other, and Litestream
	// replicates the WAL. foreign_keys: SQLite leaves them off by default.
	// busy_timeout: a reader meeting a checkpoint waits instead of failing.
	// synchronous=NORMAL is durable in WAL mode except for the last
	// transactions on power loss, not on a process crash.
	// _txlock=immediate takes the write lock at BEGIN, so a transaction never
	// has to be retried halfway through.
	base := "file:" + url.PathEscape(path) + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	write, err := sql.Open("sqlite", base+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{write: write, path: path}
	if err := s.migrate(ctx); err != nil {
		write.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	s.read = read
	return s, nil
}

// Close closes the database, checkpointing the WAL.
func (s *Store) Close() error {
	s.hits.flush(s)
	return errors.Join(s.read.Close(), s.write.Close())
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	rebuilt := false
	for _, name := range names {
		base := filepath.Base(name)
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("store: migration %s: name must start with a number", base)
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		err = s.migration(ctx, body, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", version).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", version, base, time.Now().Unix())
			rebuilt = rebuilt || strings.Contains(string(body), "CREATE VIRTUAL TABLE search")
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", base, err)
		}
	}
	if rebuilt {
		if err := s.reindex(ctx); err != nil {
			return fmt.Errorf("store: rebuild search index: %w", err)
		}
	}
	return nil
}

// migration runs one migration's transaction fn. A migration that makes a
// table anew which others reference starts with "-- foreign_keys: off":
// SQLite's way (its "ALTER TABLE" page) is to turn the checks off around
// the transaction, since dropping the old table would otherwise fire the
// ON DELETE actions of every row that names it, then to check that every
// reference still holds. The write pool has one connection, so the
// pragma holds for the transaction.
func (s *Store) migration(ctx context.Context, body []byte, fn func(*sql.Tx) error) error {
	if !bytes.HasPrefix(body, []byte("-- foreign_keys: off\n")) {
		return s.tx(ctx, fn)
	}
	if _, err := s.write.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	defer s.write.ExecContext(ctx, "PRAGMA foreign_keys = ON")
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		var table string
		err := tx.QueryRowContext(ctx, "PRAGMA foreign_key_check").Scan(&table, new(any), new(any), new(any))
		if err == nil {
			return fmt.Errorf("a reference from %s no longer holds after the migration", table)
		}
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
}

// tx runs fn in one write transaction: every public write is exactly one.
// A failure because the database cannot take writes (read-only, disk full,
// locked for too long) comes back wrapped in ErrUnavailable.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	if f := s.observe.Load(); f != nil {
		defer func(start time.Time) { (*f)(time.Since(start), err) }(time.Now())
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return unavailable(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return unavailable(err)
	}
	// The generation moves on even when Commit reports an error: the
	// outcome is then unknown, and a needless re-render is harmless.
	defer s.gen.Add(1)
	return unavailable(tx.Commit())
}

// IsEmpty reports whether the database has no content yet (a new site).
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM news) + (SELECT count(*) FROM pages) + (SELECT count(*) FROM projects) + (SELECT count(*) FROM settings)").Scan(&n)
	return n == 0, err
}

// isConstraint reports a UNIQUE or PRIMARY KEY constraint failure: the
// value is taken.
func isConstraint(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// unix turns a time into a column value: NULL for the zero time.
func unix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func fromUnix(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(n.Int64, 0).UTC()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// visible is the SQL condition for what the public may see at ?1 (now);
// the caller's table alias is t.
const visible = `t.status = 'published' AND t.deleted_at IS NULL AND t.published_at <= :now AND (t.expires_at IS NULL OR t.expires_at > :now)`

// Backup writes a consistent snapshot of the database to a new file while
// the site keeps serving and writing: VACUUM INTO reads one transaction's
// view of the data and writes a compact copy.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("store: backup: %s already exists", dest)
	}
	// A reader connection, not the writer, so saves go on meanwhile; it is
	// query_only, which VACUUM INTO's write to the new file needs lifted.
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	_, err = conn.ExecContext(ctx, "VACUUM INTO ?", dest)
	if _, qerr := conn.ExecContext(context.Background(), "PRAGMA query_only = 1"); qerr != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn }) // never back to the pool writable
	}
	if err != nil {
		return fmt.Errorf("store: backup to %s: %w", dest, err)
	}
	return nil
}
