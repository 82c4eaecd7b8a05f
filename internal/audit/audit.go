// Package audit defines the audit entry and its hash chain. Entries are
// appended by the storage layer in the same transaction as the change they
// describe; Verify recomputes the chain and names the first entry that was
// altered, removed or inserted.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Redacted replaces sensitive values in Changes.
const Redacted = "[已隐藏]"

// Change is one field's old and new value.
type Change struct {
	Old any `json:"old,omitempty"`
	New any `json:"new,omitempty"`
}

// Entry is one audit record.
type Entry struct {
	Seq         int64             // position in the chain, from 1
	At          time.Time         // UTC
	ActorID     int64             // 0 for anonymous (e.g. a failed login of an unknown name)
	ActorName   string            // login name or description at the time
	Role        string            // the role acted in
	CommitteeID int64             // 0 when unknown
	Action      string            // e.g. "login.ok", "user.create"
	ObjectType  string            // e.g. "user"
	ObjectID    string            // e.g. "42"
	Changes     map[string]Change // field → old/new, sensitive values redacted
	ClientAddr  string
	PrevHash    string
	Hash        string
}

// Sensitive lists field names whose values never enter the log.
var Sensitive = map[string]bool{
	"password": true, "password_hash": true, "totp_secret": true, "token": true, "token_hash": true,
	"id_number": true, "mobile": true, "address": true,
}

// Redact returns changes with sensitive values replaced by Redacted.
func Redact(changes map[string]Change) map[string]Change {
	for k, c := range changes {
		if Sensitive[k] {
			if c.Old != nil {
				c.Old = Redacted
			}
			if c.New != nil {
				c.New = Redacted
			}
			changes[k] = c
		}
	}
	return changes
}

// Diff returns the changes between two flat maps of field values.
func Diff(old, new map[string]any) map[string]Change {
	out := map[string]Change{}
	for k, nv := range new {
		ov, ok := old[k]
		if !ok || fmt.Sprint(ov) != fmt.Sprint(nv) {
			out[k] = Change{Old: ov, New: nv}
		}
	}
	for k, ov := range old {
		if _, ok := new[k]; !ok {
			out[k] = Change{Old: ov}
		}
	}
	return Redact(out)
}

// ChangesJSON encodes changes deterministically (sorted keys).
func ChangesJSON(changes map[string]Change) string {
	if len(changes) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(changes) // map keys are sorted by encoding/json
	return string(b)
}

// TimeFormat is the fixed-width UTC form used in hashes and storage.
const TimeFormat = "2006-01-02T15:04:05.000000Z"

// ComputeHash returns the chain hash of e given its PrevHash. The changes are
// hashed as their stored JSON text so verification needs no re-encoding.
func ComputeHash(e Entry, changesJSON string) string {
	fields := []string{
		strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(TimeFormat), strconv.FormatInt(e.ActorID, 10),
		e.ActorName, e.Role, strconv.FormatInt(e.CommitteeID, 10), e.Action, e.ObjectType, e.ObjectID,
		changesJSON, e.ClientAddr, e.PrevHash,
	}
	h := sha256.New()
	for _, f := range fields {
		// Length-prefix each field so no two field lists hash alike.
		fmt.Fprintf(h, "%d:%s|", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Stored is an entry as read back, with its changes still as stored text.
type Stored struct {
	Entry
	ChangesJSON string
}

// Problem describes one break in the chain.
type Problem struct {
	Seq    int64
	Reason string
}

func (p Problem) String() string { return fmt.Sprintf("第 %d 条:%s", p.Seq, p.Reason) }

// Verifier checks a chain fed to it in ascending Seq order.
type Verifier struct {
	prevSeq  int64
	prevHash string
	Count    int64
	Problems []Problem
}

// Add checks the next stored entry.
func (v *Verifier) Add(s Stored) {
	v.Count++
	if s.Seq != v.prevSeq+1 {
		v.Problems = append(v.Problems, Problem{s.Seq, fmt.Sprintf("序号不连续,第 %d 至 %d 条已被删除", v.prevSeq+1, s.Seq-1)})
	}
	if s.PrevHash != v.prevHash {
		v.Problems = append(v.Problems, Problem{s.Seq, "与前一条的链接不符(前一条被修改、删除或插入)"})
	}
	if want := ComputeHash(s.Entry, s.ChangesJSON); want != s.Hash {
		v.Problems = append(v.Problems, Problem{s.Seq, "内容与哈希不符(该条被修改)"})
	}
	v.prevSeq, v.prevHash = s.Seq, s.Hash
}

// Finish checks the chain's end against the recorded head (last seq and
// hash), which reveals entries deleted from the tail.
func (v *Verifier) Finish(headSeq int64, headHash string) {
	if headSeq != v.prevSeq || headHash != v.prevHash {
		v.Problems = append(v.Problems, Problem{v.prevSeq + 1, fmt.Sprintf("链尾不符:记录的末条为第 %d 条,实际为第 %d 条(末尾条目被删除或修改)", headSeq, v.prevSeq)})
	}
}

// ActionNames maps actions to the Chinese labels of the viewer.
var ActionNames = map[string]string{
	"login.ok": "登录成功", "login.failed": "登录失败", "login.locked": "账号锁定", "logout": "退出登录",
	"totp.enrolled": "启用双因素认证", "totp.failed": "动态码错误", "totp.ok": "双因素验证通过", "totp.reset": "重置双因素认证",
	"password.changed": "修改密码", "password.reset": "重置密码", "user.create": "创建账号", "user.update": "修改账号",
	"user.unlock": "解锁账号", "user.email": "修改通知邮箱", "role.assign": "授予角色", "role.revoke": "撤销角色", "token.create": "创建访问令牌",
	"token.revoke": "撤销访问令牌", "token.failed": "令牌无效", "export": "导出数据", "unmask": "查看完整敏感信息",
	"settings.update": "修改设置", "csrf.denied": "跨站请求被拒绝",
	"member.create": "添加委员", "member.update": "修改委员信息", "member.contact": "修改本人联系方式",
	"member.link_account": "关联委员登录账号", "member.photo": "更换委员照片", "member.photo_remove": "删除委员照片", "sector.conveners": "设置界别召集人",
	"sector.create": "添加界别", "sector.rename": "界别改名", "party.create": "添加党派", "party.rename": "党派改名",
	"special_committee.create": "添加专委会", "special_committee.rename": "专委会改名",
	"unit.create": "添加单位", "term.create": "添加届次", "session.create": "添加会议", "member.membership": "修改任职情况",
	"roster.import": "导入委员名册", "unit.liaison_add": "添加承办单位联络员", "calendar.update": "修改工作日历",
}

// ActionName returns the Chinese label of action.
func ActionName(action string) string {
	if n, ok := ActionNames[action]; ok {
		return n
	}
	return action
}

// SortedActions returns the known actions sorted, for filter menus.
func SortedActions() []string {
	out := make([]string, 0, len(ActionNames))
	for k := range ActionNames {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Filter narrows the audit viewer.
type Filter struct {
	CommitteeID int64
	ActorName   string // substring
	Action      string // exact, or prefix ending in "."
	ObjectType  string
	ObjectID    string    // exact; with ObjectType, one object's history
	From, To    time.Time // zero means open
	BeforeSeq   int64     // cursor: entries with Seq < BeforeSeq; 0 means from the newest
	Limit       int
}

// Normalize trims and bounds the filter.
func (f Filter) Normalize() Filter {
	f.ActorName = strings.TrimSpace(f.ActorName)
	f.Action = strings.TrimSpace(f.Action)
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return f
}

// Lines renders stored changes for people: one "label:old → new" line per
// field, labelled fields first and each group by key, values shown
// as stored (redacted ones as Redacted). Undecodable input gives itself.
func Lines(changesJSON string, labels map[string]string) []string {
	if changesJSON == "" || changesJSON == "null" || changesJSON == "{}" {
		return nil
	}
	var m map[string]Change
	if err := json.Unmarshal([]byte(changesJSON), &m); err != nil {
		return []string{changesJSON}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		li, lj := labels[keys[i]], labels[keys[j]]
		if (li == "") != (lj == "") {
			return li != ""
		}
		return keys[i] < keys[j]
	})
	show := func(v any) string {
		if v == nil || v == "" {
			return "(空)"
		}
		return fmt.Sprint(v)
	}
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		label := labels[k]
		if label == "" {
			label = k
		}
		c := m[k]
		if c.Old == nil {
			out = append(out, label+":"+show(c.New))
		} else {
			out = append(out, label+":"+show(c.Old)+" → "+show(c.New))
		}
	}
	return out
}
