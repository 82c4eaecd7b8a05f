package api

import (
	"net/http"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/authz"
)

// Me is the user a token belongs to, with the token's own details.
type Me struct {
	ID                 int64     `json:"id" doc:"账号编号"`
	Username           string    `json:"username" doc:"登录用户名"`
	Name               string    `json:"name" doc:"姓名"`
	CommitteeID        int64     `json:"committee_id" doc:"所属政协编号"`
	Roles              []Role    `json:"roles" doc:"在所属政协担任的角色"`
	TOTPEnabled        bool      `json:"totp_enabled" doc:"是否已启用双因素认证"`
	MustChangePassword bool      `json:"must_change_password" doc:"是否仍在使用初始密码(须登录网页修改)"`
	Token              TokenInfo `json:"token" doc:"本次请求使用的访问令牌"`
}

// TokenInfo describes a personal access token; the secret is never shown.
type TokenInfo struct {
	ID        int64           `json:"id" doc:"令牌编号"`
	Name      string          `json:"name" doc:"令牌名称"`
	Prefix    string          `json:"prefix" doc:"令牌开头几位,用于辨认"`
	Scopes    []account.Scope `json:"scopes" enum:"read,write" doc:"权限范围:read 读取,write 写入"`
	ExpiresAt time.Time       `json:"expires_at" doc:"过期时间(UTC)"`
}

// Role is a role held in a committee.
type Role struct {
	Code string `json:"code" doc:"角色代码,如 sys_admin"`
	Name string `json:"name" doc:"角色名称,如 系统管理员"`
}

func rolesOf(rs []authz.Role) []Role {
	out := make([]Role, len(rs))
	for i, r := range rs {
		out[i] = Role{Code: string(r), Name: r.Name()}
	}
	return out
}

func (a *API) me(w http.ResponseWriter, r *request) error {
	u, t := r.user, r.token
	scopes := append([]account.Scope{}, t.Scopes...)
	return writeJSON(w, http.StatusOK, Me{ID: u.ID, Username: u.Username, Name: u.Name, CommitteeID: u.CommitteeID,
		Roles: rolesOf(u.Roles), TOTPEnabled: u.TOTPSecret != "", MustChangePassword: u.MustChangePassword,
		Token: TokenInfo{ID: t.ID, Name: t.Name, Prefix: t.Prefix, Scopes: scopes, ExpiresAt: t.ExpiresAt.UTC()}})
}
