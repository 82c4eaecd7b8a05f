package server_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xieshang/internal/authz"
	"xieshang/internal/idcard"
	"xieshang/internal/org"
	"xieshang/internal/roster"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func (s *site) upload(c *http.Client, path, filename string, data []byte, fields map[string]string) (int, http.Header, string) {
	s.t.Helper()
	return s.uploadAs(c, path, "file", filename, data, fields)
}

// uploadAs posts a multipart form with data as the file input named field.
func (s *site) uploadAs(c *http.Client, path, field, filename string, data []byte, fields map[string]string) (int, http.Header, string) {
	s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile(field, filename)
	fw.Write(data)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", s.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestRosterImportAndExportPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSite(t, db)
		off := s.user("office1", authz.Office)
		s.user("member1", authz.Member)
		op := authz.SystemActor(s.cid)
		orgs := org.NewService(sqldb.Org(db))
		orgs.AddItem(ctx, op, org.Sectors, "医卫")
		orgs.AddItem(ctx, op, org.Parties, "民盟")
		orgs.AddTerm(ctx, op, org.Term{Number: 11, StartsOn: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)})
		birth := time.Date(1970, 2, 3, 0, 0, 0, 0, time.UTC)
		rows := []roster.Row{
			{Name: "张宏伟", Gender: "男", Ethnicity: "汉族", BirthYear: 1970, BirthMonth: 2, BirthDay: 3, Party: "民盟", Sector: "医卫", Mobile: "13900000001", IDNumber: idcard.Make("649901", birth, true, 1)},
			{Name: "李秀兰", Gender: "女", Ethnicity: "回族", BirthYear: 1970, BirthMonth: 2, BirthDay: 3, Party: "民盟", Sector: "医药", Mobile: "13900000002", IDNumber: idcard.Make("649901", birth, false, 2)},
		}
		sheet := func(rs []roster.Row) []byte {
			var b bytes.Buffer
			if err := roster.Export(&b, "名册", slices.Values(rs), false); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		}
		oc := s.client()
		s.loginStaff(oc, "office1", off.ID)
		if code, _, body := s.do(oc, "GET", "/members/import", nil, nil); code != 200 || !strings.Contains(body, "全部检查通过才会写入") {
			t.Fatalf("import form: %d", code)
		}
		// A sheet with an error: nothing written, error sheet to download.
		code, h, _ := s.upload(oc, "/members/import", "名册.xlsx", sheet(rows), nil)
		if code != 303 || !strings.HasPrefix(h.Get("Location"), "/jobs/") {
			t.Fatalf("upload: %d %s", code, h.Get("Location"))
		}
		s.app.Jobs.Wait()
		code, _, body := s.do(oc, "GET", h.Get("Location"), nil, nil)
		if code != 200 || !strings.Contains(body, "未写入任何数据") || !strings.Contains(body, "医药") {
			t.Fatalf("job page: %d %.2000s", code, body)
		}
		code, eh, xlsx := s.do(oc, "GET", h.Get("Location")+"/errors.xlsx", nil, nil)
		if code != 200 || !strings.Contains(eh.Get("Content-Disposition"), "attachment") {
			t.Fatalf("error sheet: %d", code)
		}
		f, err := excelize.OpenReader(strings.NewReader(xlsx))
		if err != nil {
			t.Fatal(err)
		}
		all, _ := f.GetRows(f.GetSheetName(0))
		if !strings.Contains(strings.Join(all[len(all)-1], "|"), "医药") || !strings.Contains(strings.Join(all[1], "|"), "错误原因") {
			t.Errorf("error sheet rows: %v", all)
		}
		if n := countMembers(db, s.cid); n != 0 {
			t.Fatalf("%d members written by a refused import", n)
		}
		// The corrected sheet imports.
		rows[1].Sector = "医卫"
		_, h, _ = s.upload(oc, "/members/import", "名册.xlsx", sheet(rows), nil)
		s.app.Jobs.Wait()
		if _, _, body := s.do(oc, "GET", h.Get("Location"), nil, nil); !strings.Contains(body, "新增 2 名") {
			t.Fatalf("import result: %.2000s", body)
		}
		// Not an xlsx; a member may not import.
		if code, _, body := s.upload(oc, "/members/import", "名册.xls", []byte("x"), nil); code != 422 || !strings.Contains(body, "另存为 .xlsx") {
			t.Errorf("xls: %d", code)
		}
		mc := s.client()
		s.login(mc, "member1")
		if code, _, _ := s.upload(mc, "/members/import", "名册.xlsx", sheet(rows), nil); code != 403 {
			t.Errorf("member upload: %d", code)
		}
		if code, _, _ := s.do(mc, "GET", "/members/export", nil, nil); code != 403 {
			t.Errorf("member export: %d", code)
		}
		// Export, masked and full, both audited.
		before := s.auditCount("export")
		for _, full := range []bool{false, true} {
			path := "/members/export"
			if full {
				path += "?full=1"
			}
			code, _, x := s.do(oc, "GET", path, nil, nil)
			if code != 200 {
				t.Fatalf("export %v: %d", full, code)
			}
			f, err := excelize.OpenReader(strings.NewReader(x))
			if err != nil {
				t.Fatal(err)
			}
			all, _ := f.GetRows(f.GetSheetName(0))
			text := strings.Join(slices.Concat(all...), "|")
			if full != strings.Contains(text, "13900000001") || !strings.Contains(text, "张宏伟") {
				t.Errorf("export full=%v: %v", full, all)
			}
		}
		if s.auditCount("export") != before+2 {
			t.Error("exports not audited")
		}
	})
}

func countMembers(db *sqldb.DB, cid int64) int {
	var n int
	db.View(ctx, func(tx *sqldb.Tx) error { n, _ = tx.CountMembers(ctx, cid); return nil })
	return n
}
