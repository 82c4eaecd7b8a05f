package proposal

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"xieshang/internal/audit"
	"xieshang/internal/errs"
)

// AttachTx stores attachments.
type AttachTx interface {
	InsertProposalAttachment(ctx context.Context, a *Attachment) error
	// TouchProposal marks the proposal changed (its pages are cached
	// under a version that moves with every change to a proposal row).
	TouchProposal(ctx context.Context, id int64) error
}

// magic are the first bytes of each allowed type: an attachment must be
// what its name says, so that a renamed program is refused.
var magic = map[string][][]byte{
	"pdf":  {[]byte("%PDF")},
	"docx": {[]byte("PK\x03\x04")},
	"xlsx": {[]byte("PK\x03\x04")},
	"doc":  {[]byte("\xD0\xCF\x11\xE0")},
	"xls":  {[]byte("\xD0\xCF\x11\xE0")},
	"jpg":  {[]byte("\xFF\xD8\xFF")},
	"jpeg": {[]byte("\xFF\xD8\xFF")},
	"png":  {[]byte("\x89PNG")},
}

// CheckContent checks that data is the type its name says (by its first
// bytes), for the types known to the checker.
func CheckContent(name string, data []byte) error {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(name), "."))
	sigs, known := magic[ext]
	if !known {
		return nil
	}
	if !slices.ContainsFunc(sigs, func(sig []byte) bool { return bytes.HasPrefix(data, sig) }) {
		return errs.Field("attachment", "附件内容与文件类型(."+ext+")不符,请检查文件")
	}
	return nil
}

// Attach adds a file to proposal id: the proposer while drafting, or a
// liaison of a replying unit while handling (e.g. the signed scan of its
// reply). Type, size and content are checked against the committee's
// rules; the file is stored in the database, served only to those who may
// see the proposal. Audited.
func (s *Service) Attach(ctx context.Context, who Who, id int64, name string, data []byte) (Attachment, error) {
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, "\\", "/")))
	if name == "" || name == "." || name == "/" {
		return Attachment{}, errs.Field("attachment", "请选择附件")
	}
	if utf8.RuneCountInString(name) > 100 {
		return Attachment{}, errs.Field("attachment", "附件文件名不能超过 100 个字")
	}
	a := Attachment{ProposalID: id, Name: name, Data: data, UploadedBy: who.Actor.UserID}
	err := s.store.InTx(ctx, func(tx Tx) error {
		p, err := tx.ProposalForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if !CanSee(p, who) {
			return errs.E(errs.NotFound, "提案不存在")
		}
		proposer := p.ProposerUserID == who.Actor.UserID && (p.State == Draft || p.State == Cosigning)
		unit := false
		for _, u := range p.Units {
			unit = unit || (u.Role.Replies() && u.active() && slices.Contains(who.UnitIDs, u.UnitID) && p.State.InHandling())
		}
		if !proposer && !unit {
			return errs.E(errs.Forbidden, "只有提案人(提交前)或承办单位(办理中)可以上传附件")
		}
		cfg, err := tx.Config(ctx, p.CommitteeID)
		if err != nil {
			return err
		}
		if err := cfg.CheckAttachment(name, int64(len(data))); err != nil {
			return err
		}
		if err := CheckContent(name, data); err != nil {
			return err
		}
		at, ok := tx.(AttachTx)
		if !ok {
			return errs.E(errs.Internal, "提案存储不支持附件")
		}
		a.ContentType = contentType(name)
		if err := at.InsertProposalAttachment(ctx, &a); err != nil {
			return err
		}
		if err := at.TouchProposal(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.Entry{ActorID: who.Actor.UserID, ActorName: who.Actor.Name, Role: string(who.Actor.PrimaryRole()),
			CommitteeID: p.CommitteeID, Action: "proposal.attach", ObjectType: "proposal", ObjectID: strconv.FormatInt(id, 10),
			ClientAddr: who.Actor.Addr, Changes: map[string]audit.Change{"attachment": {New: name}, "size": {New: len(data)}}})
	})
	a.Data = nil
	return a, err
}

// Attachments lists the files of proposal id (without their data) to those
// who may see it.
func (s *Service) Attachments(ctx context.Context, who Who, id int64) ([]Attachment, error) {
	var out []Attachment
	err := s.read(ctx, func(tx ReadTx) error {
		if _, err := visible(ctx, tx, who, id); err != nil {
			return err
		}
		var err error
		out, err = tx.ProposalAttachments(ctx, id)
		return err
	})
	return out, err
}

// Attachment returns attachment id with its data to those who may see its
// proposal; to anyone else it does not exist.
func (s *Service) Attachment(ctx context.Context, who Who, id int64) (Attachment, error) {
	var a Attachment
	err := s.read(ctx, func(tx ReadTx) error {
		var err error
		if a, err = tx.ProposalAttachment(ctx, id); err != nil {
			return err
		}
		_, err = visible(ctx, tx, who, a.ProposalID)
		return err
	})
	if err != nil {
		return Attachment{}, err
	}
	return a, nil
}

func contentType(name string) string {
	switch strings.ToLower(strings.TrimPrefix(filepath.Ext(name), ".")) {
	case "pdf":
		return "application/pdf"
	case "doc":
		return "application/msword"
	case "docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case "xls":
		return "application/vnd.ms-excel"
	case "xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case "jpg", "jpeg":
		return "image/jpeg"
	case "png":
		return "image/png"
	}
	return "application/octet-stream"
}
