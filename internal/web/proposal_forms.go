package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"xieshang/internal/errs"
	"xieshang/internal/proposal"
)

// proposalStepForms are the steps a page form may post to
// /proposals/{id}/do/{action}; others (edit, invite, submit) go through the
// drafting form.
var proposalStepForms = map[proposal.Action]bool{}

func init() {
	for _, a := range proposal.Actions {
		if a != proposal.ActEdit {
			proposalStepForms[a] = true
		}
	}
}

// contentFromForm reads the drafting form.
func contentFromForm(f url.Values) proposal.Edit {
	e := proposal.Edit{Content: proposal.Content{Title: f.Get("title"), Category: f.Get("category"),
		Situation: f.Get("situation"), Analysis: f.Get("analysis"), Suggestion: f.Get("suggestion"),
		Public: f.Get("public") == "1", SuggestedUnit: f.Get("suggested_unit")},
		Kind: proposal.Kind(f.Get("kind")), Timing: proposal.Timing(f.Get("timing"))}
	if e.Kind == "" {
		e.Kind = proposal.Individual
	}
	if e.Timing == "" {
		e.Timing = proposal.Regular
	}
	e.TermID, _ = strconv.ParseInt(f.Get("term_id"), 10, 64)
	e.SessionID, _ = strconv.ParseInt(f.Get("session_id"), 10, 64)
	for _, v := range f["cosigner"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			e.CoSigners = append(e.CoSigners, proposal.CoSigner{UserID: id})
		}
	}
	return e
}

// stepFromForm builds the command of step act from a posted form. Field
// problems it can see (a date that is no date) are Invalid errors naming
// the field; the rules themselves are the domain's.
func stepFromForm(act proposal.Action, f url.Values) (proposal.Command, error) {
	unit, _ := strconv.ParseInt(f.Get("unit"), 10, 64)
	note := strings.TrimSpace(f.Get("note"))
	day := func(field string) (t errDay) {
		v := strings.TrimSpace(f.Get(field))
		d, err := parseDay(field, v)
		return errDay{d, err}
	}
	switch act {
	case proposal.ActInvite:
		return proposal.Invite{}, nil
	case proposal.ActConfirm:
		return proposal.Confirm{}, nil
	case proposal.ActDecline:
		return proposal.Decline{Note: note}, nil
	case proposal.ActSubmit:
		return proposal.Submit{}, nil
	case proposal.ActRecall:
		return proposal.Recall{}, nil
	case proposal.ActWithdraw:
		return proposal.Withdraw{Note: note}, nil
	case proposal.ActFirstReview:
		return proposal.FirstReview{Note: note}, nil
	case proposal.ActAccept:
		return proposal.Accept{Note: note}, nil
	case proposal.ActReject:
		return proposal.Reject{Ground: proposal.Ground(f.Get("ground")), Note: note}, nil
	case proposal.ActMerge:
		into, err := strconv.ParseInt(strings.TrimSpace(f.Get("into")), 10, 64)
		if err != nil || into <= 0 {
			return nil, errs.Field("into", "请填写主提案的编号(系统内序号)")
		}
		return proposal.Merge{Into: into, Note: note}, nil
	case proposal.ActTransfer:
		return proposal.Transfer{Target: proposal.TransferTarget(f.Get("target")), Note: note, Consented: f.Get("consented") == "1"}, nil
	case proposal.ActAssign:
		a := proposal.Assign{Mode: proposal.Mode(f.Get("mode"))}
		lead, _ := strconv.ParseInt(f.Get("lead_unit"), 10, 64)
		if lead > 0 {
			role := proposal.LeadUnit
			if a.Mode == proposal.SplitMode {
				role = proposal.SplitUnit
			}
			a.Units = append(a.Units, proposal.UnitChoice{UnitID: lead, Role: role})
		}
		for _, v := range f["other_unit"] {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 || id == lead {
				continue
			}
			role := proposal.CoUnit
			if a.Mode == proposal.SplitMode {
				role = proposal.SplitUnit
			}
			a.Units = append(a.Units, proposal.UnitChoice{UnitID: id, Role: role})
		}
		return a, nil
	case proposal.ActSignFor:
		return proposal.SignFor{Unit: unit}, nil
	case proposal.ActRequestReturn:
		return proposal.RequestReturn{Unit: unit, Reason: f.Get("reason")}, nil
	case proposal.ActApproveReturn:
		r := proposal.ApproveReturn{Unit: unit, Note: note}
		if id, _ := strconv.ParseInt(f.Get("replacement"), 10, 64); id > 0 {
			r.Replacement = proposal.UnitChoice{UnitID: id}
		}
		return r, nil
	case proposal.ActRefuseReturn:
		return proposal.RefuseReturn{Unit: unit, Reason: f.Get("reason")}, nil
	case proposal.ActSendViews:
		return proposal.SendViews{Unit: unit, Views: f.Get("views")}, nil
	case proposal.ActRequestExtension:
		until := day("until")
		if until.err != nil {
			return nil, until.err
		}
		return proposal.RequestExtension{Unit: unit, Until: until.t, Reason: f.Get("reason")}, nil
	case proposal.ActApproveExtension:
		return proposal.ApproveExtension{Unit: unit, Note: note}, nil
	case proposal.ActRefuseExtension:
		return proposal.RefuseExtension{Unit: unit, Reason: f.Get("reason")}, nil
	case proposal.ActReply:
		on := day("contacted_on")
		if on.err != nil {
			return nil, on.err
		}
		return proposal.SendReply{Unit: unit, Reply: proposal.Reply{Class: proposal.Class(f.Get("class")),
			Contact: proposal.Contact(f.Get("contact")), ContactedOn: on.t, ContactPerson: f.Get("contact_person"),
			ContactPhone: f.Get("contact_phone"), Signer: f.Get("signer"), Letter: f.Get("letter")}}, nil
	case proposal.ActApproveReply:
		return proposal.ApproveReply{Unit: unit}, nil
	case proposal.ActSendBackReply:
		return proposal.SendBackReply{Unit: unit, Reason: f.Get("reason")}, nil
	case proposal.ActEvaluate:
		return proposal.Evaluate{Level: proposal.Level(f.Get("level")), Comment: f.Get("comment")}, nil
	case proposal.ActRehandle:
		return proposal.Rehandle{Note: note}, nil
	case proposal.ActClose:
		return proposal.Close{Note: note}, nil
	case proposal.ActMarkKey:
		return proposal.MarkKey{Key: f.Get("key") != "0", Info: proposal.KeyInfo{Decision: f.Get("decision"),
			LeadLeader: f.Get("lead_leader"), Supervisor: f.Get("supervisor")}}, nil
	case proposal.ActFollowUp:
		on := day("on")
		if on.err != nil {
			return nil, on.err
		}
		return proposal.RecordFollowUp{Kind: proposal.FollowUpKind(f.Get("follow_up_kind")), On: on.t, Note: note}, nil
	case proposal.ActMarkExcellent:
		year, _ := strconv.Atoi(f.Get("year"))
		return proposal.MarkExcellent{Excellent: f.Get("excellent") != "0", Year: year}, nil
	}
	return nil, errs.E(errs.NotFound, "没有这项操作")
}

type errDay struct {
	t   time.Time
	err error
}
