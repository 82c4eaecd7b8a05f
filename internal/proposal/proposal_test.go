package proposal

import (
	"strings"
	"testing"
	"time"

	"xieshang/internal/errs"
	"xieshang/internal/org"
)

func TestNumeral(t *testing.T) {
	for n, want := range map[int]string{0: "零", 1: "一", 3: "三", 10: "十", 11: "十一", 19: "十九", 20: "二十", 23: "二十三",
		99: "九十九", 100: "一百", 101: "一百零一", 110: "一百一十", 111: "一百一十一", 1001: "一千零一", 1010: "一千零一十",
		2026: "二千零二十六", 10000: "一万", 10203: "一万零二百零三", -1: "-1", 100000: "100000"} {
		if got := Numeral(n); got != want {
			t.Errorf("Numeral(%d) = %q, want %q", n, got, want)
		}
	}
	for n := 1; n < 100; n++ {
		if Numeral(n) != org.Numeral(n) {
			t.Errorf("Numeral(%d) = %q, org says %q", n, Numeral(n), org.Numeral(n))
		}
	}
}

func TestNumberText(t *testing.T) {
	if got := NumberText("第十一届", 3, 123); got != "第十一届第三次会议第0123号" {
		t.Errorf("plenary: %q", got)
	}
	if got := NumberText("第十一届", 0, 12); got != "平时提案第0012号" {
		t.Errorf("regular: %q", got)
	}
	p := Proposal{Timing: Plenary, TermName: "第十一届", SessionNumber: 3}
	if p.Code() != "" {
		t.Errorf("code before acceptance: %q", p.Code())
	}
	p.Number = 123
	if p.Code() != "第十一届第三次会议第0123号" || p.ReplyTitle("市政协") != "关于市政协十一届三次会议第0123号提案的答复" {
		t.Errorf("%q %q", p.Code(), p.ReplyTitle("市政协"))
	}
	p.Timing, p.SessionID, p.Number = Regular, 0, 12
	if p.Code() != "平时提案第0012号" || p.ReplyTitle("市政协") != "关于市政协平时提案第0012号的答复" {
		t.Errorf("%q %q", p.Code(), p.ReplyTitle("市政协"))
	}
	if term, session := (Proposal{Timing: Regular, TermID: 4, SessionID: 9}).Series(); term != 4 || session != 0 {
		t.Errorf("regular series %d/%d", term, session)
	}
}

func fields(err error) string {
	var out []string
	for _, f := range errs.FieldsOf(err) {
		out = append(out, f.Field)
	}
	return strings.Join(out, ",")
}

func TestValidate(t *testing.T) {
	cfg := DefaultConfig()
	tests := []struct {
		name   string
		edit   func(p *Proposal)
		draft  string // fields ValidateDraft names
		submit string // fields ValidateSubmission names
		msg    string // part of the submission message
	}{
		{"complete", func(p *Proposal) {}, "", "", ""},
		{"empty draft", func(p *Proposal) { p.Content = Content{} }, "", "title,category,situation,suggestion", "请填写案由"},
		{"spaces only", func(p *Proposal) { p.Title = "   " }, "", "title", "请填写案由"},
		{"title too long", func(p *Proposal) { p.Title = strings.Repeat("长", 51) }, "title", "title", "案由不能超过 50 个字"},
		{"title at the limit", func(p *Proposal) { p.Title = strings.Repeat("长", 50) }, "", "", ""},
		{"unknown category", func(p *Proposal) { p.Category = "体育" }, "category", "category", "提案类别应为:经济、政治、文化、社会、生态文明、其他"},
		{"no suggestion", func(p *Proposal) { p.Suggestion = "" }, "", "suggestion", "请填写建议/办法"},
		{"text too long", func(p *Proposal) { p.Analysis = strings.Repeat("析", 10001) }, "analysis", "analysis", "分析不能超过"},
		{"plenary without session", func(p *Proposal) { p.SessionID = 0 }, "session_id", "session_id", "请选择会议"},
		{"regular with session", func(p *Proposal) { p.Timing = Regular }, "session_id", "session_id", "平时提案不属于"},
		{"no timing", func(p *Proposal) { p.Timing = "" }, "timing", "timing", "大会提案或平时提案"},
		{"joint without co-signers", func(p *Proposal) { p.Kind = Joint }, "", "cosigners", "至少邀请一位联名人"},
		{"co-signers on an individual one", func(p *Proposal) { p.CoSigners = []CoSigner{{UserID: 2, Name: "李四"}} },
			"cosigners", "cosigners", "只有联名提案"},
		{"proposer as co-signer", func(p *Proposal) { p.Kind, p.CoSigners = Joint, []CoSigner{{UserID: proposerID, Name: "张三"}} },
			"cosigners", "cosigners", "不能是第一提案人"},
		{"co-signer twice", func(p *Proposal) {
			p.Kind, p.CoSigners = Joint, []CoSigner{{UserID: 2, Name: "李四"}, {UserID: 2, Name: "李四"}}
		}, "cosigners", "cosigners", "重复"},
	}
	for _, tt := range tests {
		p := individualDraft()
		tt.edit(&p)
		d := p
		if got := fields(ValidateDraft(&d, cfg)); got != tt.draft {
			t.Errorf("%s: draft fields %q, want %q", tt.name, got, tt.draft)
		}
		err := ValidateSubmission(&p, cfg)
		if got := fields(err); got != tt.submit {
			t.Errorf("%s: submission fields %q, want %q", tt.name, got, tt.submit)
		}
		if err != nil && (!errs.Is(err, errs.Invalid) || !strings.Contains(errs.Message(err), tt.msg)) {
			t.Errorf("%s: %v, want message with %q", tt.name, err, tt.msg)
		}
	}
	p := individualDraft()
	p.Title = "  关于停车难的建议 "
	if ValidateSubmission(&p, cfg) != nil || p.Title != "关于停车难的建议" {
		t.Errorf("not trimmed: %q", p.Title)
	}
	cfg.TitleMax = 20
	p.Title = strings.Repeat("长", 21)
	if !strings.Contains(errs.Message(ValidateDraft(&p, cfg)), "20") {
		t.Error("the configured title limit is not used")
	}
}

func TestConfig(t *testing.T) {
	cfg := DefaultConfig()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := cfg
	bad.Categories, bad.MaxMonths = []string{"经济", "经济"}, 2
	if got := fields(bad.Validate()); got != "categories,max_months" {
		t.Errorf("fields %q", got)
	}
	for name, want := range map[string]string{"建议.PDF": "", "照片.png": "", "a.exe": "附件只能是", "noext": "附件只能是"} {
		err := cfg.CheckAttachment(name, 1024)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(errs.Message(err), want)) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := cfg.CheckAttachment("大.pdf", 21<<20); !strings.Contains(errs.Message(err), "20MB") {
		t.Errorf("size: %v", err)
	}
	if err := cfg.CheckAttachment("空.pdf", 0); err == nil {
		t.Error("empty file accepted")
	}
}

func TestSchedule(t *testing.T) {
	cfg := DefaultConfig()
	// Assigned Friday 27 November 2026: 5 working days end Friday 4
	// December; views 30 days later fall on Sunday 27 December and move to
	// Monday 28; 3 months later is Saturday 27 February 2027, moved to
	// Monday 1 March; 6 months is 27 May 2027.
	d := Schedule(time.Date(2026, 11, 27, 15, 0, 0, 0, China), cfg, Weekdays{})
	for name, got := range map[string]time.Time{"2026-12-04": d.Return, "2026-12-28": d.Views, "2027-03-01": d.Due, "2027-05-27": d.Max} {
		if got.Format(time.DateTime) != name+" 23:59:59" || got.Location() != China {
			t.Errorf("%s: got %v", name, got)
		}
	}
	// A month-end assignment: 31 August + 6 months is the end of February.
	d = Schedule(time.Date(2026, 8, 31, 10, 0, 0, 0, China), cfg, Weekdays{})
	if d.Max.Format(time.DateOnly) != "2027-02-28" || d.Due.Format(time.DateOnly) != "2026-11-30" {
		t.Errorf("month end: due %v max %v", d.Due, d.Max)
	}
	// UTC input counts the China date: 20:00 UTC on the 1st is the 2nd.
	d = Schedule(time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC), cfg, Weekdays{})
	if d.Return.Format(time.DateOnly) != "2026-03-09" {
		t.Errorf("utc: return %v", d.Return)
	}
}
