// Package sqldbtest runs storage tests on both engines, each test on a fresh,
// migrated database.
//
// PostgreSQL is reached at XIESHANG_TEST_PG (default
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable). When it is
// unreachable the PostgreSQL half is skipped with a notice, except under
// CI=true, where that is a failure.
package sqldbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"xieshang/internal/sqldb"
)

// PGAdminDSN returns the DSN of the database used to create test databases.
func PGAdminDSN() string {
	if v := os.Getenv("XIESHANG_TEST_PG"); v != "" {
		return v
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// Each runs fn as two subtests, "sqlite" and "postgres", each with a fresh
// migrated database that is closed (and dropped) when the subtest ends.
func Each(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a fresh migrated SQLite database in a temporary folder.
func SQLite(t testing.TB) *sqldb.DB {
	t.Helper()
	return open(t, "sqlite:"+filepath.Join(t.TempDir(), "test.db"))
}

func open(t testing.TB, dsn string) *sqldb.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

var (
	tmplOnce sync.Once
	tmplName string
	tmplErr  error
)

// template creates, once per test binary, a migrated template database so
// that each test's database is a cheap copy.
func template(admin *sql.DB, base *url.URL) (string, error) {
	tmplOnce.Do(func() {
		tmplName = "xs_tmpl_" + randomHex(6)
		if _, tmplErr = admin.Exec("CREATE DATABASE " + tmplName); tmplErr != nil {
			return
		}
		u := *base
		u.Path = "/" + tmplName
		db, err := sqldb.Open(context.Background(), u.String())
		if err != nil {
			tmplErr = err
			return
		}
		_, tmplErr = db.Migrate(context.Background())
		db.Close()
	})
	return tmplName, tmplErr
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Postgres returns a fresh migrated PostgreSQL database, dropped at cleanup.
func Postgres(t testing.TB) *sqldb.DB {
	t.Helper()
	adminDSN := PGAdminDSN()
	base, err := url.Parse(adminDSN)
	if err != nil {
		t.Fatalf("XIESHANG_TEST_PG: %v", err)
	}
	admin, err := sql.Open("pgx", adminDSN)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required under CI=true but unreachable at %s: %v", adminDSN, err)
		}
		fmt.Fprintf(os.Stderr, "NOTICE: PostgreSQL unreachable at %s (%v); skipping PostgreSQL half of %s\n", adminDSN, err, t.Name())
		t.Skip("PostgreSQL unreachable")
	}
	t.Cleanup(func() { admin.Close() })
	tmpl, err := template(admin, base)
	if err != nil {
		t.Fatalf("create template database: %v", err)
	}
	name := "xs_test_" + randomHex(8)
	// CREATE DATABASE … TEMPLATE fails while another session uses the
	// template; tests in parallel may collide briefly, so retry.
	for i := 0; ; i++ {
		_, err = admin.Exec("CREATE DATABASE " + name + " TEMPLATE " + tmpl)
		if err == nil || i == 50 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("create test database: %v", err)
	}
	u := *base
	u.Path = "/" + name
	db := open(t, u.String())
	t.Cleanup(func() {
		db.Close()
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	return db
}

// DropTemplates removes template databases; call it from TestMain after
// m.Run.
func DropTemplates() {
	if tmplName == "" {
		return
	}
	admin, err := sql.Open("pgx", PGAdminDSN())
	if err != nil {
		return
	}
	defer admin.Close()
	admin.Exec("DROP DATABASE IF EXISTS " + tmplName + " WITH (FORCE)")
}

// Main runs the package's tests and then drops the template database; use
// it as the body of TestMain.
func Main(m *testing.M) {
	code := m.Run()
	DropTemplates()
	os.Exit(code)
}

// Engine returns a fresh database of the named engine, "sqlite" or
// "postgres".
func Engine(tb testing.TB, engine string) *sqldb.DB {
	tb.Helper()
	if engine == "postgres" {
		return Postgres(tb)
	}
	return SQLite(tb)
}
