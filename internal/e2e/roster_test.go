package e2e

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"xieshang/internal/authz"
	"xieshang/internal/idcard"
	"xieshang/internal/org"
	"xieshang/internal/roster"
	"xieshang/internal/sqldb"
)

// Office staff import the roster of the new term. The first sheet has two
// bad rows, so nothing is written and a sheet with the reasons is offered;
// uploading it again unchanged fixes nothing; the corrected sheet imports.
func TestRosterImportWithErrorsWritesNothing(t *testing.T) {
	e := newEnv(t)
	op := authz.SystemActor(e.committee)
	orgs := org.NewService(sqldb.Org(e.db))
	for _, it := range []struct {
		kind org.ListKind
		name string
	}{{org.Sectors, "医卫"}, {org.Sectors, "经济"}, {org.Parties, "民盟"}} {
		if _, err := orgs.AddItem(context.Background(), op, it.kind, it.name); err != nil {
			t.Fatalf("add %s: %v", it.name, err)
		}
	}
	if _, err := orgs.AddTerm(context.Background(), op, org.Term{Number: 11, StartsOn: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatalf("add term: %v", err)
	}
	staff := e.newUser("zhangminghua", "张明华", authz.Office)
	e.enrollTOTP(staff)

	rows := importRows()
	badID := rows[4].IDNumber
	rows[2].Sector = "环境资源"                           // not a sector of this committee
	rows[4].IDNumber = badID[:17] + wrongCheck(badID) // a mistyped check character
	// Export writes a title row and the header, so the members start at line 3.
	const sectorLine, idLine = "5", "7"
	bad := writeSheet(t, "名册.xlsx", rows)

	e.loginAs(staff)
	e.open("/members/import")
	e.wantText("main h1", "导入委员名册")
	e.wantText("main", "全部检查通过才会写入")

	// The sheet with mistakes: nothing is written, and the page says why.
	job := e.upload(bad)
	e.wantText("#job .alert.error", "未写入任何数据")
	e.wantText("#job .alert.error", "发现 2 处问题")
	problems := e.problems()
	if got := problems[sectorLine]; !strings.Contains(got, "界别") || !strings.Contains(got, "环境资源") {
		t.Errorf("problem of line %s is %q, want the unknown sector 环境资源; all: %v", sectorLine, got, problems)
	}
	if got := problems[idLine]; !strings.Contains(got, "身份证号") || !strings.Contains(got, "校验位") {
		t.Errorf("problem of line %s is %q, want the wrong check character; all: %v", idLine, got, problems)
	}
	if len(problems) != 2 {
		t.Errorf("problems listed: %v, want lines %s and %s only", problems, sectorLine, idLine)
	}
	if n := e.memberCount(); n != 0 {
		t.Fatalf("%d members written by a sheet with problems", n)
	}

	// The sheet with the reasons, as the browser would download it.
	if href := eval[string](e, `document.getElementById("error-sheet").getAttribute("href")`); href != job+"/errors.xlsx" {
		t.Errorf("error sheet link is %q, want %s/errors.xlsx", href, job)
	}
	errSheet := e.download(job+"/errors.xlsx", filepath.Join(t.TempDir(), "名册-错误原因.xlsx"))
	reasons := errorReasons(t, errSheet)
	if got := reasons["环境资源"]; !strings.Contains(got, "不在本届界别名单中") {
		t.Errorf("错误原因 of the row with 环境资源 is %q; reasons by sector: %v", got, reasons)
	}
	if got := reasons[rows[4].Name]; !strings.Contains(got, "校验位") {
		t.Errorf("错误原因 of %s is %q; reasons: %v", rows[4].Name, got, reasons)
	}
	for _, good := range []int{0, 1, 3} {
		if got := reasons[rows[good].Name]; got != "" {
			t.Errorf("correct row %s has 错误原因 %q", rows[good].Name, got)
		}
	}

	// Uploading the downloaded sheet again, without fixing it, changes nothing.
	e.open("/members/import")
	again := e.upload(errSheet)
	if again == job {
		t.Errorf("the second upload shows the first job %s", job)
	}
	e.wantText("#job .alert.error", "未写入任何数据")
	if got := e.problems(); len(got) != 2 || got[sectorLine] != problems[sectorLine] || got[idLine] != problems[idLine] {
		t.Errorf("problems of the unchanged sheet: %v, want as before %v", got, problems)
	}
	if n := e.memberCount(); n != 0 {
		t.Fatalf("%d members written by a sheet uploaded again unchanged", n)
	}

	// The corrected sheet imports every member.
	rows[2].Sector = "经济"
	rows[4].IDNumber = badID
	e.open("/members/import")
	e.upload(writeSheet(t, "名册-改.xlsx", rows))
	e.wantText("#job .alert.ok", "导入完成:新增 5 名")
	if e.text("#error-sheet") != "" {
		t.Error("a download of errors is offered after a clean import")
	}
	if n := e.memberCount(); n != len(rows) {
		t.Errorf("%d members after the import, want %d", n, len(rows))
	}
	e.press(`#job a[href="/members"]`)
	e.wantPath("/members")
	for _, r := range rows {
		e.wantText("main table", r.Name)
	}
}

// importRows are five correct rows of a roster.
func importRows() []roster.Row {
	row := func(name, gender string, born time.Time, seq int, mobile string) roster.Row {
		return roster.Row{Name: name, Gender: gender, Ethnicity: "汉族", BirthYear: born.Year(), BirthMonth: int(born.Month()),
			BirthDay: born.Day(), Party: "民盟", Sector: "医卫", EmployerTitle: "示范市第一人民医院", Mobile: mobile,
			IDNumber: idcard.Make("649901", born, gender == "男", seq)}
	}
	return []roster.Row{
		row("张宏伟", "男", time.Date(1966, 5, 4, 0, 0, 0, 0, time.UTC), 1, "13900000001"),
		row("李秀兰", "女", time.Date(1970, 2, 3, 0, 0, 0, 0, time.UTC), 2, "13900000002"),
		row("王建国", "男", time.Date(1962, 10, 1, 0, 0, 0, 0, time.UTC), 3, "13900000003"),
		row("陈晓燕", "女", time.Date(1975, 7, 15, 0, 0, 0, 0, time.UTC), 4, "13900000004"),
		row("刘志强", "男", time.Date(1980, 12, 30, 0, 0, 0, 0, time.UTC), 5, "13900000005"),
	}
}

// wrongCheck returns a check character that does not fit the ID number.
func wrongCheck(id string) string {
	if id[17] == '0' {
		return "1"
	}
	return "0"
}

// writeSheet writes rows as an .xlsx roster named name in a temporary folder.
func writeSheet(t *testing.T, name string, rows []roster.Row) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := roster.Export(f, "测试市政协第十一届委员名册", slices.Values(rows), false); err != nil {
		t.Fatalf("write %s: %v", name, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return file
}

var jobPath = regexp.MustCompile(`^/jobs/\d+$`)

// upload chooses file in the import form, submits it and waits until the
// job's page, which reloads itself while the job runs, shows it done. It
// returns the job's path.
func (e *env) upload(file string) string {
	e.t.Helper()
	e.wantPath("/members/import")
	e.do(chromedp.SetUploadFiles(chromedp.ID("file"), []string{file}))
	if status := e.submit("/members/import"); status != http.StatusOK {
		e.t.Fatalf("upload %s: status %d", filepath.Base(file), status)
	}
	path := e.path()
	if !jobPath.MatchString(path) {
		e.t.Fatalf("after the upload the page is %s, want /jobs/{id}", path)
	}
	if state := e.waitJob(); state != "done" {
		e.t.Fatalf("import job %s ended %s", path, state)
	}
	return path
}

// waitJob waits until the job shown is no longer running and returns its
// state. While it runs, the page reloads every 2 s, so a read may hit a
// page being replaced; that read is simply tried again.
func (e *env) waitJob() string {
	e.t.Helper()
	const js = `document.readyState === "complete" && document.getElementById("job") ? document.getElementById("job").dataset.state : ""`
	var last error
	for {
		state, err := chromedp.Run(e.ctx, chromedp.Evaluate[string](js))
		if err == nil && state != "" && state != "running" {
			return state
		}
		if err != nil {
			last = err
		}
		select {
		case <-e.ctx.Done():
			e.t.Fatalf("the import job was still running when the test timed out (last error: %v)", last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// problems returns the problems listed on the job's page, by line number.
func (e *env) problems() map[string]string {
	e.t.Helper()
	rows := eval[[][]string](e, `Array.from(document.querySelectorAll("#job table tbody tr"),
		tr => Array.from(tr.querySelectorAll("td"), td => td.innerText.trim()))`)
	out := map[string]string{}
	for _, r := range rows {
		if len(r) != 3 {
			e.t.Fatalf("problem row %q, want 行号, 列, 问题", r)
		}
		out[r[0]] += r[1] + ":" + r[2]
	}
	return out
}

// download fetches path with the browser's session cookie, as the browser
// would when the link is pressed, and saves it as file.
func (e *env) download(path, file string) string {
	e.t.Helper()
	req, err := http.NewRequest("GET", e.url(path), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, c := range e.cookies() {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("download %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("download %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("download %s: status %d", path, resp.StatusCode)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, ".xlsx") {
		e.t.Errorf("download %s: Content-Disposition %q, want an .xlsx attachment", path, cd)
	}
	if err := os.WriteFile(file, body, 0o644); err != nil {
		e.t.Fatal(err)
	}
	return file
}

// errorReasons opens an error sheet and returns its 错误原因 column keyed by
// the name and by the sector of each member row.
func errorReasons(t *testing.T, file string) map[string]string {
	t.Helper()
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatalf("open error sheet: %v", err)
	}
	defer f.Close()
	all, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatalf("read error sheet: %v", err)
	}
	header, name, sector, reason := -1, -1, -1, -1
	for i, r := range all {
		if j := slices.Index(r, "错误原因"); j >= 0 {
			header, name, sector, reason = i, slices.Index(r, "姓名"), slices.Index(r, "界别"), j
			break
		}
	}
	if header < 0 || name < 0 || sector < 0 {
		t.Fatalf("error sheet has no header with 姓名, 界别 and 错误原因: %q", all)
	}
	cell := func(r []string, i int) string {
		if i < len(r) {
			return r[i]
		}
		return ""
	}
	out := map[string]string{}
	for _, r := range all[header+1:] {
		out[cell(r, name)] += cell(r, reason)
		if s := cell(r, sector); s != "医卫" {
			out[s] += cell(r, reason)
		}
	}
	return out
}

// memberCount is the number of members of the test's committee, read from
// the database.
func (e *env) memberCount() int {
	e.t.Helper()
	var n int
	err := e.db.View(context.Background(), func(tx *sqldb.Tx) error {
		var err error
		n, err = tx.CountMembers(context.Background(), e.committee)
		return err
	})
	if err != nil {
		e.t.Fatalf("count members: %v", err)
	}
	return n
}
