package report

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"xieshang/internal/proposal"
)

func TestShares(t *testing.T) {
	tests := []struct {
		counts []int
		want   []int // tenths
	}{
		{[]int{219, 2, 3}, []int{978, 9, 13}},
		{[]int{64, 16, 21, 17}, []int{542, 136, 178, 144}},
		{[]int{214, 10, 0}, []int{955, 45, 0}},
		{[]int{1, 1, 1}, []int{334, 333, 333}}, // a tie goes to the earlier line
		{[]int{1, 1, 1, 1, 1, 1, 1}, []int{143, 143, 143, 143, 143, 143, 142}},
		{[]int{1, 0}, []int{1000, 0}},
		{[]int{5}, []int{1000}},
		{[]int{1, 2, 0, 5}, []int{125, 250, 0, 625}},
	}
	for _, tt := range tests {
		got := shares(tt.counts)
		var tenths []int
		for _, s := range got {
			tenths = append(tenths, s.Tenths)
		}
		if !slices.Equal(tenths, tt.want) {
			t.Errorf("shares(%v) = %v, want %v", tt.counts, tenths, tt.want)
		}
	}
}

// TestSharesSumTo100 checks on random counts that the shares add up to
// 100.0% and that each is its exact value rounded down or up.
func TestSharesSumTo100(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		counts := make([]int, 1+rng.IntN(12))
		total := 0
		for i := range counts {
			if rng.IntN(4) > 0 {
				counts[i] = rng.IntN([]int{3, 50, 10000}[rng.IntN(3)])
			}
			total += counts[i]
		}
		got := shares(counts)
		sum := 0
		for i, s := range got {
			sum += s.Tenths
			if total == 0 {
				if s.Valid() || s.Tenths != 0 || s.String() != "—" {
					t.Fatalf("shares(%v)[%d] = %+v, want undefined", counts, i, s)
				}
				continue
			}
			floor := counts[i] * 1000 / total
			if s.Tenths != floor && s.Tenths != floor+1 || counts[i] == 0 && s.Tenths != 0 || s.Count != counts[i] || s.Total != total {
				t.Fatalf("shares(%v)[%d] = %+v, exact %.3f tenths", counts, i, s, float64(counts[i])*1000/float64(total))
			}
		}
		if total > 0 && sum != 1000 {
			t.Fatalf("shares(%v) add up to %d tenths", counts, sum)
		}
	}
}

func TestRate(t *testing.T) {
	tests := []struct {
		count, total int
		want         string
	}{
		{64, 118, "54.2%"},
		{1, 3, "33.3%"},
		{2, 3, "66.7%"},
		{1, 16, "6.3%"}, // 6.25 rounds half up
		{1, 8, "12.5%"},
		{0, 7, "0.0%"},
		{7, 7, "100.0%"},
		{0, 0, "—"},
	}
	for _, tt := range tests {
		if got := rate(tt.count, tt.total).String(); got != tt.want {
			t.Errorf("rate(%d, %d) = %s, want %s", tt.count, tt.total, got, tt.want)
		}
	}
	if s := rate(0, 0); s.Valid() || s.Percent() != 0 || s.Fraction() != 0 {
		t.Errorf("rate(0, 0) = %+v", s)
	}
	if f := rate(64, 118).Fraction(); f != 0.542 {
		t.Errorf("Fraction = %v", f)
	}
}

// TestCompute checks every figure of a report over proposals in every
// state (helpers_test.go explains each proposal).
func TestCompute(t *testing.T) {
	r := Compute(everyState(), testOptions())
	h, v := r.Handling, r.Review
	u := func(id int64) UnitRow {
		i := slices.IndexFunc(r.Units, func(u UnitRow) bool { return u.UnitID == id })
		if i < 0 {
			t.Fatalf("no unit %d", id)
		}
		return r.Units[i]
	}
	group := func(gs []Group, key string) Group {
		i := slices.IndexFunc(gs, func(g Group) bool { return g.Key == key })
		if i < 0 {
			t.Fatalf("no group %q in %+v", key, gs)
		}
		return gs[i]
	}
	item := func(is []Item, key string) Item {
		i := slices.IndexFunc(is, func(x Item) bool { return x.Key == key })
		if i < 0 {
			t.Fatalf("no item %q in %+v", key, is)
		}
		return is[i]
	}
	var unitIDs []int64
	for _, x := range r.Units {
		unitIDs = append(unitIDs, x.UnitID)
	}
	var keyTitles []string
	for _, k := range r.Key {
		keyTitles = append(keyTitles, k.Title+"/"+k.LeadLeader+"/"+k.Units)
	}

	tests := []struct {
		name      string
		got, want any
	}{
		{"title", r.Title, "关于市政协第十一届第三次会议以来提案工作情况的报告"},
		{"received", r.Received, 15},
		{"plenary", r.Plenary, 15},
		{"members", r.Members, 13},
		{"立案", v.Accepted.Count, 10},
		{"立案率", v.Accepted.String(), "66.7%"},
		{"并案", v.Merged.Count, 1},
		{"转", v.Transferred.Count, 1},
		{"转作社情民意信息", item(v.Transfers, string(proposal.ToSocialInfo)).Count, 1},
		{"转作意见建议", item(v.Transfers, string(proposal.ToOpinion)).Count, 0},
		{"不予立案", v.Rejected.Count, 1},
		{"grounds", len(v.Grounds), 1},
		{"ground", v.Grounds[0].Name + "/" + v.Grounds[0].String(), "没有具体建议/100.0%"},
		{"待审查", v.Pending.Count, 2},
		{"review adds up", v.Accepted.Tenths + v.Merged.Tenths + v.Transferred.Tenths + v.Rejected.Tenths + v.Pending.Tenths, 1000},
		{"individual", group(r.Kinds, "individual").Received.Count, 12},
		{"individual 立案", group(r.Kinds, "individual").Accepted.Count, 8},
		{"joint", group(r.Kinds, "joint").Received.Count, 1},
		{"collective", group(r.Kinds, "collective").Received.Count, 2},
		{"collective 立案率", group(r.Kinds, "collective").AcceptRate.String(), "50.0%"},
		{"kinds share", group(r.Kinds, "individual").Received.String(), "80.0%"},
		{"collective names", len(r.Collective), 2},
		{"民革", group(r.Collective, "民革示范市委会").Received.String(), "50.0%"},
		{"经济", group(r.Categories, "经济").Received.Count, 13},
		{"社会", group(r.Categories, "社会").Accepted.Count, 1},
		{"社会 share of 立案", group(r.Categories, "社会").Accepted.String(), "10.0%"},
		{"未分类", group(r.Categories, "未分类").Received.Count, 1},
		{"categories order", r.Categories[0].Name + r.Categories[len(r.Categories)-1].Name, "经济未分类"},
		{"交办", h.Assigned, 8},
		{"单办", item(h.Modes, "single").Count, 6},
		{"会办", item(h.Modes, "joint").Count, 1},
		{"分办 mode", item(h.Modes, "split").Count, 1},
		{"units", h.Units, 4},
		{"主办", h.Lead, 7},
		{"协办", h.Co, 1},
		{"分办", h.Split, 2},
		{"办复", h.Replied.Count, 4},
		{"办复率", h.Replied.String(), "50.0%"},
		{"replies", h.Replies, 5},
		{"A", item(h.Classes, "A").Count, 3},
		{"B", item(h.Classes, "B").Count, 1},
		{"C", item(h.Classes, "C").String(), "20.0%"},
		{"no D", len(h.Classes), 3},
		{"面商", h.FaceToFace.Count, 2},
		{"面商率", h.FaceToFace.String(), "40.0%"},
		{"evaluations", h.Evaluations, 4},
		{"满意", item(h.Levels, string(proposal.Satisfied)).String(), "50.0%"},
		{"基本满意", item(h.Levels, string(proposal.BasicallySatisfied)).Count, 1},
		{"不满意", item(h.Levels, string(proposal.Dissatisfied)).Count, 1},
		{"重新办理", h.Rehandled, 2},
		{"超期", h.Overdue, 1},
		{"延期", h.Extensions, 1},
		{"key", keyTitles, []string{"关于第10项工作的建议/王副市长/示范市住房和城乡建设局", "关于第16项工作的建议/李副市长/示范市住房和城乡建设局"}},
		{"key replied", []bool{r.Key[0].Replied, r.Key[1].Replied}, []bool{false, true}},
		{"key code", r.Key[0].Code, "第十一届第三次会议第0010号"},
		{"excellent", len(r.Excellent), 1},
		{"excellent proposer", r.Excellent[0].Proposer, "民革示范市委会等"},
		{"unit order", unitIDs, []int64{1, 2, 3, 5}},
		{"unit 1 name", u(1).Name, "示范市住房和城乡建设局"},
		{"unit 5 name", u(5).Name, "示范市交通运输局"},
		{"unit 1 lead", u(1).Lead, 4},
		{"unit 1 replied", u(1).Replied.String(), "50.0%"},
		{"unit 1 classes", u(1).Classes, map[proposal.Class]int{proposal.ClassA: 1, proposal.ClassC: 1}},
		{"unit 1 levels", u(1).Levels, map[proposal.Level]int{proposal.Satisfied: 1, proposal.Dissatisfied: 1}},
		{"unit 1 overdue", u(1).Overdue, 1},
		{"unit 2 roles", [3]int{u(2).Lead, u(2).Co, u(2).Split}, [3]int{1, 1, 1}},
		{"unit 2 replied", u(2).Replied.String(), "100.0%"},
		{"unit 2 levels", u(2).Levels, map[proposal.Level]int{proposal.Satisfied: 1, proposal.BasicallySatisfied: 1}},
		{"unit 3 replied", u(3).Replied.Count, 1},
		{"unit 5 replied", u(5).Replied.String(), "0.0%"},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

// TestDomainExample checks the figures DOMAIN.md quotes.
func TestDomainExample(t *testing.T) {
	r := Compute(domainExample(), testOptions())
	v, h := r.Review, r.Handling
	if r.Received != 118 || v.Accepted.Count != 64 || v.Merged.Count != 16 || v.Transferred.Count != 21 || v.Rejected.Count != 17 {
		t.Errorf("received %d, 立案 %d, 并案 %d, 转 %d, 不予立案 %d", r.Received, v.Accepted.Count, v.Merged.Count,
			v.Transferred.Count, v.Rejected.Count)
	}
	if got := v.Accepted.String(); got != "54.2%" {
		t.Errorf("立案率 %s, want 54.2%%", got)
	}
	want := "共收到提案118件，经审查立案64件，立案率54.2%；并案16件，转作意见建议21件，不予立案17件。"
	if got := r.ReviewSentence(); got != want {
		t.Errorf("sentence\n got %s\nwant %s", got, want)
	}
	var got []string
	for _, c := range h.Classes {
		got = append(got, c.Name+" "+strconv.Itoa(c.Count)+" "+c.String())
	}
	if want := []string{"A类 219 97.8%", "B类 2 0.9%", "C类 3 1.3%"}; h.Replies != 224 || !slices.Equal(got, want) {
		t.Errorf("replies %d, classes %v, want 224, %v", h.Replies, got, want)
	}
	got = got[:0]
	for _, l := range h.Levels {
		got = append(got, l.Name+" "+l.String())
	}
	if want := []string{"满意 95.5%", "基本满意 4.5%", "不满意 0.0%"}; h.Evaluations != 224 || !slices.Equal(got, want) {
		t.Errorf("evaluations %d, levels %v, want 224, %v", h.Evaluations, got, want)
	}
	if h.Replied.String() != "100.0%" || h.FaceToFace.String() != "50.0%" || h.Units != 35 || h.Split != 224 {
		t.Errorf("办复率 %s, 面商率 %s, units %d, 分办 %d", h.Replied, h.FaceToFace, h.Units, h.Split)
	}
}

func TestEmpty(t *testing.T) {
	for _, ps := range [][]proposal.Proposal{nil, {newP(1, proposal.Draft), newP(2, proposal.Withdrawn)}} {
		r := Compute(ps, testOptions())
		h, v := r.Handling, r.Review
		if r.Received != 0 || v.Accepted.Count != 0 || h.Assigned != 0 || h.Units != 0 || len(r.Units) != 0 || len(r.Key) != 0 {
			t.Errorf("not empty: %+v", r)
		}
		for name, s := range map[string]Share{"立案率": v.Accepted, "办复率": h.Replied, "面商率": h.FaceToFace,
			"A": h.Classes[0].Share, "满意": h.Levels[0].Share, "个人": r.Kinds[0].Received, "经济": r.Categories[0].Received} {
			if s.Valid() || s.String() != "—" || s.Tenths != 0 {
				t.Errorf("%s = %+v %s, want undefined", name, s, s)
			}
		}
		secs := r.Sections()
		text := sectionText(secs)
		for _, want := range []string{"第十一届第三次会议以来，未收到提案。", "暂无提案审查立案情况。", "暂无立案提案办理情况。", "未确定重点提案。"} {
			if !strings.Contains(text, want) {
				t.Errorf("text lacks %q:\n%s", want, text)
			}
		}
	}
}

func sectionText(secs []Section) string {
	var b strings.Builder
	for _, s := range secs {
		b.WriteString(s.Heading + "\n" + strings.Join(s.Paragraphs, "\n") + "\n")
	}
	return b.String()
}

// TestOrderIndependent checks that the report does not depend on the order
// of the proposals.
func TestOrderIndependent(t *testing.T) {
	ps := everyState()
	want := Compute(ps, testOptions())
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		rng.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
		if got := Compute(ps, testOptions()); !reflect.DeepEqual(got, want) {
			t.Fatalf("report changed with the order of proposals")
		}
	}
}

func TestOptions(t *testing.T) {
	tests := []struct {
		opts        Options
		title, text string
	}{
		{Options{Committee: "市政协", Term: "第十一届", Session: 3}, "关于市政协第十一届第三次会议以来提案工作情况的报告", "第十一届第三次会议以来"},
		{Options{Committee: "市政协", Year: 2026}, "关于市政协2026年度平时提案工作情况的报告", "2026年度"},
		{Options{Committee: "市政协"}, "关于市政协提案工作情况的报告", "本期"},
		{Options{Title: "示范市政协提案委员会关于十一届三次会议以来提案工作情况的报告", Session: 3, Term: "第十一届"},
			"示范市政协提案委员会关于十一届三次会议以来提案工作情况的报告", "第十一届第三次会议以来"},
	}
	for _, tt := range tests {
		r := Compute(nil, tt.opts)
		if r.Title != tt.title || r.Since != tt.text {
			t.Errorf("%+v: title %q since %q, want %q %q", tt.opts, r.Title, r.Since, tt.title, tt.text)
		}
	}
	// ClassD shows D even when unused; a D reply shows it anyway.
	if r := Compute(nil, Options{ClassD: true}); len(r.Handling.Classes) != 4 {
		t.Errorf("ClassD: %d classes", len(r.Handling.Classes))
	}
	ps := everyState()
	ps[12].Replies[0].Class = proposal.ClassD // proposal 13
	if r := Compute(ps, testOptions()); len(r.Handling.Classes) != 4 || r.Handling.Classes[3].Count != 1 {
		t.Errorf("D reply: %+v", r.Handling.Classes)
	}
	// No report time: nothing counts as overdue.
	o := testOptions()
	o.At = time.Time{}
	if r := Compute(everyState(), o); r.Handling.Overdue != 0 {
		t.Errorf("overdue without a report time: %d", r.Handling.Overdue)
	}
}
