package web

import (
	"net/url"
	"strconv"
	"strings"

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
	in := proposal.StepInput{Note: strings.TrimSpace(f.Get("note")), Reason: f.Get("reason"),
		Ground: proposal.Ground(f.Get("ground")), Target: proposal.TransferTarget(f.Get("target")),
		Consented: f.Get("consented") == "1", Mode: proposal.Mode(f.Get("mode")), Views: f.Get("views"),
		Level: proposal.Level(f.Get("level")), Comment: f.Get("comment"), Key: f.Get("key") != "0",
		KeyInfo:   proposal.KeyInfo{Decision: f.Get("decision"), LeadLeader: f.Get("lead_leader"), Supervisor: f.Get("supervisor")},
		Excellent: f.Get("excellent") != "0", FollowUp: proposal.FollowUpKind(f.Get("follow_up_kind"))}
	in.Unit, _ = strconv.ParseInt(f.Get("unit"), 10, 64)
	in.Year, _ = strconv.Atoi(f.Get("year"))
	if id, _ := strconv.ParseInt(f.Get("replacement"), 10, 64); id > 0 {
		in.Replacement = proposal.UnitChoice{UnitID: id}
	}
	if v := strings.TrimSpace(f.Get("into")); v != "" || act == proposal.ActMerge {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.Into = id
		}
	}
	var err error
	switch act { // dates only where the step has them: other forms carry none
	case proposal.ActRequestExtension:
		in.Until, err = parseDay("until", strings.TrimSpace(f.Get("until")))
	case proposal.ActReply:
		in.Reply = proposal.Reply{Class: proposal.Class(f.Get("class")), Contact: proposal.Contact(f.Get("contact")),
			ContactPerson: f.Get("contact_person"), ContactPhone: f.Get("contact_phone"), Signer: f.Get("signer"),
			Letter: f.Get("letter")}
		in.Reply.ContactedOn, err = parseDay("contacted_on", strings.TrimSpace(f.Get("contacted_on")))
	case proposal.ActFollowUp:
		in.On, err = parseDay("on", strings.TrimSpace(f.Get("on")))
	case proposal.ActAssign:
		in.Units = assignedUnits(in.Mode, f)
	}
	if err != nil {
		return nil, err
	}
	return in.Command(act)
}

// assignedUnits reads the units of the assignment form: the lead (or, for
// 分办, the first) unit and the others.
func assignedUnits(mode proposal.Mode, f url.Values) []proposal.UnitChoice {
	var out []proposal.UnitChoice
	lead, _ := strconv.ParseInt(f.Get("lead_unit"), 10, 64)
	if lead > 0 {
		role := proposal.LeadUnit
		if mode == proposal.SplitMode {
			role = proposal.SplitUnit
		}
		out = append(out, proposal.UnitChoice{UnitID: lead, Role: role})
	}
	for _, v := range f["other_unit"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 || id == lead {
			continue
		}
		role := proposal.CoUnit
		if mode == proposal.SplitMode {
			role = proposal.SplitUnit
		}
		out = append(out, proposal.UnitChoice{UnitID: id, Role: role})
	}
	return out
}
