// Package authz is the one place that decides whether an actor may perform an
// action on an object. Every handler and service asks Can; nothing else
// compares roles.
package authz

import (
	"slices"

	"xieshang/internal/errs"
)

// Role is a role held within one committee.
type Role string

const (
	Member         Role = "member"          // 委员
	Convener       Role = "convener"        // 界别召集人
	Office         Role = "office"          // 委员会办公室工作人员
	ProposalOffice Role = "proposal_office" // 提案委员会办公室
	InfoOffice     Role = "info_office"     // 信息办(社情民意)
	UnitLiaison    Role = "unit_liaison"    // 承办单位联络员
	Collective     Role = "collective"      // 集体提案单位:a party, group or special committee account
	Leader         Role = "leader"          // 领导
	SysAdmin       Role = "sys_admin"       // 系统管理员
	SecAdmin       Role = "sec_admin"       // 安全管理员
	AuditAdmin     Role = "audit_admin"     // 审计管理员
)

// Roles lists every role in display order.
var Roles = []Role{Member, Convener, Office, ProposalOffice, InfoOffice, UnitLiaison, Collective, Leader, SysAdmin, SecAdmin, AuditAdmin}

var roleNames = map[Role]string{
	Member: "委员", Convener: "界别召集人", Office: "办公室工作人员", ProposalOffice: "提案办工作人员",
	InfoOffice: "信息办工作人员", UnitLiaison: "承办单位联络员", Collective: "集体提案单位", Leader: "领导",
	SysAdmin: "系统管理员", SecAdmin: "安全管理员", AuditAdmin: "审计管理员",
}

// Name returns the Chinese name users see.
func (r Role) Name() string {
	if n, ok := roleNames[r]; ok {
		return n
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := roleNames[r]; return ok }

// IsAdmin reports whether r is one of the three separated administrator roles.
func (r Role) IsAdmin() bool { return r == SysAdmin || r == SecAdmin || r == AuditAdmin }

// NeedsTOTP reports whether holders of r must use two-factor login: staff and
// administrators must, members and handling-unit liaisons may.
func (r Role) NeedsTOTP() bool {
	switch r {
	case Office, ProposalOffice, InfoOffice, Leader, SysAdmin, SecAdmin, AuditAdmin:
		return true
	}
	return false
}

// CheckRoleSet enforces the separation of the three administrators (三员分立):
// one account holds at most one administrator role, and an administrator
// holds no business role.
func CheckRoleSet(roles []Role) error {
	admins := 0
	for _, r := range roles {
		if !r.Valid() {
			return errs.Field("role", "未知的角色:"+string(r))
		}
		if r.IsAdmin() {
			admins++
		}
	}
	if admins > 1 {
		return errs.Field("role", "三员分立:系统管理员、安全管理员、审计管理员不能由同一账号兼任")
	}
	if admins == 1 && len(roles) > 1 {
		return errs.Field("role", "三员分立:管理员账号不能同时担任业务角色")
	}
	return nil
}

// Actor is the authenticated user on whose behalf something is done.
type Actor struct {
	UserID      int64
	Name        string
	CommitteeID int64
	Roles       []Role
	Addr        string // client address, for audit entries
	// System marks the trusted operator at the command line (xieshang user
	// add, the demo seeder): it may do anything and is audited as such.
	System bool
}

// SystemActor returns the command-line operator acting in committee.
func SystemActor(committeeID int64) Actor {
	return Actor{Name: "命令行操作员", CommitteeID: committeeID, System: true, Addr: "local"}
}

// Has reports whether the actor holds role r.
func (a Actor) Has(r Role) bool { return slices.Contains(a.Roles, r) }

// PrimaryRole is the role recorded in audit entries: the first one held.
func (a Actor) PrimaryRole() Role {
	if a.System {
		return "system"
	}
	if len(a.Roles) == 0 {
		return ""
	}
	return a.Roles[0]
}

// Action is something an actor may try to do.
type Action string

const (
	ViewAccounts    Action = "account.view"
	CreateAccount   Action = "account.create"
	EditAccount     Action = "account.edit"
	ResetPassword   Action = "account.reset_password"
	EditSettings    Action = "settings.edit"
	AssignRole      Action = "role.assign"
	UnlockAccount   Action = "account.unlock"
	ResetTOTP       Action = "account.reset_totp"
	ReadAudit       Action = "audit.read"
	ManageOwnTokens Action = "token.manage_own"
	ChangeOwnSecret Action = "account.change_own"
	ViewUnmasked    Action = "person.view_unmasked"
	ViewMembers     Action = "member.view"
	EditMembers     Action = "member.edit"
	EditOwnContact  Action = "member.edit_own_contact"
	ImportRoster    Action = "roster.import"
	ExportRoster    Action = "roster.export"
	EditOrg         Action = "org.edit"
	// CreateMemberAccount is creating a login account with the member role
	// only, for a member of the directory; office staff may, though they
	// may neither create other accounts nor assign roles.
	CreateMemberAccount Action = "account.create_member"
	// CreateLiaisonAccount is creating a login account with the
	// unit_liaison role only, for a handling unit (承办单位联络员); office
	// staff may, as with member accounts.
	CreateLiaisonAccount Action = "account.create_liaison"
)

// Actions lists every action, for exhaustive tests.
var Actions = []Action{ViewAccounts, CreateAccount, EditAccount, ResetPassword, EditSettings, AssignRole,
	UnlockAccount, ResetTOTP, ReadAudit, ManageOwnTokens, ChangeOwnSecret, ViewUnmasked, ViewMembers, EditMembers,
	EditOwnContact, ImportRoster, ExportRoster, EditOrg, CreateMemberAccount, CreateLiaisonAccount}

// Object is what an action is done to: the committee it belongs to and, for
// personal objects, the user who owns it (0 if none).
type Object struct {
	CommitteeID int64
	OwnerID     int64
}

// grants says which roles may perform each committee-wide action.
var grants = map[Action][]Role{
	ViewAccounts:  {SysAdmin, SecAdmin},
	CreateAccount: {SysAdmin},
	EditAccount:   {SysAdmin},
	ResetPassword: {SysAdmin},
	EditSettings:  {SysAdmin},
	AssignRole:    {SecAdmin},
	UnlockAccount: {SecAdmin},
	ResetTOTP:     {SecAdmin},
	ReadAudit:     {AuditAdmin},
	ViewUnmasked:  {Office, ProposalOffice, Leader},
	ViewMembers:   {Member, Convener, Office, ProposalOffice, InfoOffice, Collective, Leader},
	EditMembers:   {Office},
	ImportRoster:  {Office},
	ExportRoster:  {Office, Leader},
	EditOrg:       {Office},

	CreateMemberAccount:  {Office},
	CreateLiaisonAccount: {Office},
}

// Can reports whether actor may do action to obj. Objects of another
// committee are never reachable. Own-account actions need only ownership;
// administrative actions on one's own account are refused so that no
// administrator can raise or unlock themselves.
func Can(a Actor, act Action, obj Object) bool {
	if a.System {
		return true
	}
	if a.UserID == 0 || obj.CommitteeID != a.CommitteeID {
		return false
	}
	switch act {
	case ManageOwnTokens, ChangeOwnSecret, EditOwnContact:
		return obj.OwnerID == a.UserID
	case AssignRole, UnlockAccount, ResetTOTP, ResetPassword:
		if obj.OwnerID == a.UserID {
			return false
		}
	}
	for _, r := range grants[act] {
		if a.Has(r) {
			return true
		}
	}
	return false
}

// Check is Can returning a Forbidden error.
func Check(a Actor, act Action, obj Object) error {
	if Can(a, act, obj) {
		return nil
	}
	return errs.E(errs.Forbidden, "您没有权限执行此操作")
}
