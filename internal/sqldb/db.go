// Package sqldb is the only package that speaks SQL. It opens SQLite (pure
// Go, modernc.org/sqlite) or PostgreSQL (pgx), migrates them from embedded
// per-dialect files, runs transactions that carry a fixed "now", and
// implements the Tx interfaces of the domain packages.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"xieshang/internal/errs"
)

// Dialect names the database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database: a writer pool and a reader pool (the same pool on
// PostgreSQL; on SQLite a single-connection writer, since SQLite allows one
// writer at a time, beside several readers).
type DB struct {
	W, R    *sql.DB
	Dialect Dialect
	// Clock returns the current time; tests may replace it. Transactions
	// read it once at their start.
	Clock func() time.Time
	// Cipher seals sensitive columns; member storage refuses to work
	// without it.
	Cipher FieldCipher
	path   string     // SQLite file
	group  *committer // runs write transactions (see group.go)
}

// DefaultDSN is used when neither --db nor XIESHANG_DB is given.
const DefaultDSN = "sqlite:./data/xieshang.db"

// sqlitePragmas go into every connection's DSN so that each pooled
// connection gets them; busy_timeout first so the others wait for locks.
// temp_store(MEMORY) keeps statement journals (written by every statement
// that fires a trigger) off temporary files.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-8000)&_pragma=temp_store(MEMORY)"

// Open opens the database named by dsn: "sqlite:PATH" (the folder is
// created if missing) or "postgres://…". It does not migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	var db *DB
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
		if path == "" {
			return nil, fmt.Errorf("sqlite DSN has no path")
		}
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("create database folder: %w", err)
			}
		}
		w, err := sql.Open("sqlite-cached", "file:"+path+"?"+sqlitePragmas+"&_txlock=immediate")
		if err != nil {
			return nil, err
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		// Force the writer to open first so the WAL file exists for readers.
		if err := w.PingContext(ctx); err != nil {
			w.Close()
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		r, err := sql.Open("sqlite-cached", "file:"+path+"?"+sqlitePragmas+"&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, err
		}
		r.SetMaxOpenConns(8)
		r.SetMaxIdleConns(8)
		db = &DB{W: w, R: r, Dialect: SQLite, path: path}
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		p, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		p.SetMaxOpenConns(16)
		p.SetMaxIdleConns(16)
		p.SetConnMaxIdleTime(5 * time.Minute)
		if err := p.PingContext(ctx); err != nil {
			p.Close()
			return nil, fmt.Errorf("connect to postgres: %w", err)
		}
		db = &DB{W: p, R: p, Dialect: Postgres}
	default:
		return nil, fmt.Errorf("unsupported DSN %q: use sqlite:PATH or postgres://…", dsn)
	}
	db.Clock = time.Now
	db.group = newCommitter(db)
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	db.group.close()
	err := db.W.Close()
	if db.R != db.W {
		err = errors.Join(err, db.R.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.R.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Backup writes a consistent online copy of a SQLite database to file.
func (db *DB) Backup(ctx context.Context, file string) error {
	if db.Dialect != SQLite {
		return errs.E(errs.Invalid, "PostgreSQL 数据库请使用 pg_dump 备份,例如:pg_dump -Fc -f xieshang.dump DBNAME")
	}
	if _, err := os.Stat(file); err == nil {
		return errs.E(errs.Conflict, "目标文件 %s 已存在,请换一个文件名", file)
	}
	_, err := db.W.ExecContext(ctx, "VACUUM INTO ?", file)
	return err
}

// Tx is a transaction with the time fixed at its start. It implements the
// Tx interfaces of the domain packages.
type Tx struct {
	tx       queryer // *sql.Tx, or the reader pool for Peek
	db       *DB
	dialect  Dialect
	readOnly bool
	now      time.Time
	audits   []pendingAudit // audit entries to write before commit (Audit)
	notes    [][]any        // notification rows to write before commit (InsertNotifications)
	// grouped: the transaction is shared with others (group.go), so one
	// caller's cancelled context must not abort its statements.
	grouped bool
	// batch holds what the write transactions of one group commit share
	// besides the database transaction (nil outside a batch).
	batch *batchState
}

// queryer is what *sql.Tx and *sql.DB have in common.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Now returns the transaction's time, in UTC with microsecond precision.
func (tx *Tx) Now() time.Time { return tx.now }

// InTx runs fn in a write transaction. An error from fn, or a panic, rolls
// the transaction back. Concurrent write transactions commit together
// (see group.go).
func (db *DB) InTx(ctx context.Context, fn func(*Tx) error) error {
	return db.group.inTx(ctx, db, fn)
}

// View runs fn in a read-only transaction on the reader pool (write
// transactions: InTx and group.go).
func (db *DB) View(ctx context.Context, fn func(*Tx) error) (err error) {
	var opts *sql.TxOptions
	if db.Dialect == Postgres {
		opts = &sql.TxOptions{ReadOnly: true}
	}
	stx, err := db.R.BeginTx(ctx, opts)
	if err != nil {
		return mapErr(err)
	}
	defer func() {
		if p := recover(); p != nil {
			stx.Rollback()
			panic(p)
		}
		if err != nil {
			stx.Rollback()
			return
		}
		err = mapErr(stx.Commit())
	}()
	return fn(&Tx{tx: stx, db: db, dialect: db.Dialect, readOnly: true, now: db.Clock().UTC().Truncate(time.Microsecond)})
}

// Peek runs fn without a transaction: each statement runs on its own on
// the reader pool and sees the latest committed data. It is for lookups of
// a single statement, where BEGIN and COMMIT would double the round trips.
func (db *DB) Peek(ctx context.Context, fn func(*Tx) error) error {
	return fn(&Tx{tx: db.R, db: db, dialect: db.Dialect, readOnly: true, now: db.Clock().UTC().Truncate(time.Microsecond)})
}

// Store adapts a DB to a domain package's Store interface, whose
// transactions are of interface type T (implemented by *Tx).
type Store[T any] struct{ DB *DB }

// InTx runs fn in a write transaction.
func (s Store[T]) InTx(ctx context.Context, fn func(T) error) error {
	return s.DB.InTx(ctx, func(tx *Tx) error { return fn(any(tx).(T)) })
}

// Peek runs fn without a transaction (see DB.Peek).
func (s Store[T]) Peek(ctx context.Context, fn func(T) error) error {
	return s.DB.Peek(ctx, func(tx *Tx) error { return fn(any(tx).(T)) })
}

// View runs fn in a read-only transaction.
func (s Store[T]) View(ctx context.Context, fn func(T) error) error {
	return s.DB.View(ctx, func(tx *Tx) error { return fn(any(tx).(T)) })
}

// rebind turns the ? placeholders of q into $N for PostgreSQL. Queries in
// this package never contain a literal question mark. Results are kept:
// the queries are the package's own, few but run often.
func (tx *Tx) rebind(q string) string {
	if tx.dialect != Postgres {
		return q
	}
	if r, ok := rebound.Load(q); ok {
		return r.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	if rebound.Len() < maxRebound {
		rebound.Store(q, b.String())
	}
	return b.String()
}

// rebound caches rebind; queries built from filters or with lists of
// values vary, so it is bounded.
var rebound sizedMap

const maxRebound = 4096

// sizedMap is a sync.Map that counts its entries.
type sizedMap struct {
	m sync.Map
	n atomic.Int64
}

func (m *sizedMap) Load(k string) (any, bool) { return m.m.Load(k) }
func (m *sizedMap) Len() int64                { return m.n.Load() }
func (m *sizedMap) Store(k, v string) {
	if _, loaded := m.m.LoadOrStore(k, v); !loaded {
		m.n.Add(1)
	}
}

// stmtCtx is the context of a statement: a shared (grouped) transaction's
// statements are not cancelled with one caller's request.
func (tx *Tx) stmtCtx(ctx context.Context) context.Context {
	if tx.grouped {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	tx.forgetRecipients(q)
	ctx = tx.stmtCtx(ctx)
	res, err := tx.tx.ExecContext(ctx, tx.rebind(q), args...)
	return res, mapErr(err)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	tx.forgetRecipients(q)
	ctx = tx.stmtCtx(ctx)
	rows, err := tx.tx.QueryContext(ctx, tx.rebind(q), args...)
	return rows, mapErr(err)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	tx.forgetRecipients(q)
	ctx = tx.stmtCtx(ctx)
	return tx.tx.QueryRowContext(ctx, tx.rebind(q), args...)
}

// insert runs an INSERT of one row and returns its id: on SQLite the
// connection's last inserted rowid (RETURNING would gather its rows in a
// temporary table first), on PostgreSQL INSERT … RETURNING id.
func (tx *Tx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	if tx.dialect == SQLite {
		res, err := tx.exec(ctx, q, args...)
		if err != nil {
			return 0, err
		}
		id, err := res.LastInsertId()
		return id, mapErr(err)
	}
	var id int64
	err := tx.queryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, mapErr(err)
}

// forUpdate is the row-locking suffix; SQLite's immediate transactions
// already hold the database's write lock.
func (tx *Tx) forUpdate() string {
	if tx.dialect == Postgres && !tx.readOnly {
		return " FOR UPDATE"
	}
	return ""
}

// forUpdateOf is forUpdate locking only the rows of table alias a, as
// PostgreSQL requires when the query has an outer join.
func (tx *Tx) forUpdateOf(a string) string {
	if f := tx.forUpdate(); f != "" {
		return f + " OF " + a
	}
	return ""
}

// ts converts a time for storage: UTC, fixed width text on SQLite (so that
// text comparison orders correctly), timestamptz on PostgreSQL; the zero
// time becomes NULL.
func (tx *Tx) ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	t = t.UTC().Truncate(time.Microsecond)
	if tx.dialect == SQLite {
		return t.Format(timeFormat)
	}
	return t
}

// day converts a calendar date for storage: "2006-01-02" text on SQLite,
// DATE on PostgreSQL (given as the same text); zero becomes NULL.
func (tx *Tx) day(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format("2006-01-02")
}

const timeFormat = "2006-01-02T15:04:05.000000Z"

// nullTime scans a stored time from either engine; NULL becomes zero.
type nullTime struct{ T *time.Time }

func (n nullTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*n.T = time.Time{}
	case time.Time:
		*n.T = x.UTC()
	case string:
		return n.parse(x)
	case []byte:
		return n.parse(string(x))
	default:
		return fmt.Errorf("cannot scan %T into time", v)
	}
	return nil
}

func (n nullTime) parse(s string) error {
	if len(s) == 10 { // a calendar date
		t, err := time.Parse("2006-01-02", s)
		*n.T = t
		return err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	*n.T = t.UTC()
	return nil
}

// nullStr stores "" as NULL, for optional unique columns.
func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}
