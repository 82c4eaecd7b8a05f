package sqldbtest

import (
	"context"
	"testing"

	"xieshang/internal/sqldb"
)

// Committee creates a city committee called name and returns its id.
func Committee(t testing.TB, db *sqldb.DB, name string) int64 {
	t.Helper()
	c := sqldb.Committee{Name: name, Level: "city"}
	if err := db.InTx(context.Background(), func(tx *sqldb.Tx) error { return tx.InsertCommittee(context.Background(), &c) }); err != nil {
		t.Fatalf("create committee: %v", err)
	}
	return c.ID
}
