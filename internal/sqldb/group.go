package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"xieshang/internal/proposal"
)

// Group commit. Every write transaction (InTx) is handed to a committer
// goroutine (one per SQLite database, a few on PostgreSQL), which runs the
// write transactions waiting at the time in one database transaction, one
// after another, each inside its own savepoint, and commits them together.
// Each caller still sees its own transaction: its fn runs (on the
// committer's goroutine) with its own fixed time; an error or panic in it
// rolls back to its savepoint, undoing its writes and nobody else's, and
// the panic is raised again in the caller; it returns only once the shared
// commit has happened (or failed, and then with that error).
// What the callers share is the commit's cost — the WAL write and, on
// PostgreSQL, the flush — the audit chain's head, locked and written once
// per batch, just before the commit, and the statements that write their
// audit entries and notifications (flushAudit, flushNotes). Without
// contention a batch holds one request and costs nothing extra: the first
// request of a batch needs no savepoint, since rolling it back is rolling
// back the whole transaction.

// maxBatch bounds how many write transactions commit together, so that one
// commit does not keep the earliest of them waiting too long.
const maxBatch = 64

type groupReq struct {
	db  *DB // the caller's: a copy of the DB may have its own Clock
	ctx context.Context
	fn  func(*Tx) error
	// panicked is what fn panicked with, for the caller to panic with.
	panicked any
	res      chan error // the committer reports the outcome
}

// run runs the caller's fn on tx, turning a panic into errPanicked.
func (r *groupReq) run(tx *Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			r.panicked, err = p, errPanicked
		}
	}()
	return r.fn(tx)
}

// batchState is shared by the write transactions of one batch. It caches
// reads that every request of a batch repeats and that only a write
// through the same Tx changes, which drops the cached value: the
// committees' proposal rules (ProposalConfig, SetProposalConfig) and who
// a notification's recipients are (RecipientIDs; any statement that
// writes accounts, roles, units or their liaisons drops them all, see
// changesRecipients). A request rolled back to its savepoint empties it:
// it may have read its own change, now undone.
type batchState struct {
	configs    map[int64]proposal.Config
	recipients map[recipientKey]recipientRows
}

type committer struct {
	db    *DB
	reqs  chan *groupReq
	stop  chan struct{}
	ended chan struct{}
	once  sync.Once
	// running counts the loops (goroutines) still running.
	running sync.WaitGroup
	// Statistics: write transactions committed and batches that committed
	// them (their ratio is the mean batch size); nanoseconds the loops spent
	// with a transaction open, of which waiting for callers' functions, and
	// committing.
	txs, batches            atomic.Int64
	busy, inCallers, commit atomic.Int64
}

var errPanicked = errors.New("sqldb: transaction function panicked")

var errClosed = errors.New("sqldb: database is closed")

// newCommitter starts the committers of db: one on SQLite, which has one
// writer; on PostgreSQL pgCommitters, whose batches run side by side (the
// audit head and the committees' version counters are locked only at
// commit, see flushAudit and migration 0011).
func newCommitter(db *DB) *committer {
	n := 1
	if db.Dialect == Postgres {
		n = pgCommitters
	}
	c := &committer{db: db, reqs: make(chan *groupReq), stop: make(chan struct{}), ended: make(chan struct{})}
	c.running.Add(n)
	for range n {
		go c.loop()
	}
	return c
}

// pgCommitters is how many batches run at once on PostgreSQL.
const pgCommitters = 4

// close stops the committers after the batches in progress.
func (c *committer) close() {
	c.once.Do(func() {
		close(c.stop)
		c.running.Wait()
		close(c.ended)
	})
	<-c.ended
}

// GroupStats returns how many write transactions have committed and in how
// many database commits.
func (db *DB) GroupStats() (txs, commits int64) {
	return db.group.txs.Load(), db.group.batches.Load()
}

// WriterStats is what the committers have done since the database was
// opened: for operators, through XIESHANG_PPROF's /debug/writer.
type WriterStats struct {
	Txs, Commits int64
	// Busy is the time the committers had a transaction open; InCallers
	// the part of it spent running the callers' functions; Commit the part
	// spent in the audit flush and COMMIT.
	Busy, InCallers, Commit time.Duration
}

// WriterStats returns the committers' statistics.
func (db *DB) WriterStats() WriterStats {
	c := db.group
	return WriterStats{Txs: c.txs.Load(), Commits: c.batches.Load(), Busy: time.Duration(c.busy.Load()),
		InCallers: time.Duration(c.inCallers.Load()), Commit: time.Duration(c.commit.Load())}
}

// inTx runs fn as one write transaction of a batch. The committer runs fn
// itself, on its goroutine: handing each transaction to its caller's
// goroutine and back cost two goroutine switches on the one path that
// every write on SQLite waits for.
func (c *committer) inTx(ctx context.Context, db *DB, fn func(*Tx) error) error {
	r := &groupReq{db: db, ctx: ctx, fn: fn, res: make(chan error, 1)}
	select {
	case c.reqs <- r:
	case <-c.stop:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	err := <-r.res
	if r.panicked != nil {
		panic(r.panicked)
	}
	return err
}

func (c *committer) loop() {
	defer c.running.Done()
	for {
		select {
		case r := <-c.reqs:
			c.batch(r)
		case <-c.stop:
			return
		}
	}
}

// savepoint starts savepoint w, releasing the open one first (open): on
// PostgreSQL in one round trip, on SQLite as two statements that stay
// prepared (a script of two is parsed anew each time).
func (c *committer) savepoint(ctx context.Context, stx *sql.Tx, open bool) error {
	var err error
	switch {
	case !open:
		_, err = stx.ExecContext(ctx, "SAVEPOINT w")
	case c.db.Dialect == Postgres:
		_, err = stx.ExecContext(ctx, "RELEASE SAVEPOINT w; SAVEPOINT w")
	default:
		if _, err = stx.ExecContext(ctx, "RELEASE SAVEPOINT w"); err == nil {
			_, err = stx.ExecContext(ctx, "SAVEPOINT w")
		}
	}
	return mapErr(err)
}

// batch runs first and whatever requests arrive while it runs (up to
// maxBatch) in one transaction and commits it.
func (c *committer) batch(first *groupReq) {
	db := c.db
	refuse := func(r *groupReq, err error) { r.res <- err }
	if err := first.ctx.Err(); err != nil {
		refuse(first, err)
		return
	}
	start := time.Now()
	defer func() { c.busy.Add(int64(time.Since(start))) }()
	stx, err := db.W.BeginTx(context.Background(), nil)
	if err != nil {
		refuse(first, mapErr(err))
		return
	}
	var (
		audits []pendingAudit // of the requests that succeeded
		notes  [][]any        // their notifications' rows
		ok     []*groupReq
	)
	fail := func(err error) { // the whole transaction is lost
		stx.Rollback()
		for _, r := range ok {
			r.res <- err
		}
	}
	ctx := context.Background()
	open := false // savepoint w is open: the previous request's, released with the next one's start
	shared := &batchState{}
	for r := first; r != nil; {
		savepoint := len(ok) > 0
		if err := r.ctx.Err(); err != nil {
			refuse(r, err)
		} else {
			if savepoint {
				if err := c.savepoint(ctx, stx, open); err != nil {
					refuse(r, err)
					fail(err)
					return
				}
				open = true
			}
			tx := &Tx{tx: stx, db: r.db, dialect: db.Dialect, now: r.db.Clock().UTC().Truncate(time.Microsecond), grouped: true, batch: shared}
			handed := time.Now()
			err := r.run(tx)
			c.inCallers.Add(int64(time.Since(handed)))
			if err != nil {
				if !savepoint { // nothing else in the transaction: start afresh
					stx.Rollback()
					r.res <- err
					return
				}
				if _, rerr := stx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT w"); rerr != nil {
					r.res <- err
					fail(mapErr(rerr))
					return
				}
				// What the batch remembered may have been read after a
				// change now undone.
				*shared = batchState{}
				r.res <- err
			} else {
				audits = append(audits, tx.audits...)
				notes = append(notes, tx.notes...)
				ok = append(ok, r)
			}
		}
		r = nil
		if len(ok) < maxBatch {
			select {
			case r = <-c.reqs:
			default:
			}
		}
	}
	if len(ok) == 0 {
		stx.Rollback()
		return
	}
	committing := time.Now()
	defer func() { c.commit.Add(int64(time.Since(committing))) }()
	tx := &Tx{tx: stx, db: db, dialect: db.Dialect}
	err = tx.flushNotes(ctx, notes)
	if err == nil {
		err = tx.flushAudit(ctx, audits)
	}
	if err == nil {
		err = mapErr(stx.Commit())
	} else {
		stx.Rollback()
	}
	if err == nil {
		c.txs.Add(int64(len(ok)))
		c.batches.Add(1)
	}
	for _, r := range ok {
		r.res <- err
	}
}
