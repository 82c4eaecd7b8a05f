package api_test

import (
	"net/url"
	"strconv"
	"testing"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/org"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

// TestSessionAndMembershipScenarios covers plenary sessions, membership
// status and the directory's status filter.
func TestSessionAndMembershipScenarios(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		p := addPeople(t, e)
		elsewhere, err := org.NewService(sqldb.Org(db)).AddTerm(ctx, authz.SystemActor(e.other),
			org.Term{Number: 11, StartsOn: time.Date(2023, 1, 10, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		val := newResponseValidator(t, e)
		ctJSON := map[string]string{"Content-Type": jsonCT}
		itoa := func(id int64) string { return strconv.FormatInt(id, 10) }
		sessions := "/api/v1/terms/" + itoa(p.term.ID) + "/sessions"
		otherSessions := "/api/v1/terms/" + itoa(elsewhere.ID) + "/sessions"
		zhang := "/api/v1/members/" + itoa(p.members["张宏伟"].ID)
		ms := zhang + "/memberships/" + itoa(p.term.ID)

		e.run(t, val, []scenario{
			// Plenary sessions.
			{name: "no sessions yet", method: "GET", url: sessions, token: "member", status: 200,
				fields: map[string]any{"items": []any{}}},
			{name: "office adds a session on the term's first day", method: "POST", url: sessions, token: "office", header: ctJSON,
				body: `{"number":1,"starts_on":"2023-01-10","ends_on":"2023-01-13"}`, status: 201,
				fields: map[string]any{"term_id": p.term.ID, "number": 1, "name": "第十一届第一次会议",
					"starts_on": "2023-01-10", "ends_on": "2023-01-13"},
				audits: []string{"session.create"}},
			{name: "office adds a one-day session", method: "POST", url: sessions, token: "office", header: ctJSON,
				body: `{"number":2,"starts_on":"2024-03-01","ends_on":"2024-03-01"}`, status: 201,
				fields: map[string]any{"name": "第十一届第二次会议", "ends_on": "2024-03-01"}, audits: []string{"session.create"}},
			{name: "member may not add sessions", method: "POST", url: sessions, token: "member", header: ctJSON,
				body: `{"number":3,"starts_on":"2025-03-01","ends_on":"2025-03-04"}`, status: 403},
			{name: "read-only token may not add sessions", method: "POST", url: sessions, token: "office-ro", header: ctJSON,
				body: `{"number":3,"starts_on":"2025-03-01","ends_on":"2025-03-04"}`, status: 403, contains: []string{"写入"}},
			{name: "session dates reversed", method: "POST", url: sessions, token: "office", header: ctJSON,
				body: `{"number":3,"starts_on":"2025-03-04","ends_on":"2025-03-01"}`, status: 422,
				fields: map[string]any{"type": "/api/problems/invalid", "errors.0.field": "ends_on", "errors.0.message": "结束日期不能早于开始日期"}},
			{name: "session dates malformed", method: "POST", url: sessions, token: "office", header: ctJSON,
				body: `{"number":3,"starts_on":"2025/03/01","ends_on":"soon"}`, status: 422,
				fields: map[string]any{"errors.0.field": "starts_on", "errors.1.field": "ends_on"}, contains: []string{"年-月-日"}},
			{name: "session before the term", method: "POST", url: sessions, token: "office", header: ctJSON,
				body: `{"number":3,"starts_on":"2023-01-09","ends_on":"2023-01-12"}`, status: 422,
				fields: map[string]any{"errors.0.field": "starts_on"}, contains: []string{"任期内"}},
			{name: "session without dates", method: "POST", url: sessions, token: "office", header: ctJSON,
				body: `{"number":3}`, status: 422,
				fields: map[string]any{"errors.0.field": "starts_on", "errors.1.field": "ends_on"}},
			{name: "session number taken", method: "POST", url: sessions, token: "office", header: ctJSON,
				body: `{"number":2,"starts_on":"2025-03-01","ends_on":"2025-03-04"}`, status: 422,
				fields: map[string]any{"errors.0.field": "number", "errors.0.message": "第十一届第二次会议已存在"}},
			{name: "session number out of range", method: "POST", url: sessions, token: "office", header: ctJSON,
				body: `{"number":0,"starts_on":"2025-03-01","ends_on":"2025-03-04"}`, status: 422,
				fields: map[string]any{"errors.0.field": "number"}},
			{name: "session of another committee's term", method: "POST", url: otherSessions, token: "office", header: ctJSON,
				body: `{"number":1,"starts_on":"2024-03-01","ends_on":"2024-03-04"}`, status: 404,
				fields: map[string]any{"type": "/api/problems/not-found", "detail": "届次不存在"}},
			{name: "sessions of another committee's term", method: "GET", url: otherSessions, token: "member", status: 404},
			{name: "sessions of a missing term", method: "GET", url: "/api/v1/terms/999999/sessions", token: "member", status: 404},
			{name: "system admin may not read sessions", method: "GET", url: sessions, token: "admin", status: 403},
			{name: "sessions in order", method: "GET", url: sessions, token: "leader", status: 200,
				fields: map[string]any{"items.0.number": 1, "items.0.name": "第十一届第一次会议", "items.1.number": 2,
					"items.1.starts_on": "2024-03-01"}},

			// Membership status.
			{name: "resigned needs an end date", method: "PUT", url: ms, token: "office", header: ctJSON,
				body: `{"version":1,"status":"resigned"}`, status: 422,
				fields: map[string]any{"errors.0.field": "ended_on", "errors.0.message": "辞去或撤销须填写结束日期"}},
			{name: "unknown status", method: "PUT", url: ms, token: "office", header: ctJSON,
				body: `{"version":1,"status":"retired","ended_on":"2025-06-30"}`, status: 422,
				fields: map[string]any{"errors.0.field": "status"}},
			{name: "member may not set memberships", method: "PUT", url: ms, token: "member", header: ctJSON,
				body: `{"version":1,"status":"resigned","ended_on":"2025-06-30"}`, status: 403},
			{name: "membership in another committee's term", method: "PUT", url: zhang + "/memberships/" + itoa(elsewhere.ID),
				token: "office", header: ctJSON, body: `{"version":1,"status":"resigned","ended_on":"2025-06-30"}`, status: 404,
				fields: map[string]any{"detail": "届次不存在"}},
			{name: "office sets 辞去", method: "PUT", url: ms, token: "office", header: ctJSON,
				body: `{"version":1,"status":"resigned","ended_on":"2025-06-30"}`, status: 200,
				fields: map[string]any{"version": 2, "memberships.0.term_name": "第十一届", "memberships.0.status": "resigned",
					"memberships.0.status_name": "辞去", "memberships.0.started_on": "2023-01-10", "memberships.0.ended_on": "2025-06-30",
					"mobile": "139****5678"},
				excludes: []string{"13912345678"}, audits: []string{"member.membership"}},
			{name: "stale membership version", method: "PUT", url: ms, token: "office", header: ctJSON,
				body: `{"version":1,"status":"serving"}`, status: 409,
				fields: map[string]any{"type": "/api/problems/conflict", "detail": "该委员信息已被他人修改,请刷新后重新编辑"}},
			{name: "membership is read back", method: "GET", url: zhang, token: "member", status: 200,
				fields: map[string]any{"version": 2, "memberships.0.status": "resigned", "memberships.0.ended_on": "2025-06-30"}},

			// The directory by status in the current term.
			{name: "resigned members", method: "GET", url: "/api/v1/members?status=resigned", token: "member", status: 200,
				fields: map[string]any{"items.0.name": "张宏伟"}, excludes: []string{"李秀兰", "王建国", `"name":"张伟"`}},
			{name: "serving members", method: "GET", url: "/api/v1/members?status=serving", token: "member", status: 200,
				fields: map[string]any{"items": []any{}}},
			{name: "unknown status filter", method: "GET", url: "/api/v1/members?status=retired", token: "member", status: 422,
				fields: map[string]any{"errors.0.field": "status"}},
			{name: "status filter with search", method: "GET", url: "/api/v1/members?status=resigned&q=" + url.QueryEscape("秀兰"),
				token: "member", status: 200, fields: map[string]any{"items": []any{}}},
		})
	})
}
