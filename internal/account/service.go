package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

// Config holds the tunable login rules.
type Config struct {
	IdleTimeout     time.Duration // default 30 minutes
	MaxSessionAge   time.Duration // default 12 hours
	TOTPIssuer      string        // shown in authenticator apps
	TokenMaxLifeDay int           // default 365
}

func (c Config) withDefaults() Config {
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = 30 * time.Minute
	}
	if c.MaxSessionAge <= 0 {
		c.MaxSessionAge = 12 * time.Hour
	}
	if c.TOTPIssuer == "" {
		c.TOTPIssuer = "协商平台"
	}
	if c.TokenMaxLifeDay <= 0 {
		c.TokenMaxLifeDay = 365
	}
	return c
}

// Service carries out account operations. Every change and its audit entry
// commit in one transaction.
type Service struct {
	store    Store
	cfg      Config
	sessions sessionCache
}

// NewService returns a Service over store.
func NewService(store Store, cfg Config) *Service {
	return &Service{store: store, cfg: cfg.withDefaults()}
}

// Config returns the effective configuration.
func (s *Service) Config() Config { return s.cfg }

// Meta describes the client of an unauthenticated request.
type Meta struct {
	ClientAddr string
	UserAgent  string
}

// HashSecret returns the stored form of a session or API token.
func HashSecret(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func entry(a authz.Actor, action, objType string, objID int64, changes map[string]audit.Change) audit.Entry {
	return audit.Entry{ActorID: a.UserID, ActorName: a.Name, Role: string(a.PrimaryRole()), CommitteeID: a.CommitteeID,
		Action: action, ObjectType: objType, ObjectID: strconv.FormatInt(objID, 10), Changes: changes, ClientAddr: a.Addr}
}

func userEntry(u User, addr, action string, changes map[string]audit.Change) audit.Entry {
	return entry(u.Actor(addr), action, "user", u.ID, changes)
}

// LoginResult tells the caller where a successful password step leads.
type LoginResult struct {
	Token string // the session token for the cookie
	Stage Stage
	User  User
}

// ErrBadCredentials is the one message for an unknown name or a wrong
// password, so that neither can be told apart.
const badCredentials = "用户名或密码错误"

func lockedError(until time.Time) error {
	return errs.E(errs.Locked, "账号因连续 %d 次登录失败已被锁定,请于 %s 后再试,或联系安全管理员解锁",
		MaxFailedAttempts, until.In(CST).Format("2006-01-02 15:04"))
}

// Login checks a username or mobile number and password. On success it
// starts a session at the stage the user must pass next. A wrong password
// counts toward the lockout; the fifth locks the account for LockDuration.
// Failures are audited and the counters updated, but nothing else is written.
func (s *Service) Login(ctx context.Context, login, password string, m Meta) (LoginResult, error) {
	login = strings.TrimSpace(login)
	var c errs.Check
	c.If(login == "", "login", "请输入用户名或手机号")
	c.If(password == "", "password", "请输入密码")
	if err := c.Err(); err != nil {
		return LoginResult{}, err
	}
	if utf8.RuneCountInString(login) > 64 {
		login = string([]rune(login)[:64])
	}
	var res LoginResult
	var failure error
	err := s.store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		u, err := tx.UserByLogin(ctx, login)
		if errs.Is(err, errs.NotFound) {
			CheckPassword(dummyHash, password)
			failure = errs.E(errs.Unauthenticated, badCredentials)
			return tx.Audit(ctx, audit.Entry{ActorName: login, Action: "login.failed", ObjectType: "user",
				ClientAddr: m.ClientAddr, Changes: map[string]audit.Change{"reason": {New: "unknown login"}}})
		}
		if err != nil {
			return err
		}
		if u.Locked(now) {
			failure = lockedError(u.LockedUntil)
			return tx.Audit(ctx, userEntry(u, m.ClientAddr, "login.failed", map[string]audit.Change{"reason": {New: "locked"}}))
		}
		if !CheckPassword(u.PasswordHash, password) {
			failure, err = s.countFailure(ctx, tx, &u, m.ClientAddr, "wrong password")
			return err
		}
		if u.Disabled {
			failure = errs.E(errs.Forbidden, "账号已停用,请联系系统管理员")
			return tx.Audit(ctx, userEntry(u, m.ClientAddr, "login.failed", map[string]audit.Change{"reason": {New: "disabled"}}))
		}
		u.FailedAttempts = 0
		u.LockedUntil = time.Time{}
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		stage := StageOK
		if u.NeedsTOTP() {
			stage = StageEnroll
			if u.TOTPSecret != "" {
				stage = StageTOTP
			}
		}
		token := RandomToken(32)
		sess := Session{Hash: HashSecret(token), UserID: u.ID, Stage: stage, CreatedAt: now, LastSeen: now,
			ClientAddr: m.ClientAddr, UserAgent: truncate(m.UserAgent, 200)}
		if err := tx.InsertSession(ctx, sess); err != nil {
			return err
		}
		res = LoginResult{Token: token, Stage: stage, User: u}
		return tx.Audit(ctx, userEntry(u, m.ClientAddr, "login.ok", map[string]audit.Change{"stage": {New: string(stage)}}))
	})
	if err != nil {
		return LoginResult{}, err
	}
	return res, failure
}

// countFailure records a failed password or code for u and locks the
// account on the MaxFailedAttempts-th failure. It returns the error to show.
func (s *Service) countFailure(ctx context.Context, tx Tx, u *User, addr, reason string) (error, error) {
	now := tx.Now()
	u.FailedAttempts++
	action := "login.failed"
	var failure error
	if u.FailedAttempts >= MaxFailedAttempts {
		u.FailedAttempts = 0
		u.LockedUntil = now.Add(LockDuration)
		action = "login.locked"
		failure = lockedError(u.LockedUntil)
	} else if reason == "wrong code" {
		failure = errs.Field("code", fmt.Sprintf("动态验证码错误,再错 %d 次账号将被锁定", MaxFailedAttempts-u.FailedAttempts))
	} else {
		failure = errs.E(errs.Unauthenticated, "%s,再错 %d 次账号将被锁定 %d 分钟", badCredentials,
			MaxFailedAttempts-u.FailedAttempts, int(LockDuration.Minutes()))
	}
	if err := tx.UpdateUser(ctx, *u); err != nil {
		return nil, err
	}
	return failure, tx.Audit(ctx, userEntry(*u, addr, action, map[string]audit.Change{"reason": {New: reason}}))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Authenticate returns the session and user for a session token. A session
// idle longer than IdleTimeout, or older than MaxSessionAge, is deleted and
// reported as Unauthenticated. LastSeen is refreshed at most once a minute.
func (s *Service) Authenticate(ctx context.Context, token string) (Session, User, error) {
	if token == "" {
		return Session{}, User{}, errs.E(errs.Unauthenticated, "请先登录")
	}
	hash := HashSecret(token)
	if sess, u, ok, err := s.cachedSession(ctx, hash); err != nil || ok {
		if ok {
			s.sessions.hits.Add(1)
		}
		return sess, u, err
	}
	s.sessions.misses.Add(1)
	var sess Session
	var u User
	var expired bool
	var now time.Time
	err := s.store.Peek(ctx, func(tx Tx) error {
		var err error
		if sess, u, err = tx.SessionUser(ctx, hash); err != nil {
			return err
		}
		now = tx.Now()
		expired = now.Sub(sess.LastSeen) > s.cfg.IdleTimeout || now.Sub(sess.CreatedAt) > s.cfg.MaxSessionAge
		return nil
	})
	if errs.Is(err, errs.NotFound) {
		return Session{}, User{}, errs.E(errs.Unauthenticated, "登录已失效,请重新登录")
	}
	if err != nil {
		return Session{}, User{}, err
	}
	if expired {
		_ = s.store.InTx(ctx, func(tx Tx) error { return tx.DeleteSession(ctx, hash) })
		return Session{}, User{}, errs.E(errs.Unauthenticated, "您已超过 %d 分钟未操作,为保护账号安全已自动退出,请重新登录", int(s.cfg.IdleTimeout.Minutes()))
	}
	if u.Disabled || u.Locked(now) {
		return Session{}, User{}, errs.E(errs.Unauthenticated, "账号已停用或锁定,请重新登录")
	}
	if now.Sub(sess.LastSeen) > time.Minute {
		err := s.store.InTx(ctx, func(tx Tx) error {
			sess.LastSeen = tx.Now()
			return tx.UpdateSession(ctx, sess)
		})
		if err != nil {
			return Session{}, User{}, err
		}
	}
	s.sessions.put(sess, u)
	return sess, u, nil
}

// Logout ends the session of token.
func (s *Service) Logout(ctx context.Context, token, addr string) error {
	hash := HashSecret(token)
	defer s.sessions.drop(hash)
	return s.store.InTx(ctx, func(tx Tx) error {
		sess, err := tx.SessionByHash(ctx, hash)
		if errs.Is(err, errs.NotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		u, err := tx.UserByID(ctx, sess.UserID)
		if err != nil {
			return err
		}
		if err := tx.DeleteSession(ctx, hash); err != nil {
			return err
		}
		return tx.Audit(ctx, userEntry(u, addr, "logout", nil))
	})
}

// VerifyTOTP completes a session at StageTOTP with a code from the user's
// authenticator. Wrong codes count toward the lockout like wrong passwords.
func (s *Service) VerifyTOTP(ctx context.Context, token, code, addr string) error {
	hash := HashSecret(token)
	var failure error
	err := s.store.InTx(ctx, func(tx Tx) error {
		sess, err := tx.SessionByHash(ctx, hash)
		if err != nil {
			return errs.Wrap(errs.Unauthenticated, err, "登录已失效,请重新登录")
		}
		if sess.Stage != StageTOTP {
			return errs.E(errs.Conflict, "当前无需输入动态验证码")
		}
		u, err := tx.UserByID(ctx, sess.UserID)
		if err != nil {
			return err
		}
		now := tx.Now()
		if u.Locked(now) {
			if err := tx.DeleteSession(ctx, hash); err != nil {
				return err
			}
			failure = lockedError(u.LockedUntil)
			return nil
		}
		step, ok := MatchTOTP(u.TOTPSecret, code, now, u.TOTPLastStep)
		if !ok {
			failure, err = s.countFailure(ctx, tx, &u, addr, "wrong code")
			if err == nil && errs.Is(failure, errs.Locked) {
				err = tx.DeleteSession(ctx, hash)
			}
			return err
		}
		u.TOTPLastStep = step
		u.FailedAttempts = 0
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		sess.Stage, sess.LastSeen = StageOK, now
		if err := tx.UpdateSession(ctx, sess); err != nil {
			return err
		}
		return tx.Audit(ctx, userEntry(u, addr, "totp.ok", nil))
	})
	if err != nil {
		return err
	}
	return failure
}

// Enrollment is what the enrolment page shows: the secret and the URL to
// encode as a QR code.
type Enrollment struct {
	Secret string
	URL    string
}

// BeginTOTPEnrollment creates (or returns the pending) secret for the user
// of a session that is fully logged in or at StageEnroll.
func (s *Service) BeginTOTPEnrollment(ctx context.Context, token string) (Enrollment, error) {
	var en Enrollment
	err := s.store.InTx(ctx, func(tx Tx) error {
		sess, err := tx.SessionByHash(ctx, HashSecret(token))
		if err != nil {
			return errs.Wrap(errs.Unauthenticated, err, "登录已失效,请重新登录")
		}
		if sess.Stage == StageTOTP {
			return errs.E(errs.Forbidden, "请先输入动态验证码完成登录")
		}
		u, err := tx.UserByID(ctx, sess.UserID)
		if err != nil {
			return err
		}
		if u.TOTPPending == "" {
			u.TOTPPending = NewTOTPSecret()
			if err := tx.UpdateUser(ctx, u); err != nil {
				return err
			}
		}
		en = Enrollment{Secret: u.TOTPPending, URL: TOTPURL(s.cfg.TOTPIssuer, u.Username, u.TOTPPending)}
		return nil
	})
	return en, err
}

// ConfirmTOTPEnrollment enables the pending secret once the user proves
// their app shows the right code; a session at StageEnroll becomes StageOK.
func (s *Service) ConfirmTOTPEnrollment(ctx context.Context, token, code, addr string) error {
	hash := HashSecret(token)
	return s.store.InTx(ctx, func(tx Tx) error {
		sess, err := tx.SessionByHash(ctx, hash)
		if err != nil {
			return errs.Wrap(errs.Unauthenticated, err, "登录已失效,请重新登录")
		}
		if sess.Stage == StageTOTP {
			return errs.E(errs.Forbidden, "请先输入动态验证码完成登录")
		}
		u, err := tx.UserByID(ctx, sess.UserID)
		if err != nil {
			return err
		}
		if u.TOTPPending == "" {
			return errs.E(errs.Conflict, "绑定已过期,请刷新页面重新扫码")
		}
		step, ok := MatchTOTP(u.TOTPPending, code, tx.Now(), 0)
		if !ok {
			return errs.Field("code", "动态验证码不正确,请确认手机时间准确后重新输入")
		}
		u.TOTPSecret, u.TOTPPending, u.TOTPLastStep = u.TOTPPending, "", step
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if sess.Stage == StageEnroll {
			sess.Stage = StageOK
			if err := tx.UpdateSession(ctx, sess); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, userEntry(u, addr, "totp.enrolled", map[string]audit.Change{"totp_secret": {New: audit.Redacted}}))
	})
}

// ChangePassword sets a new password for the actor after checking the
// current one. Every other session of the user ends.
func (s *Service) ChangePassword(ctx context.Context, by authz.Actor, sessionToken, current, next, confirm string) error {
	var c errs.Check
	c.If(current == "", "current_password", "请输入当前密码")
	if err := CheckPasswordPolicy("new_password", next); err != nil {
		c.Add("new_password", errs.Message(err))
	}
	c.If(next != confirm, "confirm_password", "两次输入的新密码不一致")
	c.If(next != "" && next == current, "new_password", "新密码不能与当前密码相同")
	if err := c.Err(); err != nil {
		return err
	}
	var failure error
	err := s.store.InTx(ctx, func(tx Tx) error {
		u, err := tx.UserByID(ctx, by.UserID)
		if err != nil {
			return err
		}
		if err := authz.Check(by, authz.ChangeOwnSecret, authz.Object{CommitteeID: u.CommitteeID, OwnerID: u.ID}); err != nil {
			return err
		}
		if !CheckPassword(u.PasswordHash, current) {
			failure, err = s.countFailure(ctx, tx, &u, by.Addr, "wrong password")
			if err == nil && !errs.Is(failure, errs.Locked) {
				failure = errs.Field("current_password", "当前密码不正确")
			}
			return err
		}
		u.PasswordHash = HashPassword(next)
		u.MustChangePassword = false
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := tx.DeleteUserSessions(ctx, u.ID, HashSecret(sessionToken)); err != nil {
			return err
		}
		return tx.Audit(ctx, entry(by, "password.changed", "user", u.ID, map[string]audit.Change{"password": {New: audit.Redacted}}))
	})
	if err != nil {
		return err
	}
	return failure
}

var (
	usernameRe = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$`)
	mobileRe   = regexp.MustCompile(`^1[3-9]\d{9}$`)
)

// NewUser is the input of CreateUser.
type NewUser struct {
	CommitteeID int64
	Username    string
	Name        string
	Mobile      string
	Roles       []authz.Role
}

// Validate checks the fields of n that need no database.
func (n *NewUser) Validate() error {
	n.Username = strings.TrimSpace(n.Username)
	n.Name = strings.TrimSpace(n.Name)
	n.Mobile = strings.TrimSpace(n.Mobile)
	var c errs.Check
	c.If(!usernameRe.MatchString(n.Username), "username", "用户名须以字母开头,由 3–32 位字母、数字、下划线、点或连字符组成")
	c.If(n.Name == "", "name", "请输入姓名")
	c.If(utf8.RuneCountInString(n.Name) > 32, "name", "姓名不能超过 32 个字")
	c.If(n.Mobile != "" && !mobileRe.MatchString(n.Mobile), "mobile", "手机号码应为 11 位数字,以 1 开头")
	if err := authz.CheckRoleSet(n.Roles); err != nil {
		c.Add("roles", errs.Message(err))
	}
	return c.Err()
}

// CreateUser creates an account with a generated one-time password, which
// it returns; the user must change it at first login. Only a system
// administrator creates accounts, and roles can be given at creation only by
// whoever may assign roles (the command line), keeping 三员分立.
func (s *Service) CreateUser(ctx context.Context, by authz.Actor, n NewUser) (User, string, error) {
	if err := n.Validate(); err != nil {
		return User{}, "", err
	}
	obj := authz.Object{CommitteeID: n.CommitteeID}
	if err := authz.Check(by, authz.CreateAccount, obj); err != nil {
		return User{}, "", err
	}
	if len(n.Roles) > 0 {
		if err := authz.Check(by, authz.AssignRole, obj); err != nil {
			return User{}, "", err
		}
	}
	pw := GeneratePassword()
	var u User
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.CommitteeExists(ctx, n.CommitteeID); err != nil {
			return errs.Field("committee", "所属政协不存在")
		}
		now := tx.Now()
		u = User{CommitteeID: n.CommitteeID, Username: n.Username, Name: n.Name, Mobile: n.Mobile,
			PasswordHash: HashPassword(pw), MustChangePassword: true, CreatedAt: now, UpdatedAt: now}
		if err := tx.InsertUser(ctx, &u); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.Field("username", "用户名或手机号已被其他账号使用")
			}
			return err
		}
		if len(n.Roles) > 0 {
			if err := tx.SetUserRoles(ctx, u.ID, u.CommitteeID, n.Roles); err != nil {
				return err
			}
			u.Roles = n.Roles
		}
		changes := audit.Diff(nil, u.auditFields())
		changes["roles"] = audit.Change{New: rolesString(n.Roles)}
		changes["password"] = audit.Change{New: audit.Redacted}
		return tx.Audit(ctx, entry(by, "user.create", "user", u.ID, changes))
	})
	return u, pw, err
}

// MemberUsername is the username of the login account made for member
// id by CreateMemberAccount. Members log in by mobile; the username only
// has to be unique and must not reveal the number.
func MemberUsername(memberID int64) string { return fmt.Sprintf("m%05d", memberID) }

// CheckMemberAccount checks, without the database, what CreateMemberAccount
// needs: a name and a valid mobile number to log in with. Callers that
// create the member first use it to refuse the form before writing.
func CheckMemberAccount(name, mobile string) error {
	n := NewUser{Username: "placeholder", Name: name, Mobile: mobile}
	if err := n.Validate(); err != nil {
		return err
	}
	if n.Mobile == "" {
		return errs.Field("mobile", "创建登录账号需要填写手机号码(委员用手机号登录)")
	}
	return nil
}

// CreateMemberAccount creates, for member memberID of the actor's
// committee, an account holding the member role and nothing else, with the
// mobile number as its login and a generated one-time password, which it
// returns. Office staff may do this although they may not create other
// accounts or assign roles: the role is fixed here, not chosen. Linking
// the account to the member is the member service's job.
func (s *Service) CreateMemberAccount(ctx context.Context, by authz.Actor, memberID int64, name, mobile string) (User, string, error) {
	var u User
	var pw string
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		u, pw, err = CreateMemberAccountTx(ctx, tx, by, memberID, name, mobile)
		return err
	})
	return u, pw, err
}

// CreateMemberAccountTx is CreateMemberAccount inside a transaction the
// caller owns, so that creating a member and their account commit
// together (see member.Service.CreateWithAccount).
func CreateMemberAccountTx(ctx context.Context, tx Tx, by authz.Actor, memberID int64, name, mobile string) (User, string, error) {
	if err := CheckMemberAccount(name, mobile); err != nil {
		return User{}, "", err
	}
	n := NewUser{CommitteeID: by.CommitteeID, Username: MemberUsername(memberID), Name: name, Mobile: mobile,
		Roles: []authz.Role{authz.Member}}
	if err := n.Validate(); err != nil {
		return User{}, "", err
	}
	if err := authz.Check(by, authz.CreateMemberAccount, authz.Object{CommitteeID: n.CommitteeID}); err != nil {
		return User{}, "", err
	}
	return insertRoleAccount(ctx, tx, by, n, "member_id", memberID)
}

// insertRoleAccount stores the validated, authorised account n with a
// generated one-time password and its roles, and audits it with the id of
// what it belongs to (a member or a unit). A taken mobile is a field error.
func insertRoleAccount(ctx context.Context, tx Tx, by authz.Actor, n NewUser, ownerKey string, ownerID int64) (User, string, error) {
	pw := GeneratePassword()
	now := tx.Now()
	u := User{CommitteeID: n.CommitteeID, Username: n.Username, Name: n.Name, Mobile: n.Mobile,
		PasswordHash: HashPassword(pw), MustChangePassword: true, CreatedAt: now, UpdatedAt: now}
	if err := tx.InsertUser(ctx, &u); err != nil {
		if errs.Is(err, errs.Conflict) {
			return User{}, "", errs.Field("mobile", "该手机号已被其他登录账号使用")
		}
		return User{}, "", err
	}
	if err := tx.SetUserRoles(ctx, u.ID, u.CommitteeID, n.Roles); err != nil {
		return User{}, "", err
	}
	u.Roles = n.Roles
	changes := audit.Diff(nil, u.auditFields())
	changes["roles"] = audit.Change{New: rolesString(n.Roles)}
	changes["password"] = audit.Change{New: audit.Redacted}
	changes[ownerKey] = audit.Change{New: ownerID}
	return u, pw, tx.Audit(ctx, entry(by, "user.create", "user", u.ID, changes))
}

// CreateLiaisonAccountTx creates, inside a transaction the caller owns,
// the login account of a liaison (承办单位联络员) of handling unit unitID:
// the unit_liaison role and nothing else, the given username (see
// org.LiaisonUsername), the mobile number to log in with and a generated
// one-time password, which it returns. Name and mobile are required. Office
// staff may do this although they may not create other accounts or assign
// roles. Linking the account to the unit is the org service's job (see
// org.Service.AddLiaison), in the same transaction.
func CreateLiaisonAccountTx(ctx context.Context, tx Tx, by authz.Actor, unitID int64, username, name, mobile string) (User, string, error) {
	n := NewUser{CommitteeID: by.CommitteeID, Username: username, Name: name, Mobile: mobile,
		Roles: []authz.Role{authz.UnitLiaison}}
	if err := n.Validate(); err != nil {
		return User{}, "", err
	}
	if n.Mobile == "" {
		return User{}, "", errs.Field("mobile", "请填写手机号码(联络员用手机号登录)")
	}
	if err := authz.Check(by, authz.CreateLiaisonAccount, authz.Object{CommitteeID: n.CommitteeID}); err != nil {
		return User{}, "", err
	}
	return insertRoleAccount(ctx, tx, by, n, "unit_id", unitID)
}

func rolesString(rs []authz.Role) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = string(r)
	}
	return strings.Join(names, ",")
}

// loadTarget reads the user an administrator acts on and checks that the
// actor may do act to them. A user of another committee is NotFound.
func loadTarget(ctx context.Context, tx Tx, by authz.Actor, act authz.Action, id int64) (User, error) {
	u, err := tx.UserByID(ctx, id)
	if err != nil {
		return User{}, err
	}
	obj := authz.Object{CommitteeID: u.CommitteeID, OwnerID: u.ID}
	if !by.System && u.CommitteeID != by.CommitteeID {
		return User{}, errs.E(errs.NotFound, "账号不存在")
	}
	return u, authz.Check(by, act, obj)
}

// ResetPassword gives user id a new one-time password, which it returns,
// ends their sessions and forces a change at next login.
func (s *Service) ResetPassword(ctx context.Context, by authz.Actor, id int64) (string, error) {
	pw := GeneratePassword()
	err := s.store.InTx(ctx, func(tx Tx) error {
		u, err := loadTarget(ctx, tx, by, authz.ResetPassword, id)
		if err != nil {
			return err
		}
		u.PasswordHash, u.MustChangePassword = HashPassword(pw), true
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := tx.DeleteUserSessions(ctx, u.ID, ""); err != nil {
			return err
		}
		return tx.Audit(ctx, entry(by, "password.reset", "user", u.ID, map[string]audit.Change{"password": {New: audit.Redacted}}))
	})
	return pw, err
}

// Unlock clears a lockout.
func (s *Service) Unlock(ctx context.Context, by authz.Actor, id int64) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		u, err := loadTarget(ctx, tx, by, authz.UnlockAccount, id)
		if err != nil {
			return err
		}
		old := u.LockedUntil
		u.LockedUntil, u.FailedAttempts = time.Time{}, 0
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return tx.Audit(ctx, entry(by, "user.unlock", "user", u.ID, map[string]audit.Change{"locked_until": {Old: fmtTime(old)}}))
	})
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(CST).Format("2006-01-02 15:04:05")
}

// ResetTOTP removes the user's second factor; they enrol again at next
// login. Their sessions end.
func (s *Service) ResetTOTP(ctx context.Context, by authz.Actor, id int64) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		u, err := loadTarget(ctx, tx, by, authz.ResetTOTP, id)
		if err != nil {
			return err
		}
		u.TOTPSecret, u.TOTPPending, u.TOTPLastStep = "", "", 0
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := tx.DeleteUserSessions(ctx, u.ID, ""); err != nil {
			return err
		}
		return tx.Audit(ctx, entry(by, "totp.reset", "user", u.ID, map[string]audit.Change{"totp_secret": {Old: audit.Redacted}}))
	})
}

// SetRoles replaces the roles user id holds in their committee.
func (s *Service) SetRoles(ctx context.Context, by authz.Actor, id int64, roles []authz.Role) error {
	if err := authz.CheckRoleSet(roles); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		u, err := loadTarget(ctx, tx, by, authz.AssignRole, id)
		if err != nil {
			return err
		}
		if err := tx.SetUserRoles(ctx, u.ID, u.CommitteeID, roles); err != nil {
			return err
		}
		return tx.Audit(ctx, entry(by, "role.assign", "user", u.ID,
			map[string]audit.Change{"roles": {Old: rolesString(u.Roles), New: rolesString(roles)}}))
	})
}

// UpdateUser changes the name, mobile and disabled flag of user id.
// Disabling ends the user's sessions.
func (s *Service) UpdateUser(ctx context.Context, by authz.Actor, id int64, name, mobile string, disabled bool) error {
	return s.EditUser(ctx, by, id, AccountEdit{Name: name, Mobile: mobile, Disabled: disabled})
}

// AccountEdit is what an account administrator changes of an account.
type AccountEdit struct {
	Name, Mobile string
	// Email is the notification address ("" stops e-mail); nil leaves
	// it as it is.
	Email    *string
	Disabled bool
}

// EditUser changes account id as e says, in one transaction with one audit
// entry (the e-mail address redacted in it). Staff set the address of a
// member who cannot do it themselves.
func (s *Service) EditUser(ctx context.Context, by authz.Actor, id int64, e AccountEdit) error {
	n := NewUser{Username: "placeholder", Name: e.Name, Mobile: e.Mobile}
	err := n.Validate()
	var email string
	if e.Email != nil {
		var eerr error
		if email, eerr = CheckEmail(*e.Email); eerr != nil {
			if err == nil {
				err = eerr
			} else { // name them all at once
				var c errs.Check
				for _, f := range append(errs.FieldsOf(err), errs.FieldsOf(eerr)...) {
					c.Add(f.Field, f.Message)
				}
				err = c.Err()
			}
		}
	}
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		u, err := loadTarget(ctx, tx, by, authz.EditAccount, id)
		if err != nil {
			return err
		}
		if e.Disabled && u.ID == by.UserID {
			return errs.Field("disabled", "不能停用自己的账号")
		}
		old := u.auditFields()
		u.Name, u.Mobile, u.Disabled = n.Name, n.Mobile, e.Disabled
		if err := tx.UpdateUser(ctx, u); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.Field("mobile", "该手机号已被其他账号使用")
			}
			return err
		}
		if e.Disabled {
			if err := tx.DeleteUserSessions(ctx, u.ID, ""); err != nil {
				return err
			}
		}
		changes := audit.Diff(old, u.auditFields())
		if e.Email != nil {
			et, ok := tx.(EmailTx)
			if !ok {
				return errs.E(errs.Internal, "账号存储不支持邮箱")
			}
			before, err := et.UserEmail(ctx, u.ID)
			if err != nil {
				return err
			}
			if before != email {
				if err := et.SetUserEmail(ctx, u.ID, email); err != nil {
					return err
				}
				if changes == nil {
					changes = map[string]audit.Change{}
				}
				changes["email"] = audit.Change{New: audit.Redacted}
			}
		}
		return tx.Audit(ctx, entry(by, "user.update", "user", u.ID, changes))
	})
}

// UserEmail returns the notification address of account id to those who
// may edit it.
func (s *Service) UserEmail(ctx context.Context, by authz.Actor, id int64) (string, error) {
	var out string
	err := s.store.View(ctx, func(tx Tx) error {
		u, err := loadTarget(ctx, tx, by, authz.EditAccount, id)
		if err != nil {
			return err
		}
		et, ok := tx.(EmailTx)
		if !ok {
			return errs.E(errs.Internal, "账号存储不支持邮箱")
		}
		out, err = et.UserEmail(ctx, u.ID)
		return err
	})
	return out, err
}

// User returns user id if the actor may view accounts or it is their own.
func (s *Service) User(ctx context.Context, by authz.Actor, id int64) (User, error) {
	var u User
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		u, err = tx.UserByID(ctx, id)
		if err != nil {
			return err
		}
		if u.CommitteeID != by.CommitteeID && !by.System {
			return errs.E(errs.NotFound, "账号不存在")
		}
		if u.ID == by.UserID {
			return nil
		}
		return authz.Check(by, authz.ViewAccounts, authz.Object{CommitteeID: u.CommitteeID, OwnerID: u.ID})
	})
	return u, err
}

// Users lists the accounts of the actor's committee whose name, username or
// mobile contains q, ordered by id, after the cursor afterID.
func (s *Service) Users(ctx context.Context, by authz.Actor, q string, afterID int64, limit int) ([]User, error) {
	if err := authz.Check(by, authz.ViewAccounts, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var out []User
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.ListUsers(ctx, by.CommitteeID, strings.TrimSpace(q), afterID, limit)
		return err
	})
	return out, err
}
