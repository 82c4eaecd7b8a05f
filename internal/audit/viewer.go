package audit

import (
	"context"

	"xieshang/internal/authz"
)

// Store is the read access the viewer needs.
type Store interface {
	View(ctx context.Context, fn func(Tx) error) error
}

// Tx reads audit entries.
type Tx interface {
	AuditEntries(ctx context.Context, f Filter) ([]Stored, error)
}

// Viewer serves the audit administrator's filtered view of the log.
type Viewer struct{ store Store }

// NewViewer returns a Viewer over store.
func NewViewer(store Store) *Viewer { return &Viewer{store: store} }

// List returns entries of the actor's committee matching f, newest first,
// together with unattributed security events (failed logins of unknown
// names, invalid API tokens). Only the audit administrator may read.
func (v *Viewer) List(ctx context.Context, by authz.Actor, f Filter) ([]Stored, error) {
	if err := authz.Check(by, authz.ReadAudit, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return nil, err
	}
	f.CommitteeID = by.CommitteeID
	var out []Stored
	err := v.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.AuditEntries(ctx, f)
		return err
	})
	return out, err
}
