package proposal

import (
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"xieshang/internal/errs"
)

// Config holds the rules that differ between committees. The storage layer
// keeps one per committee; a committee that never changed it uses
// DefaultConfig.
type Config struct {
	TitleMax   int      // 案由 length limit in characters
	TextMax    int      // limit of each of 情况、分析、建议 in characters
	Categories []string // the category list, in display order
	// TwoStepReview makes review two steps: 初审 by the proposal office,
	// then 审定 (accept, reject, merge, transfer) by the office or a leader.
	TwoStepReview bool
	ClassD        bool // replies may be marked D
	// PlenaryOpenMonths is how long before a plenary session's first day
	// the 大会提案 window opens; it closes at the end of the session's
	// last day plus PlenaryCloseDays (calendar days, may be negative).
	PlenaryOpenMonths int
	PlenaryCloseDays  int
	// ReturnWorkdays is the window, in working days after the assignment
	// day, in which a unit may ask to return the proposal.
	ReturnWorkdays int
	// ViewsDays is the time, in calendar days after assignment, in which
	// co-units send their views to the lead unit ("within 1 month"); a
	// deadline on a rest day moves to the next working day.
	ViewsDays int
	// ReplyMonths is the time to reply from assignment (and from an order
	// to handle again); MaxMonths caps it with every extension.
	ReplyMonths int
	MaxMonths   int
	// AutoCloseDays is how long after the replies are approved a proposal
	// may be closed although not every proposer has evaluated.
	AutoCloseDays      int
	AttachmentMaxBytes int64
	AttachmentTypes    []string // allowed extensions, lower case, without the dot
}

// Clone returns a copy of c that shares no slice with it.
func (c Config) Clone() Config {
	c.Categories = slices.Clone(c.Categories)
	c.AttachmentTypes = slices.Clone(c.AttachmentTypes)
	return c
}

// DefaultCategories is the usual category list.
var DefaultCategories = []string{"经济", "政治", "文化", "社会", "生态文明", "其他"}

// DefaultConfig returns the rules most committees follow.
func DefaultConfig() Config {
	return Config{
		TitleMax:           50,
		TextMax:            10000,
		Categories:         slices.Clone(DefaultCategories),
		PlenaryOpenMonths:  3,
		ReturnWorkdays:     5,
		ViewsDays:          30,
		ReplyMonths:        3,
		MaxMonths:          6,
		AutoCloseDays:      30,
		AttachmentMaxBytes: 20 << 20,
		AttachmentTypes:    []string{"pdf", "doc", "docx", "xls", "xlsx", "jpg", "png"},
	}
}

// Validate checks a configuration that office staff edited.
func (c Config) Validate() error {
	var ck errs.Check
	ck.If(c.TitleMax < 10 || c.TitleMax > 200, "title_max", "案由字数上限应为 10 至 200")
	ck.If(c.TextMax < 500 || c.TextMax > 100000, "text_max", "正文字数上限应为 500 至 100000")
	ck.If(len(c.Categories) == 0, "categories", "请至少设置一个提案类别")
	seen := map[string]bool{}
	for _, cat := range c.Categories {
		ck.If(strings.TrimSpace(cat) == "" || utf8.RuneCountInString(cat) > 20, "categories", "提案类别名称应为 1 至 20 个字")
		ck.If(seen[cat], "categories", "提案类别“"+cat+"”重复")
		seen[cat] = true
	}
	ck.If(c.PlenaryOpenMonths < 0 || c.PlenaryOpenMonths > 12, "plenary_open_months", "大会提案征集提前月数应为 0 至 12")
	ck.If(c.PlenaryCloseDays < -30 || c.PlenaryCloseDays > 30, "plenary_close_days", "大会提案截止日偏移应为 -30 至 30 天")
	ck.If(c.ReturnWorkdays < 1 || c.ReturnWorkdays > 30, "return_workdays", "申请退回期限应为 1 至 30 个工作日")
	ck.If(c.ViewsDays < 1 || c.ViewsDays > 90, "views_days", "协办意见期限应为 1 至 90 天")
	ck.If(c.ReplyMonths < 1 || c.ReplyMonths > 12, "reply_months", "答复期限应为 1 至 12 个月")
	ck.If(c.MaxMonths < c.ReplyMonths || c.MaxMonths > 12, "max_months", "含延期的最长办理期限应不少于答复期限且不超过 12 个月")
	ck.If(c.AutoCloseDays < 1 || c.AutoCloseDays > 365, "auto_close_days", "未评价自动办结天数应为 1 至 365")
	ck.If(c.AttachmentMaxBytes < 1<<20 || c.AttachmentMaxBytes > 200<<20, "attachment_max_bytes", "附件大小上限应为 1MB 至 200MB")
	ck.If(len(c.AttachmentTypes) == 0, "attachment_types", "请至少允许一种附件类型")
	return ck.Err()
}

// trim normalises the spacing of what the proposer typed.
func (c *Content) trim() {
	c.Title = strings.TrimSpace(c.Title)
	c.Category = strings.TrimSpace(c.Category)
	c.Situation = strings.TrimSpace(c.Situation)
	c.Analysis = strings.TrimSpace(c.Analysis)
	c.Suggestion = strings.TrimSpace(c.Suggestion)
	c.SuggestedUnit = strings.TrimSpace(c.SuggestedUnit)
}

// ValidateDraft checks what a draft may hold at all: a draft is saved as
// the member types, so empty fields are fine, but nothing is over its
// limit and a category, if chosen, is one of the committee's. It trims
// spacing in p.
func ValidateDraft(p *Proposal, cfg Config) error {
	p.Content.trim()
	var c errs.Check
	draftChecks(&c, p, cfg)
	return c.Err()
}

func draftChecks(c *errs.Check, p *Proposal, cfg Config) {
	c.If(utf8.RuneCountInString(p.Title) > cfg.TitleMax, "title", "案由不能超过 "+strconv.Itoa(cfg.TitleMax)+" 个字")
	c.If(p.Category != "" && !slices.Contains(cfg.Categories, p.Category), "category",
		"提案类别应为:"+strings.Join(cfg.Categories, "、"))
	for _, f := range []struct{ field, name, text string }{{"situation", "情况/案据", p.Situation},
		{"analysis", "分析", p.Analysis}, {"suggestion", "建议/办法", p.Suggestion}} {
		c.If(utf8.RuneCountInString(f.text) > cfg.TextMax, f.field, f.name+"不能超过 "+strconv.Itoa(cfg.TextMax)+" 个字")
	}
	c.If(utf8.RuneCountInString(p.SuggestedUnit) > 60, "suggested_unit", "建议承办单位不能超过 60 个字")
	c.If(!slices.Contains(Kinds, p.Kind), "kind", "提案类型应为个人提案、联名提案或集体提案")
	switch p.Timing {
	case Plenary:
		c.If(p.SessionID == 0, "session_id", "大会提案请选择会议")
	case Regular:
		c.If(p.SessionID != 0, "session_id", "平时提案不属于某次会议")
	default:
		c.Add("timing", "请选择大会提案或平时提案")
	}
	c.If(p.TermID == 0, "term_id", "请选择届次")
	seen := map[int64]bool{p.ProposerUserID: true}
	for _, s := range p.CoSigners {
		c.If(s.UserID == p.ProposerUserID, "cosigners", "联名人不能是第一提案人本人")
		c.If(s.UserID != p.ProposerUserID && seen[s.UserID], "cosigners", "联名人“"+s.Name+"”重复")
		seen[s.UserID] = true
	}
	c.If(p.Kind != Joint && len(p.CoSigners) > 0, "cosigners", "只有联名提案可以邀请联名人")
}

// ValidateSubmission checks that p is complete enough to submit: every
// draft rule, plus a title, a category, the situation and the
// suggestion, and at least one co-signer for a joint proposal. It trims
// spacing in p.
func ValidateSubmission(p *Proposal, cfg Config) error {
	p.Content.trim()
	var c errs.Check
	c.If(p.Title == "", "title", "请填写案由")
	c.If(p.Category == "", "category", "请选择提案类别")
	c.If(p.Situation == "", "situation", "请填写情况/案据")
	c.If(p.Suggestion == "", "suggestion", "请填写建议/办法")
	c.If(p.Kind == Joint && len(p.CoSigners) == 0, "cosigners", "联名提案请至少邀请一位联名人")
	draftChecks(&c, p, cfg)
	return c.Err()
}

// CheckAttachment checks an attachment's file name and size against the
// committee's limits; the error is about field "attachment".
func (c Config) CheckAttachment(name string, size int64) error {
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))
	if !slices.Contains(c.AttachmentTypes, ext) {
		return errs.Field("attachment", "附件只能是以下类型:"+strings.Join(c.AttachmentTypes, "、"))
	}
	if size <= 0 {
		return errs.Field("attachment", "附件是空文件")
	}
	if size > c.AttachmentMaxBytes {
		return errs.Field("attachment", "附件不能超过 "+strconv.FormatInt(c.AttachmentMaxBytes>>20, 10)+"MB")
	}
	return nil
}

// China is China Standard Time, in which every deadline's day is counted.
var China = time.FixedZone("CST", 8*3600)

// Calendar is the working-day calendar deadlines are counted on, with
// Chinese public holidays and make-up workdays (调休). *workday.Calendar
// satisfies it.
type Calendar interface {
	// AddWorkdays returns the n-th working day after t's date (the day of
	// t itself not counted), at 00:00 China time.
	AddWorkdays(t time.Time, n int) time.Time
	// NextWorkday returns t's date if it is a working day, otherwise the
	// first working day after it, at 00:00 China time.
	NextWorkday(t time.Time) time.Time
}

// Deadlines are the instants set on a unit's assignment: each is 23:59:59
// China time of its last day.
type Deadlines struct {
	Return time.Time // a return may be requested up to here
	Views  time.Time // co-units' views due to the lead unit
	Due    time.Time // the reply is due
	Max    time.Time // no extension goes beyond this
}

// Schedule returns the deadlines of an assignment made at `at` (or of an
// order to handle again): the return window of cfg.ReturnWorkdays working
// days; views cfg.ViewsDays calendar days later, moved to the next working
// day; the reply cfg.ReplyMonths later, moved to the next working day;
// and the cap cfg.MaxMonths later, which no deadline passes.
func Schedule(at time.Time, cfg Config, cal Calendar) Deadlines {
	limit := endOfDay(addMonths(at, cfg.MaxMonths))
	due := minTime(endOfDay(cal.NextWorkday(addMonths(at, cfg.ReplyMonths))), limit)
	views := minTime(endOfDay(cal.NextWorkday(at.In(China).AddDate(0, 0, cfg.ViewsDays))), due)
	return Deadlines{
		Return: endOfDay(cal.AddWorkdays(at, cfg.ReturnWorkdays)),
		Views:  views,
		Due:    due,
		Max:    limit,
	}
}

// PlenaryWindow returns when 大会提案 for a session held from startsOn to
// endsOn may be submitted: from cfg.PlenaryOpenMonths before its first day
// to the end of its last day plus cfg.PlenaryCloseDays.
func PlenaryWindow(startsOn, endsOn time.Time, cfg Config) (opens, closes time.Time) {
	y, m, d := addMonths(startsOn, -cfg.PlenaryOpenMonths).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, China), endOfDay(endsOn.In(China).AddDate(0, 0, cfg.PlenaryCloseDays))
}

// endOfDay returns 23:59:59 China time of t's date in China: the last
// instant a deadline on that date is met.
func endOfDay(t time.Time) time.Time {
	y, m, d := t.In(China).Date()
	return time.Date(y, m, d, 23, 59, 59, 0, China)
}

// addMonths returns the same day months later in China time, or the last
// day of that month when it is shorter (11-30 + 3 months = 02-28).
func addMonths(t time.Time, months int) time.Time {
	y, m, d := t.In(China).Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, China)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, China)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// Weekdays is a Calendar with weekends as the only rest days, for tests and
// for years the holiday calendar does not cover.
type Weekdays struct{}

func (Weekdays) rest(t time.Time) bool {
	w := t.In(China).Weekday()
	return w == time.Saturday || w == time.Sunday
}

func day(t time.Time) time.Time {
	y, m, d := t.In(China).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, China)
}

// AddWorkdays implements Calendar.
func (w Weekdays) AddWorkdays(t time.Time, n int) time.Time {
	d := day(t)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if !w.rest(d) {
			n--
		}
	}
	return d
}

// NextWorkday implements Calendar.
func (w Weekdays) NextWorkday(t time.Time) time.Time {
	d := day(t)
	for w.rest(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}
