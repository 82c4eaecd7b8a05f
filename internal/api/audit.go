package api

import (
	"encoding/json"
	"net/http"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/audit"
	"xieshang/internal/errs"
)

// AuditEntry is one record of the audit log.
type AuditEntry struct {
	Seq         int64           `json:"seq" doc:"在哈希链中的序号,从 1 开始"`
	At          time.Time       `json:"at" doc:"时间(UTC)"`
	ActorID     int64           `json:"actor_id" doc:"操作人账号编号;匿名事件为 0"`
	ActorName   string          `json:"actor_name" doc:"操作人姓名或登录名(记录时)"`
	Role        string          `json:"role" doc:"操作时所用角色代码;命令行操作为 system"`
	CommitteeID int64           `json:"committee_id" doc:"所属政协编号;无法归属时为 0"`
	Action      string          `json:"action" doc:"操作类型代码,如 user.create"`
	ActionName  string          `json:"action_name" doc:"操作类型名称,如 创建账号"`
	ObjectType  string          `json:"object_type" doc:"对象类型,如 user"`
	ObjectID    string          `json:"object_id" doc:"对象编号"`
	Changes     json.RawMessage `json:"changes" doc:"变更内容:字段 → {old, new},敏感值已隐藏"`
	ClientAddr  string          `json:"client_addr" doc:"客户端地址"`
	PrevHash    string          `json:"prev_hash" doc:"前一条的哈希"`
	Hash        string          `json:"hash" doc:"本条的哈希(SHA-256,十六进制)"`
}

// AuditList is a page of audit entries.
type AuditList struct {
	Items      []AuditEntry `json:"items" doc:"本页条目,按序号倒序(最新在前)"`
	NextCursor string       `json:"next_cursor,omitempty" doc:"下一页(更早条目)的游标;已是最后一页时省略"`
}

func auditEntryOf(s audit.Stored) AuditEntry {
	changes := json.RawMessage(s.ChangesJSON)
	if !json.Valid(changes) {
		changes = json.RawMessage("{}")
	}
	return AuditEntry{Seq: s.Seq, At: s.At.UTC(), ActorID: s.ActorID, ActorName: s.ActorName, Role: s.Role,
		CommitteeID: s.CommitteeID, Action: s.Action, ActionName: audit.ActionName(s.Action), ObjectType: s.ObjectType,
		ObjectID: s.ObjectID, Changes: changes, ClientAddr: s.ClientAddr, PrevHash: s.PrevHash, Hash: s.Hash}
}

// parseDay reads a yyyy-mm-dd date as the start of that day in China time.
func parseDay(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, v, account.CST)
	if err != nil {
		return time.Time{}, errs.Field(field, "日期格式应为 年-月-日,例如 2026-01-31")
	}
	return t, nil
}

func (a *API) listAudit(w http.ResponseWriter, r *request) error {
	p, err1 := parsePage(r, "audit")
	from, err2 := parseDay("from", r.query("from"))
	to, err3 := parseDay("to", r.query("to"))
	var err4 error
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		err4 = errs.Field("to", "截止日期不能早于起始日期")
	}
	if err := joinFields(err1, err2, err3, err4); err != nil {
		return err
	}
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1) // the whole day of "to" is included
	}
	f := audit.Filter{ActorName: r.query("actor"), Action: r.query("action"), From: from, To: to}
	entries, next, err := fetchPage(p, func(s audit.Stored) int64 { return s.Seq },
		func(before int64, n int) ([]audit.Stored, error) {
			f.BeforeSeq, f.Limit = before, n
			return a.audit.List(r.Context(), r.actor, f)
		})
	if err != nil {
		return err
	}
	items := make([]AuditEntry, len(entries))
	for i, s := range entries {
		items[i] = auditEntryOf(s)
	}
	return writeJSON(w, http.StatusOK, AuditList{Items: items, NextCursor: next})
}
