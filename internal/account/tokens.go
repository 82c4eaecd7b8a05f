package account

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

// TokenPrefix starts every personal access token, so leaked tokens are easy
// to recognise in logs and scanners.
const TokenPrefix = "xst_"

// NewToken is the input of CreateToken.
type NewToken struct {
	Name   string
	Scopes []Scope
	Days   int // lifetime in days
}

// CreateToken creates a personal access token for the actor and returns it
// once in plain text; only its hash is kept.
func (s *Service) CreateToken(ctx context.Context, by authz.Actor, n NewToken) (Token, string, error) {
	n.Name = strings.TrimSpace(n.Name)
	var c errs.Check
	c.If(n.Name == "", "name", "请为令牌起一个名称,便于日后识别")
	c.If(utf8.RuneCountInString(n.Name) > 40, "name", "令牌名称不能超过 40 个字")
	c.If(len(n.Scopes) == 0, "scopes", "请至少选择一项权限范围")
	for _, sc := range n.Scopes {
		c.If(sc != ScopeRead && sc != ScopeWrite, "scopes", "未知的权限范围:"+string(sc))
	}
	c.If(n.Days < 1 || n.Days > s.cfg.TokenMaxLifeDay, "days", "有效期应在 1 至 "+itoa(s.cfg.TokenMaxLifeDay)+" 天之间")
	if err := c.Err(); err != nil {
		return Token{}, "", err
	}
	if err := authz.Check(by, authz.ManageOwnTokens, authz.Object{CommitteeID: by.CommitteeID, OwnerID: by.UserID}); err != nil {
		return Token{}, "", err
	}
	plain := TokenPrefix + RandomToken(32)
	var t Token
	err := s.store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		t = Token{UserID: by.UserID, Name: n.Name, Prefix: plain[:len(TokenPrefix)+6], Hash: HashSecret(plain),
			Scopes: n.Scopes, CreatedAt: now, ExpiresAt: now.Add(time.Duration(n.Days) * 24 * time.Hour)}
		if err := tx.InsertToken(ctx, &t); err != nil {
			return err
		}
		return tx.Audit(ctx, entry(by, "token.create", "token", t.ID, map[string]audit.Change{
			"name": {New: t.Name}, "scopes": {New: scopesString(t.Scopes)}, "expires_at": {New: fmtTime(t.ExpiresAt)}}))
	})
	return t, plain, err
}

func itoa(n int) string { return strconv.Itoa(n) }

func scopesString(sc []Scope) string {
	s := make([]string, len(sc))
	for i, x := range sc {
		s[i] = string(x)
	}
	return strings.Join(s, ",")
}

// Tokens lists the actor's own tokens, newest first.
func (s *Service) Tokens(ctx context.Context, by authz.Actor) ([]Token, error) {
	var out []Token
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.TokensOfUser(ctx, by.UserID)
		return err
	})
	return out, err
}

// RevokeToken revokes one of the actor's tokens. Revoking twice is a no-op.
func (s *Service) RevokeToken(ctx context.Context, by authz.Actor, id int64) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		list, err := tx.TokensOfUser(ctx, by.UserID)
		if err != nil {
			return err
		}
		for _, t := range list {
			if t.ID != id {
				continue
			}
			if !t.RevokedAt.IsZero() {
				return nil
			}
			t.RevokedAt = tx.Now()
			if err := tx.UpdateToken(ctx, t); err != nil {
				return err
			}
			return tx.Audit(ctx, entry(by, "token.revoke", "token", t.ID, map[string]audit.Change{"name": {Old: t.Name}}))
		}
		return errs.E(errs.NotFound, "令牌不存在")
	})
}

// AuthenticateToken returns the token and its user for a bearer token. An
// unknown, revoked or expired token is Unauthenticated; the failure is
// audited. Last use is recorded at most once a minute.
func (s *Service) AuthenticateToken(ctx context.Context, plain, addr string) (Token, User, error) {
	if !strings.HasPrefix(plain, TokenPrefix) || len(plain) > 100 {
		return Token{}, User{}, s.tokenFailure(ctx, addr, "malformed", "访问令牌无效")
	}
	var t Token
	var u User
	var now time.Time
	err := s.store.Peek(ctx, func(tx Tx) error {
		now = tx.Now()
		var err error
		if t, err = tx.TokenByHash(ctx, HashSecret(plain)); err != nil {
			return err
		}
		u, err = tx.UserByID(ctx, t.UserID)
		return err
	})
	if errs.Is(err, errs.NotFound) {
		return Token{}, User{}, s.tokenFailure(ctx, addr, "unknown", "访问令牌无效")
	}
	if err != nil {
		return Token{}, User{}, err
	}
	switch {
	case !t.RevokedAt.IsZero():
		return Token{}, User{}, s.tokenFailure(ctx, addr, "revoked", "访问令牌已被撤销")
	case !now.Before(t.ExpiresAt):
		return Token{}, User{}, s.tokenFailure(ctx, addr, "expired", "访问令牌已过期")
	case u.Disabled || u.Locked(now):
		return Token{}, User{}, s.tokenFailure(ctx, addr, "user disabled", "令牌所属账号已停用或锁定")
	}
	if now.Sub(t.LastUsedAt) > time.Minute {
		err := s.store.InTx(ctx, func(tx Tx) error {
			t.LastUsedAt = tx.Now()
			return tx.UpdateToken(ctx, t)
		})
		if err != nil {
			return Token{}, User{}, err
		}
	}
	return t, u, nil
}

func (s *Service) tokenFailure(ctx context.Context, addr, reason, msg string) error {
	err := s.store.InTx(ctx, func(tx Tx) error {
		return tx.Audit(ctx, audit.Entry{ActorName: "API", Action: "token.failed", ObjectType: "token",
			ClientAddr: addr, Changes: map[string]audit.Change{"reason": {New: reason}}})
	})
	if err != nil {
		return err
	}
	return errs.E(errs.Unauthenticated, "%s", msg)
}
