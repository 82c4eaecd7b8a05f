package docx_test

import (
	"bytes"
	"fmt"
	"time"

	"xieshang/internal/docx"
)

// The reply of a handling unit to a proposal.
func Example_reply() {
	d := docx.New(docx.A4)
	d.SetProperties(docx.Properties{
		Creator: "示范市住房和城乡建设局",
		Created: time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC),
	})
	d.Title("关于市政协十一届三次会议第0123号提案的答复")
	d.Paragraph("张宏伟委员：", docx.NoIndent())
	d.Paragraph("您提出的《关于加快老旧小区加装电梯的建议》收悉。现答复如下：\n" +
		"一是加强统筹。……\n" +
		"二是简化审批。……") // three paragraphs
	d.Paragraph("感谢您对住房和城乡建设工作的关心和支持。")
	d.Paragraph("")
	d.Paragraph("示范市住房和城乡建设局", docx.Align(docx.Right), docx.RightIndent(4), docx.KeepWithNext())
	d.Paragraph("2025年3月14日", docx.Align(docx.Right), docx.RightIndent(4))
	d.Paragraph("")
	d.Paragraph("联系人：李明　　联系电话：0571-12345678")

	var buf bytes.Buffer
	if _, err := d.WriteTo(&buf); err != nil {
		fmt.Println(err)
	}
}

// A section of the yearly statistics report.
func Example_report() {
	d := docx.New(docx.A4)
	d.Title("示范市政协2024年度\n提案工作统计报告") // one title on two lines
	d.Heading(1, "一、总体情况")
	d.Paragraph("本年度共收到提案612件，经审查立案548件。")
	d.Heading(2, "（一）按类别统计")
	d.Table([]string{"类别", "件数", "占比"},
		[][]string{{"经济建设", "120", "21.9%"}, {"社会事业", "98", "17.9%"}},
		[]int{2, 1, 1}, // half the width for the category
		docx.ColumnAlign(docx.Left, docx.Right, docx.Right))
	d.PageBreak()
	d.Heading(1, "二、办理情况")

	var buf bytes.Buffer
	if _, err := d.WriteTo(&buf); err != nil {
		fmt.Println(err)
	}
}
