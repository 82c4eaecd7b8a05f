package org

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/mask"
)

// Liaison is the login account of a handling unit's liaison (承办单位联络员).
type Liaison struct {
	UserID   int64
	Name     string
	Username string
	Mobile   string // masked by Service.Liaisons
}

// LiaisonUsername is the username of the n-th liaison account of unit
// unitID: u12-1. Liaisons log in by mobile; the username only has to be
// unique.
func LiaisonUsername(unitID int64, n int) string {
	return "u" + strconv.FormatInt(unitID, 10) + "-" + strconv.Itoa(n)
}

// nextLiaison returns the number after the highest used in the usernames
// of ls, so that a new account never takes a username still in use.
func nextLiaison(unitID int64, ls []Liaison) int {
	prefix, n := "u"+strconv.FormatInt(unitID, 10)+"-", 0
	for _, l := range ls {
		rest, ok := strings.CutPrefix(l.Username, prefix)
		if k, err := strconv.Atoi(rest); ok && err == nil && k > n {
			n = k
		}
	}
	return n + 1
}

// handlingUnit returns handling unit id of the actor's committee, or
// NotFound.
func handlingUnit(ctx context.Context, tx Tx, by authz.Actor, id int64) (Unit, error) {
	units, err := tx.Units(ctx, by.CommitteeID, Handling)
	if err != nil {
		return Unit{}, err
	}
	i := slices.IndexFunc(units, func(u Unit) bool { return u.ID == id })
	if i < 0 {
		return Unit{}, errs.E(errs.NotFound, "承办单位不存在")
	}
	return units[i], nil
}

// Liaisons returns the liaison accounts of handling unit unitID of the
// actor's committee, mobiles masked, to office staff.
func (s *Service) Liaisons(ctx context.Context, by authz.Actor, unitID int64) ([]Liaison, error) {
	if err := authz.Check(by, authz.EditOrg, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return nil, err
	}
	var out []Liaison
	err := s.store.View(ctx, func(tx Tx) error {
		if _, err := handlingUnit(ctx, tx, by, unitID); err != nil {
			return err
		}
		var err error
		out, err = tx.Liaisons(ctx, unitID)
		return err
	})
	for i := range out {
		out[i].Mobile = mask.Mobile(out[i].Mobile)
	}
	return out, err
}

// LiaisonMaker creates, inside the transaction of AddLiaison, the login
// account with the given username for a liaison of unit u, and returns its
// user id (see account.CreateLiaisonAccountTx).
type LiaisonMaker func(ctx context.Context, tx Tx, u Unit, username string) (userID int64, err error)

// AddLiaison gives handling unit unitID of the actor's committee a liaison
// account made by makeAccount, named u<unit>-<n>, and links it to the
// unit, all in one transaction: if any step fails, nothing is written.
// Office staff may.
func (s *Service) AddLiaison(ctx context.Context, by authz.Actor, unitID int64, makeAccount LiaisonMaker) (Liaison, error) {
	if err := authz.Check(by, authz.CreateLiaisonAccount, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return Liaison{}, err
	}
	var l Liaison
	err := s.store.InTx(ctx, func(tx Tx) error {
		u, err := handlingUnit(ctx, tx, by, unitID)
		if err != nil {
			return err
		}
		ls, err := tx.Liaisons(ctx, unitID)
		if err != nil {
			return err
		}
		username := LiaisonUsername(unitID, nextLiaison(unitID, ls))
		uid, err := makeAccount(ctx, tx, u, username)
		if err != nil {
			return err
		}
		if err := tx.LinkLiaison(ctx, unitID, uid); err != nil {
			return err
		}
		l = Liaison{UserID: uid, Username: username}
		return tx.Audit(ctx, entry(by, "unit.liaison_add", "unit", unitID, map[string]audit.Change{
			"user_id": {New: uid}, "username": {New: username}}))
	})
	return l, err
}
