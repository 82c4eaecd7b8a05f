package authz

import (
	"fmt"
	"testing"

	"xieshang/internal/errs"
)

// TestCanTable walks every (role, action, relation) triple and compares
// Can with the expected matrix written out by hand.
func TestCanTable(t *testing.T) {
	// allowed[action] lists the roles that may act on another user's object
	// inside their own committee.
	allowed := map[Action][]Role{
		ViewAccounts:    {SysAdmin, SecAdmin},
		CreateAccount:   {SysAdmin},
		EditAccount:     {SysAdmin},
		ResetPassword:   {SysAdmin},
		EditSettings:    {SysAdmin},
		AssignRole:      {SecAdmin},
		UnlockAccount:   {SecAdmin},
		ResetTOTP:       {SecAdmin},
		ReadAudit:       {AuditAdmin},
		ManageOwnTokens: {},
		ChangeOwnSecret: {},
		ViewUnmasked:    {Office, ProposalOffice, Leader},
		ViewMembers:     {Member, Convener, Office, ProposalOffice, InfoOffice, Collective, Leader},
		EditMembers:     {Office},
		EditOwnContact:  {},
		ImportRoster:    {Office},
		ExportRoster:    {Office, Leader},
		EditOrg:         {Office},

		CreateMemberAccount:  {Office},
		CreateLiaisonAccount: {Office},
	}
	// ownAllowed lists actions on one's own object that differ from above.
	selfOnly := map[Action]bool{ManageOwnTokens: true, ChangeOwnSecret: true, EditOwnContact: true}
	selfRefused := map[Action]bool{AssignRole: true, UnlockAccount: true, ResetTOTP: true, ResetPassword: true}

	if len(allowed) != len(Actions) {
		t.Fatalf("matrix covers %d actions, package has %d", len(allowed), len(Actions))
	}
	const home, other = 1, 2
	for _, role := range Roles {
		actor := Actor{UserID: 10, CommitteeID: home, Roles: []Role{role}}
		for _, act := range Actions {
			inList := false
			for _, r := range allowed[act] {
				inList = inList || r == role
			}
			cases := []struct {
				rel  string
				obj  Object
				want bool
			}{
				{"other user, same committee", Object{CommitteeID: home, OwnerID: 11}, inList},
				{"own object", Object{CommitteeID: home, OwnerID: 10}, selfOnly[act] || (inList && !selfRefused[act])},
				{"committee object", Object{CommitteeID: home}, inList},
				{"other committee", Object{CommitteeID: other, OwnerID: 11}, false},
				{"own object, other committee", Object{CommitteeID: other, OwnerID: 10}, false},
			}
			for _, c := range cases {
				t.Run(fmt.Sprintf("%s/%s/%s", role, act, c.rel), func(t *testing.T) {
					if got := Can(actor, act, c.obj); got != c.want {
						t.Errorf("Can = %v, want %v", got, c.want)
					}
					err := Check(actor, act, c.obj)
					if (err == nil) != c.want || (err != nil && !errs.Is(err, errs.Forbidden)) {
						t.Errorf("Check = %v", err)
					}
				})
			}
		}
	}
}

func TestAnonymousMayDoNothing(t *testing.T) {
	for _, act := range Actions {
		if Can(Actor{CommitteeID: 1, Roles: Roles}, act, Object{CommitteeID: 1}) {
			t.Errorf("anonymous actor may %s", act)
		}
	}
}

func TestCheckRoleSet(t *testing.T) {
	tests := []struct {
		roles []Role
		ok    bool
	}{
		{nil, true},
		{[]Role{Member}, true},
		{[]Role{Member, Convener}, true},
		{[]Role{Office, ProposalOffice, Leader}, true},
		{[]Role{SysAdmin}, true},
		{[]Role{SecAdmin}, true},
		{[]Role{AuditAdmin}, true},
		{[]Role{SysAdmin, SecAdmin}, false},
		{[]Role{SecAdmin, AuditAdmin}, false},
		{[]Role{SysAdmin, AuditAdmin}, false},
		{[]Role{SysAdmin, Member}, false},
		{[]Role{AuditAdmin, Office}, false},
		{[]Role{"root"}, false},
	}
	for _, tt := range tests {
		err := CheckRoleSet(tt.roles)
		if (err == nil) != tt.ok {
			t.Errorf("CheckRoleSet(%v) = %v, want ok=%v", tt.roles, err, tt.ok)
		}
	}
}

func TestNeedsTOTP(t *testing.T) {
	want := map[Role]bool{Member: false, Convener: false, UnitLiaison: false, Office: true, ProposalOffice: true,
		InfoOffice: true, Leader: true, SysAdmin: true, SecAdmin: true, AuditAdmin: true}
	for _, r := range Roles {
		if r.NeedsTOTP() != want[r] {
			t.Errorf("%s.NeedsTOTP() = %v", r, r.NeedsTOTP())
		}
	}
}
