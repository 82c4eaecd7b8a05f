package api

import (
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"xieshang/internal/account"
	"xieshang/internal/errs"
	"xieshang/internal/mask"
)

// maxQueryRunes bounds the search text of the user list.
const maxQueryRunes = 64

// User is an account as the API shows it; the mobile number is masked.
type User struct {
	ID                 int64      `json:"id" doc:"账号编号"`
	CommitteeID        int64      `json:"committee_id" doc:"所属政协编号"`
	Username           string     `json:"username" doc:"登录用户名"`
	Name               string     `json:"name" doc:"姓名"`
	Mobile             string     `json:"mobile,omitempty" doc:"手机号(已脱敏,如 138****5678);未登记时省略"`
	Roles              []Role     `json:"roles" doc:"在所属政协担任的角色"`
	Disabled           bool       `json:"disabled" doc:"是否已停用"`
	LockedUntil        *time.Time `json:"locked_until,omitempty" doc:"最近一次因连续登录失败被锁定的截止时间(UTC),早于当前时间即已自动解除;从未锁定或已解锁时省略"`
	TOTPEnabled        bool       `json:"totp_enabled" doc:"是否已启用双因素认证"`
	MustChangePassword bool       `json:"must_change_password" doc:"是否仍在使用初始密码"`
	CreatedAt          time.Time  `json:"created_at" doc:"创建时间(UTC)"`
	UpdatedAt          time.Time  `json:"updated_at" doc:"最后修改时间(UTC)"`
}

// UserList is a page of accounts.
type UserList struct {
	Items      []User `json:"items" doc:"本页账号,按编号升序"`
	NextCursor string `json:"next_cursor,omitempty" doc:"下一页的游标,作为 cursor 参数传回;已是最后一页时省略"`
}

// NewUser is the body of createUser.
type NewUser struct {
	Username string `json:"username" doc:"登录用户名:以字母开头,3–32 位字母、数字、下划线、点或连字符"`
	Name     string `json:"name" doc:"姓名,不超过 32 个字"`
	Mobile   string `json:"mobile,omitempty" doc:"手机号,11 位,以 1 开头;可省略"`
}

// CreatedUser is a new account with its one-time password.
type CreatedUser struct {
	User
	OneTimePassword string `json:"one_time_password" doc:"一次性初始密码,仅此一次返回,请通过安全渠道交给本人;首次登录须修改"`
}

// userOf returns the API view of u.
func userOf(u account.User) User {
	out := User{ID: u.ID, CommitteeID: u.CommitteeID, Username: u.Username, Name: u.Name, Mobile: mask.Mobile(u.Mobile),
		Roles: rolesOf(u.Roles), Disabled: u.Disabled, TOTPEnabled: u.TOTPSecret != "",
		MustChangePassword: u.MustChangePassword, CreatedAt: u.CreatedAt.UTC(), UpdatedAt: u.UpdatedAt.UTC()}
	if !u.LockedUntil.IsZero() {
		out.LockedUntil = ptr(u.LockedUntil.UTC())
	}
	return out
}

func (a *API) listUsers(w http.ResponseWriter, r *request) error {
	q := r.query("q")
	p, err := parsePage(r, "users")
	if utf8.RuneCountInString(q) > maxQueryRunes {
		err = joinFields(err, errs.Field("q", "搜索内容不能超过 "+strconv.Itoa(maxQueryRunes)+" 个字"))
	}
	if err != nil {
		return err
	}
	users, next, err := fetchPage(p, func(u account.User) int64 { return u.ID },
		func(after int64, n int) ([]account.User, error) {
			return a.accounts.Users(r.Context(), r.actor, q, after, n)
		})
	if err != nil {
		return err
	}
	items := make([]User, len(users))
	for i, u := range users {
		items[i] = userOf(u)
	}
	return writeJSON(w, http.StatusOK, UserList{Items: items, NextCursor: next})
}

func (a *API) getUser(w http.ResponseWriter, r *request) error {
	id, err := r.pathID("id", "账号")
	if err != nil {
		return err
	}
	u, err := a.accounts.User(r.Context(), r.actor, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, userOf(u))
}

func (a *API) createUser(w http.ResponseWriter, r *request) error {
	var in NewUser
	if err := decodeJSON(r.Request, &in); err != nil {
		return err
	}
	u, pw, err := a.accounts.CreateUser(r.Context(), r.actor, account.NewUser{CommitteeID: r.actor.CommitteeID,
		Username: in.Username, Name: in.Name, Mobile: in.Mobile})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/users/"+strconv.FormatInt(u.ID, 10))
	return writeJSON(w, http.StatusCreated, CreatedUser{User: userOf(u), OneTimePassword: pw})
}

// joinFields merges the field errors of Invalid errors into one; nil
// arguments are skipped.
func joinFields(list ...error) error {
	var c errs.Check
	for _, e := range list {
		for _, f := range errs.FieldsOf(e) {
			c.Add(f.Field, f.Message)
		}
	}
	return c.Err()
}
