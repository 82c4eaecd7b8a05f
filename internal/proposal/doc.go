// Package proposal is the domain core of proposals (提案): their types,
// their two transition tables, the committee's rules (Config) and the pure
// function Apply that takes one step. It has no SQL, HTTP or templates;
// the Store and Tx interfaces say what storage must provide.
//
// A proposal's life (proposal table, Table):
//
//	                Edit
//	               ┌────┐
//	               ▼    │      Invite (joint)            Confirm / Decline
//	┌──────────► Draft ─┴──────────────────► Cosigning ◄──────┐
//	│ Recall       │  ▲        Recall            │  └──────────┘
//	│              │  └────────────────────────────┤
//	│              │ Submit (individual,           │ Submit (every co-signer answered,
//	│              │  collective)                  │  one or more confirmed)
//	│              ▼                               ▼
//	└───────── Submitted ◄─────────────────────────┘
//	   (Withdraw from Draft, Cosigning, Submitted → Withdrawn)
//	               │ FirstReview (two-step review only) → FirstReviewed ─┐
//	               │ (one-step: the decisions below are taken here)      │ (审定 by office or leader)
//	               ▼                                                     ▼
//	    Accept → Accepted     Reject → Rejected     Merge → Merged     Transfer → Transferred
//	               │ Assign(mode, units, deadlines)
//	               ▼
//	          Assigned ──► Handling ──► ReplyReview ──► Evaluating ──Evaluate (all, none 不满意)──► Closed
//	             (the proposal's state follows its units; see settle)     │  Close (all evaluated, or      ▲
//	                                                                      │   AutoCloseDays later) ───────┘
//	                                                                      │ Rehandle (after 不满意, once)
//	                                                                      ▼
//	                                                                 Rehandling ──► ReplyReview ──► Evaluating
//
// MarkKey is possible from Accepted to Rehandling, MarkExcellent on Closed.
//
// Each handling unit has its own state (unit table, UnitTable), changed by
// unit steps while the proposal is in Assigned, Handling, ReplyReview or
// Rehandling:
//
//	           SignFor                 SendViews (协办 only)
//	assigned ──────────► signed ─────────────────────────► views_sent
//	   │                  │  ▲ │ RequestExtension / ApproveExtension / RefuseExtension (主办·分办; state kept)
//	   │ RequestReturn    │  │ │ Reply (主办·分办; a 会办's 主办 only once every 协办 sent views or is late)
//	   │ (before          │  │ ▼
//	   │  ReturnDeadline) │  │ replied ──ApproveReply──► done
//	   ▼                  │  │   │ SendBackReply
//	return_requested ◄────┘  │   ▼
//	   │  RefuseReturn ──────┘ reply_returned ──Reply──► replied
//	   │ ApproveReturn (optionally re-routed to a replacement unit)
//	   ▼
//	returned
//
// After each unit step the proposal's state is settled from its units: all
// replying units (主办 of 单办/会办, every 分办 unit) done → Evaluating;
// all replied or done → ReplyReview; some unit not signed for → Assigned;
// otherwise Handling (Rehandling in the second round); no replying unit
// left after a return → back to Accepted, to be assigned again.
//
// Who may take a step is a Party: a role in the proposal's committee
// together with a relation to the proposal (AsProposer, AsCoSigner,
// AsUnit …). Apply refuses a step with Forbidden when the actor is not a
// party to it, with Conflict when the state does not allow it or a rule of
// time or order refuses it, and with Invalid and field errors for bad
// input. Deadlines are instants stored on each unit at assignment
// (Schedule computes them on the working-day calendar), so Apply decides
// from data and the time it is given.
package proposal
