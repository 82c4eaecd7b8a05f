package report

import (
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"xieshang/internal/proposal"
)

// Sheet names of the workbook WriteXLSX writes, in order.
const (
	SheetSummary    = "概况"
	SheetCategories = "类别"
	SheetKinds      = "提案者类型"
	SheetReview     = "审查结果"
	SheetClasses    = "答复类别"
	SheetLevels     = "满意度"
	SheetUnits      = "承办单位"
	SheetKey        = "重点提案"
	SheetExcellent  = "优秀提案"
)

// head is a header cell; title a sheet's title cell.
type (
	head  string
	title string
)

// sheet is a worksheet's content: rows of cells (string, int, Share, head,
// title; nil for an empty cell) and column widths.
type sheet struct {
	name   string
	widths []float64
	rows   [][]any
}

// WriteXLSX writes r as an .xlsx workbook to w: a summary sheet (概况) with
// the headline figures, then one sheet per breakdown — 类别, 提案者类型,
// 审查结果 (with the grounds of 不予立案), 答复类别 (with contact methods),
// 满意度, 承办单位 (per unit: assignments by role, replied, 办复率, classes,
// satisfaction, overdue), 重点提案 and 优秀提案. Counts are numbers;
// percentages are numbers formatted 0.0% holding the rounded share (0.542
// for 54.2%), and an undefined share is the text "—". The workbook carries
// r.At as its creation time, so the same report gives the same bytes.
//
// The per-unit sheet, the only one whose length grows with the data, is
// streamed; the others are small and written cell by cell, because
// excelize writes several streamed sheets in map order, which would make
// the bytes vary from run to run.
func WriteXLSX(w io.Writer, r Report) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	props := &excelize.DocProperties{Title: r.Title, Subject: "提案工作情况报告", Creator: r.Committee,
		LastModifiedBy: r.Committee, Language: "zh-CN"}
	if !r.At.IsZero() {
		props.Created = r.At.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	if err := f.SetDocProps(props); err != nil {
		return err
	}

	sheets := []sheet{r.summarySheet(), r.categorySheet(), r.kindSheet(), r.reviewSheet(), r.classSheet(),
		r.levelSheet(), r.unitSheet(), r.keySheet(), r.excellentSheet()}
	if err := f.SetSheetName("Sheet1", sheets[0].name); err != nil {
		return err
	}
	for _, s := range sheets[1:] {
		if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
	}
	for _, s := range sheets {
		if s.name == SheetUnits {
			err = streamSheet(f, st, s)
		} else {
			err = writeSheet(f, st, s)
		}
		if err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

type styles struct{ title, head, text, num, pct, dash int }

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{{Type: "left", Style: 1, Color: "BFBFBF"}, {Type: "right", Style: 1, Color: "BFBFBF"},
		{Type: "top", Style: 1, Color: "BFBFBF"}, {Type: "bottom", Style: 1, Color: "BFBFBF"}}
	pct := "0.0%"
	defs := []*excelize.Style{
		{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Vertical: "center"}},
		{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}},
		{Border: border, NumFmt: 1},
		{Border: border, CustomNumFmt: &pct},
		{Border: border, Alignment: &excelize.Alignment{Horizontal: "right"}},
	}
	ids := make([]int, len(defs))
	for i, d := range defs {
		id, err := f.NewStyle(d)
		if err != nil {
			return styles{}, err
		}
		ids[i] = id
	}
	return styles{title: ids[0], head: ids[1], text: ids[2], num: ids[3], pct: ids[4], dash: ids[5]}, nil
}

// cell returns the value and style a cell of a sheet is written with.
func (st styles) cell(v any) (any, int) {
	switch v := v.(type) {
	case title:
		return string(v), st.title
	case head:
		return string(v), st.head
	case int:
		return v, st.num
	case Share:
		if !v.Valid() {
			return "—", st.dash
		}
		return v.Fraction(), st.pct
	case string:
		return v, st.text
	}
	return nil, 0
}

func writeSheet(f *excelize.File, st styles, s sheet) error {
	for i, w := range s.widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(s.name, col, col, w); err != nil {
			return err
		}
	}
	for r, row := range s.rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			name, _ := excelize.CoordinatesToCellName(c+1, r+1)
			val, style := st.cell(v)
			if err := f.SetCellValue(s.name, name, val); err != nil {
				return err
			}
			if err := f.SetCellStyle(s.name, name, name, style); err != nil {
				return err
			}
		}
	}
	return nil
}

func streamSheet(f *excelize.File, st styles, s sheet) error {
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	for i, w := range s.widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	for r, row := range s.rows {
		cells := make([]any, len(row))
		for c, v := range row {
			if v != nil {
				val, style := st.cell(v)
				cells[c] = excelize.Cell{StyleID: style, Value: val}
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(r+1), cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// heads returns header cells.
func heads(names ...string) []any {
	out := make([]any, len(names))
	for i, n := range names {
		out[i] = head(n)
	}
	return out
}

// totalShare is the share in a 合计 row: all of n.
func totalShare(n int) Share { return shares([]int{n})[0] }

func (r Report) summarySheet() sheet {
	s := sheet{name: SheetSummary, widths: []float64{34, 14, 12}}
	when := ""
	if !r.At.IsZero() {
		when = day(r.At)
	}
	h := r.Handling
	v := r.Review
	s.rows = [][]any{
		{title(r.Title)},
		{"统计时间", when},
		heads("项目", "数值", "比率"),
		{"收到提案（件）", r.Received},
		{"其中：大会提案（件）", r.Plenary},
		{"其中：平时提案（件）", r.Regular},
		{"提出或联名提出提案的委员（人）", r.Members},
		{"立案（件）/立案率", v.Accepted.Count, v.Accepted},
		{"并案（件）", v.Merged.Count, v.Merged},
	}
	for _, t := range v.Transfers {
		s.rows = append(s.rows, []any{t.Name + "（件）", t.Count, t.Share})
	}
	s.rows = append(s.rows,
		[]any{"不予立案（件）", v.Rejected.Count, v.Rejected},
		[]any{"待审查（件）", v.Pending.Count, v.Pending},
		[]any{"交办（件）", h.Assigned},
		[]any{"承办单位（个）", h.Units},
		[]any{"主办（件次）", h.Lead},
		[]any{"协办（件次）", h.Co},
		[]any{"分办（件次）", h.Split},
		[]any{"已办复（件）/办复率", h.Replied.Count, h.Replied},
		[]any{"审核通过的答复（件）", h.Replies},
	)
	for _, c := range h.Classes {
		s.rows = append(s.rows, []any{c.Name + "答复（件）", c.Count, c.Share})
	}
	s.rows = append(s.rows,
		[]any{"面谈或座谈会沟通（件）/面商率", h.FaceToFace.Count, h.FaceToFace},
		[]any{"评价（人次）", h.Evaluations})
	for _, l := range h.Levels {
		s.rows = append(s.rows, []any{l.Name + "（人次）", l.Count, l.Share})
	}
	s.rows = append(s.rows,
		[]any{"重新办理（件）", h.Rehandled},
		[]any{"超期未答复（件）", h.Overdue},
		[]any{"批准延期（次）", h.Extensions},
		[]any{"重点提案（件）", len(r.Key)},
		[]any{"优秀提案（件）", len(r.Excellent)},
	)
	return s
}

// groupRows returns the rows of a breakdown into groups and its 合计 row;
// the last column is each group's 立案率 (byRate) or its share of the
// accepted proposals.
func groupRows(gs []Group, byRate bool) [][]any {
	var rows [][]any
	recv, acc := 0, 0
	for _, g := range gs {
		last := g.Accepted
		if byRate {
			last = g.AcceptRate
		}
		rows = append(rows, []any{g.Name, g.Received.Count, g.Received, g.Accepted.Count, last})
		recv += g.Received.Count
		acc += g.Accepted.Count
	}
	last := totalShare(acc)
	if byRate {
		last = rate(acc, recv)
	}
	return append(rows, []any{"合计", recv, totalShare(recv), acc, last})
}

func (r Report) categorySheet() sheet {
	s := sheet{name: SheetCategories, widths: []float64{16, 12, 10, 12, 12}}
	s.rows = append([][]any{heads("类别", "收到件数", "占比", "立案件数", "占立案比")},
		groupRows(r.Categories, false)...)
	return s
}

func (r Report) kindSheet() sheet {
	s := sheet{name: SheetKinds, widths: []float64{28, 12, 10, 12, 10}}
	s.rows = append([][]any{heads("提案者类型", "收到件数", "占比", "立案件数", "立案率")},
		groupRows(r.Kinds, true)...)
	if len(r.Collective) > 0 {
		s.rows = append(s.rows, nil, heads("集体提案者", "收到件数", "占集体提案比", "立案件数", "立案率"))
		s.rows = append(s.rows, groupRows(r.Collective, true)...)
	}
	return s
}

func itemRows(what, unit string, items []Item) [][]any {
	rows := [][]any{heads(what, unit, "占比")}
	n := 0
	for _, x := range items {
		rows = append(rows, []any{x.Name, x.Count, x.Share})
		n += x.Count
	}
	return append(rows, []any{"合计", n, totalShare(n)})
}

func (r Report) reviewSheet() sheet {
	v := r.Review
	items := []Item{{Key: "accepted", Name: "立案", Share: v.Accepted}, {Key: "merged", Name: "并案", Share: v.Merged}}
	items = append(items, v.Transfers...)
	items = append(items, Item{Key: "rejected", Name: "不予立案", Share: v.Rejected}, Item{Key: "pending", Name: "待审查", Share: v.Pending})
	rows := itemRows("审查结果", "件数", items)
	rows = append(rows, nil)
	rows = append(rows, itemRows("不予立案理由", "件数", v.Grounds)...)
	return sheet{name: SheetReview, widths: []float64{40, 10, 10}, rows: rows}
}

func (r Report) classSheet() sheet {
	h := r.Handling
	items := make([]Item, len(h.Classes))
	for i, c := range h.Classes {
		items[i] = c
		items[i].Name = proposal.Class(c.Key).Name()
	}
	rows := itemRows("答复类别", "件数", items)
	rows = append(rows, nil)
	rows = append(rows, itemRows("沟通方式", "件数", h.Contacts)...)
	rows = append(rows, []any{"面商率（面谈、座谈会）", h.FaceToFace.Count, h.FaceToFace})
	return sheet{name: SheetClasses, widths: []float64{44, 10, 10}, rows: rows}
}

func (r Report) levelSheet() sheet {
	return sheet{name: SheetLevels, widths: []float64{16, 10, 10}, rows: itemRows("评价", "人次", r.Handling.Levels)}
}

func (r Report) unitSheet() sheet {
	h := r.Handling
	hs := []string{"承办单位", "主办", "协办", "分办", "应答复", "已办复", "办复率"}
	widths := []float64{30, 8, 8, 8, 8, 8, 10}
	for _, c := range h.Classes {
		hs, widths = append(hs, c.Name), append(widths, 7)
	}
	for _, l := range h.Levels {
		hs, widths = append(hs, l.Name), append(widths, 10)
	}
	hs, widths = append(hs, "超期未答复"), append(widths, 11)
	rows := [][]any{heads(hs...)}
	for _, u := range r.Units {
		row := []any{u.Name, u.Lead, u.Co, u.Split, u.Lead + u.Split, u.Replied.Count, u.Replied}
		for _, c := range h.Classes {
			row = append(row, u.Classes[proposal.Class(c.Key)])
		}
		for _, l := range h.Levels {
			row = append(row, u.Levels[proposal.Level(l.Key)])
		}
		rows = append(rows, append(row, u.Overdue))
	}
	return sheet{name: SheetUnits, widths: widths, rows: rows}
}

func (r Report) keySheet() sheet {
	rows := [][]any{heads("序号", "提案编号", "案由", "提案者", "承办单位", "领衔督办领导", "政协督办领导", "确定依据", "办理状态", "是否办复")}
	for i, k := range r.Key {
		done := "否"
		if k.Replied {
			done = "是"
		}
		rows = append(rows, []any{i + 1, k.Code, k.Title, k.Proposer, k.Units, k.LeadLeader, k.Supervisor, k.Decision, k.State, done})
	}
	return sheet{name: SheetKey, widths: []float64{6, 28, 40, 14, 28, 14, 14, 20, 12, 10}, rows: rows}
}

func (r Report) excellentSheet() sheet {
	rows := [][]any{heads("序号", "提案编号", "案由", "提案者", "类别")}
	for i, e := range r.Excellent {
		rows = append(rows, []any{i + 1, e.Code, e.Title, e.Proposer, e.Category})
	}
	return sheet{name: SheetExcellent, widths: []float64{6, 28, 40, 14, 10}, rows: rows}
}
