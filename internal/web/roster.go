package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/importer"
	"xieshang/internal/job"
	"xieshang/internal/member"
	"xieshang/internal/roster"
)

// MaxUploadBytes is the request limit of the roster upload: the largest
// sheet roster.Parse reads plus room for the form.
const MaxUploadBytes = roster.MaxFileSize + 1<<20

// importResult is what a roster import job keeps for its page.
type importResult struct {
	Rows       int              `json:"rows"`
	Created    int              `json:"created"`
	Updated    int              `json:"updated"`
	DryRun     bool             `json:"dry_run"`
	Problems   []roster.Problem `json:"problems,omitempty"` // the first ones
	Count      int              `json:"problem_count"`
	ErrorSheet string           `json:"error_sheet,omitempty"` // base64 of the .xlsx
	FileName   string           `json:"file_name"`
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	if err := authz.Check(a, authz.ImportRoster, authz.Object{CommitteeID: a.CommitteeID}); err != nil {
		s.fail(w, r, nil, &Page{Title: "导入委员名册"}, err)
		return
	}
	p := &Page{Title: "导入委员名册"}
	s.render(w, r, http.StatusOK, importView(p), p)
}

// importUpload takes the uploaded sheet and starts the import as a
// background job; the job's page shows progress and the outcome.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	p := &Page{Title: "导入委员名册"}
	fail := func(err error) { s.fail(w, r, importView(p), p, err) }
	if err := authz.Check(a, authz.ImportRoster, authz.Object{CommitteeID: a.CommitteeID}); err != nil {
		fail(err)
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			fail(errs.Field("file", "文件超过 20 MB,请拆分后分批导入"))
			return
		}
		fail(errs.Field("file", "请选择要导入的 .xlsx 文件"))
		return
	}
	defer f.Close()
	if !strings.EqualFold(filepath.Ext(hdr.Filename), ".xlsx") {
		fail(errs.Field("file", "只能导入 .xlsx 格式的表格;.xls 请先在 Excel 或 WPS 中另存为 .xlsx"))
		return
	}
	data, err := io.ReadAll(io.LimitReader(f, roster.MaxFileSize+1))
	if err != nil {
		fail(err)
		return
	}
	if len(data) > roster.MaxFileSize {
		fail(errs.Field("file", "文件超过 20 MB,请拆分后分批导入"))
		return
	}
	dry := r.PostFormValue("dry_run") == "1"
	name := filepath.Base(hdr.Filename)
	id, err := s.jobs.Start(r.Context(), a, "roster.import", func(ctx context.Context, progress job.Progress) (any, error) {
		out, err := s.importFn(ctx, a, data, dry, importer.Progress(progress))
		if err != nil {
			return nil, err
		}
		res := importResult{Rows: len(out.Parsed.Rows), Created: out.Result.Created, Updated: out.Result.Updated,
			DryRun: dry, Count: len(out.Parsed.Problems), FileName: name}
		if !out.OK() {
			res.Problems = out.Parsed.Problems[:min(len(out.Parsed.Problems), 50)]
			res.ErrorSheet = base64.StdEncoding.EncodeToString(out.ErrorSheet)
		}
		return res, nil
	})
	if err != nil {
		fail(err)
		return
	}
	http.Redirect(w, r, "/jobs/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// jobData is a job's page.
type jobData struct {
	J      job.Job
	Import importResult
}

func (s *Server) jobPage(w http.ResponseWriter, r *http.Request) {
	j, err := s.jobs.Get(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, nil, &Page{Title: "任务"}, err)
		return
	}
	d := jobData{J: j}
	if len(j.Result) > 0 {
		json.Unmarshal(j.Result, &d.Import)
	}
	p := &Page{Title: "导入进度"}
	s.render(w, r, http.StatusOK, jobView(p, d), p)
}

// jobErrors downloads the error sheet of a failed import.
func (s *Server) jobErrors(w http.ResponseWriter, r *http.Request) {
	j, err := s.jobs.Get(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, nil, &Page{Title: "任务"}, err)
		return
	}
	var res importResult
	json.Unmarshal(j.Result, &res)
	b, err := base64.StdEncoding.DecodeString(res.ErrorSheet)
	if err != nil || len(b) == 0 {
		s.NotFound(w, r)
		return
	}
	name := strings.TrimSuffix(res.FileName, filepath.Ext(res.FileName)) + "-错误原因.xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"errors.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

// exportRoster streams the committee's roster as .xlsx: masked, or in full
// (?full=1) for roles that may see sensitive fields; either is audited.
func (s *Server) exportRoster(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	full := r.URL.Query().Get("full") == "1"
	name, _ := s.committees.CommitteeName(r.Context(), a.CommitteeID)
	started := false
	err := s.members.Export(r.Context(), a, full, func(rows iter.Seq[member.Member]) error {
		started = true
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", "attachment; filename=\"roster.xlsx\"; filename*=UTF-8''"+url.PathEscape(name+"委员名册.xlsx"))
		w.Header().Set("Cache-Control", "no-store")
		return roster.Export(w, name+"委员名册", func(yield func(roster.Row) bool) {
			for m := range rows {
				if !yield(rosterRow(m)) {
					return
				}
			}
		}, false)
	})
	if err != nil && !started {
		s.fail(w, r, nil, &Page{Title: "导出委员名册"}, err)
		return
	}
	if err != nil {
		s.log.Error("export", "err", err)
	}
}

func rosterRow(m member.Member) roster.Row {
	r := roster.Row{Name: m.Name, Gender: m.Gender, Ethnicity: m.Ethnicity, BirthYear: m.BirthYear, BirthMonth: m.BirthMonth,
		BirthDay: m.BirthDay, Party: m.Party, Sector: m.SectorName, EmployerTitle: m.EmployerTitle, Mobile: m.Mobile,
		IDNumber: m.IDNumber, Standing: m.Standing}
	for _, sc := range m.SpecialCommittees {
		r.SpecialCommittees = append(r.SpecialCommittees, sc.Name)
	}
	return r
}
