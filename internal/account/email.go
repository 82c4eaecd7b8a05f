package account

import (
	"context"
	"net/mail"
	"strings"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

// EmailTx stores a user's e-mail address for notifications.
type EmailTx interface {
	UserEmail(ctx context.Context, id int64) (string, error)
	SetUserEmail(ctx context.Context, id int64, email string) error
}

// CheckEmail normalises an e-mail address and checks its form; "" is
// allowed (no e-mail).
func CheckEmail(email string) (string, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 || !strings.Contains(email[strings.LastIndex(email, "@")+1:], ".") {
		return "", errs.Field("email", "邮箱地址格式不正确,应如 zhangsan@example.cn")
	}
	return email, nil
}

// Email returns the actor's own notification e-mail address.
func (s *Service) Email(ctx context.Context, by authz.Actor) (string, error) {
	var e string
	err := s.store.Peek(ctx, func(tx Tx) error {
		et, ok := tx.(EmailTx)
		if !ok {
			return errs.E(errs.Internal, "账号存储不支持邮箱")
		}
		var err error
		e, err = et.UserEmail(ctx, by.UserID)
		return err
	})
	return e, err
}

// SetEmail sets the actor's own notification e-mail address ("" stops
// e-mail); audited with the address redacted.
func (s *Service) SetEmail(ctx context.Context, by authz.Actor, email string) error {
	email, err := CheckEmail(email)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		u, err := tx.UserByID(ctx, by.UserID)
		if err != nil {
			return err
		}
		if err := authz.Check(by, authz.ChangeOwnSecret, authz.Object{CommitteeID: u.CommitteeID, OwnerID: u.ID}); err != nil {
			return err
		}
		et, ok := tx.(EmailTx)
		if !ok {
			return errs.E(errs.Internal, "账号存储不支持邮箱")
		}
		if err := et.SetUserEmail(ctx, u.ID, email); err != nil {
			return err
		}
		return tx.Audit(ctx, entry(by, "user.email", "user", u.ID, map[string]audit.Change{"email": {New: audit.Redacted}}))
	})
}
