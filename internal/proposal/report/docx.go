package report

import (
	"io"

	"xieshang/internal/docx"
)

// WriteDOCX writes r as a report document (.docx) in the layout of official
// documents: the title, the sections of Sections with their numbered
// headings and sentences, each followed by its tables under a caption. The
// document carries r.At as its creation time, so the same report gives the
// same bytes.
func WriteDOCX(w io.Writer, r Report) error {
	d := docx.New(docx.A4)
	d.SetProperties(docx.Properties{Title: r.Title, Subject: "提案工作情况报告", Creator: r.Committee, Created: r.At})
	d.Title(r.Title)
	for _, s := range r.Sections() {
		if s.Heading != "" {
			d.Heading(1, s.Heading)
		}
		for _, p := range s.Paragraphs {
			d.Paragraph(p)
		}
		for _, t := range s.Tables {
			d.Paragraph(t.Caption, docx.Align(docx.Center), docx.Font(docx.FontHeading1), docx.Size(14), docx.KeepWithNext())
			align := make([]docx.Alignment, len(t.Header))
			for i, h := range t.Header {
				if h == "案由" || i == 0 && h != "序号" {
					align[i] = docx.Left
				} else {
					align[i] = docx.Center
				}
			}
			d.Table(t.Header, t.Rows, t.Widths, docx.ColumnAlign(align...))
		}
	}
	_, err := d.WriteTo(w)
	return err
}
