package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/workday"
)

// calendarData is one year of the committee's working-day calendar.
type calendarData struct {
	Year    workday.YearDays
	CanEdit bool
	Years   []int // the years to switch to
}

// calendar shows a year's holidays and make-up workdays; office staff edit
// them as lines of text ("2027-02-05 休 春节", "2027-01-31 班").
func (s *Server) calendar(w http.ResponseWriter, r *http.Request) {
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	flash := ""
	if r.URL.Query().Get("done") != "" {
		flash = "工作日历已保存。"
	}
	s.calendarPage(w, r, year, flash, nil, nil)
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request, year int, flash string, form url.Values, formErr error) {
	a := actor(r)
	now := time.Now().In(workday.CST)
	if year == 0 {
		year = now.Year()
	}
	p := &Page{Title: "工作日历", Flash: flash, Form: form}
	y, err := s.calendars.Year(r.Context(), a, year)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	d := calendarData{Year: y, CanEdit: authz.Can(a, authz.EditOrg, authz.Object{CommitteeID: a.CommitteeID})}
	for v := now.Year() - 1; v <= now.Year()+1; v++ {
		d.Years = append(d.Years, v)
	}
	if p.Form == nil {
		p.Form = url.Values{"days": {workday.FormatLines(y.Days)}}
	}
	view := calendarView(p, d)
	if formErr != nil {
		s.fail(w, r, view, p, formErr)
		return
	}
	s.render(w, r, http.StatusOK, view, p)
}

// saveCalendar replaces a year's overrides with the lines sent.
func (s *Server) saveCalendar(w http.ResponseWriter, r *http.Request) {
	year, _ := strconv.Atoi(r.PathValue("year"))
	days, err := workday.ParseLines(r.PostFormValue("days"))
	if err == nil {
		err = s.calendars.SetYear(r.Context(), actor(r), year, days)
	}
	if err != nil {
		s.calendarPage(w, r, year, "", url.Values{"days": {r.PostFormValue("days")}}, err)
		return
	}
	http.Redirect(w, r, "/calendar?year="+strconv.Itoa(year)+"&done=1", http.StatusSeeOther)
}
