package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"

	"modernc.org/sqlite"
)

// The SQLite driver parses every query anew, and for the small indexed
// queries of a page view parsing costs more than running them. The
// "sqlite-cached" driver wraps it with a per-connection cache of prepared
// statements; SQLite re-prepares a cached statement by itself after a
// schema change.
func init() { sql.Register("sqlite-cached", cachingDriver{&sqlite.Driver{}}) }

// maxCachedStmts bounds each connection's cache; queries built from filters
// are few but not fixed in number.
const maxCachedStmts = 256

type cachingDriver struct{ d driver.Driver }

func (d cachingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.d.Open(name)
	if err != nil {
		return nil, err
	}
	return &cachingConn{c: c, stmts: map[string]*cachedStmt{}}, nil
}

// cachingConn is used by one goroutine at a time, as database/sql
// guarantees for driver connections, so the cache needs no lock.
type cachingConn struct {
	c     driver.Conn
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	s    driver.Stmt
	busy bool // rows of it are open; a nested use prepares afresh
}

type (
	execer interface {
		ExecContext(context.Context, []driver.NamedValue) (driver.Result, error)
	}
	querier interface {
		QueryContext(context.Context, []driver.NamedValue) (driver.Rows, error)
	}
)

// cached returns a cached statement for query, preparing it on first use,
// or nil when the query is a multi-statement script or the statement is in
// use.
func (c *cachingConn) cached(ctx context.Context, query string) (*cachedStmt, error) {
	if cs, ok := c.stmts[query]; ok {
		if cs.busy {
			return nil, nil
		}
		return cs, nil
	}
	if strings.Contains(strings.TrimRight(strings.TrimSpace(query), ";"), ";") {
		return nil, nil
	}
	s, err := c.c.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if len(c.stmts) >= maxCachedStmts {
		for k, v := range c.stmts {
			if !v.busy {
				v.s.Close()
				delete(c.stmts, k)
			}
		}
	}
	cs := &cachedStmt{s: s}
	c.stmts[query] = cs
	return cs, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, err := c.cached(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.c.(driver.ExecerContext).ExecContext(ctx, query, args)
	}
	return cs.s.(execer).ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, err := c.cached(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.c.(driver.QueryerContext).QueryContext(ctx, query, args)
	}
	rows, err := cs.s.(querier).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	cs.busy = true
	return &cachedRows{Rows: rows, cs: cs}, nil
}

type cachedRows struct {
	driver.Rows
	cs *cachedStmt
}

func (r *cachedRows) Close() error {
	r.cs.busy = false
	return r.Rows.Close()
}

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) { return c.c.Prepare(query) }

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.c.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *cachingConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.c.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *cachingConn) Ping(ctx context.Context) error { return c.c.(driver.Pinger).Ping(ctx) }

func (c *cachingConn) ResetSession(ctx context.Context) error {
	return c.c.(driver.SessionResetter).ResetSession(ctx)
}

func (c *cachingConn) IsValid() bool { return c.c.(driver.Validator).IsValid() }

func (c *cachingConn) Close() error {
	for _, cs := range c.stmts {
		cs.s.Close()
	}
	c.stmts = nil
	return c.c.Close()
}
