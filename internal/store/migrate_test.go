package store

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestUsersRebuiltKeepsReferences: migration 0021 makes the users table
// anew (for the contributor role). On a database of the version before,
// with an author, a session, a revision and an audit line naming the user,
// every row still names them afterwards: the rebuild runs with foreign
// keys off, so dropping the old table fires no ON DELETE action.
func TestUsersRebuiltKeepsReferences(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	if _, err := db.ExecContext(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		base := filepath.Base(name)
		v, _ := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if v >= 21 {
			break
		}
		body, _ := migrations.ReadFile(name)
		if _, err := db.ExecContext(ctx, string(body)); err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO schema_migrations VALUES (?, ?, 0)", v, base); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		`INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES (7, 'eda@example.org', 'Eda', 'editor', 'x', 1, 1)`,
		`INSERT INTO news (id, slug, title, status, author_id, created_at, updated_at) VALUES (1, 'n', 'N', 'draft', 7, 1, 1)`,
		`INSERT INTO sessions (id, user_id, csrf, created_at, last_seen, expires_at) VALUES ('s', 7, 'c', 1, 1, 9999999999)`,
		`INSERT INTO revisions (kind, ref_id, data, user_id, created_at) VALUES ('news', 1, '{}', 7, 1)`,
		`INSERT INTO audit_log (at, user_id, action, target, detail) VALUES (1, 7, 'logged in', 'user 7', '')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("open and migrate: %v", err)
	}
	defer s.Close()
	for _, q := range []string{"SELECT count(*) FROM news WHERE author_id = 7", "SELECT count(*) FROM sessions WHERE user_id = 7",
		"SELECT count(*) FROM revisions WHERE user_id = 7", "SELECT count(*) FROM audit_log WHERE user_id = 7", "SELECT count(*) FROM users WHERE id = 7"} {
		var n int
		if err := s.read.QueryRowContext(ctx, q).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s: %d (%v)", q, n, err)
		}
	}
	if _, err := s.write.ExecContext(ctx, `INSERT INTO users (email, name, role, password_hash, created_at, updated_at)
		VALUES ('c@example.org', 'C', 'contributor', 'x', 1, 1)`); err != nil {
		t.Errorf("a contributor after the migration: %v", err)
	}
	var fk int
	if err := s.write.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign keys after the migration: %d (%v)", fk, err)
	}
}
