package web

import (
	"errors"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"net/http"
	"net/url"
	"strconv"
	"strings"
	"xieshang/internal/authz"

	"xieshang/internal/docx"
	"xieshang/internal/errs"
	"xieshang/internal/proposal"
	"xieshang/internal/workday"
)

// replyLetter writes a reply as the official letter (答复函), a .docx titled
// 《关于…第N号提案的答复》, for everyone who may see the proposal.
func (s *Server) replyLetter(w http.ResponseWriter, r *http.Request) {
	_, pr, ok := s.visibleProposal(w, r)
	if !ok {
		return
	}
	unit, _ := strconv.ParseInt(r.URL.Query().Get("unit"), 10, 64)
	round, _ := strconv.Atoi(r.URL.Query().Get("round"))
	var reply *proposal.Reply
	for i, rp := range pr.Replies {
		if rp.UnitID == unit && (round == 0 || rp.Round == round) {
			reply = &pr.Replies[i] // the latest of the round
		}
	}
	if reply == nil {
		s.errorPage(w, r, http.StatusNotFound, "没有这份答复")
		return
	}
	committee, _ := s.committees.CommitteeName(r.Context(), pr.CommitteeID)
	title := pr.ReplyTitle(committee)
	d := docx.New(docx.A4)
	d.SetProperties(docx.Properties{Title: title, Creator: unitName(pr, unit), Created: reply.SubmittedAt})
	d.Title(title)
	salutation := pr.ProposerName + "委员:"
	if pr.Kind == proposal.Collective {
		salutation = pr.ProposerName + ":"
	}
	d.Paragraph(salutation, docx.NoIndent())
	d.Paragraph("您提出的《" + pr.Title + "》收悉。现答复如下:")
	d.Paragraph(strings.TrimSpace(reply.Letter))
	d.Paragraph("")
	d.Paragraph(unitName(pr, unit), docx.Align(docx.Right), docx.RightIndent(4), docx.KeepWithNext())
	d.Paragraph(reply.SubmittedAt.In(workday.CST).Format("2006年1月2日"), docx.Align(docx.Right), docx.RightIndent(4))
	d.Paragraph("")
	d.Paragraph("答复类别:"+string(reply.Class)+"类", docx.NoIndent())
	if reply.Signer != "" {
		d.Paragraph("签发人:"+reply.Signer, docx.NoIndent())
	}
	d.Paragraph("联系人:"+reply.ContactPerson+"  联系电话:"+reply.ContactPhone, docx.NoIndent())
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", "attachment; filename=\"reply.docx\"; filename*=UTF-8''"+url.PathEscape(title+".docx"))
	w.Header().Set("Cache-Control", "private, no-store")
	if _, err := d.WriteTo(w); err != nil {
		s.log.Error("reply letter", "err", err)
	}
}

// exportProposals writes the list the viewer is looking at (same queue and
// filters, every page) as an .xlsx, row by row.
func (s *Server) exportProposals(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	who, err := s.who(r)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	a := who.Actor
	f := proposal.ListFilter{CommitteeID: a.CommitteeID, Category: q.Get("category"), Title: q.Get("q"), Limit: 500}
	switch {
	case q.Get("view") == "public":
		f.PublicOnly = true
	case isStaff(a):
		f.Submitted = true
		for _, qu := range queues {
			if qu.key == q.Get("queue") {
				f.States, f.OverdueOnly, f.KeyOnly = qu.states, qu.overdue, qu.key2
			}
		}
	case a.Has(authz.UnitLiaison):
	default:
		f.UserID = a.UserID
	}
	x := excelize.NewFile()
	defer x.Close()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	head := []any{"序号", "编号", "案由", "类别", "提案类型", "提案人", "状态", "答复期限", "是否超期", "重点提案", "提交时间"}
	if err := sw.SetRow("A1", head); err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	row, now := 2, time.Now()
	for {
		items, err := s.proposals.List(r.Context(), who, f)
		if err != nil {
			s.fail(w, r, nil, nil, err)
			return
		}
		for _, it := range items {
			cells := []any{it.ID, it.Code(), it.Title, it.Category, it.Kind.Name() + "·" + it.Timing.Name(), it.ProposerName,
				it.State.Name(), fmtDate(it.DueAt), yesNo(it.Overdue(now)), yesNo(it.Key), fmtDate(it.SubmittedAt)}
			if err := sw.SetRow("A"+strconv.Itoa(row), cells); err != nil {
				s.fail(w, r, nil, nil, err)
				return
			}
			row++
		}
		if len(items) < f.Limit {
			break
		}
		f.BeforeID = items[len(items)-1].ID
	}
	if err := sw.Flush(); err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"proposals.xlsx\"; filename*=UTF-8''"+url.PathEscape("提案列表.xlsx"))
	w.Header().Set("Cache-Control", "private, no-store")
	if err := x.Write(w); err != nil {
		s.log.Error("proposal export", "err", err)
	}
}

// MaxAttachmentUploadBytes bounds an attachment upload's request body.
const MaxAttachmentUploadBytes = 201 << 20

// uploadAttachment adds the multipart file "attachment" to a proposal.
func (s *Server) uploadAttachment(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	who, err := s.who(r)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	f, hdr, err := r.FormFile("attachment")
	if err == nil {
		defer f.Close()
		var data []byte
		if data, err = io.ReadAll(f); err == nil {
			_, err = s.proposals.Attach(r.Context(), who, id, hdr.Filename, data)
		}
	} else {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			err = errs.Field("attachment", "附件过大")
		} else {
			err = errs.Field("attachment", "请选择附件")
		}
	}
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		s.proposalPage(w, r, id, "", url.Values{}, err)
		return
	}
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	http.Redirect(w, r, proposalURL(id)+"?done=attach#attachments", http.StatusSeeOther)
}

// downloadAttachment serves an attachment to those who may see its proposal.
func (s *Server) downloadAttachment(w http.ResponseWriter, r *http.Request) {
	who, err := s.who(r)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	a, err := s.proposals.Attachment(r.Context(), who, pathID(r))
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Disposition", "attachment; filename=\"attachment\"; filename*=UTF-8''"+url.PathEscape(a.Name))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(a.Data)))
	w.Write(a.Data)
}
