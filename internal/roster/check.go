package roster

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"xieshang/internal/errs"
	"xieshang/internal/idcard"
)

// Length limits, as member.Validate has them.
const (
	maxNameRunes     = 32
	maxEmployerRunes = 100
)

// checker turns the cells of data rows into Rows and collects the problems.
type checker struct {
	lay                        layout
	parties, sectors, specials *matcher
	known                      Known
	date1904                   bool
	byID, byMobile             map[string]int // first line of each value
	problems                   []Problem
	full                       bool // MaxProblems reached
}

func newChecker(lay layout, lists Lists, known Known, date1904 bool) *checker {
	return &checker{
		lay:      lay,
		parties:  newMatcher("党派", lists.Parties, partyKey),
		sectors:  newMatcher("界别", lists.Sectors, sectorKey),
		specials: newMatcher("专委会", lists.SpecialCommittees, committeeKey),
		known:    known,
		date1904: date1904,
		byID:     map[string]int{},
		byMobile: map[string]int{},
	}
}

// add records a problem unless MaxProblems have been; the first one over
// the cap is replaced by a note saying so.
func (c *checker) add(line int, f field, format string, args ...any) {
	if c.full {
		return
	}
	if len(c.problems) == MaxProblems {
		c.full = true
		c.problems = append(c.problems, Problem{Message: fmt.Sprintf("问题超过%d条,以上仅列出前%d条;请先改正这些问题,再重新上传检查其余各行", MaxProblems, MaxProblems)})
		return
	}
	c.problems = append(c.problems, Problem{Line: line, Field: f.String(), Message: fmt.Sprintf(format, args...)})
}

// get returns the normalised cell of field f.
func (c *checker) get(cells []string, f field) string {
	if i := c.lay.col[f]; i >= 0 && i < len(cells) {
		return cells[i]
	}
	return ""
}

// row reads and checks sheet row line, whose cells are normalised. It
// returns false for a row with no value in any known column.
func (c *checker) row(line int, cells []string) (Row, bool) {
	var v [numFields]string
	blank := true
	for f := range numFields {
		v[f] = c.get(cells, f)
		blank = blank && v[f] == ""
	}
	if blank {
		return Row{}, false
	}
	r := Row{Line: line}
	for _, f := range requiredFields {
		if v[f] == "" {
			c.add(line, f, "%s不能为空", f)
		}
	}

	r.Name = cleanName(v[fName])
	if utf8.RuneCountInString(r.Name) > maxNameRunes {
		c.add(line, fName, "姓名不能超过 %d 个字", maxNameRunes)
	}

	r.Gender = v[fGender]
	if r.Gender != "" && r.Gender != "男" && r.Gender != "女" {
		c.add(line, fGender, "性别应填“男”或“女”,不能填“%s”", r.Gender)
	}

	if v[fEthnicity] != "" {
		var ok bool
		if r.Ethnicity, ok = ethnicity(v[fEthnicity]); !ok {
			c.add(line, fEthnicity, "民族“%s”无法识别,请填写如“汉族”的民族名称", v[fEthnicity])
		}
	}

	if v[fBirth] != "" {
		var ok bool
		if r.BirthYear, r.BirthMonth, r.BirthDay, ok = parseDate(v[fBirth], c.date1904); !ok {
			c.add(line, fBirth, "出生年月“%s”无法识别,请写成 1965.03 或 1965-03-08 的形式", v[fBirth])
		}
	}

	if v[fParty] != "" {
		var ok bool
		if r.Party, ok = c.parties.match(v[fParty]); !ok {
			r.Party = v[fParty]
			c.add(line, fParty, "%s", c.parties.unknown(v[fParty]))
		}
	}

	if v[fSector] != "" {
		var ok bool
		if r.Sector, ok = c.sectors.match(v[fSector]); !ok {
			r.Sector = v[fSector]
			c.add(line, fSector, "%s", c.sectors.unknown(v[fSector]))
		}
	}

	for _, s := range splitList(v[fSpecial]) {
		name, ok := c.specials.match(s)
		if !ok {
			c.add(line, fSpecial, "%s", c.specials.unknown(s))
			name = s
		}
		if !contains(r.SpecialCommittees, name) {
			r.SpecialCommittees = append(r.SpecialCommittees, name)
		}
	}

	r.EmployerTitle = v[fEmployerTitle]
	if c.lay.col[fEmployerTitle] < 0 {
		r.EmployerTitle = v[fEmployer] + v[fTitle]
	}
	if utf8.RuneCountInString(r.EmployerTitle) > maxEmployerRunes {
		c.add(line, fEmployerTitle, "工作单位及职务不能超过 %d 个字", maxEmployerRunes)
	}

	var ok bool
	if r.Standing, ok = parseStanding(v[fStanding]); !ok {
		c.add(line, fStanding, "是否常委应填“是”或“否”,不能填“%s”", v[fStanding])
	}

	c.checkID(&r, v[fID], v[fBirth])
	c.checkMobile(&r, v[fMobile])
	return r, true
}

// checkID validates the ID number, its agreement with the birth date and
// gender columns, and its uniqueness in the file.
func (c *checker) checkID(r *Row, cell, birthCell string) {
	if cell == "" {
		return
	}
	id, lost := cleanID(cell)
	r.IDNumber = id
	if lost {
		c.add(r.Line, fID, "身份证号“%s”被存成了数字,末几位已丢失;请把该列设为文本格式后重新填写", cell)
		return
	}
	if first, dup := c.byID[id]; dup {
		c.add(r.Line, fID, "身份证号与第%d行重复", first)
	} else {
		c.byID[id] = r.Line
	}
	info, err := idcard.Parse("id_number", id)
	if err != nil {
		c.add(r.Line, fID, "%s", errs.Message(err))
		return
	}
	y, m, d := info.Birth.Date()
	if r.BirthYear != 0 && (r.BirthYear != y || r.BirthMonth != int(m) || r.BirthDay != 0 && r.BirthDay != d) {
		what, idSays := "出生年月", formatDate(y, int(m), 0)
		if r.BirthDay != 0 {
			what, idSays = "出生日期", formatDate(y, int(m), d)
		}
		hint := ""
		if int(m) == 10 && r.BirthMonth == 1 && strings.HasSuffix(birthCell, ".1") {
			hint = fmt.Sprintf(";如为10月,请把该列设为文本格式并填写 %d.10", r.BirthYear)
		}
		c.add(r.Line, fBirth, "%s与身份证号不一致:表中为%s,身份证号中为%s%s", what,
			formatDate(r.BirthYear, r.BirthMonth, r.BirthDay), idSays, hint)
	}
	idGender := "女"
	if info.Male {
		idGender = "男"
	}
	if (r.Gender == "男" || r.Gender == "女") && r.Gender != idGender {
		c.add(r.Line, fGender, "性别与身份证号不一致:表中为%s,身份证号中为%s", r.Gender, idGender)
	}
}

// checkMobile validates the mobile, its uniqueness in the file and among
// the members already stored.
func (c *checker) checkMobile(r *Row, cell string) {
	if cell == "" {
		return
	}
	r.Mobile = parseMobile(cell)
	if !validMobile(r.Mobile) {
		c.add(r.Line, fMobile, "手机号码“%s”格式不正确,应为 11 位数字,以 1 开头", cell)
		return
	}
	if first, dup := c.byMobile[r.Mobile]; dup {
		c.add(r.Line, fMobile, "手机号码与第%d行重复", first)
		return
	}
	c.byMobile[r.Mobile] = r.Line
	if c.known == nil {
		return
	}
	if owner, ok := c.known.MobileOwner(r.Mobile); ok && !strings.EqualFold(owner, r.IDNumber) {
		c.add(r.Line, fMobile, "手机号码%s已登记在另一位委员名下", r.Mobile)
	}
}
