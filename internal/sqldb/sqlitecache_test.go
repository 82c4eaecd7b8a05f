package sqldb

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestCachedStatementNestedUse runs a query again while its own rows are
// still open on the same connection: the cache must prepare a second
// statement rather than reset the first.
func TestCachedStatementNestedUse(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	err = db.InTx(ctx, func(tx *Tx) error {
		for i := range 3 {
			if err := tx.InsertCommittee(ctx, &Committee{Name: fmt.Sprint("c", i), Level: "city"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	const q = "SELECT id FROM committees ORDER BY id"
	for round := range 3 { // later rounds hit the cache
		var outer, inner int
		err = db.InTx(ctx, func(tx *Tx) error {
			rows, err := tx.query(ctx, q)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				outer++
				in, err := tx.query(ctx, q)
				if err != nil {
					return err
				}
				for in.Next() {
					inner++
				}
				in.Close()
			}
			return rows.Err()
		})
		if err != nil || outer != 3 || inner != 9 {
			t.Fatalf("round %d: outer %d inner %d err %v", round, outer, inner, err)
		}
	}
}
