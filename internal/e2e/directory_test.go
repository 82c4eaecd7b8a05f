package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xieshang/internal/authz"
	"xieshang/internal/idcard"
	"xieshang/internal/member"
	"xieshang/internal/names"
	"xieshang/internal/org"
	"xieshang/internal/sqldb"
)

// A member looks up a colleague on a phone: by pinyin initials, then by
// sector over more than one page, and opens the colleague's profile, where
// the mobile number is masked.
func TestDirectorySearchOnPhone(t *testing.T) {
	e := newEnv(t)
	u := e.newUser("lixiulan", "李秀兰", authz.Member)
	ctx, op := context.Background(), authz.SystemActor(e.committee)
	orgs := org.NewService(sqldb.Org(e.db))
	health, err := orgs.AddItem(ctx, op, org.Sectors, "医卫")
	if err != nil {
		t.Fatal(err)
	}
	economy, err := orgs.AddItem(ctx, op, org.Sectors, "经济")
	if err != nil {
		t.Fatal(err)
	}
	members := member.NewService(sqldb.Members(e.db))
	zhw, err := members.Create(ctx, op, member.Member{Name: "张宏伟", Gender: member.Male, Party: "民盟", SectorID: health.ID,
		EmployerTitle: "示范市第一人民医院副院长", Mobile: "13912345678",
		IDNumber: idcard.Make("649901", time.Date(1966, 5, 4, 0, 0, 0, 0, time.UTC), true, 7)})
	if err != nil {
		t.Fatal(err)
	}
	// 59 more: 54 in 医卫 (55 with 张宏伟, so two pages) and 5 in 经济.
	others := directoryNames(59, "zhw", zhw.Name)
	var inEconomy []string
	for i, name := range others {
		sector := health.ID
		if i%12 == 5 {
			sector = economy.ID
			inEconomy = append(inEconomy, name)
		}
		_, err := members.Create(ctx, op, member.Member{Name: name, Gender: []string{member.Male, member.Female}[i%2],
			SectorID: sector, EmployerTitle: "示范市某单位", Mobile: fmt.Sprintf("1380000%04d", i)})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
	}
	if len(inEconomy) != 5 {
		t.Fatalf("%d members in 经济, want 5", len(inEconomy))
	}

	e.do(chromedp.EmulateViewport(phoneWidth, phoneHeight,
		chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait))
	e.loginAs(u)
	e.open("/members")
	e.wantText("main h1", "委员名录")
	e.checkPhoneLayout()
	if h := eval[float64](e, `document.querySelector('form[action="/members"] button[type=submit]').getBoundingClientRect().height`); h < 44 {
		t.Errorf("search button is %.0f px tall, want at least 44", h)
	}

	// Search by the initials of the name.
	e.fill("q", "zhw")
	e.submit("/members")
	e.wantPath("/members")
	if got := e.shownNames(); !slices.Equal(got, []string{"张宏伟"}) {
		t.Errorf("search zhw shows %v, want only 张宏伟", got)
	}
	e.wantText("main tbody", "139****5678")
	e.noText("main", "13912345678")
	e.checkPhoneLayout()
	e.checkStackedRows()
	t.Logf("search on a phone: %s", e.screenshot(e.ctx, "search-390"))

	// Filter by sector: 经济 has five members.
	eval[string](e, `document.getElementById("q").value = ""`) // clear the search
	e.choose("sector", "经济")
	e.submit("/members")
	got := e.shownNames()
	slices.Sort(got)
	slices.Sort(inEconomy)
	if !slices.Equal(got, inEconomy) {
		t.Errorf("sector 经济 shows %v, want %v", got, inEconomy)
	}
	if e.text(".pager") != "" {
		t.Error("下一页 is offered for five members")
	}
	if sel := eval[string](e, `document.getElementById("sector").selectedOptions[0].textContent`); sel != "经济" {
		t.Errorf("after filtering the sector menu shows %q, want 经济", sel)
	}

	// 医卫 has 55 members: 50 on the first page, the rest on the next.
	e.choose("sector", "医卫")
	e.submit("/members")
	first := e.shownNames()
	if len(first) != 50 {
		t.Fatalf("first page of 医卫 shows %d members, want 50", len(first))
	}
	e.wantText(".pager a", "下一页")
	e.checkPhoneLayout()
	if h := eval[float64](e, `document.querySelector(".pager a").getBoundingClientRect().height`); h < 44 {
		t.Errorf("下一页 is %.0f px tall, want at least 44", h)
	}
	e.press(".pager a")
	e.wantPath("/members")
	second := e.shownNames()
	if len(second) != 5 {
		t.Errorf("second page of 医卫 shows %d members, want 5: %v", len(second), second)
	}
	all := slices.Concat(first, second)
	for _, n := range second {
		if slices.Contains(first, n) {
			t.Errorf("%s is on both pages", n)
		}
	}
	for _, n := range inEconomy {
		if slices.Contains(all, n) {
			t.Errorf("%s of 经济 is listed under 医卫", n)
		}
	}
	if !slices.Contains(all, "张宏伟") {
		t.Error("张宏伟 is on neither page of 医卫")
	}
	if e.text(".pager") != "" {
		t.Error("下一页 is offered on the last page")
	}
	t.Logf("second page on a phone: %s", e.screenshot(e.ctx, "page2-390"))

	// Open 张宏伟's profile from the search.
	e.open("/members?q=zhw")
	e.press(`main tbody td[data-label="姓名"] a`)
	e.wantPath(fmt.Sprintf("/members/%d", zhw.ID))
	e.wantText("main h1", "张宏伟")
	e.wantText("#member-mobile", "139****5678")
	e.noText("main", "13912345678")
	e.noText("main", zhw.IDNumber)
	e.wantText("#member-id-number", "6499**********")
	e.noText("main", "显示完整联系方式和身份证号") // members may not unmask
	e.checkPhoneLayout()
	t.Logf("profile on a phone: %s", e.screenshot(e.ctx, "profile-390"))
}

// directoryNames returns n distinct two- and three-character names other
// than except whose search keys do not contain query.
func directoryNames(n int, query, except string) []string {
	surnames := []rune("王李刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭")
	given := []string{"建国", "秀英", "志强", "丽娟", "海涛", "晓明", "玉兰", "德明", "春梅", "国庆", "文博", "静"}
	var out []string
	for _, g := range given {
		for _, s := range surnames {
			name := string(s) + g
			if len(out) == n {
				return out
			}
			if name == except || strings.Contains(strings.Join(names.SearchKeys(name), " "), query) {
				continue
			}
			out = append(out, name)
		}
	}
	panic("directoryNames: not enough names")
}

// choose picks the option labelled label in the menu with the given id, as
// a person would, so that the page's change listeners run too.
func (e *env) choose(id, label string) {
	e.t.Helper()
	ok := eval[bool](e, fmt.Sprintf(`(() => {
		const sel = document.getElementById(%s);
		const opt = sel && Array.from(sel.options).find(o => o.textContent.trim() === %s);
		if (!opt) return false;
		sel.value = opt.value;
		sel.dispatchEvent(new Event("input", {bubbles: true}));
		sel.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`, jsString(id), jsString(label)))
	if !ok {
		e.t.Fatalf("menu #%s has no option %q", id, label)
	}
}

// shownNames returns the names listed in the directory shown.
func (e *env) shownNames() []string {
	e.t.Helper()
	return e.texts(`main tbody td[data-label="姓名"] a`)
}

// checkStackedRows checks that, at phone width, the directory's table rows
// are stacked: no header row, every cell on its own line and labelled with
// its column name.
func (e *env) checkStackedRows() {
	e.t.Helper()
	if d := eval[string](e, `getComputedStyle(document.querySelector("main table.stack thead")).display`); d != "none" {
		e.t.Errorf("table header is displayed (%s) at phone width", d)
	}
	type cell struct {
		Label, Before, Display string
		Top, Bottom, Right     float64
		FontSize               float64
	}
	cells := eval[[]cell](e, `Array.from(document.querySelectorAll("main table.stack tbody tr:first-child td"), td => {
		const r = td.getBoundingClientRect(), s = getComputedStyle(td);
		return {label: td.dataset.label || "", before: getComputedStyle(td, "::before").content, display: s.display,
			top: r.top, bottom: r.bottom, right: r.right, fontSize: parseFloat(s.fontSize)};
	})`)
	want := []string{"姓名", "性别", "党派", "界别", "工作单位及职务", "手机号码"}
	if len(cells) != len(want) {
		e.t.Fatalf("first row has %d cells, want %d", len(cells), len(want))
	}
	for i, c := range cells {
		if c.Label != want[i] {
			e.t.Errorf("cell %d is labelled %q, want %q", i, c.Label, want[i])
		}
		if c.Display != "block" || c.Before == "none" || c.Before == "normal" || c.Before == "" {
			e.t.Errorf("cell %s: display %s, label before it %s; want a block with its label shown", want[i], c.Display, c.Before)
		}
		if i > 0 && c.Top < cells[i-1].Bottom-1 {
			e.t.Errorf("cell %s (top %.0f) is beside %s (bottom %.0f), not below it", want[i], c.Top, want[i-1], cells[i-1].Bottom)
		}
		if c.Right > phoneWidth {
			e.t.Errorf("cell %s ends at %.0f px, beyond the %d px screen", want[i], c.Right, phoneWidth)
		}
		if c.FontSize < 16 {
			e.t.Errorf("cell %s has %.1f px text, want at least 16", want[i], c.FontSize)
		}
	}
}
