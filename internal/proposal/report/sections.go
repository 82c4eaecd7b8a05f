package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"xieshang/internal/proposal"
)

// Section is one part of the report as a reader sees it: a numbered
// heading ("一、提案提交情况"; empty for the opening), sentences stating the
// figures, and the tables that follow them. A page and the .docx render
// the same sections.
type Section struct {
	Heading    string
	Paragraphs []string
	Tables     []Table
}

// Table is a table of the report with its caption ("表1　提案者类型统计"),
// every cell as text and the columns' relative widths.
type Table struct {
	Caption string
	Header  []string
	Rows    [][]string
	Widths  []int
}

// Sections returns the report as text: an opening, then 一、提案提交情况,
// 二、提案审查立案情况, 三、提案办理情况, 四、重点提案办理情况 and
// 五、优秀提案评选情况, each with its sentences and tables. Parts with
// nothing to report say so in a sentence ("未确定重点提案。") rather than
// print zeros and undefined rates.
func (r Report) Sections() []Section {
	secs := []Section{
		{Paragraphs: []string{"现将" + r.Since + "提案工作情况报告如下。"}},
		r.submission(),
		r.review(),
		r.handling(),
		r.keySection(),
		r.excellentSection(),
	}
	n := 0
	for i := range secs {
		for j := range secs[i].Tables {
			n++
			secs[i].Tables[j].Caption = "表" + strconv.Itoa(n) + "　" + secs[i].Tables[j].Caption
		}
	}
	return secs
}

func count(n int, unit string) string { return strconv.Itoa(n) + unit }

// day writes the date of t in China, "2026年6月30日".
func day(t time.Time) string { return t.In(proposal.China).Format("2006年1月2日") }

// total returns the 合计 cell of a share column: 100.0%, or "—" for nothing.
func total(n int) string {
	if n == 0 {
		return "—"
	}
	return "100.0%"
}

func (r Report) submission() Section {
	s := Section{Heading: "一、提案提交情况"}
	if r.Received == 0 {
		s.Paragraphs = append(s.Paragraphs, r.Since+"，未收到提案。")
		return s
	}
	p := r.Since + "，共收到提案" + count(r.Received, "件")
	if r.Plenary > 0 && r.Regular > 0 {
		p += "，其中大会提案" + count(r.Plenary, "件") + "、平时提案" + count(r.Regular, "件")
	}
	s.Paragraphs = append(s.Paragraphs, p+"。")

	var parts []string
	for _, g := range r.Kinds {
		parts = append(parts, g.Name+count(g.Received.Count, "件")+"，占"+g.Received.String())
	}
	p = "按提案者分，" + strings.Join(parts, "；") + "。"
	if r.Members > 0 {
		p += "共有" + count(r.Members, "位") + "委员提出或联名提出提案。"
	}
	if len(r.Collective) > 0 {
		parts = parts[:0]
		for _, g := range r.Collective {
			parts = append(parts, g.Name+count(g.Received.Count, "件"))
		}
		p += "集体提案中，" + strings.Join(parts, "、") + "。"
	}
	s.Paragraphs = append(s.Paragraphs, p)

	parts = parts[:0]
	for _, g := range r.Categories {
		if g.Received.Count > 0 {
			parts = append(parts, categoryName(g.Name)+count(g.Received.Count, "件")+"，占"+g.Received.String())
		}
	}
	s.Paragraphs = append(s.Paragraphs, "按类别分，"+strings.Join(parts, "；")+"。")

	kinds := Table{Caption: "提案者类型统计", Header: []string{"提案者类型", "收到件数", "占比", "立案件数", "立案率"},
		Widths: []int{3, 2, 2, 2, 2}}
	acc := 0
	for _, g := range r.Kinds {
		kinds.Rows = append(kinds.Rows, []string{g.Name, strconv.Itoa(g.Received.Count), g.Received.String(),
			strconv.Itoa(g.Accepted.Count), g.AcceptRate.String()})
		acc += g.Accepted.Count
	}
	kinds.Rows = append(kinds.Rows, []string{"合计", strconv.Itoa(r.Received), total(r.Received), strconv.Itoa(acc),
		rate(acc, r.Received).String()})
	s.Tables = append(s.Tables, kinds)

	if len(r.Collective) > 0 {
		t := Table{Caption: "集体提案统计", Header: []string{"提案者", "收到件数", "立案件数"}, Widths: []int{5, 2, 2}}
		for _, g := range r.Collective {
			t.Rows = append(t.Rows, []string{g.Name, strconv.Itoa(g.Received.Count), strconv.Itoa(g.Accepted.Count)})
		}
		s.Tables = append(s.Tables, t)
	}

	cats := Table{Caption: "提案类别统计", Header: []string{"类别", "收到件数", "占比", "立案件数", "占立案比"},
		Widths: []int{3, 2, 2, 2, 2}}
	for _, g := range r.Categories {
		cats.Rows = append(cats.Rows, []string{g.Name, strconv.Itoa(g.Received.Count), g.Received.String(),
			strconv.Itoa(g.Accepted.Count), g.Accepted.String()})
	}
	cats.Rows = append(cats.Rows, []string{"合计", strconv.Itoa(r.Received), total(r.Received), strconv.Itoa(acc), total(acc)})
	s.Tables = append(s.Tables, cats)
	return s
}

// categoryName writes a category as the text counts it: 经济类, 未分类.
func categoryName(c string) string {
	if strings.HasSuffix(c, "类") {
		return c
	}
	return c + "类"
}

// ReviewSentence returns the sentence stating the review results, as
// "共收到提案118件，经审查立案64件，立案率54.2%；并案16件，转作意见建议21件，
// 不予立案17件。" Results with no proposal are left out.
func (r Report) ReviewSentence() string {
	v := r.Review
	p := "共收到提案" + count(r.Received, "件") + "，经审查立案" + count(v.Accepted.Count, "件") + "，立案率" + v.Accepted.String()
	var parts []string
	if v.Merged.Count > 0 {
		parts = append(parts, "并案"+count(v.Merged.Count, "件"))
	}
	for _, t := range v.Transfers {
		if t.Count > 0 {
			parts = append(parts, t.Name+count(t.Count, "件"))
		}
	}
	if v.Rejected.Count > 0 {
		parts = append(parts, "不予立案"+count(v.Rejected.Count, "件"))
	}
	if v.Pending.Count > 0 {
		parts = append(parts, "尚有"+count(v.Pending.Count, "件")+"正在审查")
	}
	if len(parts) > 0 {
		p += "；" + strings.Join(parts, "，")
	}
	return p + "。"
}

func (r Report) review() Section {
	s := Section{Heading: "二、提案审查立案情况"}
	if r.Received == 0 {
		s.Paragraphs = append(s.Paragraphs, "暂无提案审查立案情况。")
		return s
	}
	v := r.Review
	s.Paragraphs = append(s.Paragraphs, r.ReviewSentence())
	if len(v.Grounds) > 0 {
		var parts []string
		for _, g := range v.Grounds {
			parts = append(parts, g.Name+"的"+count(g.Count, "件"))
		}
		s.Paragraphs = append(s.Paragraphs, "不予立案的"+count(v.Rejected.Count, "件")+"提案中，"+strings.Join(parts, "，")+
			"。对未予立案的提案，均已向提案者说明理由。")
	}

	t := Table{Caption: "提案审查结果统计", Header: []string{"审查结果", "件数", "占比"}, Widths: []int{4, 2, 2}}
	add := func(name string, sh Share) {
		t.Rows = append(t.Rows, []string{name, strconv.Itoa(sh.Count), sh.String()})
	}
	add("立案", v.Accepted)
	add("并案", v.Merged)
	for _, x := range v.Transfers {
		add(x.Name, x.Share)
	}
	add("不予立案", v.Rejected)
	if v.Pending.Count > 0 {
		add("待审查", v.Pending)
	}
	t.Rows = append(t.Rows, []string{"合计", strconv.Itoa(r.Received), total(r.Received)})
	s.Tables = append(s.Tables, t)

	if len(v.Grounds) > 0 {
		s.Tables = append(s.Tables, itemTable("不予立案理由统计", "不予立案理由", "件数", v.Grounds, []int{6, 2, 2}))
	}
	return s
}

// itemTable returns a breakdown as a table with a 合计 row.
func itemTable(caption, what, unit string, items []Item, widths []int) Table {
	t := Table{Caption: caption, Header: []string{what, unit, "占比"}, Widths: widths}
	n := 0
	for _, x := range items {
		t.Rows = append(t.Rows, []string{x.Name, strconv.Itoa(x.Count), x.String()})
		n += x.Count
	}
	t.Rows = append(t.Rows, []string{"合计", strconv.Itoa(n), total(n)})
	return t
}

func (r Report) handling() Section {
	s := Section{Heading: "三、提案办理情况"}
	h := r.Handling
	if h.Accepted == 0 {
		s.Paragraphs = append(s.Paragraphs, "暂无立案提案办理情况。")
		return s
	}
	if h.Assigned == 0 {
		s.Paragraphs = append(s.Paragraphs, "立案的"+count(h.Accepted, "件")+"提案尚待交办。")
		return s
	}
	var parts []string
	for _, m := range h.Modes {
		if m.Count > 0 {
			parts = append(parts, m.Name+count(m.Count, "件"))
		}
	}
	modes := ""
	if len(parts) > 0 {
		modes = "，其中" + strings.Join(parts, "、")
	}
	var p string
	if h.Assigned >= h.Accepted {
		p = "立案的" + count(h.Accepted, "件") + "提案已全部交办" + modes
	} else {
		p = "立案的" + count(h.Accepted, "件") + "提案中，已交办" + count(h.Assigned, "件") + modes + "，尚有" +
			count(h.Accepted-h.Assigned, "件") + "待交办"
	}
	p += "；共涉及承办单位" + count(h.Units, "个")
	parts = parts[:0]
	for _, x := range []struct {
		name string
		n    int
	}{{"主办", h.Lead}, {"协办", h.Co}, {"分办", h.Split}} {
		if x.n > 0 {
			parts = append(parts, x.name+count(x.n, "件次"))
		}
	}
	if len(parts) > 0 {
		p += "，" + strings.Join(parts, "、")
	}
	s.Paragraphs = append(s.Paragraphs, p+"。")

	p = "已办复" + count(h.Replied.Count, "件") + "，办复率" + h.Replied.String()
	if !r.At.IsZero() {
		p = "截至" + day(r.At) + "，" + p
		if h.Overdue > 0 {
			p += "；超期未答复" + count(h.Overdue, "件")
		} else {
			p += "；无超期未答复提案"
		}
	}
	p += "。"
	if h.Extensions > 0 {
		p += "经批准延期答复" + count(h.Extensions, "次") + "。"
	}
	s.Paragraphs = append(s.Paragraphs, p)

	if h.Replies > 0 {
		parts = parts[:0]
		for _, c := range h.Classes {
			parts = append(parts, c.Name+count(c.Count, "件")+"，占"+c.String())
		}
		face := 0
		for _, c := range h.Contacts[:2] {
			face += c.Count
		}
		s.Paragraphs = append(s.Paragraphs, "在审核通过的"+count(h.Replies, "件")+"答复中，"+strings.Join(parts, "；")+
			"。承办单位与提案者面谈或召开座谈会沟通的"+count(face, "件")+"，面商率"+h.FaceToFace.String()+"。")
	}
	if h.Evaluations > 0 {
		parts = parts[:0]
		for _, l := range h.Levels {
			parts = append(parts, l.Name+count(l.Count, "人次")+"，占"+l.String())
		}
		s.Paragraphs = append(s.Paragraphs, "提案者对办理结果作出评价"+count(h.Evaluations, "人次")+"，其中"+
			strings.Join(parts, "；")+"。")
	}
	if h.Rehandled > 0 {
		s.Paragraphs = append(s.Paragraphs, "对提案者不满意的"+count(h.Rehandled, "件")+"提案，已要求承办单位重新办理。")
	}

	s.Tables = append(s.Tables,
		itemTable("答复类别统计", "答复类别", "件数", h.Classes, []int{4, 2, 2}),
		itemTable("沟通方式统计", "沟通方式", "件数", h.Contacts, []int{4, 2, 2}),
		itemTable("提案者评价统计", "评价", "人次", h.Levels, []int{4, 2, 2}))

	units := Table{Caption: "承办单位办理情况", Header: []string{"承办单位", "交办件次", "已办复", "办复率"}, Widths: []int{6, 2, 2, 2}}
	classes := h.Classes
	for _, c := range classes {
		units.Header = append(units.Header, c.Name)
		units.Widths = append(units.Widths, 1)
	}
	for _, u := range r.Units {
		row := []string{u.Name, strconv.Itoa(u.Assignments()), strconv.Itoa(u.Replied.Count), u.Replied.String()}
		for _, c := range classes {
			row = append(row, strconv.Itoa(u.Classes[proposal.Class(c.Key)]))
		}
		units.Rows = append(units.Rows, row)
	}
	s.Tables = append(s.Tables, units)
	return s
}

func (r Report) keySection() Section {
	s := Section{Heading: "四、重点提案办理情况"}
	if len(r.Key) == 0 {
		s.Paragraphs = append(s.Paragraphs, r.Since+"，未确定重点提案。")
		return s
	}
	replied := 0
	var parts []string
	t := Table{Caption: "重点提案办理情况", Header: []string{"序号", "案由", "领衔督办领导", "承办单位", "办理情况"},
		Widths: []int{1, 6, 3, 4, 2}}
	for i, k := range r.Key {
		if k.Replied {
			replied++
		}
		part := "《" + k.Title + "》"
		if k.LeadLeader != "" {
			part += "由" + k.LeadLeader + "领衔督办"
		}
		parts = append(parts, part)
		t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), k.Title, k.LeadLeader, k.Units, k.State})
	}
	s.Paragraphs = append(s.Paragraphs,
		r.Since+"，确定重点提案"+count(len(r.Key), "件")+"，由党政领导领衔督办、政协领导牵头督办，已办复"+count(replied, "件")+"。",
		"其中，"+strings.Join(parts, "；")+"。")
	s.Tables = append(s.Tables, t)
	return s
}

func (r Report) excellentSection() Section {
	s := Section{Heading: "五、优秀提案和先进承办单位评选情况"}
	if units := r.ExcellentUnits; len(units) > 0 {
		s.Paragraphs = append(s.Paragraphs, "评选先进承办单位"+count(len(units), "个")+"："+strings.Join(units, "、")+"。")
	}
	if len(r.Excellent) == 0 {
		s.Paragraphs = append(s.Paragraphs, "本期尚未评选优秀提案。")
		return s
	}
	var parts []string
	t := Table{Caption: "优秀提案名单", Header: []string{"序号", "提案编号", "案由", "提案者"}, Widths: []int{1, 4, 6, 3}}
	for i, e := range r.Excellent {
		parts = append(parts, fmt.Sprintf("《%s》（%s）", e.Title, e.Proposer))
		t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), e.Code, e.Title, e.Proposer})
	}
	s.Paragraphs = append(s.Paragraphs, "评选优秀提案"+count(len(r.Excellent), "件")+"："+strings.Join(parts, "、")+"。")
	s.Tables = append(s.Tables, t)
	return s
}
