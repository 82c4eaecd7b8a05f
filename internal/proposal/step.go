package proposal

import (
	"time"

	"xieshang/internal/errs"
)

// StepInput is what a person sends to take a step, whatever carries it
// (the page's forms, the API's JSON): every step's fields in one flat
// value. Command picks those step act uses; the rules of the step are
// Apply's.
type StepInput struct {
	Unit        int64 // the unit acted on, for unit steps
	Note        string
	Reason      string
	Ground      Ground         // 不予立案
	Into        int64          // 并案: the main proposal's ID
	Target      TransferTarget // 转
	Consented   bool           // 转: the proposer agreed
	Mode        Mode           // 交办
	Units       []UnitChoice   // 交办
	Replacement UnitChoice     // approving a return: the unit it goes to instead
	Views       string         // 协办 views
	Until       time.Time      // extension
	Reply       Reply
	Level       Level // evaluation
	Comment     string
	Key         bool
	KeyInfo     KeyInfo
	Excellent   bool
	Year        int
	FollowUp    FollowUpKind
	On          time.Time // the follow-up's date
}

// Command returns the command of step act from in. A step that does not
// exist is NotFound.
func (in StepInput) Command(act Action) (Command, error) {
	switch act {
	case ActInvite:
		return Invite{}, nil
	case ActConfirm:
		return Confirm{}, nil
	case ActDecline:
		return Decline{Note: in.Note}, nil
	case ActSubmit:
		return Submit{}, nil // a 大会提案's window: see Service.SubmitPlenary
	case ActRecall:
		return Recall{}, nil
	case ActWithdraw:
		return Withdraw{Note: in.Note}, nil
	case ActFirstReview:
		return FirstReview{Note: in.Note}, nil
	case ActAccept:
		return Accept{Note: in.Note}, nil
	case ActReject:
		return Reject{Ground: in.Ground, Note: in.Note}, nil
	case ActMerge:
		if in.Into <= 0 {
			return nil, errs.Field("into", "请填写并入的主提案编号(系统内序号)")
		}
		return Merge{Into: in.Into, Note: in.Note}, nil
	case ActTransfer:
		return Transfer{Target: in.Target, Note: in.Note, Consented: in.Consented}, nil
	case ActAssign:
		return Assign{Mode: in.Mode, Units: in.Units}, nil
	case ActSignFor:
		return SignFor{Unit: in.Unit}, nil
	case ActRequestReturn:
		return RequestReturn{Unit: in.Unit, Reason: in.Reason}, nil
	case ActApproveReturn:
		return ApproveReturn{Unit: in.Unit, Note: in.Note, Replacement: in.Replacement}, nil
	case ActRefuseReturn:
		return RefuseReturn{Unit: in.Unit, Reason: in.Reason}, nil
	case ActSendViews:
		return SendViews{Unit: in.Unit, Views: in.Views}, nil
	case ActRequestExtension:
		return RequestExtension{Unit: in.Unit, Until: in.Until, Reason: in.Reason}, nil
	case ActApproveExtension:
		return ApproveExtension{Unit: in.Unit, Note: in.Note}, nil
	case ActRefuseExtension:
		return RefuseExtension{Unit: in.Unit, Reason: in.Reason}, nil
	case ActReply:
		return SendReply{Unit: in.Unit, Reply: in.Reply}, nil
	case ActApproveReply:
		return ApproveReply{Unit: in.Unit}, nil
	case ActSendBackReply:
		return SendBackReply{Unit: in.Unit, Reason: in.Reason}, nil
	case ActEvaluate:
		return Evaluate{Level: in.Level, Comment: in.Comment}, nil
	case ActRehandle:
		return Rehandle{Note: in.Note}, nil
	case ActClose:
		return Close{Note: in.Note}, nil
	case ActMarkKey:
		return MarkKey{Key: in.Key, Info: in.KeyInfo}, nil
	case ActMarkExcellent:
		return MarkExcellent{Excellent: in.Excellent, Year: in.Year}, nil
	case ActFollowUp:
		return RecordFollowUp{Kind: in.FollowUp, On: in.On, Note: in.Note}, nil
	}
	return nil, errs.E(errs.NotFound, "没有这项操作")
}
